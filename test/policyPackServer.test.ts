/**
 * The pack as the Pulumi CLI runs it from a checkout (`pulumi preview --policy-pack policies`, after
 * `npm run build:policies`): Pulumi's own policy-pack runner loads policies/ (its package.json
 * `main`, the compiled dist/index.js) and serves the analyzer over gRPC. The same requests
 * `oic-dr check` builds get the same verdicts from it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeResources, analyzerRequests } from "../cli/analyze";
import { configurePolicies, resolvePolicyConfig } from "../cli/policyConfig";
import { runProgram } from "../cli/runProgram";
import { buildPolicyPack } from "../policies/build";
import { configSchemaOf } from "../policies/framework";
import { policies } from "../policies/policies";
import { FIXTURES, REPO_ROOT } from "./cliRunner";
import { analyzerProto as pb, levelName, startPolicyPack, type RunningPack } from "./policyPackRunner";

let pack: RunningPack;

beforeAll(async () => {
    await buildPolicyPack();
    pack = await startPolicyPack(path.join(REPO_ROOT, "policies"));
}, 90_000);

afterAll(() => pack?.stop());

describe("the policy pack under Pulumi's policy-pack runner", () => {
    it("serves the oic-dr pack, at the package's version, with every policy and its level", async () => {
        const info = await pack.getAnalyzerInfo();
        const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
        expect(info.getName()).toBe("oic-dr");
        expect(info.getVersion()).toBe(version);
        expect(info.getPoliciesList().map((p) => [p.getName(), levelName(p.getEnforcementlevel())])).toEqual(policies.map((p) => [p.name, p.enforcementLevel]));
    });

    it.each(["standard-edition", "sender-one-region", "no-alarm", "clean"])("gives the verdicts oic-dr check gives (%s)", async (stack) => {
        const run = await runProgram({ programDir: path.join(FIXTURES, "raw-oci"), stack });
        const ctx = { packName: "oic-dr", packVersion: "0", stackConfig: run.stackConfig.values, project: run.project.name, stack };
        const requests = analyzerRequests(run.resources, ctx);
        const served: string[] = [];
        const note = (d: analyzerPb.AnalyzeDiagnostic) => served.push(`${d.getPolicyname()} ${d.getEnforcementlevel()} ${d.getUrn()}`);
        for (const { request } of requests.perResource) {
            (await pack.analyze(request)).getDiagnosticsList().forEach(note);
        }
        (await pack.analyzeStack(requests.stack)).getDiagnosticsList().forEach(note);

        const settings = resolvePolicyConfig({}, policies, new Map(policies.map((p) => [p.name, configSchemaOf(p)])), "test");
        const offline = await analyzeResources(run.resources, configurePolicies(policies, settings), settings, ctx);
        const level = (l: string) => (l === "mandatory" ? pb.EnforcementLevel.MANDATORY : pb.EnforcementLevel.ADVISORY);
        expect(served.sort()).toEqual(offline.map((v) => `${v.policy} ${level(v.enforcementLevel)} ${v.urn}`).sort());
        if (stack !== "clean") expect(served.length).toBeGreaterThan(0);
    });
});
