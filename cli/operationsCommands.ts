/**
 * The operations of `oic-dr` against a live pair (`failover`, `status`, `drill`, and
 * `post-failover` from ./postFailoverCommand.ts), registered on the command by main.ts. Unlike plan/check they call OCI: with the official `oci-integration` client,
 * each instance in its own region, so the surviving region alone is enough.
 *
 * Exit codes: 0 done; 1 did its job and the answer is no; 2 could not do its job. What each means
 * for each command is one table, OPERATION_EXITS in ./operate.ts, which `--help` prints.
 * Shared option declarations: ./operationOptions.ts.
 */
import { createInterface } from "node:readline/promises";
import { Option, type Command } from "commander";
import { checkAddress, resolveInstance } from "../operations/addressing";
import { drillExitCode, runDrill, type PostFailoverChecks } from "../operations/drill";
import { appendDrillHistory, checkDrillHistoryWritable, historyEntry } from "../operations/drillHistory";
import { registerDrillReport } from "./drillReportCommand";
import { FAILOVER_DEFAULTS, failoverExitCode, runFailover } from "../operations/failover";
import { messageOf } from "../operations/clients/ociClient";
import { OperationError } from "../operations/operationError";
import { postFailoverChecks } from "../operations/postFailover";
import { postFailoverTarget } from "../operations/postFailoverTarget";
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
import { nonEmpty, positive } from "./argParsers";
import { operate, withOperationHelp } from "./operate";
import {
    clientsFor,
    credentialsOf,
    oauthGiven,
    tuned,
    withConnectionOptions,
    withOAuthOptions,
    type ConnectionOptions,
    type OAuthOptions,
    type OperationsTuning,
} from "./operationOptions";
import { registerPostFailover } from "./postFailoverCommand";
import { registerReadiness } from "./readinessCommand";
import { progressRenderer, SILENT, type ProgressRenderer, type ProgressStream } from "./waitProgress";
import { redact } from "../engine/redact";

export { OPERATION_EXIT } from "./operate";

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
    /** Where a client secret named by --client-secret-env is looked up (default: process.env). */
    env?: NodeJS.ProcessEnv;
    /** Smaller bounds, for tests in process (default: the real ones); no flag sets them. */
    tuning?: OperationsTuning;
    /**
     * Where `failover` and `drill` show what they wait for (./waitProgress.ts): main passes
     * process.stderr; default: `err`, as a log (not a terminal).
     */
    progress?: ProgressStream;
}

interface CommonOptions extends ConnectionOptions {
    region: string;
}

interface FailoverOptions extends CommonOptions {
    wait: number;
    format: (typeof FAILOVER_FORMATS)[number];
    yes?: boolean;
    quiet?: boolean;
}

interface StatusOptions extends CommonOptions {
    peerEndpoint?: string;
    format: (typeof STATUS_FORMATS)[number];
}

interface DrillOptions extends CommonOptions, OAuthOptions {
    peerEndpoint?: string;
    peerScope?: string;
    wait: number;
    format: (typeof DRILL_FORMATS)[number];
    yes?: boolean;
    quiet?: boolean;
    history?: string;
}

function withWaitOptions(command: Command): Command {
    return command
        .option("--wait <seconds>", "how long to follow each failover's work request", positive, FAILOVER_DEFAULTS.waitSeconds)
        .option("--yes", "do not ask before failing over")
        .option("--quiet", "do not show on stderr what is awaited (work request, percentage, time against the RTO)");
}

/** The progress of a command's waits, on io.progress (else stderr as a log), or none with --quiet. */
function progressOf(command: string, io: OperationsIo, quiet: boolean | undefined): ProgressRenderer {
    return quiet ? SILENT : progressRenderer(command, io.progress ?? { write: io.err });
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
 * The drill's post-failover checks, those of `oic-dr post-failover`, when it is given an OAuth
 * client: on each leg, against that leg's new primary (its design-time URL and integrationInstance
 * name from GetIntegrationInstance, read after the failover). The secret is read here, before
 * anything is failed over, so a missing one stops the drill before it starts.
 */
function drillChecks(o: DrillOptions, env: NodeJS.ProcessEnv, retryBaseDelaySeconds: number, hide: (secret: string) => void): PostFailoverChecks | undefined {
    if (!oauthGiven(o) && o.clientSecret === undefined && o.peerScope === undefined && o.integrations === undefined) return undefined;
    const own = credentialsOf(o, o.scope, env, o.timeout);
    hide(own.clientSecret);
    // The scope names the instance (its audience), so the peer's may differ (--peer-scope).
    const peer = { ...own, scope: o.peerScope ?? own.scope };
    return async (newPrimary) => {
        const target = postFailoverTarget({ instanceDesignTimeUrl: newPrimary.designTimeUrl, displayName: newPrimary.displayName }, {});
        try {
            return await postFailoverChecks({
                designUrl: target.designUrl,
                integrationInstance: target.integrationInstance,
                credentials: newPrimary.region === o.region ? own : peer,
                // As post-failover: the integrations named, else those the new primary shows polling.
                integrations: o.integrations,
                retryDelayMs: retryBaseDelaySeconds * 1000,
            });
        } catch (err) {
            // The drill report quotes it: no secret in it.
            throw new Error(redact(messageOf(err), [own.clientSecret]));
        }
    };
}

export function registerOperationsCommands(cli: Command, io: OperationsIo): void {
    const tuning = tuned(io.tuning);
    withWaitOptions(
        withConnectionOptions(
            withOperationHelp(
                cli
                    .command("failover")
                    .description(
                        "Make the standby in --region PRIMARY, calling DisasterRecoveryFailover in that region only (the way when the primary's region is down).",
                    ),
                "failover",
                { args: "--region eu-amsterdam-1 --stack-outputs outputs.json --pair orders", when: "eu-frankfurt-1 is lost: fail over in eu-amsterdam-1" },
            ),
        ),
    )
        .addOption(new Option("--format <format>", "output format").choices(FAILOVER_FORMATS).default("table"))
        .action((o: FailoverOptions) =>
            operate("failover", io, async () => {
                checkAddress(o);
                const rc = await clientsFor(o, tuning)(o.region);
                const target = await resolveInstance(o, rc);
                const progress = progressOf("failover", io, o.quiet);
                const report = await runFailover({
                    rc,
                    instanceId: target.id,
                    waitSeconds: o.wait,
                    pollIntervalSeconds: tuning.pollIntervalSeconds,
                    confirm: confirmer(io, o.yes),
                    onProgress: progress.onProgress,
                }).finally(progress.end);
                io.out(o.format === "json" ? renderJson(report) : renderFailoverTable(report));
                return failoverExitCode(report);
            }),
        );

    withConnectionOptions(
        withOperationHelp(cli.command("status").description("Both instances of the pair, each read in its own region: role, state, URLs, last role change."), "status", {
            args: "--region eu-amsterdam-1 --stack-outputs outputs.json --pair orders",
            when: "both instances of the pair, read from eu-amsterdam-1 and each in its own region",
        }),
    )
        .option("--peer-endpoint <url>", "Integration API endpoint for the other region of the pair")
        .addOption(new Option("--format <format>", "output format").choices(STATUS_FORMATS).default("table"))
        .action((o: StatusOptions) =>
            operate("status", io, async () => {
                checkAddress(o);
                const clientFor = clientsFor(o, tuning);
                const target = await resolveInstance(o, await clientFor(o.region));
                const report = await runStatus(target, clientFor);
                io.out(o.format === "json" ? renderJson(report) : renderStatusTable(report));
                return statusExitCode(report);
            }),
        );

    withOAuthOptions(
        withWaitOptions(
            withConnectionOptions(
                withOperationHelp(
                    cli
                        .command("drill")
                        .description(
                            "A planned switchover to the standby and back (both regions up, both instances ACTIVE), each leg timed against the one-hour RTO; with an OAuth client (--token-url, --scope, --client-id), the post-failover checks on each new primary.",
                        ),
                    "drill",
                    { args: "--region eu-frankfurt-1 --stack-outputs outputs.json --pair orders", when: "switch over to eu-amsterdam-1 and back while both regions are up" },
                ),
            ),
        ),
    )
        .option("--peer-endpoint <url>", "Integration API endpoint for the other region of the pair")
        .option("--peer-scope <scope>", "scope for the instance in the other region of the pair, when it is not --scope's", nonEmpty("--peer-scope"))
        .addOption(new Option("--format <format>", "report format").choices(DRILL_FORMATS).default("markdown"))
        .option("--history <file>", "append the drill's result to this file as one JSON line (created if missing; oic-dr drill-report reads it)", nonEmpty("--history"))
        .action((o: DrillOptions) =>
            operate("drill", io, async (hide) => {
                checkAddress(o);
                const secrets: string[] = [];
                const checks = drillChecks(o, io.env ?? process.env, tuning.retryBaseDelaySeconds, (secret) => (secrets.push(secret), hide(secret)));
                const clientFor = clientsFor(o, tuning);
                const target = await resolveInstance(o, await clientFor(o.region));
                // Before anything fails over: a history that cannot be written stops the drill first.
                if (o.history !== undefined) checkDrillHistoryWritable(o.history);
                const progress = progressOf("drill", io, o.quiet);
                const startedAt = new Date();
                const report = await runDrill({
                    given: target,
                    clientFor,
                    waitSeconds: o.wait,
                    pollIntervalSeconds: tuning.pollIntervalSeconds,
                    confirm: confirmer(io, o.yes),
                    postFailoverChecks: checks,
                    onProgress: progress.onProgress,
                }).finally(progress.end);
                // A drill the operator declined did not take place: nothing to keep.
                if (o.history !== undefined && report.result !== "DECLINED") appendDrillHistory(o.history, historyEntry(report, { startedAt, finishedAt: new Date() }, secrets));
                io.out(o.format === "json" ? renderJson(report) : renderDrillMarkdown(report));
                return drillExitCode(report);
            }),
        );

    registerPostFailover(cli, io);
    registerReadiness(cli, io);
    registerDrillReport(cli, io);
}
