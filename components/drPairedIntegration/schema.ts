/**
 * The schema of DrPairedIntegration's arguments: its own fields, the children's settings (whose
 * schemas sit beside those components) and the checks across fields, reported with the field
 * problems in one error.
 */
import { z } from "zod";
import { DR_UNSUPPORTED_INSTANCE_FIELDS, DrEdition, drUnsupportedMessage } from "../../facts/drSupport";
import { sdkAuthMethod } from "../../facts/ociAuth";
import { realmOfOcid } from "../../facts/ocid";
import { INTEGRATION_INSTANCE } from "../../facts/ociContracts";
import { realmOfRegion } from "../../facts/regionCatalogue";
import { alarmSettingsSchema, checkFunctionRegions } from "../drAlarms/schema";
import { emailDeliverySettingsSchema } from "../emailDelivery/schema";
import { instancePolicySettingsSchema, tagPolicySettingsSchema } from "../tagPolicies/schema";
import { checkPrivateEndpoints, privateEndpointsSchema } from "./privateEndpoints";
import { fullStackDrSettingsSchema } from "../fullStackDr/schema";
import { displayNameField, drRegionField, namePrefix, ociProvider, ocid, providersSchema, regionIdentifier, secretOutput, tagMap } from "../support/argumentFields";
import { UNDECRYPTED_SECRET } from "../support/offlineSecret";
import { describeValue, given, parseWith, refusedKeys } from "../support/validation";

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
    homeRegion: regionIdentifier.optional(),
});

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
        instancePolicy: instancePolicySettingsSchema.optional(),
        emailDelivery: emailDeliverySettingsSchema.optional(),
        fullStackDr: fullStackDrSettingsSchema.optional(),
        alarms: alarmSettingsSchema.default(() => alarmSettingsSchema.parse({})),
        privateEndpoints: privateEndpointsSchema.optional(),
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
            const policies = [declaresPolicy && "the tag policy", spec.instancePolicy !== undefined && "instancePolicy"].filter(Boolean);
            if (policies.length > 0 && domain && !domain.isDefault && !domain.name) {
                ctx.addIssue({
                    code: "custom",
                    path: ["identityDomain", "name"],
                    message: `required for ${policies.join(" and ")}: groups of a non-default domain are written Domain/Group`,
                });
            }
            // "The Default identity domain's home region is the tenancy's home region. This cannot be
            // changed." (OCI IAM, "Replicating an Identity Domain to Multiple Regions").
            const tenancyHome = typeof spec.homeRegion === "string" ? spec.homeRegion : typeof spec.primaryRegion === "string" ? spec.primaryRegion : undefined;
            if (domain?.isDefault === true && typeof domain.homeRegion === "string" && tenancyHome !== undefined && domain.homeRegion !== tenancyHome) {
                ctx.addIssue({
                    code: "custom",
                    path: ["identityDomain", "homeRegion"],
                    message: `${describeValue(domain.homeRegion)} is not the tenancy's home region ${tenancyHome}: the Default domain is homed there; allowed: ${tenancyHome} or unset`,
                });
            }
            checkFunctionRegions(spec.primaryRegion, spec.alarms?.subscriptions, ctx, ["alarms", "subscriptions"]);
            checkPrivateEndpoints(spec.primaryRegion, spec.privateEndpoints, ctx, ["privateEndpoints"]);
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
                const domainHome = spec.identityDomain?.homeRegion;
                if (typeof domainHome === "string") inRealm(["identityDomain", "homeRegion"], domainHome, realmOfRegion(domainHome));
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
// The instance's own private endpoint field would serve one instance of the pair: privateEndpoints serves both.
refusedKeys.add(drPairedIntegrationArgsSchema, {
    ...Object.fromEntries(Object.entries(DR_UNSUPPORTED_INSTANCE_FIELDS).map(([field, unsupported]) => [field, drUnsupportedMessage(unsupported)])),
    privateEndpointOutboundConnections: "set privateEndpoints instead: Oracle-managed DR supports private endpoints only on both instances, and it declares one on each",
});

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
