/**
 * The options the operations share, declared once: how an instance is addressed and how OCI is
 * reached (failover, status, drill, post-failover), and the OAuth client of the OIC REST API
 * (post-failover, drill). Each command adds them with these functions, so the flags, their
 * parsing and their help are the same everywhere.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { authMethod, nonEmpty, positive } from "./argParsers";
import type { Address } from "../operations/addressing";
import { DEFAULT_SECRET_ENV, readClientSecret } from "../operations/clients/clientSecret";
import type { ClientCredentials } from "../operations/clients/oauthToken";
import { FAILOVER_DEFAULTS } from "../operations/failover";
import { AUTH_METHODS, CLIENT_DEFAULTS, regionClient, type AuthMethod, type ClientSettings, type RegionClient } from "../operations/clients/ociClient";
import { OperationError } from "../operations/operationError";
import { INTEGRATION_ID } from "../operations/postFailover";
import { isSecureEnough } from "../operations/postFailoverTarget";
import { drRegionIdentifiers, isDrRegion } from "../facts/regions";
import { shownText } from "../text/shownValue";

/**
 * An https URL (plain http only to this machine: a token or secret never crosses a network in
 * clear). A bare host name means https.
 */
export function httpsUrl(flag: string, example: string) {
    return (value: string): URL => {
        let url: URL;
        try {
            url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
        } catch {
            throw new InvalidArgumentError(`${flag} ${shownText(value)} is not a host name or URL (for example ${example}).`);
        }
        if (url.username || url.password) throw new InvalidArgumentError(`${flag}: a URL with credentials is not accepted; give the host only.`);
        if (!isSecureEnough(url)) throw new InvalidArgumentError(`${flag} ${shownText(url.origin)} must use https (plain http only to localhost).`);
        return url;
    };
}

/**
 * `--region`: a region of the DR pair table (facts/regions.ts), refused while the options are parsed,
 * before any request: an instance of an Oracle-managed DR pair lives in no other region, so a call
 * there could only fail, after a round of retries.
 */
export function drRegionArgument(value: string): string {
    if (!isDrRegion(value)) {
        throw new InvalidArgumentError(`${shownText(value)} is not a region of an Oracle-managed DR pair; allowed: ${drRegionIdentifiers.join(", ")}.`);
    }
    return value;
}

/** What the address and connection options parse to. */
export interface ConnectionOptions extends Address {
    region?: string;
    configFile?: string;
    profile?: string;
    auth: AuthMethod;
    endpoint?: string;
    timeout: number;
}

/**
 * The bounds the operations wait by that the operator has no flag for: the retry policy's attempts
 * and backoff, and the pause between polls of a work request. Tests shrink them so that nothing
 * waits, in process (`main(argv, io, { tuning })`); on the command line they are always the
 * defaults (an operator bounds a run with --timeout and --wait). No entry point of the package
 * exports it (the bin's modules are not importable).
 */
export interface OperationsTuning {
    readonly maxAttempts?: number;
    readonly retryBaseDelaySeconds?: number;
    readonly pollIntervalSeconds?: number;
}

/** The tuning with every bound set: the defaults where the caller gave none. */
export function tuned(tuning: OperationsTuning = {}): Required<OperationsTuning> {
    return {
        maxAttempts: tuning.maxAttempts ?? CLIENT_DEFAULTS.maxAttempts,
        retryBaseDelaySeconds: tuning.retryBaseDelaySeconds ?? CLIENT_DEFAULTS.retryBaseDelaySeconds,
        pollIntervalSeconds: tuning.pollIntervalSeconds ?? FAILOVER_DEFAULTS.pollIntervalSeconds,
    };
}

/**
 * The addressing, auth and transport options. `regionRequired`: false where the command can do
 * without OCI (post-failover given its overrides); the command then checks it itself.
 */
export function withConnectionOptions(
    command: Command,
    settings: { regionRequired: boolean; timeoutDefault?: number; timeoutHelp?: string } = { regionRequired: true },
): Command {
    const region = "region of the instance to act on (its own region; a region of a DR pair), e.g. us-phoenix-1";
    return (settings.regionRequired ? command.requiredOption("--region <region>", region, drRegionArgument) : command.option("--region <region>", region, drRegionArgument))
        .option("--instance <ocid>", "OCID of the instance in --region")
        .option("--compartment <ocid>", "compartment to find the instance in by --display-name (in --region)")
        .option("--display-name <name>", "display name of the instance (with --compartment)")
        .option("--stack-outputs <file>", "`pulumi stack output --json` of a stack exporting drPairs, saved to a file")
        .option("--pair <name>", "with --stack-outputs: the pair to act on, a key of drPairs (needed when the stack has several)", nonEmpty("--pair"))
        .option("--config-file <path>", "OCI config file (ApiKey auth; default $OCI_CONFIG_FILE, then ~/.oci/config)")
        .option("--profile <name>", "profile in the OCI config file (default DEFAULT)")
        // The help lists the components' words; the parser also takes the OCI CLI's (api_key, ...).
        .addOption(
            new Option("--auth <method>", "how to authenticate, in the OCI provider's words (the OCI CLI's api_key, instance_principal and resource_principal also work)")
                .choices(AUTH_METHODS)
                .argParser(authMethod)
                .default(CLIENT_DEFAULTS.auth),
        )
        .option("--endpoint <url>", "Integration API endpoint for --region, instead of the region's own (as the OCI CLI's --endpoint)")
        .option(
            "--timeout <seconds>",
            settings.timeoutHelp ?? "a region that has not answered one request after this long is unreachable",
            positive,
            settings.timeoutDefault ?? CLIENT_DEFAULTS.timeoutSeconds,
        );
}

/** Whether any of the addressing options was given. */
export function addressGiven(o: Address): boolean {
    return o.instance !== undefined || o.compartment !== undefined || o.displayName !== undefined || o.stackOutputs !== undefined || o.pair !== undefined;
}

export function settingsOf(o: ConnectionOptions, tuning: Required<OperationsTuning>): ClientSettings {
    return {
        auth: o.auth,
        configFile: o.configFile,
        profile: o.profile,
        timeoutSeconds: o.timeout,
        maxAttempts: tuning.maxAttempts,
        retryBaseDelaySeconds: tuning.retryBaseDelaySeconds,
    };
}

/** Clients by region, made once each: --endpoint for --region, --peer-endpoint for the other one. */
export function clientsFor(
    o: ConnectionOptions & { region: string; peerEndpoint?: string },
    tuning: Required<OperationsTuning>,
): (region: string) => Promise<RegionClient> {
    const settings = settingsOf(o, tuning);
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

/** What the OAuth options parse to. */
export interface OAuthOptions {
    tokenUrl?: URL;
    scope?: string;
    clientId?: string;
    clientSecretEnv: string;
    clientSecretFile?: string;
    /** Declared only to be refused. */
    clientSecret?: string;
    /** Absent when not given (no default shown in the help). */
    integrations?: string[];
}

function integrationList(value: string): string[] {
    const ids = value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    const bad = ids.filter((id) => !INTEGRATION_ID.test(id));
    if (ids.length === 0 || bad.length > 0) {
        throw new InvalidArgumentError(`${shownText(bad[0] ?? value)} is not CODE|VERSION (for example ORDERS_POLL|01.00.0000); separate several with commas.`);
    }
    return ids;
}

/**
 * The identity domain's confidential app and the integrations to reactivate. Optional here: the
 * command says whether it needs them (post-failover does; the drill runs no checks without them).
 */
export function withOAuthOptions(command: Command): Command {
    return withOAuthClientOptions(command).option(
        "--integrations <list>",
        "integrations with polling triggers to deactivate and activate again: CODE|VERSION,...",
        integrationList,
    );
}

/** The OAuth client of the identity domain's confidential app, without the integrations to reactivate. */
export function withOAuthClientOptions(command: Command): Command {
    return command
        .option("--token-url <url>", "the identity domain's token endpoint, https://<domain host>/oauth2/v1/token", httpsUrl("--token-url", "https://idcs-1234.identity.oraclecloud.com/oauth2/v1/token"))
        .option("--scope <scope>", "scope granted to the confidential app for the instance (<audience>urn:opc:resource:consumer::all)", nonEmpty("--scope"))
        .option("--client-id <id>", "client id of the identity domain's confidential app", nonEmpty("--client-id"))
        .option("--client-secret-env <name>", "environment variable holding the client secret", DEFAULT_SECRET_ENV)
        .option("--client-secret-file <path>", "file holding the client secret (instead of the environment)")
        // Declared only to refuse it without echoing its value (an unknown option would be echoed).
        .addOption(new Option("--client-secret <secret>").hideHelp());
}

/** Whether any OAuth option that names the client was given (the drill runs its checks then). */
export function oauthGiven(o: OAuthOptions): boolean {
    return o.tokenUrl !== undefined || o.scope !== undefined || o.clientId !== undefined || o.clientSecretFile !== undefined;
}

/**
 * The client credentials from the options, the secret from the environment or a file. Refuses a
 * secret on the command line (visible in `ps`, kept in shell history) without echoing it.
 */
export function credentialsOf(o: OAuthOptions, scope: string | undefined, env: NodeJS.ProcessEnv, timeoutSeconds: number): ClientCredentials {
    if (o.clientSecret !== undefined) {
        throw new OperationError(
            `--client-secret is refused: a secret on the command line is visible to other users (ps) and kept in shell history. Set ${DEFAULT_SECRET_ENV} (or --client-secret-env NAME) or give --client-secret-file PATH.`,
        );
    }
    const missing = [o.tokenUrl === undefined && "--token-url", scope === undefined && "--scope", o.clientId === undefined && "--client-id"].filter(
        (f): f is string => typeof f === "string",
    );
    if (missing.length > 0) throw new OperationError(`the OAuth client is incomplete: give ${missing.join(", ")} (the identity domain's confidential app for the instance)`);
    const clientSecret = readClientSecret({ env: o.clientSecretEnv, file: o.clientSecretFile }, env);
    return { tokenUrl: o.tokenUrl!, clientId: o.clientId!, clientSecret, scope: scope!, timeoutMs: timeoutSeconds * 1000 };
}
