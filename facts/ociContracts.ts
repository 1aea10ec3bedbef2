/**
 * What the OCI API accepts for the inputs this library sends, one contract per resource type, each
 * limit next to the source it comes from. The components' schemas derive their limits from here;
 * nothing is restated elsewhere.
 *
 * Sources are the `@pulumi/oci` 4.20 typings (the provider's own doc comments, generated from the
 * Terraform provider's schema and Oracle's API reference), cited by file and line under
 * node_modules/@pulumi/oci, and Oracle's documentation pages where they are stricter.
 *
 * Dependency-free (no SDK import): the policy pack bundles it.
 */

/** `oci.healthchecks.HttpMonitor`. */
export const HTTP_MONITOR = {
    /** healthchecks/httpMonitor.d.ts:97 "The monitor interval in seconds. Valid values: 10, 30, and 60." */
    intervalsInSeconds: [10, 30, 60],
    /**
     * healthchecks/httpMonitor.d.ts:133 "The probe timeout in seconds. Valid values: 10, 20, 30, and
     * 60. The probe timeout must be less than or equal to `intervalInSeconds` for monitors."
     */
    timeoutsInSeconds: [10, 20, 30, 60],
} as const;

/**
 * `oci.healthchecks.PingMonitor`: the same intervals and timeouts (healthchecks/pingMonitor.d.ts:86
 * and :114 repeat HttpMonitor's words). Protocols ICMP and TCP: the provider's doc comment names
 * none, the Go SDK it is built on does (terraform-provider-oci v8.23,
 * vendor/github.com/oracle/oci-go-sdk/v65/healthchecks/ping_probe_protocol.go:23-24).
 */
export const PING_MONITOR = {
    intervalsInSeconds: HTTP_MONITOR.intervalsInSeconds,
    timeoutsInSeconds: HTTP_MONITOR.timeoutsInSeconds,
    protocols: ["ICMP", "TCP"],
} as const;

/**
 * What Health Checks counts as a healthy HTTP probe, hence a 1 in `HTTP.isHealthy`: a status from
 * 200 to 299 (types/output.d.ts:177699, the probe result's `isHealthy`: "a probe result is
 * considered healthy if the HTTP response code is greater than or equal to 200 and less than
 * 300"). A redirect or a 401 is a failed probe, and an HttpMonitor has no setting to accept them
 * (its inputs, healthchecks/httpMonitor.d.ts:67-142, have none).
 */
export const HEALTHY_HTTP_STATUS = { minimum: 200, belowOf: 300 } as const;

/** Why `timeout` is not a valid timeout for a monitor probing every `interval` seconds, or undefined. */
export function httpMonitorTimeoutProblem(timeout: number, interval: number): string | undefined {
    if (!(HTTP_MONITOR.timeoutsInSeconds as readonly number[]).includes(timeout)) {
        return `${timeout} is not a Health Checks timeout; allowed: ${HTTP_MONITOR.timeoutsInSeconds.join(", ")}`;
    }
    if (timeout > interval) return `${timeout} s is longer than the interval (${interval} s); the timeout must be at most the interval`;
    return undefined;
}

/** The longest valid timeout no longer than `preferred` and the interval: the default for an interval. */
export function defaultHttpMonitorTimeout(interval: number, preferred = 30): number {
    const fitting = HTTP_MONITOR.timeoutsInSeconds.filter((t) => t <= Math.min(interval, preferred));
    return fitting[fitting.length - 1] ?? HTTP_MONITOR.timeoutsInSeconds[0];
}

/**
 * An alarm's severity. The provider's doc comment lists none; the Go SDK validates against these
 * (terraform-provider-oci v8.23, vendor/github.com/oracle/oci-go-sdk/v65/monitoring/alarm.go:241-244,
 * checked in create_alarm_details.go:199). An object literal `as const` before the type of the
 * same name: the form Pulumi's component analyzer makes an enum of (provider/README.md).
 */
export const AlarmSeverity = {
    CRITICAL: "CRITICAL",
    ERROR: "ERROR",
    WARNING: "WARNING",
    INFO: "INFO",
} as const;

export type AlarmSeverity = (typeof AlarmSeverity)[keyof typeof AlarmSeverity];

/**
 * How a notification subscription is delivered: the protocols ONS accepts (@pulumi/oci 4.20
 * ons/subscription.d.ts:93-104, "Allowed values"; HTTPS is deprecated there in favour of
 * PAGERDUTY, which the oic-dr-api-advice policy says). An object literal `as const` before the type of the
 * same name: the form Pulumi's component analyzer makes an enum of (provider/README.md).
 */
export const NotificationProtocol = {
    EMAIL: "EMAIL",
    HTTPS: "HTTPS",
    PAGERDUTY: "PAGERDUTY",
    SLACK: "SLACK",
    CUSTOM_HTTPS: "CUSTOM_HTTPS",
    ORACLE_FUNCTIONS: "ORACLE_FUNCTIONS",
    SMS: "SMS",
} as const;
export type NotificationProtocol = (typeof NotificationProtocol)[keyof typeof NotificationProtocol];
export const NOTIFICATION_PROTOCOLS: readonly NotificationProtocol[] = Object.values(NotificationProtocol);

/** `oci.monitoring.Alarm`. */
export const ALARM = {
    /** See {@link AlarmSeverity}. */
    severities: Object.values(AlarmSeverity),
    /** monitoring/alarm.d.ts:177 "Minimum: PT1M. Maximum: PT1H." */
    pendingDuration: { minimum: "PT1M", maximum: "PT1H" },
    /** monitoring/alarm.d.ts:209 "Minimum: PT1M. Maximum: P30D." */
    repeatNotificationDuration: { minimum: "PT1M", maximum: "P30D" },
} as const;

/** ISO-8601 durations in days, hours, minutes and seconds, the form the Monitoring API documents (`PT5M`, `P30D`). */
const ISO_DURATION = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The duration in seconds, or undefined when `text` is not such a duration. */
export function isoDurationSeconds(text: string): number | undefined {
    const match = ISO_DURATION.exec(text);
    if (!match) return undefined;
    const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number];
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}

/** Why `text` is not a duration within `range`, or undefined when it is. */
export function durationProblem(text: string, range: { readonly minimum: string; readonly maximum: string }): string | undefined {
    const seconds = isoDurationSeconds(text);
    const allowed = `an ISO-8601 duration from ${range.minimum} to ${range.maximum}`;
    if (seconds === undefined) return `${JSON.stringify(text)} is not ${allowed} (such as "PT5M")`;
    if (seconds < isoDurationSeconds(range.minimum)! || seconds > isoDurationSeconds(range.maximum)!) {
        return `${JSON.stringify(text)} is out of range; allowed: ${allowed}`;
    }
    return undefined;
}

/** `oci.integration.IntegrationInstance`, the inputs whose values are a closed set. */
export const INTEGRATION_INSTANCE = {
    /**
     * terraform-provider-oci v8.23,
     * vendor/github.com/oracle/oci-go-sdk/v65/integration/create_integration_instance_details.go:249-251.
     */
    consumptionModels: ["UCM", "GOV", "OIC4SAAS"],
    /**
     * The provider sends it with ExtendDataRetention after create
     * (vendor/github.com/oracle/oci-go-sdk/v65/integration/extend_data_retention_details.go:49-51).
     * Which editions may extend retention is not stated in any reference we could read: not
     * restricted here (README, "Not verified").
     */
    dataRetentionPeriods: ["MONTHS_1", "MONTHS_3", "MONTHS_6"],
} as const;

/** Billing entitlements for `consumptionModel` (the contract's, under the name the package exports). */
export const CONSUMPTION_MODELS = INTEGRATION_INSTANCE.consumptionModels;
/** Retention periods for `dataRetentionPeriod` (the contract's, under the name the package exports). */
export const DATA_RETENTION_PERIODS = INTEGRATION_INSTANCE.dataRetentionPeriods;

/** `oci.email.Dkim`. */
export const DKIM = {
    /**
     * The API's rule for `name` (the selector), email/dkim.d.ts:103: ASCII selectors "can use
     * alphanumeric, dash ("-"), and dot (".") characters".
     */
    apiSelector: /^[A-Za-z0-9.-]+$/,
    /**
     * Oracle's Email Delivery guide ("Creating a DKIM Record",
     * https://docs.oracle.com/iaas/Content/Email/Tasks/managing_dkim-create_dkim_record.htm) is
     * stricter: at most 63 lower-case letters, digits and dashes. Selectors this library builds
     * follow it, the region suffix included.
     */
    guideSelector: /^[a-z0-9-]{1,63}$/,
    maxSelectorLength: 63,
} as const;
