/**
 * The pack as the Pulumi CLI runs it: Pulumi's own policy-pack runner (the program behind
 * `pulumi preview --policy-pack policies`) loads policies/ with ts-node and serves the analyzer over
 * gRPC. The same requests `oic-dr check` builds get the same verdicts from it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeResources, analyzerRequests } from "../cli/analyze";
import { configurePolicies, resolvePolicyConfig } from "../cli/policyConfig";
import { runProgram } from "../cli/runProgram";
import { configSchemaOf } from "../policies/framework";
import { policies } from "../policies/policies";
import { FIXTURES, REPO_ROOT } from "./cliRunner";
import { withTimeout } from "./harness";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const { AnalyzerClient } = pulumiRequire("./proto/analyzer_grpc_pb") as typeof analyzerGrpc;
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");
const pb = pulumiRequire("./proto/analyzer_pb") as typeof analyzerPb;

let server: ChildProcess;
let client: analyzerGrpc.AnalyzerClient;

beforeAll(async () => {
    const runner = path.join(path.dirname(require.resolve("@pulumi/pulumi")), "cmd", "run-policy-pack", "index.js");
    server = spawn(process.execPath, [runner, "unused", "."], { cwd: path.join(REPO_ROOT, "policies"), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    server.stderr!.on("data", (chunk) => (stderr += chunk));
    const port = await withTimeout(
        new Promise<number>((resolve, reject) => {
            server.stdout!.on("data", (chunk: Buffer) => {
                const port = Number(String(chunk).trim().split("\n")[0]);
                if (Number.isInteger(port) && port > 0) resolve(port);
            });
            server.on("exit", (code) => reject(new Error(`the policy pack runner exited with ${code}:\n${stderr}`)));
        }),
        "the policy pack runner to serve",
        60_000,
    );
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 90_000);

afterAll(() => {
    client?.close();
    server?.kill();
});

const unary = <Req, Res>(method: (req: Req, cb: (err: unknown, res: Res) => void) => unknown, request: Req) =>
    new Promise<Res>((resolve, reject) => method.call(client, request, (err, res) => (err ? reject(err) : resolve(res))));

describe("the policy pack under Pulumi's policy-pack runner", () => {
    it("serves the oic-dr pack, at the package's version, with every policy and its level", async () => {
        const info = await unary<InstanceType<typeof Empty>, analyzerPb.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
        const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
        expect(info.getName()).toBe("oic-dr");
        expect(info.getVersion()).toBe(version);
        const levels = { [pb.EnforcementLevel.ADVISORY]: "advisory", [pb.EnforcementLevel.MANDATORY]: "mandatory" } as Record<number, string>;
        expect(info.getPoliciesList().map((p) => [p.getName(), levels[p.getEnforcementlevel()]])).toEqual(policies.map((p) => [p.name, p.enforcementLevel]));
    });

    it.each(["standard-edition", "sender-one-region", "no-alarm", "clean"])("gives the verdicts oic-dr check gives (%s)", async (stack) => {
        const run = await runProgram({ programDir: path.join(FIXTURES, "raw-oci"), stack });
        const ctx = { packName: "oic-dr", packVersion: "0", stackConfig: run.stackConfig.values, project: run.project.name, stack };
        const requests = analyzerRequests(run.resources, ctx);
        const served: string[] = [];
        const note = (d: analyzerPb.AnalyzeDiagnostic) => served.push(`${d.getPolicyname()} ${d.getEnforcementlevel()} ${d.getUrn()}`);
        for (const { request } of requests.perResource) {
            (await unary<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>(client.analyze, request)).getDiagnosticsList().forEach(note);
        }
        (await unary<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>(client.analyzeStack, requests.stack)).getDiagnosticsList().forEach(note);

        const settings = resolvePolicyConfig({}, policies, new Map(policies.map((p) => [p.name, configSchemaOf(p)])), "test");
        const offline = await analyzeResources(run.resources, configurePolicies(policies, settings), settings, ctx);
        const level = (l: string) => (l === "mandatory" ? pb.EnforcementLevel.MANDATORY : pb.EnforcementLevel.ADVISORY);
        expect(served.sort()).toEqual(offline.map((v) => `${v.policy} ${level(v.enforcementLevel)} ${v.urn}`).sort());
        if (stack !== "clean") expect(served.length).toBeGreaterThan(0);
    });
});
