/**
 * How an operation (failover, status, drill, post-failover) runs under the CLI: its result sets
 * the exit code; an error becomes one line on stderr, with every secret it may carry replaced, and
 * exit 2 (could not do its job).
 */
import { messageOf } from "../operations/ociClient";
import { OPERATION_EXIT, OperationError } from "../operations/operationError";
import { redact } from "./redact";

export { OPERATION_EXIT };

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
        io.err(`oic-dr ${name}: ${redact(message, secrets)}\n`);
        io.setExitCode(OPERATION_EXIT.couldNotDoIt);
    } finally {
        Object.assign(console, { warn, info, log });
        if (retries > 0) io.err(`oic-dr ${name}: ${retries} SDK message(s) about retried requests were not shown\n`);
    }
}
