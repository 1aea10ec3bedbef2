// The pair-roles provider's inputs and state: types only, so the provider (pairRolesProvider.ts),
// its resource (pairRoles.ts) and the component share them without importing one another.
import type { RegionSubscriptionAuth } from "./regionSubscriptionTypes";

/** The pair as read from the stack's instance (or, when its region does not answer, from its peer). */
export interface LiveRoles {
    /** The region whose instance is PRIMARY now. */
    activeRegion: string;
    /** The region whose instance is the standby now. */
    standbyRegion: string;
    /** The instance this stack created, in the stack's region. */
    instanceId: string;
    /** Its partner, the `_Recovery` instance Oracle created in the partner region. */
    peerId: string;
    /** When the roles last changed (RFC 3339), as OCI reports it. */
    timeRoleChanged: string;
}

/** A failover this resource requested and has not seen finish: kept across runs (see `update`). */
export interface PendingFailover {
    generation: number;
    /** 1 for the first request of this generation; a new request is made only after a FAILED or CANCELED one. */
    attempt: number;
    workRequest: string;
    /** The instance the failover was called on (the standby, made primary) and its region. */
    targetId: string;
    targetRegion: string;
}

/** The last failover this resource requested and saw finish. */
export interface CompletedFailover {
    generation: number;
    workRequest: string;
    /** The region that hosts the primary since. */
    activeRegion: string;
    /** From the request to the new primary reporting PRIMARY; null when an earlier run made the request and this one found it done. */
    seconds: number | null;
}

/** What the component gives; `instanceId` and `live` are filled in by the provider's `check`. */
export interface PairRolesInputs {
    /** The component's name: retry tokens and messages. */
    pair: string;
    /** `<project>/<stack>`: retry tokens and messages. */
    stack: string;
    /** The region of the instance this stack creates (the pair's `primaryRegion` argument). */
    region: string;
    partnerRegion: string;
    compartmentId: string;
    displayName: string;
    /**
     * The inputs the program gives the instance, but its secrets (the IDCS token): a change in them is
     * an update of the instance, refused while the stack's instance is the standby.
     */
    instance: Record<string, unknown>;
    /** Failovers requested through code (`failoverGeneration`). */
    generation: number;
    auth?: RegionSubscriptionAuth;
    /** Base URL of the Integration API per region, instead of the region's own (tests, private endpoints). */
    endpoints?: Record<string, string>;
    /** Bound of one failover: the work request, then the new primary reporting PRIMARY (default: the one-hour RTO, 3600). */
    waitTimeoutSeconds?: number;
    pollIntervalSeconds?: number;
    maxAttempts?: number;
    /** Delay before the first retry of a call, doubled on each further one (default 1 s; tests retry in milliseconds). */
    retryBaseDelaySeconds?: number;
    /** The stack's instance, once found. */
    instanceId?: string;
    /** The roles as `check` read them; null (or absent) before the instance exists or when neither region answered. */
    live?: LiveRoles | null;
}

/** The state: the inputs, plus the failover in flight or the last one done. */
export interface PairRolesOutputs extends PairRolesInputs {
    pending?: PendingFailover;
    lastFailover?: CompletedFailover;
}
