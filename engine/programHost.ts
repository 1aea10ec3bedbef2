/**
 * The child process that runs a Pulumi program offline for `oic-dr` (see runProgram.ts). It does
 * what the Node.js language host's `@pulumi/pulumi/cmd/run` does around a program, against the
 * offline engine: loads the program's own `@pulumi/pulumi` under mocks with the stack's config,
 * runs the program inside the root stack resource, and judges the run as the engine would.
 *
 * It runs alone in its process on purpose: it patches SDK internals for speed, installs
 * process-wide handlers and loads the user's program; all of that ends with the process.
 *
 * Protocol: the parent writes a {@link HostRequest} to `<dir>/request.json` and passes `<dir>` in
 * OIC_DR_PROGRAM_HOST_DIR; this process writes one {@link HostResult} to `<dir>/result.json`.
 * Its stdout is the parent's stderr: whatever the program prints never reaches the report.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as pulumiSdk from "@pulumi/pulumi";
import { endWithParent } from "./boundedChild";
import { duplicateUrnMessage, startOfflineEngine, type OfflineEngine, type RecordedResource } from "./offlineEngine";

export const HOST_DIR_ENV = "OIC_DR_PROGRAM_HOST_DIR";

export interface HostRequest {
    readonly entryPoint: string;
    readonly sdkPath: string;
    readonly project: string;
    readonly stack: string;
    readonly config: Record<string, string>;
    readonly secretKeys: readonly string[];
    /** The directory oic-dr was started in: paths in messages are relative to it, not to the program's. */
    readonly invokedFrom: string;
}

export type HostResult =
    | {
          readonly ok: true;
          readonly resources: readonly RecordedResource[];
          /** What the program exports, in the engine's wire form (secrets and unknowns marked, as in `inputs`). */
          readonly stackOutputs: Record<string, unknown>;
          /** Full config keys the program read through the SDK; null when it read the whole map. */
          readonly configKeysRead: readonly string[] | null;
      }
    | { readonly ok: false; readonly message: string };

/**
 * The SDK internals this process replaces, by module (relative to the SDK's root) and export.
 * test/runProgram.test.ts checks, against the installed SDK, that each still exists and is still
 * what the SDK calls: if one moves, that test fails (the run would only be slower, or would stop
 * seeing config reads).
 */
export const PATCHED_SDK_INTERNALS = [
    { module: "./runtime/debuggable", name: "debuggablePromise" },
    { module: "./runtime/closure/serializeClosure", name: "serializeFunction" },
    { module: "./runtime/config", name: "getConfig" },
    { module: "./runtime/config", name: "allConfig" },
    // `pulumi.runtime` holds copies of the two, made when it loaded.
    { module: "./runtime", name: "getConfig" },
    { module: "./runtime", name: "allConfig" },
] as const;

type SdkModule = Record<string, unknown>;

function sdkModule(sdkPath: string, module: string): SdkModule | undefined {
    try {
        return createRequire(sdkPath)(module) as SdkModule;
    } catch {
        return undefined;
    }
}

/**
 * Skips two things the SDK does for real deployments only:
 * - it wraps each of its promises to report leaked ones when a deployment ends, capturing a stack
 *   trace for every one: a third of a large offline run. Offline there is no deployment to report on;
 * - it serializes each dynamic provider's code (starting a V8 inspector session to find closures)
 *   so the engine can run it later: a quarter of a small offline run. Offline, no provider runs.
 */
function skipDeploymentOnlyWork(sdkPath: string): void {
    const debuggable = sdkModule(sdkPath, "./runtime/debuggable");
    if (typeof debuggable?.debuggablePromise === "function") debuggable.debuggablePromise = <T>(promise: Promise<T>) => promise;
    const closure = sdkModule(sdkPath, "./runtime/closure/serializeClosure");
    if (typeof closure?.serializeFunction === "function") {
        closure.serializeFunction = async () => ({
            text: "/* not serialized: offline runs execute no dynamic provider */",
            exportName: "handler",
            containsSecrets: false,
        });
    }
}

/**
 * Records which config keys the program reads. `pulumi.Config` reads each key through
 * `runtime/config`'s `getConfig` (looked up on the module at each call); `pulumi.runtime` carries
 * copies of it and of `allConfig`, which hands over the whole map (then every key counts as read).
 */
export function recordConfigReads(sdkPath: string): () => string[] | null {
    const read = new Set<string>();
    let readAll = false;
    for (const module of [sdkModule(sdkPath, "./runtime/config"), sdkModule(sdkPath, "./runtime")]) {
        const getConfig = module?.getConfig as ((key: string) => string | undefined) | undefined;
        const allConfig = module?.allConfig as (() => Record<string, string>) | undefined;
        if (!module || !getConfig || !allConfig) return () => null;
        module.getConfig = (key: string) => {
            read.add(key);
            return getConfig(key);
        };
        module.allConfig = () => {
            readAll = true;
            return allConfig();
        };
    }
    return () => (readAll ? null : [...read]);
}

/** TypeScript programs load through tsx: transpile only, no type-check, as fast as plain JS loading. */
function registerTypeScriptLoader(): void {
    // Already there when this host itself was loaded from TypeScript (a source checkout).
    if (require.extensions[".ts"]) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("tsx/cjs/api") as { register: () => unknown }).register();
}

/**
 * Formats a stack without source maps. The SDK captures a stack for many of its objects, and
 * mapping each frame through the TypeScript loader's source maps was most of a run's time.
 */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
    // Only the first frame outside node_modules: where a program error came from, nothing more.
    const frame = frames.find((f) => !f.getFileName()?.includes("node_modules"));
    const file = frame?.getFileName();
    return Error.prototype.toString.call(error) + (file ? `\n    at ${file}:${frame!.getLineNumber()}:${frame!.getColumnNumber()}` : "");
}

/** Where paths in messages are relative to: the user's directory once the request is read. */
let reportBase = process.cwd();

/** One screen: the error's own message and, where it can be found, the line of the program that raised it. */
export function describeFailure(err: unknown): string {
    if (!(err instanceof Error)) return `the program failed: ${String(err)}`;
    // Pulumi wraps failures of a resource's registration; its own message is the useful part.
    const message = err.message.replace(/^Running program '[^']*' failed with an unhandled exception:\s*/, "");
    // An invalid spec already names every field; where the library noticed it is noise, and so are
    // the properties the SDK prefixes to the message of an Output's failure, once for each property
    // and resource the Output reached (runtime/rpc.js:134-146, serializeFilteredProperties: the same
    // error, its message augmented; @pulumi/pulumi 3.270.0).
    if (err.name === "SpecValidationError") return message.replace(/^(error serializing property "[^"]*": )+/, "");
    const frame = err.stack
        ?.split("\n")
        .map((line) => /\((\/[^)]+):(\d+):\d+\)|at (\/[^\s]+):(\d+):\d+/.exec(line))
        .find((m) => m && !(m[1] ?? m[3])!.includes(`${path.sep}node_modules${path.sep}`));
    const where = frame ? ` (at ${path.relative(reportBase, (frame[1] ?? frame[3])!)}:${frame[2] ?? frame[4]})` : "";
    return `the program failed${where}:\n${message}`;
}

/**
 * Runs the program. The result is written when the process exits, as the language host's verdict
 * is its process's exit: a failure after the program returned (a timer's throw) still fails it.
 */
async function host(dir: string): Promise<void> {
    const request = JSON.parse(fs.readFileSync(path.join(dir, "request.json"), "utf8")) as HostRequest;
    reportBase = request.invokedFrom;
    let result: HostResult | undefined;
    // The first failure says why; nothing after it turns the run into a success. Its message may
    // quote a secret: runProgram redacts every message it receives from here, in one place.
    const fail = (message: string) => {
        if (!result || result.ok) result = { ok: false, message };
    };
    process.on("exit", () => {
        fs.writeFileSync(path.join(dir, "result.json"), JSON.stringify(result ?? { ok: false, message: "the program host ended without a result" }));
    });

    // Every failure that reaches the process, whenever it happens, fails the run, as under
    // @pulumi/pulumi/cmd/run (sdk/nodejs/cmd/run/index.ts lines 34-85: any uncaught error makes the
    // exit code non-zero, pulumi/pulumi @ 1b5949891b3c).
    let programDone = false;
    const failures: unknown[] = [];
    const onFailure = (reason: unknown) => {
        if (programDone) fail(describeFailure(reason));
        else failures.push(reason);
    };
    process.on("unhandledRejection", onFailure);
    process.on("uncaughtException", onFailure);

    let engine: OfflineEngine | undefined;
    // The event loop emptied while the program still waited on something that can never happen:
    // under the language host the program would never finish either; it must not pass as done.
    process.on("beforeExit", () => {
        if (programDone) return;
        const registered = engine ? ` (${engine.resources.length} resources registered so far)` : "";
        fail(
            `the program did not finish: it was still waiting when nothing was left to run${registered}. ` +
                "It awaits a promise that never settles, such as an Output whose value is unknown during preview " +
                "(use apply on it instead of awaiting it).",
        );
    });

    try {
        // The SDK is JavaScript: load it before the TypeScript loader, whose hooks slow every later require.
        const sdk = require(request.sdkPath) as typeof pulumiSdk;
        skipDeploymentOnlyWork(request.sdkPath);
        const configKeysRead = recordConfigReads(request.sdkPath);
        if (/\.[mc]?ts$/.test(request.entryPoint)) registerTypeScriptLoader();

        engine = await startOfflineEngine(sdk, {
            project: request.project,
            stack: request.stack,
            config: request.config,
            secretKeys: request.secretKeys,
            wireInputs: true,
        });
        const sourceMappedStacks = Error.prepareStackTrace;
        Error.prepareStackTrace = plainStackTrace;
        try {
            await sdk.runtime.runInPulumiStack(async () => {
                const exported = require(request.entryPoint) as unknown;
                // Like the Node.js language host: an exported function is the program; its result the stack outputs.
                const program = typeof exported === "function" ? exported : (exported as { default?: unknown })?.default;
                return typeof program === "function" ? await (program as () => unknown)() : exported;
            });
            await engine.settle();
            // Let rejections raised by the last registrations reach the handler before judging the run.
            await new Promise((resolve) => setImmediate(resolve));
        } catch (err) {
            failures.unshift(err);
        } finally {
            programDone = true;
            // A stack is formatted when first read: failures are reported with the program's own lines.
            Error.prepareStackTrace = sourceMappedStacks;
        }
        if (engine.duplicateUrns.length > 0) {
            fail(`the program failed:\n${engine.duplicateUrns.map(duplicateUrnMessage).join("\n")}`);
        } else if (failures.length > 0) {
            fail(describeFailure(failures[0]));
        } else if (sdk.log.hasErrors()) {
            // The program reported an error through pulumi.log.error (printed above, on stderr).
            // An inline program that logs an error fails (sdk/nodejs/automation/server.ts lines 107-118,
            // "One or more errors occurred"), and the CLI marks the run failed on any error diagnostic
            // (pkg/backend/display/rows.go line 358), pulumi/pulumi @ 1b5949891b3c.
            fail("the program logged an error (pulumi.log.error), which fails a preview: see its message above");
        } else {
            result ??= { ok: true, resources: engine.resources, stackOutputs: engine.stackOutputs ?? {}, configKeysRead: configKeysRead() };
        }
    } catch (err) {
        // The SDK or the offline engine could not start: nothing of the program ran.
        programDone = true;
        fail(describeFailure(err));
    }
}

// Started by runProgram with the directory set; imported anywhere else, it only exports.
const hostDir = process.env[HOST_DIR_ENV];
if (hostDir) {
    delete process.env[HOST_DIR_ENV];
    // Gone with the command, however it ends (boundedChild.ts).
    endWithParent();
    void host(hostDir).catch((err: unknown) => {
        // Only the request itself can fail here (everything after it is judged inside host).
        fs.writeFileSync(path.join(hostDir, "result.json"), JSON.stringify({ ok: false, message: describeFailure(err) } satisfies HostResult));
    });
}
