/**
 * The OCI side of the pair-roles provider (pairRolesProvider.ts): the Integration client, loaded
 * from oic-dr's own install, and the reads and waits the provider makes with it: the roles of the
 * pair, the work request of a failover. Serialized with the provider, so the rules at the top of
 * regionSubscriptionProvider.ts hold here: what this module calls from others it holds in
 * non-exported locals, its constants are not exported, and its functions reach each other by
 * their local names.
 */
import type * as ociCommon from "oci-common";
import type * as ociIntegration from "oci-integration";
import { DEFAULT_AUTH_METHOD, sdkAuthMethod } from "../../facts/ociAuth";
import { sdkAuthProvider, sdkClientConfiguration, sdkRetryConfiguration, describeConfigFileLocation } from "../support/ociSdkSetup";
import { loadFromOicDrInstall } from "./ociInstall";
import { RTO_SECONDS } from "../../facts/recoveryObjectives";
import type { LiveRoles, PairRolesInputs } from "./pairRolesTypes";

const authMethodOf = sdkAuthMethod;
const DEFAULT_METHOD = DEFAULT_AUTH_METHOD;
const buildAuthProvider = sdkAuthProvider;
const buildRetryConfiguration = sdkRetryConfiguration;
const clientConfiguration = sdkClientConfiguration;
const describeLocation = describeConfigFileLocation;
const loadOciModule = loadFromOicDrInstall;

const PROVIDER_NAME = "Pair roles provider";
/** A failover is waited for as long as Oracle's recovery-time objective (facts/recoveryObjectives.ts). */
const RTO = RTO_SECONDS;
const DEFAULTS = Object.freeze({ waitTimeoutSeconds: RTO, pollIntervalSeconds: 10, maxAttempts: 5, retryBaseDelaySeconds: 1 });
/** Life-cycle states of an instance that is no longer there (oci-integration lib/model/integration-instance-summary.d.ts:176-188). */
const GONE_STATES = ["DELETING", "DELETED", "FAILED"];

/** Resolved when the program loads this module; captured into the serialized text as plain strings. */
const OCI_SDK_FILES = { common: require.resolve("oci-common"), integration: require.resolve("oci-integration") };

export type Sdk = { common: typeof ociCommon; integration: typeof ociIntegration };
export type Settings = ReturnType<typeof settingsOf>;

export function loadSdk(): Sdk {
    return {
        common: loadOciModule("oci-common", OCI_SDK_FILES.common, PROVIDER_NAME) as typeof ociCommon,
        integration: loadOciModule("oci-integration", OCI_SDK_FILES.integration, PROVIDER_NAME) as typeof ociIntegration,
    };
}

export function settingsOf(inputs: PairRolesInputs) {
    return {
        ...inputs,
        auth: inputs.auth ?? {},
        waitTimeoutSeconds: inputs.waitTimeoutSeconds ?? DEFAULTS.waitTimeoutSeconds,
        pollIntervalSeconds: inputs.pollIntervalSeconds ?? DEFAULTS.pollIntervalSeconds,
        maxAttempts: inputs.maxAttempts ?? DEFAULTS.maxAttempts,
        retryBaseDelaySeconds: inputs.retryBaseDelaySeconds ?? DEFAULTS.retryBaseDelaySeconds,
        /**
         * One client per region for the whole operation: building one sets up the signer, which
         * reads the config file and checks the key, and a failover polls for up to an hour.
         */
        clients: new Map<string, Promise<ociIntegration.IntegrationInstanceClient>>(),
    };
}

const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, seconds) * 1000));

export function errorText(err: unknown): string {
    const message = typeof err === "object" && err !== null ? (err as { message?: unknown }).message : err;
    // The SDK appends troubleshooting prose after the service's message.
    return String(message ?? err).split("\n")[0]!;
}

/** An error that names the pair; `status` is the HTTP status when the service answered. */
export function pairError(s: Pick<Settings, "pair">, text: string, status?: number): Error & { status?: number } {
    return Object.assign(new Error(`DrPairedIntegration "${s.pair}": ${text}`), { status });
}

/** An Integration client for `region`: its own endpoint, or the one `endpoints` gives. */
export function clientFor(sdk: Sdk, s: Settings, region: string): Promise<ociIntegration.IntegrationInstanceClient> {
    let client = s.clients.get(region);
    if (!client) {
        client = newClient(sdk, s, region);
        s.clients.set(region, client);
        // A failed set-up is not kept: the next call reports it again.
        client.catch(() => s.clients.delete(region));
    }
    return client;
}

async function newClient(sdk: Sdk, s: Settings, region: string): Promise<ociIntegration.IntegrationInstanceClient> {
    const method = authMethodOf(s.auth.method ?? DEFAULT_METHOD);
    if (method === undefined) {
        const error = pairError(s, `the roles of the pair are read with oic-dr's own OCI client, which cannot sign with auth ${shown(s.auth.method)} (ApiKey, InstancePrincipal or ResourcePrincipal)`);
        throw Object.assign(error, { unsupportedAuth: true });
    }
    let auth: ociCommon.AuthenticationDetailsProvider;
    try {
        auth = await buildAuthProvider(sdk.common, method, s.auth, region);
    } catch (err) {
        throw pairError(s, `could not set up ${method} authentication${describeLocation(method, s.auth)}: ${errorText(err)}`);
    }
    const client = new sdk.integration.IntegrationInstanceClient({ authenticationDetailsProvider: auth }, clientConfiguration(sdk.common));
    const endpoint = s.endpoints?.[region];
    if (endpoint) {
        // The SDK appends the API version to whatever endpoint it is given.
        client.endpoint = endpoint.replace(/\/+$/, "");
    } else {
        const ociRegion = sdk.common.Region.fromRegionId(region);
        if (!ociRegion) throw pairError(s, `oci-common does not know the region "${region}"; add it to ~/.oci/regions-config.json or OCI_REGION_METADATA`);
        client.region = ociRegion;
    }
    return client;
}

/** One call with the SDK's bounded retries; a failure names the operation, the region and the status. */
export async function callIn<T>(sdk: Sdk, s: Settings, region: string, operation: string, run: (client: ociIntegration.IntegrationInstanceClient, retry: ociCommon.RetryConfiguration) => Promise<T>): Promise<T> {
    const client = await clientFor(sdk, s, region);
    try {
        return await run(client, buildRetryConfiguration(sdk.common, s));
    } catch (err) {
        const status = (err as { statusCode?: unknown }).statusCode;
        const answered = typeof status === "number" && status > 0;
        throw pairError(s, `${operation} in ${region} ${answered ? `returned ${status}` : "got no answer"}: ${errorText(err)}`, answered ? status : undefined);
    }
}

/** The roles as one instance of the pair reports them. */
export function rolesFrom(instance: ociIntegration.models.IntegrationInstance, region: string, s: Settings): LiveRoles {
    const dr = instance.disasterRecoveryDetails;
    const peer = dr?.crossRegionIntegrationInstanceDetails;
    if (!instance.isDisasterRecoveryEnabled || !dr || !peer?.id || !peer.region) {
        throw pairError(s, `instance ${instance.id} in ${region} reports no disaster-recovery pair (isDisasterRecoveryEnabled ${shown(instance.isDisasterRecoveryEnabled)})`);
    }
    const ownIsPrimary = dr.role === "PRIMARY";
    const fromStackSide = region === s.region;
    return {
        activeRegion: ownIsPrimary ? region : peer.region,
        standbyRegion: ownIsPrimary ? peer.region : region,
        instanceId: fromStackSide ? instance.id : peer.id,
        peerId: fromStackSide ? peer.id : instance.id,
        timeRoleChanged: new Date(peer.timeRoleChanged ?? 0).toISOString(),
    };
}

export async function getInstance(sdk: Sdk, s: Settings, region: string, id: string) {
    const response = await callIn(sdk, s, region, "GetIntegrationInstance", (client, retryConfiguration) =>
        client.getIntegrationInstance({ integrationInstanceId: id, retryConfiguration }),
    );
    return response.integrationInstance;
}

/** The stack's instance by its compartment and display name, in its region; undefined when there is none. */
export async function findByName(sdk: Sdk, s: Settings, compartmentId: string, displayName: string): Promise<string | undefined> {
    const response = await callIn(sdk, s, s.region, "ListIntegrationInstances", (client, retryConfiguration) =>
        client.listIntegrationInstances({ compartmentId, displayName, retryConfiguration }),
    );
    const present = response.items.filter((item) => item.displayName === displayName && !GONE_STATES.includes(String(item.lifecycleState)));
    if (present.length > 1) {
        throw pairError(s, `${present.length} instances are named "${displayName}" in compartment ${compartmentId} of ${s.region} (${present.map((i) => i.id).join(", ")}); cannot tell which one is this stack's`);
    }
    return present[0]?.id;
}

/**
 * The roles now, read from the stack's instance: by the OCID recorded, else (a first run, a
 * re-created instance) by compartment and display name. When its region does not answer, from its
 * peer in the partner region. Undefined when the stack's instance does not exist (yet).
 */
export async function readLive(sdk: Sdk, s: Settings, where: { instanceId?: string; peerId?: string; compartmentId: string; displayName: string }): Promise<LiveRoles | undefined> {
    if (where.instanceId) {
        try {
            const instance = await getInstance(sdk, s, s.region, where.instanceId);
            if (!GONE_STATES.includes(String(instance.lifecycleState))) return rolesFrom(instance, s.region, s);
        } catch (err) {
            const status = (err as { status?: number }).status;
            if (status !== 404) {
                // The stack's region does not answer: the peer knows the roles as well.
                if (!where.peerId) throw err;
                return rolesFrom(await getInstance(sdk, s, s.partnerRegion, where.peerId), s.partnerRegion, s);
            }
        }
    }
    const found = await findByName(sdk, s, where.compartmentId, where.displayName);
    return found ? rolesFrom(await getInstance(sdk, s, s.region, found), s.region, s) : undefined;
}

export function standbyOf(s: Settings, live: LiveRoles): { id: string; region: string } {
    return live.activeRegion === s.region ? { id: live.peerId, region: s.partnerRegion } : { id: live.instanceId, region: s.region };
}

/** At most 64 characters (the API's limit), the same for every retry of one attempt of one generation. */
export function retryToken(s: Settings, instanceId: string, generation: number, attempt: number): string {
    const crypto = require("crypto") as typeof import("crypto");
    const digest = crypto.createHash("sha256").update(`${s.stack}\n${s.pair}\n${instanceId}\n${generation}\n${attempt}`).digest("hex");
    return `oic-dr-failover-${digest.slice(0, 40)}`;
}

export async function workRequestStatus(sdk: Sdk, s: Settings, region: string, id: string): Promise<string | undefined> {
    try {
        const response = await callIn(sdk, s, region, "GetWorkRequest", (client, retryConfiguration) => client.getWorkRequest({ workRequestId: id, retryConfiguration }));
        return response.workRequest.status;
    } catch (err) {
        if ((err as { status?: number }).status === 404) return undefined;
        throw err;
    }
}

/**
 * Polls until `done` answers, at most until `deadline`; the last poll is made at the deadline, not
 * skipped because a full interval would pass it.
 */
export async function pollUntil<T>(s: Settings, deadline: number, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (;;) {
        const value = await read();
        const left = (deadline - Date.now()) / 1000;
        if (done(value) || left <= 0) return value;
        await sleep(Math.min(s.pollIntervalSeconds, left));
    }
}

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);
