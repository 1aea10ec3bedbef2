/**
 * The fast tier starts no process: every way to start one throws, through the ES module's named
 * exports, through `require`, and inside the code under test (the CLI's bounded child). Fails when
 * the guard (test/noChildProcess.ts) is not the fast tier's setup file, or misses a starter.
 */
import * as childProcess from "node:child_process";
import { exec, execFile, execFileSync, execSync, fork, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runBoundedNode } from "../engine/boundedChild";
import { REPO_ROOT } from "./cliRunner";

// Written out, not imported from the guard: importing it would install it, and this test must
// fail when the fast tier's setup does not.
const FAST_TIER_REFUSAL = "the fast tier starts no process";
const PROCESS_STARTERS = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const;

const node = process.execPath;
const noop = () => undefined;

/** Each starter, called as a test would call it; a child that did start is killed at once. */
const calls: Record<(typeof PROCESS_STARTERS)[number], () => unknown> = {
    spawn: () => spawn(node, ["-e", ""]).kill(),
    spawnSync: () => spawnSync(node, ["-e", ""]),
    exec: () => exec(`"${node}" -e ""`, noop).kill(),
    execSync: () => execSync(`"${node}" -e ""`),
    execFile: () => execFile(node, ["-e", ""], noop).kill(),
    execFileSync: () => execFileSync(node, ["-e", ""]),
    fork: () => fork(__filename, [], { execArgv: ["-e", ""] }).kill(),
};

describe("the fast tier's guard", () => {
    it.each(PROCESS_STARTERS)("refuses child_process.%s imported by name", (name) => {
        expect(calls[name]).toThrow(FAST_TIER_REFUSAL);
    });

    it.each(PROCESS_STARTERS)("refuses child_process.%s through the module object and require", (name) => {
        const viaNamespace = childProcess[name] as (file: string) => unknown;
        expect(() => viaNamespace(node)).toThrow(`${FAST_TIER_REFUSAL}: child_process.${name}`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const viaRequire = (require("node:child_process") as Record<string, (file: string) => unknown>)[name]!;
        expect(() => viaRequire(node)).toThrow(`${FAST_TIER_REFUSAL}: child_process.${name}`);
    });

    it("fails the code under test that would start one (oic-dr's program host)", async () => {
        await expect(runBoundedNode(["-e", ""], {}, 5)).rejects.toThrow(FAST_TIER_REFUSAL);
    });

    it("names in the slow tier only test files that exist (a renamed one would leave the list stale)", async () => {
        // By path: tsc refuses an import naming the .mts extension under this repository's options.
        const { SLOW_TEST_FILES } = (await import(path.join(REPO_ROOT, "vitest.config.mts"))) as { SLOW_TEST_FILES: readonly string[] };
        expect(SLOW_TEST_FILES.length).toBeGreaterThan(0);
        expect(SLOW_TEST_FILES.filter((file) => !fs.existsSync(path.join(REPO_ROOT, file)))).toEqual([]);
    });
});
