/**
 * Failover as code. The provider fails the instance over whenever `failoverTrigger` increases, so
 * the spec's `failoverGeneration` must only ever go up, one step per failover. The spec checks
 * this offline when it knows the deployed generation; this guard checks it against the stack's
 * state in every real preview and update, before the instance is touched.
 */
import * as pulumi from "@pulumi/pulumi";

/** Why moving from `previous` to `next` is not a valid failover step, or undefined when it is. */
export function failoverStepProblem(previous: number | undefined, next: number): string | undefined {
    if (!Number.isInteger(next) || next < 0) return `failoverGeneration must be a whole number >= 0, got ${next}`;
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

/** Dynamic provider that only validates: it owns no cloud object. */
export const failoverGenerationProvider: pulumi.dynamic.ResourceProvider<GuardInputs, GuardInputs> = {
    async check(olds, news) {
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
        super(failoverGenerationProvider, name, { generation: args.generation }, opts, "oic-dr", "FailoverGenerationGuard");
    }
}
