/**
 * The package as users install it: `npm pack` (build included), installed into fresh projects in
 * an npm and a pnpm layout (./installedPackage.ts), and run there the way each user path runs it:
 * `pulumi preview`/`up` through the language host's entry point (`@pulumi/pulumi/cmd/run`, under
 * the SDK's mocks and its real closure serializer), the serialized dynamic providers in the SDK's
 * dynamic provider host started in the project, a user's own vitest test on `oic-dr/testing`, the
 * installed `oic-dr` bin, and every TypeScript example of the README and docs/ (./readmeExamples.ts).
 *
 * One pack for the whole file: the build takes most of its time.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./cliRunner";
import { builtinModules } from "node:module";
import { failuresOf, pb, PROVIDER_KEY, startHost, struct, unary } from "./dynamicProviderHostClient";
import { createOciTestKey } from "./fakes/ociApiKey";
import { activeInstance } from "./operationsFixture";
import { startFakeIntegrationApi } from "./fakes/integrationApiServer";
import { installConsumer, packPackage, writePulumiProject, type ConsumerProject, type PackedPackage } from "./installedPackage";
import { runAsLanguageHost, type Registration } from "./languageHost";
import { levelName, startPolicyPack } from "./policyPackRunner";
import { documentationFiles, readmeExamples, TYPESCRIPT_KINDS, type ReadmeExample } from "./readmeExamples";

const run = promisify(execFile);

let workDir: string;
let packed: PackedPackage;
let packedFiles: readonly string[];
/** The npm layout: the project the package checks below run in. */
let consumer: string;
let npmProject: ConsumerProject;
let pnpmProject: ConsumerProject;
let examples: ReadmeExample[];

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaaconsumer";
const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaaconsumer";

/**
 * The user's program: two pairs with every default on, in project "orders" as the README's unit
 * test expects (`orders:primaryRegion`, output `secondaryRegion`).
 */
const TWO_PAIR_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { DrPairedIntegration, drPairsOutput, drRegionIdentifiers } from "oic-dr";

const config = new pulumi.Config();
const common = { tenancyId: "${TENANCY}", compartmentId: "${COMPARTMENT}", edition: "ENTERPRISE", messagePacks: 1 } as const;
// Config holds text; allowedValues narrows it to a region of a pair (and the SDK checks it).
const primaryRegion = config.require("primaryRegion", { allowedValues: [...drRegionIdentifiers] });
const orders = new DrPairedIntegration("orders", { ...common, primaryRegion, displayName: "orders-oic" });
const billing = new DrPairedIntegration("billing", { ...common, primaryRegion: "ap-singapore-1", displayName: "billing-oic" });

export const secondaryRegion = orders.secondaryRegion;
export const drPairs = drPairsOutput(orders, billing);
`;

beforeAll(() => {
    workDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-pack-")));
    packed = packPackage(workDir);
    packedFiles = packed.files;
    for (const layout of ["npm", "pnpm"] as const) {
        const project = installConsumer(path.join(workDir, `consumer-${layout}`), packed, layout);
        writePulumiProject(project.dir, { name: "orders", program: TWO_PAIR_PROGRAM, config: { primaryRegion: "eu-frankfurt-1" } });
        if (layout === "npm") npmProject = project;
        else pnpmProject = project;
    }
    consumer = npmProject.dir;
    examples = readmeExamples(documentationFiles(REPO_ROOT));
}, 120_000);

afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe("npm package", () => {
    it("ships compiled JavaScript with declarations, the README with the docs/ it links, and no sources or tests", () => {
        expect(packedFiles).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "dist/testing/index.js", "dist/testing/index.d.ts", "package.json", "README.md", "LICENSE"]));
        const docs = fs.readdirSync(path.join(REPO_ROOT, "docs")).map((file) => `docs/${file}`);
        expect(packedFiles).toEqual(expect.arrayContaining(docs));
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
        fs.writeFileSync(path.join(dir, "deep.ts"), 'import { regionPairs } from "oic-dr/dist/facts/regions";\nexport const pairs = regionPairs;\n');
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
            expect(lines, resolution.join(" ")).toEqual([expect.stringMatching(/deep\.ts\(1,29\): error TS2307: Cannot find module 'oic-dr\/dist\/facts\/regions'/)]);
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

    it("has no test seam in its public surface: the typings of oic-dr, oic-dr/policies and oic-dr/testing name none, the bin refuses the tuning flags", async () => {
        const installed = fs.realpathSync(path.join(consumer, "node_modules", "oic-dr"));
        // Every declaration file the three entry points reach through relative imports.
        const reached = new Set<string>();
        const pending = ["dist/index.d.ts", "dist/policies/oicDrPolicies.d.ts", "dist/testing/index.d.ts"].map((f) => path.join(installed, f));
        for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
            if (reached.has(file)) continue;
            reached.add(file);
            for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
                if (!fileName.startsWith(".")) continue;
                const base = path.resolve(path.dirname(file), fileName);
                pending.push(...[`${base}.d.ts`, path.join(base, "index.d.ts")].filter((f) => fs.existsSync(f)));
            }
        }
        expect(reached.size).toBeGreaterThan(3);
        const seams = /\b(buildCli|OperationsTuning|tuning|unknownsRead|resolveOicDrPolicies)\b|--(max-attempts|retry-base-delay|poll-interval)/;
        const named = [...reached].filter((file) => seams.test(fs.readFileSync(file, "utf8"))).map((file) => path.relative(installed, file));
        expect(named).toEqual([]);
        const refused = await oicDr(npmProject, ["failover", "--region", "eu-amsterdam-1", "--max-attempts", "3"]);
        expect(refused.code).toBe(2);
        expect(refused.stdout).toBe("");
        expect(refused.stderr).toContain("error: unknown option '--max-attempts'");
    }, 60_000);
});

const INSTANCE = "oci:Integration/integrationInstance:IntegrationInstance";
const SUBSCRIPTION = "pulumi-nodejs:dynamic/oic-dr:RegionSubscription";
const PAIR_ROLES = "pulumi-nodejs:dynamic/oic-dr:PairRoles";

/**
 * The stack config a README program reads (the agent group's OAuth secret), as `pulumi config set
 * --secret` leaves it: ciphertext, which oic-dr cannot decrypt offline and passes on as a secret.
 * A plain value would (rightly) draw the warning about a secret in plain text.
 */
const README_CONFIG: Record<string, Record<string, unknown>> = { agents: { agentClientSecret: { secure: "v1:AAAAAAAAAAAAAAAA:bm90LWEtcmVhbC1zZWNyZXQ=" } } };

/** The installed bin, run as a shell runs it (its shebang and the node on PATH). */
async function oicDr(project: ConsumerProject, args: readonly string[], cwd = project.dir) {
    try {
        const { stdout, stderr } = await run(project.bin, args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, NODE_OPTIONS: "" } });
        return { code: 0, stdout, stderr };
    } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
}

/** Inputs as registered, plus where the host should find OCI: nowhere it can reach (only check and diff run). */
function hostInputs(registration: Registration): Record<string, unknown> {
    return { ...registration.inputs, [PROVIDER_KEY]: registration.serializedProvider };
}

describe.each(["npm", "pnpm"] as const)("installed with %s", (layout) => {
    const project = () => (layout === "npm" ? npmProject : pnpmProject);

    it("runs a two-pair program with every default on under pulumi's entry point (cmd/run), serializing the dynamic providers from the install", async () => {
        const host = await runAsLanguageHost(project().dir, "dev");
        expect(host.stderr).toBe("");
        expect(host.code).toBe(0);
        expect(host.registered.filter((r) => r.type === INSTANCE).map((r) => r.name).sort()).toEqual(["billing-instance", "orders-instance"]);
        const dynamic = host.registered.filter((r) => r.serializedProvider !== undefined);
        expect(dynamic.map((r) => r.type)).toContain(SUBSCRIPTION);
        // Failover as code and the live roles: one PairRoles per pair, its provider from the install too.
        expect(dynamic.filter((r) => r.type === PAIR_ROLES).map((r) => r.name).sort()).toEqual(["billing-roles", "orders-roles"]);
        for (const registration of dynamic) {
            // What the serializer names by package path must resolve from the project: only Node's own
            // modules and the absolute paths of the install's oci-* files.
            const required = [...registration.serializedProvider!.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]!);
            expect(required.filter((name) => !builtinModules.includes(name.replace(/^node:/, "")) && !name.startsWith(project().installed)), registration.name).toEqual([]);
        }

        // The texts in the SDK's dynamic provider host, started in the project as the engine starts it.
        const dynamicHost = await startHost(project().dir);
        try {
            for (const registration of dynamic) {
                const urn = `urn:pulumi:dev::orders::${registration.type}::${registration.name}`;
                const news = struct(hostInputs(registration));
                const checked = await unary<typeof pb.CheckRequest.prototype, typeof pb.CheckResponse.prototype>(
                    dynamicHost.client,
                    dynamicHost.client.check,
                    new pb.CheckRequest().setUrn(urn).setOlds(struct({})).setNews(news),
                );
                expect(failuresOf(checked), registration.name).toEqual([]);
                const diffed = await unary<typeof pb.DiffRequest.prototype, typeof pb.DiffResponse.prototype>(
                    dynamicHost.client,
                    dynamicHost.client.diff,
                    new pb.DiffRequest().setId("id").setUrn(urn).setOlds(checked.getInputs()).setNews(checked.getInputs()),
                );
                expect(diffed.getChanges(), registration.name).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
            }
        } finally {
            dynamicHost.stop();
        }
    }, 180_000);

    it("plans and checks the program with the installed oic-dr bin", async () => {
        const plan = await oicDr(project(), ["plan", "--stack", "dev", "--format", "json"]);
        expect(plan.stderr).toBe("");
        expect(plan.code).toBe(0);
        const report = JSON.parse(plan.stdout) as { resources: Array<{ type: string; name: string; region: string | null }> };
        expect(report.resources.filter((r) => r.type === INSTANCE).map((r) => [r.name, r.region]).sort()).toEqual([
            ["billing-instance", "ap-singapore-1"],
            ["orders-instance", "eu-frankfurt-1"],
        ]);
        const check = await oicDr(project(), ["check", "--stack", "dev", "--format", "json"]);
        expect(check.code).toBe(0);
        expect((JSON.parse(check.stdout) as { summary: { mandatory: number } }).summary.mandatory).toBe(0);
    }, 120_000);
});

describe("a user's own tests and the README's examples, against the installed package", () => {
    it("addresses each pair of the two-pair stack at 3 a.m. with the installed bin: status and readiness --pair NAME read that pair, no --pair is refused", async () => {
        // The stack's `pulumi stack output --json` after `pulumi up`: drPairs as the program exports it.
        const regions = { orders: ["eu-frankfurt-1", "eu-amsterdam-1", "fra", "ams"], billing: ["ap-singapore-1", "ap-tokyo-1", "sin", "nrt"] } as const;
        const ids = (pair: keyof typeof regions) => [`ocid1.integrationinstance.oc1.${regions[pair][2]}.aaaaaaaa${pair}primary`, `ocid1.integrationinstance.oc1.${regions[pair][3]}.aaaaaaaa${pair}standby`] as const;
        const key = createOciTestKey(TENANCY, [{ name: "OPS", user: "ocid1.user.oc1..aaaaaaaaops", region: "eu-frankfurt-1" }]);
        const fake = await startFakeIntegrationApi({ expectedKeyId: key.keyIdOf("ocid1.user.oc1..aaaaaaaaops"), publicKey: key.publicKey, regions: Object.values(regions).flatMap((r) => [r[0], r[1]]) });
        try {
            const drPairs: Record<string, unknown> = {};
            for (const pair of ["orders", "billing"] as const) {
                const [primary, standby] = ids(pair);
                fake.addPair(activeInstance(primary, regions[pair][0], `${pair}-oic`), activeInstance(standby, regions[pair][1], `${pair}-oic`));
                drPairs[pair] = { primaryRegion: regions[pair][0], secondaryRegion: regions[pair][1], instanceId: primary, crossRegionInstanceId: standby };
            }
            const outputs = path.join(npmProject.dir, "outputs.json");
            fs.writeFileSync(outputs, JSON.stringify({ secondaryRegion: "eu-amsterdam-1", drPairs }, null, 4));
            const connection = ["--config-file", key.configFile, "--profile", "OPS", "--stack-outputs", outputs, "--format", "json"];
            const status = await oicDr(npmProject, ["status", ...connection, "--pair", "billing", "--region", "ap-tokyo-1", "--endpoint", fake.endpointOf("ap-tokyo-1"), "--peer-endpoint", fake.endpointOf("ap-singapore-1")]);
            expect(status.stderr).toBe("");
            expect(status.code).toBe(0);
            const sides = (JSON.parse(status.stdout) as { sides: Array<{ instance: string; region: string; role: string }> }).sides;
            expect(sides.map((side) => [side.instance, side.region, side.role])).toEqual([
                [ids("billing")[1], "ap-tokyo-1", "SECONDARY"],
                [ids("billing")[0], "ap-singapore-1", "PRIMARY"],
            ]);
            const unchosen = await oicDr(npmProject, ["status", ...connection, "--region", "ap-tokyo-1", "--endpoint", fake.endpointOf("ap-tokyo-1")]);
            expect(unchosen.code).toBe(2);
            expect(unchosen.stderr).toMatch(/2 pairs \(orders, billing\).*--pair NAME/);
            // readiness of that pair: the SDK clients it loads only when it runs (oci-identity,
            // oci-email, oci-monitoring, oci-ons, oci-healthchecks) resolve from the install and
            // each service of both regions is asked, signed (the stand-in serves none: NOT_RUN).
            const ready = await oicDr(npmProject, ["readiness", ...connection, "--pair", "billing", "--region", "ap-tokyo-1", "--endpoint", fake.endpointOf("ap-tokyo-1"), "--peer-endpoint", fake.endpointOf("ap-singapore-1"), "--tenancy", TENANCY]);
            // Nothing on stderr but the count of the SDK's notes (404s here): none printed after the report,
            // for every check waits for all of its calls (operations/readiness/model.ts allAnswered).
            expect(ready.stderr).toMatch(/^oic-dr readiness: \d+ SDK message\(s\) about failed or retried requests were not shown\n$/);
            expect(ready.code).toBe(0);
            const checks = (JSON.parse(ready.stdout) as { checks: Array<{ id: string; status: string }> }).checks;
            expect(checks.find((c) => c.id === "instance-roles")?.status).toBe("PASS");
            for (const version of ["/20160918/", "/20170907/", "/20180401/", "/20181201/", "/20180501/"]) {
                expect(fake.received({ pathContains: version }).length, version).toBeGreaterThan(0);
            }
            for (const r of fake.requests) expect(r.signatureProblem, `${r.method} ${r.path}`).toBeUndefined();
        } finally {
            await fake.close();
            key.remove();
        }
    }, 120_000);

    it("runs the README's unit test with the user's vitest, on oic-dr/testing from the pnpm install", async () => {
        const test = examples.find((e) => e.kind === "vitest");
        expect(test?.name).toBe("unit-test");
        const testDir = path.join(pnpmProject.dir, "test");
        fs.mkdirSync(testDir, { recursive: true });
        fs.writeFileSync(path.join(testDir, "program.test.ts"), test!.source);
        const vitest = path.join(pnpmProject.dir, "node_modules", "vitest", "vitest.mjs");
        const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "" };
        for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
        const { stdout } = await run(process.execPath, [vitest, "run", "--reporter=json", "--root", pnpmProject.dir], { cwd: pnpmProject.dir, env, encoding: "utf8", timeout: 120_000 }).catch(
            (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? `{"failure": ${JSON.stringify(err.stderr ?? "")}}` }),
        );
        const report = JSON.parse(stdout) as { success?: boolean; testResults?: Array<{ assertionResults: Array<{ status: string; failureMessages: string[] }> }> };
        const results = (report.testResults ?? []).flatMap((f) => f.assertionResults);
        expect(results.flatMap((r) => r.failureMessages)).toEqual([]);
        expect(results.map((r) => r.status)).toEqual(["passed"]);
    }, 180_000);

    it("marks every TypeScript block of the README and docs/ as an example, and type-checks them all against the packed typings", () => {
        const blocks = documentationFiles(REPO_ROOT).flatMap(({ file, markdown }) => markdown.split("\n").flatMap((line, i) => (line === "```ts" ? [`${file}:${i + 1}`] : [])));
        const typescript = examples.filter((e) => TYPESCRIPT_KINDS.has(e.kind));
        expect(typescript.map((e) => `${e.file}:${e.line}`)).toEqual(blocks);
        const dir = path.join(npmProject.dir, "readme-typecheck");
        fs.mkdirSync(dir, { recursive: true });
        const files = typescript.map((example) => {
            const file = path.join(dir, example.kind === "vitest" ? `${example.name}.test.ts` : `${example.name}.ts`);
            // The unit test imports "../index": the program it tests, one directory up.
            fs.writeFileSync(file, example.source);
            return file;
        });
        const tsc = path.join(npmProject.dir, "node_modules", "typescript", "bin", "tsc");
        const args = [tsc, "--noEmit", "--strict", "--module", "commonjs", "--moduleResolution", "node", "--target", "es2020", "--skipLibCheck", ...files];
        let output = "";
        try {
            execFileSync(process.execPath, args, { cwd: npmProject.dir, encoding: "utf8", stdio: "pipe" });
        } catch (err) {
            output = String((err as { stdout?: string }).stdout);
        }
        expect(output).toBe("");
    }, 180_000);

    it("plans every program of the README and docs/ through the installed bin, with nothing shown that a preview could not know", async () => {
        const programs = examples.filter((e) => e.kind === "program");
        expect(programs.map((p) => p.name)).toEqual(expect.arrayContaining(["orders", "agents", "email-alone"]));
        for (const example of programs) {
            const dir = path.join(npmProject.dir, "readme", example.name);
            writePulumiProject(dir, { name: `readme-${example.name}`, program: example.source, config: README_CONFIG[example.name] });
            const plan = await oicDr(npmProject, ["plan", "--program", dir, "--stack", "dev"]);
            expect({ example: `${example.file}:${example.line} ${example.name}`, code: plan.code, stderr: plan.stderr }).toEqual({ example: `${example.file}:${example.line} ${example.name}`, code: 0, stderr: "" });
            expect(plan.stdout, example.name).not.toMatch(/\b[\w-]+-id\b/);
        }
    }, 180_000);

    it("runs the documented policy pack under Pulumi's runner at the levels it states, and checks with it and the documented policy config through the installed bin", async () => {
        const guard = examples.find((e) => e.kind === "policy pack");
        const config = examples.find((e) => e.kind === "policy config");
        expect([guard?.name, config?.name]).toEqual(["guard", "waivers"]);
        // The README's steps: a directory with a package.json, PulumiPolicy.yaml and the entry.
        const packDir = path.join(npmProject.dir, "dr-guard");
        fs.mkdirSync(packDir, { recursive: true });
        fs.writeFileSync(path.join(packDir, "package.json"), JSON.stringify({ name: "dr-guard", version: "1.0.0", main: "index.js" }));
        fs.writeFileSync(path.join(packDir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        fs.writeFileSync(path.join(packDir, "index.js"), guard!.source);
        const pack = await startPolicyPack(packDir);
        try {
            const info = await pack.getAnalyzerInfo();
            const levels = Object.fromEntries(info.getPoliciesList().map((p) => [p.getName(), levelName(p.getEnforcementlevel())]));
            expect(levels).toMatchObject({ "oic-dr-enabled": "disabled", "oic-dr-identity-domain-replicated": "advisory", "oic-dr-no-network-acl": "mandatory", "oic-dr-paired-region": "mandatory" });
        } finally {
            pack.stop();
        }
        const configFile = path.join(npmProject.dir, "policy-config.json");
        fs.writeFileSync(configFile, config!.source);
        const check = await oicDr(npmProject, ["check", "--stack", "dev", "--policy-pack", packDir, "--policy-config", configFile, "--format", "json"]);
        expect(check.stderr).toBe("");
        const report = JSON.parse(check.stdout) as { violations: Array<{ policy: string; enforcementLevel: string; urn: string }> };
        // The program's pairs subscribe no one to their alarm topics: mandatory in the README's config.
        const alarms = report.violations.filter((v) => v.policy === "oic-dr-failover-alarm");
        expect(alarms.map((v) => [v.enforcementLevel, v.urn.split("::").pop()]).sort()).toEqual([
            ["mandatory", "billing-instance"],
            ["mandatory", "orders-instance"],
        ]);
        expect(check.code).toBe(1);
    }, 120_000);
});
