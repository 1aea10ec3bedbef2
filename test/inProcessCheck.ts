/**
 * `oic-dr check` in this process, for the fast tier: the program and stack config the CLI would
 * load (cli/project.ts, cli/entryPoint.ts), run under the offline engine of `oic-dr/testing`
 * instead of the CLI's program host (a child process), then judged by the CLI's own analyzer path
 * (cli/check.ts checkProgram: the policy pack through @pulumi/policy's analyzer, the settings
 * merged and waivers applied) and rendered by its JSON renderer. What only the child process does
 * (time limits, a program's console on stderr, its late failures, the wire form of its inputs)
 * stays with the real CLI runs of test/cli.check.test.ts.
 */
import * as path from "node:path";
import { vi } from "vitest";
import { checkProgram, loadCheckConfig } from "../engine/check";
import { resolveProgram } from "../engine/entryPoint";
import type { PlannedResource, Violation } from "../engine/plan";
import { recordConfigReads } from "../engine/programHost";
import { chooseStack, loadProject, loadStackConfig } from "../engine/project";
import { renderJson } from "../cli/render";
import { entryPointSurprise, unreadConfigKeys, type ProgramRun } from "../engine/runProgram";
import { startOfflineEngine } from "../testing/index";

export interface CheckReport {
    readonly program: string;
    readonly stack: string;
    readonly resources: readonly PlannedResource[];
    readonly violations: readonly Violation[];
    readonly summary: { readonly resources: number; readonly mandatory: number; readonly advisory: number };
}

/** The program of `programDir` run for `stack` (the only one when unnamed), as `oic-dr check --program --stack` runs it. */
export async function runInProcess(programDir: string, stack?: string): Promise<ProgramRun> {
    const project = loadProject(programDir);
    const chosen = chooseStack(project, stack);
    const stackConfig = loadStackConfig(project, chosen);
    const { file: entryPoint } = resolveProgram(project.main);
    const engine = await startOfflineEngine({
        project: project.name,
        stack: chosen,
        config: stackConfig.values,
        secretKeys: stackConfig.secretKeys,
        resolveFrom: path.dirname(entryPoint),
    });
    // Recorded as the program host records them, for the warnings about keys nothing reads.
    const configKeysRead = recordConfigReads(require.resolve("@pulumi/pulumi", { paths: [path.dirname(entryPoint)] }));
    // A program reads its stack's config as it loads: each run loads it afresh.
    vi.resetModules();
    await engine.runProgram(async () => {
        const exported = (await import(entryPoint)) as { default?: unknown };
        // As the language host (and the CLI's program host): an exported function is the program.
        return typeof exported.default === "function" ? await (exported.default as () => unknown)() : exported;
    });
    return {
        project,
        stackConfig,
        resources: engine.resources,
        stackOutputs: engine.stackOutputs ?? {},
        configKeysRead: configKeysRead(),
        entryPoint,
    };
}

/**
 * The report `oic-dr check --format json` prints for the program, with `--policy-config` when
 * `policyConfigFile` is given; the exit code the CLI gives it (cli/main.ts: 1 when a mandatory
 * violation remains, else 0); and the warnings it would print for a reviewer (an entry point that
 * is not the program meant, config keys nothing reads), with whatever the run and the analyzer
 * printed through the console or on stderr meanwhile.
 */
export async function checkInProcess(
    programDir: string,
    stack?: string,
    policyConfigFile?: string,
): Promise<{ code: 0 | 1; report: CheckReport; warnings: string[] }> {
    const settings = loadCheckConfig(policyConfigFile);
    const printed: string[] = [];
    const record = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
    const spies = [
        ...(["log", "info", "warn", "error", "debug"] as const).map((method) => vi.spyOn(console, method).mockImplementation(record)),
        vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (record(chunk), true)),
    ];
    try {
        const run = await runInProcess(programDir, stack);
        const report = JSON.parse(renderJson(await checkProgram(run, settings))) as CheckReport;
        const surprise = entryPointSurprise(run);
        const warnings = [...(surprise ? [surprise] : []), ...unreadConfigKeys(run).map((key) => `unread config key ${key}`), ...printed];
        return { code: report.summary.mandatory > 0 ? 1 : 0, report, warnings };
    } finally {
        spies.forEach((spy) => spy.mockRestore());
    }
}
