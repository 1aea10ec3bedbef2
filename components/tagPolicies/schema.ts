/** The schema of TagPolicies' arguments, and of `tagPolicy` of DrPairedIntegration. */
import { z } from "zod";
import { namePrefix, ocid, tagMap } from "../support/argumentFields";
import { describeValue, given } from "../support/validation";

export const groupName = z.string().regex(/^[A-Za-z0-9._-]+$/, {
    error: given((input) => `${describeValue(input)} is not a group name (letters, digits, ".", "_", "-")`),
});

/** Groups that get `use tag-namespaces`, which creating a tagged DR instance requires. */
export const tagPolicySettingsSchema = z.strictObject({
    groups: z.array(groupName).default([]),
    enabled: z.boolean().default(true),
});

/**
 * Who gets `manage integration-instance` (tagPolicies/instancePolicy.ts): groups, dynamic groups or
 * both, at least one; the identity domain qualifies them as it does the tag policy's groups.
 */
export const instancePolicySettingsSchema = z
    .strictObject({
        groups: z.array(groupName).default([]),
        dynamicGroups: z.array(groupName).default([]),
    })
    .refine((settings) => settings.groups.length + settings.dynamicGroups.length > 0, {
        error: "name at least one group or dynamic group (omit instancePolicy when IAM grants it elsewhere)",
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
