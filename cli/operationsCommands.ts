/**
 * The operations of `oic-dr` against a live pair (`failover`, `status`, `drill`), registered on the
 * command by main.ts. Unlike plan/check they call OCI: with the official `oci-integration` client,
 * each instance in its own region, so the surviving region alone is enough.
 *
 * Exit codes (docs/operations.md): 0 done; 1 did its job and the answer is no (failover failed or
 * still running at --wait, drill failed or refused, operator declined); 2 could not do its job
 * (bad input, unreachable or refusing service, no terminal to ask on and no --yes).
 */
import { createInterface } from "node:readline/promises";
import { InvalidArgumentError, Option, type Command } from "commander";
import { checkAddress, resolveInstance, type Address } from "../operations/addressing";
import { drillExitCode, runDrill, type PostFailoverChecks } from "../operations/drill";
import { FAILOVER_DEFAULTS, failoverExitCode, runFailover } from "../operations/failover";
import { AUTH_METHODS, CLIENT_DEFAULTS, messageOf, regionClient, type AuthMethod, type ClientSettings, type RegionClient } from "../operations/ociClient";
import { OperationError } from "../operations/operationError";
import {
    DRILL_FORMATS,
    FAILOVER_FORMATS,
    STATUS_FORMATS,
    renderDrillMarkdown,
    renderFailoverTable,
    renderJson,
    renderStatusTable,
} from "../operations/render";
import { runStatus, statusExitCode } from "../operations/status";
import { redact } from "./redact";

export const OPERATION_EXIT = { ok: 0, answerIsNo: 1, couldNotDoIt: 2 } as const;

/** How the operations talk to the operator; tests replace it. */
export interface OperationsIo {
    out(text: string): void;
    err(text: string): void;
    setExitCode(code: number): void;
    /**
     * Asks a yes/no question; undefined when there is no terminal to ask on. Default: the terminal
     * on stdin/stderr when stdin is a TTY.
     */
    confirm?: ((question: string) => Promise<boolean>) | undefined;
    /** The checks the drill runs on each new primary (connected by the post-failover work). */
    postFailoverChecks?: PostFailoverChecks;
}

interface CommonOptions extends Address {
    region: string;
    configFile?: string;
    profile?: string;
    auth: AuthMethod;
    endpoint?: string;
    timeout: number;
    maxAttempts: number;
    retryBaseDelay: number;
}

interface FailoverOptions extends CommonOptions {
    wait: number;
    pollInterval: number;
    format: (typeof FAILOVER_FORMATS)[number];
    yes?: boolean;
}

interface StatusOptions extends CommonOptions {
    peerEndpoint?: string;
    format: (typeof STATUS_FORMATS)[number];
}

interface DrillOptions extends CommonOptions {
    peerEndpoint?: string;
    wait: number;
    pollInterval: number;
    format: (typeof DRILL_FORMATS)[number];
    yes?: boolean;
}

function positive(value: string): number {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError(`"${value}" is not a number greater than 0.`);
    return n;
}

function nonNegative(value: string): number {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a number of 0 or more.`);
    return n;
}

function whole(value: string): number {
    if (!/^[1-9]\d*$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number of 1 or more.`);
    return Number(value);
}

/** The addressing, auth and transport options every operation takes. */
function withCommonOptions(command: Command): Command {
    return command
        .requiredOption("--region <region>", "region of the instance to act on (its own region), e.g. us-phoenix-1")
        .option("--instance <ocid>", "OCID of the instance in --region")
        .option("--compartment <ocid>", "compartment to find the instance in by --display-name (in --region)")
        .option("--display-name <name>", "display name of the instance (with --compartment)")
        .option("--stack-outputs <file>", "`pulumi stack output --json` of a DrPairedIntegration stack, saved to a file")
        .option("--config-file <path>", "OCI config file (api_key auth; default $OCI_CONFIG_FILE, then ~/.oci/config)")
        .option("--profile <name>", "profile in the OCI config file (default DEFAULT)")
        .addOption(new Option("--auth <method>", "how to authenticate").choices(AUTH_METHODS).default(CLIENT_DEFAULTS.auth))
        .option("--endpoint <url>", "Integration API endpoint for --region, instead of the region's own (as the OCI CLI's --endpoint)")
        .option("--timeout <seconds>", "a region that has not answered one request after this long is unreachable", positive, CLIENT_DEFAULTS.timeoutSeconds)
        // Internal knobs: the retry policy's bound and backoff, small in tests.
        .addOption(new Option("--max-attempts <n>").argParser(whole).default(CLIENT_DEFAULTS.maxAttempts).hideHelp())
        .addOption(new Option("--retry-base-delay <seconds>").argParser(nonNegative).default(CLIENT_DEFAULTS.retryBaseDelaySeconds).hideHelp());
}

function withWaitOptions(command: Command): Command {
    return command
        .option("--wait <seconds>", "how long to follow each failover's work request", positive, FAILOVER_DEFAULTS.waitSeconds)
        .addOption(new Option("--poll-interval <seconds>").argParser(nonNegative).default(FAILOVER_DEFAULTS.pollIntervalSeconds).hideHelp())
        .option("--yes", "do not ask before failing over");
}

function settingsOf(o: CommonOptions): ClientSettings {
    return {
        auth: o.auth,
        configFile: o.configFile,
        profile: o.profile,
        timeoutSeconds: o.timeout,
        maxAttempts: o.maxAttempts,
        retryBaseDelaySeconds: o.retryBaseDelay,
    };
}

/** Clients by region: --endpoint for --region, --peer-endpoint for the other one. */
function clientsFor(o: CommonOptions & { peerEndpoint?: string }): (region: string) => Promise<RegionClient> {
    const settings = settingsOf(o);
    const clients = new Map<string, Promise<RegionClient>>();
    return (region) => {
        let rc = clients.get(region);
        if (!rc) {
            rc = regionClient(settings, region, region === o.region ? o.endpoint : o.peerEndpoint);
            clients.set(region, rc);
        }
        return rc;
    };
}

/** Asks on the terminal; without one, and without --yes, the command cannot do its job. */
function confirmer(io: OperationsIo, yes: boolean | undefined): (question: string) => Promise<boolean> {
    if (yes) return async () => true;
    return async (question) => {
        const ask = io.confirm ?? (process.stdin.isTTY ? terminalConfirm : undefined);
        if (!ask) throw new OperationError("no terminal to ask for confirmation on: run it in a terminal, or pass --yes");
        return ask(question);
    };
}

async function terminalConfirm(question: string): Promise<boolean> {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
        rl.close();
    }
}

/**
 * Runs an operation: its result sets the exit code; an OperationError (or anything unexpected)
 * becomes one line on stderr and exit 2. The SDK's retry warnings (console.warn, one per retry,
 * node_modules/oci-common/lib/retrier.js makeServiceCall) are counted instead of printed: they say
 * "[object Object]" and the outcome is reported anyway.
 */
async function operate(name: string, io: OperationsIo, run: () => Promise<number>): Promise<void> {
    const warn = console.warn;
    let retries = 0;
    console.warn = () => void (retries += 1);
    try {
        io.setExitCode(await run());
    } catch (err) {
        const message = err instanceof OperationError ? err.message : `unexpected error: ${messageOf(err)}`;
        io.err(`oic-dr ${name}: ${redact(message)}\n`);
        io.setExitCode(OPERATION_EXIT.couldNotDoIt);
    } finally {
        console.warn = warn;
        if (retries > 0) io.err(`oic-dr ${name}: ${retries} SDK message(s) about retried requests were not shown\n`);
    }
}

export function registerOperationsCommands(cli: Command, io: OperationsIo): void {
    withWaitOptions(
        withCommonOptions(
            cli
                .command("failover")
                .description(
                    "Make the standby in --region PRIMARY, calling DisasterRecoveryFailover in that region only (the way when the primary's region is down).",
                ),
        ),
    )
        .addOption(new Option("--format <format>", "output format").choices(FAILOVER_FORMATS).default("table"))
        .action((o: FailoverOptions) =>
            operate("failover", io, async () => {
                checkAddress(o);
                const rc = await clientsFor(o)(o.region);
                const target = await resolveInstance(o, rc);
                const report = await runFailover({
                    rc,
                    instanceId: target.id,
                    waitSeconds: o.wait,
                    pollIntervalSeconds: o.pollInterval,
                    confirm: confirmer(io, o.yes),
                });
                io.out(o.format === "json" ? renderJson(report) : renderFailoverTable(report));
                return failoverExitCode(report);
            }),
        );

    withCommonOptions(cli.command("status").description("Both instances of the pair, each read in its own region: role, state, URLs, last role change."))
        .option("--peer-endpoint <url>", "Integration API endpoint for the other region of the pair")
        .addOption(new Option("--format <format>", "output format").choices(STATUS_FORMATS).default("table"))
        .action((o: StatusOptions) =>
            operate("status", io, async () => {
                checkAddress(o);
                const clientFor = clientsFor(o);
                const target = await resolveInstance(o, await clientFor(o.region));
                const report = await runStatus(target, clientFor);
                io.out(o.format === "json" ? renderJson(report) : renderStatusTable(report));
                return statusExitCode(report);
            }),
        );

    withWaitOptions(
        withCommonOptions(
            cli
                .command("drill")
                .description("A planned switchover to the standby and back (both regions up, both instances ACTIVE), each leg timed against the one-hour RTO."),
        ),
    )
        .option("--peer-endpoint <url>", "Integration API endpoint for the other region of the pair")
        .addOption(new Option("--format <format>", "report format").choices(DRILL_FORMATS).default("markdown"))
        .action((o: DrillOptions) =>
            operate("drill", io, async () => {
                checkAddress(o);
                const clientFor = clientsFor(o);
                const target = await resolveInstance(o, await clientFor(o.region));
                const report = await runDrill({
                    given: target,
                    clientFor,
                    waitSeconds: o.wait,
                    pollIntervalSeconds: o.pollInterval,
                    confirm: confirmer(io, o.yes),
                    postFailoverChecks: io.postFailoverChecks,
                });
                io.out(o.format === "json" ? renderJson(report) : renderDrillMarkdown(report));
                return drillExitCode(report);
            }),
        );
}
