/**
 * `oic-dr drill`: a planned switchover and back while both regions are up, each leg timed against
 * the one-hour RTO Oracle states for Oracle-managed DR (seed 000, "RTO one hour"), with the
 * post-failover checks (postFailover.ts, the same as `oic-dr post-failover`) run on each new primary
 * when the caller gives them.
 *
 * A drill never starts unless both instances answer and are ACTIVE: a failover while one side is
 * updating or failed is a real incident, not a drill.
 */
import { executeFailover, type FailoverLeg, type WaitSettings } from "./failover";
import { readInstance, type InstanceView } from "./instanceView";
import { messageOf, type RegionClient } from "./clients/ociClient";
import { OperationError } from "./operationError";
import type { CheckResult } from "./postFailover";
import { RTO_SECONDS } from "../facts/recoveryObjectives";

export type { CheckResult };
export { RTO_SECONDS };

/** The instance that just became primary, as the checks need it (read again after the failover). */
export type NewPrimary = Pick<InstanceView, "id" | "region" | "displayName" | "regionalUrl" | "instanceUrl" | "designTimeUrl">;

export type PostFailoverChecks = (newPrimary: NewPrimary) => Promise<CheckResult[]>;

export interface DrillLeg {
    name: "switchover" | "switchback";
    /** The instance failed over (it becomes primary), in its region. */
    instance: string;
    region: string;
    workRequest: string | null;
    status: FailoverLeg["status"] | "SKIPPED";
    seconds: number | null;
    withinRto: boolean;
    /** The post-failover checks on this leg's new primary; null when they were not run. */
    checks: CheckResult[] | null;
}

export type DrillResult = "PASSED" | "FAILED" | "REFUSED" | "DECLINED";

export interface DrillReport {
    result: DrillResult;
    /** Why the drill did not pass (or did not start). */
    reason: string | null;
    rtoSeconds: number;
    primary: { instance: string; region: string; lifecycleState: string };
    standby: { instance: string; region: string; lifecycleState: string };
    legs: DrillLeg[];
    /**
     * NOT_RUN when the drill was given no checks: the report must not read as if they passed.
     * A leg that did not succeed runs none either (its `checks` is null).
     */
    postFailoverChecks: "RUN" | "NOT_RUN";
}

export interface DrillRequest extends WaitSettings {
    /** The instances of the pair, as addressed. */
    given: { id: string; region: string };
    clientFor: (region: string) => Promise<RegionClient>;
    confirm: (question: string) => Promise<boolean>;
    postFailoverChecks?: PostFailoverChecks;
}

/** Exit code: 0 passed; 1 the drill ran or was refused and the answer is no. */
export function drillExitCode(report: DrillReport): 0 | 1 {
    return report.result === "PASSED" ? 0 : 1;
}

async function leg(
    name: DrillLeg["name"],
    target: InstanceView,
    request: DrillRequest,
): Promise<DrillLeg> {
    const rc = await request.clientFor(target.region);
    const { onProgress } = request;
    const step = { name, region: target.region };
    const done = await executeFailover(rc, target.id, { ...request, onProgress: onProgress && ((event) => onProgress({ ...event, step })) });
    const withinRto = done.status === "SUCCEEDED" && done.seconds !== null && done.seconds <= RTO_SECONDS;
    let checks: CheckResult[] | null = null;
    if (done.status === "SUCCEEDED" && request.postFailoverChecks) {
        const run = request.postFailoverChecks;
        // A check that throws (or a re-read that fails) is a check that could not be made, not the
        // end of the drill: the switchback must still run.
        checks = await readInstance(rc, target.id)
            .then(run)
            .catch((err: unknown): CheckResult[] => [{ check: "post-failover", name: "(all)", status: "error", detail: `could not run: ${messageOf(err)}` }]);
    }
    return { name, instance: target.id, region: target.region, workRequest: done.workRequest, status: done.status, seconds: done.seconds, withinRto, checks };
}

function skipped(name: DrillLeg["name"], target: InstanceView): DrillLeg {
    return { name, instance: target.id, region: target.region, workRequest: null, status: "SKIPPED", seconds: null, withinRto: false, checks: null };
}

/** Why a leg did not pass, or undefined. */
function legProblem(l: DrillLeg): string | undefined {
    if (l.status !== "SUCCEEDED") return `${l.name} ${l.status}${l.workRequest ? ` (work request ${l.workRequest})` : ""}`;
    if (!l.withinRto) return `${l.name} took ${l.seconds} s, over the RTO of ${RTO_SECONDS} s`;
    const failedChecks = (l.checks ?? []).filter((c) => c.status !== "ok").map((c) => `${c.check} ${c.name}`);
    if (failedChecks.length > 0) return `${l.name}: checks failed: ${failedChecks.join(", ")}`;
    return undefined;
}

/**
 * Reads both sides (an OperationError, such as an unreachable region, propagates: exit 2), refuses
 * unless both are ACTIVE, asks, then switches over to the standby and back to the primary.
 */
export async function runDrill(request: DrillRequest): Promise<DrillReport> {
    const given = await readInstance(await request.clientFor(request.given.region), request.given.id);
    if (!given.peer) throw new OperationError(`instance ${given.id} in ${given.region} reports no cross-region instance`);
    const other = await readInstance(await request.clientFor(given.peer.region), given.peer.id);
    const [primary, standby] = given.role === "PRIMARY" ? [given, other] : [other, given];
    const side = (v: InstanceView) => ({ instance: v.id, region: v.region, lifecycleState: v.lifecycleState });
    const base = {
        rtoSeconds: RTO_SECONDS,
        primary: side(primary),
        standby: side(standby),
        postFailoverChecks: request.postFailoverChecks ? ("RUN" as const) : ("NOT_RUN" as const),
    };

    const notActive = [given, other].filter((v) => v.lifecycleState !== "ACTIVE");
    const roles = [primary.role, standby.role].join("/");
    if (notActive.length > 0 || roles !== "PRIMARY/SECONDARY") {
        const reason =
            notActive.length > 0
                ? `a drill needs both instances ACTIVE: ${notActive.map((v) => `${v.id} in ${v.region} is ${v.lifecycleState}`).join("; ")}`
                : `a drill needs one PRIMARY and one SECONDARY; the instances report ${given.role} and ${other.role}`;
        return { ...base, result: "REFUSED", reason, legs: [] };
    }
    const question =
        `Drill: switch over to ${standby.id} in ${standby.region}, then back to ${primary.id} in ${primary.region}? ` +
        "Each switch aborts in-flight work on the instance leaving the primary role.";
    if (!(await request.confirm(question))) return { ...base, result: "DECLINED", reason: "the operator declined", legs: [] };

    const legs: DrillLeg[] = [await leg("switchover", standby, request)];
    legs.push(legs[0]!.status === "SUCCEEDED" ? await leg("switchback", primary, request) : skipped("switchback", primary));
    const problems = legs.map(legProblem).filter((p): p is string => p !== undefined);
    return { ...base, result: problems.length === 0 ? "PASSED" : "FAILED", reason: problems.length === 0 ? null : problems.join("; "), legs };
}
