/** Renders a plan report for people (table) and machines (JSON). */
import type { PlanReport, PlannedResource } from "./plan";

export const PLAN_FORMATS = ["table", "json"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export function renderJson(report: PlanReport): string {
    const { program, stack, resources, violations, summary } = report;
    return JSON.stringify({ program, stack, resources, violations, summary }, null, 2) + "\n";
}

const NO_REGION = "(no region)";

/** Resources grouped by region (regions in order of first appearance, region-less last), as aligned columns. */
export function renderTable(report: PlanReport): string {
    const groups = new Map<string, PlannedResource[]>();
    for (const r of report.resources) {
        const key = r.region ?? NO_REGION;
        groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const ordered = [...groups.keys()].sort((a, b) => Number(a === NO_REGION) - Number(b === NO_REGION));
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
