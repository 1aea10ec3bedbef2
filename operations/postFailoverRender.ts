/** The post-failover report as a terminal table, JSON or Markdown. It holds no secret to hide. */
import type { PostFailoverReport } from "./postFailover";
import { markdownCell, renderJson } from "./render";

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

function renderTable(report: PostFailoverReport): string {
    const lines = [`Post-failover on ${report.designHost} (integrationInstance ${report.integrationInstance})`, ""];
    if (report.checks.length > 0) {
        lines.push(pad([["CHECK", "NAME", "RESULT", "DETAIL"], ...report.checks.map((c) => [c.check, c.name, c.status.toUpperCase(), c.detail])]));
    } else {
        lines.push("No integration named and no agent group on the instance: nothing to check.");
    }
    lines.push("", "Still to do by hand:");
    report.manualSteps.forEach((step, i) => lines.push(`${i + 1}. ${step.title}: ${step.detail}`));
    return `${lines.join("\n")}\n`;
}

const cell = markdownCell;

function renderMarkdown(report: PostFailoverReport): string {
    const lines = [`## Post-failover on \`${report.designHost}\` (\`integrationInstance=${report.integrationInstance}\`)`, ""];
    if (report.checks.length > 0) {
        lines.push("| check | name | result | detail |", "| --- | --- | --- | --- |");
        for (const c of report.checks) lines.push(`| ${c.check} | ${cell(c.name)} | ${c.status} | ${cell(c.detail)} |`);
    } else {
        lines.push("No integration named and no agent group on the instance: nothing to check.");
    }
    lines.push("", "### Still to do by hand", "");
    report.manualSteps.forEach((step, i) => lines.push(`${i + 1}. **${step.title}**: ${step.detail}`));
    return `${lines.join("\n")}\n`;
}
