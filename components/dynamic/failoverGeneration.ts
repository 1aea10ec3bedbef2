/**
 * Failover as code, safe on every `pulumi up`.
 *
 * The OCI provider calls DisasterRecoveryFailover on create whenever `failover_trigger` is in the
 * config, 0 included, and on update whenever it rises, an absent value reading as 0
 * (terraform-provider-oci v8.23, internal/service/integration/
 * integration_integration_instance_resource.go:666-671 create, :769-782 update). A program cannot
 * tell a create from an update, so what decides whether the trigger is sent is a baseline the
 * stack remembers:
 *
 * - `FailoverBaseline`, registered before the instance, records at its creation the generation the
 *   stack starts from: 0 for a new pair, or the generation of a pair the stack adopts
 *   (`adoptFailoverGeneration`). It never changes afterwards, whatever the program later says.
 *   The trigger is sent only when `failoverGeneration` exceeds it, so a new stack, an adopted pair
 *   and a stack whose state was lost are never failed over by their first `pulumi up`. Creating it
 *   with a generation above the adopted one (or above 0 with none) is refused.
 * - `FailoverGenerationGuard`, registered after the instance, records the generation the instance
 *   accepted: only once the instance's update (and its failover) has succeeded, so a failed
 *   failover never leaves it ahead. Its check, which runs in every preview (and in the preview
 *   `pulumi up` runs before changing anything), refuses a lowered or skipped generation.
 *
 * Both are dynamic resources that own no cloud object; they are serialized into the stack and run
 * in Pulumi's dynamic provider host, using nothing but the functions of this module.
 */
import * as pulumi from "@pulumi/pulumi";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../../facts/drSupport";

/**
 * Pulumi's marker for a value not known during preview; the engine sends it as this string
 * (pulumi/pulumi @ 1b5949891b3c sdk/go/common/resource/plugin/rpc.go:73). Read into a module
 * constant so the serializer captures the string: the serialized provider must not load the Pulumi SDK.
 */
const UNKNOWN_VALUE: string = pulumi.runtime.unknownValue;

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);
const isGeneration = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;

/**
 * Why moving from `previous` to `next` is not a valid failover step, or undefined when it is.
 * `next` comes from the engine as any JSON value, so a non-number is reported as it was given.
 * @internal
 */
export function failoverStepProblem(previous: number | undefined, next: unknown): string | undefined {
    if (!isGeneration(next)) return `failoverGeneration must be a whole number >= 0, got ${shown(next)}`;
    if (previous === undefined) return undefined;
    if (next < previous) {
        return `failoverGeneration went down from ${previous} to ${next}; it can only be raised (by one to fail over)`;
    }
    if (next > previous + 1) {
        return `failoverGeneration jumped from ${previous} to ${next}; raise it by one (to ${previous + 1}) per failover`;
    }
    return undefined;
}

/**
 * Why a stack that has no baseline yet (a new stack, or one whose state was lost or renamed) cannot
 * start at `generation` with `adopted`, or undefined when it can. A pair that exists already is
 * adopted at its generation, so nothing is failed over; any other start above 0 would be.
 * @internal
 */
export function baselineProblem(generation: unknown, adopted: unknown): string | undefined {
    if (!isGeneration(generation)) return `failoverGeneration must be a whole number >= 0, got ${shown(generation)}`;
    if (adopted !== undefined && !isGeneration(adopted)) return `adoptFailoverGeneration must be a whole number >= 0, got ${shown(adopted)}`;
    const baseline = adopted ?? 0;
    if (generation > baseline) {
        return adopted === undefined
            ? `failoverGeneration is ${generation} but this stack has no failover history: its first pulumi up would fail the pair over. ` +
                  `A new pair starts at 0; to adopt an existing pair (or a stack whose state was lost) at generation ${generation}, set adoptFailoverGeneration: ${generation}`
            : `failoverGeneration ${generation} is above adoptFailoverGeneration ${adopted}: the first pulumi up would fail the adopted pair over. Adopt at ${generation}, or raise the generation in a later update`;
    }
    if (generation < baseline) return `failoverGeneration ${generation} is below adoptFailoverGeneration ${adopted}; the adopted pair is at ${adopted}`;
    return undefined;
}

/** The trigger to send: the generation once it exceeds the baseline, otherwise none. @internal */
export function failoverTrigger(generation: number, baseline: number): number | undefined {
    return generation > baseline ? generation : undefined;
}

interface BaselineInputs {
    generation: number;
    adopted?: number;
    /** The baseline: proposed by the program at creation, kept from the state afterwards. */
    baseline: number;
}

/** @internal (exported for tests) */
export const failoverBaselineProvider: pulumi.dynamic.ResourceProvider<BaselineInputs, BaselineInputs> = {
    async check(olds, news) {
        const remembered = olds?.baseline;
        if (isGeneration(remembered)) {
            // The stack remembers its baseline: later programs cannot move it (removing the
            // adoption would otherwise turn the adopted generation into a trigger).
            return { inputs: { ...news, baseline: remembered }, failures: [] };
        }
        if ((news.generation as unknown) === UNKNOWN_VALUE) return { inputs: news, failures: [] };
        const problem = baselineProblem(news.generation, news.adopted);
        return { inputs: news, failures: problem ? [{ property: "generation", reason: problem }] : [] };
    },
    async diff(_id, olds, news) {
        return { changes: olds.generation !== news.generation || olds.adopted !== news.adopted };
    },
    async create(inputs) {
        return { id: "failover-baseline", outs: inputs };
    },
    async update(_id, olds, news) {
        return { outs: { ...news, baseline: olds.baseline } };
    },
};

/** Remembers the generation a stack started from; see the module comment. */
export class FailoverBaseline extends pulumi.dynamic.Resource {
    declare readonly baseline: pulumi.Output<number>;

    constructor(name: string, args: { generation: number; adopted?: number }, opts?: pulumi.CustomResourceOptions) {
        const inputs: BaselineInputs = { generation: args.generation, baseline: args.adopted ?? 0, ...(args.adopted !== undefined ? { adopted: args.adopted } : {}) };
        super(failoverBaselineProvider, name, inputs, opts, DYNAMIC_MODULE, DYNAMIC_TYPES.failoverBaseline);
    }
}

interface GuardInputs {
    generation: number;
}

/** @internal (exported for tests) */
export const failoverGenerationProvider: pulumi.dynamic.ResourceProvider<GuardInputs, GuardInputs> = {
    async check(olds, news) {
        // A generation unknown during preview (computed from another resource) is checked when it is known.
        if ((news.generation as unknown) === UNKNOWN_VALUE) return { inputs: news, failures: [] };
        const previous = typeof olds?.generation === "number" ? olds.generation : undefined;
        const problem = failoverStepProblem(previous, news.generation);
        return { inputs: news, failures: problem ? [{ property: "generation", reason: problem }] : [] };
    },
    async diff(_id, olds, news) {
        return { changes: olds.generation !== news.generation };
    },
    async create(inputs) {
        return { id: "failover-generation", outs: inputs };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
};

/** Records the generation the instance accepted and refuses a lowered or skipped one. */
export class FailoverGenerationGuard extends pulumi.dynamic.Resource {
    declare readonly generation: pulumi.Output<number>;

    constructor(name: string, args: { generation: number }, opts?: pulumi.CustomResourceOptions) {
        super(failoverGenerationProvider, name, { generation: args.generation }, opts, DYNAMIC_MODULE, DYNAMIC_TYPES.failoverGenerationGuard);
    }
}
