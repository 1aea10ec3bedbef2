/** Renders a plan report for people (table, Markdown) and machines (JSON, SARIF). */
import { createHash } from "node:crypto";
import type { EnforcementLevel } from "@pulumi/policy";
import { drRegion } from "../facts/regions";
import { markdownCell } from "../operations/render";
import { IN_FULL_WITH_JSON, MESSAGE_WIDTH, NAME_WIDTH, shownPart, terminalText } from "../operations/terminalText";
import { SECRET_MASK, UNKNOWN_MASK } from "../engine/displayValues";
import { compareRegions, drInstances, NO_REGION, regionRoles, type DrInstance, type PlanReport, type PlannedResource, type Violation } from "../engine/plan";
import type { SarifTool } from "../engine/check";

export const PLAN_FORMATS = ["table", "json", "mermaid"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];
export const CHECK_FORMATS = ["table", "json", "markdown", "sarif"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/**
 * Everything: each resource's inputs and the stack's outputs in full (masked where the report was
 * built), and each DR instance with its pair's roles (`source`: "stack-outputs" or "declared").
 */
export function renderJson(report: PlanReport): string {
    const { program, stack, resources, outputs, violations, summary } = report;
    const instances = drInstances(report).map((dr) => ({ urn: dr.resource.urn, name: dr.resource.name, pair: dr.pair, region: dr.primary, roles: dr.roles }));
    return JSON.stringify({ program, stack, resources, drInstances: instances, outputs, violations, summary }, null, 2) + "\n";
}

/**
 * The inputs of a DR instance a reviewer checks first: what it costs (edition, message packs,
 * licence), what DR requires (shape), whether a failover is asked for, and where it lives.
 */
export const DR_INSTANCE_KEY_INPUTS = [
    "displayName",
    "integrationInstanceType",
    "shape",
    "messagePacks",
    "isByol",
    "failoverTrigger",
    "isFileServerEnabled",
    "consumptionModel",
    "dataRetentionPeriod",
    "compartmentId",
    "domainId",
] as const;

/** DR instances shown in detail: a stack of hundreds of pairs keeps the table readable; JSON has them all. */
const DR_INSTANCES_SHOWN = 5;
/** Width of a value in a table or Markdown cell; longer values are cut (JSON has them in full). */
const VALUE_WIDTH = 90;

/**
 * A value on one line of at most VALUE_WIDTH characters, saying what was left out; control and
 * bidi characters escaped (operations/terminalText.ts), as in every name and message shown.
 */
export function shortValue(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value) ?? "null";
    const lines = text.split(/\r?\n/);
    const first = shownPart(lines[0]!, VALUE_WIDTH);
    if (lines.length === 1 && !first.cut) return first.text;
    const shown = first.cut ? first.text : `${first.text} …`;
    const size = lines.length > 1 ? `${lines.length} lines` : `${text.length} characters`;
    return `${shown} (${size}; ${IN_FULL_WITH_JSON})`;
}

/** A name, key, type or region a program chose: escaped, and cut where it would widen a column past reading. */
const nameText = (text: string) => terminalText(text, { max: NAME_WIDTH });
/** A policy's message or a waiver's reason (it may quote values): escaped, its lines kept, one screen at most. */
const messageText = (text: string) => terminalText(text, { max: MESSAGE_WIDTH, multiline: true });

/** Collections of at most this many entries are shown one entry a line (DKIM records, one URL per region). */
const ENTRIES_SHOWN = 4;
/** How deep small collections are opened: a list of records, a map of maps. */
const DEPTH_SHOWN = 2;

/**
 * A value as lines: one, or for a small list or map too long for one line, one line per entry
 * (YAML-like: `key: value`, `- value`), nested entries indented, each cut as {@link shortValue} cuts.
 */
export function valueLines(value: unknown, depth = 0): string[] {
    const single = shortValue(value);
    const whole = typeof value === "string" ? value : JSON.stringify(value);
    if (single === whole || value === null || typeof value !== "object" || depth >= DEPTH_SHOWN) return [single];
    const entries = Array.isArray(value) ? value.map((item) => [undefined, item] as const) : Object.entries(value);
    if (entries.length === 0 || entries.length > ENTRIES_SHOWN) return [single];
    return entries.flatMap(([key, item]) => {
        const [first, ...rest] = valueLines(item, depth + 1);
        if (key === undefined) return [`- ${first}`, ...rest.map((line) => `  ${line}`)];
        const shownKey = nameText(key);
        return rest.length === 0 ? [`${shownKey}: ${first}`] : [`${shownKey}:`, ...[first, ...rest].map((line) => `  ${line}`)];
    });
}

/** What the masks in values mean, when any is shown. */
function masksLegend(text: string): string | undefined {
    const meanings = [
        [UNKNOWN_MASK, "computed by OCI, known after pulumi up"],
        [SECRET_MASK, "a secret, never printed"],
    ].filter(([mask]) => text.includes(mask!));
    return meanings.length > 0 ? meanings.map(([mask, meaning]) => `${mask}: ${meaning}`).join("; ") : undefined;
}

const regionName = (region: string) => {
    const known = drRegion(region);
    return known ? `${region} (${known.displayName})` : nameText(region);
};

/** "us-ashburn-1, primary": a region with the role(s) it plays for the plan's DR instances. */
function regionHeading(region: string, roles: ReadonlyMap<string, readonly string[]>): string {
    const role = roles.get(region);
    return role?.length ? `${nameText(region)}, ${role.join(" and ")}` : nameText(region);
}

/** Primary regions first, then standby, then other regions by name; resources without a region last. */
function orderRegions(regions: Iterable<string>, roles: ReadonlyMap<string, readonly string[]>): string[] {
    const rank = (region: string) => (roles.get(region)?.includes("primary") ? 0 : roles.get(region)?.includes("standby") ? 1 : 2);
    return [...regions].sort((a, b) => Number(a === NO_REGION) - Number(b === NO_REGION) || rank(a) - rank(b) || compareRegions(a, b));
}

/** Regions with their resources, the primary and standby regions included even when nothing is declared there. */
function resourcesByRegion(report: PlanReport): { groups: Map<string, PlannedResource[]>; roles: Map<string, string[]>; order: string[] } {
    const roles = regionRoles(report);
    const groups = new Map<string, PlannedResource[]>([...roles.keys()].map((region) => [region, []]));
    for (const r of report.resources) {
        const key = r.region ?? NO_REGION;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push(r);
    }
    return { groups, roles, order: orderRegions(groups.keys(), roles) };
}

const keyInputs = (dr: DrInstance) => DR_INSTANCE_KEY_INPUTS.filter((key) => key in dr.resource.inputs).map((key) => [key, valueLines(dr.resource.inputs[key])] as const);

/** Where the pair's instances are and which is primary: "primary X, standby Y, created by Oracle", or after a failover the other way round. */
function drTitle(dr: DrInstance): string {
    const { activeRegion, standbyRegion } = dr.roles;
    if (standbyRegion === null) return `primary ${regionName(activeRegion)}, no standby: its region has no DR partner`;
    if (activeRegion === dr.primary) return `primary ${regionName(activeRegion)}, standby ${regionName(standbyRegion)}, created by Oracle`;
    return `primary ${regionName(activeRegion)}, created by Oracle; standby ${regionName(standbyRegion)}, the instance the program declares`;
}

/** Where the roles come from: the stack's outputs (since when), or the declaration (and why). */
function rolesText(roles: DrInstance["roles"]): string {
    if (roles.source === "declared") return roles.note ?? "declared";
    return `as the stack outputs recorded them at the last pulumi up, since ${roles.since === null ? "(not recorded)" : nameText(roles.since)}`;
}

/** Aligned `key  value` lines, indented; a value of several lines continues under its first. */
function pairs(rows: ReadonlyArray<readonly [string, readonly string[]]>): string[] {
    const width = Math.max(0, ...rows.map(([key]) => key.length));
    return rows.flatMap(([key, values]) => values.map((value, i) => `  ${(i === 0 ? key : "").padEnd(width)}  ${value}`));
}

/** The DR instances with their key inputs, the resources grouped by region, and the stack's outputs. */
export function renderTable(report: PlanReport): string {
    const { groups, roles, order } = resourcesByRegion(report);
    const nameOf = (urn: string | null) => (urn ? urn.slice(urn.lastIndexOf("::") + 2) : "");
    const lines = [`Program ${nameText(report.program)}, stack ${nameText(report.stack)}: ${report.summary.resources} resources`];
    const instances = drInstances(report);
    for (const dr of instances.slice(0, DR_INSTANCES_SHOWN)) {
        lines.push("", `DR instance ${nameText(dr.resource.name)}: ${drTitle(dr)}`, ...pairs([["roles", [rolesText(dr.roles)]], ...keyInputs(dr)]));
    }
    if (instances.length > DR_INSTANCES_SHOWN) lines.push("", `... and ${instances.length - DR_INSTANCES_SHOWN} more DR instances (all of them with --format json)`);
    for (const region of order) {
        const rows = groups.get(region)!.map((r) => [r.type, r.name, nameOf(r.parent)].map(nameText));
        lines.push("", `${regionHeading(region, roles)} (${rows.length})`);
        if (rows.length === 0) {
            const primaryHere = roles.get(region)?.includes("primary");
            lines.push(primaryHere ? "  nothing declared here: the instance Oracle created is the primary now" : "  nothing declared here: Oracle creates the standby instance");
            continue;
        }
        const header = ["TYPE", "NAME", "PARENT"];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
        const line = (cells: string[]) => "  " + cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
        lines.push(line(header), ...rows.map(line));
    }
    const outputs = Object.entries(report.outputs);
    lines.push("", `Outputs (${outputs.length})`, ...(outputs.length === 0 ? ["  none: the program exports nothing"] : pairs(outputs.map(([key, value]) => [nameText(key), valueLines(value)]))));
    const legend = masksLegend(lines.join("\n"));
    if (legend) lines.push("", legend);
    return lines.join("\n") + "\n";
}

const resourceName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2) || urn;

/** A Markdown cell's text followed, on a line of its own, by the violation's finding id as code, to copy into a waiver. */
const withFindingCell = (text: string, v: Violation) => (v.finding === undefined ? cell(text) : `${cell(text)}<br>\`${nameCell(v.finding)}\``);

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
        lines.push("", `  [${level}] ${nameText(v.policy)} on ${nameText(resourceName(v.urn))}`, `    ${messageText(v.message).replace(/\n/g, "\n    ")}`);
        if (v.finding !== undefined) lines.push(`    finding: ${nameText(v.finding)}`);
        if (v.waived !== undefined) lines.push(`    waiver: ${messageText(v.waived).replace(/\n/g, "\n    ")}`);
    }
    return lines.join("\n") + "\n";
}

/** Markdown cell text: one line, pipes escaped, control and bidi characters escaped, cut at one screen. */
const cell = (text: string) => markdownCell(text);
/** A name in a Markdown cell, cut shorter. */
const nameCell = (text: string) => markdownCell(text, NAME_WIDTH);

/**
 * A value in a Markdown cell, a line per entry: as code, so that Markdown in it (a runbook's `#`)
 * stays text; indentation in no-break spaces, which HTML does not collapse.
 */
const valueCell = (value: unknown) =>
    valueLines(value)
        .map((line) => cell(line.replace(/^ +/, (indent) => "\u00a0".repeat(indent.length))))
        .map((text) => (text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``))
        .join("<br>");

function violationRows(violations: readonly Violation[]): string[] {
    return violations.map((v) => `| \`${nameCell(v.policy)}\` | ${v.enforcementLevel} | \`${nameCell(resourceName(v.urn))}\` | ${withFindingCell(v.message, v)} |`);
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
        `Program \`${nameText(report.program)}\`, stack \`${nameText(report.stack)}\`: ${report.summary.resources} resources.`,
    ];
    const table = (title: string, rows: readonly Violation[]) => {
        if (rows.length === 0) return;
        lines.push("", `### ${title}`, "", "| policy | level | resource | message |", "| --- | --- | --- | --- |", ...violationRows(rows));
    };
    table("Mandatory violations", mandatory);
    table("Advisory violations", advisory);
    if (waived.length > 0) {
        lines.push("", "### Waived", "", "| policy | level | resource | reason |", "| --- | --- | --- | --- |");
        lines.push(...waived.map((v) => `| \`${nameCell(v.policy)}\` | ${v.enforcementLevel} | \`${nameCell(resourceName(v.urn))}\` | ${withFindingCell(v.waived!, v)} |`));
    }
    const instances = drInstances(report);
    for (const dr of instances.slice(0, DR_INSTANCES_SHOWN)) {
        lines.push("", `### DR instance \`${nameCell(dr.resource.name)}\``, "", `${drTitle(dr)}.`, "", `Roles ${cell(rolesText(dr.roles))}.`, "", "| input | value |", "| --- | --- |");
        lines.push(...DR_INSTANCE_KEY_INPUTS.filter((key) => key in dr.resource.inputs).map((key) => `| ${key} | ${valueCell(dr.resource.inputs[key])} |`));
    }
    if (instances.length > DR_INSTANCES_SHOWN) lines.push("", `… and ${instances.length - DR_INSTANCES_SHOWN} more DR instances (all of them with \`--format json\`).`);
    const outputs = Object.entries(report.outputs);
    lines.push("", "### Outputs", "");
    if (outputs.length === 0) lines.push("The program exports nothing.");
    else lines.push("| output | value |", "| --- | --- |", ...outputs.map(([key, value]) => `| ${nameCell(key)} | ${valueCell(value)} |`));
    const legend = masksLegend(lines.join("\n"));
    if (legend) lines.push("", `${legend}.`);
    const { groups, roles, order } = resourcesByRegion(report);
    lines.push("", "<details><summary>Resources by region</summary>", "", "| region | role | resources |", "| --- | --- | --- |");
    lines.push(...order.map((region) => `| ${nameCell(region)} | ${roles.get(region)?.join(" and ") ?? ""} | ${groups.get(region)!.length} |`), "", "</details>");
    return lines.join("\n") + "\n";
}

/** The schema the SARIF log conforms to: OASIS SARIF 2.1.0 (errata 01), vendored in schemas/. */
export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";


/** SARIF's reportingConfiguration for a level: a mandatory violation fails the check (error), an advisory one does not (warning). */
function sarifConfiguration(level: EnforcementLevel): { level: "error" | "warning" | "none"; enabled?: false } {
    if (level === "disabled") return { level: "none", enabled: false };
    return { level: level === "advisory" ? "warning" : "error" };
}

/**
 * The check as a SARIF 2.1.0 log, the form checkov, tfsec and KICS give code scanning: one run,
 * the pack's policies as the driver's rules, one result per violation. A resource has no source
 * line (the engine registers resources without one), so a result points at the program's file as
 * a whole, `programFile` relative to the directory the check ran in (code scanning resolves it
 * against the checkout), and names the resource by URN as a logical location. A waived violation
 * stays a result, suppressed with the waiver's reason.
 */
export function renderSarif(report: PlanReport, tool: SarifTool, programFile?: string): string {
    const ruleIndex = new Map(tool.rules.map((rule, index) => [rule.name, index]));
    const overrides = tool.rules
        .map((rule, index) => ({ rule, index }))
        .filter(({ rule }) => rule.level !== rule.defaultLevel)
        .map(({ rule, index }) => ({ descriptor: { id: rule.name, index }, configuration: sarifConfiguration(rule.level) }));
    const results = report.violations.map((v) => {
        const index = ruleIndex.get(v.policy);
        return {
            ruleId: v.policy,
            ...(index === undefined ? {} : { ruleIndex: index }),
            level: sarifConfiguration(v.enforcementLevel).level,
            message: { text: v.message },
            locations: [
                {
                    ...(programFile === undefined ? {} : { physicalLocation: { artifactLocation: { uri: programFile } } }),
                    logicalLocations: [{ name: resourceName(v.urn), fullyQualifiedName: v.urn, kind: "resource" }],
                },
            ],
            // The file and line are the same for every finding of a program: the policy and the URN tell them apart across runs.
            partialFingerprints: { "oicDrFinding/v1": createHash("sha256").update(`${v.policy}\n${v.urn}`).digest("hex") },
            // The rule stays the policy; the finding's id, which a waiver names, is in the result's property bag.
            ...(v.finding === undefined ? {} : { properties: { findingId: v.finding } }),
            ...(v.waived === undefined ? {} : { suppressions: [{ kind: "external", status: "accepted", justification: v.waived }] }),
        };
    });
    const log = {
        $schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: tool.name,
                        version: tool.version,
                        informationUri: tool.informationUri,
                        rules: tool.rules.map((rule) => ({
                            id: rule.name,
                            shortDescription: { text: rule.description },
                            fullDescription: { text: rule.description },
                            defaultConfiguration: sarifConfiguration(rule.defaultLevel),
                        })),
                    },
                },
                invocations: [{ executionSuccessful: true, ...(overrides.length === 0 ? {} : { ruleConfigurationOverrides: overrides }) }],
                properties: { program: report.program, stack: report.stack, resources: report.summary.resources },
                results,
            },
        ],
    };
    return JSON.stringify(log, null, 2) + "\n";
}
