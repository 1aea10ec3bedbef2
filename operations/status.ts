/**
 * `oic-dr status`: both instances of the pair, each read in its own region, so that a region that
 * does not answer leaves the other side's view intact (the day a region is lost is when this is run).
 */
import { withoutEchoedSecrets } from "../text/shownValue";
import type { ResolvedInstance } from "./addressing";
import { readPair, type InstanceSide } from "./instancePair";
import { viewOf, type InstanceView } from "./instanceView";
import type { RegionClient } from "./clients/ociClient";
import { messageOf } from "./clients/ociClient";
import { OperationError } from "./operationError";

export interface SideStatus {
    instance: string;
    region: string;
    reachable: boolean;
    role: string | null;
    lifecycleState: string | null;
    regionalUrl: string | null;
    /** The global URL. */
    instanceUrl: string | null;
    timeRoleChanged: string | null;
    /** Why the side is not reported (unreachable region, service error). */
    error: string | null;
}

export interface StatusReport {
    sides: SideStatus[];
}

type ClientFor = (region: string) => Promise<RegionClient>;

function answered(view: InstanceView, timeRoleChanged: string | undefined): SideStatus {
    return {
        instance: view.id,
        region: view.region,
        reachable: true,
        role: view.role,
        lifecycleState: view.lifecycleState,
        regionalUrl: view.regionalUrl ?? null,
        instanceUrl: view.instanceUrl,
        timeRoleChanged: timeRoleChanged ?? null,
        error: null,
    };
}

/** A side that is not reported, and why (already held to the echo rule where it was read, ./instancePair.ts). */
function failed(id: string, region: string, error: string, reachable: boolean): SideStatus {
    return { instance: id, region, reachable, role: null, lifecycleState: null, regionalUrl: null, instanceUrl: null, timeRoleChanged: null, error };
}

/** A side as read: its view, or the side not reported (unreachable, refused, or no DR instance). */
function viewOrFailed(side: InstanceSide): InstanceView | SideStatus {
    if (!side.instance) return failed(side.id, side.region, side.error ?? "not read", !side.unreachable);
    try {
        return viewOf(side.instance, side.region);
    } catch (err) {
        if (!(err instanceof OperationError)) throw err;
        return failed(side.id, side.region, withoutEchoedSecrets(messageOf(err)), true);
    }
}

const isView = (v: InstanceView | SideStatus): v is InstanceView => !("reachable" in v);

/**
 * The given instance and its peer (./instancePair.ts: both at once when the address names the
 * peer, else the peer the given one names). The role-change time is the same event for both
 * sides; OCI reports it on the cross-region details, so each side's time is taken from the other's
 * view when it answered.
 */
export async function runStatus(target: ResolvedInstance, clientFor: ClientFor): Promise<StatusReport> {
    const [first, second] = (await readPair(target, clientFor)).map(viewOrFailed);
    if (!second) return { sides: [isView(first!) ? answered(first, undefined) : first!] };
    const timeOf = (other: InstanceView | SideStatus) => (isView(other) ? other.peerTimeRoleChanged : undefined);
    const firstSide = isView(first!) ? answered(first, timeOf(second) ?? first.peerTimeRoleChanged) : first!;
    const secondSide = isView(second) ? answered(second, timeOf(first!) ?? second.peerTimeRoleChanged) : second;
    // When one side is down, its role is still known from the peer's view of the pair.
    if (!isView(first!) && isView(second) && second.peer) firstSide.role = `${second.peer.role ?? "UNKNOWN"} (as the peer reports it)`;
    if (isView(first!) && !isView(second) && first.peer) secondSide.role = `${first.peer.role ?? "UNKNOWN"} (as the peer reports it)`;
    return { sides: [firstSide, secondSide] };
}

/** 0 when at least one side answered; 2 when none did. */
export function statusExitCode(report: StatusReport): 0 | 2 {
    return report.sides.some((s) => s.role !== null && s.lifecycleState !== null) ? 0 : 2;
}
