/**
 * Runs a Pulumi program offline: its own `@pulumi/pulumi` under mocks, its stack's config, inside
 * a root stack resource as the Node.js language host would, and returns every registration. The
 * program runs in a child process of its own (programHost.ts): its SDK patches, handlers and
 * output end with it.
 */
import { SECRET_CONFIG_KEYS } from "../components/secretConfigKeys";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { endedHow, hostModuleArgs, runBoundedNode } from "./boundedChild";
import { resolveProgram } from "./entryPoint";
import type { RecordedResource } from "./offlineEngine";
import { HOST_DIR_ENV, type HostRequest, type HostResult } from "./programHost";
import { chooseStack, loadProject, loadStackConfig, ProgramError, type PulumiProject, type StackConfig } from "./project";
import { redact, secretStrings } from "./redact";

export interface ProgramRun {
    readonly project: PulumiProject;
    readonly stackConfig: StackConfig;
    readonly resources: readonly RecordedResource[];
    /**
     * What the program exports (the root stack's outputs), in the engine's wire form: secrets in
     * their signature, unknowns as the sentinel. Masked for display where the report is built (plan.ts).
     */
    readonly stackOutputs: Record<string, unknown>;
    /** Full config keys the program read through the SDK; null when it read the whole map. */
    readonly configKeysRead: readonly string[] | null;
    /** The file that ran: `main` resolved as the language host resolves it. */
    readonly entryPoint: string;
}

export interface RunOptions {
    /** Directory holding Pulumi.yaml. */
    readonly programDir: string;
    readonly stack?: string;
    /** Seconds the program may run before it is stopped (default {@link DEFAULT_TIMEOUT_SECONDS}). */
    readonly timeoutSeconds?: number;
}

/** The `@pulumi/pulumi` the program itself resolves: mocks installed on any other copy would go unseen. */
function programSdkPath(entryPoint: string): string {
    try {
        return require.resolve("@pulumi/pulumi", { paths: [path.dirname(entryPoint)] });
    } catch {
        throw new ProgramError(`the program cannot resolve @pulumi/pulumi from ${path.dirname(entryPoint)}: run npm install there`);
    }
}

/** How long a program may run, by default: `--timeout`. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

/**
 * The command that starts the program host: the program's SDK is loaded first, before the
 * TypeScript loader of a checkout (see hostModuleArgs).
 */
function hostCommand(sdkPath: string): string[] {
    return hostModuleArgs("programHost", [sdkPath]);
}

/**
 * Evaluates the program in a child process (programHost.ts) and returns what it registered.
 * Anything that stops evaluation (project file, stack config, a throw in the program, a program
 * that does not finish, or does not within the time limit) becomes a {@link ProgramError}.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    const project = loadProject(options.programDir);
    const stack = chooseStack(project, options.stack);
    const stackConfig = loadStackConfig(project, stack);
    // The file and working directory of cmd/run: a program reading files relative to its working
    // directory reads the same files here.
    const { file: entryPoint, pwd } = resolveProgram(project.main);
    const sdkPath = programSdkPath(entryPoint);
    const request: HostRequest = { entryPoint, sdkPath, project: project.name, stack, config: stackConfig.values, secretKeys: stackConfig.secretKeys, invokedFrom: process.cwd() };
    const result = await runHost(request, pwd, options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
    // The one place a program's failure is redacted: every message of the host passes here.
    if (!result.ok) throw new ProgramError(redact(result.message, secretStrings(stackConfig.values, stackConfig.secretKeys)));
    return { project, stackConfig, resources: result.resources, stackOutputs: result.stackOutputs, configKeysRead: result.configKeysRead, entryPoint };
}

async function runHost(request: HostRequest, pwd: string, timeoutSeconds: number): Promise<HostResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-program-"));
    try {
        fs.writeFileSync(path.join(dir, "request.json"), JSON.stringify(request));
        // The program's stdout goes to our stderr: what it prints never reaches the report.
        const exit = await runBoundedNode(hostCommand(request.sdkPath), { cwd: pwd, env: { ...process.env, [HOST_DIR_ENV]: dir }, stdio: ["ignore", 2, 2] }, timeoutSeconds).catch(
            (err: Error) => {
                throw new ProgramError(`cannot start the program: ${err.message}`);
            },
        );
        if (exit.timedOut) {
            return {
                ok: false,
                message:
                    `the program did not finish within ${timeoutSeconds} s (--timeout): it was still running, ` +
                    "kept alive by a timer, a server or another open handle, or by work that takes longer",
            };
        }
        const file = path.join(dir, "result.json");
        if (!fs.existsSync(file)) return { ok: false, message: `the program's process ended without a result (${endedHow(exit)})` };
        return JSON.parse(fs.readFileSync(file, "utf8")) as HostResult;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Why the file that ran may not be the program the user meant, or undefined. When `main` names a
 * directory (or nothing), the language host runs the `main` (or `exports`) of the nearest
 * package.json, searched upwards (engine/entryPoint.ts): from a directory without one, that is a
 * package outside it, such as a library's compiled dist/ whose run registers nothing.
 */
export function entryPointSurprise(run: ProgramRun): string | undefined {
    if (!fs.statSync(run.project.main).isDirectory()) return undefined;
    if (run.entryPoint.startsWith(run.project.main + path.sep)) return undefined;
    const shown = (file: string) => path.relative(process.cwd(), file) || ".";
    return (
        `Pulumi.yaml's main (${shown(run.project.main)}) is a directory without a package.json of its own, so pulumi runs ` +
        `${shown(run.entryPoint)}, the entry of the nearest package.json above it; name the program's file in main (main: <file>)`
    );
}

/**
 * Keys the stack sets that nothing reads, as a reviewer would want to hear of them (the CLI itself
 * accepts any key: pkg/workspace/config.go, pulumi/pulumi @ 1b5949891b3c). Chosen to stay quiet
 * where silence is right:
 * - keys of the project's namespace that Pulumi.yaml does not declare and the program never read
 *   (a typo such as `isByoll`). A declared key is the project's documented interface: a program may
 *   read it only in some configurations (an agent's proxy password without agents);
 * - keys of a namespace that is neither the project's, `pulumi` (the engine's own), nor a package
 *   the program has resources of: no provider is there to read them (`ocii:region`). Provider keys
 *   (`oci:region`) are read by the provider plugin, outside the program, so reads cannot be seen.
 * None when the program read the whole config map (`pulumi.runtime.allConfig()`).
 */
export function unreadConfigKeys(run: ProgramRun): string[] {
    if (run.configKeysRead === null) return [];
    const read = new Set(run.configKeysRead);
    const packages = new Set(["pulumi"]);
    for (const r of run.resources) {
        const [pkg, module, name] = r.type.split(":");
        packages.add(pkg === "pulumi" && module === "providers" && name ? name : pkg!);
    }
    return Object.keys(run.stackConfig.values)
        .filter((key) => !read.has(key))
        .filter((key) => {
            const namespace = key.slice(0, key.indexOf(":"));
            if (namespace === run.project.name) return !run.project.config.has(key);
            return !packages.has(namespace);
        })
        .sort();
}

/**
 * The keys of the project's namespace that the components read as secrets but the stack file holds
 * in plain text (not `secure:`): anyone who can read the repository reads them. Their values are
 * never shown; the warning names the key and the command that encrypts it.
 */
export function plainTextSecretKeys(run: ProgramRun): string[] {
    const secret = new Set(run.stackConfig.secretKeys);
    return SECRET_CONFIG_KEYS.map((key) => `${run.project.name}:${key}`).filter((key) => key in run.stackConfig.values && !secret.has(key));
}
