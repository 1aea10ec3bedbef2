/**
 * `DrAlarms`: notification topics, cross-region probes and alarms for a DR pair.
 *
 * Oracle Integration sends no notification when an instance fails, and an alarm in the failed
 * region cannot fire. So each instance's regional endpoint is probed from the OTHER region, and
 * the alarm on that probe lives there too, next to a topic of that region: losing the primary's
 * region is noticed from the region that survives, where the failover is started.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import {
    alarmSettingsSchema,
    parseWith,
    SECRET_ENDPOINT_PROTOCOLS,
    type AlarmSettings,
    type AlarmSettingsInput,
    type CustomAlarm,
} from "./config";
import { requirePairRegions, resolvePairSides, type PairedComponentArgs, type PairSide } from "./providers";

export const DR_ALARMS_TYPE = "oic-dr:index:DrAlarms";

/** Health Checks metrics: `HTTP.isHealthy` is 1 for a passing probe and 0 for a failing one. */
export const HEALTH_CHECKS_NAMESPACE = "oci_healthchecks";
export const HEALTH_METRIC = "HTTP.isHealthy";

/** Defaults for alarms that signal a lost region: page at once, repeat while it lasts. */
export const ALARM_DEFAULTS = { severity: "CRITICAL", pendingDuration: "PT5M", repeatNotificationDuration: "PT30M" } as const;

export interface DrAlarmsArgs extends PairedComponentArgs {
    readonly compartmentId: string;
    /** Prefix of topic and alarm names (the instance's display name fits). */
    readonly displayName: string;
    /** Regional URL of the instance in each region; each one is probed from the other region. */
    readonly regionalUrls: {
        readonly primary?: pulumi.Input<string | undefined>;
        readonly secondary?: pulumi.Input<string | undefined>;
    };
    readonly settings?: AlarmSettingsInput;
    readonly freeformTags?: Record<string, string>;
}

/** One probe, the region it runs in and the alarm on it. */
export interface CrossRegionWatch {
    readonly watchedRegion: string;
    readonly probeRegion: string;
    readonly monitor: oci.healthchecks.HttpMonitor;
    readonly alarm: oci.monitoring.Alarm;
}

/** MQL that fires when the share of healthy probes of one monitor falls below the threshold. */
export function probeAlarmQuery(monitorId: string, healthyBelow: number): string {
    return `${HEALTH_METRIC}[1m]{resourceId = "${monitorId}"}.mean() < ${healthyBelow}`;
}

/** The alarm body: what happened, what it likely means and where the runbook is. */
export function unreachableAlarmBody(displayName: string, watched: PairSide, probe: PairSide, runbookUrl: string | undefined): string {
    const runbook = runbookUrl ? `the runbook at ${runbookUrl}` : "the runbook in the stack output runbookMarkdown";
    return (
        `Oracle Integration ${displayName}: the ${watched.role} instance's endpoint in ${watched.region} has failed its ` +
        `health checks from ${probe.region}. If ${watched.region} is down and holds the active instance, fail over to ` +
        `${probe.region} (raise failoverGeneration by one and run pulumi up, or Start failover in the console) and follow ${runbook}.`
    );
}

/** The host a probe targets (Health Checks takes host names, not URLs). */
function probeTarget(url: string | undefined, watched: PairSide): string {
    if (!url) {
        throw new Error(`DrAlarms: the regional URL of the ${watched.role} instance in ${watched.region} is not known, so it cannot be probed`);
    }
    return new URL(url).hostname;
}

export class DrAlarms extends pulumi.ComponentResource {
    readonly settings: AlarmSettings;
    /** Notification topic per region identifier. */
    readonly topics: Record<string, oci.ons.NotificationTopic>;
    readonly subscriptions: Record<string, oci.ons.Subscription[]>;
    readonly watches: CrossRegionWatch[];
    readonly customAlarms: oci.monitoring.Alarm[];
    readonly topicIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DrAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = parseWith(alarmSettingsSchema, args?.settings ?? {}, "DrAlarms settings");
        requirePairRegions(args?.primaryRegion);
        super(DR_ALARMS_TYPE, name, {}, opts);
        this.settings = settings;
        this.topics = {};
        this.subscriptions = {};
        this.watches = [];
        this.customAlarms = [];

        if (!settings.enabled) {
            this.topicIds = pulumi.output<Record<string, string>>({});
            this.registerOutputs({ topicIds: this.topicIds });
            return;
        }

        const sides = resolvePairSides(this, name, args);
        for (const side of sides) {
            const topic = new oci.ons.NotificationTopic(
                `${name}-topic-${side.suffix}`,
                {
                    compartmentId: args.compartmentId,
                    // Topic names are unique across the tenancy: the region key tells the two apart.
                    name: `${args.displayName}-dr-${side.suffix}`,
                    description: `Oracle Integration DR alerts for ${args.displayName}, raised in ${side.region}`,
                    freeformTags: args.freeformTags,
                },
                { parent: this, provider: side.provider },
            );
            this.topics[side.region] = topic;
            this.subscriptions[side.region] = settings.subscriptions.map(
                (subscription, index) =>
                    new oci.ons.Subscription(
                        `${name}-${subscription.protocol.toLowerCase()}-${index}-${side.suffix}`,
                        {
                            compartmentId: args.compartmentId,
                            topicId: topic.id,
                            protocol: subscription.protocol,
                            // Webhook URLs carry their credential: keep them secret in state and logs.
                            endpoint: SECRET_ENDPOINT_PROTOCOLS.has(subscription.protocol)
                                ? pulumi.secret(subscription.endpoint)
                                : subscription.endpoint,
                            freeformTags: args.freeformTags,
                        },
                        { parent: this, provider: side.provider },
                    ),
            );
        }

        const [primary, secondary] = sides;
        const watchFrom = (watched: PairSide, probe: PairSide, url: pulumi.Input<string | undefined> | undefined) => {
            if (url === undefined) return;
            const monitor = new oci.healthchecks.HttpMonitor(
                `${name}-probe-${watched.suffix}-from-${probe.suffix}`,
                {
                    compartmentId: args.compartmentId,
                    displayName: `${args.displayName}-${watched.suffix}-from-${probe.suffix}`,
                    protocol: "HTTPS",
                    method: "GET",
                    port: 443,
                    targets: [pulumi.output(url).apply((u) => probeTarget(u, watched))],
                    path: settings.probe.path,
                    intervalInSeconds: settings.probe.intervalInSeconds,
                    timeoutInSeconds: settings.probe.timeoutInSeconds,
                    vantagePointNames: settings.probe.vantagePointNames,
                    isEnabled: true,
                    freeformTags: args.freeformTags,
                },
                { parent: this, provider: probe.provider },
            );
            const alarm = this.alarm(`${name}-unreachable-${watched.suffix}`, args, settings, probe, {
                displayName: `${args.displayName} unreachable in ${watched.region}`,
                namespace: HEALTH_CHECKS_NAMESPACE,
                query: monitor.id.apply((id) => probeAlarmQuery(id, settings.probe.healthyBelow)),
                body: unreachableAlarmBody(args.displayName, watched, probe, settings.runbookUrl),
            });
            this.watches.push({ watchedRegion: watched.region, probeRegion: probe.region, monitor, alarm });
        };
        watchFrom(primary, secondary, args.regionalUrls.primary);
        if (settings.probe.watchStandby) watchFrom(secondary, primary, settings.probe.standbyUrl ?? args.regionalUrls.secondary);

        for (const custom of settings.customAlarms) {
            for (const side of sides.filter((s) => custom.regions === "both" || custom.regions === s.role)) {
                this.customAlarms.push(this.customAlarm(name, args, settings, custom, side));
            }
        }

        this.topicIds = pulumi.output(Object.fromEntries(Object.entries(this.topics).map(([region, topic]) => [region, topic.id])));
        this.registerOutputs({
            topicIds: this.topicIds,
            watches: this.watches.map((w) => ({ watchedRegion: w.watchedRegion, probeRegion: w.probeRegion, alarmId: w.alarm.id })),
        });
    }

    private customAlarm(name: string, args: DrAlarmsArgs, settings: AlarmSettings, custom: CustomAlarm, side: PairSide): oci.monitoring.Alarm {
        return this.alarm(`${name}-${custom.name}-${side.suffix}`, args, settings, side, {
            ...custom,
            displayName: `${args.displayName} ${custom.name} (${side.region})`,
        });
    }

    /**
     * An alarm in one region, notifying that region's topic. Severity, pending duration and repeat
     * come from the alarm itself, else from the settings, else from ALARM_DEFAULTS.
     */
    private alarm(
        resourceName: string,
        args: DrAlarmsArgs,
        settings: AlarmSettings,
        side: PairSide,
        alarm: { displayName: string; namespace: string; query: pulumi.Input<string>; body?: string } & Partial<
            Pick<AlarmSettings, "severity" | "pendingDuration" | "repeatNotificationDuration">
        >,
    ): oci.monitoring.Alarm {
        return new oci.monitoring.Alarm(
            resourceName,
            {
                compartmentId: args.compartmentId,
                metricCompartmentId: args.compartmentId,
                displayName: alarm.displayName,
                namespace: alarm.namespace,
                query: alarm.query,
                severity: alarm.severity ?? settings.severity ?? ALARM_DEFAULTS.severity,
                pendingDuration: alarm.pendingDuration ?? settings.pendingDuration ?? ALARM_DEFAULTS.pendingDuration,
                repeatNotificationDuration:
                    alarm.repeatNotificationDuration ?? settings.repeatNotificationDuration ?? ALARM_DEFAULTS.repeatNotificationDuration,
                body: alarm.body,
                messageFormat: "ONS_OPTIMIZED",
                destinations: [this.topics[side.region]!.id],
                isEnabled: true,
                freeformTags: args.freeformTags,
            },
            { parent: this, provider: side.provider },
        );
    }
}
