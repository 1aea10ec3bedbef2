/**
 * How the checks read OCI services other than the Integration API: through the context's client of
 * the service for the region (--endpoint/--peer-endpoint as its base), each call retried and its
 * failure described as every operation's is (clients/ociClient.ts `call`: RegionUnreachable when
 * nothing answered, else the service's status and code; the frame turns either into NOT_RUN).
 */
import type * as common from "oci-common";
import { call, type ServiceClientClass } from "../../clients/ociClient";
import { RegionUnreachable } from "../../operationError";
import type { ReadinessContext } from "../model";

type Placeable = { endpoint: string; region: common.Region };

/** One call of a service in `region`, with the retry configuration every operation's call has. */
export async function readIn<C extends Placeable, T>(
    context: ReadinessContext,
    region: string,
    Client: ServiceClientClass<C>,
    operation: string,
    run: (client: C, retryConfiguration: common.RetryConfiguration) => Promise<T>,
): Promise<T> {
    const client = await context.service(region, Client);
    return call({ region, retryConfiguration: context.retryConfiguration }, operation, (retryConfiguration) => run(client, retryConfiguration));
}

/** Every item of a paged list: the SDK answers one page and `opcNextPage` for the next. */
export async function allPages<T>(page: (page: string | undefined) => Promise<{ opcNextPage?: string; items: T[] }>): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined;
    do {
        const response = await page(next);
        items.push(...response.items);
        next = response.opcNextPage || undefined;
    } while (next);
    return items;
}

/**
 * A tenancy-wide read (Identity keeps the tenancy's data in its home region and answers it in the
 * regions the tenancy is subscribed to) from the first region of `regions` that answers: the
 * given one, else the partner. A refusal is not retried elsewhere: it would refuse there too.
 */
export async function readInAnswering<C extends Placeable, T>(
    context: ReadinessContext,
    regions: readonly string[],
    Client: ServiceClientClass<C>,
    operation: string,
    run: (client: C, retryConfiguration: common.RetryConfiguration) => Promise<T>,
): Promise<{ region: string; value: T }> {
    let unreachable: RegionUnreachable | undefined;
    for (const region of regions) {
        try {
            return { region, value: await readIn(context, region, Client, operation, run) };
        } catch (err) {
            if (!(err instanceof RegionUnreachable)) throw err;
            unreachable ??= err;
        }
    }
    throw unreachable ?? new RegionUnreachable("(no region)", `${operation}: no region of the pair to ask`);
}

/** The regions of the pair: each side's, else the given one's fixed partner. */
export function pairRegions(context: ReadinessContext, partnerOf: (region: string) => string | undefined): string[] {
    const [given, partner] = context.sides;
    if (!given) return [];
    const other = partner?.region ?? partnerOf(given.region);
    return other ? [given.region, other] : [given.region];
}
