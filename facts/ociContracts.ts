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
import { ocidPattern } from "./ocid";
import { ocidRegionMismatch } from "./ocidRegion";
import { shownText } from "../text/shownValue";

/** `oci.healthchecks.HttpMonitor`. */
export const HTTP_MONITOR = {
    /** healthchecks/httpMonitor.d.ts:97 "The monitor interval in seconds. Valid values: 10, 30, and 60." */
    intervalsInSeconds: [10, 30, 60],
    /**
     * healthchecks/httpMonitor.d.ts:133 "The probe timeout in seconds. Valid values: 10, 20, 30, and
     * 60. The probe timeout must be less than or equal to `intervalInSeconds` for monitors."
     */
    timeoutsInSeconds: [10, 20, 30, 60],
    /**
     * Oracle's Health Checks guide, "Creating an HTTP Monitor" and "Creating a Ping Monitor"
     * (https://docs.oracle.com/iaas/Content/HealthChecks/Tasks/create-http-monitor.htm,
     * .../create-ping-monitor.htm): "Vantage points: (Optional) Select up to ten locations to use
     * for monitoring the targets." The provider's doc comment states no limit
     * (healthchecks/httpMonitor.d.ts:229, pingMonitor.d.ts:194).
     */
    maxVantagePoints: 10,
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
    maxVantagePoints: HTTP_MONITOR.maxVantagePoints,
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

/** Why a monitor's `vantagePointNames` are too many, or undefined (HTTP_MONITOR.maxVantagePoints). */
export function vantagePointsProblem(names: readonly unknown[]): string | undefined {
    const { maxVantagePoints } = HTTP_MONITOR;
    return names.length > maxVantagePoints ? `${names.length} vantage points; Health Checks takes at most ${maxVantagePoints} per monitor` : undefined;
}

/**
 * An email address, as far as it can be told without sending to it: a local part, "@", a domain
 * with a dot, no spaces. Looser than any mail standard on purpose: only what is surely no
 * address is refused.
 */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `oci.ons.Subscription`'s `endpoint`, by protocol: what the API refuses or Notifications never
 * delivers to. Each rule's source is next to it.
 */
export const ONS_SUBSCRIPTION = {
    /**
     * ons/subscription.d.ts:77: "an email address for a subscription that uses the `EMAIL`
     * protocol" (see {@link EMAIL_ADDRESS}).
     */
    emailAddress: EMAIL_ADDRESS,
    /**
     * Oracle's "Creating an SMS Subscription"
     * (https://docs.oracle.com/iaas/Content/Notification/Tasks/create-subscription-sms.htm): the
     * phone number is entered "in E.164 format", example `+14255550100` (step 6, read in the
     * page's ja-jp rendering, the English excerpt we could read ends before it). E.164 itself
     * (ITU-T Recommendation E.164): "+", a country code (never starting with 0), at most 15
     * digits in all, nothing else.
     */
    smsNumber: /^\+[1-9]\d{1,14}$/,
    /**
     * ons/subscription.d.ts:77: "HTTP-based protocols use URL endpoints that begin with "http:" or
     * "https:". A URL cannot exceed 512 characters." The API reference allows http:, so https is
     * not required here. Such a URL may carry a credential (a webhook key, an integration key, a
     * user and password): it is stored as a secret and never quoted.
     */
    urlProtocols: ["HTTPS", "PAGERDUTY", "SLACK", "CUSTOM_HTTPS"] as readonly NotificationProtocol[],
    urlSchemes: ["http:", "https:"],
    maxUrlLength: 512,
    /**
     * "Creating a Slack Subscription" (.../Notification/Tasks/create-subscription-slack.htm):
     * "Query parameters aren't permitted in URLs"; "Creating an HTTPS (Custom URL) Subscription"
     * (.../create-subscription-https.htm): "Query parameters aren't allowed in URLs".
     */
    urlWithoutQuery: ["SLACK", "CUSTOM_HTTPS"] as readonly NotificationProtocol[],
    /**
     * An ORACLE_FUNCTIONS endpoint is a function's OCID: `ocid1.fnfunc.<realm>.<region>.<unique>`
     * ("Resource Identifiers", facts/ocid.ts; `fnfunc` is the Functions service's type for a
     * function), and the function must be in the region of the topic that calls it
     * ({@link functionRegionProblem}).
     */
    functionOcidType: "fnfunc",
} as const;

const FUNCTION_OCID = ocidPattern([ONS_SUBSCRIPTION.functionOcidType]);

/**
 * Why `endpoint` cannot be delivered to with `protocol`, or undefined. Worded without the value
 * ("is not an email address"): the caller says whose value it is, and never quotes a webhook URL,
 * which may carry a credential.
 */
export function subscriptionEndpointProblem(protocol: string, endpoint: string): string | undefined {
    const rules = ONS_SUBSCRIPTION;
    switch (protocol) {
        case NotificationProtocol.EMAIL:
            return rules.emailAddress.test(endpoint) ? undefined : "is not an email address";
        case NotificationProtocol.SMS:
            return rules.smsNumber.test(endpoint) ? undefined : 'is not a phone number in E.164 form: "+", country code and number, at most 15 digits, no spaces (such as "+14255550100")';
        case NotificationProtocol.ORACLE_FUNCTIONS:
            return FUNCTION_OCID.test(endpoint) ? undefined : "is not a function OCID (ocid1.fnfunc.<realm>.<region>.<unique id>)";
        default:
            break;
    }
    if (!rules.urlProtocols.includes(protocol as NotificationProtocol)) return undefined;
    let url: URL;
    try {
        url = new URL(endpoint);
    } catch {
        return `is not a URL; ${protocol} takes an http: or https: URL`;
    }
    if (!(rules.urlSchemes as readonly string[]).includes(url.protocol)) return `is not an http: or https: URL; ${protocol} takes one`;
    if (endpoint.length > rules.maxUrlLength) return `is ${endpoint.length} characters long; a URL endpoint takes at most ${rules.maxUrlLength}`;
    if (rules.urlWithoutQuery.includes(protocol as NotificationProtocol) && url.search !== "") return `has query parameters, which ${protocol} endpoints do not take`;
    return undefined;
}

/** Why the function `functionOcid` is not in `region`, or undefined when it is or that cannot be told (./ocidRegion.ts). */
export function functionRegionProblem(functionOcid: string, region: string): string | undefined {
    if (!FUNCTION_OCID.test(functionOcid)) return undefined;
    const mismatch = ocidRegionMismatch(functionOcid, region);
    return mismatch && `is a function in ${mismatch.written}, not in ${region}${mismatch.key ? ` (${mismatch.key})` : ""}`;
}

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
    if (seconds === undefined) return `${shownText(text)} is not ${allowed} (such as "PT5M")`;
    if (seconds < isoDurationSeconds(range.minimum)! || seconds > isoDurationSeconds(range.maximum)!) {
        return `${shownText(text)} is out of range; allowed: ${allowed}`;
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
