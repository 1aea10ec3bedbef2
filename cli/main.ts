#!/usr/bin/env node
/**
 * The `oic-dr` command: evaluates a Pulumi program offline, with no cloud account (plan, check),
 * and operates a live pair from the surviving region (failover, status, drill, post-failover:
 * ./operationsCommands.ts).
 *
 * Exit codes: 0 success (for check: no mandatory violation remains); 1 check found a mandatory
 * violation (operations: the answer is no); 2 the program, its Pulumi.yaml, its stack config or
 * the policy config cannot be evaluated, or the command line is wrong (operations: could not do
 * their job).
 */
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import type * as checkModule from "../engine/check";
import { renderMermaid } from "./diagram";
import { registerFactsCommand } from "./factsCommand";
import type { OperationsTuning } from "./operationOptions";
import { registerOperationsCommands, type OperationsIo } from "./operationsCommands";
import { packageVersion } from "../engine/ownPackage";
import { buildPlanReport } from "../engine/plan";
import { readDrPairs } from "../operations/addressing";
import { OperationError } from "../operations/operationError";
import { oneOf, seconds } from "./argParsers";
import { readPackSettings } from "../engine/packSettings";
import { ProgramError } from "../engine/project";
import { CHECK_FORMATS, PLAN_FORMATS, renderCheckTable, renderJson, renderMarkdown, renderSarif, renderTable, type CheckFormat, type PlanFormat } from "./render";
import { redact } from "../engine/redact";
import { screenMessage } from "../operations/terminalText";
import { DEFAULT_TIMEOUT_SECONDS, entryPointSurprise, plainTextSecretKeys, runProgram, unreadConfigKeys, type ProgramRun } from "../engine/runProgram";

export const EXIT = { ok: 0, mandatoryViolation: 1, cannotEvaluate: 2 } as const;

interface PlanOptions {
    program: string;
    stack?: string;
    format: PlanFormat;
    timeout: number;
    stackOutputs?: string;
}

interface CheckOptions {
    program: string;
    stack?: string;
    format: CheckFormat;
    policyConfig?: string;
    policyPack?: string;
    timeout: number;
    stackOutputs?: string;
}

/** The option plan and check share: the program runs offline, the roles of its pairs are the stack's to tell. */
const STACK_OUTPUTS_OPTION = [
    "--stack-outputs <file>",
    "`pulumi stack output --json` saved to a file: show each pair's roles as the stack recorded them at its last pulumi up (default: as declared)",
] as const;

/** The stack's pairs from `--stack-outputs`, read before the program runs: a bad file is refused at once (exit 2). */
const recordedPairsOf = (file: string | undefined) => (file === undefined ? undefined : readDrPairs(file));

/**
 * What a reviewer should hear of a run that succeeded: a program that is not the file the user
 * meant (see entryPointSurprise), and config keys it never read (a typo passes the CLI without a word).
 */
function warnReviewer(run: ProgramRun, warn: (text: string) => void): void {
    const surprise = entryPointSurprise(run);
    if (surprise) warn(`oic-dr: warning: ${screenMessage(surprise)}\n`);
    for (const key of unreadConfigKeys(run)) {
        warn(`oic-dr: warning: ${screenMessage(`stack "${run.stackConfig.stack}" sets config key ${key}, which the program never reads (a typo?)`)}\n`);
    }
    for (const key of plainTextSecretKeys(run)) {
        const name = key.slice(key.indexOf(":") + 1);
        warn(`oic-dr: warning: ${screenMessage(`stack "${run.stackConfig.stack}" holds ${name} in plain text: encrypt it with pulumi config set --secret ${name} (and remove the plain value from the stack file)`)}\n`);
    }
}

/** `file` relative to `dir` with `/` separators, as SARIF and code scanning want it; undefined when it is not inside `dir`. */
function fileBelow(dir: string, file: string): string | undefined {
    const relative = path.relative(dir, file);
    return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? undefined : relative.split(path.sep).join("/");
}

/** Where the command writes, where its exit code goes and how it asks (default: this process's). */
export interface CliOptions extends Pick<OperationsIo, "confirm" | "env" | "tuning" | "progress"> {
    out?: (text: string) => void;
    err?: (text: string) => void;
    setExitCode?: (code: number) => void;
}

export function buildCli(options: CliOptions = {}): Command {
    const write = options.out ?? ((t: string) => process.stdout.write(t));
    const warn = options.err ?? ((t: string) => process.stderr.write(t));
    const setExitCode = options.setExitCode ?? (() => undefined);
    const cli = new Command("oic-dr")
        .description(
            "Evaluate a Pulumi program for Oracle Integration DR offline, with no cloud account; fail over, inspect and drill a live pair from the surviving region.",
        )
        .version(packageVersion(), "--version", "print the version of oic-dr")
        .exitOverride()
        // A usage error is one screen: what is wrong and where the usage is, not the whole help.
        .showHelpAfterError("(add --help for the usage, an example and the exit codes)");

    cli.command("plan")
        .description(
            "Run the program under mocks and list every resource it declares, grouped by region, with the DR instances' key inputs and the stack's outputs (json: every input; mermaid: a drawing).",
        )
        .option("--program <dir>", "directory of the Pulumi project (holds Pulumi.yaml)", ".")
        .option("--stack <name>", "stack whose Pulumi.<name>.yaml config to use (default: the only one)")
        .option("--format <format>", `output format: ${PLAN_FORMATS.join(", ")}`, oneOf(PLAN_FORMATS), "table")
        .option("--timeout <seconds>", "stop a program that has not finished after this long (exit 2)", seconds, DEFAULT_TIMEOUT_SECONDS)
        .option(...STACK_OUTPUTS_OPTION)
        .action(async (options: PlanOptions) => {
            const recordedPairs = recordedPairsOf(options.stackOutputs);
            const run = await runProgram({ programDir: options.program, stack: options.stack, timeoutSeconds: options.timeout });
            warnReviewer(run, warn);
            const report = buildPlanReport(run, [], recordedPairs);
            write(options.format === "json" ? renderJson(report) : options.format === "mermaid" ? renderMermaid(report, run.resources) : renderTable(report));
        });

    cli.command("check")
        .description("Run the program under mocks and evaluate the oic-dr policy pack against what it declares.")
        .option("--program <dir>", "directory of the Pulumi project (holds Pulumi.yaml)", ".")
        .option("--stack <name>", "stack whose Pulumi.<name>.yaml config to use (default: the only one)")
        .option("--format <format>", `output format: ${CHECK_FORMATS.join(", ")}`, oneOf(CHECK_FORMATS), "table")
        .option("--policy-pack <dir>", "judge with the settings of your own pack: the directory whose entry constructs OicDrPolicies, as for pulumi preview --policy-pack")
        .option("--policy-config <file>", "policy config in the format of pulumi preview --policy-pack-config, merged over the pack's settings as the engine merges it")
        .option("--timeout <seconds>", "stop a program that has not finished after this long (exit 2)", seconds, DEFAULT_TIMEOUT_SECONDS)
        .option(...STACK_OUTPUTS_OPTION)
        .addHelpText(
            "after",
            [
                "",
                "Policy settings have one shape, pulumi's: policy names (or all) mapped to a",
                "level, or to the policy's settings with an optional enforcementLevel:",
                '  { "all": "mandatory",',
                '    "oic-dr-no-network-acl": { "waivers": [{ "resources": ["legacy-oic"], "reason": "OPS-42" }] } }',
                "--policy-pack reads the settings your pack gives OicDrPolicies (it is not served);",
                "--policy-config's file is merged over them as pulumi preview --policy-pack DIR",
                "--policy-pack-config FILE merges it: its all overrides the pack's levels.",
                "",
                "Example:",
                "  oic-dr check --program . --stack prod --policy-pack ./dr-guard --format markdown",
                "",
                "Exit codes: 0 no mandatory violation remains; 1 one does; 2 the program, its",
                "config, the pack or the policy config cannot be evaluated.",
            ].join("\n"),
        )
        .action(async (options: CheckOptions) => {
            const recordedPairs = recordedPairsOf(options.stackOutputs);
            // The program runs in its own process: the policy pack loads meanwhile.
            const running = runProgram({ programDir: options.program, stack: options.stack, timeoutSeconds: options.timeout });
            // Handled where it is awaited; a bad policy config is reported first, and the program stopped.
            running.catch(() => undefined);
            // The user's pack is read in a process of its own, meanwhile too.
            const packSettings = options.policyPack === undefined ? undefined : readPackSettings(options.policyPack, options.timeout);
            packSettings?.catch(() => undefined);
            // Loaded here: the policy pack and @pulumi/policy's analyzer are start-up cost `plan` does not need.
            const { checkProgram, loadCheckConfig, sarifTool } = require("../engine/check") as typeof checkModule;
            const settings = loadCheckConfig(options.policyConfig, await packSettings);
            const run = await running;
            warnReviewer(run, warn);
            const report = await checkProgram(run, settings, recordedPairs);
            const sarif = (r: typeof report) => renderSarif(r, sarifTool(settings), fileBelow(process.cwd(), run.entryPoint));
            const render = { json: renderJson, markdown: renderMarkdown, table: renderCheckTable, sarif }[options.format];
            write(render(report));
            setExitCode(report.summary.mandatory > 0 ? EXIT.mandatoryViolation : EXIT.ok);
        });

    registerOperationsCommands(cli, {
        out: write,
        err: warn,
        setExitCode,
        confirm: options.confirm,
        env: options.env,
        tuning: options.tuning,
        progress: options.progress ?? (options.err ? undefined : process.stderr),
    });
    registerFactsCommand(cli, { out: write });
    return cli;
}

/**
 * Runs the command line and returns the exit code; never throws. `internal` holds what no flag
 * reaches: the operations' tuning, which tests shrink in process.
 */
export async function main(
    argv: readonly string[],
    io: { out: (t: string) => void; err: (t: string) => void } & Pick<OperationsIo, "confirm" | "env" | "progress"> = {
        out: (t: string) => process.stdout.write(t),
        err: (t: string) => process.stderr.write(t),
        progress: process.stderr,
    },
    internal: { tuning?: OperationsTuning } = {},
): Promise<number> {
    let exitCode: number = EXIT.ok;
    const cli = buildCli({
        out: io.out,
        err: io.err,
        setExitCode: (code) => (exitCode = code),
        confirm: io.confirm,
        env: io.env,
        tuning: internal.tuning,
        progress: io.progress,
    });
    const output = { writeOut: io.out, writeErr: io.err, outputError: (text: string, write: (t: string) => void) => write(screenMessage(redact(withoutOptionValues(text)))) };
    cli.configureOutput(output);
    for (const sub of cli.commands) sub.exitOverride().configureOutput(output);
    try {
        await cli.parseAsync([...argv], { from: "user" });
        return exitCode;
    } catch (err) {
        if (err instanceof CommanderError) {
            // Help and version are successes; any other usage error cannot be evaluated.
            return err.exitCode === 0 ? EXIT.ok : EXIT.cannotEvaluate;
        }
        if (err instanceof OperationError) {
            // A --stack-outputs file that cannot be used, refused as status refuses it.
            io.err(`oic-dr: ${screenMessage(redact(err.message))}\n`);
            return EXIT.cannotEvaluate;
        }
        io.err(cannotEvaluate(err));
        return EXIT.cannotEvaluate;
    }
}

/**
 * Commander's usage errors quote an unknown option as typed, value included
 * (`unknown option '--client-secrt=...'`): a mistyped secret option would be printed. The value is
 * cut from every quoted `--option=value`.
 */
export function withoutOptionValues(text: string): string {
    return text.replace(/'(--?[\w-]+)=[^']*'/g, "'$1=...'");
}

/**
 * One screen, no stack trace, no URL credentials, nothing a terminal would act on (a value quoted
 * with an escape sequence in it, operations/terminalText.ts): why the program could not be evaluated.
 */
function cannotEvaluate(err: unknown): string {
    // Secret values were already redacted where they are known (runProgram); credentials in URLs are caught here.
    const message = err instanceof ProgramError ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    return `oic-dr: cannot evaluate the program\n${screenMessage(redact(message))}\n`;
}

if (require.main === module) {
    // A reader that stops early (`oic-dr check | head -1`) closes our stdout: that is its right, not
    // a failure of ours. Nothing more is written, and the exit code stays the verdict's.
    process.stdout.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code !== "EPIPE") throw err;
    });
    process.stderr.on("error", () => undefined);
    // Anything else escaping is a failure to evaluate: exit 2, one screen, never 1 (a verdict).
    const fatal = (err: unknown) => {
        try {
            process.stderr.write(cannotEvaluate(err));
        } finally {
            process.exit(EXIT.cannotEvaluate);
        }
    };
    process.on("uncaughtException", fatal);
    process.on("unhandledRejection", fatal);
    void main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    });
}
