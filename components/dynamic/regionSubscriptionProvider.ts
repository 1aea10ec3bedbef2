/**
 * The provider of `RegionSubscription` (regionSubscription.ts): subscribes the tenancy to a region,
 * which Oracle-managed DR requires for the secondary region before the instance is created.
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
 *
 * The provider's code is in three files, serialized together: this one (the provider, its inputs
 * and state), regionSubscriptionOci.ts (the SDK, the client, retries, listing and waiting) and
 * regionSubscriptionInputs.ts (the check of the inputs).
 */
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_AUTH_METHOD, sdkAuthMethod } from "../../facts/ociAuth";
import { inputFailures } from "./regionSubscriptionInputs";
import type { RegionSubscriptionAuth, RegionSubscriptionInputs, RegionSubscriptionOutputs } from "./regionSubscriptionTypes";
import {
    callWithRetries,
    findSubscription,
    identityClient,
    loadSdk,
    requireRegionKey,
    settingsOf,
    SUBSCRIPTION_STATES,
    waitUntilReady,
    type Settings,
} from "./regionSubscriptionOci";

export type { RegionSubscriptionAuth, RegionSubscriptionInputs, RegionSubscriptionOutputs } from "./regionSubscriptionTypes";

/**
 * The provider's helpers (regionSubscriptionOci.ts, regionSubscriptionInputs.ts) and the auth
 * vocabulary (ociAuth.ts), held in non-exported locals: TypeScript compiles a reference through an
 * imported module as a property of that module's `exports`, which the closure serializer captures
 * as a `require` of the module, a path oic-dr's `exports` map refuses when the host loads the
 * provider from an install (see REGION_SUBSCRIPTION_DEFAULTS in regionSubscriptionOci.ts). Held
 * here, the functions are captured by value, with the locals of their own modules.
 */
const checkInputs = inputFailures;
const sdkOfInstall = loadSdk;
const withDefaults = settingsOf;
const regionKeyFor = requireRegionKey;
const clientFor = identityClient;
const callRetrying = callWithRetries;
const listedSubscription = findSubscription;
const readySubscription = waitUntilReady;
const { READY, IN_PROGRESS } = SUBSCRIPTION_STATES;
const authMethodOf = sdkAuthMethod;
const DEFAULT_METHOD = DEFAULT_AUTH_METHOD;

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
        return { inputs: news, failures: checkInputs(sdkOfInstall(), news) };
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
        const sdk = sdkOfInstall();
        const s = withDefaults(inputs);
        const regionKey = regionKeyFor(sdk, s);
        const client = await clientFor(sdk, s);

        const existing = await listedSubscription(sdk, client, s, regionKey);
        // A subscription that exists (or is being created) is adopted: creating it again would fail.
        const adopted = existing?.status === READY || existing?.status === IN_PROGRESS;
        if (!adopted) {
            // One retry token for every attempt of this create: a retried POST whose first attempt
            // reached OCI does not subscribe twice.
            const opcRetryToken = (require("crypto") as typeof import("crypto")).randomUUID();
            await callRetrying(sdk, s, "createRegionSubscription", (retryConfiguration) =>
                client.createRegionSubscription({
                    tenancyId: s.tenancyId,
                    createRegionSubscriptionDetails: { regionKey },
                    opcRetryToken,
                    retryConfiguration,
                }),
            );
        }
        const ready = existing?.status === READY ? existing : await readySubscription(sdk, client, s, regionKey);
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
        const sdk = sdkOfInstall();
        const s = withDefaults(props);
        const regionKey = regionKeyFor(sdk, s);
        const found = await listedSubscription(sdk, await clientFor(sdk, s), s, regionKey);
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
