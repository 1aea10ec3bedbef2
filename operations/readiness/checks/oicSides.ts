/**
 * The OIC REST side of each instance for the checks that read it (agents, file-server-hostnames,
 * polling-integrations): which instance is the PRIMARY (the one whose integrations run and are
 * judged) and the REST access of each, or why there is none (no OAuth client, instance unread).
 */
import type { OicRestClient } from "../../clients/oicRestClient";
import { allAnswered, type ReadinessContext } from "../model";
import type { InstanceSide } from "../../instancePair";

export interface OicSide {
    readonly side: InstanceSide;
    readonly client: OicRestClient | undefined;
    /** Why there is no client. */
    readonly unavailable: string | undefined;
}

export interface OicPair {
    /** The instance whose role is PRIMARY, or why none is known. */
    readonly primary: OicSide | { readonly missing: string };
    /** The other instance, when one was read. */
    readonly standby: OicSide | undefined;
}

const isPrimary = (side: InstanceSide) => side.instance?.disasterRecoveryDetails?.role === "PRIMARY";

export async function oicPair(context: ReadinessContext): Promise<OicPair> {
    const sides: OicSide[] = await allAnswered(
        context.sides.map(async (side) => {
            const access = await context.oic(side.region);
            return "unavailable" in access ? { side, client: undefined, unavailable: access.unavailable } : { side, client: access.client, unavailable: undefined };
        }),
    );
    const primary = sides.find((s) => isPrimary(s.side));
    const standby = sides.find((s) => s !== primary && s.side.instance !== undefined);
    if (!primary) {
        const unread = context.sides.filter((s) => s.instance === undefined).map((s) => `${s.region}: ${s.error}`);
        return { primary: { missing: `no PRIMARY instance was read${unread.length > 0 ? ` (${unread.join("; ")})` : ""}` }, standby };
    }
    return { primary, standby };
}

/** The primary's REST client, or why the check cannot run. */
export function primaryClient(pair: OicPair): { client: OicRestClient; side: OicSide } | { notRun: string } {
    if ("missing" in pair.primary) return { notRun: pair.primary.missing };
    if (!pair.primary.client) return { notRun: `the primary in ${pair.primary.side.region}: ${pair.primary.unavailable}` };
    return { client: pair.primary.client, side: pair.primary };
}

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
