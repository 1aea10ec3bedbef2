/**
 * Waivers per finding (issue 19, item 4): a finding has a stable id `<policy>[<finding>]`, a waiver
 * names the ids it covers and a reason of at least ten characters, and a new finding of the same
 * policy on the same resource is not waived. Shown through the pack (its validation functions, as
 * the engine calls them) and through `oic-dr check` (its analyzer run and its outputs).
 */
import { describe, expect, it } from "vitest";
import { analyzeResources } from "../engine/analyze";
import type { PlanReport, Violation } from "../engine/plan";
import { configurePolicies, resolvePolicyConfig } from "../engine/policyConfig";
import { renderCheckTable, renderJson, renderMarkdown, renderSarif } from "../cli/render";
import { OCI_TYPES } from "../facts/drSupport";
import { apiConstraints } from "../policies/rules/api";
import { findingIdsOf, PREVIEW_NOTE_FINDING } from "../policies/framework";
import { resolvePackSettings } from "../policies/packConfig";
import { policies } from "../policies/policies";
import { engineReport, splitFindingId } from "../policies/waivers";
import { recorded } from "./harness";
import { runResource, urnOf } from "./policyArgs";

const CONSTRAINTS = "oic-dr-api-constraints";
const PENDING = "oic-dr-api-constraints[alarm.pendingDuration]";
const REPEAT = "oic-dr-api-constraints[alarm.repeatNotificationDuration]";
/** An alarm with two problems of one policy: its pending duration, and its repeat interval. */
const alarmProps = { pendingDuration: "PT2H", repeatNotificationDuration: "P60D" };
function thrownMessage(run: () => unknown): string | undefined {
    try {
        run();
    } catch (err) {
        return (err as Error).message;
    }
    return undefined;
}

const pendingOnly = { waivers: [{ resources: ["orders-down"], findings: [PENDING], reason: "pending kept long until OPS-7" }] };

describe("a waiver names the findings it covers", () => {
    it("in the pack: waives the pending duration, and not the repeat interval of the same alarm", () => {
        const reports = runResource(apiConstraints, { name: "orders-down", type: OCI_TYPES.alarm, props: alarmProps }, pendingOnly);
        expect(reports).toEqual([
            { message: expect.stringMatching(/^Waived \(pending kept long until OPS-7\): Alarm "orders-down" pendingDuration: .* \(finding oic-dr-api-constraints\[alarm\.pendingDuration\]\)$/), urn: urnOf(OCI_TYPES.alarm, "orders-down"), enforcementLevel: "advisory" },
            { message: expect.stringMatching(/^Alarm "orders-down" repeatNotificationDuration: .* \(finding oic-dr-api-constraints\[alarm\.repeatNotificationDuration\]\)$/), urn: urnOf(OCI_TYPES.alarm, "orders-down") },
        ]);
    });

    it("in oic-dr check: the same verdicts, each violation with its finding id and its message without it", async () => {
        const alarm = recorded(OCI_TYPES.alarm, "orders-down", { inputs: alarmProps });
        const settings = resolvePolicyConfig({ [CONSTRAINTS]: pendingOnly }, policies, "policy.json");
        const violations = await analyzeResources([alarm], configurePolicies(policies, settings), settings, { packName: "oic-dr", packVersion: "0", stackConfig: {}, project: "p", stack: "s" });
        expect(violations.map((v) => [v.finding, v.enforcementLevel, v.waived])).toEqual([
            [PENDING, "mandatory", "pending kept long until OPS-7"],
            [REPEAT, "mandatory", undefined],
        ]);
        expect(violations.every((v) => v.policy === CONSTRAINTS && !v.message.includes("(finding "))).toBe(true);
    });

    it("refuses, for a policy of several kinds of finding, a waiver that names none, listing the ids to choose from", () => {
        expect(() => resolvePolicyConfig({ [CONSTRAINTS]: { waivers: [{ resources: ["orders-down"], reason: "pending kept long until OPS-7" }] } }, policies, "policy.json")).toThrow(
            `policy.json: invalid settings:\n  - ${CONSTRAINTS}.waivers.0.findings: required: ${CONSTRAINTS} finds several kinds of thing, so a waiver names the ones it covers, from: ${findingIdsOf(apiConstraints).join(", ")}`,
        );
    });

    it("refuses an id the policy cannot report, naming it and the allowed ones", () => {
        const waivers = [{ resources: ["orders"], findings: ["oic-dr-no-network-acl[acl]"], reason: "allow-list until OPS-42" }];
        expect(() => resolvePolicyConfig({ "oic-dr-no-network-acl": { waivers } }, policies, "policy.json")).toThrow(
            'oic-dr-no-network-acl.waivers.0.findings.0: "oic-dr-no-network-acl[acl]" is not a finding of oic-dr-no-network-acl; allowed: oic-dr-no-network-acl[networkEndpointDetails]',
        );
    });
});

describe("a waiver's reason", () => {
    const short = { "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"], reason: "OPS-42" }] } };
    const problem = 'oic-dr-no-network-acl.waivers.0.reason: "OPS-42" is 6 characters long; the waiver of orders needs a reason of at least 10 characters saying why the exemption is acceptable';

    it("of fewer than ten characters is refused with one message naming the waiver, the value and the rule", () => {
        expect(thrownMessage(() => resolvePolicyConfig(short, policies, "policy.json"))).toBe(`policy.json: invalid settings:\n  - ${problem}`);
    });

    it("is refused in the same words by the pack's own arguments", () => {
        expect(thrownMessage(() => resolvePackSettings(policies, short, "OicDrPolicies"))).toBe(`OicDrPolicies: invalid settings:\n  - ${problem}`);
    });

    it("of ten characters, not counting blanks around it, is enough", () => {
        expect(() => resolvePolicyConfig({ "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"], reason: " OPS-42 ok " }] } }, policies, "p")).toThrow(/is 9 characters long/);
        expect(resolvePolicyConfig({ "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"], reason: "OPS-42 a b" }] } }, policies, "p").get("oic-dr-no-network-acl")?.config.waivers).toHaveLength(1);
    });
});

describe("finding ids", () => {
    it("are <policy>[<finding>], one list per policy, the preview note on mandatory stack policies", () => {
        for (const policy of policies) {
            const ids = findingIdsOf(policy);
            expect(ids.length).toBeGreaterThan(0);
            expect(new Set(ids).size).toBe(ids.length);
            for (const id of ids) expect(id).toMatch(new RegExp(`^${policy.name}\\[[A-Za-z.]+\\]$`));
            const notes = "validateStack" in policy && policy.enforcementLevel === "mandatory";
            expect(ids.includes(`${policy.name}[${PREVIEW_NOTE_FINDING}]`)).toBe(notes);
        }
        expect(findingIdsOf(apiConstraints)).toContain(PENDING);
    });

    it("end the message the engine shows, and are read back from it for that policy only", () => {
        const report = engineReport({ message: "Alarm is wrong.", urn: "urn:x", finding: PENDING });
        expect(report.message).toBe(`Alarm is wrong. (finding ${PENDING})`);
        expect(splitFindingId(CONSTRAINTS, report.message)).toEqual({ message: "Alarm is wrong.", finding: PENDING });
        expect(splitFindingId("oic-dr-api-advice", report.message)).toEqual({ message: report.message });
        expect(splitFindingId(CONSTRAINTS, "can't run policy during preview")).toEqual({ message: "can't run policy during preview" });
    });
});

describe("check's outputs carry the finding id", () => {
    const urn = "urn:pulumi:s::p::oci:Monitoring/alarm:Alarm::orders-down";
    const violations: Violation[] = [
        { policy: CONSTRAINTS, finding: PENDING, enforcementLevel: "mandatory", urn, message: "Alarm pending.", waived: "pending kept long until OPS-7" },
        { policy: CONSTRAINTS, finding: REPEAT, enforcementLevel: "mandatory", urn, message: "Alarm repeat." },
    ];
    const report: PlanReport = { program: "p", stack: "s", resources: [], outputs: {}, violations, summary: { resources: 1, mandatory: 1, advisory: 0 } } as unknown as PlanReport;

    it("JSON: each violation's finding, as check's analyzer run gives it", async () => {
        const alarm = recorded(OCI_TYPES.alarm, "orders-down", { inputs: alarmProps });
        const settings = resolvePolicyConfig({ [CONSTRAINTS]: pendingOnly }, policies, "policy.json");
        const found = await analyzeResources([alarm], configurePolicies(policies, settings), settings, { packName: "oic-dr", packVersion: "0", stackConfig: {}, project: "p", stack: "s" });
        const json = JSON.parse(renderJson({ ...report, violations: found })) as { violations: Violation[] };
        expect(json.violations.map((v) => [v.policy, v.finding, v.waived])).toEqual([
            [CONSTRAINTS, PENDING, "pending kept long until OPS-7"],
            [CONSTRAINTS, REPEAT, undefined],
        ]);
    });

    it("table and Markdown: beside each violation, to copy into a waiver", () => {
        expect(renderCheckTable(report)).toContain(`[mandatory] ${CONSTRAINTS} on orders-down\n    Alarm repeat.\n    finding: ${REPEAT}\n`);
        const markdown = renderMarkdown(report);
        expect(markdown).toContain(`| \`${CONSTRAINTS}\` | mandatory | \`orders-down\` | Alarm repeat.<br>\`${REPEAT}\` |`);
        expect(markdown).toContain(`| \`${CONSTRAINTS}\` | mandatory | \`orders-down\` | pending kept long until OPS-7<br>\`${PENDING}\` |`);
    });

    it("SARIF: the rule stays the policy, the finding id is in the result's properties", () => {
        const tool = { name: "oic-dr", version: "0.0.0", informationUri: "https://example.com", rules: [{ name: CONSTRAINTS, description: "d", defaultLevel: "mandatory" as const, level: "mandatory" as const }] };
        const results = (JSON.parse(renderSarif(report, tool)) as { runs: [{ results: Array<{ ruleId: string; properties?: { findingId?: string } }> }] }).runs[0].results;
        expect(results.map((r) => [r.ruleId, r.properties?.findingId])).toEqual([
            [CONSTRAINTS, PENDING],
            [CONSTRAINTS, REPEAT],
        ]);
    });
});
