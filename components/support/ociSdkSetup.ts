/**
 * How oic-dr sets up an official OCI SDK client, once for its two users: the operations' Integration
 * clients (operations/ociClient.ts) and the region subscription's Identity client
 * (regionSubscriptionOci.ts): how it signs (ociAuth.ts's words), how it retries, and without the
 * SDK's circuit breaker.
 *
 * The region subscription's provider is serialized into the stack and captures these functions by
 * value: this file imports nothing at run time (the SDK is a parameter), and its functions read
 * only non-exported locals (an exported const would be read as `exports.X`, which the serializer
 * turns into a `require` of this file; see the top of regionSubscriptionProvider.ts).
 */
import type * as ociCommon from "oci-common";
import type { SdkAuthMethod } from "../../facts/ociAuth";

/** The SDK's own cap of one retry delay (oci-common lib/retrier.js's default strategy). */
const RETRY_MAX_DELAY_SECONDS = 30;

/** Where an ApiKey signer finds its key: an OCI config file profile (the SDK's defaults otherwise). */
export interface ConfigFileLocation {
    /** Default `$OCI_CONFIG_FILE`, then ~/.oci/config. */
    configFile?: string;
    /** Default DEFAULT. */
    profile?: string;
}

/** How many attempts one call may make and how long the first retry waits (doubled on each further one). */
export interface RetrySettings {
    maxAttempts: number;
    retryBaseDelaySeconds: number;
}

/**
 * The signer `method` names. `region` is the client's region: the SDK refuses a config profile
 * without `region` unless OCI_REGION is set, although every client here sets its region itself.
 * Throws what the SDK throws; callers name the method and {@link describeConfigFileLocation}.
 */
export async function sdkAuthProvider(
    common: typeof ociCommon,
    method: SdkAuthMethod,
    location: ConfigFileLocation,
    region: string,
): Promise<ociCommon.AuthenticationDetailsProvider> {
    switch (method) {
        case "InstancePrincipal":
            return await new common.InstancePrincipalsAuthenticationDetailsProviderBuilder().build();
        case "ResourcePrincipal":
            return common.ResourcePrincipalAuthenticationDetailsProvider.builder();
        case "ApiKey":
            return withDefaultRegion(region, () => new common.ConfigFileAuthenticationDetailsProvider(location.configFile, location.profile));
    }
}

/** " (profile P of F)" for an ApiKey signer, for errors; nothing for the principals. Never file contents. */
export function describeConfigFileLocation(method: SdkAuthMethod, location: ConfigFileLocation): string {
    return method === "ApiKey" ? ` (profile ${location.profile ?? "DEFAULT"} of ${location.configFile ?? "$OCI_CONFIG_FILE or ~/.oci/config"})` : "";
}

/**
 * Runs `build` with OCI_REGION set to `region` when it is unset. The construction is synchronous,
 * so nothing else sees the variable.
 */
export function withDefaultRegion<T>(region: string, build: () => T): T {
    if (process.env.OCI_REGION !== undefined) return build();
    process.env.OCI_REGION = region;
    try {
        return build();
    } finally {
        delete process.env.OCI_REGION;
    }
}

/**
 * The SDK's retrier configured for one client: at most `maxAttempts` attempts, retrying 429 and 5xx
 * (and failures to reach the service, which never reach the condition) with the SDK's exponential
 * backoff scaled so the first retry waits `retryBaseDelaySeconds`. Other 4xx fail at once.
 * `onRetry` is called once before each retry.
 */
export function sdkRetryConfiguration(common: typeof ociCommon, settings: RetrySettings, onRetry?: () => void): ociCommon.RetryConfiguration {
    const base = settings.retryBaseDelaySeconds;
    // The SDK's strategy waits 2^n seconds, capped; scaling it keeps its shape and its cap.
    const backoff = new common.ExponentialBackoffDelayStrategy(base > 0 ? RETRY_MAX_DELAY_SECONDS / base : RETRY_MAX_DELAY_SECONDS);
    return {
        terminationStrategy: new common.MaxAttemptsTerminationStrategy(settings.maxAttempts),
        delayStrategy: {
            delay(context) {
                onRetry?.();
                return base * backoff.delay(context);
            },
        },
        retryCondition: (error) => error.statusCode === 429 || error.statusCode >= 500,
    };
}

/**
 * Client options: no circuit breaker. Retries are bounded per call by {@link sdkRetryConfiguration};
 * the SDK's default breaker would, after a burst of 5xx, fail calls without sending them and replace
 * that bound by an unrelated "breaker open" error.
 */
export function sdkClientConfiguration(common: typeof ociCommon): ociCommon.ClientConfiguration {
    return { circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }) };
}
