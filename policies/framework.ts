/**
 * How the oic-dr policies are built: each states what it checks as a plain function returning
 * findings; this module turns that into a `@pulumi/policy` policy with config (validated by zod,
 * published as JSON Schema for the engine), waivers and unknown-value handling.
 */
import type {
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { z } from "zod";
import { applyWaivers, engineReport, findingId, waiverSchemaFor, type PolicyFinding, type Waiver } from "./waivers";

export type DrEnforcementLevel = "mandatory" | "advisory";

/** A resource as a check sees it: the fields resource and stack validations share. */
export interface InspectedResource {
    readonly type: string;
    readonly props: Record<string, any>;
    readonly urn: string;
    readonly name: string;
    readonly opts: PolicyResourceOptions;
    readonly provider?: PolicyProviderResource;
}

/** One violation found by a check, on one resource. */
export interface Finding {
    readonly resource: { readonly urn: string; readonly name: string };
    /**
     * What was found, one of the policy's `findings`: the part of the finding's id a waiver names.
     * May be left out by a policy that finds one kind of thing.
     */
    readonly finding?: string;
    readonly message: string;
    /**
     * Set to "advisory" for what a mandatory policy cannot decide (a count it cannot know): the
     * reviewer hears of it without the run failing. Unset, the policy's own level applies.
     */
    readonly enforcementLevel?: "advisory";
}

interface PolicyDefinition<C extends z.ZodRawShape, N extends string = string> {
    readonly name: N;
    readonly description: string;
    readonly enforcementLevel: DrEnforcementLevel;
    /** What to do instead, shown by the engine with the policy. */
    readonly remediationSteps: string;
    /** Policy-specific config beyond `waivers`. */
    readonly config?: C;
    /**
     * Every kind of thing it can find, each the finding part of an id `<policy>[<finding>]` that
     * waivers name: stable, and independent of the messages' wording.
     */
    readonly findings: readonly [string, ...string[]];
}

/** A resource check's report of one kind of finding (a bare message is the policy's only kind). */
export interface Found {
    readonly finding: string;
    readonly message: string;
}

/**
 * The finding kind of the note a mandatory stack policy adds when it could not judge values unknown
 * during preview: reported on the stack, it is waived like any finding, by this id.
 */
export const PREVIEW_NOTE_FINDING = "preview.unknownValues";

type ConfigOf<C extends z.ZodRawShape> = z.output<z.ZodObject<C>> & { waivers: Waiver[] };

/** Where an oic-dr policy's type carries the config it accepts; a type-level marker only, never set. */
export declare const configInput: unique symbol;

/**
 * A policy built here, typed with its literal name and the config it accepts (as the user writes
 * it), so that `OicDrPolicies` can list every policy with its own settings.
 */
export type OicDrPolicy<P extends Policy, N extends string, C extends z.ZodRawShape> = P & {
    readonly name: N;
    readonly [configInput]?: z.input<ReturnType<typeof policyConfigSchema<C>>>;
};

/**
 * `reportViolation` as `@pulumi/policy` implements it: besides a message it takes an object whose
 * `enforcementLevel` overrides the policy's for that one violation (see the guard test).
 */
type ReportViolationDetails = (details: { message: string; urn?: string; enforcementLevel?: DrEnforcementLevel }) => void;

const configSchemas = new WeakMap<object, z.ZodType>();
const findingIdLists = new WeakMap<object, readonly string[]>();

/** The ids of every finding a policy can report, as waivers name them. */
export function findingIdsOf(policy: object): readonly string[] {
    const ids = findingIdLists.get(policy);
    if (!ids) throw new Error("not an oic-dr policy: it declares no findings");
    return ids;
}

/** The zod schema of a policy's config (the engine gets the same as JSON Schema). */
export function configSchemaOf(policy: object): z.ZodType {
    const schema = configSchemas.get(policy);
    if (!schema) throw new Error("not an oic-dr policy: it has no config schema");
    return schema;
}

/**
 * The config schema every policy has: its own keys plus `waivers`, whose `findings` are the
 * policy's finding ids (required when it finds several kinds of thing; see waivers.ts).
 */
export function policyConfigSchema<C extends z.ZodRawShape>(config: C | undefined, policy: string, findingIds: readonly [string, ...string[]], ownKinds: number) {
    return z.strictObject({ ...(config ?? ({} as C)), waivers: z.array(waiverSchemaFor(policy, findingIds, ownKinds)).default([]) });
}

/** A policy's finding ids: its own kinds, and for a mandatory stack policy the preview note. */
function findingIdsFor(definition: PolicyDefinition<z.ZodRawShape>, notesPreview: boolean): [string, ...string[]] {
    const kinds = notesPreview ? [...definition.findings, PREVIEW_NOTE_FINDING] : definition.findings;
    return kinds.map((kind) => findingId(definition.name, kind)) as [string, ...string[]];
}

/** The schema of a definition's config, and its finding ids. */
function configOf(definition: PolicyDefinition<z.ZodRawShape>, notesPreview: boolean) {
    const ids = findingIdsFor(definition, notesPreview);
    return { ids, schema: policyConfigSchema(definition.config, definition.name, ids, definition.findings.length) };
}

/** The same schema as JSON Schema, for the engine's own validation of `--policy-pack-config`. */
function toEngineConfigSchema(schema: z.ZodType): PolicyConfigSchema {
    const json = z.toJSONSchema(schema, { io: "input" }) as { properties?: PolicyConfigSchema["properties"]; required?: string[] };
    return { properties: json.properties ?? {}, ...(json.required?.length ? { required: json.required } : {}) };
}

/**
 * A check's finding as data: which policy found it, what (its id), on which resource. A finding
 * that names no kind is the policy's only kind; a policy of several kinds must name it.
 */
const policyFinding = (definition: Pick<PolicyDefinition<z.ZodRawShape>, "name" | "findings">, { resource, message, enforcementLevel, finding }: Finding): PolicyFinding => {
    const kind = finding ?? (definition.findings.length === 1 ? definition.findings[0] : undefined);
    if (kind === undefined || (finding !== undefined && finding !== PREVIEW_NOTE_FINDING && !definition.findings.includes(finding))) {
        throw new Error(`${definition.name} reported a finding of kind ${String(finding)}; it declares ${definition.findings.join(", ")}`);
    }
    return {
        policy: definition.name,
        finding: findingId(definition.name, kind),
        urn: resource.urn,
        resourceName: resource.name,
        message,
        ...(enforcementLevel ? { enforcementLevel } : {}),
    };
};

/**
 * Reports a policy's findings to the engine: waivers applied as data (the same `applyWaivers` that
 * `oic-dr check` applies), then rendered for the engine by `engineReport`.
 */
function reportFindings(policy: string, findings: readonly PolicyFinding[], waivers: readonly Waiver[], reportViolation: ReportViolation): void {
    const report = reportViolation as unknown as ReportViolationDetails;
    for (const finding of applyWaivers(findings, new Map([[policy, waivers]]))) report(engineReport(finding));
}

type ResourceCheck<C extends z.ZodRawShape> = (
    resource: InspectedResource,
    config: ConfigOf<C>,
    notApplicable: (reason: string) => never,
) => string | Found | readonly (string | Found)[] | undefined;

/** What every policy declares, and its config schema registered for `configSchemaOf`. */
function definePolicy<P extends Policy>(definition: PolicyDefinition<z.ZodRawShape>, { schema, ids }: ReturnType<typeof configOf>, validation: Omit<P, keyof Policy>): P {
    const policy = {
        name: definition.name,
        description: definition.description,
        enforcementLevel: definition.enforcementLevel,
        remediationSteps: definition.remediationSteps,
        configSchema: toEngineConfigSchema(schema),
        ...validation,
    } as P;
    configSchemas.set(policy, schema);
    findingIdLists.set(policy, ids);
    return policy;
}

/** A policy that looks at one resource at a time, before it is created or updated. */
export function resourcePolicy<C extends z.ZodRawShape = {}, N extends string = string>(
    definition: PolicyDefinition<C, N> & { readonly types: readonly string[]; readonly check: ResourceCheck<C> },
): OicDrPolicy<ResourceValidationPolicy, N, C> {
    const config = configOf(definition, false);
    const { schema } = config;
    const validateResource = (args: ResourceValidationArgs, report: ReportViolation) => {
        if (!definition.types.includes(args.type)) return;
        const config = schema.parse(args.getConfig()) as ConfigOf<C>;
        const found = definition.check(args, config, args.notApplicable);
        const list: readonly (string | Found)[] = found === undefined ? [] : typeof found === "string" || !Array.isArray(found) ? [found as string | Found] : found;
        reportFindings(
            definition.name,
            list.map((item) => policyFinding(definition, typeof item === "string" ? { resource: args, message: item } : { resource: args, ...item })),
            config.waivers,
            report,
        );
    };
    // The engine skips other types before deserializing a resource's properties when the
    // validation names its one type, as @pulumi/policy's validateResourceOfType does.
    if (definition.types.length === 1) markResourceType(validateResource, definition.types[0]!);
    return definePolicy<ResourceValidationPolicy>(definition, config, { validateResource }) as OicDrPolicy<ResourceValidationPolicy, N, C>;
}

/** Attaches the one type a validation applies to, where @pulumi/policy looks for it. */
export function markResourceType(validation: object, type: string | undefined): void {
    if (type) Object.defineProperty(validation, "__pulumiType", { value: type, enumerable: false });
}

/** The type a validation was marked with, if any. */
export function resourceTypeOf(validation: object): string | undefined {
    return (validation as { __pulumiType?: string }).__pulumiType;
}

type StackCheck<C extends z.ZodRawShape> = (resources: readonly PolicyResource[], config: ConfigOf<C>, reads: PreviewReads) => readonly Finding[];

/** A policy that looks at the whole stack, after every resource is known. */
export function stackPolicy<C extends z.ZodRawShape = {}, N extends string = string>(
    definition: PolicyDefinition<C, N> & { readonly check: StackCheck<C> },
): OicDrPolicy<StackValidationPolicy, N, C> {
    const notesPreview = definition.enforcementLevel === "mandatory";
    const defined = configOf(definition, notesPreview);
    const { schema } = defined;
    return definePolicy<StackValidationPolicy>(definition, defined, {
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const config = schema.parse(args.getConfig()) as ConfigOf<C>;
            const reads = new PreviewReads();
            reportFindings(
                definition.name,
                definition.check(args.resources, config, reads).map((finding) => policyFinding(definition, finding)),
                config.waivers,
                report,
            );
            const unknowns = reads.unknowns;
            // The check skipped what it could not know; for a mandatory policy that may hide a
            // violation, and a reviewer must hear of it (as the engine says so for resource checks).
            if (notesPreview && unknowns.length > 0) {
                const message =
                    `can't fully run this policy during preview: ${[...new Set(unknowns)].join("; ")}. ` +
                    "What depends on those values was not judged and may hide a violation; it is judged when the values are known (pulumi up).";
                const stack = args.resources.find((r) => r.type === "pulumi:pulumi:Stack");
                // Reported on the stack like a finding, it is waived like one: `oic-dr check` reads
                // no message text, so to it this note is one more finding, and both must agree.
                if (stack) {
                    const note = policyFinding(definition, { resource: stack, message, finding: PREVIEW_NOTE_FINDING, enforcementLevel: "advisory" });
                    reportFindings(definition.name, [note], config.waivers, report);
                } else {
                    (report as unknown as ReportViolationDetails)({ message, enforcementLevel: "advisory" });
                }
            }
        },
    }) as OicDrPolicy<StackValidationPolicy, N, C>;
}

/** The same policy at another enforcement level, keeping its config schema for `configSchemaOf`. */
export function atEnforcementLevel<P extends Policy>(policy: P, enforcementLevel: EnforcementLevel): P {
    const copy = { ...policy, enforcementLevel };
    configSchemas.set(copy, configSchemaOf(policy));
    findingIdLists.set(copy, findingIdsOf(policy));
    return copy;
}

/** Stands for a value that exists but is not known during preview. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");

/**
 * How a check reads a value that may be unknown during preview. Resource checks let the engine's
 * unknown handling act (it turns the policy into an advisory "cannot run during preview"); stack
 * checks read each resource through this so one unknown value does not stop the whole check, and
 * an unknown value is never taken for a violation.
 */
export interface ValueReads {
    /** The value, or undefined when it is absent or unknown during preview. */
    peek<T>(get: () => T): T | undefined;
    /** Like `peek`, but tells an unknown value apart from an absent one. */
    read<T>(get: () => T): T | typeof UNKNOWN;
}

/**
 * The reads of one run of a stack check, and what they found unknown during preview (the engine's
 * words): the run reports those as its "can't fully run" note. One per run, so nothing carries
 * over from one check, or one stack, to the next.
 */
export class PreviewReads implements ValueReads {
    private readonly noted: string[] = [];
    private noting = true;

    /** What was read unknown and noted, in the order read. */
    get unknowns(): readonly string[] {
        return this.noted;
    }

    peek<T>(get: () => T): T | undefined {
        const value = this.read(get);
        return value === UNKNOWN ? undefined : value;
    }

    read<T>(get: () => T): T | typeof UNKNOWN {
        const got = attempt(get);
        if ("unknown" in got) {
            if (this.noting) this.noted.push(got.unknown);
            return UNKNOWN;
        }
        return got.value;
    }

    /**
     * Runs `get` without noting the unknown values it reads: for a value that, unknown, cannot change
     * the verdict, so the "can't fully run" note would claim a doubt that does not exist.
     */
    withoutUnknownNote<T>(get: () => T): T {
        const outer = this.noting;
        this.noting = false;
        try {
            return get();
        } finally {
            this.noting = outer;
        }
    }
}

/** Reads outside a stack check's run (resource checks, the plan): an unknown value is noted nowhere. */
export const UNNOTED_READS: ValueReads = {
    peek: (get) => {
        const got = attempt(get);
        return "unknown" in got ? undefined : got.value;
    },
    read: (get) => {
        const got = attempt(get);
        return "unknown" in got ? UNKNOWN : got.value;
    },
};

/** The value, or the engine's message when it is unknown during preview. */
function attempt<T>(get: () => T): { readonly value: T } | { readonly unknown: string } {
    try {
        return { value: get() };
    } catch (err) {
        if (err instanceof Error && err.constructor.name === "UnknownValueError") return { unknown: err.message };
        throw err;
    }
}
