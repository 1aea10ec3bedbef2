/** Renders a plan report for people (table) and machines (JSON). */
import { compareRegions, NO_REGION, type PlanReport, type PlannedResource, type Violation } from "./plan";

export const PLAN_FORMATS = ["table", "json", "mermaid"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];
export const CHECK_FORMATS = ["table", "json", "markdown"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function renderJson(report: PlanReport): string {
    const { program, stack, resources, violations, summary } = report;
    return JSON.stringify({ program, stack, resources, violations, summary }, null, 2) + "\n";
}

/** Resources grouped by region (see compareRegions), as aligned columns. */
export function renderTable(report: PlanReport): string {
    const groups = new Map<string, PlannedResource[]>();
    for (const r of report.resources) {
        const key = r.region ?? NO_REGION;
        groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const ordered = [...groups.keys()].sort(compareRegions);
    const nameOf = (urn: string | null) => (urn ? urn.slice(urn.lastIndexOf("::") + 2) : "");
    const lines = [`Program ${report.program}, stack ${report.stack}: ${report.summary.resources} resources`];
    for (const region of ordered) {
        const rows = groups.get(region)!.map((r) => [r.type, r.name, nameOf(r.parent)]);
        const header = ["TYPE", "NAME", "PARENT"];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
        const line = (cells: string[]) => "  " + cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
        lines.push("", `${region} (${rows.length})`, line(header), ...rows.map(line));
    }
    return lines.join("\n") + "\n";
}

const resourceName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2) || urn;

function verdict(report: PlanReport): string {
    const { mandatory, advisory } = report.summary;
    const waived = report.violations.filter((v) => v.waived !== undefined).length;
    const counts = `${mandatory} mandatory, ${advisory} advisory, ${waived} waived`;
    return mandatory > 0 ? `FAILED: ${counts}` : `PASSED: ${counts}`;
}

/** The plan table followed by the violations, one block each. */
export function renderCheckTable(report: PlanReport): string {
    const lines = [renderTable(report).trimEnd(), "", `Policy check ${verdict(report)}`];
    for (const v of report.violations) {
        const level = v.waived !== undefined ? `${v.enforcementLevel}, waived` : v.enforcementLevel;
        lines.push("", `  [${level}] ${v.policy} on ${resourceName(v.urn)}`, `    ${v.message.replace(/\n/g, "\n    ")}`);
        if (v.waived !== undefined) lines.push(`    waiver: ${v.waived}`);
    }
    return lines.join("\n") + "\n";
}

/** Markdown cell text: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

function violationRows(violations: readonly Violation[]): string[] {
    return violations.map((v) => `| \`${v.policy}\` | ${v.enforcementLevel} | \`${cell(resourceName(v.urn))}\` | ${cell(v.message)} |`);
}

/** Ready to post as a pull-request comment or a job summary. */
export function renderMarkdown(report: PlanReport): string {
    const open = report.violations.filter((v) => v.waived === undefined);
    const waived = report.violations.filter((v) => v.waived !== undefined);
    const mandatory = open.filter((v) => v.enforcementLevel === "mandatory");
    const advisory = open.filter((v) => v.enforcementLevel === "advisory");
    const lines = [
        `## oic-dr check: ${report.summary.mandatory > 0 ? "❌" : "✅"} ${verdict(report)}`,
        "",
        `Program \`${report.program}\`, stack \`${report.stack}\`: ${report.summary.resources} resources.`,
    ];
    const table = (title: string, rows: readonly Violation[]) => {
        if (rows.length === 0) return;
        lines.push("", `### ${title}`, "", "| policy | level | resource | message |", "| --- | --- | --- | --- |", ...violationRows(rows));
    };
    table("Mandatory violations", mandatory);
    table("Advisory violations", advisory);
    if (waived.length > 0) {
        lines.push("", "### Waived", "", "| policy | level | resource | reason |", "| --- | --- | --- | --- |");
        lines.push(...waived.map((v) => `| \`${v.policy}\` | ${v.enforcementLevel} | \`${cell(resourceName(v.urn))}\` | ${cell(v.waived!)} |`));
    }
    const byRegion = new Map<string, number>();
    for (const r of report.resources) byRegion.set(r.region ?? NO_REGION, (byRegion.get(r.region ?? NO_REGION) ?? 0) + 1);
    lines.push("", "<details><summary>Resources by region</summary>", "", "| region | resources |", "| --- | --- |");
    const regionRows = [...byRegion].sort(([a], [b]) => compareRegions(a, b));
    lines.push(...regionRows.map(([region, count]) => `| ${region} | ${count} |`), "", "</details>");
    return lines.join("\n") + "\n";
}
