/**
 * `oic-dr post-failover`: registers the command on the `oic-dr` program.
 *
 * Exit codes: 0 every integration named was reactivated and every agent group is AVAILABLE; 1 the
 * command did its job and something is not right (an activation refused, an agent group down);
 * 2 it could not do its job (bad input, token refused, service unreachable).
 * Neither the client secret nor the access token is printed, in the report or in an error.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_SECRET_ENV, readClientSecret, SecretSourceError } from "../operations/clientSecret";
import { INTEGRATION_ID, POST_FAILOVER_EXIT, postFailoverExitCode, runPostFailover } from "../operations/postFailover";
import { POST_FAILOVER_FORMATS, renderPostFailover, type PostFailoverFormat } from "../operations/postFailoverRender";
import { OicRestError } from "../operations/restError";
import { redact } from "./redact";

export interface PostFailoverIo {
    out(text: string): void;
    err(text: string): void;
    setExitCode(code: number): void;
    /** Where `--client-secret-env` is looked up (default: this process's environment). */
    env?: NodeJS.ProcessEnv;
    /** Pause before a request is tried again (default: the client's; tests set 0). */
    retryDelayMs?: number;
}

interface PostFailoverOptions {
    designHost: URL;
    integrationInstance: string;
    tokenUrl: URL;
    scope: string;
    clientId: string;
    clientSecretEnv: string;
    clientSecretFile?: string;
    clientSecret?: string;
    integrations: string[];
    format: PostFailoverFormat;
    timeout: number;
}

const DEFAULT_TIMEOUT_SECONDS = 30;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An https URL (plain http only to this machine: a token or secret never crosses a network in
 * clear). A bare host name means https.
 */
function httpsUrl(flag: string, example: string) {
    return (value: string): URL => {
        let url: URL;
        try {
            url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
        } catch {
            throw new InvalidArgumentError(`${flag} "${value}" is not a host name or URL (for example ${example}).`);
        }
        if (url.username || url.password) throw new InvalidArgumentError(`${flag}: a URL with credentials is not accepted; give the host only.`);
        if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
            throw new InvalidArgumentError(`${flag} "${url.origin}" must use https (plain http only to localhost).`);
        }
        return url;
    };
}

function integrationList(value: string): string[] {
    const ids = value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    const bad = ids.filter((id) => !INTEGRATION_ID.test(id));
    if (ids.length === 0 || bad.length > 0) {
        throw new InvalidArgumentError(`"${bad[0] ?? value}" is not CODE|VERSION (for example ORDERS_POLL|01.00.0000); separate several with commas.`);
    }
    return ids;
}

function seconds(value: string): number {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError(`"${value}" is not a number of seconds greater than 0.`);
    return n;
}

function nonEmpty(flag: string) {
    return (value: string): string => {
        if (value.trim().length === 0) throw new InvalidArgumentError(`${flag} must not be empty.`);
        return value.trim();
    };
}

export function registerPostFailover(cli: Command, io: PostFailoverIo): Command {
    return cli
        .command("post-failover")
        .description(
            "After a failover: reactivate the integrations with polling triggers on the new primary, check its connectivity agent groups, and list the steps that stay manual.",
        )
        .requiredOption("--design-host <host>", "design-time host of the new primary (design.integration.<region>.ocp.oraclecloud.com)", httpsUrl("--design-host", "design.integration.us-phoenix-1.ocp.oraclecloud.com"))
        .requiredOption("--integration-instance <name>", "integrationInstance name of the new primary (its About page: Service instance)", nonEmpty("--integration-instance"))
        .requiredOption("--token-url <url>", "the identity domain's token endpoint, https://<domain host>/oauth2/v1/token", httpsUrl("--token-url", "https://idcs-1234.identity.oraclecloud.com/oauth2/v1/token"))
        .requiredOption("--scope <scope>", "scope granted to the confidential app for the instance (<audience>urn:opc:resource:consumer::all)", nonEmpty("--scope"))
        .requiredOption("--client-id <id>", "client id of the identity domain's confidential app", nonEmpty("--client-id"))
        .option("--client-secret-env <name>", "environment variable holding the client secret", DEFAULT_SECRET_ENV)
        .option("--client-secret-file <path>", "file holding the client secret (instead of the environment)")
        // Declared only to refuse it without echoing its value (an unknown option would be echoed).
        .addOption(new Option("--client-secret <secret>").hideHelp())
        .option("--integrations <list>", "integrations with polling triggers to deactivate and activate again: CODE|VERSION,...", integrationList, [])
        .option("--format <format>", `output format: ${POST_FAILOVER_FORMATS.join(", ")}`, (value: string) => {
            if (!(POST_FAILOVER_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not one of ${POST_FAILOVER_FORMATS.join(", ")}.`);
            return value as PostFailoverFormat;
        }, "table")
        .option("--timeout <seconds>", "give up on one request after this long", seconds, DEFAULT_TIMEOUT_SECONDS)
        .action(async (options: PostFailoverOptions) => {
            const fail = (message: string, secrets: readonly string[] = []) => {
                io.err(`oic-dr post-failover: ${redact(message, secrets)}\n`);
                io.setExitCode(POST_FAILOVER_EXIT.couldNotDoItsJob);
            };
            if (options.clientSecret !== undefined) {
                return fail(
                    `--client-secret is refused: a secret on the command line is visible to other users (ps) and kept in shell history. Set ${DEFAULT_SECRET_ENV} (or --client-secret-env NAME) or give --client-secret-file PATH.`,
                    [options.clientSecret],
                );
            }
            let clientSecret: string;
            try {
                clientSecret = readClientSecret({ env: options.clientSecretEnv, file: options.clientSecretFile }, io.env ?? process.env);
            } catch (err) {
                if (err instanceof SecretSourceError) return fail(err.message);
                throw err;
            }
            try {
                const report = await runPostFailover({
                    designUrl: options.designHost,
                    integrationInstance: options.integrationInstance,
                    credentials: { tokenUrl: options.tokenUrl, clientId: options.clientId, clientSecret, scope: options.scope, timeoutMs: options.timeout * 1000 },
                    integrations: options.integrations,
                    retryDelayMs: io.retryDelayMs,
                });
                io.out(renderPostFailover(report, options.format));
                io.setExitCode(postFailoverExitCode(report));
            } catch (err) {
                if (err instanceof OicRestError) return fail(err.message, [clientSecret]);
                return fail(`unexpected error: ${(err as Error)?.message ?? String(err)}`, [clientSecret]);
            }
        });
}
