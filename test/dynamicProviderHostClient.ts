/**
 * A client of the SDK's dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`), started and
 * driven over gRPC as the engine starts and drives `pulumi-resource-pulumi-nodejs`, with the SDK's
 * own `ResourceProvider` client and messages.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { expect } from "vitest";
import { withTimeout } from "./harness";

// The SDK's own gRPC stack, loaded from the SDK so the messages are the classes its host uses.
export const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const { ResourceProviderClient } = pulumiRequire("./proto/provider_grpc_pb") as typeof providerGrpc;
export const pb = pulumiRequire("./proto/provider_pb") as typeof providerPb;
export const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
export const HOST_SCRIPT = path.join(path.dirname(require.resolve("@pulumi/pulumi")), "cmd", "dynamic-provider", "index.js");
/** The key under which the SDK stores the serialized provider (node_modules/@pulumi/pulumi/dynamic/index.js:77-81). */
export const PROVIDER_KEY = "__provider";

export interface Host {
    client: providerGrpc.ResourceProviderClient;
    /** Everything the host wrote to stdout after its port, and to stderr. */
    output(): string;
    stop(): void;
}

/** Starts the SDK's dynamic provider host in `cwd`, as the engine starts `pulumi-resource-pulumi-nodejs`. */
export async function startHost(cwd: string, hostScript = HOST_SCRIPT): Promise<Host> {
    // A module path from the test's own environment would hide what the consumer directory lacks.
    const env = { ...process.env };
    delete env.NODE_PATH;
    // The host needs the engine's address as its one argument but never dials it
    // (cmd/dynamic-provider/index.js:404-410); the engine passes host.ServerAddr()
    // (provider_plugin.go:287). Nothing listens here: any call back would fail the test.
    const child: ChildProcess = spawn(process.execPath, [hostScript, "127.0.0.1:1"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let announced = false;
    child.stderr!.on("data", (chunk) => (output += chunk));
    // The host announces its port as the first line on stdout (index.js:429), as the engine reads it
    // (plugin.go:375); anything after it is the providers' own console output.
    const port = await withTimeout(
        new Promise<number>((resolve, reject) => {
            child.stdout!.on("data", (chunk: Buffer) => {
                if (announced) return void (output += chunk);
                const [first, ...rest] = String(chunk).split("\n");
                announced = true;
                output += rest.join("\n");
                const port = Number(first!.trim());
                if (Number.isInteger(port) && port > 0) resolve(port);
                else reject(new Error(`the host announced ${JSON.stringify(first)} instead of a port`));
            });
            child.on("exit", (code) => reject(new Error(`the dynamic provider host exited with ${code}:\n${output}`)));
        }),
        "the dynamic provider host to announce its port",
        30_000,
    );
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    // The engine configures every provider before using it; the host answers acceptSecrets=false
    // (index.js:96-112), so the engine sends it no secret wrappers.
    const configure = new pb.ConfigureRequest().setArgs(Struct.fromJavaScript({})).setAcceptsecrets(true).setAcceptresources(true);
    const configured = await unary<providerPb.ConfigureRequest, providerPb.ConfigureResponse>(client, client.configure, configure);
    expect(configured.getAcceptsecrets()).toBe(false);
    return {
        client,
        output: () => output,
        stop: () => {
            client.close();
            child.kill();
        },
    };
}

export function unary<Req, Res>(
    client: providerGrpc.ResourceProviderClient,
    method: (req: Req, cb: (err: unknown, res: Res) => void) => unknown,
    request: Req,
): Promise<Res> {
    return new Promise<Res>((resolve, reject) => method.call(client, request, (err, res) => (err ? reject(err) : resolve(res))));
}

/** A property map as the engine marshals it: a Struct, with the serialized provider under `__provider`. */
export function struct(value: Record<string, unknown>): InstanceType<typeof Struct> {
    return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

export type Failure = { property: string; reason: string };
export const failuresOf = (response: providerPb.CheckResponse): Failure[] =>
    response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
