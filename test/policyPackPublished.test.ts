/**
 * The policy pack as `pulumi policy publish` ships it: `npm pack` in policies/ (its prepack builds
 * it), unpacked into a directory with nothing of this repository beside it, its declared
 * dependencies linked from our node_modules, started under the SDK's policy-pack runner. See
 * policyPackRunner.ts for the sources of each step.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OCI_TYPES } from "../facts/drSupport";
import { policies } from "../policies/policies";
import { REPO_ROOT } from "./cliRunner";
import { analyzerProto as pb, installPack, levelName, packAsPublishDoes, startPolicyPack, structProto, type RunningPack } from "./policyPackRunner";

let workDir: string;
let tarballFiles: string[];
let packDir: string;
let pack: RunningPack;

beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-policy-pack-"));
    const tarball = packAsPublishDoes(path.join(REPO_ROOT, "policies"), workDir);
    tarballFiles = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").sort();
    packDir = installPack(tarball, path.join(workDir, "installed"));
    pack = await startPolicyPack(packDir);
}, 120_000);

afterAll(() => {
    pack?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const manifest = (dir: string) =>
    JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string; main: string; dependencies: Record<string, string> };

/** One integration instance, as the engine sends it to `Analyze` before creating it. */
function instanceRequest(name: string, props: Record<string, unknown>) {
    return new pb.AnalyzeRequest()
        .setType(OCI_TYPES.integrationInstance)
        .setUrn(`urn:pulumi:prod::app::${OCI_TYPES.integrationInstance}::${name}`)
        .setName(name)
        .setProperties(structProto.Struct.fromJavaScript(props as Record<string, never>))
        .setOptions(new pb.AnalyzerResourceOptions().setProtect(true));
}

const standardEdition = { isDisasterRecoveryEnabled: true, integrationInstanceType: "STANDARDX", shape: "PRODUCTION" };

describe("the policy pack, packed as pulumi policy publish packs it", () => {
    it("holds compiled JavaScript, PulumiPolicy.yaml and its manifest, and nothing that reaches outside it", () => {
        expect(tarballFiles).toEqual(["package/PulumiPolicy.yaml", "package/dist/index.js", "package/dist/oicDrPolicies.js", "package/package.json"]);
        expect(manifest(packDir).main).toBe("dist/index.js");
        for (const file of ["index.js", "oicDrPolicies.js"]) {
            expect(fs.readFileSync(path.join(packDir, "dist", file), "utf8")).not.toMatch(/require\("\.\.\//);
        }
    });

    it("declares its dependencies as the repository pins them, at the repository's version", () => {
        const root = manifest(REPO_ROOT);
        const own = manifest(packDir);
        expect(Object.keys(own.dependencies).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "zod"]);
        for (const [name, range] of Object.entries(own.dependencies)) expect([name, range]).toEqual([name, root.dependencies[name]]);
        expect(own.version).toBe(root.version);
    });

    it("starts under the runner and lists every policy at its level", async () => {
        const info = await pack.getAnalyzerInfo();
        expect(info.getName()).toBe("oic-dr");
        expect(info.getVersion()).toBe(manifest(REPO_ROOT).version);
        expect(info.getPoliciesList().map((p) => [p.getName(), levelName(p.getEnforcementlevel())])).toEqual(policies.map((p) => [p.name, p.enforcementLevel]));
        expect(info.getPoliciesList().every((p) => p.getConfigschema()?.toObject().properties?.fieldsMap.some(([key]) => key === "waivers"))).toBe(true);
    });

    it("gives a verdict at the policy's own level before any config", async () => {
        await pack.configure({});
        const response = await pack.analyze(instanceRequest("oic", standardEdition));
        const edition = response.getDiagnosticsList().find((d) => d.getPolicyname() === "oic-dr-supported-edition");
        expect(edition?.getMessage()).toContain('integrationInstanceType "STANDARDX"');
        expect(levelName(edition!.getEnforcementlevel())).toBe("mandatory");
    });

    it("takes levels and settings through the runner's Configure call", async () => {
        await pack.configure({
            "oic-dr-supported-edition": { enforcementLevel: "advisory" },
            "oic-dr-production-shape": { enforcementLevel: "mandatory", properties: { waivers: [{ resources: ["oic-dev"], reason: "a sandbox, rebuilt weekly" }] } },
        });
        const edition = (await pack.analyze(instanceRequest("oic", standardEdition))).getDiagnosticsList();
        expect(edition.map((d) => [d.getPolicyname(), levelName(d.getEnforcementlevel())])).toEqual([["oic-dr-supported-edition", "advisory"]]);

        const shape = (await pack.analyze(instanceRequest("oic-dev", { ...standardEdition, integrationInstanceType: "ENTERPRISEX", shape: "DEVELOPMENT" }))).getDiagnosticsList();
        expect(shape.map((d) => d.getPolicyname())).toEqual(["oic-dr-production-shape"]);
        expect(shape[0]!.getMessage()).toMatch(/^Waived \(a sandbox, rebuilt weekly\): /);
        expect(levelName(shape[0]!.getEnforcementlevel())).toBe("advisory");
    });
});
