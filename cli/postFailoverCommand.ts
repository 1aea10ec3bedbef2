/**
 * `oic-dr post-failover`: registers the command on the `oic-dr` program (from
 * registerOperationsCommands).
 *
 * Where it acts: the new primary, addressed as `failover` and `status` address an instance
 * (--instance | --compartment + --display-name | --stack-outputs, with --region and the OCI client
 * options of ./operationOptions.ts). Its design-time host and `integrationInstance` name are read
 * with GetIntegrationInstance there (postFailoverTarget.ts); `--design-host` and
 * `--integration-instance` override them, and given both without an address no OCI call is made.
 *
 * Exit codes: OPERATION_EXITS["post-failover"] in ./operate.ts (printed by --help): 0 all done, 1 something
 * is not right (an activation refused, an agent group down), 2 it could not do its job.
 * Neither the client secret nor the access token is printed, in the report or in an error.
 */
import { SILENT_STEPS, stepRenderer, type ProgressStream } from "./waitProgress";
import type { Command } from "commander";
import { checkAddress, resolveInstance } from "../operations/addressing";
import { readInstance } from "../operations/instanceView";
import { OperationError } from "../operations/operationError";
import { postFailoverExitCode, runPostFailover } from "../operations/postFailover";
import { POST_FAILOVER_FORMATS, renderPostFailover, type PostFailoverFormat } from "../operations/postFailoverRender";
import { postFailoverTarget } from "../operations/postFailoverTarget";
import { nonEmpty, oneOf } from "./argParsers";
import { operate, withOperationHelp } from "./operate";
import {
    addressGiven,
    clientsFor,
    credentialsOf,
    httpsUrl,
    tuned,
    withConnectionOptions,
    withOAuthOptions,
    type ConnectionOptions,
    type OAuthOptions,
    type OperationsTuning,
} from "./operationOptions";

export interface PostFailoverIo {
    out(text: string): void;
    err(text: string): void;
    setExitCode(code: number): void;
    /** Where `--client-secret-env` is looked up (default: this process's environment). */
    env?: NodeJS.ProcessEnv;
    /** Smaller bounds, for tests in process (default: the real ones); no flag sets them. */
    tuning?: OperationsTuning;
    /** Where the steps are shown (default: err, as a log); --quiet shows none. */
    progress?: ProgressStream;
}

interface PostFailoverOptions extends ConnectionOptions, OAuthOptions {
    designHost?: URL;
    integrationInstance?: string;
    format: PostFailoverFormat;
    quiet?: boolean;
}

/** Per request, OCI or OIC REST: an activation answers more slowly than a read. */
const DEFAULT_TIMEOUT_SECONDS = 30;

/** The new primary's design-time URL as GetIntegrationInstance reports it, read in its own region. */
async function readNewPrimary(o: PostFailoverOptions & { region: string }, tuning: Required<OperationsTuning>): Promise<{ instanceDesignTimeUrl?: string; displayName?: string }> {
    checkAddress(o);
    const rc = await clientsFor(o, tuning)(o.region);
    const address = await resolveInstance(o, rc);
    const view = await readInstance(rc, address.id);
    // The standby's integrations are not the ones that run: reactivating there does nothing useful.
    if (view.role !== "PRIMARY") {
        throw new OperationError(
            `instance ${view.id} in ${view.region} is ${view.role}, not PRIMARY: post-failover acts on the new primary (fail over first, or address the instance in the other region)`,
        );
    }
    return { instanceDesignTimeUrl: view.designTimeUrl, displayName: view.displayName };
}

export function registerPostFailover(cli: Command, io: PostFailoverIo): Command {
    const tuning = tuned(io.tuning);
    const command = withOperationHelp(
        cli
            .command("post-failover")
            .description(
                "After a failover: reactivate the integrations with polling triggers on the new primary (those named, or else those it lists with a polling trigger), check its connectivity agent groups, and list the steps that stay manual.",
            ),
        "post-failover",
        {
            args: "--region eu-amsterdam-1 --stack-outputs outputs.json --pair orders --token-url https://idcs-1234.identity.oraclecloud.com/oauth2/v1/token --scope SCOPE --client-id ID --integrations 'ORDERS_POLL|01.00.0000'",
            when: "the new primary is in eu-amsterdam-1; the client secret in $OIC_DR_CLIENT_SECRET",
        },
    );
    withOAuthOptions(
        withConnectionOptions(command, {
            regionRequired: false,
            timeoutDefault: DEFAULT_TIMEOUT_SECONDS,
            timeoutHelp: "give up on one request (OCI or the instance's REST API) after this long",
        }),
    )
        .option(
            "--design-host <host>",
            "override: design-time host of the new primary (design.integration.<region>.ocp.oraclecloud.com)",
            httpsUrl("--design-host", "design.integration.us-phoenix-1.ocp.oraclecloud.com"),
        )
        .option("--integration-instance <name>", "override: integrationInstance name of the new primary (its About page: Service instance)", nonEmpty("--integration-instance"))
        .option("--format <format>", `output format: ${POST_FAILOVER_FORMATS.join(", ")}`, oneOf(POST_FAILOVER_FORMATS), "table")
        .option("--quiet", "do not show on stderr the step under way (token, each integration reactivated, agent groups)")
        .action((o: PostFailoverOptions) =>
            operate("post-failover", io, async (hide) => {
                if (o.clientSecret !== undefined) hide(o.clientSecret);
                // The secret first: nothing is called when it is missing.
                const credentials = credentialsOf(o, o.scope, io.env ?? process.env, o.timeout);
                hide(credentials.clientSecret);
                let instance: { instanceDesignTimeUrl?: string; displayName?: string } | undefined;
                if (addressGiven(o)) {
                    if (o.region === undefined) {
                        throw new OperationError("--region is required with --instance, --compartment/--display-name or --stack-outputs: the new primary's region");
                    }
                    instance = await readNewPrimary({ ...o, region: o.region }, tuning);
                } else if (o.designHost === undefined || o.integrationInstance === undefined) {
                    throw new OperationError(
                        "no new primary given: address it with --instance OCID --region REGION (or --compartment OCID --display-name NAME, or --stack-outputs FILE), or give both --design-host and --integration-instance",
                    );
                }
                const target = postFailoverTarget(instance, { designHost: o.designHost, integrationInstance: o.integrationInstance });
                const steps = o.quiet ? SILENT_STEPS : stepRenderer("post-failover", io.progress ?? { write: io.err });
                const report = await runPostFailover({
                    designUrl: target.designUrl,
                    integrationInstance: target.integrationInstance,
                    credentials,
                    // None named: the new primary's own inventory (the ACTIVATED integrations with polling triggers).
                    integrations: o.integrations,
                    retryDelayMs: tuning.retryBaseDelaySeconds * 1000,
                    onStep: steps.onStep,
                }).finally(steps.end);
                io.out(renderPostFailover(report, o.format));
                return postFailoverExitCode(report);
            }),
        );
    return command;
}
