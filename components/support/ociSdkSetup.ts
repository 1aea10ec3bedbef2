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
        case "ApiKey": {
            let provider: ociCommon.ConfigFileAuthenticationDetailsProvider;
            try {
                provider = withDefaultRegion(region, () => new common.ConfigFileAuthenticationDetailsProvider(location.configFile, location.profile));
            } catch (err) {
                throw new Error(configFileProblem(err, location));
            }
            const keyProblem = await apiKeyProblem(provider);
            if (keyProblem) throw new Error(keyProblem);
            return provider;
        }
    }
}

/**
 * What is wrong with the OCI config file, in words of ours: the SDK's own messages quote the line
 * it could not parse (oci-common lib/config-file-reader.js:150-170, "Found line with no key-value
 * pair: " + line), which can hold a `pass_phrase`, or, with a file that is no OCI config at all
 * (`--config-file /etc/passwd`), that file's first line. So no SDK message is passed on: each known
 * failure is restated, with the line's number when a line is the problem, and anything else says
 * only that the file could not be read.
 */
function configFileProblem(err: unknown, location: ConfigFileLocation): string {
    const fs = require("fs") as typeof import("fs");
    const message = typeof err === "string" ? err : String((err as { message?: unknown })?.message ?? "");
    const unparsable = /^(Found line with no key-value pair: |Found line with no key: |Cannot have empty profile name: |Config parse error, attempted to read configuration without specifying a profile: )(.*?)(\. For more info|$)/s.exec(message);
    if (unparsable) {
        let lineNumber: number | undefined;
        try {
            const quoted = unparsable[2]!.trim();
            const path = require("path") as typeof import("path");
            const os = require("os") as typeof import("os");
            const file = location.configFile ?? process.env.OCI_CONFIG_FILE ?? path.join(os.homedir(), ".oci", "config");
            const index = fs.readFileSync(file, "utf8").split(/\r?\n/).findIndex((line) => line.trim() === quoted);
            if (index >= 0) lineNumber = index + 1;
        } catch {
            // The number is a courtesy: without it the message still says what is wrong.
        }
        return `the file is not in the OCI config format: ${lineNumber ? `line ${lineNumber}` : "a line"} is neither a [PROFILE] header nor key=value (its content is not shown: it may hold a secret)`;
    }
    if (/^File does not exists? at /.test(message) || /Can't load the default config/.test(message)) return "the file does not exist or is not a file";
    if (/^No profile named /.test(message)) return "the file has no such profile";
    const missing = /^missing (\w+) in config/.exec(message);
    if (missing) return `the profile has no ${missing[1]}`;
    if (/Failed to read private key from file path/.test(message)) return "the profile's key_file cannot be read";
    if (/Region not specified/.test(message)) return "the profile names no region";
    return "the file could not be read as an OCI config file";
}

/**
 * The API key a profile names, checked before any request: the SDK reads key_file and pass_phrase
 * at set-up but only uses them when it signs, where a wrong passphrase surfaces as an unexpected
 * error mid-command and a wrong fingerprint as the service's 401. `fingerprint` is the MD5 of the
 * public key's DER encoding, as the OCI CLI computes it (https://docs.oracle.com/en-us/iaas/Content/API/Concepts/apisigningkey.htm,
 * "How to Get the Key's Fingerprint"). Messages name the problem, never the key or the passphrase.
 */
async function apiKeyProblem(provider: ociCommon.ConfigFileAuthenticationDetailsProvider): Promise<string | undefined> {
    const crypto = require("crypto") as typeof import("crypto");
    let key: import("crypto").KeyObject;
    const passphrase = provider.getPassphrase() ?? undefined;
    // PKCS#8 and traditional (PKCS#1) encrypted PEM say so in their header; asked for no passphrase,
    // OpenSSL reports an interrupted prompt (Node 22) rather than a missing passphrase.
    if (!passphrase && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(provider.getPrivateKey())) {
        return "the profile's key_file is encrypted and the profile has no pass_phrase";
    }
    try {
        key = crypto.createPrivateKey({ key: provider.getPrivateKey(), format: "pem", ...(passphrase ? { passphrase } : {}) });
    } catch (err) {
        const code = String((err as { code?: unknown })?.code ?? "");
        const text = String((err as { message?: unknown })?.message ?? "");
        if (code === "ERR_MISSING_PASSPHRASE" || /passphrase required/i.test(text)) return "the profile's key_file is encrypted and the profile has no pass_phrase";
        if (/bad decrypt|bad password|wrong password|BAD_DECRYPT/i.test(`${code} ${text}`)) return "the profile's pass_phrase does not decrypt its key_file";
        return "the profile's key_file does not hold a private key in PEM form";
    }
    const fingerprint = crypto
        .createHash("md5")
        .update(crypto.createPublicKey(key).export({ type: "spki", format: "der" }))
        .digest("hex")
        .match(/../g)!
        .join(":");
    // The key id is `<tenancy>/<user>/<fingerprint>` (oci-common lib/auth/auth.d.ts getKeyId).
    const configured = (await provider.getKeyId()).split("/").pop();
    if (configured !== undefined && configured.toLowerCase() !== fingerprint) {
        return `the profile's fingerprint ${configured} is not that of its key_file's key (${fingerprint}): set the fingerprint the console shows for this key`;
    }
    return undefined;
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
