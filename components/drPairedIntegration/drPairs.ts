/**
 * The stack-output convention the operations read (`oic-dr failover|status|drill|post-failover
 * --stack-outputs FILE --pair NAME`): one export, `drPairs`, mapping each DrPairedIntegration's
 * name to what addresses its pair in either region. One line in a program, for any number of pairs:
 *
 *     export const drPairs = drPairsOutput(orders, billing);
 *
 * The runbook prints its commands with the same file name and pair names (./runbook.ts).
 */
import * as pulumi from "@pulumi/pulumi";

export { DR_PAIRS_OUTPUT, STACK_OUTPUTS_FILE, type DrPairOutputs } from "./stackOutputs";

/**
 * One pair's entry, as the program exports it (what becomes {@link DrPairOutputs}). The regions are the ones the stack declared:
 * `primaryRegion` is where the stack created the instance it manages, whatever that instance's role
 * is now (roles move with every failover; the operations read the roles live, in each region).
 */
export interface DrPairStackOutputs {
    readonly primaryRegion: string;
    readonly secondaryRegion: string;
    /** The instance the stack manages, in primaryRegion. */
    readonly instanceId: pulumi.Output<string>;
    /**
     * The instance Oracle created in secondaryRegion, as the managed instance's
     * `disasterRecoveryDetails` name it; absent until OCI reports it.
     */
    readonly crossRegionInstanceId: pulumi.Output<string | undefined>;
    /** The region whose instance is PRIMARY, as the last preview or update read it (the declared primaryRegion before that). */
    readonly activeRegion: pulumi.Output<string>;
    /** When the roles last changed (RFC 3339), once read; absent before. */
    readonly rolesSince: pulumi.Output<string | undefined>;
}


/** What drPairsOutput reads of a DrPairedIntegration (structurally: this module does not import it). */
export interface DrPairOfStack {
    readonly pairName: string;
    readonly stackOutputs: DrPairStackOutputs;
}

/**
 * The `drPairs` stack output: each pair's entry under its component's name (the name the runbook's
 * commands give to `--pair`). Two pairs of one name are refused: `--pair` could not tell them apart.
 */
export function drPairsOutput(...pairs: readonly [DrPairOfStack, ...DrPairOfStack[]]): Record<string, DrPairStackOutputs> {
    const entries: Record<string, DrPairStackOutputs> = {};
    const named = new Set<string>();
    for (const pair of pairs) {
        if (named.has(pair.pairName)) {
            throw new pulumi.RunError(`drPairsOutput: two pairs are named "${pair.pairName}": give each DrPairedIntegration of the stack its own name (--pair selects by it)`);
        }
        named.add(pair.pairName);
        entries[pair.pairName] = pair.stackOutputs;
    }
    return entries;
}
