/**
 * Waivers: a policy's config may exempt named resources from named findings of it, and only with
 * a written reason. A waived finding is still reported, never dropped: it keeps its level and
 * carries the reason.
 *
 * Each finding has a stable id, `<policy>[<finding>]`, the finding part naming what was found
 * (`oic-dr-api-constraints[alarm.pendingDuration]`), as cdk-nag names its granular findings
 * (`${ruleId}[${finding}]`, src/nag-pack.ts, and `appliesTo` in its suppressions). A waiver lists
 * the ids it covers in `findings`, so a new kind of finding on a waived resource is reported, not
 * silently covered. Unlike cdk-nag, where a suppression without `appliesTo` covers every finding
 * of the rule, present and future, `findings` may be left out only for a policy that finds one
 * kind of thing: there the waiver can cover nothing else. A policy's finding kinds are a closed
 * list declared with it, so a waiver naming an id the policy cannot report is refused as a typo.
 *
 * Waivers are applied to findings as data, by one pure function (`applyWaivers`) that both the
 * policy pack and `oic-dr check` call. How a finding reaches the Pulumi engine, which knows nothing
 * of waivers or finding ids, is decided once, in `engineReport`.
 */
import { z } from "zod";
import { describeValue } from "../components/support/validation";

/** The shortest reason a waiver may give, as cdk-nag asks of a suppression's reason. */
export const MIN_REASON_LENGTH = 10;

/** A finding's stable id: the policy, and what it found. */
export const findingId = (policy: string, finding: string): string => `${policy}[${finding}]`;

/**
 * The fields of every waiver; `waiverSchemaFor` narrows `findings` to one policy's ids. The
 * reason's length is counted without surrounding blanks.
 */
const waiverShape = {
    /**
     * Resource names or URN patterns; `*` matches any run of characters. A pattern that starts with
     * `urn:` is matched against the URN, any other against the resource's name.
     */
    resources: z.array(z.string().min(1)).min(1),
    /** The ids of the findings it covers, `<policy>[<finding>]`; all of them when left out (one-kind policies only). */
    findings: z.array(z.string().min(1)).min(1).optional(),
    /** Why the exemption is acceptable: required, so that every waiver explains itself. */
    // The length rule is `checkReason`'s; the engine, which validates `--policy-pack-config` against
    // the JSON Schema, gets it as a minLength (never stricter: it counts the blanks too).
    reason: z.string().regex(/\S/, { error: "a waiver needs a written reason" }).meta({ minLength: MIN_REASON_LENGTH }),
};

/** The length rule of a reason, with a message that names the waiver (by its resources), the value and the rule. */
function checkReason(waiver: { resources: string[]; reason: string }, ctx: z.RefinementCtx): void {
    const length = waiver.reason.trim().length;
    if (length === 0 || length >= MIN_REASON_LENGTH) return;
    ctx.addIssue({
        code: "custom",
        path: ["reason"],
        input: waiver.reason,
        message:
            `${JSON.stringify(waiver.reason)} is ${length} character${length === 1 ? "" : "s"} long; the waiver of ${waiver.resources.join(", ")} ` +
            `needs a reason of at least ${MIN_REASON_LENGTH} characters saying why the exemption is acceptable`,
    });
}

export const waiverSchema = z.strictObject(waiverShape).superRefine(checkReason);
export type Waiver = z.output<typeof waiverSchema>;

/**
 * The waiver schema of one policy: `findings` must name ids the policy reports, and is required
 * when the policy finds several kinds of thing (`findingIds` lists them; `ownKinds` counts the
 * policy's own, without the framework's preview note that any stack policy may add).
 */
export function waiverSchemaFor(policy: string, findingIds: readonly [string, ...string[]], ownKinds: number) {
    const listed = findingIds.join(", ");
    const id = z.enum(findingIds as [string, ...string[]], { error: (iss) => `${describeValue(iss.input)} is not a finding of ${policy}; allowed: ${listed}` });
    // Required, with the ids to choose from: a plain "required" would not say which.
    const ids = z.array(id, {
        error: (iss) => (iss.input === undefined ? `required: ${policy} finds several kinds of thing, so a waiver names the ones it covers, from: ${listed}` : undefined),
    }).min(1, { error: `an empty list waives nothing; name the findings this waiver covers, from: ${listed}` });
    const findings = ownKinds === 1 ? ids.optional() : ids;
    // Typed as the general shape: a policy's ids are checked at run time, and its config type says `findings?`.
    return z.strictObject({ ...waiverShape, findings }).superRefine(checkReason) as unknown as typeof waiverSchema;
}

/** The levels a finding is reported at (a remediating policy reports at mandatory). */
export type FindingLevel = "mandatory" | "advisory";

/** What one policy found on one resource, as data. */
export interface PolicyFinding {
    /** The name of the policy that found it: waivers are per policy. */
    readonly policy: string;
    /**
     * Its id, `<policy>[<finding>]`, which waivers name. Unset only for what no oic-dr policy
     * reported (the engine's own note that a policy could not run during preview).
     */
    readonly finding?: string;
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

/**
 * The first waiver that covers this finding, if any: one that names its resource and, when it
 * lists findings, its id. Without a list it covers the policy's findings on the resource, which
 * the config allows only for a policy that finds one kind of thing (`waiverSchemaFor`).
 */
function findWaiver(waivers: readonly Waiver[] | undefined, finding: PolicyFinding): Waiver | undefined {
    const { urn, resourceName: name, finding: id } = finding;
    return waivers?.find(
        (waiver) =>
            (waiver.findings === undefined || (id !== undefined && waiver.findings.includes(id))) &&
            waiver.resources.some((pattern) => matches(pattern, pattern.startsWith("urn:") ? urn : name)),
    );
}

/**
 * Each finding with the first of its policy's waivers that covers it; a finding no waiver covers
 * is returned as it came. Pure: the same findings and waivers give the same result.
 */
export function applyWaivers<F extends PolicyFinding>(findings: readonly F[], waivers: WaiversByPolicy): Judged<F>[] {
    return findings.map((finding) => {
        const waiver = findWaiver(waivers.get(finding.policy), finding);
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
 * A message with its finding's id at its end, where `pulumi preview` shows it to be copied into a
 * waiver. The analyzer protocol gives a policy's report no other field for it (@pulumi/policy's
 * `reportViolation` takes a message, a URN and a level), so `oic-dr check` reads it back from the
 * message with `splitFindingId`: the two are written together, here.
 */
const withFindingId = (message: string, id: string | undefined) => (id === undefined ? message : `${message} (finding ${id})`);

/**
 * A reported message split into the text and the finding id `withFindingId` put at its end; a
 * message with none (the engine's own notes) comes back whole. Only an id of `policy` is taken.
 */
export function splitFindingId(policy: string, reported: string): { message: string; finding?: string } {
    const suffix = / \(finding ([^()\s]+\[[^()\s\]]+\])\)$/.exec(reported);
    if (!suffix || !suffix[1]!.startsWith(`${policy}[`)) return { message: reported };
    return { message: reported.slice(0, suffix.index), finding: suffix[1]! };
}

/**
 * How a finding is reported to the engine, the one place a waiver and a finding id become text.
 * The id ends the message. The engine has no notion of a waiver, so a waived finding is reported
 * advisory (visible, never blocking) with the reason leading its message, for whoever reads
 * `pulumi preview`'s output.
 */
export function engineReport(finding: Pick<Judged<PolicyFinding>, "message" | "urn" | "enforcementLevel" | "waiver" | "finding">): EngineReport {
    const message = withFindingId(finding.message, finding.finding);
    if (finding.waiver) return { message: `Waived (${finding.waiver.reason}): ${message}`, urn: finding.urn, enforcementLevel: "advisory" };
    return { message, urn: finding.urn, ...(finding.enforcementLevel ? { enforcementLevel: finding.enforcementLevel } : {}) };
}
