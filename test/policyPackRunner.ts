/**
 * A policy pack as the Pulumi CLI runs it, for the tests and the benchmark: packed as
 * `pulumi policy publish` packs it, unpacked and installed as the CLI installs it, started under
 * the SDK's own policy-pack runner and reached over the analyzer's gRPC protocol.
 *
 * Sources (pulumi/pulumi @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8):
 * - publish packs a Node.js pack with `npm pack --loglevel=error` in the pack's directory:
 *   pkg/backend/httpstate/policypack.go:431-432, sdk/nodejs/npm/npm.go:139-158;
 * - installing it extracts the tarball's `package/` directory and installs its dependencies there:
 *   pkg/backend/httpstate/policypack.go:499-575 (here they are linked from this repository's
 *   node_modules instead: nothing is downloaded during tests);
 * - the Node.js language host runs `node <@pulumi/pulumi/cmd/run-policy-pack> <engine> <pack dir>`
 *   with the pack directory as working directory: sdk/nodejs/cmd/pulumi-language-nodejs/main.go:1655-1702
 *   and 1742-1748. The runner `require`s the directory, i.e. its package.json `main`
 *   (@pulumi/pulumi cmd/run-policy-pack/run.js), and the pack prints its port on stdout.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";

const REPO_ROOT = path.resolve(__dirname, "..");
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const { AnalyzerClient } = pulumiRequire("./proto/analyzer_grpc_pb") as typeof analyzerGrpc;
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");
export const analyzerProto = pulumiRequire("./proto/analyzer_pb") as typeof analyzerPb;
export const structProto = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");

export const RUN_POLICY_PACK = path.join(path.dirname(require.resolve("@pulumi/pulumi")), "cmd", "run-policy-pack", "index.js");

/** `npm pack` in `packDir` exactly as publish runs it; returns the tarball's path (moved into `destination`). */
export function packAsPublishDoes(packDir: string, destination: string): string {
    const filename = execFileSync("npm", ["pack", "--loglevel=error"], { cwd: packDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
        .trim()
        .split("\n")
        .pop()!;
    const tarball = path.join(destination, filename);
    fs.renameSync(path.join(packDir, filename), tarball);
    return tarball;
}

/**
 * The tarball's `package/` directory unpacked in `into`, with the dependencies its package.json
 * declares (and only those) linked from this repository's node_modules.
 */
export function installPack(tarball: string, into: string): string {
    fs.mkdirSync(into, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", into]);
    const packDir = path.join(into, "package");
    const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    linkDependencies(packDir, Object.keys(manifest.dependencies ?? {}));
    return packDir;
}

/** Links each named package from this repository's node_modules into `dir`/node_modules. */
export function linkDependencies(dir: string, names: readonly string[]): void {
    for (const name of names) {
        const link = path.join(dir, "node_modules", name);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), link, "dir");
    }
}

export interface RunningPack {
    readonly client: analyzerGrpc.AnalyzerClient;
    /** Milliseconds from spawning the runner to the pack printing its port. */
    readonly servingAfterMs: number;
    getAnalyzerInfo(): Promise<analyzerPb.AnalyzerInfo>;
    configure(config: Record<string, { enforcementLevel?: "advisory" | "mandatory" | "disabled"; properties?: Record<string, unknown> }>): Promise<void>;
    analyze(request: analyzerPb.AnalyzeRequest): Promise<analyzerPb.AnalyzeResponse>;
    analyzeStack(request: analyzerPb.AnalyzeStackRequest): Promise<analyzerPb.AnalyzeResponse>;
    stop(): void;
}

/** Starts the runner on `packDir` as the language host does and connects to the pack it serves. */
export async function startPolicyPack(packDir: string, timeoutMs = 60_000): Promise<RunningPack> {
    const started = process.hrtime.bigint();
    const server: ChildProcess = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", packDir], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    server.stderr!.on("data", (chunk) => (stderr += chunk));
    let timer: NodeJS.Timeout | undefined;
    const port = await new Promise<number>((resolve, reject) => {
        let stdout = "";
        server.stdout!.on("data", (chunk: Buffer) => {
            stdout += chunk;
            const port = Number(stdout.trim().split("\n")[0]);
            if (Number.isInteger(port) && port > 0) resolve(port);
        });
        server.on("exit", (code) => reject(new Error(`the policy pack runner exited with ${code}:\n${stderr}`)));
        timer = setTimeout(() => {
            server.kill();
            reject(new Error(`the policy pack runner did not serve within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
    }).finally(() => clearTimeout(timer));
    const servingAfterMs = Number(process.hrtime.bigint() - started) / 1e6;
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const unary = <Req, Res>(method: (req: Req, cb: (err: unknown, res: Res) => void) => unknown, request: Req) =>
        new Promise<Res>((resolve, reject) => method.call(client, request, (err, res) => (err ? reject(err) : resolve(res))));
    const levels = { advisory: analyzerProto.EnforcementLevel.ADVISORY, mandatory: analyzerProto.EnforcementLevel.MANDATORY, disabled: analyzerProto.EnforcementLevel.DISABLED };
    return {
        client,
        servingAfterMs,
        getAnalyzerInfo: () => unary(client.getAnalyzerInfo, new Empty()),
        configure: async (config) => {
            const request = new analyzerProto.ConfigureAnalyzerRequest();
            for (const [policy, { enforcementLevel, properties }] of Object.entries(config)) {
                const entry = new analyzerProto.PolicyConfig();
                if (enforcementLevel) entry.setEnforcementlevel(levels[enforcementLevel]);
                entry.setProperties(structProto.Struct.fromJavaScript((properties ?? {}) as Record<string, never>));
                request.getPolicyconfigMap().set(policy, entry);
            }
            await unary(client.configure, request);
        },
        analyze: (request) => unary(client.analyze, request),
        analyzeStack: (request) => unary(client.analyzeStack, request),
        stop: () => {
            client.close();
            server.kill();
        },
    };
}

/** Enforcement levels as the analyzer protocol numbers them, by name. */
export function levelName(level: number): string {
    const names: Record<number, string> = {
        [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
        [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
        [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
        [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
    };
    return names[level] ?? `level ${level}`;
}

/**
 * A pack of the user's in `packDir` (created): package.json, PulumiPolicy.yaml and an index.js
 * that constructs `OicDrPolicies` with `settings`, from an `oic-dr` installed in its node_modules.
 * That `oic-dr/policies` is this checkout's policies/oicDrPolicies.ts, bundled as build.ts
 * bundles the pack (npm packages left as imports), its dependencies linked from ours.
 */
export async function writeUserPack(packDir: string, settings: unknown): Promise<string> {
    const esbuild = await import("esbuild");
    const installed = path.join(packDir, "node_modules", "oic-dr");
    fs.mkdirSync(installed, { recursive: true });
    await esbuild.build({
        entryPoints: [path.join(REPO_ROOT, "policies", "oicDrPolicies.ts")],
        outfile: path.join(installed, "policies.js"),
        bundle: true,
        packages: "external",
        platform: "node",
        format: "cjs",
        target: "es2022",
        logLevel: "silent",
    });
    fs.writeFileSync(path.join(installed, "package.json"), JSON.stringify({ name: "oic-dr", version: "0.0.0", exports: { "./policies": "./policies.js" } }));
    linkDependencies(packDir, ["@pulumi/policy", "@pulumi/pulumi", "zod"]);
    fs.writeFileSync(path.join(packDir, "package.json"), JSON.stringify({ name: "guard", version: "1.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(packDir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(packDir, "index.js"), `const { OicDrPolicies } = require("oic-dr/policies");\nnew OicDrPolicies(${JSON.stringify(settings, null, 4)});\n`);
    return packDir;
}
