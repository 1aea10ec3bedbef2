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
import { composedValues } from "../support/composition";
import { drAlarmsArgsSchema, SECRET_ENDPOINT_PROTOCOLS, type CustomAlarm, type DrAlarmsValidated, type ProbeKind } from "./schema";
import type { AlarmSeverity, NotificationProtocol } from "../../facts/ociContracts";
import type { DrRegionIdentifier } from "../../facts/regions";
import { OCI_TYPES } from "../../facts/drSupport";
import { STACK_OUTPUTS_FILE } from "../drPairedIntegration/stackOutputs";
import { BUILT_IN_ALARM_NAMES, childName, ociName, type NameClaim } from "../support/naming";
import { resolvePair, validatePairedComponent, type DrProvidersArgs, type OciProviderSettings, type PairSide, type ResolvedPair } from "../support/providers";

export const DR_ALARMS_TYPE = "oic-dr:index:DrAlarms";

/**
 * Health Checks metrics: `HTTP.isHealthy` and `PING.isHealthy` are 1 for a passing probe and 0 for
 * a failing one, one stream per vantage point (Health Checks Metrics Reference,
 * https://docs.oracle.com/en-us/iaas/Content/HealthChecks/Reference/metricsalarms-reference.htm).
 */
export const HEALTH_CHECKS_NAMESPACE = "oci_healthchecks";
export const HEALTH_METRICS = { tcp: "PING.isHealthy", https: "HTTP.isHealthy" } as const satisfies Record<ProbeKind, string>;
/** The port of the regional host: Oracle Integration answers on HTTPS only. */
const PROBE_PORT = 443;

/** Defaults for alarms that signal a lost region: page at once, repeat while it lasts. */
export const ALARM_DEFAULTS = { severity: "CRITICAL", pendingDuration: "PT5M", repeatNotificationDuration: "PT30M" } as const;

const [UNREACHABLE] = BUILT_IN_ALARM_NAMES;

/** Who is told, in each region's topic. */
export interface NotificationSubscriptionArgs {
    /** EMAIL, HTTPS, PAGERDUTY, SLACK, CUSTOM_HTTPS, ORACLE_FUNCTIONS or SMS. */
    protocol: NotificationProtocol;
    /**
     * Email address, phone number in E.164 form (`+14255550100`, SMS), http(s) URL or function
     * OCID, depending on the protocol, the same in both regions. Webhook URLs are stored as secrets.
     */
    endpoint?: pulumi.Input<string>;
    /**
     * One endpoint per region instead, required for ORACLE_FUNCTIONS (a function lives in one
     * region: the surviving region must not call into the failed one): `primary` a function of the
     * primary region, `secondary` of its partner.
     */
    endpoints?: RegionalEndpointsArgs;
}

/** An endpoint for each region of the pair. */
export interface RegionalEndpointsArgs {
    primary: pulumi.Input<string>;
    secondary: pulumi.Input<string>;
}

export type { ProbeKind } from "./schema";

/** The cross-region reachability probes. */
export interface ProbeArgs {
    /**
     * `tcp` (default): a TCP connection to port 443 of the regional host, a Health Checks
     * PingMonitor. `https`: a GET of `path`, an HttpMonitor; Health Checks counts only a 2xx answer
     * as healthy, and Oracle Integration's own pages and APIs answer a redirect to sign-in or 401,
     * so `https` needs a path you know answers 2xx without credentials.
     */
    kind?: ProbeKind;
    /** Seconds between probes (default 60). */
    intervalInSeconds?: number;
    /** Seconds before a probe counts as failed, at most the interval (default: the longest allowed timeout up to 30 that fits the interval). */
    timeoutInSeconds?: number;
    /** Path of an `https` probe (required for it; a `tcp` probe has none). */
    path?: string;
    /** Health Checks vantage points, at most 10 (default: the service's choice). */
    vantagePointNames?: string[];
    /** Fire when the share of healthy probes falls below this, 0 to 1 (default 0.5). */
    healthyBelow?: number;
    /**
     * Probe the instance in the partner region too, from primaryRegion (default true). False probes
     * only the instance in primaryRegion, whichever role it has now.
     */
    watchStandby?: boolean;
    /**
     * The regional URL of the instance in the partner region (the standby until a failover),
     * overriding `regionalUrls.secondary` (DrPairedIntegration otherwise reads it from that
     * instance through the partner region's provider).
     */
    standbyUrl?: string;
    /**
     * Severity of the unreachable alarm on the region that hosts the standby now (default WARNING:
     * an unreachable standby is not an outage).
     */
    standbySeverity?: AlarmSeverity;
}

/** A user-defined alarm, in one region of the pair or both. */
export interface CustomAlarmArgs {
    /** 1 to 40 letters, digits and hyphens; unique, and not a built-in alarm's name (`unreachable`). */
    name: string;
    /** primary, secondary or both (default). */
    regions?: string;
    /** Metric namespace. */
    namespace: string;
    /** MQL, e.g. `CpuUtilization[1m].mean() > 80`. */
    query: string;
    body?: string;
    /** CRITICAL, ERROR, WARNING or INFO. */
    severity?: AlarmSeverity;
    /** ISO-8601 duration the condition must hold before the alarm fires. */
    pendingDuration?: string;
    /** ISO-8601 duration between notifications while the alarm fires. */
    repeatNotificationDuration?: string;
}

/** Topics, probes and alarms, as DrAlarms takes them and DrPairedIntegration's `alarms` holds them. */
export interface AlarmSettingsArgs {
    subscriptions?: NotificationSubscriptionArgs[];
    probe?: ProbeArgs;
    /** Default severity of the alarms, and the unreachable alarm's on the region that hosts the primary now (CRITICAL). */
    severity?: AlarmSeverity;
    /** Default pending duration (PT5M). */
    pendingDuration?: string;
    /** Default repeat (PT30M). */
    repeatNotificationDuration?: string;
    /** A link to the runbook, put in every alarm body. */
    runbookUrl?: string;
    customAlarms?: CustomAlarmArgs[];
}

/** Regional URL of the instance in each region; each one is probed from the other region. */
export interface RegionalUrlsArgs {
    primary?: pulumi.Input<string>;
    secondary?: pulumi.Input<string>;
}

/**
 * DrAlarms' arguments that every Pulumi language can pass: all of them but `providers` (see
 * {@link DrAlarmsArgs}). The component's schema for YAML, Python and the others is inferred from
 * this interface (provider/index.ts).
 */
export interface PortableDrAlarmsArgs extends AlarmSettingsArgs {
    /** Region of the primary instance (plain text: it chooses providers and names); the other region is its fixed partner. */
    primaryRegion: DrRegionIdentifier;
    /**
     * The region that hosts the primary instance now, primaryRegion or its partner (default
     * primaryRegion): after a failover, the partner. The unreachable alarm on this region pages
     * with `severity`, the other with `probe.standbySeverity`; names, probes and bodies do not
     * change. May be an Output (DrPairedIntegration reads it from the pair), checked once known;
     * empty counts as primaryRegion; while it is unknown (a preview), the severities are too.
     */
    activeRegion?: pulumi.Input<string>;
    /** Compartment of topics, probes and alarms; may be another resource's output. */
    compartmentId: pulumi.Input<string>;
    /** Prefix of topic and alarm names (the instance's display name fits). Plain text: it builds names. */
    displayName: string;
    /**
     * Starts the topic names, which OCI keeps unique across the tenancy. Default `<project>-<stack>`:
     * two stacks in one tenancy never claim the same name.
     */
    namePrefix?: string;
    regionalUrls?: RegionalUrlsArgs;
    freeformTags?: Record<string, string>;
    /** Settings for the providers created here from region names. */
    ociProvider?: OciProviderSettings;
}

/**
 * DrAlarms' arguments in TypeScript: the portable ones and the providers of the pair. A provider
 * object cannot be passed from another language (a provider given as an input does not reach a
 * Node.js component as a provider: pulumi/pulumi#15926), so there the providers are always
 * created from region names, with `ociProvider`'s settings.
 */
export interface DrAlarmsArgs extends PortableDrAlarmsArgs {
    /** Providers for the two regions; missing ones are created from the region names. `home` is not used. */
    providers?: DrProvidersArgs;
}

/** What DrPairedIntegration hands a composed DrAlarms: validated values and the resolved pair. @internal */
export interface ComposedDrAlarms {
    readonly validated: DrAlarmsValidated;
    readonly pair: ResolvedPair;
    /** The DrPairedIntegration's name: the pair's key in `drPairs`, which the bodies' commands select. */
    readonly pairName?: string;
}

/** One probe, the region it runs in and the alarm on it. */
export interface CrossRegionWatch {
    readonly watchedRegion: string;
    readonly probeRegion: string;
    /** The monitor of a tcp probe. (Two fields, not a union: the multi-language schema takes none.) */
    readonly pingMonitor?: oci.healthchecks.PingMonitor;
    /** The monitor of an https probe. */
    readonly httpMonitor?: oci.healthchecks.HttpMonitor;
    readonly alarm: oci.monitoring.Alarm;
}

/**
 * MQL that fires when the share of healthy probes of one monitor falls below the threshold.
 * The metric has one stream per vantage point (and per error message): `.grouping()` folds them
 * into one before `.mean()`, so the alarm reads "fewer than `healthyBelow` of the vantage points
 * see it healthy" rather than firing on one vantage point's stream (monitoring/alarm.d.ts in
 * @pulumi/oci 4.20, `query`: "Supported grouping functions: `grouping()`, `groupBy()`").
 */
export function probeAlarmQuery(kind: ProbeKind, monitorId: string, healthyBelow: number): string {
    return `${HEALTH_METRICS[kind]}[1m]{resourceId = "${monitorId}"}.grouping().mean() < ${healthyBelow}`;
}

/**
 * The longest body the unreachable alarms are given. OCI documents no maximum for an alarm's `body`
 * (@pulumi/oci 4.20 monitoring/alarm.d.ts, `body`; the Monitoring API's CreateAlarmDetails): this
 * is our own bound, so that the body stays readable where a notification is cut short (SMS, pager
 * and chat previews). Only a long `runbookUrl` can pass it (displayName is at most 50 characters
 * and regions are DR regions); its link then gives way to the stack output.
 */
export const UNREACHABLE_BODY_MAX_CHARS = 1000;

/**
 * The body of the alarm on `watchedRegion`'s endpoint, raised in `probeRegion`. It asserts no role:
 * a body stays in OCI until the next `pulumi up`, which nobody runs during an incident, while a
 * failover or a switchover moves the roles. So it says how to learn which region hosts the primary
 * now (`oic-dr status`, reading each instance in its own region) and what to do in either case.
 * The commands address the pair through the stack's outputs, as the runbook does: `pairName` is the
 * pair's key in `drPairs` (a DrAlarms of its own does not know it, and writes `<pair>`).
 */
export function unreachableAlarmBody(displayName: string, watchedRegion: string, probeRegion: string, runbookUrl: string | undefined, pairName = "<pair>"): string {
    const address = `--region ${probeRegion} --stack-outputs ${STACK_OUTPUTS_FILE} --pair ${pairName}`;
    const body = (runbook: string) =>
        `Oracle Integration ${displayName}: the endpoint in ${watchedRegion} has failed its health checks from ${probeRegion}. ` +
        `Which region hosts the primary now: oic-dr status ${address}. ` +
        `If ${watchedRegion} does, users are affected: fail over from ${probeRegion} with oic-dr failover ${address} ` +
        `(or Start failover on the standby in ${probeRegion}'s console), then oic-dr post-failover. ` +
        `If ${probeRegion} does, users are not affected, but a failover back to ${watchedRegion} would fail now. ` +
        `Follow ${runbook}.`;
    const withLink = runbookUrl ? body(`the runbook at ${runbookUrl}`) : undefined;
    return withLink && withLink.length <= UNREACHABLE_BODY_MAX_CHARS ? withLink : body("the runbook in the stack output runbookMarkdown");
}

/**
 * The region of the pair that hosts the primary instance now: `activeRegion` when given, else
 * `primaryRegion` (the roles the pair was created with). Empty counts as not given: a pair whose
 * roles are not known yet. A region outside the pair is a mistake of the caller's, not a state of
 * the pair (each instance lives in one of its two regions): it is refused, naming the field, rather
 * than paging with severities that follow no instance.
 */
export function activeRegionOf(activeRegion: string | undefined, [primaryRegion, secondaryRegion]: readonly [string, string]): string {
    if (activeRegion === undefined || activeRegion === "") return primaryRegion;
    if (activeRegion !== primaryRegion && activeRegion !== secondaryRegion) {
        throw new Error(`DrAlarms activeRegion: ${JSON.stringify(activeRegion)} is not a region of this pair; allowed: ${primaryRegion}, ${secondaryRegion} (the region that hosts the primary instance now)`);
    }
    return activeRegion;
}

/**
 * `decide(region that hosts the primary now)`: a plain value when `activeRegion` is plain text or
 * absent (an existing stack registers exactly what it did), else an Output of it, known when
 * `activeRegion` is (unknown in a preview where the roles are not read yet).
 */
function followingRoles<T>(activeRegion: pulumi.Input<string> | undefined, regions: readonly [string, string], decide: (active: string) => T): pulumi.Input<T> {
    if (activeRegion === undefined || typeof activeRegion === "string") return decide(activeRegionOf(activeRegion, regions));
    return pulumi.output(activeRegion).apply((region) => decide(activeRegionOf(region, regions)));
}

/** The endpoint a subscription uses in one region: its own there, or the shared one (validation makes one exist). */
function endpointIn(subscription: DrAlarmsValidated["subscriptions"][number], side: PairSide): pulumi.Input<string> {
    return subscription.endpoints?.[side.role] ?? subscription.endpoint!;
}

/** The host a probe targets (Health Checks takes host names, not URLs). */
function probeTarget(url: string | undefined, watched: PairSide): string {
    if (!url) {
        throw new Error(`DrAlarms: the regional URL of the ${watched.role} instance in ${watched.region} is not known, so it cannot be probed`);
    }
    return new URL(url).hostname;
}

/** Every name a DrAlarms named `name` gives its alarms and topics in the pair `[primary, secondary]`. @internal */
export function drAlarmsNameClaims(name: string, settings: Pick<DrAlarmsValidated, "displayName" | "namePrefix" | "probe" | "customAlarms">, regions: readonly [string, string]): NameClaim[] {
    const [primary, secondary] = regions;
    const watched = settings.probe.watchStandby ? [primary, secondary] : [primary];
    return [
        ...watched.map((region) => ({ kind: OCI_TYPES.alarm, name: childName.alarm(name, UNREACHABLE, region), source: "probe" })),
        ...settings.customAlarms.flatMap((custom, i) =>
            sidesOf(custom, regions).map((region) => ({
                kind: OCI_TYPES.alarm,
                name: childName.alarm(name, custom.name, region),
                source: `customAlarms.${i}.name`,
                value: custom.name,
            })),
        ),
        ...regions.map((region) => ({ kind: "OCI topic name", name: ociName.topic(settings.namePrefix, settings.displayName, region), source: "displayName", value: settings.displayName })),
    ];
}

/** The regions a custom alarm is placed in. */
function sidesOf<T>(custom: Pick<CustomAlarm, "regions">, [primary, secondary]: readonly [T, T]): T[] {
    return custom.regions === "both" ? [primary, secondary] : custom.regions === "primary" ? [primary] : [secondary];
}


export class DrAlarms extends pulumi.ComponentResource {
    /** The validated arguments, defaults filled in. */
    readonly settings: DrAlarmsValidated;
    /** Notification topic per region identifier. */
    readonly topics: Record<string, oci.ons.NotificationTopic>;
    readonly subscriptions: Record<string, oci.ons.Subscription[]>;
    readonly watches: CrossRegionWatch[];
    readonly customAlarms: oci.monitoring.Alarm[];
    readonly topicIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DrAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        const composed = composedValues<ComposedDrAlarms>(args);
        const standalone = composed
            ? undefined
            : validatePairedComponent("DrAlarms arguments", drAlarmsArgsSchema, args, opts, (validated, regions) => drAlarmsNameClaims(name, validated, regions));
        const settings = composed?.validated ?? standalone!.validated;
        super(DR_ALARMS_TYPE, name, {}, opts);
        this.settings = settings;
        const pair = composed?.pair ?? resolvePair(this, name, standalone!.regions, settings.providers, settings.ociProvider);
        const { compartmentId, displayName, freeformTags } = settings;
        this.topics = {};
        this.subscriptions = {};
        this.watches = [];
        this.customAlarms = [];

        for (const side of pair.sides) {
            const topic = new oci.ons.NotificationTopic(
                childName.topic(name, side.region),
                {
                    compartmentId,
                    name: ociName.topic(settings.namePrefix, displayName, side.region),
                    description: `Oracle Integration DR alerts for ${displayName}, raised in ${side.region}`,
                    freeformTags,
                },
                { parent: this, provider: side.provider, aliases: childName.topic.aliases(name, side.region) },
            );
            this.topics[side.region] = topic;
            this.subscriptions[side.region] = settings.subscriptions.map(
                (subscription, index) =>
                    new oci.ons.Subscription(
                        childName.subscription(name, subscription.protocol, index, side.region),
                        {
                            compartmentId,
                            topicId: topic.id,
                            protocol: subscription.protocol,
                            // Webhook URLs carry their credential: keep them secret in state and logs.
                            endpoint: SECRET_ENDPOINT_PROTOCOLS.has(subscription.protocol)
                                ? pulumi.secret(endpointIn(subscription, side))
                                : endpointIn(subscription, side),
                            freeformTags,
                        },
                        { parent: this, provider: side.provider, aliases: childName.subscription.aliases(name, subscription.protocol, index, side.region) },
                    ),
            );
        }

        const { primary, secondary } = pair;
        const regions = [primary.region, secondary.region] as const;
        const watchFrom = (watched: PairSide, probe: PairSide, url: pulumi.Input<string | undefined> | undefined) => {
            if (url === undefined) return;
            const { probe: probeSettings } = settings;
            const common = {
                compartmentId,
                displayName: ociName.probe(displayName, watched.region, probe.region),
                port: PROBE_PORT,
                targets: [pulumi.output(url).apply((u) => probeTarget(u, watched))],
                intervalInSeconds: probeSettings.intervalInSeconds,
                timeoutInSeconds: probeSettings.timeoutInSeconds,
                vantagePointNames: probeSettings.vantagePointNames,
                isEnabled: true,
                freeformTags,
            };
            const monitorOpts = { parent: this, provider: probe.provider, aliases: childName.probe.aliases(name, watched.region, probe.region) };
            const monitorName = childName.probe(name, watched.region, probe.region);
            const monitors: Pick<CrossRegionWatch, "pingMonitor" | "httpMonitor"> =
                probeSettings.kind === "https"
                    ? { httpMonitor: new oci.healthchecks.HttpMonitor(monitorName, { ...common, protocol: "HTTPS", method: "GET", path: probeSettings.path }, monitorOpts) }
                    : { pingMonitor: new oci.healthchecks.PingMonitor(monitorName, { ...common, protocol: "TCP" }, monitorOpts) };
            const monitor = (monitors.pingMonitor ?? monitors.httpMonitor)!;
            const alarm = this.alarm(childName.alarm(name, UNREACHABLE, watched.region), childName.alarm.aliases(name, UNREACHABLE, watched.region), settings, probe, {
                displayName: `${displayName} unreachable in ${watched.region}`,
                namespace: HEALTH_CHECKS_NAMESPACE,
                query: monitor.id.apply((id) => probeAlarmQuery(probeSettings.kind, id, probeSettings.healthyBelow)),
                body: unreachableAlarmBody(displayName, watched.region, probe.region, settings.runbookUrl, composed?.pairName),
                // Severity follows the roles of now: the region that hosts the primary pages; the
                // standby's warns (users are not affected, a failover to it would fail now).
                severity: followingRoles(settings.activeRegion, regions, (active) =>
                    active === watched.region ? (settings.severity ?? ALARM_DEFAULTS.severity) : probeSettings.standbySeverity,
                ),
            });
            this.watches.push({ watchedRegion: watched.region, probeRegion: probe.region, ...monitors, alarm });
        };
        watchFrom(primary, secondary, settings.regionalUrls.primary);
        if (settings.probe.watchStandby) watchFrom(secondary, primary, settings.probe.standbyUrl ?? settings.regionalUrls.secondary);

        for (const custom of settings.customAlarms) {
            for (const side of sidesOf(custom, pair.sides)) {
                this.customAlarms.push(
                    this.alarm(childName.alarm(name, custom.name, side.region), childName.alarm.aliases(name, custom.name, side.region), settings, side, {
                        ...custom,
                        displayName: `${displayName} ${custom.name} (${side.region})`,
                    }),
                );
            }
        }

        this.topicIds = pulumi.output(Object.fromEntries(Object.entries(this.topics).map(([region, topic]) => [region, topic.id])));
        this.registerOutputs({
            topicIds: this.topicIds,
            watches: this.watches.map((w) => ({ watchedRegion: w.watchedRegion, probeRegion: w.probeRegion, alarmId: w.alarm.id })),
        });
    }

    /**
     * An alarm in one region, notifying that region's topic. Severity, pending duration and repeat
     * come from the alarm itself, else from the settings, else from ALARM_DEFAULTS.
     */
    private alarm(
        resourceName: string,
        aliases: pulumi.Alias[],
        settings: DrAlarmsValidated,
        side: PairSide,
        alarm: { displayName: string; namespace: string; query: pulumi.Input<string>; body?: string; severity?: pulumi.Input<AlarmSeverity> } & Partial<
            Pick<DrAlarmsValidated, "pendingDuration" | "repeatNotificationDuration">
        >,
    ): oci.monitoring.Alarm {
        return new oci.monitoring.Alarm(
            resourceName,
            {
                compartmentId: settings.compartmentId,
                metricCompartmentId: settings.compartmentId,
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
                freeformTags: settings.freeformTags,
            },
            { parent: this, provider: side.provider, aliases },
        );
    }
}
