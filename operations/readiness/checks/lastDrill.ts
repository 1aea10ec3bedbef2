/**
 * `last-drill`: when the pair was last drilled and what the drill measured, from the history
 * `oic-dr drill --history FILE` appends to (operations/drillHistory.ts). Advisory: a pair never
 * drilled may still fail over, but nobody knows how long it takes. WARN when the last drill is older
 * than `--max-drill-age` days, did not pass, or took longer than Oracle's RTO of one hour for a
 * failover (facts/recoveryObjectives.ts); NOT_RUN without `--history`.
 *
 * The history may hold the drills of several pairs: only those of this pair count, whichever
 * instance was primary then (a drill swaps the roles and back, a failover leaves them swapped).
 */
import { existsSync } from "node:fs";
import { ORACLE_MANAGED_DR_GUIDE } from "../../../facts/factSource";
import { RTO_SECONDS } from "../../../facts/recoveryObjectives";
import { measuredRtoSeconds, readDrillHistory } from "../../drillHistory";
import { shownPath } from "../../../text/shownValue";
import { notRun, type ReadinessCheck } from "../model";

const DAY_MS = 24 * 60 * 60 * 1000;

export const lastDrill: ReadinessCheck = {
    id: "last-drill",
    title: "The pair drilled recently, the last drill passed, each failover within the one-hour RTO",
    mandatory: false,
    source: { title: `${ORACLE_MANAGED_DR_GUIDE.title}: About Oracle-Managed Disaster Recovery`, url: ORACLE_MANAGED_DR_GUIDE.url },
    async run({ sides, options, now }) {
        const file = options.drillHistory;
        if (file === undefined) return notRun("no drill history given (--history FILE, the file oic-dr drill --history appends to)");
        const drillAnew = `run oic-dr drill --history ${file} (a switchover and back, both regions up)`;
        if (!existsSync(file)) return { status: "WARN", found: `no drill recorded: ${shownPath(file)} does not exist`, todo: drillAnew };
        const ids = new Set(sides.map((side) => side.id));
        const drills = readDrillHistory(file).filter((e) => ids.has(e.primary.instance) || ids.has(e.standby.instance));
        const last = drills.at(-1);
        if (!last) return { status: "WARN", found: `no drill of this pair in ${shownPath(file)}`, todo: drillAnew };

        const ageDays = Math.floor((now.getTime() - Date.parse(last.finishedAt)) / DAY_MS);
        const measured = measuredRtoSeconds(last);
        const found =
            `last drill ${last.result} on ${last.finishedAt.slice(0, 10)} (${ageDays} day${ageDays === 1 ? "" : "s"} ago)` +
            (measured === null ? ", no failover timed" : `, slowest failover ${Math.round(measured)} s of the RTO's ${RTO_SECONDS} s`);
        const problems = [
            ageDays > options.maxDrillAgeDays && `older than ${options.maxDrillAgeDays} days (--max-drill-age)`,
            last.result !== "PASSED" && `it did not pass${last.reason ? `: ${last.reason}` : ""}`,
            measured !== null && measured > RTO_SECONDS && "a failover took longer than the RTO of one hour",
        ].filter((p): p is string => typeof p === "string");
        return problems.length === 0
            ? { status: "PASS", found, todo: null }
            : { status: "WARN", found: `${found}: ${problems.join("; ")}`, todo: `${drillAnew}; fix what made the last one fail or run long first` };
    },
};
