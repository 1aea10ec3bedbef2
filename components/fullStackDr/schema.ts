/** The schema of FullStackDr's arguments, and of `fullStackDr` of DrPairedIntegration. */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { displayNameField, namePrefix, ocid, pairedArgs, regionIdentifier, tagMap } from "../support/argumentFields";
import { describeValue, given } from "../support/validation";

const principalName = (what: string) =>
    z.string().regex(/^[A-Za-z0-9._-]+$/, { error: given((input) => `${describeValue(input)} is not a ${what} name (letters, digits, ".", "_", "-")`) });

/**
 * An Object Storage namespace, or another resource's output (`oci.objectstorage.getNamespaceOutput`).
 * A refinement rather than z.custom's own check, which would abort the object's other checks.
 */
const objectStorageNamespace = z.custom<pulumi.Input<string>>().superRefine((value, ctx) => {
    if ((typeof value === "string" && /^[a-z0-9]{1,64}$/i.test(value)) || pulumi.Output.isInstance(value)) return;
    ctx.addIssue({ code: "custom", input: value, message: `${describeValue(value)} is not an Object Storage namespace (letters and digits, as \`oci os ns get\` prints it) or an Output` });
});

/**
 * The IAM statements Full Stack DR needs to act on the pair, for the groups (user authentication)
 * and dynamic groups (resource principal) that run its plans.
 */
const fullStackDrPolicySchema = z.strictObject({
    enabled: z.boolean().default(true),
    groups: z.array(principalName("group")).default([]),
    dynamicGroups: z.array(principalName("dynamic group")).default([]),
});

const fullStackDrSettingsShape = {
    objectStorageNamespace: objectStorageNamespace.optional(),
    policy: fullStackDrPolicySchema.default({ enabled: true, groups: [], dynamicGroups: [] }),
};

/** A policy that is declared names someone to grant it to. */
function requirePolicySubjects(settings: { policy?: { enabled?: boolean; groups?: unknown[]; dynamicGroups?: unknown[] } }, ctx: z.RefinementCtx): void {
    const policy = settings.policy;
    if (!policy || policy.enabled === false) return;
    if ((policy.groups?.length ?? 0) + (policy.dynamicGroups?.length ?? 0) > 0) return;
    ctx.addIssue({
        code: "custom",
        path: ["policy", "groups"],
        message:
            "Full Stack DR's plans act on the integration instances only with IAM statements: name the groups (or dynamicGroups) that run them, or set policy.enabled false when your IAM grants them elsewhere",
    });
}

/** `fullStackDr` of DrPairedIntegration: off unless given. */
export const fullStackDrSettingsSchema = z.strictObject(fullStackDrSettingsShape).superRefine(requirePolicySubjects, { when: () => true });
export type FullStackDrSettings = z.output<typeof fullStackDrSettingsSchema>;

/** Arguments of the standalone FullStackDr component. */
export const fullStackDrArgsSchema = z
    .strictObject({
        ...fullStackDrSettingsShape,
        ...pairedArgs,
        homeRegion: regionIdentifier.optional(),
        tenancyId: ocid("a tenancy", ["tenancy"]),
        compartmentId: ocid("a compartment", ["compartment", "tenancy"]),
        displayName: displayNameField,
        instanceId: ocid("an integration instance", ["integrationinstance"]),
        standbyInstanceId: ocid("an integration instance", ["integrationinstance"]),
        domainName: principalName("identity domain").optional(),
        freeformTags: tagMap.optional(),
        namePrefix,
    })
    .superRefine(requirePolicySubjects, { when: () => true });
export type FullStackDrValidated = z.output<typeof fullStackDrArgsSchema>;
