/**
 * A process the command starts for one job (the program, a user's policy pack): bounded by a time
 * limit, and never outliving the command. One place for both, so every such child is killed the
 * same way.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface BoundedExit {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    /** Killed at the time limit. */
    readonly timedOut: boolean;
}

/**
 * Runs `node <args>` and resolves once it has ended and its pipes are drained ("close"); rejects
 * when it cannot be started. `started` sees the child first (to read a pipe of its own).
 */
export function runBoundedNode(args: readonly string[], options: SpawnOptions, timeoutSeconds: number, started?: (child: ChildProcess) => void): Promise<BoundedExit> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, options);
        const kill = () => child.kill("SIGKILL");
        // The command may end first (a signal, an EPIPE): the child must not outlive it.
        process.once("exit", kill);
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            kill();
        }, timeoutSeconds * 1000);
        const done = () => {
            clearTimeout(timer);
            process.off("exit", kill);
        };
        child.on("error", (err) => {
            done();
            reject(err);
        });
        child.on("close", (code, signal) => {
            done();
            resolve({ code, signal, timedOut });
        });
        started?.(child);
    });
}

/** How a child that gave no answer ended, for a message. */
export const endedHow = (exit: BoundedExit): string => (exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`);

/**
 * The node arguments that run the host module `name` of this folder: its compiled `.js` when the
 * package is built (dist/), otherwise its TypeScript source through tsx (a checkout). `first` are
 * modules required before the TypeScript loader, whose hooks slow every later require.
 */
export function hostModuleArgs(name: string, first: readonly string[] = []): string[] {
    const host = [`${name}.js`, `${name}.ts`].map((file) => path.join(__dirname, file)).find((file) => fs.existsSync(file))!;
    if (host.endsWith(".js")) return [host];
    const boot = [...first.map((module) => `require(${JSON.stringify(module)})`), `require(${JSON.stringify(require.resolve("tsx/cjs/api"))}).register()`, `require(${JSON.stringify(host)})`];
    return ["-e", boot.join(";")];
}
