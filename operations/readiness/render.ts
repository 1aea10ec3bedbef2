/**
 * The readiness report: a table for a terminal, Markdown for a pull-request or issue comment, JSON
 * for pipelines (exactly the report's fields). Text from services and the user is escaped and cut
 * as every report's is (operations/terminalText.ts); JSON keeps it whole.
 */
import { markdownCell } from "../render";
import { MESSAGE_WIDTH, NAME_WIDTH, terminalText } from "../terminalText";
import type { ReadinessReport } from "./model";

export const READINESS_FORMATS = ["table", "markdown", "json"] as const;
export type ReadinessFormat = (typeof READINESS_FORMATS)[number];

/** The verdict in a few words: what a reader of the first line needs. */
function verdict(r: ReadinessReport): string {
    const { mandatoryFailed, warn, notRun } = r.summary;
    if (mandatoryFailed > 0) return `NOT READY: ${mandatoryFailed} mandatory check${mandatoryFailed === 1 ? "" : "s"} failed`;
    const notes = [warn > 0 && `${warn} warning${warn === 1 ? "" : "s"}`, notRun > 0 && `${notRun} not run`].filter(Boolean);
    return `READY${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
}

function sideLine(side: ReadinessReport["sides"][number]): string {
    const role = side.instance?.disasterRecoveryDetails?.role;
    return side.instance ? `${side.region}: ${side.id} ${role ?? "UNKNOWN"} ${side.instance.lifecycleState ?? ""}`.trim() : `${side.region}: ${side.id} not read (${side.error})`;
}

export function renderReadinessTable(r: ReadinessReport): string {
    const text = (v: string, max = MESSAGE_WIDTH) => terminalText(v, { max });
    const lines = [`readiness: ${verdict(r)}`, ...r.sides.map((side) => `  ${text(sideLine(side), NAME_WIDTH * 2)}`), ""];
    const idWidth = Math.max(...r.checks.map((c) => c.id.length), 5);
    for (const c of r.checks) {
        lines.push(`${c.status.padEnd(7)}  ${c.id.padEnd(idWidth)}  ${c.mandatory ? "mandatory" : "advisory "}  ${text(c.found)}`);
        if (c.todo) lines.push(`${" ".repeat(9 + idWidth + 2 + 11)}to do: ${text(c.todo)}`);
    }
    return `${lines.join("\n")}\n`;
}

export function renderReadinessMarkdown(r: ReadinessReport): string {
    const lines = [
        `# DR readiness: ${verdict(r)}`,
        "",
        ...r.sides.map((side) => `- ${terminalText(sideLine(side), { max: NAME_WIDTH * 2 })}`),
        "",
        "| check | status | | found | to do | source |",
        "| --- | --- | --- | --- | --- | --- |",
        ...r.checks.map(
            (c) =>
                `| \`${c.id}\` | ${c.status} | ${c.mandatory ? "mandatory" : "advisory"} | ${markdownCell(c.found)} | ${markdownCell(c.todo)} | [${markdownCell(c.source.title, NAME_WIDTH)}](${c.source.url}) |`,
        ),
        "",
    ];
    return lines.join("\n");
}
