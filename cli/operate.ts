/**
 * How an operation (failover, status, drill, post-failover) runs under the CLI: its result sets
 * the exit code; an error becomes one line on stderr, with every secret it may carry replaced, and
 * exit 2 (could not do its job).
 */
import type { Command } from "commander";
import { STACK_OUTPUTS_FILE } from "../components/drPairedIntegration/stackOutputs";
import { messageOf } from "../operations/clients/ociClient";
import { OPERATION_EXIT, OperationError } from "../operations/operationError";
import { redact } from "../engine/redact";
import { screenMessage } from "../operations/terminalText";

export { OPERATION_EXIT };

export type OperationName = "failover" | "status" | "drill" | "post-failover" | "readiness";
type ExitCode = (typeof OPERATION_EXIT)[keyof typeof OPERATION_EXIT];

/**
 * What each exit code of each operation means: the one table. `--help` prints it; the README's
 * exit-code tables say the same words (a test holds them equal).
 */
export const OPERATION_EXITS: Record<OperationName, ReadonlyArray<readonly [ExitCode, string]>> = {
    failover: [
        [OPERATION_EXIT.ok, "failed over (the instance reports PRIMARY), or it already was PRIMARY"],
        [
            OPERATION_EXIT.answerIsNo,
            "the work request FAILED or was CANCELED, was still running at --wait, or the instance did not report PRIMARY by then (the work-request id is printed); or the operator answered no",
        ],
        [OPERATION_EXIT.couldNotDoIt, "bad input (an address, a missing or unknown --pair); its region unreachable or the service refusing (401, 404...); no terminal to ask on and no --yes"],
    ],
    status: [
        [OPERATION_EXIT.ok, "at least one side answered (the other may be reported unreachable)"],
        [OPERATION_EXIT.couldNotDoIt, "bad input (an address, a missing or unknown --pair), or no side answered"],
    ],
    drill: [
        [OPERATION_EXIT.ok, "both legs succeeded within the RTO and every check run was ok (or no checks were asked for: the report says NOT RUN)"],
        [
            OPERATION_EXIT.answerIsNo,
            "a leg failed, was still running at --wait or exceeded the RTO; a check was failed or error; the drill was refused (a side not ACTIVE, roles not PRIMARY/SECONDARY); the operator answered no",
        ],
        [
            OPERATION_EXIT.couldNotDoIt,
            "bad input (an address, a missing or unknown --pair, an incomplete OAuth client, no client secret, --client-secret on the command line, a --history file that cannot be appended to); a region unreachable or the service refusing; no terminal to ask on and no --yes",
        ],
    ],
    readiness: [
        [OPERATION_EXIT.ok, "no mandatory check failed (warnings and checks not run are reported)"],
        [OPERATION_EXIT.answerIsNo, "a mandatory check failed: the pair would not survive the loss of a region as it is"],
        [OPERATION_EXIT.couldNotDoIt, "bad input (an address, a missing or unknown --pair, an incomplete OAuth client, no client secret); neither instance of the pair could be read"],
    ],
    "post-failover": [
        [OPERATION_EXIT.ok, "every integration named (or, without --integrations, read as polling from the new primary) was reactivated and every agent group is AVAILABLE"],
        [OPERATION_EXIT.answerIsNo, "an activation was refused or failed, or an agent group is not AVAILABLE (reported per integration and group)"],
        [
            OPERATION_EXIT.couldNotDoIt,
            "bad input (no new primary given, an address without --region, a missing or unknown --pair, an incomplete OAuth client, no secret, --client-secret); the instance is not PRIMARY; OCI or the token endpoint unreachable or refusing; the integrations, an integration or the agent groups could not be read",
        ],
    ],
};

/**
 * What `--help` of a command ends with: an example (its command lines, under what it does) and the
 * exit codes, wrapped to the terminal as commander wraps the rest of the help.
 */
export function withExampleAndExits(
    command: Command,
    example: { when: string; lines: readonly string[] },
    exits: ReadonlyArray<readonly [number, string]>,
): Command {
    return command.addHelpText("after", () => {
        const help = command.createHelp();
        const width = Math.max(40, (command.configureOutput().getOutHelpWidth?.() ?? 80) - 5);
        const hanging = (first: string, text: string) =>
            help
                .boxWrap(text, width)
                .split("\n")
                .map((line, i) => (i === 0 ? first : " ".repeat(first.length)) + line)
                .join("\n");
        return ["", `Example: ${example.when}.`, ...example.lines.map((line) => `  ${line}`), "", "Exit codes:", ...exits.map(([code, when]) => hanging(`  ${code}  `, when))].join("\n");
    });
}

/** An operation's `--help` ending: its example addressed by the stack's drPairs, and its exit codes. */
export function withOperationHelp(command: Command, name: OperationName, example: { args: string; when: string }): Command {
    return withExampleAndExits(
        command,
        {
            when: example.when,
            lines: [`$ pulumi stack output --json > ${STACK_OUTPUTS_FILE}`, `$ oic-dr ${name} ${example.args}`, "(--pair: a key of the stack's drPairs output; optional when it holds one pair)"],
        },
        OPERATION_EXITS[name],
    );
}

export interface OperateIo {
    err(text: string): void;
    setExitCode(code: number): void;
}

/**
 * Runs `run`. It is handed `hide`, to name the secrets it comes to hold (a client secret read from
 * a file): whatever is printed on failure has them replaced. The SDK's retry warnings (console.warn,
 * one per retry, node_modules/oci-common/lib/retrier.js makeServiceCall) are counted instead of
 * printed: they say "[object Object]" and the outcome is reported anyway. What else the SDK prints
 * (console.info, console.log) is dropped: it would land in the report on stdout.
 */
export async function operate(name: string, io: OperateIo, run: (hide: (secret: string) => void) => Promise<number>): Promise<void> {
    const secrets: string[] = [];
    const { warn, info, log } = console;
    let retries = 0;
    console.warn = () => void (retries += 1);
    // Other SDK chatter is dropped: stdout holds the report, which a pipeline may parse as JSON,
    // and the SDK prints notes there (oci-common 2.139.1 lib/config-file-reader.js:82 logs "No
    // DEFAULT profile was specified in the configuration" with console.info whenever the config
    // file has no DEFAULT profile, which is normal with --profile).
    console.info = () => undefined;
    console.log = () => undefined;
    try {
        io.setExitCode(await run((secret) => secrets.push(secret)));
    } catch (err) {
        // Every error an operation means to report is an OperationError (OicRestError, TargetError...).
        const message = err instanceof OperationError ? err.message : `unexpected error: ${messageOf(err)}`;
        io.err(`oic-dr ${name}: ${screenMessage(redact(message, secrets))}\n`);
        io.setExitCode(OPERATION_EXIT.couldNotDoIt);
    } finally {
        Object.assign(console, { warn, info, log });
        if (retries > 0) io.err(`oic-dr ${name}: ${retries} SDK message(s) about failed or retried requests were not shown\n`);
    }
}
