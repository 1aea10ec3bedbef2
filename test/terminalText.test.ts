/**
 * Output a terminal can trust: what `oic-dr` prints for people quotes names and values others
 * wrote (a program's exports and inputs, a stack outputs file, what a service answered). Escape
 * sequences, C1 controls, a NUL and bidi overrides are shown escaped (`\x1b`, `\u202e`), never
 * acted on nor dropped; a 10,000-character value is cut with a note; JSON keeps every value whole.
 * The program (test/fixtures/hostile-values) runs in this process as `oic-dr plan` and `check`
 * would run it (test/inProcessCheck.ts) and is rendered by the CLI's own functions; errors go
 * through the command line itself (main), before any program runs.
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
import type { DrillReport } from "../operations/drill";
import { renderPostFailover } from "../operations/postFailoverRender";
import { renderDrillMarkdown, renderStatusTable } from "../operations/render";
import { MESSAGE_WIDTH, terminalText } from "../operations/terminalText";
import { FIXTURES } from "./cliRunner";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { ASHBURN, PROFILE, TENANCY, USER } from "./operationsFixture";
import { runInProcess } from "./inProcessCheck";

const RED = "\u001b[31m";
const RESET = "\u001b[0m";
const RLO = "\u202e";
const HUGE = "x".repeat(10_000);
/** What a terminal would act on or a reader would not see: C0 but line breaks, DEL, C1, bidi controls. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The longest line a cut value leaves: the widest cell plus its note, indentation and key. */
const LONGEST_LINE = 400;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-terminal-text-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let run: ProgramRun;
let report: PlanReport;
beforeAll(async () => {
    run = await runInProcess(path.join(FIXTURES, "hostile-values"));
    report = await checkProgram(run, loadCheckConfig(undefined, undefined));
}, 60_000);

const longestLine = (text: string) => Math.max(...text.split("\n").map((line) => line.length));

describe("terminalText", () => {
    it("escapes control, C1 and format characters visibly, keeps line breaks only where asked, and cuts with a note", () => {
        expect(terminalText(`${RED}a${RESET}\u0000\u007f\u009b\u202e\u2066\u200b\u2028\t\r\n`)).toBe("\\x1b[31ma\\x1b[0m\\x00\\x7f\\x9b\\u202e\\u2066\\u200b\\u2028\\x09\\x0d\\x0a");
        expect(terminalText("line\nline", { multiline: true })).toBe("line\nline");
        // Outside the BMP: a tag character (invisible) escaped whole; an emoji kept.
        expect(terminalText("\u{e0041}🙂")).toBe("\\u{e0041}🙂");
        expect(terminalText("Zürich C:\\path — ok")).toBe("Zürich C:\\path — ok");
        expect(terminalText(HUGE, { max: 90 })).toBe(`${"x".repeat(89)}… (10000 characters; in full with --format json)`);
        // An escape is never cut in half: the cut falls before it.
        expect(terminalText(`abc${RED}`, { max: 6 })).toBe("abc… (8 characters; in full with --format json)");
        expect(terminalText("x".repeat(90), { max: 90 })).toBe("x".repeat(90));
    });
});

describe("plan and check of a program with hostile values", () => {
    it("the table shows each escaped, the long one cut, no line longer than a screen's width allows; JSON keeps them exactly", () => {
        for (const table of [renderTable(report), renderCheckTable(report)]) {
            expect(table).not.toMatch(RAW);
            expect(longestLine(table)).toBeLessThan(LONGEST_LINE);
            expect(table).toMatch(/\n {2}colored +\\x1b\[31mred\\x1b\[0m\n/);
            expect(table).toMatch(/\n {2}reversed +invoice\\u202efdp\.exe\n/);
            expect(table).toMatch(/\n {2}nul +before\\x00after\n/);
            expect(table).toMatch(/\n {2}cleared +\\x9b2Jgone\n/);
            expect(table).toMatch(new RegExp(`\\n {2}huge +x{89}… \\(10000 characters; in full with --format json\\)\\n`));
            expect(table).toMatch(/\n {2}nested +key\\x1b\[31m: value\\u202e\n/);
            // The DR instance's name (the resource) and its display name (a key input).
            expect(table).toContain("\nDR instance orders\\u202egpj.exe: primary ca-toronto-1 (Toronto)");
            expect(table).toMatch(/\n {2}displayName +\\x1b\[31morders\\x1b\[0m\n/);
            expect(table).toMatch(/\n {2}oci:Integration\/integrationInstance:IntegrationInstance +orders\\u202egpj\.exe +hostile-values-dev\n/);
        }
        // JSON is for machines: every value exactly as the program exported it, in full.
        const json = JSON.parse(renderJson(report)) as { outputs: Record<string, unknown>; resources: Array<{ name: string; inputs: Record<string, unknown> }> };
        expect(json.outputs).toEqual({
            colored: `${RED}red${RESET}`,
            reversed: `invoice${RLO}fdp.exe`,
            nul: "before\u0000after",
            cleared: "\u009b2Jgone",
            huge: HUGE,
            nested: { [`key${RED}`]: `value${RLO}` },
        });
        const instance = json.resources.find((r) => r.name === `orders${RLO}gpj.exe`);
        expect(instance?.inputs.displayName).toBe(`${RED}orders${RESET}`);
    });

    it("the Markdown shows each escaped and the long one cut", () => {
        const markdown = renderMarkdown(report);
        expect(markdown).not.toMatch(RAW);
        expect(longestLine(markdown)).toBeLessThan(LONGEST_LINE);
        expect(markdown).toContain("\n| colored | `\\x1b[31mred\\x1b[0m` |\n");
        expect(markdown).toContain("\n| reversed | `invoice\\u202efdp.exe` |\n");
        expect(markdown).toContain("\n| nul | `before\\x00after` |\n");
        expect(markdown).toContain(`\n| huge | \`${"x".repeat(89)}… (10000 characters; in full with --format json)\` |\n`);
        expect(markdown).toContain("\n### DR instance `orders\\u202egpj.exe`\n");
        expect(markdown).toContain("\n| displayName | `\\x1b[31morders\\x1b[0m` |\n");
    });

    it("the drawing escapes them in its labels", () => {
        const diagram = renderMermaid(buildPlanReport(run, []), run.resources);
        expect(diagram).not.toMatch(RAW);
        expect(diagram).toContain('["IntegrationInstance<br/>orders\\u202egpj.exe<br/>primary (declared)"]');
    });
});

describe("an error quoting a hostile value", () => {
    const oicDr = async (args: string[]) => {
        let out = "";
        let err = "";
        const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
        return { code, out, err };
    };
    /** A stack outputs file whose only pair has a hostile name of 10,000 characters and no valid entry. */
    const hostileOutputs = () => {
        const file = path.join(tmp, "hostile.json");
        fs.writeFileSync(file, JSON.stringify({ drPairs: { [`orders${RED}${RLO}\u0000${HUGE}`]: { primaryRegion: 7 } } }));
        return file;
    };

    it("is one line, escaped and cut to one screen (plan)", async () => {
        const { code, out, err } = await oicDr(["plan", "--stack-outputs", hostileOutputs()]);
        expect(code).toBe(2);
        expect(out).toBe("");
        expect(err).not.toMatch(RAW);
        expect(err.split("\n")).toEqual([expect.stringMatching(/^oic-dr: --stack-outputs ".*": drPairs\.orders\\x1b\[31m\\u202e\\x00x+… \(\d+ characters; cut to one screen\)$/), ""]);
        expect(err.length).toBeLessThanOrEqual("oic-dr: ".length + MESSAGE_WIDTH + 60);
    });

    it("is one line, escaped and cut to one screen (an operation)", async () => {
        // A usable OCI config: the operation gets as far as reading the file.
        const key: OciTestKey = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: ASHBURN }]);
        const { code, err } = await oicDr(["status", "--config-file", key.configFile, "--profile", PROFILE, "--stack-outputs", hostileOutputs(), "--region", ASHBURN]).finally(() => key.remove());
        expect(code).toBe(2);
        expect(err).not.toMatch(RAW);
        expect(err.split("\n")).toEqual([expect.stringMatching(/^oic-dr status: .*drPairs\.orders\\x1b\[31m\\u202e\\x00x+… \(\d+ characters; cut to one screen\)$/), ""]);
        expect(err.length).toBeLessThanOrEqual("oic-dr status: ".length + MESSAGE_WIDTH + 60);
    });

    it("from the command line's parser is escaped", async () => {
        const { code, err } = await oicDr(["plan", "--format", `${RED}table${RLO}`]);
        expect(code).toBe(2);
        expect(err).not.toMatch(RAW);
        expect(err).toContain("\\x1b[31mtable\\u202e");
    });
});

describe("the operations' reports", () => {
    it("status, drill and post-failover escape what the services answered, and cut it", () => {
        const status = renderStatusTable({
            sides: [
                {
                    instance: "ocid1.integrationinstance.oc1.iad.aaaa",
                    region: "us-ashburn-1",
                    reachable: true,
                    role: `PRIMARY${RLO}`,
                    lifecycleState: "ACTIVE",
                    regionalUrl: null,
                    instanceUrl: `https://orders.example.com/${RED}`,
                    timeRoleChanged: null,
                    error: `service said ${RED}no${RESET} ${HUGE}`,
                },
            ],
        });
        expect(status).not.toMatch(RAW);
        expect(status).toContain("\nrole             PRIMARY\\u202e\n");
        expect(status).toMatch(/\nerror +service said \\x1b\[31mno\\x1b\[0m x+… \(10025 characters; in full with --format json\)\n$/);
        expect(longestLine(status)).toBeLessThanOrEqual(MESSAGE_WIDTH + 80);

        const drill: DrillReport = {
            result: "FAILED",
            reason: `refused: ${RED}`,
            rtoSeconds: 3600,
            primary: { instance: `a${RLO}`, region: "us-ashburn-1", lifecycleState: "ACTIVE" },
            standby: { instance: "b", region: "us-phoenix-1", lifecycleState: `ACTIVE\u0000` },
            legs: [],
            postFailoverChecks: "NOT_RUN",
        };
        const markdown = renderDrillMarkdown(drill);
        expect(markdown).not.toMatch(RAW);
        expect(markdown).toContain("refused: \\x1b[31m\n");
        expect(markdown).toContain("- primary before the drill: `a\\u202e` in us-ashburn-1 (ACTIVE)");
        expect(markdown).toContain("(ACTIVE\\x00)");

        const postFailover = {
            designHost: "design.example.com",
            integrationInstance: "orders",
            checks: [{ check: "reactivate" as const, name: `ORDERS${RLO}|01.00.0000`, status: "failed" as const, detail: `${RED}${HUGE}` }],
            integrations: [],
            agentGroups: [],
            manualSteps: [],
        };
        for (const format of ["table", "markdown"] as const) {
            const text = renderPostFailover(postFailover, format);
            expect(text).not.toMatch(RAW);
            expect(text).toContain("ORDERS\\u202e");
            expect(text).toContain("\\x1b[31mxxx");
            expect(text).toContain("… (10005 characters; in full with --format json)");
        }
        expect(JSON.parse(renderPostFailover(postFailover, "json")).checks[0].detail).toBe(`${RED}${HUGE}`);
    });
});
