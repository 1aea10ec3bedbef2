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

/** The children running now, by process group: what a signal to the command must take down. */
const running = new Set<number>();
/** How the shell reports a command a signal ended: 128 + the signal's number (130 INT, 143 TERM, 129 HUP). */
const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Kills a child's whole process group: the child and whatever it started (a program's own children). */
function killGroup(pid: number): void {
    try {
        // A negative pid names the process group (kill(2)); the child leads its own (detached).
        process.kill(-pid, "SIGKILL");
    } catch {
        // Already gone (ESRCH): nothing left to kill.
    }
}

/**
 * On SIGINT, SIGTERM or SIGHUP while children run: kill their groups, then end the command by the
 * same signal, as it would have ended without children (the shell sees 130, 143, 129). A child in
 * a group of its own does not get the terminal's Ctrl-C itself: this is what stops it.
 */
function onSignal(signal: NodeJS.Signals): void {
    for (const pid of running) killGroup(pid);
    running.clear();
    for (const forwarded of FORWARDED) process.removeListener(forwarded, onSignal);
    process.kill(process.pid, signal);
}

/**
 * Runs `node <args>` and resolves once it has ended and its pipes are drained ("close"); rejects
 * when it cannot be started. `started` sees the child first (to read a pipe of its own).
 *
 * The child leads a process group of its own (`detached`), so that one kill takes it and everything
 * it started: at the time limit, on SIGINT/SIGTERM/SIGHUP of the command, and when the command ends
 * in any way it can see. Its stdin is a pipe the command holds and never writes: when the command
 * dies in a way it cannot see (SIGKILL), the pipe closes, and the child kills its own group
 * ({@link endWithParent}, which every host module of this folder calls first).
 */
export function runBoundedNode(args: readonly string[], options: SpawnOptions, timeoutSeconds: number, started?: (child: ChildProcess) => void): Promise<BoundedExit> {
    return new Promise((resolve, reject) => {
        const stdio = Array.isArray(options.stdio) ? ["pipe", ...options.stdio.slice(1)] : ["pipe", "pipe", "pipe"];
        const child = spawn(process.execPath, args, { ...options, stdio: stdio as SpawnOptions["stdio"], detached: true });
        const pid = child.pid;
        const kill = () => (pid === undefined ? child.kill("SIGKILL") : killGroup(pid));
        // The command may end first (an EPIPE, an exception): the children must not outlive it.
        process.once("exit", kill);
        if (pid !== undefined) {
            if (running.size === 0) for (const signal of FORWARDED) process.on(signal, onSignal);
            running.add(pid);
        }
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            kill();
        }, timeoutSeconds * 1000);
        const done = () => {
            clearTimeout(timer);
            process.off("exit", kill);
            if (pid !== undefined && running.delete(pid) && running.size === 0) {
                for (const signal of FORWARDED) process.removeListener(signal, onSignal);
            }
            // What the child left running in its group (a program's detached helpers) goes with it.
            if (pid !== undefined) killGroup(pid);
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

/**
 * For a host module run by {@link runBoundedNode}: when the command that started it is gone (its
 * end of the stdin pipe closed), kill this process's group, itself included. The pipe is unref'd:
 * it never keeps the host alive.
 */
export function endWithParent(): void {
    const stdin = process.stdin as NodeJS.ReadStream & { unref?: () => void };
    stdin.on("end", () => {
        try {
            process.kill(-process.pid, "SIGKILL");
        } catch {
            process.exit(1);
        }
    });
    stdin.on("error", () => undefined);
    stdin.resume();
    stdin.unref?.();
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
