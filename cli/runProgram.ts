/**
 * Runs a Pulumi program offline: its own `@pulumi/pulumi` under mocks, its stack's config, inside
 * a root stack resource as the Node.js language host would, and returns every registration.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumiSdk from "@pulumi/pulumi";
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

/** The file Node would load for `main`: a file as is; a directory through package.json or index.{ts,js}. */
export function resolveEntryPoint(main: string): string {
    if (!fs.existsSync(main)) throw new ProgramError(`program entry point not found: ${main}`);
    if (!fs.statSync(main).isDirectory()) return main;
    const pkgFile = path.join(main, "package.json");
    if (fs.existsSync(pkgFile)) {
        const pkgMain = (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string }).main;
        if (pkgMain) return path.resolve(main, pkgMain);
    }
    const index = ["index.ts", "index.js", "index.mts", "index.cjs"].map((f) => path.join(main, f)).find((f) => fs.existsSync(f));
    if (!index) throw new ProgramError(`no index.ts or index.js in ${main}`);
    return index;
}

/** The `@pulumi/pulumi` the program itself resolves: mocks installed on any other copy would go unseen. */
function loadProgramSdk(entryPoint: string): typeof pulumiSdk {
    let sdkPath: string;
    try {
        sdkPath = require.resolve("@pulumi/pulumi", { paths: [path.dirname(entryPoint)] });
    } catch {
        throw new ProgramError(`the program cannot resolve @pulumi/pulumi from ${path.dirname(entryPoint)}: run npm install there`);
    }
    return require(sdkPath) as typeof pulumiSdk;
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
    if (/\.[mc]?ts$/.test(entryPoint)) registerTypeScriptLoader();
    const sdk = loadProgramSdk(entryPoint);

    const engine = await startOfflineEngine(sdk, {
        project: project.name,
        stack,
        config: stackConfig.values,
        secretKeys: stackConfig.secretKeys,
    });

    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
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
