/**
 * Waivers: a policy's config may exempt named resources from it, and only with a written reason.
 * A waived finding is still reported, never dropped: it keeps its level and carries the reason.
 *
 * Waivers are applied to findings as data, by one pure function (`applyWaivers`) that both the
 * policy pack and `oic-dr check` call. How a waived finding reaches the Pulumi engine, which knows
 * nothing of waivers, is decided once, in `engineReport`.
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

/** The levels a finding is reported at (a remediating policy reports at mandatory). */
export type FindingLevel = "mandatory" | "advisory";

/** What one policy found on one resource, as data. */
export interface PolicyFinding {
    /** The name of the policy that found it: waivers are per policy. */
    readonly policy: string;
    readonly urn: string;
    readonly resourceName: string;
    /**
     * The level it is reported at. Unset inside the pack for an ordinary finding: a policy does not
     * see the level it is configured at, the engine applies it to what the policy reports.
     */
    readonly enforcementLevel?: FindingLevel;
    readonly message: string;
}

/** A finding after waivers were applied: `waiver` is set when one covers its resource. */
export type Judged<F extends PolicyFinding> = F & { readonly waiver?: { readonly reason: string } };

/** The waivers of each policy, by policy name (the config of a policy holds its own). */
export type WaiversByPolicy = ReadonlyMap<string, readonly Waiver[]>;

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

function matches(pattern: string, subject: string): boolean {
    return new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`).test(subject);
}

/** The first waiver that covers this resource, if any. */
function findWaiver(waivers: readonly Waiver[] | undefined, urn: string, name: string): Waiver | undefined {
    return waivers?.find((waiver) => waiver.resources.some((pattern) => matches(pattern, pattern.startsWith("urn:") ? urn : name)));
}

/**
 * Each finding with the first of its policy's waivers that covers its resource; a finding no
 * waiver covers is returned as it came. Pure: the same findings and waivers give the same result.
 */
export function applyWaivers<F extends PolicyFinding>(findings: readonly F[], waivers: WaiversByPolicy): Judged<F>[] {
    return findings.map((finding) => {
        const waiver = findWaiver(waivers.get(finding.policy), finding.urn, finding.resourceName);
        return waiver ? { ...finding, waiver: { reason: waiver.reason } } : finding;
    });
}

/** A violation in the object form `reportViolation` takes (its `enforcementLevel` overrides the policy's). */
export interface EngineReport {
    readonly message: string;
    readonly urn: string;
    readonly enforcementLevel?: FindingLevel;
}

/**
 * How a finding is reported to the engine, the one place a waiver becomes text. The engine has no
 * notion of a waiver, so a waived finding is reported advisory (visible, never blocking) with the
 * reason leading its message, for whoever reads `pulumi preview`'s output.
 */
export function engineReport(finding: Pick<Judged<PolicyFinding>, "message" | "urn" | "enforcementLevel" | "waiver">): EngineReport {
    if (finding.waiver) return { message: `Waived (${finding.waiver.reason}): ${finding.message}`, urn: finding.urn, enforcementLevel: "advisory" };
    return { message: finding.message, urn: finding.urn, ...(finding.enforcementLevel ? { enforcementLevel: finding.enforcementLevel } : {}) };
}
