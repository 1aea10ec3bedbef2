/**
 * The stack-output convention the operations read, as plain data: the output's name, the file the
 * runbook and the help name, and one pair's entry as `pulumi stack output --json` prints it. No
 * Pulumi SDK here: the `oic-dr` command reads these at start-up, and loading the SDK there would
 * cost every `plan` and `check` about half a second (the program runs in a process of its own).
 * The component side, which builds the output from DrPairedIntegrations, is ./drPairs.ts.
 */

/** The name of the stack output the operations look for. */
export const DR_PAIRS_OUTPUT = "drPairs";

/** Where the runbook and the help expect `pulumi stack output --json` to be saved. */
export const STACK_OUTPUTS_FILE = "outputs.json";

/**
 * One pair's entry as `pulumi stack output --json` prints it: what operations/addressing.ts reads.
 * `primaryRegion` is where the stack created the instance it manages, whatever that instance's
 * role is now; `crossRegionInstanceId` is left out until OCI reports the standby.
 */
export interface DrPairOutputs {
    readonly primaryRegion: string;
    readonly secondaryRegion: string;
    /** The instance the stack manages, in primaryRegion. */
    readonly instanceId: string;
    readonly crossRegionInstanceId?: string;
    /** The region whose instance was PRIMARY at the last `pulumi up` (absent from stacks of earlier releases). */
    readonly activeRegion?: string;
    /** When the roles last changed (RFC 3339), as read at the last `pulumi up`. */
    readonly rolesSince?: string;
}
