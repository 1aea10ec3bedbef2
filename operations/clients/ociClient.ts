/**
 * The official `oci-integration` client for one region, authenticated and configured once for every
 * operation (failover, status, drill): how it signs, where it sends, how long it waits, how it retries.
 *
 * - Auth: `api_key` (an OCI config file profile), `instance_principal`, `resource_principal`, as
 *   the OCI CLI's `--auth` names them (https://docs.oracle.com/en-us/iaas/tools/oci-cli/latest/oci_cli_docs/).
 * - `--endpoint` replaces the regional endpoint, as the OCI CLI's does; the SDK appends the API
 *   version to it (node_modules/oci-integration/lib/client.js:118-120).
 * - `--timeout`: one HTTP attempt that has no answer after this long makes the region unreachable.
 * - One retry policy, the SDK's own retrier configured: 429 and 5xx, and failures to connect,
 *   retried with exponential backoff, at most `maxAttempts` attempts per call. Nothing loops
 *   around it. A timed-out attempt is not retried (the region counts as unreachable at --timeout);
 *   the SDK reads `shouldBeRetried` off a non-service error (node_modules/oci-common/lib/retrier.js,
 *   makeServiceCall's catch).
 */
import type * as common from "oci-common";
import type * as integration from "oci-integration";
import { REGION_IDENTIFIER } from "../../facts/regions";
import { OperationError, RegionUnreachable } from "../operationError";

/**
 * The SDKs, loaded on first use: `oic-dr plan` and `check` register these commands too, and must not
 * pay for loading oci-common (about 140 ms) on every start. The type-only imports above name the
 * types; the functions below take the values from here under the same names.
 */
function sdk(): { common: typeof common; integration: typeof integration } {
    return {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        common: require("oci-common") as typeof common,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        integration: require("oci-integration") as typeof integration,
    };
}

export const AUTH_METHODS = ["api_key", "instance_principal", "resource_principal"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface ClientSettings {
    auth: AuthMethod;
    /** OCI config file (default $OCI_CONFIG_FILE, then ~/.oci/config). api_key only. */
    configFile?: string;
    /** Profile in that file (default DEFAULT). api_key only. */
    profile?: string;
    /** Seconds one HTTP attempt may take before the region counts as unreachable. */
    timeoutSeconds: number;
    /** Attempts per call when OCI answers 429 or 5xx or the connection fails. */
    maxAttempts: number;
    /** Delay before the first retry, doubled on each further one (tests use milliseconds). */
    retryBaseDelaySeconds: number;
}

export const CLIENT_DEFAULTS = Object.freeze({
    auth: "api_key" as AuthMethod,
    timeoutSeconds: 20,
    maxAttempts: 5,
    retryBaseDelaySeconds: 1,
    /** The SDK's own cap of one retry delay. */
    retryMaxDelaySeconds: 30,
});

/** A client bound to one region, with the retry configuration every call of it uses. */
export interface RegionClient {
    readonly region: string;
    readonly client: integration.IntegrationInstanceClient;
    readonly retryConfiguration: common.RetryConfiguration;
}

let authCache: { key: string; provider: Promise<common.AuthenticationDetailsProvider> } | undefined;

/** The auth provider `settings.auth` names; errors name the method and file, never their contents. */
function authProvider(settings: ClientSettings, region: string): Promise<common.AuthenticationDetailsProvider> {
    const key = `${settings.auth} ${settings.configFile ?? ""} ${settings.profile ?? ""}`;
    if (authCache?.key === key) return authCache.provider;
    const build = async (): Promise<common.AuthenticationDetailsProvider> => {
        const { common } = sdk();
        try {
            switch (settings.auth) {
                case "instance_principal":
                    return await new common.InstancePrincipalsAuthenticationDetailsProviderBuilder().build();
                case "resource_principal":
                    return common.ResourcePrincipalAuthenticationDetailsProvider.builder();
                case "api_key":
                    return withDefaultRegion(region, () => new common.ConfigFileAuthenticationDetailsProvider(settings.configFile, settings.profile));
            }
        } catch (err) {
            const where =
                settings.auth === "api_key"
                    ? ` (profile ${settings.profile ?? "DEFAULT"} of ${settings.configFile ?? "$OCI_CONFIG_FILE or ~/.oci/config"})`
                    : "";
            throw new OperationError(`--auth ${settings.auth}: could not set up authentication${where}: ${messageOf(err)}`);
        }
    };
    const provider = build();
    // A failed setup is not cached: the next call reports it again.
    provider.catch(() => (authCache = undefined));
    authCache = { key, provider };
    return provider;
}

/**
 * Runs `build` with OCI_REGION set when unset: the SDK refuses a profile without `region` unless
 * OCI_REGION is set, although the client's region is set explicitly anyway. Synchronous, so
 * nothing else sees the variable.
 */
function withDefaultRegion<T>(region: string, build: () => T): T {
    if (process.env.OCI_REGION !== undefined) return build();
    process.env.OCI_REGION = region;
    try {
        return build();
    } finally {
        delete process.env.OCI_REGION;
    }
}

/**
 * fetch options whose `signal` is new on every read: FetchHttpClient hands the same options object
 * to every fetch (node_modules/oci-common/lib/http.js:80-98), and fetch reads `signal` once per call.
 * The abort reason carries `shouldBeRetried: false`, so the retrier does not retry a timed-out attempt.
 */
function timeoutOptions(region: string, seconds: number): Record<string, unknown> {
    return {
        get signal(): AbortSignal {
            const controller = new AbortController();
            const reason = Object.assign(new Error(`no answer within --timeout ${seconds} s`), { code: "ETIMEDOUT", shouldBeRetried: false, region });
            setTimeout(() => controller.abort(reason), seconds * 1000).unref();
            return controller.signal;
        },
    };
}

/** The SDK's retrier, configured: bounded attempts, exponential backoff from `retryBaseDelaySeconds`. */
export function retryConfiguration(settings: ClientSettings): common.RetryConfiguration {
    const { common } = sdk();
    const base = settings.retryBaseDelaySeconds;
    const cap = CLIENT_DEFAULTS.retryMaxDelaySeconds;
    // The SDK's strategy waits 2^n seconds, capped; scaling it keeps its shape and its cap.
    const backoff = new common.ExponentialBackoffDelayStrategy(base > 0 ? cap / base : cap);
    return {
        terminationStrategy: new common.MaxAttemptsTerminationStrategy(settings.maxAttempts),
        delayStrategy: { delay: (context) => base * backoff.delay(context) },
        // Service errors: 429 (throttled) and 5xx. Failures to connect never reach this condition.
        retryCondition: (error) => error.statusCode === 429 || error.statusCode >= 500,
    };
}

/** A client for `region`, sending to `endpoint` when given, else to the region's own endpoint. */
export async function regionClient(settings: ClientSettings, region: string, endpoint?: string): Promise<RegionClient> {
    if (!REGION_IDENTIFIER.test(region)) {
        throw new OperationError(`--region "${region}" is not an OCI region identifier (like us-phoenix-1)`);
    }
    const { common, integration } = sdk();
    const client = new integration.IntegrationInstanceClient(
        { authenticationDetailsProvider: await authProvider(settings, region) },
        {
            // Our retries are bounded per call; the SDK's default circuit breaker would, after a burst
            // of 5xx, fail calls without sending them and replace that bound by an unrelated error.
            circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
            httpOptions: timeoutOptions(region, settings.timeoutSeconds),
        },
    );
    if (endpoint !== undefined) {
        if (!/^https?:\/\/[^/\s]+/.test(endpoint)) throw new OperationError(`endpoint "${endpoint}" is not an http(s) URL`);
        client.endpoint = endpoint.replace(/\/+$/, "");
    } else {
        const known = common.Region.fromRegionId(region);
        if (!known) {
            throw new OperationError(
                `--region "${region}": oci-common does not know this region; add it to ~/.oci/regions-config.json or give --endpoint`,
            );
        }
        client.region = known;
    }
    return { region, client, retryConfiguration: retryConfiguration(settings) };
}

/**
 * One API call; failures become an OperationError naming the operation and region: RegionUnreachable
 * when nothing answered, else the service's status and code.
 */
export async function call<T>(rc: RegionClient, operation: string, run: (retryConfiguration: common.RetryConfiguration) => Promise<T>): Promise<T> {
    try {
        return await run(rc.retryConfiguration);
    } catch (err) {
        throw describeFailure(rc.region, operation, err);
    }
}

function describeFailure(region: string, operation: string, err: unknown): OperationError {
    if (err instanceof OperationError) return err;
    const e = (typeof err === "object" && err !== null ? err : {}) as Record<string, unknown>;
    if (typeof e.statusCode === "number" && e.statusCode > 0) {
        return new OperationError(`${operation} in ${region} returned ${e.statusCode} ${String(e.serviceCode ?? "")}: ${serviceMessage(err)}`);
    }
    return new RegionUnreachable(region, `${operation}: ${networkMessage(err)}`);
}

/** The service's message without the SDK's appended troubleshooting prose. */
function serviceMessage(err: unknown): string {
    return messageOf(err).split("\n")[0]!;
}

/** fetch wraps the socket error in `cause`; the SDK keeps only `message` and `code`. */
function networkMessage(err: unknown): string {
    const e = err as { message?: string; code?: string; cause?: { code?: string } };
    const code = e.code ?? e.cause?.code;
    return `${e.message ?? String(err)}${code && !String(e.message).includes(code) ? ` (${code})` : ""}`;
}

export function messageOf(err: unknown): string {
    if (typeof err === "object" && err !== null && typeof (err as { message?: unknown }).message === "string") return (err as { message: string }).message;
    return String(err);
}
