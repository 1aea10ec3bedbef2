/** The schema of DrAlarms' arguments, and of `alarms` of DrPairedIntegration. */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
    ALARM,
    defaultHttpMonitorTimeout,
    durationProblem,
    functionRegionProblem,
    HTTP_MONITOR,
    httpMonitorTimeoutProblem,
    NotificationProtocol,
    ONS_SUBSCRIPTION,
    subscriptionEndpointProblem,
    vantagePointsProblem,
} from "../../facts/ociContracts";
import { partnerRegion } from "../../facts/regions";
import { displayNameField, namePrefix, ocid, pairedArgs, tagMap } from "../support/argumentFields";
import { BUILT_IN_ALARM_NAMES } from "../support/naming";
import { checkInputField, describeValue, given, stringInput } from "../support/validation";

/**
 * Protocols whose endpoint lives in one region: an ORACLE_FUNCTIONS endpoint is a function's OCID,
 * and a function exists in one region only. Each region's topic needs its own, or the surviving
 * region would call into the failed one.
 */
export const REGION_BOUND_PROTOCOLS: ReadonlySet<string> = new Set<NotificationProtocol>(["ORACLE_FUNCTIONS"]);
/** Protocols whose endpoint URL embeds a credential (webhook key, integration key): always stored as a secret. */
export const SECRET_ENDPOINT_PROTOCOLS: ReadonlySet<string> = new Set<NotificationProtocol>(ONS_SUBSCRIPTION.urlProtocols);
export const ALARM_SEVERITIES = ALARM.severities;
/** Intervals the Health Checks service accepts for a monitor. */
export const PROBE_INTERVALS = HTTP_MONITOR.intervalsInSeconds;

/** An ISO-8601 duration within one of the Alarm contract's ranges. */
const alarmDuration = (range: { readonly minimum: string; readonly maximum: string }) =>
    z.string().superRefine((text, ctx) => {
        const problem = durationProblem(text, range);
        if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
    });

const endpoint = stringInput((text) => (text.trim().length > 0 ? undefined : "an endpoint is required (an address, a URL or an OCID)"));

const notificationSubscription = z
    .strictObject({
        protocol: z.enum(NotificationProtocol),
        endpoint: endpoint.optional(),
        // Region-bound protocols (REGION_BOUND_PROTOCOLS) need one endpoint per region: checked below.
        endpoints: z.strictObject({ primary: endpoint, secondary: endpoint }).optional(),
    })
    .superRefine((subscription, ctx) => {
        const regionBound = REGION_BOUND_PROTOCOLS.has(subscription.protocol);
        if (regionBound && subscription.endpoints === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["endpoints"],
                message: `${subscription.protocol} endpoints live in one region: give endpoints: { primary, secondary }, one per region, so the surviving region never calls into the failed one${subscription.endpoint === undefined ? "" : " (endpoint is refused)"}`,
            });
        } else if (!regionBound && (subscription.endpoint === undefined) === (subscription.endpoints === undefined)) {
            ctx.addIssue({ code: "custom", path: ["endpoint"], message: "give endpoint (the same in both regions) or endpoints: { primary, secondary }, one of the two" });
        }
        // What ONS refuses or never delivers to, for the protocol given (facts/ociContracts.ts).
        if (typeof subscription.protocol !== "string") return;
        const { protocol } = subscription;
        const holders: [Record<string, unknown> | undefined, string, (string | number)[]][] = [
            [subscription, "endpoint", ["endpoint"]],
            [subscription.endpoints, "primary", ["endpoints", "primary"]],
            [subscription.endpoints, "secondary", ["endpoints", "secondary"]],
        ];
        for (const [holder, key, path] of holders) {
            if (!holder) continue;
            const problem = checkInputField(holder, key, (text) => subscriptionEndpointProblem(protocol, text));
            if (problem) ctx.addIssue({ code: "custom", path, message: `${shownEndpoint(protocol, holder[key])} ${problem}` });
        }
    }, { when: () => true });

/** An endpoint as an error shows it: a webhook URL never (it may carry a credential), an address or an OCID as given. */
function shownEndpoint(protocol: string, endpoint: unknown): string {
    return SECRET_ENDPOINT_PROTOCOLS.has(protocol) ? "the endpoint" : describeValue(endpoint);
}

/**
 * Each region's topic calls the function of its `endpoints`, so `primary` must be a function of
 * the primary region and `secondary` of its partner: a function elsewhere is called across
 * regions, into the failed one in a region outage. Run where the primary region is known (the
 * arguments' top level), on the subscriptions at `path`.
 */
export function checkFunctionRegions(primaryRegion: unknown, subscriptions: unknown, ctx: z.RefinementCtx, path: (string | number)[]): void {
    if (typeof primaryRegion !== "string" || !Array.isArray(subscriptions)) return;
    const regions = { primary: primaryRegion, secondary: partnerRegion(primaryRegion)?.identifier };
    subscriptions.forEach((subscription: { protocol?: unknown; endpoints?: Record<string, unknown> }, index) => {
        if (!subscription || !REGION_BOUND_PROTOCOLS.has(subscription.protocol as string) || !subscription.endpoints) return;
        for (const side of ["primary", "secondary"] as const) {
            const region = regions[side];
            if (!region) continue;
            const problem = checkInputField(subscription.endpoints, side, (text) => functionRegionProblem(text, region));
            if (problem) {
                ctx.addIssue({ code: "custom", path: [...path, index, "endpoints", side], message: `${describeValue(subscription.endpoints[side])} ${problem}, the ${side} region` });
            }
        }
    });
}

const alarmTuning = {
    severity: z.enum(ALARM_SEVERITIES).optional(),
    pendingDuration: alarmDuration(ALARM.pendingDuration).optional(),
    repeatNotificationDuration: alarmDuration(ALARM.repeatNotificationDuration).optional(),
};

/** A user-defined alarm, placed in one region of the pair or in both. */
const customAlarm = z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, {
        error: given((input) => `${describeValue(input)} is not an alarm name (1 to 40 letters, digits, hyphens)`),
    }),
    regions: z.enum(["primary", "secondary", "both"]).default("both"),
    namespace: z.string().min(1),
    query: z.string().min(1),
    body: z.string().optional(),
    ...alarmTuning,
});

/** Custom alarm names name resources: unique among themselves and distinct from the built-in alarms'. */
function checkCustomAlarmNames(settings: { customAlarms?: unknown }, ctx: z.RefinementCtx): void {
    if (!Array.isArray(settings.customAlarms)) return;
    const seen = new Map<string, number>();
    settings.customAlarms.forEach((alarm: { name?: unknown }, index) => {
        if (typeof alarm?.name !== "string") return;
        const key = alarm.name.toLowerCase();
        const path = ["customAlarms", index, "name"];
        if ((BUILT_IN_ALARM_NAMES as readonly string[]).includes(key)) {
            ctx.addIssue({ code: "custom", path, message: `${describeValue(alarm.name)} is the name of a built-in alarm; reserved: ${BUILT_IN_ALARM_NAMES.join(", ")}` });
        } else if (seen.has(key)) {
            ctx.addIssue({ code: "custom", path, message: `${describeValue(alarm.name)} is also the name of customAlarms.${seen.get(key)}; alarm names must be unique` });
        }
        if (!seen.has(key)) seen.set(key, index);
    });
}

/**
 * How a region's endpoint is probed. Health Checks counts an HTTP probe healthy only on a 2xx
 * answer (HEALTHY_HTTP_STATUS), and Oracle documents no path of an Oracle Integration instance
 * that answers 2xx without signing in: its pages send a visitor to the identity domain's sign-in
 * (a redirect) and its REST API answers 401. An HTTPS probe of such a path fails on a healthy
 * instance and its alarm would never stop firing. So the default probe is `tcp`: a TCP connection
 * to port 443 of the regional host, which answers whatever the instance's role (a STANDBY instance
 * included), and stops answering when the region's endpoint is lost. `https` is for a path the
 * user knows to answer 2xx without credentials (a gateway in front, an API of their own).
 */
export const ProbeKind = {
    tcp: "tcp",
    https: "https",
} as const;
/** tcp or https: see {@link ProbeKind} (an object literal `as const`: the analyzer's form of an enum, provider/README.md). */
export type ProbeKind = (typeof ProbeKind)[keyof typeof ProbeKind];
export const PROBE_KINDS: readonly ProbeKind[] = Object.values(ProbeKind);

const probeSettings = z
    .strictObject({
        kind: z.enum(ProbeKind).default("tcp"),
        intervalInSeconds: z
            .number()
            .refine((n) => (PROBE_INTERVALS as readonly number[]).includes(n), {
                error: given((input) => `${describeValue(input)} is not a Health Checks interval; allowed: ${PROBE_INTERVALS.join(", ")}`),
            })
            .default(60),
        timeoutInSeconds: z.number().optional(),
        path: z.string().startsWith("/").optional(),
        vantagePointNames: z
            .array(z.string().min(1))
            .superRefine((names, ctx) => {
                const problem = vantagePointsProblem(names);
                if (problem) ctx.addIssue({ code: "custom", message: problem, input: names });
            })
            .optional(),
        healthyBelow: z.number().gt(0).lte(1).default(0.5),
        watchStandby: z.boolean().default(true),
        standbySeverity: z.enum(ALARM_SEVERITIES).default("WARNING"),
        standbyUrl: z.url({ protocol: /^https$/ }).optional(),
    })
    .superRefine((probe, ctx) => {
        if (probe.kind === "https" && probe.path === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["path"],
                message: "required for an https probe: a path that answers 2xx without credentials (Health Checks counts only 2xx as healthy, and Oracle Integration's own pages and APIs ask for sign-in)",
            });
        }
        if (probe.kind === "tcp" && probe.path !== undefined) {
            ctx.addIssue({ code: "custom", path: ["path"], message: `${describeValue(probe.path)} is set, but a tcp probe has no path; set kind: "https" to probe a path`, input: probe.path });
        }
        if (probe.timeoutInSeconds === undefined || typeof probe.intervalInSeconds !== "number") return;
        const problem = httpMonitorTimeoutProblem(probe.timeoutInSeconds, probe.intervalInSeconds);
        if (problem) ctx.addIssue({ code: "custom", path: ["timeoutInSeconds"], message: problem, input: probe.timeoutInSeconds });
    })
    .transform((probe) => ({ ...probe, timeoutInSeconds: probe.timeoutInSeconds ?? defaultHttpMonitorTimeout(probe.intervalInSeconds) }))
    // Absent: parsed as {}, so the field defaults above are the only ones.
    .prefault({});

/** Notification topics, cross-region probes and alarms. */
const alarmSettingsShape = {
    subscriptions: z.array(notificationSubscription).default([]),
    probe: probeSettings,
    ...alarmTuning,
    runbookUrl: z.url().optional(),
    customAlarms: z.array(customAlarm).default([]),
};

/** `alarms` of DrPairedIntegration: the DrAlarms settings, and a switch. */
export const alarmSettingsSchema = z
    .strictObject({
        enabled: z.boolean().default(true),
        ...alarmSettingsShape,
    })
    .superRefine(checkCustomAlarmNames, { when: () => true });
export type AlarmSettings = z.output<typeof alarmSettingsSchema>;
export type CustomAlarm = AlarmSettings["customAlarms"][number];

/**
 * `activeRegion`: text is checked against the pair now (checkActiveRegion); an Output when its
 * value is known (drAlarms.ts activeRegionOf), since it is read from the pair as it is.
 */
const activeRegion = z.custom<pulumi.Input<string>>((value) => typeof value === "string" || pulumi.Output.isInstance(value), {
    error: given((input) => `${describeValue(input)} is not a region identifier or an Output of one`),
});

/** A plain `activeRegion` must be one of the pair's two regions. */
function checkActiveRegion(args: { primaryRegion?: unknown; activeRegion?: unknown }, ctx: z.RefinementCtx): void {
    if (typeof args.activeRegion !== "string" || typeof args.primaryRegion !== "string") return;
    const partner = partnerRegion(args.primaryRegion);
    if (!partner) return; // primaryRegion is reported on its own
    const allowed = [args.primaryRegion, partner.identifier];
    if (!allowed.includes(args.activeRegion)) {
        ctx.addIssue({
            code: "custom",
            path: ["activeRegion"],
            message: `${describeValue(args.activeRegion)} is not a region of this pair; allowed: ${allowed.join(", ")} (the region that hosts the primary instance now)`,
            input: args.activeRegion,
        });
    }
}

const optionalUrl = z.custom<pulumi.Input<string | undefined>>((value) => value === undefined || typeof value === "string" || pulumi.Output.isInstance(value), {
    error: given((input) => `${describeValue(input)} is not a URL or an Output of one`),
});

/** Arguments of the standalone DrAlarms component. */
export const drAlarmsArgsSchema = z
    .strictObject({
        ...alarmSettingsShape,
        ...pairedArgs,
        activeRegion: activeRegion.optional(),
        compartmentId: ocid("a compartment", ["compartment", "tenancy"]),
        displayName: displayNameField,
        namePrefix,
        regionalUrls: z.strictObject({ primary: optionalUrl.optional(), secondary: optionalUrl.optional() }).default({}),
        freeformTags: tagMap.optional(),
    })
    .superRefine(
        (args, ctx) => {
            checkCustomAlarmNames(args, ctx);
            checkFunctionRegions(args.primaryRegion, args.subscriptions, ctx, ["subscriptions"]);
            checkActiveRegion(args, ctx);
        },
        { when: () => true },
    );
export type DrAlarmsValidated = z.output<typeof drAlarmsArgsSchema>;
