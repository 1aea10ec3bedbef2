/**
 * `oic-dr drill-report FILE`: the drill history `oic-dr drill --history FILE` keeps, as Markdown
 * (operations/drillReport.ts) and, with `--chart FILE.svg`, the RTO trend chart the Markdown shows
 * (operations/drillChart.ts). Offline: it reads the file and calls nothing.
 *
 * Exit codes, as the other operations: 0 the last drill passed with each failover within the RTO;
 * 1 it did not (a scheduled job shows the drill that went wrong, not only the one that could not
 * run); 2 the history is missing, unreadable, empty or holds a line that is no drill.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { OPERATION_EXIT, OperationError } from "../operations/operationError";
import { readDrillHistory } from "../operations/drillHistory";
import { drillReportExitCode, renderDrillReportMarkdown } from "../operations/drillReport";
import { shownPath } from "../text/shownValue";
import { nonEmpty } from "./argParsers";
import { operate, withExampleAndExits } from "./operate";

export interface DrillReportIo {
    out(text: string): void;
    err(text: string): void;
    setExitCode(code: number): void;
}

/** What each exit code of drill-report means; `--help` prints it and docs/operations.md says the same (a test holds them equal). */
export const DRILL_REPORT_EXITS: ReadonlyArray<readonly [number, string]> = [
    [OPERATION_EXIT.ok, "the last drill passed, each of its failovers within the RTO of one hour"],
    [OPERATION_EXIT.answerIsNo, "the last drill failed, was refused or declined, or a failover of it took longer than the RTO"],
    [OPERATION_EXIT.couldNotDoIt, "the history file is missing, unreadable or empty, or a line of it is not a drill; the chart could not be written"],
];

interface DrillReportOptions {
    chart?: string;
}

export function registerDrillReport(cli: Command, io: DrillReportIo): Command {
    const command = cli
        .command("drill-report")
        .description("The drill history (oic-dr drill --history FILE) as Markdown: every drill, p50/p90/max of each leg and of the total, the one-hour RTO, and an RTO trend chart (--chart).")
        .argument("<file>", "the drill history, one JSON line per drill")
        .option("--chart <file.svg>", "also write the RTO trend chart to this SVG file, which the Markdown shows (referenced by this path: give it relative to where the Markdown goes)", nonEmpty("--chart"));
    withExampleAndExits(
        command,
        {
            when: "the drills of drills.jsonl as a page with its chart beside it",
            lines: [
                "$ oic-dr drill --region eu-frankfurt-1 --stack-outputs outputs.json --pair orders --yes --history drills.jsonl",
                "$ oic-dr drill-report drills.jsonl --chart rto.svg > drills.md",
            ],
        },
        DRILL_REPORT_EXITS,
    );
    command.action((file: string, o: DrillReportOptions) =>
        operate("drill-report", io, async () => {
            const entries = readDrillHistory(file);
            if (entries.length === 0) throw new OperationError(`drill history ${shownPath(file)} holds no drill`);
            if (o.chart !== undefined) {
                // The chart module is read only when a chart is asked for.
                const { renderDrillChart } = await import("../operations/drillChart");
                try {
                    writeFileSync(o.chart, renderDrillChart(entries));
                } catch (err) {
                    throw new OperationError(`--chart ${shownPath(o.chart)} cannot be written: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
                }
            }
            io.out(renderDrillReportMarkdown(entries, o.chart));
            return drillReportExitCode(entries);
        }),
    );
    return command;
}
