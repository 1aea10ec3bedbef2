/**
 * How arguments are validated and how problems are reported: one error per component that lists
 * every problem with its path, the value given and what is allowed, thrown before anything is
 * registered. The schemas themselves are in config.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { UNDECRYPTED_SECRET } from "./offlineSecret";

/**
 * Argument paths whose values are secrets (or may carry one, like a webhook URL): never echoed in
 * an error, not even when they are given as plain text by mistake.
 */
const SECRET_PATHS = [/(^|\.)idcsAccessToken$/, /(^|\.)subscriptions\.\d+\.endpoints?(\.(primary|secondary))?$/, /(^|\.)clientSecret$/, /(^|\.)password$/];
export const isSecretPath = (path: string): boolean => SECRET_PATHS.some((pattern) => pattern.test(path));

/** A value as it should appear in an error message. */
export function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (typeof value === "string") return JSON.stringify(value);
    if (pulumi.Output.isInstance(value)) return "an Output";
    try {
        const json = JSON.stringify(value);
        return json.length > 80 ? `${json.slice(0, 77)}...` : json;
    } catch {
        return String(value);
    }
}

/**
 * Wraps a field's own error wording so that it applies only to values actually given: a missing
 * field falls through to the generic "required" message.
 */
export function given(message: (input: unknown) => string): (iss: { input?: unknown }) => string | undefined {
    return (iss) => (iss.input === undefined ? undefined : message(iss.input));
}

export interface SpecProblem {
    /** Dotted path of the offending field, e.g. `identityDomain.id`; empty for the arguments as a whole. */
    readonly path: string;
    readonly message: string;
}

/** Thrown for invalid arguments, before anything is registered. Lists every problem at once. */
export class SpecValidationError extends Error {
    constructor(
        readonly problems: readonly SpecProblem[],
        readonly subject = "DrPairedIntegration arguments",
    ) {
        super(
            `Invalid ${subject} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p.path || "(arguments)"}: ${p.message}`).join("\n"),
        );
        this.name = "SpecValidationError";
    }
}

/** Messages for the issues that have no schema-level wording: they still name the value and what is allowed. */
const genericMessages: z.core.$ZodErrorMap = (iss) => {
    const secret = isSecretPath(iss.path?.join(".") ?? "");
    const got = secret ? "a value" : describeValue(iss.input);
    if (iss.input === undefined && iss.code !== "unrecognized_keys") return "required";
    switch (iss.code) {
        case "invalid_type":
            return `expected ${iss.expected}, got ${got}`;
        case "invalid_value":
            return `${got} is not allowed; allowed: ${iss.values.map((v) => String(v)).join(", ")}`;
        case "too_small":
            return `${got} is too small; minimum ${String(iss.minimum)}`;
        case "too_big":
            return `${got} is too big; maximum ${String(iss.maximum)}`;
        case "unrecognized_keys":
            return `unknown key${iss.keys.length === 1 ? "" : "s"} ${iss.keys.map((k) => `"${k}"`).join(", ")}`;
        default:
            return undefined;
    }
};

function toProblems(error: z.ZodError): SpecProblem[] {
    return error.issues.flatMap((issue) => {
        const path = issue.path.map(String).join(".");
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => ({
                path: path ? `${path}.${key}` : key,
                message: "unknown key (check its spelling against the arguments' documentation)",
            }));
        }
        return [{ path, message: issue.message }];
    });
}

/**
 * Validates `input` against `schema` and fills in defaults. Throws a {@link SpecValidationError}
 * naming `subject` and listing every problem; never returns a partly valid value. Missing
 * arguments (`undefined`, `null`, not an object) are a validation error too, not a TypeError later.
 * `otherProblems` (found outside the schema, such as misused `opts`) are reported in the same error.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, subject: string, otherProblems: readonly SpecProblem[] = []): z.output<S> {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
        throw new SpecValidationError([{ path: "", message: `expected an object of arguments, got ${describeValue(input)}` }, ...otherProblems], subject);
    }
    const result = schema.safeParse(input, { error: genericMessages });
    const problems = [...(result.success ? [] : toProblems(result.error)), ...otherProblems];
    if (problems.length > 0 || !result.success) throw new SpecValidationError(problems, subject);
    return checkWhenKnown(result.data, "", subject) as z.output<S>;
}

/**
 * An Output argument whose check waits for its value. A zod check cannot see the path of the
 * field it checks, so stringInput leaves this mark and {@link parseWith}, which walks the parsed
 * arguments, puts the check on the Output with the field's path: the error then names the field.
 */
class CheckWhenKnown {
    constructor(
        readonly value: pulumi.Input<string>,
        readonly check: (text: string) => string | undefined,
    ) {}
}

/**
 * `value` with every {@link CheckWhenKnown} mark replaced by its Output, checked once known. Only
 * the arrays and plain objects zod builds are walked (a provider, a resource or an Output given as
 * an argument is left whole), and one is copied only when a mark was found in it.
 */
function checkWhenKnown(value: unknown, path: string, subject: string, walked = new Set<object>()): unknown {
    if (value instanceof CheckWhenKnown) {
        const { check } = value;
        return pulumi.output(value.value).apply((known) => {
            const problem = typeof known === "string" ? check(known) : `expected a string, got ${describeValue(known)}`;
            if (problem) throw new SpecValidationError([{ path, message: `${problem} (the value of an Output, checked once known)` }], subject);
            return known;
        });
    }
    const plain = Array.isArray(value) || (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype);
    if (!plain || walked.has(value as object)) return value;
    walked.add(value as object);
    const at = (key: string) => (path ? `${path}.${key}` : key);
    const entries = Object.entries(value as object);
    const checked = entries.map(([key, item]) => checkWhenKnown(item, at(key), subject, walked));
    if (checked.every((item, i) => item === entries[i]![1])) return value;
    return Array.isArray(value) ? checked : Object.fromEntries(entries.map(([key], i) => [key, checked[i]]));
}

/**
 * A string argument that may also be another resource's output (`pulumi.Input<string>`). Text is
 * checked now, with every other problem. An Output is checked when its value is known, and throws
 * then; while it is unknown (a preview of a resource not yet created) the provider judges it.
 * Undecrypted secrets (offline runs without the passphrase) have no format to check.
 */
export function stringInput(check: (text: string) => string | undefined) {
    return z
        .custom<pulumi.Input<string>>()
        .superRefine((value, ctx) => {
            if (value === undefined) {
                ctx.addIssue({ code: "custom", message: "required", input: value });
            } else if (typeof value === "string") {
                const problem = value === UNDECRYPTED_SECRET ? undefined : check(value);
                if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
            } else if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
                ctx.addIssue({ code: "custom", message: `expected a string or an Output, got ${describeValue(value)}`, input: value });
            }
        })
        .transform((value): pulumi.Input<string> => {
            if (typeof value === "string") return value;
            // Replaced by the checked Output in parseWith, which knows the field's path.
            return new CheckWhenKnown(value, check) as unknown as pulumi.Input<string>;
        });
}
