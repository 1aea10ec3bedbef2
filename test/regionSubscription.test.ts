/**
 * RegionSubscription against a local fake of the OCI Identity endpoint, driven by the real
 * `oci-identity` client: requests are signed with a test RSA key read through a temporary OCI
 * config file (the ConfigFile auth path), and the fake verifies every signature.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { REGION_SUBSCRIPTION_TYPE, RegionSubscription } from "../components/dynamic/regionSubscription";
import {
    regionSubscriptionProvider as provider,
    type RegionSubscriptionInputs,
    type RegionSubscriptionOutputs,
} from "../components/dynamic/regionSubscriptionProvider";
import { createOciTestKey, profilesText, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIdentity, type FakeIdentityServer } from "./fakes/ociIdentityServer";
import { mockEngine, valueOf } from "./harness";

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaafaketenancy";
const USER = "ocid1.user.oc1..aaaaaaaadruser";
/** The DEFAULT profile names another user: requests signed as it would prove the profile was ignored. */
const DEFAULT_PROFILE_USER = "ocid1.user.oc1..aaaaaaaadefaultuser";
const PROFILE = "DR";
/** Pulumi's marker for a value unknown during preview. */
const UNKNOWN = pulumi.runtime.unknownValue as string;

let key: OciTestKey;
let configFile: string;
let privateKeyPem: string;
let publicKey: KeyObject;
let keyId: string;

beforeAll(() => {
    key = createOciTestKey(TENANCY, [
        { name: "DEFAULT", user: DEFAULT_PROFILE_USER, region: "us-ashburn-1" },
        { name: PROFILE, user: USER, region: "us-ashburn-1" },
    ]);
    ({ configFile, privateKeyPem, publicKey } = key);
    keyId = key.keyIdOf(USER);
});

afterAll(() => {
    key.remove();
});

let fake: FakeIdentityServer;
/** Everything written to the console while a test ran (the SDK warns on each retry). */
let consoleOutput: string[];

beforeEach(async () => {
    fake = await startFakeIdentity({ expectedKeyId: keyId, publicKey });
    consoleOutput = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
            consoleOutput.push(args.map(String).join(" "));
        });
    }
});

afterEach(async () => {
    vi.restoreAllMocks();
    await fake.close();
    // No credential or signature is ever logged, whatever the outcome of the test.
    const logged = consoleOutput.join("\n");
    expect(logged).not.toContain(key.privateKeyBody);
    for (const request of fake.requests) {
        const signature = /signature="([^"]+)"/.exec(request.authorization ?? "")?.[1];
        if (signature) expect(logged).not.toContain(signature);
    }
});

/** Inputs for the provider, with bounds small enough that no test waits long. */
function inputs(overrides: Partial<RegionSubscriptionInputs> = {}): RegionSubscriptionInputs {
    return {
        tenancyId: TENANCY,
        homeRegion: "us-ashburn-1",
        region: "us-phoenix-1",
        auth: { method: "ConfigFile", configFile, profile: PROFILE },
        endpoint: fake.endpoint,
        waitTimeoutSeconds: 5,
        pollIntervalSeconds: 0.01,
        maxAttempts: 4,
        retryBaseDelaySeconds: 0.001,
        ...overrides,
    };
}

/** Every request reached the fake signed with the test key, as the DR profile's user. */
function expectAllSigned(): void {
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const request of fake.requests) {
        expect(request.authorization).toMatch(/^Signature /);
        expect(request.keyId).toBe(keyId);
        expect(request.signatureProblem).toBeUndefined();
        expect(request.path).toBe(`/20160918/tenancies/${TENANCY}/regionSubscriptions`);
    }
}

function expectNoCredentials(value: unknown): void {
    const text = JSON.stringify(value);
    expect(text).not.toContain(key.privateKeyBody);
    expect(text).not.toMatch(/PRIVATE KEY|privateKey|passphrase|pass_phrase|fingerprint|Signature /i);
}

describe("RegionSubscription provider against the Identity fake", () => {
    it("subscribes when the tenancy is not subscribed: one POST with the region key, then waits for READY", async () => {
        fake.subscribe(TENANCY, { regionKey: "IAD", regionName: "us-ashburn-1", isHomeRegion: true, statuses: ["READY"] });

        const result = await provider.create(inputs());

        expect(result.id).toBe(`${TENANCY}/us-phoenix-1`);
        expect(result.outs).toEqual({
            ...inputs(),
            // The retry delay is a test knob, not state.
            retryBaseDelaySeconds: 0.001,
            regionKey: "PHX",
            regionName: "us-phoenix-1",
            status: "READY",
            adopted: false,
        } satisfies RegionSubscriptionOutputs);
        const posts = fake.received("POST");
        expect(posts).toHaveLength(1);
        expect(posts[0]!.body).toEqual({ regionKey: "PHX" });
        expect(posts[0]!.headers["opc-retry-token"]).toMatch(/^[0-9a-f-]{36}$/);
        // Listed before creating, then IN_PROGRESS, then READY.
        expect(fake.received("GET")).toHaveLength(3);
        expect(fake.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
        expectAllSigned();
        expectNoCredentials(result.outs);
    });

    it("adopts a subscription that is already READY without creating anything", async () => {
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["READY"] });

        const result = await provider.create(inputs());

        expect(result.outs).toMatchObject({ regionKey: "PHX", regionName: "us-phoenix-1", status: "READY", adopted: true });
        expect(fake.received("POST")).toHaveLength(0);
        expect(fake.received("GET")).toHaveLength(1);
        expectAllSigned();
    });

    it("waits for a subscription in progress and adopts it without creating anything", async () => {
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["IN_PROGRESS", "IN_PROGRESS", "READY"] });

        const result = await provider.create(inputs());

        expect(result.outs).toMatchObject({ status: "READY", adopted: true });
        expect(fake.received("POST")).toHaveLength(0);
        expect(fake.received("GET")).toHaveLength(3);
        expectAllSigned();
    });

    it("retries 429 and 500 and succeeds on the third attempt", async () => {
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["READY"] });
        fake.faults.push(
            { method: "GET", status: 429, code: "TooManyRequests" },
            { method: "GET", status: 500, code: "InternalServerError" },
        );

        const result = await provider.create(inputs());

        expect(result.outs).toMatchObject({ status: "READY", adopted: true });
        expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 429", "GET 500", "GET 200"]);
        // The retries are the SDK's: it marks them and re-signs each attempt.
        expect(fake.requests.every((r) => r.headers["opc-client-retries"] === "true")).toBe(true);
        expectAllSigned();
    });

    it("retries a failed POST with the same retry token, so OCI cannot subscribe twice", async () => {
        fake.faults.push({ method: "POST", status: 503, code: "ServiceUnavailable" });

        const result = await provider.create(inputs());

        expect(result.outs).toMatchObject({ status: "READY", adopted: false });
        const posts = fake.received("POST");
        expect(posts.map((p) => p.status)).toEqual([503, 200]);
        expect(posts[1]!.headers["opc-retry-token"]).toBe(posts[0]!.headers["opc-retry-token"]);
        expectAllSigned();
    });

    it("gives up after maxAttempts on 5xx with an error naming the operation, status and attempts", async () => {
        fake.failForever({ status: 500, code: "InternalServerError", message: "identity is having a bad day" });

        await expect(provider.create(inputs({ maxAttempts: 3 }))).rejects.toThrow(
            "Region subscription to us-phoenix-1 failed: listRegionSubscriptions returned 500 InternalServerError after 3 attempts: identity is having a bad day",
        );
        expect(fake.requests).toHaveLength(3);
        expectAllSigned();
    });

    it("fails at once on a 4xx other than 429", async () => {
        fake.faults.push({ method: "POST", status: 404, code: "NotAuthorizedOrNotFound", message: "Authorization failed or requested resource not found." });

        await expect(provider.create(inputs())).rejects.toThrow(
            "Region subscription to us-phoenix-1 failed: createRegionSubscription returned 404 NotAuthorizedOrNotFound after 1 attempt: Authorization failed or requested resource not found.",
        );
        expect(fake.received("POST")).toHaveLength(1);
    });

    it("stops waiting at waitTimeoutSeconds with an error naming region, tenancy, last status and bound", async () => {
        fake.statusesAfterCreate = ["IN_PROGRESS"];
        const started = Date.now();

        await expect(provider.create(inputs({ waitTimeoutSeconds: 0.15, pollIntervalSeconds: 0.02 }))).rejects.toThrow(
            `Region subscription to us-phoenix-1 failed: the subscription of tenancy ${TENANCY} to us-phoenix-1 (PHX) ` +
                "was not READY within waitTimeoutSeconds=0.15; last status: IN_PROGRESS.",
        );
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(fake.received("POST")).toHaveLength(1);
        expect(fake.received("GET").length).toBeGreaterThanOrEqual(3);
    });

    it("is refused by the fake when signed with another key: the signatures are really verified", async () => {
        await fake.close();
        fake = await startFakeIdentity({ expectedKeyId: keyId, publicKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey });

        await expect(provider.create(inputs())).rejects.toThrow(
            "Region subscription to us-phoenix-1 failed: listRegionSubscriptions returned 401 NotAuthenticated after 1 attempt: signature does not verify with the public key",
        );
        expect(fake.requests).toHaveLength(1);
    });

    it("signs with a profile that names no region: IAM calls go to homeRegion anyway", async () => {
        const regionless = join(key.dir, "config-without-region");
        writeFileSync(regionless, profilesText(TENANCY, key.fingerprint, key.keyFile, [{ name: PROFILE, user: USER }]));
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["READY"] });

        const result = await provider.create(inputs({ auth: { configFile: regionless, profile: PROFILE } }));

        expect(result.outs).toMatchObject({ status: "READY", adopted: true });
        expect(process.env.OCI_REGION).toBeUndefined();
        expectAllSigned();
    });

    it("names the config file and profile when the auth setup fails, without reading the key into the error", async () => {
        await expect(provider.create(inputs({ auth: { configFile, profile: "MISSING" } }))).rejects.toThrow(
            `Region subscription to us-phoenix-1 failed: could not set up ApiKey authentication (profile MISSING of ${configFile})`,
        );
        expect(fake.requests).toHaveLength(0);
    });

    it("delete never calls the API: a subscription cannot be undone", async () => {
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["READY"] });
        const { id, outs } = await provider.create(inputs());
        const before = fake.requests.length;

        await expect(provider.delete!(id, outs!)).resolves.toBeUndefined();

        expect(fake.requests).toHaveLength(before);
    });

    it("reads the current state for refresh, and reports a subscription that is not listed as gone", async () => {
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["IN_PROGRESS", "READY"] });
        const stale: RegionSubscriptionOutputs = { ...inputs(), regionKey: "PHX", regionName: "us-phoenix-1", status: "IN_PROGRESS", adopted: true };

        const first = await provider.read!(`${TENANCY}/us-phoenix-1`, stale);
        expect(first).toEqual({ id: `${TENANCY}/us-phoenix-1`, props: { ...stale, status: "IN_PROGRESS" } });
        const second = await provider.read!(`${TENANCY}/us-phoenix-1`, stale);
        expect(second.props?.status).toBe("READY");

        const elsewhere = await provider.read!(`${TENANCY}/eu-amsterdam-1`, { ...stale, region: "eu-amsterdam-1" });
        expect(elsewhere.id).toBe("");
        expect(fake.received("GET")).toHaveLength(3);
        expect(fake.received("POST")).toHaveLength(0);
        expectAllSigned();
    });
});

describe("RegionSubscription provider: check, diff and update", () => {
    const outs = (): RegionSubscriptionOutputs => ({ ...inputs(), regionKey: "PHX", regionName: "us-phoenix-1", status: "READY", adopted: false });

    it("accepts valid inputs and values unknown during preview", async () => {
        expect((await provider.check!({} as RegionSubscriptionInputs, inputs())).failures).toEqual([]);
        const unknown = { ...inputs(), region: UNKNOWN, tenancyId: UNKNOWN, auth: { profile: UNKNOWN } } as RegionSubscriptionInputs;
        expect((await provider.check!({} as RegionSubscriptionInputs, unknown)).failures).toEqual([]);
    });

    it("names the property, the value and what is allowed for a bad region or tenancy", async () => {
        const bad = {
            ...inputs(),
            region: "US-Phoenix",
            homeRegion: "zz-nowhere-1",
            tenancyId: "ocid1.compartment.oc1..aaaaaaaawrong",
        };
        const { failures } = await provider.check!({} as RegionSubscriptionInputs, bad);
        expect(failures).toEqual([
            {
                property: "tenancyId",
                reason: 'tenancyId "ocid1.compartment.oc1..aaaaaaaawrong" is not a tenancy OCID; expected ocid1.tenancy.<realm>..<unique id>, e.g. ocid1.tenancy.oc1..aaaa...',
            },
            { property: "homeRegion", reason: expect.stringContaining('homeRegion "zz-nowhere-1" is not a region oci-common knows; use a region identifier such as "us-phoenix-1"') },
            { property: "region", reason: 'region "US-Phoenix" is not an OCI region identifier; expected lowercase like "us-phoenix-1"' },
        ]);
    });

    it("refuses credentials in auth and out-of-range bounds", async () => {
        const bad = {
            ...inputs(),
            auth: { method: "SecurityToken", privateKey: "-----BEGIN PRIVATE KEY-----" },
            maxAttempts: 0,
            waitTimeoutSeconds: -1,
            endpoint: "ftp://identity",
        } as unknown as RegionSubscriptionInputs;
        const { failures } = await provider.check!({} as RegionSubscriptionInputs, bad);
        expect(failures).toEqual(
            expect.arrayContaining([
                { property: "auth.method", reason: 'auth.method "SecurityToken" is not supported; allowed: ApiKey, InstancePrincipal, ResourcePrincipal' },
                { property: "auth", reason: expect.stringContaining("auth may only name method, configFile and profile, not privateKey") },
                { property: "maxAttempts", reason: "maxAttempts 0 must be a whole number from 1 to 20" },
                { property: "waitTimeoutSeconds", reason: "waitTimeoutSeconds -1 must be greater than 0 (seconds)" },
                { property: "endpoint", reason: expect.stringContaining('endpoint "ftp://identity" is not an http(s) URL') },
            ]),
        );
        expect(failures).toHaveLength(5);
    });

    it("refuses an endpoint carrying a user or password without printing it", async () => {
        const { failures } = await provider.check!({} as RegionSubscriptionInputs, inputs({ endpoint: "https://dr-user:hunter2@identity.example" }));
        expect(failures).toEqual([
            {
                property: "endpoint",
                reason: 'endpoint must not carry a user or password (the value is not shown); give an http(s) URL such as "https://identity.us-ashburn-1.oci.oraclecloud.com"',
            },
        ]);
        const schemeless = await provider.check!({} as RegionSubscriptionInputs, inputs({ endpoint: "dr-user:hunter2@identity.example" }));
        expect(schemeless.failures).toEqual([
            { property: "endpoint", reason: expect.stringMatching(/^endpoint \(not shown: it contains an @\) is not an http\(s\) URL/) },
        ]);
        expect(JSON.stringify(schemeless.failures)).not.toContain("hunter2");
    });

    it("names a missing tenancy and a wrongly typed auth field with what is allowed", async () => {
        const { tenancyId: _omitted, ...withoutTenancy } = inputs();
        const { failures } = await provider.check!({} as RegionSubscriptionInputs, {
            ...withoutTenancy,
            auth: { configFile: "", profile: 7 },
        } as unknown as RegionSubscriptionInputs);
        expect(failures).toEqual([
            { property: "tenancyId", reason: "tenancyId must be a tenancy OCID string, got undefined" },
            { property: "auth.configFile", reason: 'auth.configFile must be a non-empty path, got ""' },
            { property: "auth.profile", reason: "auth.profile must be a non-empty profile name, got 7" },
        ]);
    });

    it("replaces on a new tenancy, region or home region and changes the rest in place", async () => {
        expect(await provider.diff!("id", outs(), inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
        expect(await provider.diff!("id", outs(), inputs({ region: "eu-amsterdam-1", homeRegion: "eu-frankfurt-1" }))).toMatchObject({
            changes: true,
            replaces: ["homeRegion", "region"],
        });
        expect(await provider.diff!("id", outs(), inputs({ tenancyId: "ocid1.tenancy.oc1..aaaaaaaaother" }))).toMatchObject({ replaces: ["tenancyId"] });
        expect(await provider.diff!("id", outs(), inputs({ auth: { method: "InstancePrincipal" }, waitTimeoutSeconds: 60 }))).toEqual({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
    });

    it("updates in place without calling the API", async () => {
        const news = inputs({ auth: { method: "InstancePrincipal" }, pollIntervalSeconds: 30 });
        const { outs: updated } = await provider.update!("id", outs(), news);
        expect(updated).toEqual({ ...news, regionKey: "PHX", regionName: "us-phoenix-1", status: "READY", adopted: false });
        expect(fake.requests).toHaveLength(0);
    });
});

describe("RegionSubscription under the Pulumi mocks", () => {
    interface RegisterRequest {
        getName(): string;
        getRetainondelete(): boolean | undefined;
    }

    it("registers the dynamic type with its inputs, no credentials, retainOnDelete and a provider that survives serialization", async () => {
        const engine = await mockEngine({ preview: false });
        // The harness records inputs but not retainOnDelete: read it from the request as well.
        const retainOnDelete = new Map<string, boolean | undefined>();
        const monitor = pulumi.runtime.getMonitor() as unknown as {
            registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): unknown;
        };
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, callback) => {
            retainOnDelete.set(req.getName(), req.getRetainondelete());
            return register(req, callback);
        };

        const subscription = new RegionSubscription(
            "secondary-region",
            {
                tenancyId: TENANCY,
                homeRegion: "us-ashburn-1",
                region: "us-phoenix-1",
                // A JavaScript caller could pass anything: only where the credentials are may reach the state.
                auth: { method: "ConfigFile", configFile, profile: PROFILE, privateKey: privateKeyPem } as never,
                endpoint: fake.endpoint,
            },
            { retainOnDelete: false },
        );
        await engine.settle();

        const recorded = engine.resources.filter((r) => r.type === `pulumi-nodejs:dynamic/oic-dr:${REGION_SUBSCRIPTION_TYPE}`);
        expect(recorded).toHaveLength(1);
        const { __provider: serializedProvider, ...registeredInputs } = recorded[0]!.inputs;
        expect(registeredInputs).toEqual({
            tenancyId: TENANCY,
            homeRegion: "us-ashburn-1",
            region: "us-phoenix-1",
            auth: { method: "ConfigFile", configFile, profile: PROFILE },
            endpoint: fake.endpoint,
        });
        expectNoCredentials(registeredInputs);
        // The provider text the SDK stores in state captures none of what the program was given.
        expect(serializedProvider).not.toContain(key.privateKeyBody);
        expect(serializedProvider).not.toContain(key.fingerprint);
        expect(retainOnDelete.get("secondary-region")).toBe(true);
        expect(await valueOf(subscription.region, "region")).toBe("us-phoenix-1");

        // The dynamic-provider host loads the serialized text with require-from-string; do the same
        // and run it against the fake: the closure must be self-contained.
        expect(typeof serializedProvider).toBe("string");
        const hostRequire = createRequire(require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"));
        const requireFromString = hostRequire("require-from-string") as (code: string) => { handler(): typeof provider };
        const deserialized = requireFromString(serializedProvider as string).handler();
        expect((await deserialized.check!({} as RegionSubscriptionInputs, { ...inputs(), region: "nowhere" })).failures).toMatchObject([
            { property: "region" },
        ]);
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["READY"] });
        expect((await deserialized.create(inputs())).outs).toMatchObject({ status: "READY", adopted: true, regionKey: "PHX" });
        expectAllSigned();
    });
});
