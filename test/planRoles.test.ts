/**
 * `oic-dr plan` and `check` show each DR pair's roles: as the stack's outputs recorded them at the
 * last `pulumi up` (`--stack-outputs FILE`, its `drPairs` entries' activeRegion and rolesSince),
 * else the declared ones, labelled so. In this process: the example stack run under the offline
 * engine (test/inProcessCheck.ts), the file read as the CLI reads it, the report built and
 * rendered by the CLI's own functions; a bad file is refused by the command line itself (main)
 * before any program runs. The real command's runs are in test/cli.plan.test.ts and
 * test/cli.check.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMermaid } from "../cli/diagram";
import { main } from "../cli/main";
import { renderCheckTable, renderJson, renderMarkdown, renderTable } from "../cli/render";
import { checkProgram, loadCheckConfig } from "../engine/check";
import { buildPlanReport, type PlanReport } from "../engine/plan";
import type { ProgramRun } from "../engine/runProgram";
import { readDrPairs } from "../operations/addressing";
import { REPO_ROOT } from "./cliRunner";
import { runInProcess } from "./inProcessCheck";

const ASHBURN = "us-ashburn-1";
const PHOENIX = "us-phoenix-1";
const SINCE = "2026-12-01T03:00:00.000Z";
const INSTANCE_ID = "ocid1.integrationinstance.oc1.iad.aaaaaaaaprimary";
const STANDBY_ID = "ocid1.integrationinstance.oc1.phx.aaaaaaaastandby";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-plan-roles-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `pulumi stack output --json` of the example stack (its pair is `oic`), with `entry` over the pair's entry. */
function outputsFile(name: string, entry: Record<string, unknown>, others: Record<string, unknown> = {}): string {
    const file = path.join(tmp, `${name}.json`);
    const oic = { primaryRegion: ASHBURN, secondaryRegion: PHOENIX, instanceId: INSTANCE_ID, crossRegionInstanceId: STANDBY_ID, ...entry };
    fs.writeFileSync(file, JSON.stringify({ instanceUrl: "https://orders-oic.integration.ocp.oraclecloud.com", drPairs: { oic, ...others } }));
    return file;
}

let run: ProgramRun;
beforeAll(async () => {
    run = await runInProcess(REPO_ROOT, "example");
}, 60_000);

const planWith = (file?: string): PlanReport => buildPlanReport(run, [], file === undefined ? undefined : readDrPairs(file));
const jsonRoles = (report: PlanReport) => (JSON.parse(renderJson(report)) as { drInstances: Array<{ name: string; pair: string | null; region: string; roles: unknown }> }).drInstances;

describe("plan without --stack-outputs", () => {
    it("shows the declared roles and says they are declared, and how to see the stack's", () => {
        const report = planWith();
        const table = renderTable(report);
        expect(table).toContain(
            "\nDR instance oic-instance: primary us-ashburn-1 (Ashburn), standby us-phoenix-1 (Phoenix), created by Oracle\n" +
                "  roles                    declared; live roles: pulumi up reads them, pass --stack-outputs\n",
        );
        expect(table).toMatch(/\nus-ashburn-1, primary \(\d+\)\n[\s\S]*\nus-phoenix-1, standby \(\d+\)\n/);
        expect(jsonRoles(report)).toEqual([
            {
                urn: expect.stringMatching(/::oic-instance$/),
                name: "oic-instance",
                pair: "oic",
                region: ASHBURN,
                roles: { activeRegion: ASHBURN, standbyRegion: PHOENIX, since: null, source: "declared", note: "declared; live roles: pulumi up reads them, pass --stack-outputs" },
            },
        ]);
        const diagram = renderMermaid(report, run.resources);
        expect(diagram).toContain('subgraph r0["us-ashburn-1 (Ashburn), primary"]');
        expect(diagram).toMatch(/\n {4}(n\d+)\["IntegrationInstance<br\/>oic-instance<br\/>primary \(declared\)"\]\n[\s\S]*\n {4}s0\(\["oic-instance, Oracle-managed<br\/>standby \(declared\)"\]\)\n[\s\S]*\n {2}\1 -\. replicates to \.-> s0\n/);
    });
});

describe("plan with --stack-outputs", () => {
    it("of a failed-over stack shows the partner's region as the primary's, since when, in the table, JSON and the drawing", () => {
        const report = planWith(outputsFile("failed-over", { activeRegion: PHOENIX, rolesSince: SINCE }));
        const table = renderTable(report);
        expect(table).toContain(
            "\nDR instance oic-instance: primary us-phoenix-1 (Phoenix), created by Oracle; standby us-ashburn-1 (Ashburn), the instance the program declares\n" +
                `  roles                    as the stack outputs recorded them at the last pulumi up, since ${SINCE}\n`,
        );
        // The primary's region first, the stack's instance in the standby's.
        expect(table).toMatch(/\nus-phoenix-1, primary \(\d+\)\n[\s\S]*\nus-ashburn-1, standby \(\d+\)\n[\s\S]*oci:Integration\/integrationInstance:IntegrationInstance +oic-instance/);
        expect(table).not.toContain("declared; live roles");
        expect(jsonRoles(report)[0]!.roles).toEqual({ activeRegion: PHOENIX, standbyRegion: ASHBURN, since: SINCE, source: "stack-outputs" });

        const diagram = renderMermaid(report, run.resources);
        expect(diagram).toContain('subgraph r0["us-ashburn-1 (Ashburn), standby"]');
        expect(diagram).toContain('subgraph r1["us-phoenix-1 (Phoenix), primary"]');
        const instance = /\n {4}(n\d+)\["IntegrationInstance<br\/>oic-instance<br\/>standby since 2026-12-01T03:00:00\.000Z"\]\n/.exec(diagram)?.[1];
        expect(instance).toBeDefined();
        expect(diagram).toContain('\n    s0(["oic-instance, Oracle-managed<br/>primary since 2026-12-01T03:00:00.000Z"])\n');
        // The primary replicates to the standby: from Oracle's instance to the stack's now.
        expect(diagram).toContain(`\n  s0 -. replicates to .-> ${instance}\n`);
        expect(diagram).not.toContain(`${instance} -. replicates to`);
    });

    it("of a stack that has switched back shows the declared regions, from the stack outputs", () => {
        const report = planWith(outputsFile("switched-back", { activeRegion: ASHBURN, rolesSince: SINCE }));
        expect(renderTable(report)).toContain(
            "\nDR instance oic-instance: primary us-ashburn-1 (Ashburn), standby us-phoenix-1 (Phoenix), created by Oracle\n" +
                `  roles                    as the stack outputs recorded them at the last pulumi up, since ${SINCE}\n`,
        );
        expect(jsonRoles(report)[0]!.roles).toEqual({ activeRegion: ASHBURN, standbyRegion: PHOENIX, since: SINCE, source: "stack-outputs" });
    });

    /** A file of `outputs` as they are. */
    const rawFile = (name: string, outputs: unknown) => {
        const file = path.join(tmp, `${name}.json`);
        fs.writeFileSync(file, JSON.stringify(outputs));
        return file;
    };

    it.each([
        ["of an earlier release (no activeRegion)", () => outputsFile("old-release", {}), 'declared; the stack outputs\' pair "oic" records no activeRegion (a stack of an earlier release: pulumi up records it)'],
        [
            "naming other pairs only",
            () => rawFile("other-pair", { drPairs: { billing: { primaryRegion: ASHBURN, secondaryRegion: PHOENIX, instanceId: INSTANCE_ID, activeRegion: PHOENIX } } }),
            'declared; the stack outputs record no pair "oic"',
        ],
        [
            "of another stack, whose pair of that name is in other regions",
            () => rawFile("other-regions", { drPairs: { oic: { primaryRegion: "eu-frankfurt-1", secondaryRegion: "eu-amsterdam-1", instanceId: INSTANCE_ID, activeRegion: "eu-amsterdam-1" } } }),
            'declared; the stack outputs\' pair "oic" is in eu-frankfurt-1 and eu-amsterdam-1, not these regions',
        ],
        [
            "of a single pair's top-level outputs (before drPairs)",
            () => rawFile("single-pair", { primaryRegion: ASHBURN, instanceId: INSTANCE_ID, disasterRecovery: { crossRegion: { id: STANDBY_ID, region: PHOENIX } } }),
            'declared; the stack outputs record no pair "oic"',
        ],
    ])("%s shows the declared roles, saying why", (_case, file, note) => {
        const report = planWith(file());
        expect(jsonRoles(report)[0]!.roles).toEqual({ activeRegion: ASHBURN, standbyRegion: PHOENIX, since: null, source: "declared", note });
        expect(renderTable(report)).toContain(`\n  roles                    ${note}\n`);
        expect(renderMermaid(report, run.resources)).toContain("<br/>oic-instance<br/>primary (declared)");
    });
});

describe("check with --stack-outputs", () => {
    it("shows the stack's roles in its table and Markdown, and judges as without: the same violations and verdict", async () => {
        const settings = loadCheckConfig(undefined);
        const without = await checkProgram(run, settings);
        const withRoles = await checkProgram(run, settings, readDrPairs(outputsFile("check-failed-over", { activeRegion: PHOENIX, rolesSince: SINCE })));
        expect(withRoles.violations).toEqual(without.violations);
        expect(withRoles.summary).toEqual(without.summary);
        const markdown = renderMarkdown(withRoles);
        expect(markdown).toContain(
            "### DR instance `oic-instance`\n\n" +
                "primary us-phoenix-1 (Phoenix), created by Oracle; standby us-ashburn-1 (Ashburn), the instance the program declares.\n\n" +
                `Roles as the stack outputs recorded them at the last pulumi up, since ${SINCE}.\n\n| input | value |\n`,
        );
        expect(markdown).toMatch(/\n\| us-phoenix-1 \| primary \| \d+ \|\n\| us-ashburn-1 \| standby \| \d+ \|\n/);
        expect(renderMarkdown(without)).toContain("\n\nRoles declared; live roles: pulumi up reads them, pass --stack-outputs.\n\n");
        expect(renderCheckTable(withRoles)).toContain("\nDR instance oic-instance: primary us-phoenix-1 (Phoenix), created by Oracle; standby us-ashburn-1 (Ashburn)");
    });
});

describe("a --stack-outputs file plan and check cannot use", () => {
    const oicDr = async (args: string[]) => {
        let out = "";
        let err = "";
        const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
        return { code, out, err };
    };
    const notJson = path.join(tmp, "not-json.json");
    fs.writeFileSync(notJson, "{ drPairs:");

    it.each([
        ["not JSON", notJson, `oic-dr: --stack-outputs "${notJson}" is not JSON (save it with: pulumi stack output --json > ${notJson})\n`],
        ["missing", path.join(tmp, "missing.json"), `oic-dr: --stack-outputs "${path.join(tmp, "missing.json")}" cannot be read: ENOENT\n`],
        [
            "an activeRegion outside the pair and a rolesSince that is no time",
            outputsFile("bad-roles", { activeRegion: "eu-frankfurt-1", rolesSince: "yesterday" }),
            `oic-dr: --stack-outputs "${path.join(tmp, "bad-roles.json")}": drPairs.oic.rolesSince: "yesterday" is not an RFC 3339 time, as OCI's timeRoleChanged is; ` +
                'drPairs.oic.activeRegion: "eu-frankfurt-1" is not a region of the pair (allowed: us-ashburn-1, us-phoenix-1)\n',
        ],
    ])("%s: exit 2, one line naming the file and the problem, nothing run", async (_case, file, message) => {
        for (const command of ["plan", "check"]) {
            // --program names a directory with no project: were the program run, the error would say so.
            const { code, out, err } = await oicDr([command, "--program", tmp, "--stack-outputs", file]);
            expect(err, command).toBe(message);
            expect(out, command).toBe("");
            expect(code, command).toBe(2);
        }
    });
});
