/**
 * The oic-dr policies: what Oracle-managed disaster recovery does not support, and what a DR
 * deployment needs to be operable. They inspect raw `@pulumi/oci` resources, so they guard any
 * program, not only those built with the oic-dr components.
 *
 * One constant per policy; IDs are stable (suppressions and waivers refer to them). The facts
 * (pairs, editions, shape, type tokens) come from the same modules the components use.
 */
import type { PolicyResource, Policies } from "@pulumi/policy";
import { z } from "zod";
import { DR_SHAPE, DR_SUPPORTED_INSTANCE_TYPES, DR_UNSUPPORTED_INSTANCE_FIELDS as UNSUPPORTED, OCI_TYPES } from "../facts/drSupport";
import { drRegionIdentifiers, isDrRegion, pairOf } from "../facts/regions";
import {
    dependenciesOf,
    isDrInstance,
    partnerOf,
    regionOf,
    regionState,
    regionValueOf,
    resourcePolicy,
    show,
    stackPolicy,
    type Finding,
    type Found,
    type InspectedResource,
    UNKNOWN,
    type ValueReads,
} from "./framework";
import { apiAdvice, apiConstraints } from "./rules/apiPolicies";
import { agentGroupSize } from "./rules/agentGroupSize";

export { AGENT_WORKLOAD_TYPES, agentGroupSize } from "./rules/agentGroupSize";

export const POLICY_PACK_NAME = "oic-dr";


const INSTANCE = [OCI_TYPES.integrationInstance];
const label = (r: { name: string }) => `Integration instance "${r.name}"`;
/** Resource checks run only on DR-enabled instances; the flag itself may be unknown (the engine then reports that). */
const drEnabled = (r: InspectedResource) => r.props.isDisasterRecoveryEnabled === true;

export const supportedEdition = resourcePolicy({
    name: "oic-dr-supported-edition",
    description: "A DR-enabled Oracle Integration instance must be Enterprise (ENTERPRISEX) or Healthcare (HEALTHCARE).",
    enforcementLevel: "mandatory",
    findings: ["integrationInstanceType"],
    remediationSteps: `Set integrationInstanceType to one of ${DR_SUPPORTED_INSTANCE_TYPES.join(", ")}, or create the instance without DR.`,
    types: INSTANCE,
    check: (r) => {
        if (!drEnabled(r)) return undefined;
        const type = r.props.integrationInstanceType;
        // Absent, it is the provider's to reject (the argument is required); only a known value is judged.
        return type === undefined || DR_SUPPORTED_INSTANCE_TYPES.includes(type)
            ? undefined
            : `${label(r)} has integrationInstanceType ${show(type)}, which Oracle-managed DR does not support; use ${DR_SUPPORTED_INSTANCE_TYPES.join(" or ")} (Standard edition and Gen 2 types have no DR).`;
    },
});

export const productionShape = resourcePolicy({
    name: "oic-dr-production-shape",
    description: "A DR-enabled Oracle Integration instance must have the PRODUCTION shape.",
    enforcementLevel: "mandatory",
    findings: ["shape"],
    remediationSteps: `Set shape to ${DR_SHAPE} (or leave it unset, which means ${DR_SHAPE}).`,
    types: INSTANCE,
    check: (r) => {
        if (!drEnabled(r)) return undefined;
        const shape = r.props.shape;
        return shape === undefined || shape === DR_SHAPE
            ? undefined
            : `${label(r)} has shape ${show(shape)}; Oracle-managed DR only runs the ${DR_SHAPE} shape (DEVELOPMENT is rejected). Set shape to ${DR_SHAPE}.`;
    },
});

export const noNetworkAcl = resourcePolicy({
    name: "oic-dr-no-network-acl",
    description: "A DR-enabled Oracle Integration instance must not restrict network access (networkEndpointDetails).",
    enforcementLevel: "mandatory",
    findings: ["networkEndpointDetails"],
    remediationSteps: `Remove networkEndpointDetails; ${UNSUPPORTED.networkEndpointDetails.instead} instead.`,
    types: INSTANCE,
    check: (r) =>
        drEnabled(r) && r.props.networkEndpointDetails != null
            ? `${label(r)} sets networkEndpointDetails (${UNSUPPORTED.networkEndpointDetails.feature}), which DR-enabled instances do not support. Remove it.`
            : undefined,
});

export const noUnsupportedFeatures = resourcePolicy({
    name: "oic-dr-no-unsupported-features",
    description: "A DR-enabled Oracle Integration instance must not enable Visual Builder or Process Automation.",
    enforcementLevel: "mandatory",
    findings: ["isVisualBuilderEnabled", "enableProcessAutomationTrigger"],
    remediationSteps: "Set isVisualBuilderEnabled to false and remove enableProcessAutomationTrigger; run those features on a separate, non-DR instance.",
    types: INSTANCE,
    check: (r) => {
        if (!drEnabled(r)) return undefined;
        const problems: Found[] = [];
        if (r.props.isVisualBuilderEnabled === true) {
            problems.push({
                finding: "isVisualBuilderEnabled",
                message: `${label(r)} enables ${UNSUPPORTED.isVisualBuilderEnabled.feature}, which is not available on DR instances. Set isVisualBuilderEnabled to false.`,
            });
        }
        const trigger = r.props.enableProcessAutomationTrigger;
        if (typeof trigger === "number" && trigger > 0) {
            problems.push({
                finding: "enableProcessAutomationTrigger",
                message: `${label(r)} enables ${UNSUPPORTED.enableProcessAutomationTrigger.feature} (enableProcessAutomationTrigger), which DR does not support. Remove the trigger.`,
            });
        }
        return problems;
    },
});

export const pairedRegion = resourcePolicy({
    name: "oic-dr-paired-region",
    description: "A DR-enabled Oracle Integration instance must live in a region of an Oracle-managed DR pair.",
    enforcementLevel: "mandatory",
    findings: ["region"],
    remediationSteps: `Create the instance with a provider for one of: ${drRegionIdentifiers.join(", ")}.`,
    types: INSTANCE,
    check: (r, _config, notApplicable) => {
        if (!drEnabled(r)) return undefined;
        // An unknown region throws here: the engine then reports the policy as not run during preview.
        const region = regionValueOf(r);
        if (typeof region !== "string" || region === "") {
            return notApplicable("the instance's provider names no region (the OCI config file decides it)");
        }
        return isDrRegion(region)
            ? undefined
            : `${label(r)} is in ${region}, which has no Oracle-managed DR pair. Use one of: ${drRegionIdentifiers.join(", ")}.`;
    },
});

export const protectedInstance = resourcePolicy({
    name: "oic-dr-protected-instance",
    description: "A DR-enabled Oracle Integration instance should be protected: deleting the primary deletes the standby too.",
    enforcementLevel: "advisory",
    findings: ["protect"],
    remediationSteps: "Set the protect resource option on the instance (DrPairedIntegration does so by default).",
    types: INSTANCE,
    check: (r) =>
        drEnabled(r) && !r.opts.protect
            ? `${label(r)} is not protected; deleting it deletes its standby in the partner region as well. Set protect: true.`
            : undefined,
});

export const drEnabledPolicy = resourcePolicy({
    name: "oic-dr-enabled",
    description: "An Oracle Integration instance in a stack under this pack should have Oracle-managed DR enabled.",
    enforcementLevel: "advisory",
    findings: ["isDisasterRecoveryEnabled"],
    remediationSteps: "Create the instance with isDisasterRecoveryEnabled: true (it can only be set at creation), or waive this policy for it.",
    types: INSTANCE,
    check: (r) =>
        r.props.isDisasterRecoveryEnabled === true
            ? undefined
            : `${label(r)} has Oracle-managed DR off; it will not survive the loss of its region. DR can only be enabled when the instance is created.`,
});

/** The DR-enabled instance a resource points at through `property` (by dependency, or by a known OCID). */
function targetInstance(resource: PolicyResource, property: string, resources: readonly PolicyResource[], reads: ValueReads): PolicyResource | undefined {
    const byDependency = dependenciesOf(resource, property).find((d) => d.type === OCI_TYPES.integrationInstance);
    if (byDependency) return byDependency;
    const id = reads.peek(() => resource.props[property]);
    return typeof id === "string" ? resources.find((r) => r.type === OCI_TYPES.integrationInstance && reads.peek(() => r.props.id) === id) : undefined;
}

export const noPrivateEndpoint = stackPolicy({
    name: "oic-dr-no-private-endpoint",
    description: "A DR-enabled Oracle Integration instance must not have a private endpoint (PrivateEndpointOutboundConnection).",
    enforcementLevel: "mandatory",
    findings: ["privateEndpointOutboundConnection"],
    remediationSteps: "Remove the PrivateEndpointOutboundConnection; reach private systems through a connectivity agent instead.",
    check: (resources, _config, reads) =>
        resources
            .filter((r) => r.type === OCI_TYPES.privateEndpointOutboundConnection)
            .flatMap((endpoint): Finding[] => {
                const instance = targetInstance(endpoint, "integrationInstanceId", resources, reads);
                return instance && isDrInstance(instance, reads)
                    ? [{ resource: endpoint, message: `Private endpoint "${endpoint.name}" is attached to DR-enabled ${label(instance).toLowerCase()}, which DR does not support. Remove it and use a connectivity agent for private systems.` }]
                    : [];
            }),
});

export const noCustomEndpoint = stackPolicy({
    name: "oic-dr-no-custom-endpoint",
    description: "A DR-enabled Oracle Integration instance must not use custom endpoints (customEndpoint, alternateCustomEndpoints, OracleManagedCustomEndpoint).",
    enforcementLevel: "mandatory",
    findings: ["customEndpoint", "alternateCustomEndpoints", "oracleManagedCustomEndpoint"],
    remediationSteps: "Remove the custom endpoints; clients use the instance's global (regionless) URL, which follows failovers.",
    check: (resources, _config, reads) => {
        const findings: Finding[] = [];
        for (const r of resources.filter((candidate) => isDrInstance(candidate, reads))) {
            const custom = reads.peek(() => r.props.customEndpoint);
            const alternates = reads.peek(() => r.props.alternateCustomEndpoints);
            if (custom != null && typeof custom === "object" && Object.keys(custom).length > 0) {
                findings.push({ resource: r, finding: "customEndpoint", message: `${label(r)} sets customEndpoint, which DR-enabled instances do not support. Remove it; the global URL follows failovers.` });
            }
            if (Array.isArray(alternates) && alternates.length > 0) {
                findings.push({ resource: r, finding: "alternateCustomEndpoints", message: `${label(r)} sets alternateCustomEndpoints, which DR-enabled instances do not support. Remove them.` });
            }
        }
        for (const endpoint of resources.filter((r) => r.type === OCI_TYPES.oracleManagedCustomEndpoint)) {
            const instance = targetInstance(endpoint, "integrationInstanceId", resources, reads);
            if (instance && isDrInstance(instance, reads)) {
                findings.push({ resource: endpoint, finding: "oracleManagedCustomEndpoint", message: `Oracle-managed custom endpoint "${endpoint.name}" is attached to DR-enabled ${label(instance).toLowerCase()}, which DR does not support. Remove it.` });
            }
        }
        return findings;
    },
});

/** Regions of the pairs that hold a DR-enabled instance of the stack. */
function regionsOfUsedPairs(resources: readonly PolicyResource[], reads: ValueReads): Set<string> {
    const regions = new Set<string>();
    for (const instance of resources.filter((r) => isDrInstance(r, reads))) {
        const region = regionOf(instance, reads);
        for (const r of (region && pairOf(region)?.regions) || []) regions.add(r.identifier);
    }
    return regions;
}

export const sendersInBothRegions = stackPolicy({
    name: "oic-dr-senders-in-both-regions",
    description: "Every approved email sender in one region of a DR pair the stack uses must also exist in the partner region.",
    enforcementLevel: "mandatory",
    findings: ["senderMissingInPartnerRegion"],
    remediationSteps: "Declare each oci.email.Sender in both regions of the pair (EmailDelivery does), so mail still flows after a failover.",
    check: (resources, _config, reads) => {
        const pairRegions = regionsOfUsedPairs(resources, reads);
        const senders = resources
            .filter((r) => r.type === OCI_TYPES.sender)
            .map((r) => {
                const address = reads.read(() => r.props.emailAddress);
                return { resource: r, region: regionState(r, reads), address: typeof address === "string" ? address.toLowerCase() : address };
            });
        // A sender whose address or region is unknown during preview might be the missing one:
        // such a pair is not judged, so an unknown value never yields a violation.
        const uncertain = senders.filter((s) => s.address === UNKNOWN || s.region === UNKNOWN);
        const mightBe = (address: string, region: string) =>
            uncertain.some(
                (s) =>
                    (s.address === UNKNOWN || s.address === address) &&
                    (s.region === UNKNOWN || s.region === region) &&
                    (s.address === UNKNOWN || s.region === UNKNOWN),
            );
        const present = new Set(senders.map((s) => `${String(s.region)}|${String(s.address)}`));
        return senders.flatMap((s): Finding[] => {
            if (typeof s.address !== "string" || typeof s.region !== "string" || !pairRegions.has(s.region)) return [];
            const partner = partnerOf(s.resource, reads)!;
            if (present.has(`${partner}|${s.address}`) || mightBe(s.address, partner)) return [];
            const shown = reads.peek(() => s.resource.props.emailAddress) as string;
            return [{ resource: s.resource, message: `Approved sender ${shown} exists in ${s.region} but not in ${partner}; after a failover to ${partner} its mail is rejected. Approve it in ${partner} too.` }];
        });
    },
});

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

export const identityDomainReplicated = stackPolicy({
    name: "oic-dr-identity-domain-replicated",
    description: "An instance on a named identity domain should have that domain replicated to its partner region.",
    enforcementLevel: "advisory",
    findings: ["domainNotReplicated"],
    remediationSteps: "Add an oci.identity.DomainReplicationToRegion of the domain to the partner region (IdentityDomainReplication does), or list the Default domain in defaultDomainIds.",
    config: {
        /** OCIDs of Default domains: they replicate on their own. */
        defaultDomainIds: z.array(z.string()).default([]),
    },
    check: (resources, config, reads) => {
        const findings: Finding[] = [];
        let replications: Array<{ domainId: unknown; replicaRegion: unknown }> | undefined;
        for (const instance of resources.filter((r) => isDrInstance(r, reads))) {
            const domainId = reads.peek(() => instance.props.domainId);
            const partner = partnerOf(instance, reads);
            if (typeof domainId !== "string" || !partner || config.defaultDomainIds.includes(domainId)) continue;
            // Read once per check, not per instance.
            replications ??= resources
                .filter((r) => r.type === OCI_TYPES.domainReplication)
                .map((r) => ({ domainId: reads.read(() => r.props.domainId), replicaRegion: reads.read(() => r.props.replicaRegion) }));
            const matches = (value: unknown, wanted: string) => value === UNKNOWN || value === wanted;
            // A replication whose domain or region is unknown during preview might be the one.
            const replicated = replications.some((r) => matches(r.domainId, domainId) && matches(r.replicaRegion, partner));
            if (!replicated) {
                findings.push({
                    resource: instance,
                    message: `${label(instance)} uses identity domain ${domainId}, which is not replicated to ${partner}; the standby cannot be created there. Replicate the domain (or list it in defaultDomainIds if it is the Default domain).`,
                });
            }
        }
        return findings;
    },
});

/** The pack, in the order the engine reports them. */
export const policies = [
    supportedEdition,
    productionShape,
    noNetworkAcl,
    noPrivateEndpoint,
    noCustomEndpoint,
    pairedRegion,
    noUnsupportedFeatures,
    sendersInBothRegions,
    failoverAlarm,
    identityDomainReplicated,
    protectedInstance,
    drEnabledPolicy,
    agentGroupSize,
    apiConstraints,
    apiAdvice,
] satisfies Policies;

/** The name of an oic-dr policy, as the engine, `--policy-pack-config` and waivers know it. */
export type OicDrPolicyName = (typeof policies)[number]["name"];
