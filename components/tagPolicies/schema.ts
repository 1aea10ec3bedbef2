/** The schema of TagPolicies' arguments, and of `tagPolicy` of DrPairedIntegration. */
import { z } from "zod";
import { namePrefix, ocid, tagMap } from "../support/argumentFields";
import { describeValue, given } from "../support/validation";

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
