/**
 * `RegionSubscription`: subscribes the tenancy to a region, which Oracle-managed DR requires for the
 * secondary region before the instance is created.
 *
 * The OCI provider has no resource for this, so it is a Pulumi dynamic resource on the official
 * `oci-identity` SDK: `ListRegionSubscriptions` to find an existing subscription (adopted, never
 * re-created), `CreateRegionSubscription` otherwise, then polling until the subscription is READY.
 *
 * A region subscription cannot be undone: OCI has no unsubscribe. The resource is therefore always
 * retained on delete and its provider's `delete` touches nothing in the cloud.
 *
 * The provider below is serialized into the stack by Pulumi's closure serializer and runs in the
 * SDK's dynamic provider host. Its functions and the module-level values they use are captured by
 * value (the text is stored in state under `__provider`, node_modules/@pulumi/pulumi/dynamic/index.js:77-81).
 * The host loads that text with require-from-string, whose module paths are those of the host's
 * working directory (node_modules/require-from-string/index.js:22), i.e. the user's program
 * (pulumi/pulumi @ 1b5949891b3c sdk/go/common/resource/plugin/plugin.go:599 `cmd.Dir = pwd`). So the
 * text names no package by name: the OCI SDK is loaded from oic-dr's own install (`loadOciModule`),
 * and the inputs are validated without zod (a program's top-level zod can be any major version).
 * Nothing secret is captured: credentials are read from the OCI config file (or the instance's or
 * resource's principal) when the host calls the provider.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as ociCommon from "oci-common";
import type * as ociIdentity from "oci-identity";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../../facts/drSupport";
import { DEFAULT_AUTH_METHOD, SDK_AUTH_METHODS, sdkAuthMethod } from "../../facts/ociAuth";
import { describeConfigFileLocation, sdkAuthProvider, sdkClientConfiguration, sdkRetryConfiguration } from "../support/ociSdkSetup";

/**
 * The dynamic type (the engine sees `dynamicTypeToken(REGION_SUBSCRIPTION_TYPE)`). Used by the
 * constructor only: the serialized provider captures nothing from drSupport.
 */
export const REGION_SUBSCRIPTION_TYPE = DYNAMIC_TYPES.regionSubscription;

/**
 * How the SDK authenticates. Only where the credentials are is recorded, never the credentials:
 * these values end up in the stack's state.
 */
export interface RegionSubscriptionAuth {
    // A string, not a union of the three names: the component's schema for other languages cannot
    // express a union (Pulumi's component analyzer refuses them; see provider/README.md). The
    // provider's `check` refuses any other value, naming the allowed ones (inputFailures below).
    // The words are the OCI provider's `auth` (ociAuth.ts); "ConfigFile", this field's former name
    // of ApiKey, is still read: existing stacks hold it in their state.
    /** "ApiKey" (default: ~/.oci/config, or configFile), "InstancePrincipal" or "ResourcePrincipal". */
    method?: string;
    /** Path of the OCI config file (default `$OCI_CONFIG_FILE`, then ~/.oci/config). Only for ApiKey. */
    configFile?: string;
    /** Profile in that file (default "DEFAULT"). Only for ApiKey. */
    profile?: string;
}

export interface RegionSubscriptionArgs {
    tenancyId: pulumi.Input<string>;
    /** Region identifier of the tenancy's home region; IAM calls go to the home region. */
    homeRegion: pulumi.Input<string>;
    /** Region identifier to subscribe, e.g. "us-phoenix-1". */
    region: pulumi.Input<string>;
    auth?: pulumi.Input<RegionSubscriptionAuth>;
    /** Bound for waiting until the subscription is READY (default 600). */
    waitTimeoutSeconds?: pulumi.Input<number>;
    /** Time between two listings while waiting (default 10). */
    pollIntervalSeconds?: pulumi.Input<number>;
    /** Attempts per API call when OCI answers 429 or 5xx (default 6). */
    maxAttempts?: pulumi.Input<number>;
    /** Overrides the Identity endpoint (tests point it at a local fake). */
    endpoint?: pulumi.Input<string>;
}

/** What the provider receives: the arguments, resolved. */
export interface RegionSubscriptionInputs {
    tenancyId: string;
    homeRegion: string;
    region: string;
    auth?: RegionSubscriptionAuth;
    waitTimeoutSeconds?: number;
    pollIntervalSeconds?: number;
    maxAttempts?: number;
    endpoint?: string;
    /**
     * Delay before the first retry, doubled on each further retry (default 1 s, as the SDK's own
     * backoff). Not an argument of the component: it exists so tests can retry in milliseconds.
     */
    retryBaseDelaySeconds?: number;
}

/** The provider's state: the non-secret inputs plus what OCI reports. */
export interface RegionSubscriptionOutputs extends RegionSubscriptionInputs {
    /** Three-letter region key, e.g. "PHX". */
    regionKey: string;
    regionName: string;
    /** READY once created; `read` reports whatever OCI lists. */
    status: string;
    /** True when the subscription existed before this resource was created. */
    adopted: boolean;
}

/**
 * Not exported, like everything the provider reads: TypeScript compiles a module's reference to its
 * own `export const X` as `exports.X`, and the closure serializer captures a module's `exports`
 * object that lives under node_modules as `require("<package>/<path inside it>")`
 * (@pulumi/pulumi 3.270 runtime/closure/createClosure.js, captureModuleAsync), a
 * path that oic-dr's `exports` map refuses when the host loads the provider from an install.
 * test/tarball.test.ts runs the serialized text from the packed package.
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
const AUTH_METHODS: readonly string[] = SDK_AUTH_METHODS;
const DEFAULT_METHOD = DEFAULT_AUTH_METHOD;
const buildAuthProvider = sdkAuthProvider;
const describeLocation = describeConfigFileLocation;
const buildRetryConfiguration = sdkRetryConfiguration;
const clientConfiguration = sdkClientConfiguration;

/** Inputs whose change means another subscription: the resource is replaced (the old one retained). */
const REPLACING_PROPERTIES = ["tenancyId", "homeRegion", "region"] as const;
/** Inputs that only change how the provider talks to OCI: updated in place without any API call. */
const IN_PLACE_PROPERTIES = [
    "auth",
    "waitTimeoutSeconds",
    "pollIntervalSeconds",
    "maxAttempts",
    "endpoint",
    "retryBaseDelaySeconds",
] as const;

/**
 * Pulumi's marker for a value not known during preview; the engine sends it as this string
 * (pulumi/pulumi @ 1b5949891b3c sdk/go/common/resource/plugin/rpc.go:73). Read into a module
 * constant so the serializer captures the string: the provider must not load the Pulumi SDK.
 */
const UNKNOWN_VALUE: string = pulumi.runtime.unknownValue;

const READY = "READY";
const IN_PROGRESS = "IN_PROGRESS";

type Sdk = { common: typeof ociCommon; identity: typeof ociIdentity };
type Subscription = ociIdentity.models.RegionSubscription;

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

/** The package name in package.json: the fallback finds oic-dr as a program installs it. */
const OIC_DR_PACKAGE = "oic-dr";

/** The SDKs, loaded at call time so the serialized provider carries paths, not copies. */
function loadSdk(): Sdk {
    return {
        common: loadOciModule("oci-common", OCI_SDK_FILES.common) as typeof ociCommon,
        identity: loadOciModule("oci-identity", OCI_SDK_FILES.identity) as typeof ociIdentity,
    };
}

/**
 * Loads `name` from `file`, where oic-dr had it when the program ran. The text in state may be run
 * again later where that file is gone (refresh and destroy run the provider text from the state,
 * node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js:229-240 and 293-297; another machine,
 * a reinstall): then from the oic-dr installed for the program in the host's working directory (its
 * real path, where pnpm puts its dependencies), and last from that directory itself (a program
 * using oic-dr's sources from a checkout, with npm's hoisting).
 */
function loadOciModule(name: string, file: string): unknown {
    const fs = require("fs") as typeof import("fs");
    const path = require("path") as typeof import("path");
    const { createRequire } = require("module") as typeof import("module");
    if (fs.existsSync(file)) return require(file);
    const programDir = process.cwd();
    // createRequire wants a file name; it resolves from that file's directory, the file need not exist.
    const programRequire = createRequire(path.join(programDir, "program.js"));
    // Node's own lookup list for a package required from the program's directory.
    for (const dir of programRequire.resolve.paths(OIC_DR_PACKAGE) ?? []) {
        const manifest = path.join(dir, OIC_DR_PACKAGE, "package.json");
        if (fs.existsSync(manifest)) return createRequire(fs.realpathSync(manifest))(name);
    }
    let resolved: string | undefined;
    try {
        resolved = programRequire.resolve(name);
    } catch {
        throw new Error(
            `Region subscription provider: cannot load ${name}: ${file} (where oic-dr had it when the program ran) is gone, ` +
                `and neither ${OIC_DR_PACKAGE} nor ${name} is installed in ${programDir}; install the program's dependencies there`,
        );
    }
    return require(resolved);
}

/** The inputs with defaults applied; the values that are only read, never stored. */
function settingsOf(inputs: RegionSubscriptionInputs) {
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

type Settings = ReturnType<typeof settingsOf>;

/** Prefix of every error, so a failed `pulumi up` says which subscription failed. */
function failurePrefix(s: Pick<Settings, "region">): string {
    return `Region subscription to ${s.region} failed`;
}

/**
 * The three-letter key CreateRegionSubscription takes (PHX for us-phoenix-1), from the SDK's region
 * table (which also reads ~/.oci/regions-config.json and OCI_REGION_METADATA for newer regions).
 */
function regionKeyOf(sdk: Sdk, region: string): string | undefined {
    return sdk.common.Region.fromRegionId(region)?.regionCode?.toUpperCase();
}

function requireRegionKey(sdk: Sdk, s: Settings): string {
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
async function identityClient(sdk: Sdk, s: Settings): Promise<ociIdentity.IdentityClient> {
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
async function callWithRetries<T>(
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
async function findSubscription(
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
async function waitUntilReady(
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

/** Stable ID of a subscription: OCI gives none, and a tenancy subscribes to a region at most once. */
function subscriptionId(s: Pick<Settings, "tenancyId" | "region">): string {
    return `${s.tenancyId}/${s.region}`;
}

/** The inputs as stored in state: only keys with a value, no provider-internal ones. */
function storedInputs(inputs: RegionSubscriptionInputs): RegionSubscriptionInputs {
    const stored: Record<string, unknown> = {};
    for (const key of [...REPLACING_PROPERTIES, ...IN_PLACE_PROPERTIES]) {
        if (inputs[key] !== undefined) stored[key] = inputs[key];
    }
    return stored as unknown as RegionSubscriptionInputs;
}

/** `auth` with its method in today's word (the default spelled out): equal when it signs the same way. */
function comparableAuth(auth: RegionSubscriptionAuth | undefined): RegionSubscriptionAuth | undefined {
    if (auth === undefined) return undefined;
    const method = authMethodOf(auth.method ?? DEFAULT_METHOD) ?? auth.method;
    return { method, configFile: auth.configFile, profile: auth.profile };
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function describeValue(value: unknown): string {
    return value === undefined ? "undefined" : JSON.stringify(value);
}

type InputFailure = { property: string; reason: string };

const TENANCY_OCID = /^ocid1\.tenancy\.oc\d+\.\.[a-z0-9]+$/;
const REGION_IDENTIFIER = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const AUTH_KEYS = ["method", "configFile", "profile"];

/**
 * What is wrong with the inputs, each failure naming the property, the value given and what is
 * allowed. Written out rather than with zod: this runs inside the serialized provider, where a
 * package required by name would come from the program's directory (see the top of this file).
 * A value unknown during preview is checked once it is known.
 */
function inputFailures(sdk: Sdk, inputs: unknown): InputFailure[] {
    if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
        return [{ property: "(inputs)", reason: `the inputs must be an object, got ${describeValue(inputs)}` }];
    }
    const given = inputs as Record<string, unknown>;
    const failures: InputFailure[] = [];
    const check = (property: string, value: unknown, problem: (value: unknown) => string | undefined) => {
        if (value === UNKNOWN_VALUE) return;
        const reason = problem(value);
        if (reason !== undefined) failures.push({ property, reason });
    };
    const optional = (problem: (value: unknown) => string | undefined) => (value: unknown) =>
        value === undefined ? undefined : problem(value);

    check("tenancyId", given.tenancyId, (v) =>
        typeof v !== "string"
            ? `tenancyId must be a tenancy OCID string, got ${describeValue(v)}`
            : TENANCY_OCID.test(v)
              ? undefined
              : `tenancyId ${describeValue(v)} is not a tenancy OCID; expected ocid1.tenancy.<realm>..<unique id>, e.g. ocid1.tenancy.oc1..aaaa...`,
    );
    for (const property of ["homeRegion", "region"]) {
        check(property, given[property], (v) => regionProblem(sdk, property, v));
    }
    check("auth", given.auth, optional((auth) => {
        if (typeof auth !== "object" || auth === null || Array.isArray(auth)) {
            return `auth must be an object with method, configFile and profile, got ${describeValue(auth)}`;
        }
        const fields = auth as Record<string, unknown>;
        check("auth.method", fields.method, optional((v) =>
            authMethodOf(v) !== undefined
                ? undefined
                : `auth.method ${describeValue(v)} is not supported; allowed: ${AUTH_METHODS.join(", ")}`,
        ));
        check("auth.configFile", fields.configFile, optional((v) =>
            typeof v === "string" && v.length > 0 ? undefined : `auth.configFile must be a non-empty path, got ${describeValue(v)}`,
        ));
        check("auth.profile", fields.profile, optional((v) =>
            typeof v === "string" && v.length > 0 ? undefined : `auth.profile must be a non-empty profile name, got ${describeValue(v)}`,
        ));
        // Only the names of the extra keys: their values may be the very credentials refused here.
        const extra = Object.keys(fields).filter((k) => !AUTH_KEYS.includes(k));
        return extra.length === 0
            ? undefined
            : `auth may only name ${AUTH_KEYS.slice(0, -1).join(", ")} and ${AUTH_KEYS.at(-1)}, not ${extra.join(", ")}: ` +
                  "keys and credentials stay in the OCI config file and never enter the stack";
    }));
    for (const property of ["waitTimeoutSeconds", "pollIntervalSeconds"]) {
        check(property, given[property], optional((v) =>
            typeof v !== "number" || !Number.isFinite(v)
                ? `${property} must be a number of seconds, got ${describeValue(v)}`
                : v > 0
                  ? undefined
                  : `${property} ${describeValue(v)} must be greater than 0 (seconds)`,
        ));
    }
    check("maxAttempts", given.maxAttempts, optional((v) =>
        typeof v !== "number"
            ? `maxAttempts must be a whole number, got ${describeValue(v)}`
            : Number.isInteger(v) && v >= 1 && v <= 20
              ? undefined
              : `maxAttempts ${describeValue(v)} must be a whole number from 1 to 20`,
    ));
    check("endpoint", given.endpoint, optional(endpointProblem));
    check("retryBaseDelaySeconds", given.retryBaseDelaySeconds, optional((v) =>
        typeof v !== "number" || !Number.isFinite(v)
            ? `retryBaseDelaySeconds must be a number of seconds, got ${describeValue(v)}`
            : v >= 0
              ? undefined
              : `retryBaseDelaySeconds ${describeValue(v)} must be 0 or more seconds`,
    ));
    return failures;
}

/** Why `value` is not a region identifier the SDK knows; a malformed one gets only the format message. */
function regionProblem(sdk: Sdk, property: string, value: unknown): string | undefined {
    if (typeof value !== "string") return `${property} must be a region identifier string, got ${describeValue(value)}`;
    if (!REGION_IDENTIFIER.test(value)) {
        return `${property} ${describeValue(value)} is not an OCI region identifier; expected lowercase like "us-phoenix-1"`;
    }
    if (regionKeyOf(sdk, value) === undefined) {
        return (
            `${property} ${describeValue(value)} is not a region oci-common knows; use a region identifier such as "us-phoenix-1" ` +
            "(newer regions: ~/.oci/regions-config.json or OCI_REGION_METADATA)"
        );
    }
    return undefined;
}

/**
 * Why `value` is not an http(s) URL, parsed by the WHATWG URL parser as the SDK's HTTP client will.
 * A URL carrying a user or password is refused without printing it: it would land in state.
 */
function endpointProblem(value: unknown): string | undefined {
    const allowed = 'an http(s) URL such as "https://identity.us-ashburn-1.oci.oraclecloud.com"';
    let url: URL | undefined;
    try {
        url = typeof value === "string" ? new URL(value) : undefined;
    } catch {
        url = undefined;
    }
    if (url && (url.username !== "" || url.password !== "")) {
        return `endpoint must not carry a user or password (the value is not shown); give ${allowed}`;
    }
    if (url?.protocol === "http:" || url?.protocol === "https:") return undefined;
    // Whatever precedes an "@" may be a user and password, also in a value that is no URL at all.
    const shown = typeof value === "string" && value.includes("@") ? "(not shown: it contains an @)" : describeValue(value);
    return `endpoint ${shown} is not ${allowed}`;
}

/**
 * The dynamic provider. Exported so tests can call create/read/diff/delete directly.
 *
 * `delete` does nothing to the subscription, on purpose: a region subscription can never be undone
 * (OCI has no unsubscribe), so `delete` calls no API at all and only lets Pulumi forget the
 * resource. The component also sets `retainOnDelete`.
 * @internal (exported for tests)
 */
export const regionSubscriptionProvider: pulumi.dynamic.ResourceProvider<RegionSubscriptionInputs, RegionSubscriptionOutputs> = {
    async check(_olds, news) {
        return { inputs: news, failures: inputFailures(loadSdk(), news) };
    },

    async diff(_id, olds, news) {
        const replaces = REPLACING_PROPERTIES.filter((key) => !sameValue(olds[key], news[key]));
        // `auth` compared by the method it names: a stack whose state says "ConfigFile" (the former
        // word) and whose program now says "ApiKey" signs the same way, and sees no change.
        const comparable = (key: (typeof IN_PLACE_PROPERTIES)[number], inputs: RegionSubscriptionInputs) =>
            key === "auth" ? comparableAuth(inputs.auth) : inputs[key];
        const inPlace = IN_PLACE_PROPERTIES.filter((key) => !sameValue(comparable(key, olds), comparable(key, news)));
        return { changes: replaces.length + inPlace.length > 0, replaces: [...replaces], deleteBeforeReplace: false };
    },

    async create(inputs) {
        const sdk = loadSdk();
        const s = settingsOf(inputs);
        const regionKey = requireRegionKey(sdk, s);
        const client = await identityClient(sdk, s);

        const existing = await findSubscription(sdk, client, s, regionKey);
        // A subscription that exists (or is being created) is adopted: creating it again would fail.
        const adopted = existing?.status === READY || existing?.status === IN_PROGRESS;
        if (!adopted) {
            // One retry token for every attempt of this create: a retried POST whose first attempt
            // reached OCI does not subscribe twice.
            const opcRetryToken = (require("crypto") as typeof import("crypto")).randomUUID();
            await callWithRetries(sdk, s, "createRegionSubscription", (retryConfiguration) =>
                client.createRegionSubscription({
                    tenancyId: s.tenancyId,
                    createRegionSubscriptionDetails: { regionKey },
                    opcRetryToken,
                    retryConfiguration,
                }),
            );
        }
        const ready = existing?.status === READY ? existing : await waitUntilReady(sdk, client, s, regionKey);
        return {
            id: subscriptionId(s),
            outs: {
                ...storedInputs(inputs),
                regionKey: ready.regionKey?.toUpperCase() ?? regionKey,
                regionName: ready.regionName ?? s.region,
                status: ready.status,
                adopted,
            },
        };
    },

    /** The subscription as OCI lists it now (`pulumi refresh`); an empty ID when it is not listed. */
    async read(id, props) {
        if (!props?.tenancyId || !props.region || !props.homeRegion) {
            throw new Error(`Region subscription ${id}: reading needs tenancyId, homeRegion and region in the state`);
        }
        const sdk = loadSdk();
        const s = settingsOf(props);
        const regionKey = requireRegionKey(sdk, s);
        const found = await findSubscription(sdk, await identityClient(sdk, s), s, regionKey);
        if (!found) return { id: "", props: undefined };
        return {
            id: subscriptionId(s),
            props: {
                ...props,
                regionKey: found.regionKey?.toUpperCase() ?? regionKey,
                regionName: found.regionName ?? s.region,
                status: found.status,
            },
        };
    },

    /** Only auth, endpoint and timing changed: nothing to do in OCI, the new values are kept. */
    async update(_id, olds, news) {
        return {
            outs: {
                ...storedInputs(news),
                regionKey: olds.regionKey,
                regionName: olds.regionName,
                status: olds.status,
                adopted: olds.adopted,
            },
        };
    },

    /**
     * Does nothing to the subscription and calls no API: a region subscription can never be undone
     * (OCI has no unsubscribe). Removing the resource only makes Pulumi forget it; the tenancy stays
     * subscribed.
     */
    async delete() {
        return;
    },
};

/** Keeps only the auth fields that say where credentials are, so nothing else reaches the state. */
function authLocation(auth: RegionSubscriptionAuth | undefined): RegionSubscriptionAuth | undefined {
    if (auth === undefined) return undefined;
    const { method, configFile, profile } = auth;
    return {
        ...(method !== undefined ? { method } : {}),
        ...(configFile !== undefined ? { configFile } : {}),
        ...(profile !== undefined ? { profile } : {}),
    };
}

/**
 * The tenancy's subscription to a region, created (or adopted when it exists) and awaited until
 * READY. Always retained on delete: a region subscription can never be undone.
 */
export class RegionSubscription extends pulumi.dynamic.Resource {
    declare readonly tenancyId: pulumi.Output<string>;
    declare readonly homeRegion: pulumi.Output<string>;
    declare readonly region: pulumi.Output<string>;
    /** Three-letter region key, e.g. "PHX". */
    declare readonly regionKey: pulumi.Output<string>;
    declare readonly regionName: pulumi.Output<string>;
    /** READY once created. */
    declare readonly status: pulumi.Output<string>;
    /** True when the subscription existed already and was adopted. */
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: RegionSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            regionSubscriptionProvider,
            name,
            {
                tenancyId: args.tenancyId,
                homeRegion: args.homeRegion,
                region: args.region,
                auth: args.auth === undefined ? undefined : pulumi.output(args.auth).apply(authLocation),
                waitTimeoutSeconds: args.waitTimeoutSeconds,
                pollIntervalSeconds: args.pollIntervalSeconds,
                maxAttempts: args.maxAttempts,
                endpoint: args.endpoint,
                regionKey: undefined,
                regionName: undefined,
                status: undefined,
                adopted: undefined,
            },
            // A subscription cannot be undone: never let a delete (or a replacement) look like it could.
            pulumi.mergeOptions(opts, { retainOnDelete: true }),
            DYNAMIC_MODULE,
            REGION_SUBSCRIPTION_TYPE,
        );
    }
}
