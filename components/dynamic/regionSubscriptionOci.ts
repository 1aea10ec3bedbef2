/**
 * The OCI SDK as the region subscription's provider (regionSubscriptionProvider.ts) uses it:
 * loaded from oic-dr's own install, the inputs with their defaults, the Identity client and its
 * retries, listing and waiting. Serialized with the provider, so the rules at the top of that file
 * hold here: what the provider calls from this module it holds in non-exported locals, and the
 * functions here reach each other and their values by local name, never through `exports`.
 */
import type * as ociCommon from "oci-common";
import type * as ociIdentity from "oci-identity";
import { DEFAULT_AUTH_METHOD, sdkAuthMethod } from "../../facts/ociAuth";
import { describeConfigFileLocation, sdkAuthProvider, sdkClientConfiguration, sdkRetryConfiguration } from "../support/ociSdkSetup";
import type { RegionSubscriptionInputs } from "./regionSubscriptionTypes";
import { loadFromOicDrInstall } from "./ociInstall";

/**
 * Not exported, like everything the provider reads: TypeScript compiles a module's reference to its
 * own `export const X` as `exports.X`, and the closure serializer captures a module's `exports`
 * object that lives under node_modules as `require("<package>/<path inside it>")`
 * (@pulumi/pulumi 3.270 runtime/closure/createClosure.js, captureModuleAsync), a
 * path that oic-dr's `exports` map refuses when the host loads the provider from an install.
 * test/installedPackage.test.ts runs the serialized text from the packed package.
 */
const REGION_SUBSCRIPTION_DEFAULTS = Object.freeze({
    waitTimeoutSeconds: 600,
    pollIntervalSeconds: 10,
    maxAttempts: 6,
    retryBaseDelaySeconds: 1,
});

/**
 * The auth vocabulary (ociAuth.ts) and the SDK client set-up shared with the operations
 * (ociSdkSetup.ts), held in non-exported locals for the reason above: the serializer captures
 * these functions and values by value (their modules import nothing), where a reference through
 * the imported module would be captured as a `require` of it.
 */
const authMethodOf = sdkAuthMethod;
const DEFAULT_METHOD = DEFAULT_AUTH_METHOD;
const buildAuthProvider = sdkAuthProvider;
const describeLocation = describeConfigFileLocation;
const buildRetryConfiguration = sdkRetryConfiguration;
const clientConfiguration = sdkClientConfiguration;
const loadOciModule = loadFromOicDrInstall;
/** Who loads, in the loader's errors. */
const PROVIDER_NAME = "Region subscription provider";

const READY = "READY";
const IN_PROGRESS = "IN_PROGRESS";
/** The subscription states the provider acts on, for its non-exported locals. */
export const SUBSCRIPTION_STATES = Object.freeze({ READY, IN_PROGRESS });

export type Sdk = { common: typeof ociCommon; identity: typeof ociIdentity };
export type Subscription = ociIdentity.models.RegionSubscription;

/**
 * The OCI SDK files of oic-dr's own install, resolved when the program loads this module and
 * captured into the serialized provider as plain strings. Resolved here, from this module, they
 * are oic-dr's dependencies whatever the program's node_modules holds (pnpm hoists nothing).
 *
 * Paths rather than a bundle: both SDKs bundled (esbuild 0.28.2 --bundle --minify --platform=node)
 * are 1.07 MB of text, which the state would hold once per resource, and every checkpoint and
 * provider call would carry.
 */
const OCI_SDK_FILES = {
    common: require.resolve("oci-common"),
    identity: require.resolve("oci-identity"),
};

/** The SDKs, loaded at call time so the serialized provider carries paths, not copies. */
export function loadSdk(): Sdk {
    return {
        common: loadOciModule("oci-common", OCI_SDK_FILES.common, PROVIDER_NAME) as typeof ociCommon,
        identity: loadOciModule("oci-identity", OCI_SDK_FILES.identity, PROVIDER_NAME) as typeof ociIdentity,
    };
}

/** The inputs with defaults applied; the values that are only read, never stored. */
export function settingsOf(inputs: RegionSubscriptionInputs) {
    const d = REGION_SUBSCRIPTION_DEFAULTS;
    return {
        tenancyId: inputs.tenancyId,
        homeRegion: inputs.homeRegion,
        region: inputs.region,
        auth: inputs.auth ?? {},
        endpoint: inputs.endpoint,
        waitTimeoutSeconds: inputs.waitTimeoutSeconds ?? d.waitTimeoutSeconds,
        pollIntervalSeconds: inputs.pollIntervalSeconds ?? d.pollIntervalSeconds,
        maxAttempts: inputs.maxAttempts ?? d.maxAttempts,
        retryBaseDelaySeconds: inputs.retryBaseDelaySeconds ?? d.retryBaseDelaySeconds,
    };
}

export type Settings = ReturnType<typeof settingsOf>;

/** Prefix of every error, so a failed `pulumi up` says which subscription failed. */
function failurePrefix(s: Pick<Settings, "region">): string {
    return `Region subscription to ${s.region} failed`;
}

/**
 * The three-letter key CreateRegionSubscription takes (PHX for us-phoenix-1), from the SDK's region
 * table (which also reads ~/.oci/regions-config.json and OCI_REGION_METADATA for newer regions).
 */
export function regionKeyOf(sdk: Sdk, region: string): string | undefined {
    return sdk.common.Region.fromRegionId(region)?.regionCode?.toUpperCase();
}

export function requireRegionKey(sdk: Sdk, s: Settings): string {
    const key = regionKeyOf(sdk, s.region);
    if (!key) {
        throw new Error(
            `${failurePrefix(s)}: oci-common does not know the region key of "${s.region}"; ` +
                "add the region to ~/.oci/regions-config.json or OCI_REGION_METADATA",
        );
    }
    return key;
}

/**
 * The auth provider `auth` names, in the words of ociAuth.ts or a former spelling ("ConfigFile" in
 * an existing stack's state). Errors name the method and the file, never file contents.
 */
async function authProvider(sdk: Sdk, s: Settings): Promise<ociCommon.AuthenticationDetailsProvider> {
    const method = authMethodOf(s.auth.method ?? DEFAULT_METHOD);
    if (method === undefined) throw new Error(`${failurePrefix(s)}: unknown auth method ${JSON.stringify(s.auth.method)}`);
    try {
        return await buildAuthProvider(sdk.common, method, s.auth, s.homeRegion);
    } catch (err) {
        throw new Error(`${failurePrefix(s)}: could not set up ${method} authentication${describeLocation(method, s.auth)}: ${errorText(err)}`);
    }
}

/** An Identity client for the home region (or the overriding endpoint). */
export async function identityClient(sdk: Sdk, s: Settings): Promise<ociIdentity.IdentityClient> {
    const client = new sdk.identity.IdentityClient({ authenticationDetailsProvider: await authProvider(sdk, s) }, clientConfiguration(sdk.common));
    const home = sdk.common.Region.fromRegionId(s.homeRegion);
    if (!home) throw new Error(`${failurePrefix(s)}: oci-common does not know the home region "${s.homeRegion}"`);
    client.region = home;
    // The SDK appends the API version to whatever endpoint it is given.
    if (s.endpoint) client.endpoint = s.endpoint.replace(/\/+$/, "");
    return client;
}

/** Counts the attempts of one API call; the SDK only reports the last error. */
interface AttemptCounter {
    attempts: number;
}

/** The retrier every client of oic-dr uses (ociSdkSetup.ts), counting the attempts of one call. */
function retryConfiguration(sdk: Sdk, s: Settings, counter: AttemptCounter): ociCommon.RetryConfiguration {
    // Called once before each retry: attempts so far = retries + 1.
    return buildRetryConfiguration(sdk.common, s, () => (counter.attempts += 1));
}

/** One API call with retries; failures become one clear error naming operation, status and attempts. */
export async function callWithRetries<T>(
    sdk: Sdk,
    s: Settings,
    operation: string,
    call: (retry: ociCommon.RetryConfiguration) => Promise<T>,
): Promise<T> {
    const counter: AttemptCounter = { attempts: 1 };
    try {
        return await call(retryConfiguration(sdk, s, counter));
    } catch (err) {
        throw new Error(`${failurePrefix(s)}: ${describeCallFailure(operation, err, counter.attempts)}`);
    }
}

/** "<operation> returned <status> <code> after N attempts: <message>" from an OciError or a network error. */
function describeCallFailure(operation: string, err: unknown, attempts: number): string {
    const e = (typeof err === "object" && err !== null ? err : {}) as Record<string, unknown>;
    const tries = `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
    if (typeof e.statusCode === "number" && e.statusCode > 0) {
        return `${operation} returned ${e.statusCode} ${String(e.serviceCode ?? "")} ${tries}: ${errorText(err)}`;
    }
    const code = typeof e.code === "string" || typeof e.code === "number" ? ` (${e.code})` : "";
    return `${operation} got no response${code} ${tries}: ${errorText(err)}`;
}

function errorText(err: unknown): string {
    if (typeof err === "string") return err;
    if (typeof err === "object" && err !== null && typeof (err as { message?: unknown }).message === "string") {
        return (err as { message: string }).message;
    }
    return String(err);
}

/** The tenancy's subscription to the region, if OCI lists one. */
export async function findSubscription(
    sdk: Sdk,
    client: ociIdentity.IdentityClient,
    s: Settings,
    regionKey: string,
): Promise<Subscription | undefined> {
    const response = await callWithRetries(sdk, s, "listRegionSubscriptions", (retryConfiguration) =>
        client.listRegionSubscriptions({ tenancyId: s.tenancyId, retryConfiguration }),
    );
    return response.items.find(
        (item) => item.regionName === s.region || item.regionKey?.toUpperCase() === regionKey,
    );
}

function sleep(seconds: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

/** Lists until the subscription is READY, for at most `waitTimeoutSeconds`. */
export async function waitUntilReady(
    sdk: Sdk,
    client: ociIdentity.IdentityClient,
    s: Settings,
    regionKey: string,
): Promise<Subscription> {
    const deadline = Date.now() + s.waitTimeoutSeconds * 1000;
    for (;;) {
        const found = await findSubscription(sdk, client, s, regionKey);
        if (found?.status === READY) return found;
        // Listing lags creation for a moment: "not listed" is a state to wait out, like IN_PROGRESS.
        const lastStatus = found?.status ?? "not listed";
        if (Date.now() + s.pollIntervalSeconds * 1000 > deadline) {
            throw new Error(
                `${failurePrefix(s)}: the subscription of tenancy ${s.tenancyId} to ${s.region} (${regionKey}) ` +
                    `was not READY within waitTimeoutSeconds=${s.waitTimeoutSeconds}; last status: ${lastStatus}. ` +
                    "A subscription cannot be cancelled and may still complete: run the update again to adopt it.",
            );
        }
        await sleep(s.pollIntervalSeconds);
    }
}
