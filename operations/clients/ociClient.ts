/**
 * The official `oci-integration` client for one region, authenticated and configured once for every
 * operation (failover, status, drill): how it signs, where it sends, how long it waits, how it retries.
 *
 * - Auth: `ApiKey` (an OCI config file profile), `InstancePrincipal`, `ResourcePrincipal`, the words
 *   of the OCI provider's `auth` and of the components (components/ociAuth.ts); the OCI CLI's
 *   `--auth` spellings (`api_key`, ...) name the same methods.
 * - `--endpoint` replaces the regional endpoint, as the OCI CLI's does; the SDK appends the API
 *   version to it (node_modules/oci-integration/lib/client.js:118-120).
 * - `--timeout`: one HTTP attempt that has no answer after this long makes the region unreachable.
 * - No redirect is followed: OCI does not redirect, and a 3xx is an error naming the host (exit 2).
 * - One retry policy, the SDK's own retrier configured as the region subscription's is
 *   (components/ociSdkSetup.ts): 429 and 5xx, and failures to connect,
 *   retried with exponential backoff (or after the answer's Retry-After, capped: ./retryAfter.ts),
 *   at most `maxAttempts` attempts per call. Nothing loops
 *   around it. A timed-out attempt is not retried (the region counts as unreachable at --timeout);
 *   the SDK reads `shouldBeRetried` off a non-service error (node_modules/oci-common/lib/retrier.js,
 *   makeServiceCall's catch).
 */
import type * as common from "oci-common";
import type * as integration from "oci-integration";
import { DEFAULT_AUTH_METHOD, SDK_AUTH_METHODS, type SdkAuthMethod } from "../../facts/ociAuth";
import { describeConfigFileLocation, sdkAuthProvider, sdkClientConfiguration, sdkRetryConfiguration } from "../../components/support/ociSdkSetup";
import { REGION_IDENTIFIER } from "../../facts/regions";
import { warnIfReadableByOthers } from "./filePermissions";
import { shownName, shownPath, shownText } from "../../text/shownValue";
import { OperationError, RegionUnreachable } from "../operationError";
import { noteRetryAfter, scopedRetryDelaySeconds, withRetryAfterScope } from "./retryAfter";

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

/** The methods `--auth` takes: the SDK's, in the components' words (components/ociAuth.ts). */
export const AUTH_METHODS = SDK_AUTH_METHODS;
export type AuthMethod = SdkAuthMethod;

export interface ClientSettings {
    auth: AuthMethod;
    /** OCI config file (default $OCI_CONFIG_FILE, then ~/.oci/config). ApiKey only. */
    configFile?: string;
    /** Profile in that file (default DEFAULT). ApiKey only. */
    profile?: string;
    /** Seconds one HTTP attempt may take before the region counts as unreachable. */
    timeoutSeconds: number;
    /** Attempts per call when OCI answers 429 or 5xx or the connection fails. */
    maxAttempts: number;
    /** Delay before the first retry, doubled on each further one (tests use milliseconds). */
    retryBaseDelaySeconds: number;
}

export const CLIENT_DEFAULTS = Object.freeze({
    auth: DEFAULT_AUTH_METHOD,
    timeoutSeconds: 20,
    maxAttempts: 5,
    retryBaseDelaySeconds: 1,
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
        let provider: common.AuthenticationDetailsProvider;
        try {
            provider = await sdkAuthProvider(sdk().common, settings.auth, settings, region);
        } catch (err) {
            // The file and profile as given, held to the echo rule (a URL pasted as --config-file is not printed).
            const location = { configFile: settings.configFile && shownPath(settings.configFile), profile: settings.profile && shownName(settings.profile) };
            throw new OperationError(`--auth ${settings.auth}: could not set up authentication${describeConfigFileLocation(settings.auth, location)}: ${messageOf(err)}`);
        }
        if (settings.auth === "ApiKey") warnAboutOpenKeyFiles(settings);
        return provider;
    };
    const provider = build();
    // A failed setup is not cached: the next call reports it again.
    provider.catch(() => (authCache = undefined));
    authCache = { key, provider };
    return provider;
}

/**
 * The OCI config file and the key_file its profile names, when others can read them (filePermissions.ts).
 * The profile was just read by the SDK, so reading it again cannot fail in a new way; if it does,
 * there is nothing to warn about.
 */
function warnAboutOpenKeyFiles(settings: ClientSettings): void {
    const { ConfigFileReader } = sdk().common;
    const file = settings.configFile ?? process.env.OCI_CONFIG_FILE ?? ConfigFileReader.DEFAULT_FILE_PATH;
    const profile = settings.profile ?? "DEFAULT";
    warnIfReadableByOthers(ConfigFileReader.expandUserHome(file), "the OCI config file");
    try {
        const keyFile = ConfigFileReader.parseFileFromPath(ConfigFileReader.expandUserHome(file), profile).get("key_file");
        if (keyFile) warnIfReadableByOthers(ConfigFileReader.expandUserHome(keyFile), `the key_file of profile [${profile}]`);
    } catch {
        return;
    }
}

/**
 * fetch options whose `signal` is new on every read: FetchHttpClient hands the same options object
 * to every fetch (node_modules/oci-common/lib/http.js:80-98), and fetch reads `signal` once per call.
 * The abort reason carries `shouldBeRetried: false`, so the retrier does not retry a timed-out attempt.
 */
function timeoutOptions(region: string, seconds: number): Record<string, unknown> {
    return {
        // OCI does not redirect; fetch would follow by default (and re-send a signed failover
        // wherever it is pointed). "manual" hands the 3xx to the SDK, which raises it as a service
        // error that is not retried (retryCondition: 429 and 5xx) and describeFailure names the host.
        redirect: "manual",
        get signal(): AbortSignal {
            const controller = new AbortController();
            const reason = Object.assign(new Error(`no answer within --timeout ${seconds} s`), { code: "ETIMEDOUT", shouldBeRetried: false, region });
            setTimeout(() => controller.abort(reason), seconds * 1000).unref();
            return controller.signal;
        },
    };
}

/**
 * The SDK's retrier, configured: bounded attempts, exponential backoff from `retryBaseDelaySeconds`,
 * or the answer's Retry-After when that is longer, capped (./retryAfter.ts).
 */
export function retryConfiguration(settings: ClientSettings): common.RetryConfiguration {
    const configured = sdkRetryConfiguration(sdk().common, settings);
    const backoff = configured.delayStrategy!;
    return { ...configured, delayStrategy: { delay: (context) => scopedRetryDelaySeconds(backoff.delay(context)) } };
}

/**
 * The SDK's own FetchHttpClient (what the client would make itself, oci-integration lib/client.js:
 * `params.httpClient || new common.FetchHttpClient(...)`), noting each answer's Retry-After for the
 * retrier. No circuit breaker, as sdkClientConfiguration asks.
 */
function httpClient(provider: common.AuthenticationDetailsProvider, httpOptions: Record<string, unknown>): common.HttpClient {
    const { common } = sdk();
    const fetching = new common.FetchHttpClient(new common.DefaultRequestSigner(provider), null, httpOptions as RequestInit);
    return {
        async send(...args: Parameters<common.HttpClient["send"]>): Promise<Response> {
            const response = await fetching.send(...args);
            noteRetryAfter(response);
            return response;
        },
    };
}

/** An oci-* service client class: every generated client is made from AuthParams and a ClientConfiguration. */
export type ServiceClientClass<C> = new (params: common.AuthParams, configuration?: common.ClientConfiguration) => C;

/** What every generated client has: a settable endpoint (the SDK appends its API version) and region. */
interface Placeable {
    endpoint: string;
    region: common.Region;
}

/**
 * A client of any OCI service for `region`, authenticated, bounded and retried as every client of
 * the operations is, sending to `endpoint` when given (a base URL: each generated client appends its
 * own API version, e.g. oci-identity lib/client.js `set endpoint`, so one base per region serves
 * every service, as the OCI CLI's `--endpoint` does for one), else to the region's own endpoint.
 */
export async function serviceClient<C extends Placeable>(Client: ServiceClientClass<C>, settings: ClientSettings, region: string, endpoint?: string): Promise<C> {
    if (!REGION_IDENTIFIER.test(region)) {
        throw new OperationError(`--region ${shownText(region)} is not an OCI region identifier (like us-phoenix-1)`);
    }
    const { common } = sdk();
    const provider = await authProvider(settings, region);
    const httpOptions = timeoutOptions(region, settings.timeoutSeconds);
    // The client takes a provider or an HttpClient, not both (oci-common lib/types.d.ts AuthParams):
    // this one signs with the provider. The region or endpoint is set below either way.
    const client = new Client({ httpClient: httpClient(provider, httpOptions) }, { ...sdkClientConfiguration(common), httpOptions });
    if (endpoint !== undefined) {
        if (!/^https?:\/\/[^/\s]+/.test(endpoint)) throw new OperationError(`endpoint ${shownText(endpoint)} is not an http(s) URL`);
        client.endpoint = endpoint.replace(/\/+$/, "");
    } else {
        const known = common.Region.fromRegionId(region);
        if (!known) {
            throw new OperationError(`--region ${shownText(region)}: oci-common does not know this region; add it to ~/.oci/regions-config.json or give --endpoint`);
        }
        client.region = known;
    }
    return client;
}

/** The Integration API client for `region` (see {@link serviceClient}). */
export async function regionClient(settings: ClientSettings, region: string, endpoint?: string): Promise<RegionClient> {
    const client = await serviceClient(sdk().integration.IntegrationInstanceClient, settings, region, endpoint);
    return { region, client, retryConfiguration: retryConfiguration(settings) };
}

/** The tenancy the credentials belong to (the config file's `tenancy`, or the principal's), when the method tells it. */
export async function tenancyOfCredentials(settings: ClientSettings, region: string): Promise<string | undefined> {
    const provider = (await authProvider(settings, region)) as common.AuthenticationDetailsProvider & { getTenantId?: () => string | Promise<string> };
    try {
        return (await provider.getTenantId?.()) || undefined;
    } catch {
        return undefined;
    }
}

/**
 * One API call; failures become an OperationError naming the operation and region: RegionUnreachable
 * when nothing answered, else the service's status and code. `deadline` (epoch ms): the end of the
 * wait the call belongs to, which no pause between its retries passes.
 */
export async function call<T>(
    rc: Pick<RegionClient, "region" | "retryConfiguration">,
    operation: string,
    run: (retryConfiguration: common.RetryConfiguration) => Promise<T>,
    deadline?: number,
): Promise<T> {
    try {
        return await withRetryAfterScope(deadline, () => run(rc.retryConfiguration));
    } catch (err) {
        throw describeFailure(rc.region, operation, err);
    }
}

function describeFailure(region: string, operation: string, err: unknown): OperationError {
    if (err instanceof OperationError) return err;
    const e = (typeof err === "object" && err !== null ? err : {}) as Record<string, unknown>;
    if (typeof e.statusCode === "number" && e.statusCode >= 300 && e.statusCode < 400) {
        // The SDK's error keeps `requestEndpoint` as "METHOD URL" (oci-common lib/retrier.js:111).
        const host = hostOf(String(e.requestEndpoint ?? "").split(" ")[1]) ?? `the endpoint of ${region}`;
        return new OperationError(`${operation} in ${region}: ${host} answered HTTP ${e.statusCode}, a redirect; not followed (OCI does not redirect: check --endpoint)`);
    }
    if (typeof e.statusCode === "number" && e.statusCode > 0) {
        return new OperationError(`${operation} in ${region} returned ${e.statusCode} ${String(e.serviceCode ?? "")}: ${serviceMessage(err)}`);
    }
    return new RegionUnreachable(region, `${operation}: ${networkMessage(err)}`);
}

function hostOf(url: string | undefined): string | undefined {
    try {
        return url === undefined ? undefined : new URL(url).host;
    } catch {
        return undefined;
    }
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
