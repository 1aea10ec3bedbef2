/**
 * Nothing left running: the program runs in a process group of its own, and that group goes with
 * the command however the command ends (engine/boundedChild.ts): at `--timeout`, on SIGINT, SIGTERM
 * or SIGHUP (the command then ends by that signal, as a shell expects: 130, 143, 129), and when the
 * command is killed outright (SIGKILL), through the stdin pipe its child watches. The fixture's
 * program starts a helper process of its own and never finishes.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT, runCli } from "./cliRunner";

const PROGRAM = path.join(FIXTURES, "lingering");
let dir: string;

afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number) => {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
};

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

/** The program's and its helper's pids, once the program has written them. */
async function pidsOf(file: string): Promise<{ program: number; helper: number }> {
    await until("the program to start", () => existsSync(file) && readFileSync(file, "utf8").length > 0);
    return JSON.parse(readFileSync(file, "utf8")) as { program: number; helper: number };
}

/** `oic-dr check` of the lingering program, started as a shell starts it. */
function startCheck(pidsFile: string, extra: string[] = []) {
    const child = spawn(process.execPath, ["--require", "tsx/cjs", path.join(REPO_ROOT, "cli/main.ts"), "check", "--program", PROGRAM, "--stack", "dev", ...extra], {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_OPTIONS: "", LINGER_PIDS_FILE: pidsFile },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
    return { child, ended, stderr: () => stderr };
}

describe("nothing the program started outlives oic-dr", () => {
    it("at --timeout: the program and its helper are killed, and the command says so (exit 2)", async () => {
        dir = mkdtempSync(path.join(tmpdir(), "oic-dr-linger-"));
        const file = path.join(dir, "pids.json");
        const { code, stderr } = await runCli(["check", "--program", PROGRAM, "--stack", "dev", "--timeout", "8"], REPO_ROOT, { LINGER_PIDS_FILE: file });
        expect(code).toBe(2);
        expect(stderr).toMatch(/did not finish within 8 s/);
        const pids = await pidsOf(file);
        await until("the program and its helper to end", () => !alive(pids.program) && !alive(pids.helper), 5_000);
    }, 60_000);

    it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)("on %s: the group is killed and oic-dr ends by that signal", async (signal) => {
        dir = mkdtempSync(path.join(tmpdir(), "oic-dr-linger-"));
        const file = path.join(dir, "pids.json");
        const run = startCheck(file);
        const pids = await pidsOf(file);
        run.child.kill(signal);
        const ended = await run.ended;
        // Ended by the signal, as without children: the shell reports 128 + its number.
        expect(ended).toEqual({ code: null, signal });
        await until("the program and its helper to end", () => !alive(pids.program) && !alive(pids.helper), 5_000);
    }, 60_000);

    it("when oic-dr is killed outright (SIGKILL): the program's process sees its pipe close and takes its group down", async () => {
        dir = mkdtempSync(path.join(tmpdir(), "oic-dr-linger-"));
        const file = path.join(dir, "pids.json");
        const run = startCheck(file);
        const pids = await pidsOf(file);
        run.child.kill("SIGKILL");
        await run.ended;
        await until("the program and its helper to end", () => !alive(pids.program) && !alive(pids.helper), 10_000);
    }, 60_000);
});
