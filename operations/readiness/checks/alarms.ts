/**
 * `alarms`: the pair's probes, alarms and topics exist and are enabled in both regions, and every
 * subscription of the topics is confirmed. The guide (seed 000, "Perform a Failover") says Oracle
 * Integration itself tells nobody that an instance failed and points to OCI's alarms instead:
 * without them nobody learns the primary is gone.
 *
 * "The pair's" are found as DrAlarms names them (components/drAlarms/drAlarms.ts, names from
 * components/support/naming.ts), in the instance's compartment (DrPairedIntegration gives DrAlarms
 * its own compartmentId and the instance's displayName):
 * - topics: `<prefix>-<displayName>-dr-<region key>` (ociName.topic; the prefix, `<project>-<stack>`
 *   by default, is not known here, so any prefix matches), one per region;
 * - probes: `<displayName>-<watched region key>-from-<probe region key>` (ociName.probe), run in the
 *   probe region, watching the other: each region holds the probe of its partner;
 * - alarms: display names starting with `<displayName> ` ("<displayName> unreachable in <region>",
 *   custom ones "<displayName> <name> (<region>)").
 * Each region must hold its topic (ACTIVE, with at least one subscription, every one ACTIVE: a
 * subscription stays PENDING until its endpoint confirms it,
 * https://docs.cloud.oracle.com/iaas/Content/Notification/Tasks/get-confirm-subscription.htm), a
 * probe of the partner (enabled) and at least one alarm (every one enabled and ACTIVE). Roles swap
 * on a failover, so both regions are held to it: a pair whose standby is not probed
 * (DrAlarms probe.watchStandby false) fails here, since after a failover its new primary is unwatched.
 *
 * Read per region, both at once: ListTopics and ListSubscriptions (oci-ons lib/client.js:492, :1223),
 * ListAlarms (oci-monitoring lib/client.js:905), ListHttpMonitors and ListPingMonitors
 * (oci-healthchecks lib/client.js:973, :1199).
 */
import type * as healthchecks from "oci-healthchecks";
import type * as monitoring from "oci-monitoring";
import type * as ons from "oci-ons";
import { ociName } from "../../../components/support/ociNames";
import { drGuideSection } from "../../../facts/factSource";
import { partnerRegion } from "../../../facts/regions";
import { allAnswered, notRun, type ReadinessCheck, type ReadinessContext } from "../model";
import { allPages, pairRegions, readIn } from "./ociReads";

const SOURCE = drGuideSection("Perform a Failover");

/** What one region holds of the pair's alerting, and what is wrong with it. */
async function readRegion(context: ReadinessContext, region: string, partner: string, compartmentId: string, displayName: string): Promise<{ found: string; problems: string[] }> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { NotificationControlPlaneClient, NotificationDataPlaneClient } = require("oci-ons") as typeof ons;
    const { MonitoringClient } = require("oci-monitoring") as typeof monitoring;
    const { HealthChecksClient } = require("oci-healthchecks") as typeof healthchecks;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const topicSuffix = ociName.topic("", displayName, region);
    const probeName = ociName.probe(displayName, partner, region);
    const [topics, alarms, httpMonitors, pingMonitors] = await allAnswered([
        readIn(context, region, NotificationControlPlaneClient, "ListTopics", (client, retryConfiguration) => allPages((page) => client.listTopics({ compartmentId, page, retryConfiguration }))),
        readIn(context, region, MonitoringClient, "ListAlarms", (client, retryConfiguration) => allPages((page) => client.listAlarms({ compartmentId, page, retryConfiguration }))),
        readIn(context, region, HealthChecksClient, "ListHttpMonitors", (client, retryConfiguration) => allPages((page) => client.listHttpMonitors({ compartmentId, page, retryConfiguration }))),
        readIn(context, region, HealthChecksClient, "ListPingMonitors", (client, retryConfiguration) => allPages((page) => client.listPingMonitors({ compartmentId, page, retryConfiguration }))),
    ]);
    const ours = topics.filter((t) => t.name.endsWith(topicSuffix));
    const subscriptions = await allAnswered(
        ours.map((topic) =>
            readIn(context, region, NotificationDataPlaneClient, "ListSubscriptions", (client, retryConfiguration) =>
                allPages((page) => client.listSubscriptions({ compartmentId, topicId: topic.topicId, page, retryConfiguration })),
            ),
        ),
    );
    const pairAlarms = alarms.filter((a) => a.displayName.startsWith(`${displayName} `));
    const probes = [...httpMonitors, ...pingMonitors].filter((m) => m.displayName === probeName);

    const problems: string[] = [];
    if (ours.length === 0) problems.push(`no topic named *${topicSuffix}`);
    ours.forEach((topic, i) => {
        if (topic.lifecycleState !== "ACTIVE") problems.push(`topic ${topic.name} is ${topic.lifecycleState}`);
        const subs = subscriptions[i]!;
        if (subs.length === 0) problems.push(`topic ${topic.name} has no subscription`);
        const unconfirmed = subs.filter((s) => s.lifecycleState !== "ACTIVE");
        if (unconfirmed.length > 0) problems.push(`${unconfirmed.length} subscription(s) of ${topic.name} not confirmed (${unconfirmed.map((s) => `${s.protocol} ${s.lifecycleState}`).join(", ")})`);
    });
    if (probes.length === 0) problems.push(`no probe ${probeName} (watching ${partner})`);
    for (const probe of probes.filter((p) => p.isEnabled !== true)) problems.push(`probe ${probe.displayName} is disabled`);
    if (pairAlarms.length === 0) problems.push(`no alarm named "${displayName} ..."`);
    for (const alarm of pairAlarms.filter((a) => !a.isEnabled || a.lifecycleState !== "ACTIVE")) {
        problems.push(`alarm "${alarm.displayName}" is ${alarm.isEnabled ? "" : "disabled and "}${alarm.lifecycleState}`);
    }
    const subscriptionCount = subscriptions.reduce((n, s) => n + s.length, 0);
    return { found: `${region}: ${ours.length} topic(s), ${subscriptionCount} subscription(s), ${probes.length} probe(s), ${pairAlarms.length} alarm(s)`, problems: problems.map((p) => `${region}: ${p}`) };
}

export const alarms: ReadinessCheck = {
    id: "alarms",
    title: "The pair's probes, alarms and topics in both regions, enabled, every subscription confirmed",
    mandatory: true,
    source: { title: `${SOURCE.title}: ${SOURCE.section}`, url: SOURCE.url },
    async run(context) {
        const regions = pairRegions(context, (region) => partnerRegion(region)?.identifier);
        if (regions.length < 2) return notRun("the pair's second region is not known");
        const instance = context.sides.find((s) => s.instance)?.instance;
        if (!instance) return notRun("neither instance could be read: their compartment and display name are not known");
        const [a, b] = await allAnswered([
            readRegion(context, regions[0]!, regions[1]!, instance.compartmentId, instance.displayName),
            readRegion(context, regions[1]!, regions[0]!, instance.compartmentId, instance.displayName),
        ]);
        const shown = `${a!.found}; ${b!.found}`;
        const problems = [...a!.problems, ...b!.problems];
        return problems.length === 0
            ? { status: "PASS", found: shown, todo: null }
            : {
                  status: "FAIL",
                  found: `${shown}. ${problems.join("; ")}`,
                  todo: "declare DrAlarms (DrPairedIntegration's alarms) in both regions, enable its probes and alarms, and confirm every subscription (each endpoint gets a confirmation link)",
              };
    },
};
