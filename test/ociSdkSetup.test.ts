/**
 * One OCI client set-up (components/ociSdkSetup.ts): the operations' Integration client and the
 * region subscription's Identity client sign, retry and configure the SDK through the same
 * functions, so the two cannot drift. The module is wrapped, not replaced: every call goes through
 * to the real set-up, and the wrapper records who called it with what.
 */
import type * as ociCommon from "oci-common";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as setup from "../components/support/ociSdkSetup";
import { regionSubscriptionProvider as provider } from "../components/dynamic/regionSubscriptionProvider";
import { regionClient, retryConfiguration, type ClientSettings } from "../operations/clients/ociClient";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIdentity, type FakeIdentityServer } from "./fakes/ociIdentityServer";

vi.mock("../components/support/ociSdkSetup", async (importOriginal) => {
    const real = await importOriginal<typeof import("../components/support/ociSdkSetup")>();
    return {
        ...real,
        sdkAuthProvider: vi.fn(real.sdkAuthProvider),
        sdkRetryConfiguration: vi.fn(real.sdkRetryConfiguration),
        sdkClientConfiguration: vi.fn(real.sdkClientConfiguration),
    };
});

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaafaketenancy";
const USER = "ocid1.user.oc1..aaaaaaaadruser";
const PROFILE = "DR";
const RETRY = { maxAttempts: 4, retryBaseDelaySeconds: 0.25 };

let key: OciTestKey;
let fake: FakeIdentityServer;

beforeAll(async () => {
    key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER }]);
    fake = await startFakeIdentity({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey });
    fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["READY"] });
});

afterAll(async () => {
    await fake.close();
    key.remove();
});

beforeEach(() => vi.clearAllMocks());

/** What a retry configuration does: the delay before each retry, when it stops, what it retries. */
function behaviour(config: ociCommon.RetryConfiguration) {
    const contexts = [1, 2, 3, 4, 5, 6, 7, 8].map((attemptCount) => ({ attemptCount, startTime: new Date(0) }));
    const statuses = [400, 401, 404, 409, 429, 500, 502, 503];
    return {
        delays: contexts.map((c) => config.delayStrategy!.delay(c)),
        stops: contexts.map((c) => config.terminationStrategy!.shouldTerminate(c)),
        retried: statuses.filter((statusCode) => config.retryCondition!({ statusCode } as never)),
    };
}

/** The region subscription's create against the Identity fake: one listing, the subscription is READY. */
async function subscribe(): Promise<void> {
    await provider.create({
        tenancyId: TENANCY,
        homeRegion: "us-ashburn-1",
        region: "us-phoenix-1",
        auth: { method: "ApiKey", configFile: key.configFile, profile: PROFILE },
        endpoint: fake.endpoint,
        ...RETRY,
    });
}

const operationsSettings: ClientSettings = { auth: "ApiKey", configFile: "", profile: PROFILE, timeoutSeconds: 5, ...RETRY };

describe("one OCI client set-up for the operations and the region subscription", () => {
    it("the region subscription signs, retries and configures its client through the shared set-up", async () => {
        await subscribe();

        expect(vi.mocked(setup.sdkAuthProvider)).toHaveBeenCalledWith(
            expect.anything(),
            "ApiKey",
            expect.objectContaining({ configFile: key.configFile, profile: PROFILE }),
            "us-ashburn-1",
        );
        expect(vi.mocked(setup.sdkRetryConfiguration)).toHaveBeenCalledWith(expect.anything(), expect.objectContaining(RETRY), expect.any(Function));
        expect(vi.mocked(setup.sdkClientConfiguration)).toHaveBeenCalled();
    });

    it("the operations sign, retry and configure their client through the same set-up", async () => {
        const rc = await regionClient({ ...operationsSettings, configFile: key.configFile }, "us-phoenix-1", "http://127.0.0.1:9");

        expect(vi.mocked(setup.sdkAuthProvider)).toHaveBeenCalledWith(
            expect.anything(),
            "ApiKey",
            expect.objectContaining({ configFile: key.configFile, profile: PROFILE }),
            "us-phoenix-1",
        );
        expect(vi.mocked(setup.sdkRetryConfiguration)).toHaveBeenCalledWith(expect.anything(), expect.objectContaining(RETRY));
        expect(vi.mocked(setup.sdkClientConfiguration)).toHaveBeenCalled();
        expect(behaviour(rc.retryConfiguration)).toEqual(behaviour(retryConfiguration(operationsSettings)));
    });

    it("with the same bounds, the provider and the operations build the same retry configuration", async () => {
        await subscribe();
        const providers = vi.mocked(setup.sdkRetryConfiguration).mock.results.map((r) => r.value as ociCommon.RetryConfiguration);
        expect(providers.length).toBeGreaterThan(0);

        const expected = {
            // The SDK's 2^n seconds, scaled so the first retry waits 0.25 s, and its 30 s cap scaled alike.
            delays: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => 0.25 * Math.min(2 ** n, 30 / 0.25)),
            // oci-common lib/waiter.js MaxAttemptsTerminationStrategy: stop once attemptCount reaches maxAttempts - 1.
            stops: [false, false, true, true, true, true, true, true],
            retried: [429, 500, 502, 503],
        };
        for (const config of providers) expect(behaviour(config)).toEqual(expected);
        expect(behaviour(retryConfiguration(operationsSettings))).toEqual(expected);
    });
});
