/**
 * How arguments are validated and how problems are reported: one error per component that lists
 * every problem with its path, the value given and what is allowed, thrown before anything is
 * registered. The schemas themselves are in each component's folder (components/<component>/schema.ts),
 * the fields they share in argumentFields.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { shownValue, withoutEchoedSecrets } from "../../text/shownValue";
import { UNDECRYPTED_SECRET } from "./offlineSecret";

/**
 * Argument paths whose values are secrets (or may carry one, like a webhook URL): never echoed in
 * an error, not even when they are given as plain text by mistake.
 */
const SECRET_PATHS = [/(^|\.)idcsAccessToken$/, /(^|\.)subscriptions\.\d+\.endpoints?(\.(primary|secondary))?$/, /(^|\.)clientSecret$/, /(^|\.)password$/];
export const isSecretPath = (path: string): boolean => SECRET_PATHS.some((pattern) => pattern.test(path));

/**
 * A value as it should appear in an error message: quoted only when short and not shaped like a
 * secret (a URL with a path, a token, a key), else described without it (text/shownValue.ts).
 */
export function describeValue(value: unknown): string {
    return pulumi.Output.isInstance(value) ? "an Output" : shownValue(value);
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

/**
 * Thrown for invalid arguments, before anything is registered. Lists every problem at once.
 *
 * A `pulumi.RunError`: under `pulumi up` the Node.js language host prints a RunError's message
 * alone, without its stack (@pulumi/pulumi 3.270 cmd/run/run.js:377-379, "Always hide the stack
 * for RunErrors"). It recognizes one by the `__pulumiRunError` brand (errors.js:41, 48-50,
 * `RunError.isInstance`), so this holds with any copy of the SDK a program loads.
 */
export class SpecValidationError extends pulumi.RunError {
    constructor(
        readonly problems: readonly SpecProblem[],
        readonly subject = "DrPairedIntegration arguments",
    ) {
        super(
            `Invalid ${subject} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                // Field checks quote values through describeValue; a value some other wording
                // quotes is held to the same rule here, the last place every problem passes.
                problems.map((p) => `  - ${p.path || "(arguments)"}: ${withoutEchoedSecrets(p.message)}`).join("\n"),
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

/**
 * Keys an object schema refuses for a reason of their own, not as unknown keys: the message says
 * why (DrPairedIntegration's arguments name what Oracle-managed DR does not support this way).
 * Kept beside the schema rather than in its shape, so that the keys stay out of the argument
 * types and of the multi-language schema.
 */
export const refusedKeys = z.registry<Readonly<Record<string, string>>>();

type ZodNode = z.core.$ZodType;

/** The object schema that validates the value at `path` of `schema`'s input, through wrappers, lists and records. */
function objectSchemaAt(schema: ZodNode, path: readonly PropertyKey[]): ZodNode | undefined {
    const def = schema._zod.def as unknown as {
        type: string;
        shape?: Record<string, ZodNode>;
        element?: ZodNode;
        valueType?: ZodNode;
        innerType?: ZodNode;
        in?: ZodNode;
        out?: ZodNode;
    };
    switch (def.type) {
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "readonly":
        case "catch":
        case "nonoptional":
            return objectSchemaAt(def.innerType!, path);
        // A transform pipes the object into a transform; a preprocess pipes a transform into the object.
        case "pipe":
            return def.in!._zod.def.type === "transform" ? objectSchemaAt(def.out!, path) : objectSchemaAt(def.in!, path);
        case "object": {
            if (path.length === 0) return schema;
            const field = def.shape![String(path[0])];
            return field && objectSchemaAt(field, path.slice(1));
        }
        case "array":
            return path.length > 0 ? objectSchemaAt(def.element!, path.slice(1)) : undefined;
        case "record":
            return path.length > 0 ? objectSchemaAt(def.valueType!, path.slice(1)) : undefined;
        default:
            return undefined;
    }
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), the measure of a typo
 * (`dispalyName` is one step from `displayName`). Written here: fifteen lines, where the packages
 * that do it (`leven`, `fastest-levenshtein`) are no dependency of this package.
 */
function editDistance(a: string, b: string): number {
    const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
            rows[i]![j] = best;
        }
    }
    return rows[a.length]![b.length]!;
}

/** The known key nearest to `key`, when it is near enough to be what was meant (a third of its letters at most, case aside). */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
    let nearest: { key: string; distance: number } | undefined;
    for (const candidate of known) {
        const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
        if (!nearest || distance < nearest.distance) nearest = { key: candidate, distance };
    }
    return nearest && nearest.distance <= Math.max(1, Math.floor(key.length / 3)) ? nearest.key : undefined;
}

function unknownKeyProblem(schema: ZodNode, objectPath: readonly PropertyKey[], key: string): string {
    const object = objectSchemaAt(schema, objectPath);
    const refused = object && refusedKeys.get(object)?.[key];
    if (refused) return refused;
    const known = object ? Object.keys((object._zod.def as unknown as { shape: Record<string, unknown> }).shape) : [];
    const suggestion = nearestKey(key, known);
    return suggestion ? `unknown key; did you mean ${suggestion}?` : "unknown key (check its spelling against the arguments' documentation)";
}

function toProblems(schema: ZodNode, error: z.ZodError): SpecProblem[] {
    return error.issues.flatMap((issue) => {
        const path = issue.path.map(String).join(".");
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((key) => ({
                path: path ? `${path}.${key}` : key,
                message: unknownKeyProblem(schema, issue.path, key),
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
    const problems = [...(result.success ? [] : toProblems(schema, result.error)), ...otherProblems];
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
 * Holds `holder[key]`, a field parsed by {@link stringInput}, to one more check that needs another
 * field (a subscription's protocol, the pair's regions), which the field's own check cannot see.
 * `check` says what is wrong without the value ("is not an email address"): the value may be a
 * secret. Text is checked now and the problem returned, for the caller to report at the field's
 * path with the value where it may be shown; undecrypted secrets are not checked (their format is
 * unknown). An Output's mark gets the check added to the one it waits for, its problem said of
 * "the value". The mark is replaced in zod's parsed copy of the arguments
 * (never the caller's input): a refinement returns no value, and a transform would hide the
 * object's shape from the schema's readers (docs, the component schema).
 */
export function checkInputField(holder: Record<string, unknown>, key: string, check: (text: string) => string | undefined): string | undefined {
    const value = holder[key];
    if (typeof value === "string") return value === UNDECRYPTED_SECRET ? undefined : check(value);
    if (value instanceof CheckWhenKnown) {
        const first = value.check;
        holder[key] = new CheckWhenKnown(value.value, (text) => {
            const problem = check(text);
            return first(text) ?? (problem === undefined ? undefined : `the value ${problem}`);
        });
    }
    return undefined;
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
