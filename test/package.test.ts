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
        expect(packedFiles).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "dist/testing/index.js", "dist/testing/index.d.ts", "package.json", "README.md", "LICENSE"]));
        expect(packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
        expect(packedFiles.filter((f) => f.split("/").includes("test") || f.includes(".test."))).toEqual([]);
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
                'new OicDrPolicies({ all: "mandatory", "oic-dr-enabled": "disabled", "oic-dr-identity-domain-replicated": { enforcementLevel: "advisory", defaultDomainIds: ["ocid1.domain.oc1..a"] } });',
                "// @ts-expect-error: no such policy",
                'new OicDrPolicies({ "oic-dr-no-such-policy": "mandatory" });',
                "// @ts-expect-error: the setting has the wrong type",
                'new OicDrPolicies({ "oic-dr-identity-domain-replicated": { defaultDomainIds: "ocid1.domain.oc1..a" } });',
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
        const settings = { all: "advisory", "oic-dr-paired-region": "mandatory", "oic-dr-enabled": { enforcementLevel: "disabled" }, "oic-dr-identity-domain-replicated": { defaultDomainIds: ["ocid1.domain.oc1..a"] } };
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
            expect(levelName(initial!.getEnforcementlevel())).toBe("advisory");
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

    it("ships the Apache-2.0 license its package.json names: the standard text, with the copyright line filled in", () => {
        const installed = path.join(consumer, "node_modules", "oic-dr");
        expect((JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { license: string }).license).toBe("Apache-2.0");
        // @pulumi/policy ships the Apache Software Foundation's text verbatim (with its appendix's placeholder).
        const standard = fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "policy", "LICENSE"), "utf8");
        expect(standard).toContain("Copyright [yyyy] [name of copyright owner]");
        const shipped = fs.readFileSync(path.join(installed, "LICENSE"), "utf8");
        expect(shipped).toBe(standard.replace("Copyright [yyyy] [name of copyright owner]", "Copyright 2026 oic-dr contributors"));
    });

    it("resolves oic-dr, oic-dr/policies and oic-dr/testing through its exports map, and refuses deep imports", async () => {
        const script = [
            "const resolved = {};",
            'for (const specifier of ["oic-dr", "oic-dr/policies", "oic-dr/testing", "oic-dr/package.json"]) resolved[specifier] = require.resolve(specifier);',
            'const refused = {};',
            'for (const specifier of ["oic-dr/dist/components/config", "oic-dr/dist/cli/offlineEngine", "oic-dr/components/config"]) {',
            "    try { require(specifier); refused[specifier] = null; } catch (err) { refused[specifier] = err.code; }",
            "}",
            'import("oic-dr/dist/components/config").then(() => null, (err) => err.code).then((esm) => {',
            '    const testing = require("oic-dr/testing");',
            '    const { DrPairedIntegration } = require("oic-dr");',
            "    console.log(JSON.stringify({ resolved, refused, esm, component: typeof DrPairedIntegration, testing: Object.keys(testing).sort() }));",
            "});",
        ].join("\n");
        const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8", timeout: 30_000 })) as {
            resolved: Record<string, string>;
            refused: Record<string, string | null>;
            esm: string | null;
            component: string;
            testing: string[];
        };
        const installed = fs.realpathSync(path.join(consumer, "node_modules", "oic-dr"));
        expect(out.resolved).toEqual({
            "oic-dr": path.join(installed, "dist", "index.js"),
            "oic-dr/policies": path.join(installed, "dist", "policies", "oicDrPolicies.js"),
            "oic-dr/testing": path.join(installed, "dist", "testing", "index.js"),
            "oic-dr/package.json": path.join(installed, "package.json"),
        });
        expect(out.refused).toEqual({
            "oic-dr/dist/components/config": "ERR_PACKAGE_PATH_NOT_EXPORTED",
            "oic-dr/dist/cli/offlineEngine": "ERR_PACKAGE_PATH_NOT_EXPORTED",
            "oic-dr/components/config": "ERR_PACKAGE_PATH_NOT_EXPORTED",
        });
        expect(out.esm).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
        expect(out.component).toBe("function");
        expect(out.testing).toEqual(expect.arrayContaining(["startOfflineEngine", "single", "byType", "valueOf", "isSecret", "isSecretInput", "SUPPORTED_PULUMI_RANGE", "assertSupportedPulumi"]));
    });

    it("type-checks imports of oic-dr, oic-dr/policies and oic-dr/testing under each module resolution, and refuses a deep import where TypeScript reads exports", () => {
        const dir = path.join(consumer, "typed-imports");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(
            path.join(dir, "surface.ts"),
            [
                'import { regionPairs } from "oic-dr";',
                'import { OicDrPolicies } from "oic-dr/policies";',
                'import { single, startOfflineEngine, SUPPORTED_PULUMI_RANGE, type RecordedResource, type TestEngine } from "oic-dr/testing";',
                "export const pairs: number = regionPairs.length;",
                "export const pack: typeof OicDrPolicies = OicDrPolicies;",
                "export const range: string = SUPPORTED_PULUMI_RANGE;",
                'export const started: Promise<TestEngine> = startOfflineEngine({ project: "p", stack: "s", preview: false });',
                'export const pick = (resources: readonly RecordedResource[]): string => single(resources, "t").urn;',
                "// @ts-expect-error: the engine takes no such option",
                "startOfflineEngine({ noSuchOption: true });",
                "",
            ].join("\n"),
        );
        fs.writeFileSync(path.join(dir, "deep.ts"), 'import { regionPairs } from "oic-dr/dist/components/regions";\nexport const pairs = regionPairs;\n');
        const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
        /** tsc's diagnostics for both files ("" when it finds none): one run per resolution, as each takes seconds. */
        const diagnostics = (resolution: string[]) => {
            try {
                execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", ...resolution, path.join(dir, "surface.ts"), path.join(dir, "deep.ts")], { encoding: "utf8", stdio: "pipe" });
                return "";
            } catch (err) {
                return String((err as { stdout?: string }).stdout);
            }
        };
        // `moduleResolution: node` predates "exports": it finds the deep file too (only the others can refuse it).
        expect(diagnostics(["--module", "commonjs", "--moduleResolution", "node"])).toBe("");
        for (const resolution of [["--module", "node16", "--moduleResolution", "node16"], ["--module", "esnext", "--moduleResolution", "bundler"]]) {
            const lines = diagnostics(resolution).trim().split("\n");
            expect(lines, resolution.join(" ")).toEqual([expect.stringMatching(/deep\.ts\(1,29\): error TS2307: Cannot find module 'oic-dr\/dist\/components\/regions'/)]);
        }
    }, 180_000);

    it("ships typings that type-check on their own: stripInternal removed nothing a public declaration names", () => {
        const dir = path.join(consumer, "typings");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "all.ts"), ['export * from "oic-dr";', 'export * as policies from "oic-dr/policies";', 'export * as testing from "oic-dr/testing";', ""].join("\n"));
        const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
        // Library checking on, for oic-dr's declarations; Node's types from this checkout (the consumer installs none).
        const args = [tsc, "--noEmit", "--strict", "--esModuleInterop", "--module", "commonjs", "--moduleResolution", "node", "--target", "es2022", "--types", "node", "--typeRoots", path.join(REPO_ROOT, "node_modules", "@types"), "--listFiles", path.join("typings", "all.ts")];
        let output: string;
        try {
            output = execFileSync(process.execPath, args, { cwd: consumer, encoding: "utf8", stdio: "pipe" });
        } catch (err) {
            output = String((err as { stdout?: string }).stdout);
        }
        // Third-party declarations have errors of their own (@pulumi/policy's index.d.ts names
        // exports its proxy.d.ts lacks): only oic-dr's and the importing file's count.
        const lines = output.split("\n");
        // Proof that the check read the entry points' declarations (--listFiles prints absolute paths).
        const installed = path.join(fs.realpathSync(consumer), "node_modules", "oic-dr");
        expect(lines).toEqual(expect.arrayContaining(["dist/index.d.ts", "dist/policies/oicDrPolicies.d.ts", "dist/testing/index.d.ts"].map((file) => path.join(installed, file))));
        const ours = lines.filter((line) => /^((node_modules\/oic-dr\/|typings\/)\S*: )?error TS/.test(line));
        expect(ours).toEqual([]);
    }, 180_000);

    it("runs the consumer's program under oic-dr/testing's offline engine, on the consumer's @pulumi/pulumi", () => {
        const script = [
            'require("tsx/cjs/api").register();',
            'const { single, startOfflineEngine, valueOf } = require("oic-dr/testing");',
            "(async () => {",
            '    const engine = await startOfflineEngine({ project: "consumer", stack: "test" });',
            '    const outputs = await engine.runProgram(() => require("./index.ts"));',
            '    const instance = single(engine.resources, "oci:Integration/integrationInstance:IntegrationInstance");',
            "    console.log(JSON.stringify({",
            "        version: engine.pulumiVersion,",
            "        stack: engine.resources[0].type,",
            "        instance: { name: instance.name, dr: instance.inputs.isDisasterRecoveryEnabled },",
            "        count: engine.resources.length,",
            "        secondary: await valueOf(outputs.secondary),",
            "    }));",
            '})().catch((err) => { console.error(err.message); process.exit(1); });',
        ].join("\n");
        const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8", timeout: 60_000 })) as Record<string, unknown>;
        const sdkVersion = (JSON.parse(fs.readFileSync(path.join(consumer, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;
        expect(out).toMatchObject({ version: sdkVersion, stack: "pulumi:pulumi:Stack", instance: { dr: true }, secondary: "ap-tokyo-1" });
        expect(out.count).toBeGreaterThan(5);
    });

    it("refuses, from the packed oic-dr/testing, an SDK outside the range of the packed package.json, naming both", () => {
        const script = [
            'const testing = require("oic-dr/testing");',
            'try { testing.assertSupportedPulumi({ version: "3.100.0", entry: "/elsewhere/@pulumi/pulumi/index.js" }); console.log("accepted"); }',
            "catch (err) { console.log(JSON.stringify({ name: err.name, message: err.message, range: testing.SUPPORTED_PULUMI_RANGE })); }",
        ].join("\n");
        const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8", timeout: 30_000 })) as { name: string; message: string; range: string };
        const packedRange = (JSON.parse(fs.readFileSync(path.join(consumer, "node_modules", "oic-dr", "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@pulumi/pulumi"];
        expect(out.range).toBe(packedRange);
        expect(out.name).toBe("UnsupportedPulumiError");
        expect(out.message).toContain(`supports @pulumi/pulumi ${packedRange}, but found @pulumi/pulumi 3.100.0 (/elsewhere/@pulumi/pulumi/index.js)`);
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
