/** The post-failover report as a terminal table, JSON or Markdown. It holds no secret to hide. */
import type { PostFailoverReport } from "./postFailover";
import { markdownCell, renderJson } from "./render";
import { MESSAGE_WIDTH, NAME_WIDTH, terminalText } from "./terminalText";

export const POST_FAILOVER_FORMATS = ["table", "json", "markdown"] as const;
export type PostFailoverFormat = (typeof POST_FAILOVER_FORMATS)[number];

export function renderPostFailover(report: PostFailoverReport, format: PostFailoverFormat): string {
    if (format === "json") return renderJson(report);
    return format === "markdown" ? renderMarkdown(report) : renderTable(report);
}

function pad(rows: string[][]): string {
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).join("\n");
}

/** What the instance answered (names, details), escaped and cut as a terminal may show it (operations/terminalText.ts). */
const nameText = (text: string) => terminalText(text, { max: NAME_WIDTH });
const messageText = (text: string) => terminalText(text, { max: MESSAGE_WIDTH });

function renderTable(report: PostFailoverReport): string {
    const lines = [`Post-failover on ${nameText(report.designHost)} (integrationInstance ${nameText(report.integrationInstance)})`, ""];
    if (report.checks.length > 0) {
        lines.push(pad([["CHECK", "NAME", "RESULT", "DETAIL"], ...report.checks.map((c) => [c.check, nameText(c.name), c.status.toUpperCase(), messageText(c.detail)])]));
    } else {
        lines.push("No integration named and no agent group on the instance: nothing to check.");
    }
    lines.push("", "Still to do by hand:");
    report.manualSteps.forEach((step, i) => lines.push(`${i + 1}. ${step.title}: ${messageText(step.detail)}`));
    return `${lines.join("\n")}\n`;
}

const cell = markdownCell;

function renderMarkdown(report: PostFailoverReport): string {
    const lines = [`## Post-failover on \`${nameText(report.designHost)}\` (\`integrationInstance=${nameText(report.integrationInstance)}\`)`, ""];
    if (report.checks.length > 0) {
        lines.push("| check | name | result | detail |", "| --- | --- | --- | --- |");
        for (const c of report.checks) lines.push(`| ${c.check} | ${cell(c.name, NAME_WIDTH)} | ${c.status} | ${cell(c.detail)} |`);
    } else {
        lines.push("No integration named and no agent group on the instance: nothing to check.");
    }
    lines.push("", "### Still to do by hand", "");
    report.manualSteps.forEach((step, i) => lines.push(`${i + 1}. **${step.title}**: ${terminalText(step.detail, { max: MESSAGE_WIDTH, multiline: true })}`));
    return `${lines.join("\n")}\n`;
}
