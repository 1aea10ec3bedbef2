/** Runs the `oic-dr` command as a separate process, the way a pipeline does. */
import { execFile } from "node:child_process";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..");
export const FIXTURES = path.join(__dirname, "fixtures");

export interface CliResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** `env` is added to this process's environment. */
export function runCli(args: readonly string[], cwd = REPO_ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["--require", "tsx/cjs", path.join(REPO_ROOT, "cli/main.ts"), ...args],
            { cwd, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: "", ...env } },
            (error, stdout, stderr) => {
                const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
                resolve({ code, stdout, stderr });
            },
        );
    });
}
