/**
 * Waivers: a policy's config may exempt named resources from it, and only with a written reason.
 * A waived violation is still reported, as advisory and with its reason, never dropped.
 */
import { z } from "zod";

export const waiverSchema = z.strictObject({
    /**
     * Resource names or URN patterns; `*` matches any run of characters. A pattern that starts with
     * `urn:` is matched against the URN, any other against the resource's name.
     */
    resources: z.array(z.string().min(1)).min(1),
    /** Why the exemption is acceptable: required, so that every waiver explains itself. */
    reason: z.string().regex(/\S/, { error: "a waiver needs a written reason" }),
});
export type Waiver = z.output<typeof waiverSchema>;

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

function matches(pattern: string, subject: string): boolean {
    return new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`).test(subject);
}

/** The first waiver that covers this resource, if any. */
export function findWaiver(waivers: readonly Waiver[] | undefined, resource: { urn: string; name: string }): Waiver | undefined {
    return waivers?.find((waiver) =>
        waiver.resources.some((pattern) => matches(pattern, pattern.startsWith("urn:") ? resource.urn : resource.name)),
    );
}

/** How a waived violation's message starts, so it reads as waived wherever it is shown. */
export function waivedMessage(reason: string, message: string): string {
    return `Waived (${reason}): ${message}`;
}
