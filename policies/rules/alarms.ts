/** The watch on each DR-enabled instance from its partner region: probe, alarm, subscribed topic. */
import type { PolicyResource } from "@pulumi/policy";
import { OCI_TYPES } from "../../facts/drSupport";
import { stackPolicy, type Finding, UNKNOWN, type ValueReads } from "../framework";
import { dependenciesOf, isDrInstance, label, partnerOf, regionOf, regionState } from "./inspect";

/** True when `resource`s `property` was computed from `source` (the engine records that as a property dependency). */
const refersTo = (resource: PolicyResource, property: string, source: PolicyResource) =>
    dependenciesOf(resource, property).some((d) => d.urn === source.urn);

/** What watches from one region: its probes, and for each probe the enabled alarms on it that page a subscribed topic. */
interface RegionWatch {
    readonly monitors: PolicyResource[];
    readonly pagingAlarmsByMonitor: Map<string, PolicyResource[]>;
}

/**
 * The watching resources of each region, indexed once per stack check: the check then costs a few
 * lookups per instance instead of scans of the whole stack (a 500-pair stack has 14,000 resources).
 */
function watchByRegion(watching: readonly PolicyResource[], reads: ValueReads): Map<string, RegionWatch> {
    const byRegionAndType = new Map<string, Map<string, PolicyResource[]>>();
    for (const r of watching) {
        const region = regionOf(r, reads);
        if (!region) continue;
        const byType = byRegionAndType.get(region) ?? new Map<string, PolicyResource[]>();
        byRegionAndType.set(region, byType);
        byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
    }
    const watches = new Map<string, RegionWatch>();
    for (const [region, byType] of byRegionAndType) {
        const of = (type: string) => byType.get(type) ?? [];
        const topics = new Set(of(OCI_TYPES.topic).map((t) => t.urn));
        // A topic pages someone when a subscription of the same region was made on it.
        const subscribed = new Set(of(OCI_TYPES.subscription).flatMap((s) => dependenciesOf(s, "topicId").map((d) => d.urn)).filter((urn) => topics.has(urn)));
        const monitors = [...of(OCI_TYPES.pingMonitor), ...of(OCI_TYPES.httpMonitor)];
        const monitorUrns = new Set(monitors.map((m) => m.urn));
        const pagingAlarmsByMonitor = new Map<string, PolicyResource[]>();
        for (const alarm of of(OCI_TYPES.alarm)) {
            if (reads.peek(() => alarm.props.isEnabled) === false) continue;
            if (!dependenciesOf(alarm, "destinations").some((d) => subscribed.has(d.urn))) continue;
            for (const { urn } of dependenciesOf(alarm, "query")) {
                if (monitorUrns.has(urn)) pagingAlarmsByMonitor.set(urn, [...(pagingAlarmsByMonitor.get(urn) ?? []), alarm]);
            }
        }
        watches.set(region, { monitors, pagingAlarmsByMonitor });
    }
    return watches;
}

export const failoverAlarm = stackPolicy({
    name: "oic-dr-failover-alarm",
    description: "Each DR-enabled instance should be watched from its partner region: a probe, an alarm on it, and a topic with a subscription.",
    enforcementLevel: "advisory",
    findings: ["notWatchedFromPartnerRegion"],
    remediationSteps: "Probe the instance's regional URL from the partner region with an alarm to a subscribed topic there (DrAlarms does this): an alarm in the failed region cannot fire.",
    check: (resources, _config, reads) => {
        const instances = resources.filter((r) => isDrInstance(r, reads)).flatMap((instance) => {
            const partner = partnerOf(instance, reads);
            return partner ? [{ instance, partner }] : [];
        });
        if (instances.length === 0) return [];
        const watchTypes = new Set<string>([OCI_TYPES.pingMonitor, OCI_TYPES.httpMonitor, OCI_TYPES.alarm, OCI_TYPES.topic, OCI_TYPES.subscription]);
        const watching = resources.filter((r) => watchTypes.has(r.type));
        // A watching resource whose region is unknown during preview might be in the partner region.
        if (watching.some((r) => regionState(r, reads) === UNKNOWN)) return [];
        const watches = watchByRegion(watching, reads);
        const findings: Finding[] = [];
        for (const { instance, partner } of instances) {
            const watch = watches.get(partner);
            const watched = watch?.monitors.some((monitor) => refersTo(monitor, "targets", instance) && watch.pagingAlarmsByMonitor.has(monitor.urn));
            if (!watched) {
                findings.push({
                    resource: instance,
                    message: `${label(instance)} is not watched from ${partner}: add a probe of its regional host in ${partner}, an alarm on it and a topic with a subscription there, so the loss of ${regionOf(instance, reads)} is noticed.`,
                });
            }
        }
        return findings;
    },
});
