/**
 * Runs the readiness checks against a pair and sums them up. Every check runs at once: their calls
 * go to the two regions concurrently, so the run takes about as long as its slowest service answer,
 * not their sum (bench/run.ts measures the overhead beyond the stand-ins' answers).
 */
import { messageOf } from "../clients/ociClient";
import { OperationError, OPERATION_EXIT } from "../operationError";
import { withoutEchoedSecrets } from "../../text/shownValue";
import { notRun, type CheckOutcome, type ReadinessCheck, type ReadinessCheckResult, type ReadinessContext, type ReadinessReport } from "./model";

/**
 * One check, with what stops it turned into NOT_RUN: a region that does not answer, a service
 * that refuses (a permission missing, a service not enabled). A bug is not hidden as NOT_RUN: it
 * ends the command (exit 2).
 */
async function runCheck(check: ReadinessCheck, context: ReadinessContext): Promise<ReadinessCheckResult> {
    let outcome: CheckOutcome;
    try {
        outcome = await check.run(context);
    } catch (err) {
        if (!(err instanceof OperationError)) throw err;
        // RegionUnreachable names the region; a refusal names the call and the service's code.
        outcome = notRun(withoutEchoedSecrets(`not checked: ${messageOf(err)}`));
    }
    return { id: check.id, title: check.title, mandatory: check.mandatory, source: check.source, ...outcome };
}

export async function runReadiness(checks: readonly ReadinessCheck[], context: ReadinessContext): Promise<ReadinessReport> {
    const results = await Promise.all(checks.map((check) => runCheck(check, context)));
    const count = (status: ReadinessCheckResult["status"]) => results.filter((r) => r.status === status).length;
    return {
        sides: context.sides,
        checks: results,
        summary: {
            pass: count("PASS"),
            fail: count("FAIL"),
            warn: count("WARN"),
            notRun: count("NOT_RUN"),
            mandatoryFailed: results.filter((r) => r.mandatory && r.status === "FAIL").length,
        },
    };
}

/** 0 nothing mandatory failed; 1 something mandatory did; 2 no instance of the pair could be read at all. */
export function readinessExitCode(report: ReadinessReport): number {
    if (report.sides.every((side) => side.instance === undefined)) return OPERATION_EXIT.couldNotDoIt;
    return report.summary.mandatoryFailed > 0 ? OPERATION_EXIT.answerIsNo : OPERATION_EXIT.ok;
}
