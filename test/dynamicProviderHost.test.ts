/**
 * The dynamic providers as `pulumi up` runs them: serialized by the SDK's own closure serializer,
 * loaded by the SDK's own dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`) and driven
 * over gRPC with the SDK's own `ResourceProvider` client, as the engine drives them.
 *
 * The host's working directory is a "consumer" directory laid out like a pnpm install of a user's
 * program: zod 3 at its top level (the `zod3` dev dependency, linked as `zod`) and no `oci-*`
 * there. The engine starts the host in the program's directory (pulumi/pulumi @ 1b5949891b3c,
 * sdk/go/common/resource/plugin/provider_plugin.go:287 passes ctx.Pwd, plugin.go:599
 * `cmd.Dir = pwd`; context.go:42 "the working directory to spawn all plugins in"), and the host
 * loads the serialized text with require-from-string, whose module paths are those of the working
 * directory (node_modules/require-from-string/index.js:13,22: `Module._nodeModulePaths(path.dirname(''))`).
 * So whatever the serialized text `require`s by package name comes from the user's directory.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pairRolesProvider } from "../components/dynamic/pairRolesProvider";
import { regionSubscriptionProvider, type RegionSubscriptionInputs } from "../components/dynamic/regionSubscriptionProvider";
import { REPO_ROOT } from "./cliRunner";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIdentity, type FakeIdentityServer } from "./fakes/ociIdentityServer";
import { failuresOf, pb, PROVIDER_KEY, startHost, struct, unary, type Host } from "./dynamicProviderHostClient";

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaafaketenancy";
const USER = "ocid1.user.oc1..aaaaaaaadruser";
const PROFILE = "DR";
/**
 * How the engine sends a value unknown during preview: the string sentinel
 * (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go:73 UnknownStringValue), which the host's
 * `Struct.toJavaScript()` hands to the provider unchanged.
 */
const UNKNOWN = pulumi.runtime.unknownValue as string;
const SUBSCRIPTION_URN = "urn:pulumi:dev::oic-dr::pulumi-nodejs:dynamic/oic-dr:RegionSubscription::secondary-region";

/** The provider's text exactly as `pulumi.dynamic.Resource` stores it under `__provider`. */
async function serializedProvider(provider: object): Promise<{ text: string; containsSecrets: boolean }> {
    // node_modules/@pulumi/pulumi/dynamic/index.js:50: `sc.serializeFunction(() => provider, { allowSecrets: true })`.
    return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

let key: OciTestKey;
let consumerDir: string;
let subscriptionText: string;
let host: Host;
let fake: FakeIdentityServer;

beforeAll(async () => {
    key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: "us-ashburn-1" }]);

    // The consumer: zod 3 on top, no oci-* anywhere it can see (as pnpm lays out a program that
    // depends on oic-dr: only direct dependencies at the top).
    consumerDir = mkdtempSync(path.join(tmpdir(), "oic-dr-consumer-"));
    writeFileSync(path.join(consumerDir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    mkdirSync(path.join(consumerDir, "node_modules"));
    symlinkSync(realpathSync(path.join(REPO_ROOT, "node_modules", "zod3")), path.join(consumerDir, "node_modules", "zod"), "dir");
    const consumerRequire = createRequire(path.join(consumerDir, "program.js"));
    expect(consumerRequire("zod/package.json").version).toMatch(/^3\./);
    for (const name of ["oci-common", "oci-identity"]) expect(() => consumerRequire.resolve(name)).toThrow(/Cannot find module/);

    subscriptionText = (await serializedProvider(regionSubscriptionProvider)).text;
    host = await startHost(consumerDir);
}, 60_000);

afterAll(() => {
    host?.stop();
    if (consumerDir) rmSync(consumerDir, { recursive: true, force: true });
    key?.remove();
});

beforeEach(async () => {
    fake = await startFakeIdentity({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey });
});

afterEach(async () => {
    await fake.close();
    // Neither the key nor a request signature ever reaches the host's output.
    const logged = host?.output() ?? "";
    expect(logged).not.toContain(key.privateKeyBody);
    for (const request of fake.requests) {
        const signature = /signature="([^"]+)"/.exec(request.authorization ?? "")?.[1];
        if (signature) expect(logged).not.toContain(signature);
    }
});

/** Inputs as the component registers them, plus bounds small enough that no test waits long. */
function subscriptionInputs(overrides: Partial<RegionSubscriptionInputs> = {}): Record<string, unknown> {
    return {
        tenancyId: TENANCY,
        homeRegion: "us-ashburn-1",
        region: "us-phoenix-1",
        auth: { method: "ConfigFile", configFile: key.configFile, profile: PROFILE },
        endpoint: fake.endpoint,
        waitTimeoutSeconds: 5,
        pollIntervalSeconds: 0.01,
        maxAttempts: 3,
        retryBaseDelaySeconds: 0.001,
        ...overrides,
        [PROVIDER_KEY]: subscriptionText,
    };
}

describe("the serialized providers", () => {
    it("capture no credential and name no package the user's directory would have to provide", async () => {
        // Used once in this process first (signing with the key), so that any credential kept in
        // module state would be there for the serializer to capture.
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["READY"] });
        const { [PROVIDER_KEY]: _text, ...used } = subscriptionInputs();
        await regionSubscriptionProvider.create(used as unknown as RegionSubscriptionInputs);
        expect(fake.requests.map((r) => r.signatureProblem ?? "signed")).toEqual(["signed"]);

        for (const provider of [regionSubscriptionProvider, pairRolesProvider]) {
            const { text, containsSecrets } = await serializedProvider(provider);
            expect(containsSecrets).toBe(false);
            expect(text).not.toContain(key.privateKeyBody);
            expect(text).not.toContain(key.fingerprint);
            expect(text).not.toContain(key.configFile);
            // No key material or passphrase value (the words themselves appear in the code that checks a key).
            expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=]{16}/);
            expect(text).not.toMatch(/pass_?phrase\s*[=:]\s*["'][^"']+["']/i);
            // Every module named in the text is Node's own or an absolute path into oic-dr's install.
            const required = [...text.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]!);
            const fromUserDirectory = required.filter((name) => !builtinModules.includes(name.replace(/^node:/, "")) && !path.isAbsolute(name));
            expect(fromUserDirectory).toEqual([]);
            expect(text).not.toMatch(/\bzod\b/);
        }
    });
});

describe("RegionSubscription in the SDK's dynamic provider host", () => {
    it("checks inputs: valid, unknown during preview, and invalid with messages naming field, value and what is allowed", async () => {
        const check = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
            unary<providerPb.CheckRequest, providerPb.CheckResponse>(
                host.client,
                host.client.check,
                new pb.CheckRequest().setUrn(SUBSCRIPTION_URN).setOlds(struct(olds)).setNews(struct(news)),
            );

        const valid = await check(subscriptionInputs());
        expect(failuresOf(valid)).toEqual([]);
        expect(valid.getInputs()!.toJavaScript()).toEqual(subscriptionInputs());

        const unknown = await check(subscriptionInputs({ tenancyId: UNKNOWN, region: UNKNOWN, auth: { profile: UNKNOWN } }));
        expect(failuresOf(unknown)).toEqual([]);

        const invalid = await check({
            ...subscriptionInputs({ tenancyId: "ocid1.compartment.oc1..aaaaaaaawrong", region: "us-nowhere-9", maxAttempts: 0, endpoint: "ftp://identity" }),
            auth: { method: "SecurityToken", privateKey: "-----BEGIN PRIVATE KEY-----" },
        });
        expect(failuresOf(invalid)).toEqual([
            {
                property: "tenancyId",
                reason: 'tenancyId "ocid1.compartment.oc1..aaaaaaaawrong" is not a tenancy OCID; expected ocid1.tenancy.<realm>..<unique id>, e.g. ocid1.tenancy.oc1..aaaa...',
            },
            {
                property: "region",
                reason: 'region "us-nowhere-9" is not a region oci-common knows; use a region identifier such as "us-phoenix-1" (newer regions: ~/.oci/regions-config.json or OCI_REGION_METADATA)',
            },
            { property: "auth.method", reason: 'auth.method "SecurityToken" is not supported; allowed: ApiKey, InstancePrincipal, ResourcePrincipal' },
            {
                property: "auth",
                reason: "auth may only name method, configFile and profile, not privateKey: keys and credentials stay in the OCI config file and never enter the stack",
            },
            { property: "maxAttempts", reason: "maxAttempts 0 must be a whole number from 1 to 20" },
            { property: "endpoint", reason: 'endpoint "ftp://identity" is not an http(s) URL such as "https://identity.us-ashburn-1.oci.oraclecloud.com"' },
        ]);
        expect(fake.requests).toHaveLength(0);
    });

    it("creates, reads, diffs, updates and deletes against the Identity fake, signing with the key from the config file", async () => {
        const id = `${TENANCY}/us-phoenix-1`;

        const created = await unary<providerPb.CreateRequest, providerPb.CreateResponse>(
            host.client,
            host.client.create,
            new pb.CreateRequest().setUrn(SUBSCRIPTION_URN).setProperties(struct(subscriptionInputs())),
        );
        expect(created.getId()).toBe(id);
        const state = created.getProperties()!.toJavaScript() as Record<string, unknown>;
        expect(state).toEqual({ ...subscriptionInputs(), regionKey: "PHX", regionName: "us-phoenix-1", status: "READY", adopted: false });
        // Listed, subscribed, then listed until READY (the fake's default: IN_PROGRESS, then READY).
        expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200", "POST 200", "GET 200", "GET 200"]);
        expect(fake.received("POST").map((r) => r.body)).toEqual([{ regionKey: "PHX" }]);

        // Refresh: the engine sends the state's outputs (and inputs); the provider lists the subscription.
        const read = await unary<providerPb.ReadRequest, providerPb.ReadResponse>(
            host.client,
            host.client.read,
            new pb.ReadRequest().setId(id).setUrn(SUBSCRIPTION_URN).setProperties(struct(state)).setInputs(struct(subscriptionInputs())),
        );
        expect(read.getId()).toBe(id);
        const refreshed = read.getProperties()!.toJavaScript() as Record<string, unknown>;
        expect(refreshed).toEqual(state);
        // A subscription OCI no longer lists reads as gone: an empty ID.
        const elsewhere = { ...state, region: "eu-amsterdam-1" };
        const gone = await unary<providerPb.ReadRequest, providerPb.ReadResponse>(
            host.client,
            host.client.read,
            new pb.ReadRequest().setId(`${TENANCY}/eu-amsterdam-1`).setUrn(SUBSCRIPTION_URN).setProperties(struct(elsewhere)),
        );
        expect(gone.getId()).toBe("");

        const diff = (news: Record<string, unknown>) =>
            unary<providerPb.DiffRequest, providerPb.DiffResponse>(
                host.client,
                host.client.diff,
                new pb.DiffRequest().setId(id).setUrn(SUBSCRIPTION_URN).setOlds(struct(refreshed)).setNews(struct(news)).setOldInputs(struct(subscriptionInputs())),
            );
        const unchanged = await diff(subscriptionInputs());
        expect(unchanged.getChanges()).toBe(pb.DiffResponse.DiffChanges.DIFF_NONE);
        const moved = await diff(subscriptionInputs({ region: "eu-amsterdam-1" }));
        expect(moved.getChanges()).toBe(pb.DiffResponse.DiffChanges.DIFF_SOME);
        expect(moved.getReplacesList()).toEqual(["region"]);
        const retimed = subscriptionInputs({ waitTimeoutSeconds: 60 });
        const inPlace = await diff(retimed);
        expect(inPlace.getChanges()).toBe(pb.DiffResponse.DiffChanges.DIFF_SOME);
        expect(inPlace.getReplacesList()).toEqual([]);

        const before = fake.requests.length;
        const updated = await unary<providerPb.UpdateRequest, providerPb.UpdateResponse>(
            host.client,
            host.client.update,
            new pb.UpdateRequest().setId(id).setUrn(SUBSCRIPTION_URN).setOlds(struct(refreshed)).setNews(struct(retimed)).setOldInputs(struct(subscriptionInputs())),
        );
        expect(updated.getProperties()!.toJavaScript()).toEqual({ ...retimed, regionKey: "PHX", regionName: "us-phoenix-1", status: "READY", adopted: false });

        await unary<providerPb.DeleteRequest, unknown>(
            host.client,
            host.client.delete,
            new pb.DeleteRequest().setId(id).setUrn(SUBSCRIPTION_URN).setProperties(updated.getProperties()).setOldInputs(struct(retimed)),
        );
        // Update and delete call no API: a subscription cannot be undone.
        expect(fake.requests).toHaveLength(before);

        expect(fake.requests.length).toBeGreaterThan(0);
        for (const request of fake.requests) {
            expect(request.keyId).toBe(key.keyIdOf(USER));
            expect(request.signatureProblem).toBeUndefined();
        }
    });

    it("refreshes and deletes from state written where oic-dr's install was elsewhere, through the oic-dr installed beside the program", async () => {
        // The text in state names oci-* by the absolute paths of the machine that wrote it; on a
        // later run (another machine, a reinstall) they may be gone. pulumi refresh and destroy run
        // that stored text (index.js:229-240, 293-297 take the provider from the state's properties).
        const captured = ["oci-common", "oci-identity"].map((name) => require.resolve(name));
        for (const file of captured) expect(subscriptionText).toContain(JSON.stringify(file));
        let staleText = subscriptionText;
        for (const file of captured) staleText = staleText.split(JSON.stringify(file)).join(JSON.stringify(`/gone/machine${file}`));
        fake.subscribe(TENANCY, { regionKey: "PHX", regionName: "us-phoenix-1", statuses: ["READY"] });
        const id = `${TENANCY}/us-phoenix-1`;
        const state = { ...subscriptionInputs(), regionKey: "PHX", regionName: "us-phoenix-1", status: "IN_PROGRESS", adopted: true, [PROVIDER_KEY]: staleText };
        const read = (client: providerGrpc.ResourceProviderClient) =>
            unary<providerPb.ReadRequest, providerPb.ReadResponse>(client, client.read, new pb.ReadRequest().setId(id).setUrn(SUBSCRIPTION_URN).setProperties(struct(state)));

        // Without oic-dr beside the program there is nothing to load the SDK from: a clear error.
        await expect(read(host.client)).rejects.toMatchObject({
            details: expect.stringMatching(/cannot load oci-common: .*\/gone\/machine.* is gone, and neither oic-dr nor oci-common is installed in /),
        });

        // pnpm: node_modules/oic-dr links to the package, whose own dependencies sit beside its real path.
        const installedDir = mkdtempSync(path.join(tmpdir(), "oic-dr-consumer-installed-"));
        mkdirSync(path.join(installedDir, "node_modules"));
        symlinkSync(realpathSync(path.join(REPO_ROOT, "node_modules", "zod3")), path.join(installedDir, "node_modules", "zod"), "dir");
        symlinkSync(REPO_ROOT, path.join(installedDir, "node_modules", "oic-dr"), "dir");
        const installed = await startHost(installedDir);
        try {
            const refreshed = await read(installed.client);
            expect(refreshed.getProperties()!.toJavaScript()).toEqual({ ...state, status: "READY" });
            await unary<providerPb.DeleteRequest, unknown>(
                installed.client,
                installed.client.delete,
                new pb.DeleteRequest().setId(id).setUrn(SUBSCRIPTION_URN).setProperties(refreshed.getProperties()),
            );
            expect(fake.requests.map((r) => `${r.method} ${r.status} ${r.signatureProblem ?? "signed"}`)).toEqual(["GET 200 signed"]);
        } finally {
            installed.stop();
            rmSync(installedDir, { recursive: true, force: true });
        }
    });
});
