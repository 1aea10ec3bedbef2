/**
 * The two instances of a pair as `status` shows them and readiness judges them, each read in its
 * own region (GetIntegrationInstance): the given one and its partner together when the address
 * names both (stack outputs), else the partner once the given one has named it. A region that does not answer leaves its side
 * unreachable; the other side is still read.
 */
import type * as integration from "oci-integration";
import type { ResolvedInstance } from "./addressing";
import { call, messageOf, type RegionClient } from "./clients/ociClient";
import { OperationError, RegionUnreachable } from "./operationError";
import { withoutEchoedSecrets } from "../text/shownValue";

export interface InstanceSide {
    readonly region: string;
    readonly id: string;
    /** The instance as GetIntegrationInstance answered, when its region did. */
    readonly instance: integration.models.IntegrationInstance | undefined;
    /** Why it was not read: its region does not answer, or the service refused. */
    readonly error: string | undefined;
    readonly unreachable: boolean;
}

async function readSide(clientFor: (region: string) => Promise<RegionClient>, id: string, region: string): Promise<InstanceSide> {
    try {
        const rc = await clientFor(region);
        const response = await call(rc, "GetIntegrationInstance", (retryConfiguration) => rc.client.getIntegrationInstance({ integrationInstanceId: id, retryConfiguration }));
        return { region, id, instance: response.integrationInstance, error: undefined, unreachable: false };
    } catch (err) {
        if (!(err instanceof OperationError)) throw err;
        return { region, id, instance: undefined, error: withoutEchoedSecrets(messageOf(err)), unreachable: err instanceof RegionUnreachable };
    }
}

/** The partner as the instance's DR details name it. */
function partnerOf(side: InstanceSide): { id: string; region: string } | undefined {
    const cross = side.instance?.disasterRecoveryDetails?.crossRegionIntegrationInstanceDetails;
    return cross?.id && cross.region ? { id: cross.id, region: cross.region } : undefined;
}

/** Both sides: concurrently when the partner is known up front, else the partner after the given one names it. */
export async function readPair(target: ResolvedInstance, clientFor: (region: string) => Promise<RegionClient>): Promise<InstanceSide[]> {
    if (target.peer) {
        return Promise.all([readSide(clientFor, target.id, target.region), readSide(clientFor, target.peer.id, target.peer.region)]);
    }
    const given = await readSide(clientFor, target.id, target.region);
    const partner = partnerOf(given);
    return partner ? [given, await readSide(clientFor, partner.id, partner.region)] : [given];
}
