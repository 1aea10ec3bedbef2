/**
 * `oic-dr check --format sarif`: the log code scanning reads, held to the published SARIF 2.1.0
 * schema (schemas/sarif-schema-2.1.0.json, OASIS's, JSON Schema draft-04, hence ajv-draft-04).
 * The renderer is tested directly; one CLI run shows the command wires it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckConfig, sarifTool } from "../engine/check";
import type { PlanReport, Violation } from "../engine/plan";
import { CHECK_FORMATS, renderSarif } from "../cli/render";
import { FIXTURES, REPO_ROOT, runCli } from "./cliRunner";

const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schemas", "sarif-schema-2.1.0.json"), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-sarif-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const urn = (type: string, name: string) => `urn:pulumi:prod::orders::${type}::${name}`;
const INSTANCE = "oci:Integration/integrationInstance:IntegrationInstance";

function report(violations: Violation[]): PlanReport {
    const open = violations.filter((v) => v.waived === undefined);
    return {
        program: "stacks",
        stack: "prod",
        resources: [],
        outputs: {},
        violations,
        summary: { resources: 3, mandatory: open.filter((v) => v.enforcementLevel === "mandatory").length, advisory: open.filter((v) => v.enforcementLevel === "advisory").length },
    };
}

interface SarifLog {
    version: string;
    runs: Array<{
        tool: { driver: { name: string; version: string; informationUri: string; rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string; enabled?: boolean } }> } };
        invocations: Array<{ executionSuccessful: boolean; ruleConfigurationOverrides?: Array<{ descriptor: { id: string; index: number }; configuration: { level: string; enabled?: boolean } }> }>;
        results: Array<{
            ruleId: string;
            ruleIndex: number;
            level: string;
            message: { text: string };
            locations: Array<{ physicalLocation?: { artifactLocation: { uri: string } }; logicalLocations: Array<{ name: string; fullyQualifiedName: string; kind: string }> }>;
            partialFingerprints: Record<string, string>;
            suppressions?: Array<{ kind: string; status: string; justification: string }>;
        }>;
    }>;
}

const settingsFile = (config: unknown) => {
    const file = path.join(tmp, `config-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
};

describe("renderSarif", () => {
    const defaults = sarifTool(loadCheckConfig(undefined));

    it("is a format of check", () => {
        expect(CHECK_FORMATS).toContain("sarif");
    });

    it("the schema validator is live: it refuses a log with a level SARIF does not have", () => {
        expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] })).toBe(false);
        expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x", informationUri: "not a uri" } } }] })).toBe(false);
    });

    it("is a valid SARIF 2.1.0 log: a mandatory violation is an error, an advisory a warning, a waived one suppressed with its reason", () => {
        const violations: Violation[] = [
            { policy: "oic-dr-production-shape", enforcementLevel: "mandatory", urn: urn(INSTANCE, "orders"), message: 'shape "DEVELOPMENT" is not PRODUCTION' },
            { policy: "oic-dr-protected-instance", enforcementLevel: "advisory", urn: urn(INSTANCE, "orders"), message: "orders is not protected" },
            { policy: "oic-dr-no-network-acl", enforcementLevel: "mandatory", urn: urn(INSTANCE, "legacy"), message: "ACL", waived: "OPS-42" },
        ];
        const text = renderSarif(report(violations), defaults, "stacks/index.ts");
        const log = JSON.parse(text) as SarifLog;
        expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
        expect(log.version).toBe("2.1.0");
        expect(log.runs).toHaveLength(1);
        const [run] = log.runs;
        expect(run!.tool.driver).toMatchObject({ name: "oic-dr", informationUri: "https://www.npmjs.com/package/oic-dr" });
        expect(run!.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
        expect(run!.results.map((r) => [r.ruleId, r.level, r.suppressions?.[0]?.justification])).toEqual([
            ["oic-dr-production-shape", "error", undefined],
            ["oic-dr-protected-instance", "warning", undefined],
            ["oic-dr-no-network-acl", "error", "OPS-42"],
        ]);
        const [shape] = run!.results;
        expect(run!.tool.driver.rules[shape!.ruleIndex]!.id).toBe("oic-dr-production-shape");
        expect(shape!.message.text).toBe('shape "DEVELOPMENT" is not PRODUCTION');
        expect(shape!.locations).toEqual([
            {
                physicalLocation: { artifactLocation: { uri: "stacks/index.ts" } },
                logicalLocations: [{ name: "orders", fullyQualifiedName: urn(INSTANCE, "orders"), kind: "resource" }],
            },
        ]);
        expect(run!.results[2]!.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "OPS-42" }]);
        // Two findings on one resource, or one policy on two resources, are told apart although they share a file.
        const fingerprints = run!.results.map((r) => r.partialFingerprints["oicDrFinding/v1"]);
        expect(new Set(fingerprints).size).toBe(3);
    });

    it("lists every policy of the pack as a rule with its description and its own level", () => {
        const run = (JSON.parse(renderSarif(report([]), defaults)) as SarifLog).runs[0]!;
        const rules = new Map(run.tool.driver.rules.map((r) => [r.id, r]));
        expect(rules.get("oic-dr-production-shape")).toEqual({
            id: "oic-dr-production-shape",
            shortDescription: { text: "A DR-enabled Oracle Integration instance must have the PRODUCTION shape." },
            fullDescription: { text: "A DR-enabled Oracle Integration instance must have the PRODUCTION shape." },
            defaultConfiguration: { level: "error" },
        });
        expect(rules.get("oic-dr-enabled")!.defaultConfiguration).toEqual({ level: "warning" });
        expect(rules.size).toBe(defaults.rules.length);
        expect(run.results).toEqual([]);
        expect(run.invocations).toEqual([{ executionSuccessful: true }]);
    });

    it("states the levels a policy config changed as overrides of the rules' defaults", () => {
        const tool = sarifTool(loadCheckConfig(settingsFile({ "oic-dr-enabled": "mandatory", "oic-dr-production-shape": { enforcementLevel: "disabled" } })));
        const log = JSON.parse(renderSarif(report([]), tool)) as SarifLog;
        expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
        const run = log.runs[0]!;
        const index = (id: string) => run.tool.driver.rules.findIndex((r) => r.id === id);
        expect(run.invocations[0]!.ruleConfigurationOverrides).toEqual([
            { descriptor: { id: "oic-dr-production-shape", index: index("oic-dr-production-shape") }, configuration: { level: "none", enabled: false } },
            { descriptor: { id: "oic-dr-enabled", index: index("oic-dr-enabled") }, configuration: { level: "error" } },
        ].sort((a, b) => a.descriptor.index - b.descriptor.index));
    });

    it("leaves out the physical location when the program's file is not below the directory the check ran in", () => {
        const violation: Violation = { policy: "oic-dr-enabled", enforcementLevel: "advisory", urn: urn(INSTANCE, "orders"), message: "DR off" };
        const log = JSON.parse(renderSarif(report([violation]), defaults)) as SarifLog;
        expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
        expect(log.runs[0]!.results[0]!.locations).toEqual([{ logicalLocations: [{ name: "orders", fullyQualifiedName: urn(INSTANCE, "orders"), kind: "resource" }] }]);
    });
});

describe("oic-dr check --format sarif", () => {
    it("prints a valid log pointing at the program's file, the mandatory violation as an error, and exits 1", async () => {
        const { code, stdout, stderr } = await runCli(["check", "--program", path.join(FIXTURES, "raw-oci"), "--stack", "development-shape", "--format", "sarif"]);
        expect(stderr).toBe("");
        expect(code).toBe(1);
        const log = JSON.parse(stdout) as SarifLog;
        expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
        const [result, ...others] = log.runs[0]!.results;
        expect(others).toEqual([]);
        expect(result).toMatchObject({ ruleId: "oic-dr-production-shape", level: "error" });
        expect(result!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "test/fixtures/raw-oci/index.ts" } });
        expect(result!.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toMatch(/^urn:pulumi:development-shape::raw-oci::.*IntegrationInstance::/);
    });
});
