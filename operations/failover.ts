/**
 * `oic-dr failover`: DisasterRecoveryFailover called on the standby, in its own region, which swaps
 * the roles of the pair (seed 000; https://docs.oracle.com/iaas/api/#/en/integration/20190131/IntegrationInstance/DisasterRecoveryFailover).
 * Nothing is needed from the other region: this is the call for the day the primary's region is lost.
 *
 * A failover is not idempotent (a second one swaps the roles back), so the request carries one
 * `opc-retry-token`, chosen here and sent unchanged on every retry the SDK makes: the service
 * answers a repeated token with the first request's work request instead of executing again
 * (https://docs.oracle.com/en-us/iaas/Content/API/Concepts/usingapi.htm, "Retry tokens").
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { readInstance, type InstanceView } from "./instanceView";
import { call, type RegionClient } from "./clients/ociClient";
import { OperationError } from "./operationError";
import { RTO_SECONDS } from "../facts/recoveryObjectives";

/** `--wait` defaults to Oracle's recovery-time objective (facts/recoveryObjectives.ts). */
export const FAILOVER_DEFAULTS = Object.freeze({ waitSeconds: RTO_SECONDS, pollIntervalSeconds: 10 });

/**
 * ALREADY_PRIMARY: nothing to do. SUCCEEDED: the work request succeeded and the instance reports
 * PRIMARY. FAILED, CANCELED: the work request's end. STILL_RUNNING: not done at --wait (the work
 * request may still finish). NOT_PRIMARY: the work request succeeded but the instance did not
 * report PRIMARY by --wait. DECLINED: the operator answered no.
 */
export type FailoverStatus = "ALREADY_PRIMARY" | "SUCCEEDED" | "FAILED" | "CANCELED" | "STILL_RUNNING" | "NOT_PRIMARY" | "DECLINED";

/** The JSON report; its keys are the interface the issue fixes. */
export interface FailoverReport {
    instance: string;
    region: string;
    roleBefore: string;
    roleAfter: string;
    workRequest: string | null;
    status: FailoverStatus;
    /** From the request to the instance reporting PRIMARY; null when that was not seen. */
    seconds: number | null;
}

export interface WaitSettings {
    waitSeconds: number;
    pollIntervalSeconds: number;
    /** Told after every poll what is awaited; the CLI renders it on stderr (operations print nothing). */
    onProgress?: ((event: WaitProgress) => void) | undefined;
}

/** One poll of a failover's wait, as the operator follows it. */
export interface WaitProgress {
    /** The work request to end, then (once it SUCCEEDED) the instance to report PRIMARY. */
    awaiting: "work request" | "role PRIMARY";
    workRequest: string;
    /** The work request's status, as GetWorkRequest last answered it. */
    status: string;
    /** The work request's percentComplete (WorkRequest model, oci-integration lib/model/work-request.d.ts:47); null when not answered. */
    percentComplete: number | null;
    /** The instance's role as last read, while awaiting role PRIMARY. */
    role?: string;
    /** Since DisasterRecoveryFailover was requested. */
    elapsedSeconds: number;
    rtoSeconds: number;
    /** The drill's leg (drill.ts); absent for a lone failover. */
    step?: { name: string; region: string };
}

/** What one executed failover gave. */
export interface FailoverLeg {
    workRequest: string;
    status: Exclude<FailoverStatus, "ALREADY_PRIMARY" | "DECLINED">;
    seconds: number | null;
    roleAfter: string;
}

/** Exit code of a failover report: 0 done (or nothing to do), 1 not done. */
export function failoverExitCode(report: Pick<FailoverReport, "status">): 0 | 1 {
    return report.status === "SUCCEEDED" || report.status === "ALREADY_PRIMARY" ? 0 : 1;
}

/**
 * Sleeps until the next poll: the poll interval, or what is left before the deadline when that is
 * shorter, so that the last poll falls at the deadline and not up to one interval before it (a
 * --wait shorter than the interval still waits). False when the deadline has passed: no poll is left.
 */
async function pauseBeforeNextPoll(wait: WaitSettings, deadline: number): Promise<boolean> {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(wait.pollIntervalSeconds * 1000, left));
    return true;
}

/**
 * Requests the failover of `instanceId` in `rc`'s region and follows it: the work request to
 * SUCCEEDED/FAILED/CANCELED, then the instance to role PRIMARY, all within `waitSeconds`: polls every
 * `pollIntervalSeconds`, closer together near the deadline, and once more at it.
 */
export async function executeFailover(rc: RegionClient, instanceId: string, wait: WaitSettings, retryToken: string = randomUUID()): Promise<FailoverLeg> {
    const started = Date.now();
    const deadline = started + wait.waitSeconds * 1000;
    const response = await call(rc, "DisasterRecoveryFailover", (retryConfiguration) =>
        rc.client.disasterRecoveryFailover({ integrationInstanceId: instanceId, opcRetryToken: retryToken, retryConfiguration }),
    );
    const workRequest = response.opcWorkRequestId;
    if (!workRequest) throw new OperationError(`DisasterRecoveryFailover in ${rc.region} answered without an opc-work-request-id`);

    const progress = (awaiting: WaitProgress["awaiting"], role?: string) =>
        wait.onProgress?.({
            awaiting,
            workRequest,
            status,
            percentComplete,
            ...(role === undefined ? {} : { role }),
            elapsedSeconds: (Date.now() - started) / 1000,
            rtoSeconds: RTO_SECONDS,
        });
    let status = "ACCEPTED";
    let percentComplete: number | null = null;
    for (;;) {
        const read = await call(rc, "GetWorkRequest", (retryConfiguration) => rc.client.getWorkRequest({ workRequestId: workRequest, retryConfiguration }), deadline);
        status = read.workRequest.status;
        percentComplete = typeof read.workRequest.percentComplete === "number" ? read.workRequest.percentComplete : null;
        progress("work request");
        if (status === "SUCCEEDED" || status === "FAILED" || status === "CANCELED") break;
        if (!(await pauseBeforeNextPoll(wait, deadline))) break;
    }
    if (status !== "SUCCEEDED") {
        const roleAfter = await readInstance(rc, instanceId).then((i) => i.role, () => "UNKNOWN");
        return { workRequest, status: status === "FAILED" || status === "CANCELED" ? status : "STILL_RUNNING", seconds: null, roleAfter };
    }
    // The work request's end is not the service's answer to users: the instance reporting PRIMARY is.
    for (;;) {
        const instance = await readInstance(rc, instanceId);
        progress("role PRIMARY", instance.role);
        if (instance.role === "PRIMARY") {
            return { workRequest, status: "SUCCEEDED", seconds: Math.round((Date.now() - started) / 100) / 10, roleAfter: instance.role };
        }
        if (!(await pauseBeforeNextPoll(wait, deadline))) return { workRequest, status: "NOT_PRIMARY", seconds: null, roleAfter: instance.role };
    }
}

export interface FailoverRequest extends WaitSettings {
    rc: RegionClient;
    instanceId: string;
    /** Asked before acting; resolves true to go on. */
    confirm: (question: string) => Promise<boolean>;
}

/** The whole command: read, do nothing if already primary, ask, fail over, follow. */
export async function runFailover(request: FailoverRequest): Promise<FailoverReport> {
    const { rc, instanceId } = request;
    const before: InstanceView = await readInstance(rc, instanceId);
    const base = { instance: instanceId, region: rc.region, roleBefore: before.role };
    if (before.role === "PRIMARY") {
        return { ...base, roleAfter: before.role, workRequest: null, status: "ALREADY_PRIMARY", seconds: null };
    }
    const peer = before.peer ? `${before.peer.id} in ${before.peer.region}` : "its peer";
    const question =
        `Fail over: make ${before.displayName} (${instanceId}) in ${rc.region} PRIMARY and ${peer} standby? ` +
        "In-flight work on the current primary is aborted.";
    if (!(await request.confirm(question))) {
        return { ...base, roleAfter: before.role, workRequest: null, status: "DECLINED", seconds: null };
    }
    const leg = await executeFailover(rc, instanceId, request);
    return { ...base, roleAfter: leg.roleAfter, workRequest: leg.workRequest, status: leg.status, seconds: leg.seconds };
}
