/**
 * Failover as code. The provider fails the instance over whenever `failoverTrigger` increases, so
 * the spec's `failoverGeneration` must only ever go up, one step per failover. The spec checks
 * this offline when it knows the deployed generation; this guard checks it against the stack's
 * state in every real preview and update, before the instance is touched.
 */
import * as pulumi from "@pulumi/pulumi";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "./drSupport";

/**
 * Pulumi's marker for a value not known during preview; the engine sends it as this string
 * (pulumi/pulumi @ 1b5949891b3c sdk/go/common/resource/plugin/rpc.go:73). Read into a module
 * constant so the serializer captures the string: the serialized provider must not load the Pulumi SDK.
 */
const UNKNOWN_VALUE: string = pulumi.runtime.unknownValue;

/**
 * Why moving from `previous` to `next` is not a valid failover step, or undefined when it is.
 * `next` comes from the engine as any JSON value, so a non-number is reported as it was given.
 * @internal
 */
export function failoverStepProblem(previous: number | undefined, next: unknown): string | undefined {
    if (typeof next !== "number" || !Number.isInteger(next) || next < 0) {
        return `failoverGeneration must be a whole number >= 0, got ${JSON.stringify(next) ?? String(next)}`;
    }
    if (previous === undefined) return undefined;
    if (next < previous) {
        return `failoverGeneration went down from ${previous} to ${next}; it can only be raised (by one to fail over)`;
    }
    if (next > previous + 1) {
        return `failoverGeneration jumped from ${previous} to ${next}; raise it by one (to ${previous + 1}) per failover`;
    }
    return undefined;
}

interface GuardInputs {
    generation: number;
}

/**
 * Dynamic provider that only validates: it owns no cloud object. It is serialized into the stack
 * and runs in Pulumi's dynamic provider host: it uses nothing but the functions of this module.
 * @internal (exported for tests)
 */
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

/** Records the deployed failover generation and refuses a lowered or skipped one. */
export class FailoverGenerationGuard extends pulumi.dynamic.Resource {
    declare readonly generation: pulumi.Output<number>;

    constructor(name: string, args: { generation: number }, opts?: pulumi.CustomResourceOptions) {
        super(failoverGenerationProvider, name, { generation: args.generation }, opts, DYNAMIC_MODULE, DYNAMIC_TYPES.failoverGenerationGuard);
    }
}
