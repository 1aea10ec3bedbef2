#!/usr/bin/env node
/**
 * The `oic-dr` command: evaluates a Pulumi program offline, with no cloud account.
 *
 * Exit codes: 0 success (for check: no mandatory violation remains); 1 check found a mandatory
 * violation; 2 the program, its Pulumi.yaml, its stack config or the policy config cannot be
 * evaluated (or the command line is wrong).
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import type * as checkModule from "./check";
import { renderMermaid } from "./diagram";
import { buildPlanReport } from "./plan";
import { ProgramError } from "./project";
import { CHECK_FORMATS, PLAN_FORMATS, renderCheckTable, renderJson, renderMarkdown, renderTable, type CheckFormat, type PlanFormat } from "./render";
import { runProgram } from "./runProgram";

export const EXIT = { ok: 0, mandatoryViolation: 1, cannotEvaluate: 2 } as const;

function oneOf<T extends string>(allowed: readonly T[]) {
    return (value: string): T => {
        if (!(allowed as readonly string[]).includes(value)) {
            throw new InvalidArgumentError(`"${value}" is not one of ${allowed.join(", ")}.`);
        }
        return value as T;
    };
}

interface PlanOptions {
    program: string;
    stack?: string;
    format: PlanFormat;
}

interface CheckOptions {
    program: string;
    stack?: string;
    format: CheckFormat;
    policyConfig?: string;
}

export function buildCli(write: (text: string) => void = (t) => process.stdout.write(t), setExitCode: (code: number) => void = () => undefined): Command {
    const cli = new Command("oic-dr")
        .description("Evaluate a Pulumi program for Oracle Integration DR offline, with no cloud account.")
        .exitOverride()
        .showHelpAfterError();

    cli.command("plan")
        .description("Run the program under mocks and list every resource it declares, grouped by region (or draw them: mermaid).")
        .option("--program <dir>", "directory of the Pulumi project (holds Pulumi.yaml)", ".")
        .option("--stack <name>", "stack whose Pulumi.<name>.yaml config to use (default: the only one)")
        .option("--format <format>", `output format: ${PLAN_FORMATS.join(", ")}`, oneOf(PLAN_FORMATS), "table")
        .action(async (options: PlanOptions) => {
            const run = await runProgram({ programDir: options.program, stack: options.stack });
            const report = buildPlanReport(run);
            write(options.format === "json" ? renderJson(report) : options.format === "mermaid" ? renderMermaid(report, run.resources) : renderTable(report));
        });

    cli.command("check")
        .description("Run the program under mocks and evaluate the oic-dr policy pack against what it declares.")
        .option("--program <dir>", "directory of the Pulumi project (holds Pulumi.yaml)", ".")
        .option("--stack <name>", "stack whose Pulumi.<name>.yaml config to use (default: the only one)")
        .option("--format <format>", `output format: ${CHECK_FORMATS.join(", ")}`, oneOf(CHECK_FORMATS), "table")
        .option("--policy-config <file>", "policy config, as for pulumi preview --policy-pack-config")
        .action(async (options: CheckOptions) => {
            // Loaded here: the policy pack and @pulumi/policy's analyzer are start-up cost `plan` does not need.
            const { checkProgram, loadCheckConfig } = require("./check") as typeof checkModule;
            const settings = loadCheckConfig(options.policyConfig);
            const run = await runProgram({ programDir: options.program, stack: options.stack });
            const report = await checkProgram(run, settings);
            const render = { json: renderJson, markdown: renderMarkdown, table: renderCheckTable }[options.format];
            write(render(report));
            setExitCode(report.summary.mandatory > 0 ? EXIT.mandatoryViolation : EXIT.ok);
        });
    return cli;
}

/** Runs the command line and returns the exit code; never throws. */
export async function main(argv: readonly string[], io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) }): Promise<number> {
    let exitCode: number = EXIT.ok;
    const cli = buildCli(io.out, (code) => (exitCode = code));
    cli.configureOutput({ writeOut: io.out, writeErr: io.err });
    for (const sub of cli.commands) sub.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    try {
        await cli.parseAsync([...argv], { from: "user" });
        return exitCode;
    } catch (err) {
        if (err instanceof CommanderError) {
            // Help and version are successes; any other usage error cannot be evaluated.
            return err.exitCode === 0 ? EXIT.ok : EXIT.cannotEvaluate;
        }
        const message = err instanceof ProgramError ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
        io.err(`oic-dr: cannot evaluate the program\n${message}\n`);
        return EXIT.cannotEvaluate;
    }
}

if (require.main === module) {
    void main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
