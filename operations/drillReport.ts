/**
 * `oic-dr drill-report`: the drill history (drillHistory.ts) as Markdown for a team to read: every
 * drill, the percentiles of what they measured, and the objective (Oracle's RTO of one hour per
 * failover, facts/recoveryObjectives.ts), with the trend chart (drillChart.ts) referenced when one
 * was drawn.
 */
import { RTO_SECONDS } from "../facts/recoveryObjectives";
import { measuredRtoSeconds, totalSeconds, type DrillHistoryEntry } from "./drillHistory";
import { OPERATION_EXIT } from "./operationError";
import { markdownCell } from "./render";
import { NAME_WIDTH } from "./terminalText";

export interface Percentiles {
    readonly count: number;
    readonly p50: number | null;
    readonly p90: number | null;
    readonly max: number | null;
}

/**
 * Nearest-rank percentiles (the p-th percentile is the smallest value at least p % of the values
 * are at or below): always a value that was measured, never an interpolation between two drills.
 */
export function percentiles(values: readonly number[]): Percentiles {
    const sorted = [...values].sort((a, b) => a - b);
    const rank = (p: number) => (sorted.length === 0 ? null : sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!);
    return { count: sorted.length, p50: rank(50), p90: rank(90), max: rank(100) };
}

export interface DrillStatistics {
    readonly switchover: Percentiles;
    readonly switchback: Percentiles;
    readonly total: Percentiles;
}

/** The percentiles of each leg's seconds (legs that SUCCEEDED) and of the total (drills with both). */
export function drillStatistics(entries: readonly DrillHistoryEntry[]): DrillStatistics {
    const legSeconds = (name: "switchover" | "switchback") =>
        entries.flatMap((e) => e.legs.filter((l) => l.name === name && l.status === "SUCCEEDED" && l.seconds !== null).map((l) => l.seconds!));
    return {
        switchover: percentiles(legSeconds("switchover")),
        switchback: percentiles(legSeconds("switchback")),
        total: percentiles(entries.map(totalSeconds).filter((s): s is number => s !== null)),
    };
}

/** Whether a drill passed and each of its failovers was within the objective. */
export function drillMetObjective(entry: DrillHistoryEntry): boolean {
    const measured = measuredRtoSeconds(entry);
    return entry.result === "PASSED" && measured !== null && measured <= RTO_SECONDS;
}

/** 0 the last drill passed within the RTO; 1 it did not (failed, refused, declined, or over). */
export function drillReportExitCode(entries: readonly DrillHistoryEntry[]): number {
    const last = entries.at(-1);
    return last && drillMetObjective(last) ? OPERATION_EXIT.ok : OPERATION_EXIT.answerIsNo;
}

const seconds = (s: number | null) => (s === null ? "-" : String(Math.round(s)));
const minutes = (s: number | null) => (s === null ? "-" : `${(s / 60).toFixed(1)} min`);
const name = (v: string) => markdownCell(v, NAME_WIDTH);

function checksCell(e: DrillHistoryEntry): string {
    if (e.postFailoverChecks === "NOT_RUN") return "not run";
    const checks = e.legs.flatMap((l) => l.checks ?? []);
    const bad = checks.filter((c) => c.status !== "ok").length;
    return bad === 0 ? `${checks.length} ok` : `${bad} of ${checks.length} NOT ok`;
}

/** The report; `chart` is the path (or URL) of the SVG as the Markdown's reader will find it. */
export function renderDrillReportMarkdown(entries: readonly DrillHistoryEntry[], chart: string | undefined): string {
    const last = entries.at(-1)!;
    const stats = drillStatistics(entries);
    const within = entries.filter(drillMetObjective).length;
    const leg = (e: DrillHistoryEntry, n: "switchover" | "switchback") => {
        const l = e.legs.find((x) => x.name === n);
        return l ? (l.status === "SUCCEEDED" ? seconds(l.seconds) : `${l.status}${l.seconds === null ? "" : ` (${seconds(l.seconds)})`}`) : "-";
    };
    const lines = [
        `# DR drills: last ${last.result}${last.result === "PASSED" && !drillMetObjective(last) ? " (over the RTO)" : ""} on ${last.finishedAt.slice(0, 10)}`,
        "",
        `Objective: RTO ${RTO_SECONDS} s (one hour) for each failover, as Oracle states it for Oracle-managed DR. ` +
            `${within} of ${entries.length} drill${entries.length === 1 ? "" : "s"} passed with every failover within it.`,
        "",
    ];
    if (chart !== undefined) lines.push(`![RTO trend: the slowest failover of each drill, in minutes, against the one-hour objective](${encodeURI(chart)})`, "");
    lines.push(
        "| seconds | drills | p50 | p90 | max |",
        "| --- | --- | --- | --- | --- |",
        ...(["switchover", "switchback", "total"] as const).map((k) => `| ${k} | ${stats[k].count} | ${seconds(stats[k].p50)} | ${seconds(stats[k].p90)} | ${seconds(stats[k].max)} |`),
        "",
        "| finished (UTC) | result | primary → standby | switchover s | switchback s | total s | slowest failover | checks | reason |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ...entries.map(
            (e) =>
                `| ${e.finishedAt.slice(0, 16).replace("T", " ")} | ${e.result} | ${name(e.primary.region)} → ${name(e.standby.region)} | ${leg(e, "switchover")} | ${leg(e, "switchback")} | ${seconds(totalSeconds(e))} | ${minutes(measuredRtoSeconds(e))} | ${checksCell(e)} | ${markdownCell(e.reason)} |`,
        ),
        "",
    );
    return lines.join("\n");
}
