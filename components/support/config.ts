/**
 * The schemas of every component's arguments, one per component. Each component validates its
 * arguments against its schema once, at the edge, before anything is registered (see
 * validation.ts for how problems are reported); a child composed by `DrPairedIntegration` gets
 * the validated values and parses nothing again.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DR_UNSUPPORTED_INSTANCE_FIELDS, DrEdition, drUnsupportedMessage } from "../../facts/drSupport";
import { OCI_PROVIDER_AUTH_METHODS, sdkAuthMethod } from "../../facts/ociAuth";
import { ocidPattern, realmOfOcid } from "../../facts/ocid";
import { realmOfRegion } from "../../facts/regionCatalogue";
import { drRegionIdentifiers, DrRegionIdentifier, REGION_IDENTIFIER } from "../../facts/regions";
import { BUILT_IN_ALARM_NAMES, defaultNamePrefix, DKIM_REGION_SUFFIX_LENGTH, NAME_PREFIX } from "./naming";
import { ALARM, defaultHttpMonitorTimeout, DKIM, durationProblem, HTTP_MONITOR, httpMonitorTimeoutProblem, INTEGRATION_INSTANCE } from "../../facts/ociContracts";
import { UNDECRYPTED_SECRET } from "./offlineSecret";
import { describeValue, given, parseWith, refusedKeys, stringInput } from "./validation";

/** Why `value` is not an OCID of one of `types`, or undefined when it is one. */
function ocidProblem(what: string, types: readonly string[]): (value: string) => string | undefined {
    const pattern = ocidPattern(types);
    const shape = types.map((t) => `ocid1.${t}.oc1..<unique id>`).join(" or ");
    return (value) => (pattern.test(value) ? undefined : `${describeValue(value)} is not ${what} OCID; expected ${shape}`);
}

/**
 * An OCID, as text or as another resource's output (a compartment created in the same program):
 * text is checked now, an Output when its value is known (see stringInput).
 */
function ocid(what: string, types: readonly string[]) {
    return stringInput(ocidProblem(what, types));
}

/** Integration instance names: a letter first, then letters, digits and hyphens, at most 50 characters. */
const DISPLAY_NAME = /^[A-Za-z][A-Za-z0-9-]{0,49}$/;
const displayNameField = z.string().regex(DISPLAY_NAME, {
    error: given((input) =>
        `${describeValue(input)} is not a valid instance name; use 1 to 50 letters, digits or hyphens, starting with a letter`),
});

const editionNames = Object.values(DrEdition);

/** Editions are accepted in any case; the input type says so, the output is the canonical name. */
const edition = z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
    z.enum(DrEdition, {
        error: given((input) =>
            `${describeValue(input)} is not supported by Oracle-managed DR; allowed: ${editionNames.join(", ")}` +
            (typeof input === "string" && input.startsWith("STANDARD") ? " (Standard edition has no DR)" : "")),
    }),
) as unknown as z.ZodType<DrEdition, DrEdition | Lowercase<DrEdition>>;

const tagMap = z.record(z.string().min(1), z.string());

/** How the tags are used matters beyond the instance: defined or default tags need an IAM policy (see TagPolicies). */
const tags = z.strictObject({
    freeform: tagMap.optional(),
    defined: z
        .record(
            z.string().regex(/^[^.\s]+\.[^.\s]+$/, {
                error: given((input) => `defined tag key ${describeValue(input)} must be "namespace.key"`),
            }),
            z.string(),
        )
        .optional(),
    usesDefaultTags: z.boolean().optional(),
});

const identityDomain = z.strictObject({
    id: ocid("an identity domain", ["domain"]),
    isDefault: z.boolean(),
    name: z.string().min(1).optional(),
    replicate: z.boolean().default(true),
});

/**
 * The prefix of the names OCI keeps unique across the tenancy; defaults to `<project>-<stack>`.
 * Plain text: it builds names.
 */
const namePrefix = z
    .string()
    .regex(NAME_PREFIX, { error: given((input) => `${describeValue(input)} is not a name prefix (1 to 64 letters, digits, "_" and "-")`) })
    .optional()
    .transform((prefix) => prefix ?? defaultNamePrefix());

/** A region of an Oracle-managed DR pair. Plain text: it chooses providers and names. */
const drRegionField = z.enum(DrRegionIdentifier, {
    error: given((input) =>
        `${describeValue(input)} is not a region of an Oracle-managed DR pair; allowed: ${drRegionIdentifiers.join(", ")}`),
});

/** A region of OCI's catalogue (oci-common's `Region.values()`), not just a well-formed identifier. */
const regionIdentifier = z.string().refine((text) => REGION_IDENTIFIER.test(text) && realmOfRegion(text) !== undefined, {
    error: given((input) => `${describeValue(input)} is not an OCI region identifier such as "us-ashburn-1" (regions as the oci-common SDK's catalogue lists them)`),
});

/** An OCI provider instance (any copy of @pulumi/oci: `isInstance` compares the package name, not the class). */
const ociProviderInstance = z.custom<oci.Provider>((value) => oci.Provider.isInstance(value), {
    error: given((input) => `${describeValue(input)} is not an OCI provider (new oci.Provider(...))`),
});

/** Providers per role; the missing ones are created from region names. */
const providersSchema = z.strictObject({
    primary: ociProviderInstance.optional(),
    secondary: ociProviderInstance.optional(),
    home: ociProviderInstance.optional(),
});

/** Settings shared by every OCI provider a component creates from region names. */
const ociProvider = z.strictObject({
    auth: z.enum(OCI_PROVIDER_AUTH_METHODS).optional(),
    configFileProfile: z.string().min(1).optional(),
});

/** What every component acting in both regions of a pair takes. */
const pairedArgs = {
    primaryRegion: drRegionField,
    providers: providersSchema.optional(),
    ociProvider: ociProvider.optional(),
};

const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const emailAddress = (what: string) =>
    z.string().regex(EMAIL_ADDRESS, { error: given((input) => `${describeValue(input)} is not ${what}`) });
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/**
 * A DKIM selector prefix: the selector is `<prefix>-<region key>`, which must meet the guide's
 * rule (DKIM.guideSelector): lower-case letters, digits and dashes, the whole at most 63 long.
 */
const DKIM_PREFIX = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DKIM_PREFIX_MAX = DKIM.maxSelectorLength - DKIM_REGION_SUFFIX_LENGTH;

/** Email Delivery refuses a second sender or suppression with the same address in a region (addresses compare case-insensitively). */
function rejectDuplicateAddresses(settings: { senders?: unknown; suppressions?: unknown }, ctx: z.RefinementCtx): void {
    for (const field of ["senders", "suppressions"] as const) {
        const list = settings[field];
        if (!Array.isArray(list)) continue;
        const seen = new Set<string>();
        list.forEach((address: unknown, index) => {
            if (typeof address !== "string") return;
            const key = address.toLowerCase();
            if (seen.has(key)) ctx.addIssue({ code: "custom", path: [field, index], message: `${describeValue(address)} is listed twice` });
            seen.add(key);
        });
    }
}

/** Email Delivery of a customer-owned email tenancy, maintained identically in both regions. */
const emailDeliverySettingsShape = {
    senders: z.array(emailAddress("an email address")).min(1, { error: "at least one approved sender is required" }),
    domain: z
        .strictObject({
            name: z.string().regex(DOMAIN_NAME, {
                error: given((input) => `${describeValue(input)} is not a lower-case domain name such as "mail.example.com"`),
            }),
            dkimSelectorPrefix: z
                .string()
                .refine((text) => DKIM_PREFIX.test(text) && text.length <= DKIM_PREFIX_MAX, {
                    error: given(
                        (input) =>
                            `${describeValue(input)} is not a DKIM selector prefix: 1 to ${DKIM_PREFIX_MAX} lower-case letters, digits and dashes (the selector adds "-<region key>" and may be at most ${DKIM.maxSelectorLength} long)`,
                    ),
                })
                .optional(),
        })
        .optional(),
    suppressions: z.array(emailAddress("an email address to suppress")).default([]),
};

/** `emailDelivery` of DrPairedIntegration. */
export const emailDeliverySettingsSchema = z.strictObject(emailDeliverySettingsShape).superRefine(rejectDuplicateAddresses, { when: () => true });
export type EmailDeliverySettings = z.output<typeof emailDeliverySettingsSchema>;

/** Arguments of the standalone EmailDelivery component. */
export const emailDeliveryArgsSchema = z
    .strictObject({
        ...emailDeliverySettingsShape,
        ...pairedArgs,
        compartmentId: ocid("a compartment", ["compartment", "tenancy"]),
        tenancyId: ocid("a tenancy", ["tenancy"]),
        freeformTags: tagMap.optional(),
    })
    .superRefine(rejectDuplicateAddresses, { when: () => true });
export type EmailDeliveryValidated = z.output<typeof emailDeliveryArgsSchema>;

const groupName = z.string().regex(/^[A-Za-z0-9._-]+$/, {
    error: given((input) => `${describeValue(input)} is not a group name (letters, digits, ".", "_", "-")`),
});

/** Groups that get `use tag-namespaces`, which creating a tagged DR instance requires. */
export const tagPolicySettingsSchema = z.strictObject({
    groups: z.array(groupName).default([]),
    enabled: z.boolean().default(true),
});

/** Arguments of the standalone TagPolicies component. */
export const tagPoliciesArgsSchema = z.strictObject({
    tenancyId: ocid("a tenancy", ["tenancy"]),
    groups: z.array(groupName).min(1, { error: "name at least one group" }),
    domainName: z.string().regex(/^[A-Za-z0-9._-]+$/).optional(),
    freeformTags: tagMap.optional(),
    namePrefix,
});
export type TagPoliciesSettings = z.output<typeof tagPoliciesArgsSchema>;

/** Arguments of the standalone IdentityDomainReplication component. */
export const identityDomainReplicationArgsSchema = z.strictObject({
    domainId: ocid("an identity domain", ["domain"]),
    isDefaultDomain: z.boolean(),
    replicaRegion: regionIdentifier,
});
export type IdentityDomainReplicationSettings = z.output<typeof identityDomainReplicationArgsSchema>;

/**
 * How a notification subscription is delivered. An object literal `as const` before the type of the
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
/**
 * Protocols whose endpoint lives in one region: an ORACLE_FUNCTIONS endpoint is a function's OCID,
 * and a function exists in one region only. Each region's topic needs its own, or the surviving
 * region would call into the failed one.
 */
export const REGION_BOUND_PROTOCOLS: ReadonlySet<string> = new Set<NotificationProtocol>(["ORACLE_FUNCTIONS"]);
/** Protocols whose endpoint URL embeds a credential (webhook key, integration key): always stored as a secret. */
export const SECRET_ENDPOINT_PROTOCOLS: ReadonlySet<string> = new Set<NotificationProtocol>(["HTTPS", "PAGERDUTY", "SLACK", "CUSTOM_HTTPS"]);
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
    }, { when: () => true });

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
        vantagePointNames: z.array(z.string().min(1)).optional(),
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

const optionalUrl = z.custom<pulumi.Input<string | undefined>>((value) => value === undefined || typeof value === "string" || pulumi.Output.isInstance(value), {
    error: given((input) => `${describeValue(input)} is not a URL or an Output of one`),
});

/** Arguments of the standalone DrAlarms component. */
export const drAlarmsArgsSchema = z
    .strictObject({
        ...alarmSettingsShape,
        ...pairedArgs,
        compartmentId: ocid("a compartment", ["compartment", "tenancy"]),
        displayName: displayNameField,
        namePrefix,
        regionalUrls: z.strictObject({ primary: optionalUrl.optional(), secondary: optionalUrl.optional() }).default({}),
        freeformTags: tagMap.optional(),
    })
    .superRefine(checkCustomAlarmNames, { when: () => true });
export type DrAlarmsValidated = z.output<typeof drAlarmsArgsSchema>;

/**
 * Where the connectivity agents run decides what a failover asks of the operator. An object
 * literal `as const` before the type of the same name: the form Pulumi's component analyzer makes
 * an enum of (provider/README.md); its keys are identifiers, as the analyzer requires.
 */
export const ConnectivityAgentLocation = {
    none: "none",
    onPremises: "on-premises",
    ociCompute: "oci-compute",
    kubernetes: "kubernetes",
} as const;
export type ConnectivityAgentLocation = (typeof ConnectivityAgentLocation)[keyof typeof ConnectivityAgentLocation];
export const AGENT_LOCATIONS: readonly ConnectivityAgentLocation[] = Object.values(ConnectivityAgentLocation);

/** Facts about how the instance is used; they decide which steps the failover runbook contains. */
const usage = z.strictObject({
    ownEmailTenancy: z.boolean().default(false),
    pollingTriggerIntegrations: z.boolean().default(true),
    eventBasedIntegrations: z.boolean().default(false),
    designTimeApiClients: z.boolean().default(false),
    connectivityAgent: z.enum(ConnectivityAgentLocation).default("none"),
});

const generation = z.number().int().min(0);

/**
 * A secret given as a Pulumi secret Output. Plain text is refused (it would be stored and shown in
 * clear); a missing one is reported as missing, by the generic "required".
 */
export const secretOutput = z.custom<pulumi.Output<string>>((v) => pulumi.Output.isInstance(v), {
    error: given(() => "must be a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)), never plain text"),
});

export const drPairedIntegrationArgsSchema = z
    .strictObject({
        primaryRegion: drRegionField,
        homeRegion: regionIdentifier.optional(),
        tenancyId: ocid("a tenancy", ["tenancy"]),
        compartmentId: ocid("a compartment", ["compartment", "tenancy"]),
        displayName: displayNameField,
        namePrefix,
        edition,
        messagePacks: z.number().int().min(1, { error: given((input) => `${describeValue(input)} message packs; at least 1 is required`) }),
        isByol: z.boolean().default(false),
        identityDomain: identityDomain.optional(),
        idcsAccessToken: secretOutput.optional(),
        consumptionModel: z.enum(INTEGRATION_INSTANCE.consumptionModels).optional(),
        dataRetentionPeriod: z.enum(INTEGRATION_INSTANCE.dataRetentionPeriods).optional(),
        fileServer: z.boolean().default(false),
        tags: tags.optional(),
        // Drives the provider's failoverTrigger; the guard of failoverGeneration.ts refuses a lowered value.
        failoverGeneration: generation.default(0),
        adoptFailoverGeneration: generation.optional(),
        previousFailoverGeneration: generation.optional(),
        protect: z.boolean().default(true),
        usage: usage.default(() => usage.parse({})),
        providers: providersSchema.optional(),
        ociProvider: ociProvider.optional(),
        subscribeSecondaryRegion: z.boolean().default(true),
        tagPolicy: tagPolicySettingsSchema.optional(),
        emailDelivery: emailDeliverySettingsSchema.optional(),
        alarms: alarmSettingsSchema.default(() => alarmSettingsSchema.parse({})),
    })
    .superRefine(
        (spec, ctx) => {
            // Runs even when fields failed (see `when`), so the value types are checked here.
            if (spec.identityDomain && spec.idcsAccessToken) {
                ctx.addIssue({
                    code: "custom",
                    path: ["idcsAccessToken"],
                    message: "give identityDomain or idcsAccessToken, not both (the provider takes one of domainId and idcsAt)",
                });
            }
            const declaresPolicy = tagPolicyDeclared(spec);
            if (declaresPolicy && (spec.tagPolicy?.groups?.length ?? 0) === 0) {
                ctx.addIssue({
                    code: "custom",
                    path: ["tagPolicy", "groups"],
                    message:
                        "defined or default tags are used, so creating the instance needs `use tag-namespaces`: name the groups in tagPolicy.groups (or set tagPolicy.enabled false if the policy exists)",
                });
            }
            const domain = spec.identityDomain;
            if (declaresPolicy && domain && !domain.isDefault && !domain.name) {
                ctx.addIssue({
                    code: "custom",
                    path: ["identityDomain", "name"],
                    message: "required for the tag policy: groups of a non-default domain are written Domain/Group",
                });
            }
            const auth = spec.ociProvider?.auth;
            // The subscription signs with oic-dr's own SDK client, which knows fewer methods than the provider.
            if (spec.subscribeSecondaryRegion !== false && typeof auth === "string" && sdkAuthMethod(auth) === undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["subscribeSecondaryRegion"],
                    message: `the region subscription signs with the OCI config file, instance or resource principals, not ${auth}: subscribe the partner region beforehand and set subscribeSecondaryRegion false`,
                });
            }
            // OCIDs and regions of one realm: an oc2 tenancy cannot hold an oc1 region's instance.
            const realm = typeof spec.primaryRegion === "string" ? realmOfRegion(spec.primaryRegion) : undefined;
            if (realm) {
                const inRealm = (path: (string | number)[], value: unknown, found: string | undefined) => {
                    if (found !== undefined && found !== realm) {
                        ctx.addIssue({ code: "custom", path, message: `${describeValue(value)} is in realm ${found}, but primaryRegion ${spec.primaryRegion} is in ${realm}` });
                    }
                };
                for (const [path, value] of [[["tenancyId"], spec.tenancyId], [["compartmentId"], spec.compartmentId], [["identityDomain", "id"], spec.identityDomain?.id]] as const) {
                    if (typeof value === "string" && value !== UNDECRYPTED_SECRET) inRealm([...path], value, realmOfOcid(value));
                }
                if (typeof spec.homeRegion === "string") inRealm(["homeRegion"], spec.homeRegion, realmOfRegion(spec.homeRegion));
            }
            const adopted = spec.adoptFailoverGeneration;
            if (typeof adopted === "number" && typeof spec.failoverGeneration === "number" && spec.failoverGeneration < adopted) {
                ctx.addIssue({
                    code: "custom",
                    path: ["adoptFailoverGeneration"],
                    message: `${adopted} is above failoverGeneration ${spec.failoverGeneration}; adopt the pair at its current generation (the failoverGeneration you deploy)`,
                });
            }
            const next = spec.failoverGeneration;
            const previous = spec.previousFailoverGeneration;
            if (typeof next !== "number" || typeof previous !== "number") return;
            if (next < previous) {
                ctx.addIssue({
                    code: "custom",
                    path: ["failoverGeneration"],
                    message: `${next} is lower than the deployed generation ${previous}; it can only be raised (by one to fail over)`,
                });
            } else if (next > previous + 1) {
                ctx.addIssue({
                    code: "custom",
                    path: ["failoverGeneration"],
                    message: `${next} jumps from the deployed generation ${previous}; raise it by one (to ${previous + 1}) per failover`,
                });
            }
        },
        // Cross-field problems are reported together with field problems: one round of fixes.
        { when: () => true },
    );

// A field of the instance that Oracle-managed DR does not support is named as such, with the
// reason, in the words of the policy pack (drSupport.ts), rather than called a misspelt key.
refusedKeys.add(
    drPairedIntegrationArgsSchema,
    Object.fromEntries(Object.entries(DR_UNSUPPORTED_INSTANCE_FIELDS).map(([field, unsupported]) => [field, drUnsupportedMessage(unsupported)])),
);

/** Defined or default tags make creating the instance need the `use tag-namespaces` policy. */
export function tagsNeedPolicy(spec: { tags?: { usesDefaultTags?: boolean; defined?: Record<string, string> } }): boolean {
    return Boolean(spec.tags?.usesDefaultTags) || Object.keys(spec.tags?.defined ?? {}).length > 0;
}

/**
 * Whether DrPairedIntegration declares the `use tag-namespaces` policy: the tags need it and it is
 * not switched off. Validation asks for its groups exactly then; the component declares it exactly then.
 */
export function tagPolicyDeclared(spec: {
    tags?: { usesDefaultTags?: boolean; defined?: Record<string, string> };
    tagPolicy?: { enabled?: boolean };
}): boolean {
    return tagsNeedPolicy(spec) && spec.tagPolicy?.enabled !== false;
}

/** What the components use: validated, with defaults filled in. */
export type DrIntegrationSpec = z.output<typeof drPairedIntegrationArgsSchema>;
export type IntegrationUsage = DrIntegrationSpec["usage"];

/** Validates DrPairedIntegration's arguments without declaring anything (see {@link parseWith}). */
export function parseDrIntegrationSpec(input: unknown): DrIntegrationSpec {
    return parseWith(drPairedIntegrationArgsSchema, input, "DrPairedIntegration arguments");
}
