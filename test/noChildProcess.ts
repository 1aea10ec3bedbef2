/**
 * Setup file of the fast tier (vitest.config.mts, project "fast"): `npm run test:fast` is the inner
 * loop, in process, and starting a process (the CLI, a program host, a policy pack, tsc, git, npm)
 * is what made the whole suite take minutes. Every way `node:child_process` starts one throws here,
 * so a fast test that starts a process fails, naming the call: it belongs in the slow tier (the
 * SLOW_TEST_FILES of vitest.config.mts). test/noChildProcess.test.ts proves the guard holds.
 */
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";

const PROCESS_STARTERS = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const;

const FAST_TIER_REFUSAL = "the fast tier starts no process";

for (const name of PROCESS_STARTERS) {
    (childProcess as unknown as Record<string, unknown>)[name] = (file: unknown) => {
        throw new Error(
            `${FAST_TIER_REFUSAL}: child_process.${name}(${JSON.stringify(String(file))}) was called; ` +
                "a test that starts a process belongs in the slow tier (SLOW_TEST_FILES in vitest.config.mts)",
        );
    };
}
// `import { spawn } from "node:child_process"` reads the ES module's own bindings: update them too.
syncBuiltinESMExports();
