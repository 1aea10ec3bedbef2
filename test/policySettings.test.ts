/**
 * One source of policy settings (issue 18, item 3): `oic-dr check --policy-pack DIR` judges with
 * the settings of the user's own pack, as that pack judges under the policy-pack runner;
 * `--policy-config` takes the file `pulumi preview --policy-pack-config` takes; a problem reads
 * the same whichever path it came by.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzerRequests } from "../engine/analyze";
import { loadCheckConfig } from "../engine/check";
import { readPackSettings } from "../engine/packSettings";
import { runProgram, type ProgramRun } from "../engine/runProgram";
import { resolvePackSettings } from "../policies/packConfig";
import { policies } from "../policies/policies";
import { FIXTURES, runCli } from "./cliRunner";
import { levelName, startPolicyPack, writeUserPack, type RunningPack } from "./policyPackRunner";

const rawOci = path.join(FIXTURES, "raw-oci");
let workDir: string;
let guard: string;

/** A pack that raises every policy to mandatory and waives protect for another instance: its config must not lower the level. */
const guardSettings = {
    all: "mandatory",
    "oic-dr-enabled": "disabled",
    "oic-dr-protected-instance": { waivers: [{ resources: ["some-other-instance"], reason: "a sandbox, rebuilt weekly" }] },
};

beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-settings-"));
    guard = await writeUserPack(path.join(workDir, "guard"), guardSettings);
}, 120_000);

afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const file = (name: string, content: string) => {
    const target = path.join(workDir, name);
    fs.writeFileSync(target, content);
    return target;
};

/** The problem lines of an error, without the line that says where they came from. */
const problemLines = (act: () => unknown) => {
    try {
        act();
    } catch (err) {
        return (err as Error).message.split("\n").slice(1);
    }
    throw new Error("no error");
};

describe("oic-dr check --policy-pack", () => {
    let pack: RunningPack;
    let run: ProgramRun;
    beforeAll(async () => {
        [pack, run] = await Promise.all([startPolicyPack(guard), runProgram({ programDir: rawOci, stack: "unprotected" })]);
    }, 120_000);
    afterAll(() => pack?.stop());

    it("gives the verdict that pack gives under the runner, configured as the engine configures it", async () => {
        // The engine's merge of what the pack lists (test/policyPackLevels.test.ts proves it): each
        // policy at its level, the initial config's entries (which carry their levels) over them.
        const info = await pack.getAnalyzerInfo();
        const config: Parameters<RunningPack["configure"]>[0] = {};
        for (const p of info.getPoliciesList()) config[p.getName()] = { enforcementLevel: levelName(p.getEnforcementlevel()) as "mandatory" };
        for (const [name, entry] of info.getInitialconfigMap().entries()) {
            config[name] = { enforcementLevel: levelName(entry.getEnforcementlevel()) as "mandatory", properties: entry.getProperties()?.toJavaScript() };
        }
        await pack.configure(config);
        const requests = analyzerRequests(run.resources, { packName: "oic-dr", packVersion: "1.0.0", stackConfig: run.stackConfig.values, project: run.project.name, stack: run.stackConfig.stack });
        const underRunner: string[][] = [];
        for (const { request } of requests.perResource) {
            for (const d of (await pack.analyze(request)).getDiagnosticsList()) underRunner.push([d.getPolicyname(), levelName(d.getEnforcementlevel())]);
        }
        for (const d of (await pack.analyzeStack(requests.stack)).getDiagnosticsList()) underRunner.push([d.getPolicyname(), levelName(d.getEnforcementlevel())]);

        const { code, stdout, stderr } = await runCli(["check", "--program", rawOci, "--stack", "unprotected", "--format", "json", "--policy-pack", guard]);
        expect(stderr).toBe("");
        const report = JSON.parse(stdout) as { violations: Array<{ policy: string; enforcementLevel: string }> };
        expect(underRunner).toEqual([["oic-dr-protected-instance", "mandatory"]]);
        expect(report.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual(underRunner);
        expect(code).toBe(1);
    }, 120_000);

    it("refuses a directory whose pack constructs no OicDrPolicies (exit 2, one message)", async () => {
        const other = path.join(workDir, "other");
        fs.mkdirSync(other);
        fs.writeFileSync(path.join(other, "package.json"), JSON.stringify({ name: "other", version: "1.0.0", main: "index.js" }));
        fs.writeFileSync(path.join(other, "index.js"), "module.exports = {};\n");
        const { code, stdout, stderr } = await runCli(["check", "--program", rawOci, "--stack", "clean", "--policy-pack", other]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toBe(
            `oic-dr: cannot evaluate the program\npolicy pack ${other} constructs no OicDrPolicies: --policy-pack reads the settings of a pack whose entry does new OicDrPolicies({...}) from oic-dr/policies (of this version of oic-dr or later)\n`,
        );
    }, 120_000);

    it("reads the pack's settings without serving it", async () => {
        expect(await readPackSettings(guard, 60)).toEqual({ source: `policy pack ${guard} (OicDrPolicies)`, settings: guardSettings });
    }, 60_000);
});

describe("--policy-config in the shape of pulumi preview --policy-pack-config", () => {
    it("takes an empty file as no config, and ESC environments beside the policies (pulumi/pulumi config.go:96-122)", () => {
        expect(loadCheckConfig(file("empty.json", " \n")).get("oic-dr-enabled")?.enforcementLevel).toBe("advisory");
        const settings = loadCheckConfig(file("esc.json", JSON.stringify({ environments: ["org/policy-env"], "oic-dr-enabled": "mandatory" })));
        expect(settings.get("oic-dr-enabled")?.enforcementLevel).toBe("mandatory");
    });

    it("merges over a pack's settings as the engine does: the file's all overrides the pack's levels, its properties replace the pack's key by key", async () => {
        const pack = await readPackSettings(guard, 60);
        const waivers = [{ resources: ["orders"], reason: "until OPS-42" }];
        const settings = loadCheckConfig(file("over.json", JSON.stringify({ all: "advisory", "oic-dr-protected-instance": { waivers } })), pack);
        expect(settings.get("oic-dr-enabled")?.enforcementLevel).toBe("advisory");
        expect(settings.get("oic-dr-protected-instance")).toEqual({ enforcementLevel: "advisory", config: { waivers } });
        expect(loadCheckConfig(undefined, pack).get("oic-dr-protected-instance")?.enforcementLevel).toBe("mandatory");
    }, 60_000);
});

describe("a problem in the settings reads the same by every path", () => {
    const bad = {
        all: "strict",
        "oic-dr-nope": "advisory",
        "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"] }] },
        "oic-dr-enabled": { enforcementLevel: "warn", enabled: true },
        "oic-dr-api-advice": 3,
    };

    it("in OicDrPolicies' arguments, in a --policy-config file and in a pack read by --policy-pack", async () => {
        const fromPack = problemLines(() => resolvePackSettings(policies, bad, "OicDrPolicies"));
        const fromFile = problemLines(() => loadCheckConfig(file("bad.json", JSON.stringify(bad))));
        const badGuard = await writeUserPack(path.join(workDir, "bad-guard"), bad);
        const read = await readPackSettings(badGuard, 60);
        const fromUserPack = problemLines(() => loadCheckConfig(undefined, read));
        expect(fromPack).toEqual([
            '  - all: "strict" is not one of advisory, mandatory, remediate, disabled',
            "  - oic-dr-nope: no such policy; allowed: all, " + policies.map((p) => p.name).join(", "),
            "  - oic-dr-no-network-acl.waivers.0.reason: required",
            '  - oic-dr-enabled.enforcementLevel: "warn" is not one of advisory, mandatory, remediate, disabled',
            "  - oic-dr-enabled.enabled: unknown key (check its spelling against the arguments' documentation)",
            "  - oic-dr-api-advice: 3 is not one of advisory, mandatory, remediate, disabled, nor an object of settings",
        ]);
        expect(fromFile).toEqual(fromPack);
        expect(fromUserPack).toEqual(fromPack);
    }, 60_000);
});
