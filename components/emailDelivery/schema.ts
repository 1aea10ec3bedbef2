/** The schema of EmailDelivery's arguments, and of `emailDelivery` of DrPairedIntegration. */
import { z } from "zod";
import { DKIM, EMAIL_ADDRESS } from "../../facts/ociContracts";
import { ocid, pairedArgs, tagMap } from "../support/argumentFields";
import { DKIM_REGION_SUFFIX_LENGTH } from "../support/naming";
import { describeValue, given } from "../support/validation";

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
