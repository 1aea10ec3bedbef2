/**
 * The operations' reports as text: a table for people, JSON for pipelines, Markdown for the drill
 * (it goes into a change record). JSON carries exactly the report's fields.
 */
import type { DrillReport } from "./drill";
import type { FailoverReport } from "./failover";
import type { StatusReport } from "./status";
import { MESSAGE_WIDTH, NAME_WIDTH, terminalText } from "./terminalText";

export const FAILOVER_FORMATS = ["table", "json"] as const;
export const STATUS_FORMATS = ["table", "json"] as const;
export const DRILL_FORMATS = ["markdown", "json"] as const;

export function renderJson(value: unknown): string {
    return `${JSON.stringify(value, null, 2)}\n`;
}

/** Rows of `label  value`, aligned; each value escaped and cut as a terminal may show it (operations/terminalText.ts). */
function keyValues(rows: readonly [string, string][]): string {
    const width = Math.max(...rows.map(([k]) => k.length));
    return rows.map(([k, v]) => `${k.padEnd(width)}  ${terminalText(v, { max: MESSAGE_WIDTH })}`).join("\n") + "\n";
}

const SAY: Record<FailoverReport["status"], string> = {
    ALREADY_PRIMARY: "already PRIMARY: nothing done",
    SUCCEEDED: "failover done: the instance is PRIMARY",
    FAILED: "the failover's work request FAILED",
    CANCELED: "the failover's work request was CANCELED",
    STILL_RUNNING: "the failover was still running at --wait; follow its work request",
    NOT_PRIMARY: "the work request succeeded but the instance did not report PRIMARY by --wait",
    DECLINED: "declined: nothing done",
};

export function renderFailoverTable(r: FailoverReport): string {
    return keyValues([
        ["result", SAY[r.status]],
        ["instance", r.instance],
        ["region", r.region],
        ["role before", r.roleBefore],
        ["role after", r.roleAfter],
        ["work request", r.workRequest ?? "-"],
        ["status", r.status],
        ["seconds", r.seconds === null ? "-" : String(r.seconds)],
    ]);
}

export function renderStatusTable(r: StatusReport): string {
    return r.sides
        .map((s) =>
            keyValues([
                ["region", s.region],
                ["instance", s.instance],
                ["reachable", s.reachable ? "yes" : "NO (unreachable)"],
                ["role", s.role ?? "-"],
                ["lifecycle state", s.lifecycleState ?? "-"],
                ["regional URL", s.regionalUrl ?? "-"],
                ["global URL", s.instanceUrl ?? "-"],
                ["role changed", s.timeRoleChanged ?? "-"],
                ...(s.error ? ([["error", s.error]] as [string, string][]) : []),
            ]),
        )
        .join("\n");
}

/**
 * A Markdown table cell: `|` would end it (integration ids carry one), a line break the row; null
 * is "-". Control and bidi characters are escaped, and the text cut at `max` (operations/terminalText.ts).
 */
export const markdownCell = (v: string | number | null, max = MESSAGE_WIDTH): string =>
    v === null ? "-" : terminalText(String(v).replace(/\r\n/g, "\n"), { max, multiline: true }).replace(/\|/g, "\\|").replace(/\n/g, "<br>");
const cell = markdownCell;
/** A name in Markdown (an instance, a region, a leg): escaped and cut as a cell is, shorter. */
const name = (v: string) => markdownCell(v, NAME_WIDTH);
/** A name in Markdown outside a table: escaped and cut. */
const plain = (v: string | null) => terminalText(v ?? "-", { max: NAME_WIDTH });

export function renderDrillMarkdown(r: DrillReport): string {
    const lines = [
        `# DR drill: ${r.result}${r.result === "PASSED" && r.postFailoverChecks === "NOT_RUN" ? " (post-failover checks not run)" : ""}`,
        "",
        r.reason ? `${terminalText(r.reason, { max: MESSAGE_WIDTH, multiline: true })}\n` : "",
        `RTO: ${r.rtoSeconds} s (one hour, Oracle-managed DR).`,
        "",
        `- primary before the drill: \`${plain(r.primary.instance)}\` in ${plain(r.primary.region)} (${plain(r.primary.lifecycleState)})`,
        `- standby before the drill: \`${plain(r.standby.instance)}\` in ${plain(r.standby.region)} (${plain(r.standby.lifecycleState)})`,
        "",
    ];
    if (r.legs.length > 0) {
        lines.push(
            "| leg | new primary | region | work request | status | seconds | within RTO |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            ...r.legs.map(
                (l) =>
                    `| ${l.name} | \`${name(l.instance)}\` | ${name(l.region)} | ${cell(l.workRequest)} | ${l.status} | ${cell(l.seconds)} | ${l.status === "SKIPPED" ? "-" : l.withinRto ? "yes" : "NO"} |`,
            ),
            "",
        );
    }
    if (r.postFailoverChecks === "NOT_RUN") {
        lines.push("## Post-failover checks: NOT RUN", "", "The drill was given no OAuth client (--token-url, --scope, --client-id): nothing was checked on the new primaries.", "");
    } else if (r.legs.length > 0) {
        const checks = r.legs.flatMap((l) => (l.checks ?? []).map((c) => ({ leg: l.name, ...c })));
        const notRun = r.legs.filter((l) => l.checks === null).map((l) => l.name);
        lines.push("## Post-failover checks", "");
        if (checks.length > 0) {
            lines.push(
                "| leg | check | name | result | detail |",
                "| --- | --- | --- | --- | --- |",
                ...checks.map((c) => `| ${c.leg} | ${c.check} | ${name(c.name)} | ${c.status === "ok" ? "ok" : c.status.toUpperCase()} | ${cell(c.detail)} |`),
                "",
            );
        }
        if (notRun.length > 0) lines.push(`Not run on: ${notRun.join(", ")} (the leg did not succeed).`, "");
        const empty = r.legs.filter((l) => l.checks !== null && l.checks.length === 0).map((l) => l.name);
        if (empty.length > 0) lines.push(`Nothing to check on: ${empty.join(", ")} (no integration named, no agent group).`, "");
    }
    return lines.filter((l, i) => !(l === "" && lines[i - 1] === "")).join("\n");
}
