/**
 * `oic-dr readiness`: whether the pair would survive the loss of a region today
 * (operations/readiness/). Addressed as `status` is; read-only. The OIC checks need the OAuth client
 * post-failover takes (--token-url, --scope, --client-id, and --peer-scope when the partner's
 * scope differs); without it they are NOT_RUN.
 */
import { Option, type Command } from "commander";
import { nonEmpty, positive } from "./argParsers";
import { operate, withOperationHelp } from "./operate";
import {
    addressGiven,
    clientsFor,
    credentialsOf,
    oauthGiven,
    settingsOf,
    tuned,
    withConnectionOptions,
    withOAuthClientOptions,
    type ConnectionOptions,
    type OAuthOptions,
    type OperationsTuning,
} from "./operationOptions";
import { resolveInstance } from "../operations/addressing";
import { tenancyOfCredentials } from "../operations/clients/ociClient";
import { OperationError } from "../operations/operationError";
import { READINESS_CHECKS } from "../operations/readiness/checks";
import { readinessContext } from "../operations/readiness/context";
import { readPair } from "../operations/instancePair";
import { readinessExitCode, runReadiness } from "../operations/readiness/readiness";
import { READINESS_FORMATS, renderReadinessMarkdown, renderReadinessTable, type ReadinessFormat } from "../operations/readiness/render";
import { renderJson } from "../operations/render";
import { ocidPattern } from "../facts/ocid";
import { shownText } from "../text/shownValue";

export interface ReadinessIo {
    out(text: string): void;
    err(text: string): void;
    setExitCode(code: number): void;
    env?: NodeJS.ProcessEnv;
    tuning?: OperationsTuning;
}

interface ReadinessOptionsGiven extends ConnectionOptions, OAuthOptions {
    peerEndpoint?: string;
    peerScope?: string;
    tenancy?: string;
    history?: string;
    maxDrillAge: number;
    format: ReadinessFormat;
}

/** Days after which the last drill counts as old: a quarter, the cadence teams drill at when they do. */
export const DEFAULT_MAX_DRILL_AGE_DAYS = 90;

const TENANCY_OCID = ocidPattern(["tenancy"]);

export function registerReadiness(cli: Command, io: ReadinessIo): Command {
    const tuning = tuned(io.tuning);
    const command = withOperationHelp(
        cli
            .command("readiness")
            .description(
                "Whether the pair would survive the loss of a region today: each check of Oracle's checklist against the live pair (read-only), PASS, FAIL, WARN or NOT_RUN with what to do.",
            ),
        "readiness",
        { args: "--region eu-amsterdam-1 --stack-outputs outputs.json --pair orders --format markdown", when: "both regions of the pair orders, as a pull-request comment" },
    );
    withOAuthClientOptions(withConnectionOptions(command))
        .option("--peer-endpoint <url>", "base URL of the OCI services of the other region of the pair (as --endpoint is of --region's)")
        .option("--peer-scope <scope>", "scope for the instance in the other region of the pair, when it is not --scope's", nonEmpty("--peer-scope"))
        .option("--tenancy <ocid>", "the tenancy (default: the one of the credentials)")
        .option("--history <file>", "the drill history `oic-dr drill --history FILE` appends to (the last-drill check)")
        .option("--max-drill-age <days>", "days after which the last drill is too old (last-drill warns)", positive, DEFAULT_MAX_DRILL_AGE_DAYS)
        .addOption(new Option("--format <format>", "output format").choices(READINESS_FORMATS).default("table"))
        .action((o: ReadinessOptionsGiven & { region: string }) =>
            operate("readiness", io, async (hide) => {
                if (!addressGiven(o)) throw new OperationError("no instance given: address it with --instance OCID, --compartment OCID --display-name NAME, or --stack-outputs FILE");
                if (o.tenancy !== undefined && !TENANCY_OCID.test(o.tenancy)) throw new OperationError(`--tenancy ${shownText(o.tenancy)} is not a tenancy OCID (ocid1.tenancy.<realm>..<unique id>)`);
                // The secret first: an incomplete client stops the run before any call.
                const own = oauthGiven(o) || o.peerScope !== undefined ? credentialsOf(o, o.scope, io.env ?? process.env, o.timeout) : undefined;
                if (own) hide(own.clientSecret);
                const integration = clientsFor(o, tuning);
                const target = await resolveInstance(o, await integration(o.region));
                const sides = await readPair(target, integration);
                const clientSettings = settingsOf(o, tuning);
                const context = readinessContext({
                    sides,
                    clientSettings,
                    integration,
                    endpointOf: (region) => (region === o.region ? o.endpoint : o.peerEndpoint),
                    oauthFor: (region) => own && { ...own, scope: region === o.region ? own.scope : (o.peerScope ?? own.scope) },
                    tenancyId: o.tenancy ?? (await tenancyOfCredentials(clientSettings, o.region)),
                    options: { drillHistory: o.history, maxDrillAgeDays: o.maxDrillAge },
                    retryDelayMs: tuning.retryBaseDelaySeconds * 1000,
                });
                const report = await runReadiness(READINESS_CHECKS, context);
                const render = { table: renderReadinessTable, markdown: renderReadinessMarkdown, json: renderJson }[o.format];
                io.out(render(report));
                return readinessExitCode(report);
            }),
        );
    return command;
}
