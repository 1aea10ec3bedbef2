import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT } from "./cliRunner";
import { levelName, startPolicyPack } from "./policyPackRunner";

/**
 * The package as a consumer gets it: `npm pack`, unpacked into a separate project's node_modules
 * (its dependencies linked from ours, as no network is needed to prove the tarball itself).
 */
let workDir: string;
let consumer: string;
let packedFiles: string[];

beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-pack-"));
    const [packed] = JSON.parse(
        execFileSync("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packedFiles = packed!.files.map((f) => f.path);

    consumer = path.join(workDir, "consumer");
    fs.cpSync(path.join(FIXTURES, "consumer"), consumer, { recursive: true });
    const installed = path.join(consumer, "node_modules", "oic-dr");
    fs.mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(workDir, packed!.filename), "-C", installed, "--strip-components=1"]);
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies)) {
        const link = path.join(consumer, "node_modules", dep);
        if (fs.existsSync(link)) continue;
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dep), link, "dir");
    }
}, 120_000);

afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe("npm package", () => {
    it("ships compiled JavaScript with declarations, and no sources or tests", () => {
        expect(packedFiles).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "package.json", "README.md"]));
        expect(packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
        expect(packedFiles.filter((f) => f.includes("test"))).toEqual([]);
    });

    it("ships the policy pack: compiled, with its manifest and PulumiPolicy.yaml, and no entry that starts a server from dist/", () => {
        expect(packedFiles).toEqual(
            expect.arrayContaining(["policies.d.ts", "policies/PulumiPolicy.yaml", "policies/package.json", "policies/dist/index.js", "policies/dist/oicDrPolicies.js", "dist/policies/oicDrPolicies.js", "dist/policies/oicDrPolicies.d.ts"]),
        );
        expect(packedFiles).not.toContain("dist/policies/index.js");
    });

    it("exports oic-dr/policies, and importing it starts no policy pack server", () => {
        const script = 'const m = require("oic-dr/policies"); if (typeof m.OicDrPolicies !== "function" || m.policies.length === 0) process.exit(3);';
        // A constructed PolicyPack prints its port and keeps the process alive with its gRPC server.
        const stdout = execFileSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8", timeout: 30_000 });
        expect(stdout).toBe("");
    });

    it("type-checks a pack of the user's that constructs OicDrPolicies from oic-dr/policies", () => {
        const guard = path.join(consumer, "typed-guard");
        fs.mkdirSync(guard, { recursive: true });
        fs.writeFileSync(
            path.join(guard, "index.ts"),
            [
                'import { OicDrPolicies } from "oic-dr/policies";',
                'new OicDrPolicies({ all: "mandatory", "oic-dr-enabled": "disabled", "oic-dr-identity-domain-replicated": { level: "advisory", config: { defaultDomainIds: ["ocid1.domain.oc1..a"] } } });',
                "// @ts-expect-error: no such policy",
                'new OicDrPolicies({ "oic-dr-no-such-policy": "mandatory" });',
                "// @ts-expect-error: the setting has the wrong type",
                'new OicDrPolicies({ "oic-dr-identity-domain-replicated": { config: { defaultDomainIds: "ocid1.domain.oc1..a" } } });',
                "",
            ].join("\n"),
        );
        const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
        for (const resolution of [["--module", "commonjs", "--moduleResolution", "node"], ["--module", "node16", "--moduleResolution", "node16"]]) {
            const args = [tsc, "--noEmit", "--strict", "--skipLibCheck", ...resolution, path.join(guard, "index.ts")];
            expect(() => execFileSync(process.execPath, args, { encoding: "utf8", stdio: "pipe" }), resolution.join(" ")).not.toThrow();
        }
    });

    it("runs a pack of the user's that constructs OicDrPolicies under the policy-pack runner, at the levels and config given", async () => {
        const guard = path.join(consumer, "guard");
        fs.mkdirSync(guard, { recursive: true });
        fs.writeFileSync(path.join(guard, "package.json"), JSON.stringify({ name: "guard", version: "2.0.0", main: "index.js" }));
        fs.writeFileSync(path.join(guard, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        const settings = { all: "advisory", "oic-dr-paired-region": "mandatory", "oic-dr-enabled": { level: "disabled" }, "oic-dr-identity-domain-replicated": { config: { defaultDomainIds: ["ocid1.domain.oc1..a"] } } };
        fs.writeFileSync(path.join(guard, "index.js"), `const { OicDrPolicies } = require("oic-dr/policies");\nnew OicDrPolicies(${JSON.stringify(settings)});\n`);
        const pack = await startPolicyPack(guard);
        try {
            const info = await pack.getAnalyzerInfo();
            expect(info.getName()).toBe("oic-dr");
            expect(info.getVersion()).toBe("2.0.0");
            const levels = Object.fromEntries(info.getPoliciesList().map((p) => [p.getName(), levelName(p.getEnforcementlevel())]));
            expect(levels).toMatchObject({ "oic-dr-paired-region": "mandatory", "oic-dr-enabled": "disabled", "oic-dr-supported-edition": "advisory", "oic-dr-agent-group-size": "advisory" });
            const initial = info.getInitialconfigMap().get("oic-dr-identity-domain-replicated");
            expect(initial?.getProperties()?.toJavaScript()).toEqual({ defaultDomainIds: ["ocid1.domain.oc1..a"] });
        } finally {
            pack.stop();
        }
    });

    it("runs the pack it ships under the policy-pack runner (pulumi preview --policy-pack node_modules/oic-dr/policies)", async () => {
        const pack = await startPolicyPack(path.join(consumer, "node_modules", "oic-dr", "policies"));
        try {
            const info = await pack.getAnalyzerInfo();
            expect(info.getName()).toBe("oic-dr");
            expect(info.getPoliciesList().length).toBeGreaterThan(10);
        } finally {
            pack.stop();
        }
    });

    it("declares an executable oic-dr bin", () => {
        const installed = path.join(consumer, "node_modules", "oic-dr");
        const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { bin: Record<string, string> };
        expect(pkg.bin).toEqual({ "oic-dr": "dist/cli/main.js" });
        expect(fs.readFileSync(path.join(installed, pkg.bin["oic-dr"]!), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    });

    it("type-checks a consumer that imports the components from oic-dr", () => {
        const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
        expect(() => execFileSync(process.execPath, [tsc, "-p", consumer], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
    });

    it("plans the consumer's program with the packaged command", () => {
        const bin = path.join(consumer, "node_modules", "oic-dr", "dist", "cli", "main.js");
        const out = execFileSync(process.execPath, [bin, "plan", "--program", consumer, "--format", "json"], { encoding: "utf8", cwd: workDir });
        const report = JSON.parse(out) as { resources: Array<{ type: string; region: string | null }> };
        const instance = report.resources.find((r) => r.type === "oci:Integration/integrationInstance:IntegrationInstance");
        expect(instance?.region).toBe("ap-singapore-1");
    });

    it("checks the consumer's program with the packaged policy pack", () => {
        const bin = path.join(consumer, "node_modules", "oic-dr", "dist", "cli", "main.js");
        const out = execFileSync(process.execPath, [bin, "check", "--program", consumer, "--format", "json"], { encoding: "utf8", cwd: workDir });
        const report = JSON.parse(out) as { summary: { mandatory: number }; violations: Array<{ policy: string }> };
        expect(report.summary.mandatory).toBe(0);
        expect(report.violations.map((v) => v.policy)).not.toContain("oic-dr-supported-edition");
    });
});
