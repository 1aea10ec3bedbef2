/**
 * `PairRoles`: the live roles of a DR pair, the guard of the stack's instance while it is the
 * standby, and failover as code. A dynamic resource that owns no cloud object; its provider and why
 * it replaces the OCI provider's `failoverTrigger` are in pairRolesProvider.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../../facts/drSupport";
import { pairRolesProvider } from "./pairRolesProvider";
import type { CompletedFailover, LiveRoles, PairRolesInputs } from "./pairRolesTypes";

export type { CompletedFailover, LiveRoles } from "./pairRolesTypes";

/** The arguments: the provider's inputs, as Pulumi inputs; `instanceId` and `live` are the provider's to find. */
export type PairRolesArgs = { [K in keyof Omit<PairRolesInputs, "instanceId" | "live">]: pulumi.Input<PairRolesInputs[K]> };

export class PairRoles extends pulumi.dynamic.Resource {
    /** The roles read by the last preview or update; null before the instance exists or when they could not be read. */
    declare readonly live: pulumi.Output<LiveRoles | null>;
    /** The last failover requested through `failoverGeneration` and seen to the end. */
    declare readonly lastFailover: pulumi.Output<CompletedFailover | undefined>;

    constructor(name: string, args: PairRolesArgs, opts?: pulumi.CustomResourceOptions) {
        // `live: null` from the program, replaced by what `check` reads: the value is known in every
        // preview (an absent output would be unknown in a preview of a new stack, and with it the
        // alarms' severities and the runbook), and null reads as "the declared roles".
        super(pairRolesProvider, name, { ...args, live: null, lastFailover: undefined }, opts, DYNAMIC_MODULE, DYNAMIC_TYPES.pairRoles);
    }
}
