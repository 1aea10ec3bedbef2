/**
 * Runs a Pulumi program offline: its own `@pulumi/pulumi` under mocks, its stack's config, inside
 * a root stack resource as the Node.js language host would, and returns every registration.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as pulumiSdk from "@pulumi/pulumi";
import { resolveEntryPoint } from "./entryPoint";
import { startOfflineEngine, type RecordedResource } from "./offlineEngine";
import { chooseStack, loadProject, loadStackConfig, ProgramError, type PulumiProject, type StackConfig } from "./project";

export interface ProgramRun {
    readonly project: PulumiProject;
    readonly stackConfig: StackConfig;
    readonly resources: readonly RecordedResource[];
}

export interface RunOptions {
    /** Directory holding Pulumi.yaml. */
    readonly programDir: string;
    readonly stack?: string;
}

/** The `@pulumi/pulumi` the program itself resolves: mocks installed on any other copy would go unseen. */
function loadProgramSdk(entryPoint: string): { sdk: typeof pulumiSdk; sdkPath: string } {
    let sdkPath: string;
    try {
        sdkPath = require.resolve("@pulumi/pulumi", { paths: [path.dirname(entryPoint)] });
    } catch {
        throw new ProgramError(`the program cannot resolve @pulumi/pulumi from ${path.dirname(entryPoint)}: run npm install there`);
    }
    return { sdk: require(sdkPath) as typeof pulumiSdk, sdkPath };
}

/**
 * Skips two things the SDK does for real deployments only. Both are internal to the SDK: if they
 * move, nothing breaks, offline runs are only slower.
 * - It wraps each of its promises to report leaked ones when a deployment ends, capturing a stack
 *   trace for every one: a third of a large offline run. Offline there is no deployment to report
 *   on (and a leak report would only change this command's exit code).
 * - It serializes each dynamic provider's code (starting a V8 inspector session to find closures)
 *   so the engine can run it later: a quarter of a small offline run. Offline, no provider runs.
 */
function skipDeploymentOnlyWork(sdkPath: string): void {
    const sdkRequire = createRequire(sdkPath);
    const patch = (module: string, name: string, replacement: unknown) => {
        try {
            const exports = sdkRequire(module) as Record<string, unknown>;
            if (typeof exports[name] === "function") exports[name] = replacement;
        } catch {
            // An SDK without this module does not do this work.
        }
    };
    patch("./runtime/debuggable", "debuggablePromise", <T>(promise: Promise<T>) => promise);
    patch("./runtime/closure/serializeClosure", "serializeFunction", async () => ({
        text: "/* not serialized: offline runs execute no dynamic provider */",
        exportName: "handler",
        containsSecrets: false,
    }));
}

let typeScriptLoaderRegistered = false;

/** TypeScript programs load through tsx: transpile only, no type-check, as fast as plain JS loading. */
function registerTypeScriptLoader(): void {
    if (typeScriptLoaderRegistered) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { register } = require("tsx/cjs/api") as { register: () => unknown };
    register();
    typeScriptLoaderRegistered = true;
}

/**
 * Evaluates the program and returns what it registered. Anything that stops evaluation (project
 * file, stack config, a throw in the program, a failed registration) becomes a {@link ProgramError}.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    const project = loadProject(options.programDir);
    const stack = chooseStack(project, options.stack);
    const stackConfig = loadStackConfig(project, stack);
    const entryPoint = resolveEntryPoint(project.main);
    // The SDK is JavaScript: load it before the TypeScript loader, whose hooks slow every later require.
    const { sdk, sdkPath } = loadProgramSdk(entryPoint);
    skipDeploymentOnlyWork(sdkPath);
    if (/\.[mc]?ts$/.test(entryPoint)) registerTypeScriptLoader();

    const engine = await startOfflineEngine(sdk, {
        project: project.name,
        stack,
        config: stackConfig.values,
        secretKeys: stackConfig.secretKeys,
    });

    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    const sourceMappedStacks = Error.prepareStackTrace;
    Error.prepareStackTrace = plainStackTrace;
    try {
        forgetProgramModules([project.dir, path.dirname(entryPoint)]);
        await sdk.runtime.runInPulumiStack(async () => {
            const exported = require(entryPoint) as unknown;
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
        Error.prepareStackTrace = sourceMappedStacks;
        process.off("unhandledRejection", onRejection);
    }
    if (failures.length > 0) {
        // A failed program leaves registrations behind that reject as they unwind; they say
        // nothing the first failure did not, and must not crash the process that reports it.
        process.on("unhandledRejection", () => undefined);
        throw new ProgramError(describeFailure(failures[0]));
    }
    return { project, stackConfig, resources: engine.resources };
}

/**
 * Formats a stack without source maps. The SDK captures a stack for every promise it tracks, and
 * mapping each frame through the TypeScript loader's source maps was most of the run's time. A
 * failure's stack is formatted only when reported, after the mapped formatter is back.
 */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
    // Only the first frame outside node_modules: where a program error came from, nothing more.
    const frame = frames.find((f) => !f.getFileName()?.includes("node_modules"));
    const file = frame?.getFileName();
    return Error.prototype.toString.call(error) + (file ? `\n    at ${file}:${frame!.getLineNumber()}:${frame!.getColumnNumber()}` : "");
}

/** A program run twice in one process (tests, tools) must run twice: its own modules are loaded afresh. */
function forgetProgramModules(programDirs: readonly string[]): void {
    const prefixes = programDirs.map((dir) => dir + path.sep);
    for (const file of Object.keys(require.cache)) {
        if (prefixes.some((prefix) => file.startsWith(prefix)) && !file.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[file];
    }
}

/** One screen: the error's own message and, where it can be found, the line of the program that raised it. */
function describeFailure(err: unknown): string {
    if (!(err instanceof Error)) return `the program failed: ${String(err)}`;
    // Pulumi wraps failures of a resource's registration; its own message is the useful part.
    const message = err.message.replace(/^Running program '[^']*' failed with an unhandled exception:\s*/, "");
    // An invalid spec already names every field; where the library noticed it is noise.
    if (err.name === "SpecValidationError") return message;
    const frame = err.stack
        ?.split("\n")
        .map((line) => /\((\/[^)]+):(\d+):\d+\)|at (\/[^\s]+):(\d+):\d+/.exec(line))
        .find((m) => m && !(m[1] ?? m[3])!.includes(`${path.sep}node_modules${path.sep}`));
    const where = frame ? ` (at ${path.relative(process.cwd(), (frame[1] ?? frame[3])!)}:${frame[2] ?? frame[4]})` : "";
    return `the program failed${where}:\n${message}`;
}
