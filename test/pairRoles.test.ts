/**
 * PairRoles as `pulumi up` runs it: its provider serialized by the SDK's closure serializer, run by
 * the SDK's dynamic provider host, driven over gRPC in the order the engine drives a resource
 * (Check, then Create, or Diff and Update), against the Integration API stand-in
 * (fakes/integrationApiServer.ts) through the official `oci-integration` client, signed with a
 * test key.
 *
 * The engine's part is played by `up` below, from the engine's source (pulumi/pulumi @ 1b5949891b3c):
 * Check gets the old inputs (pkg/resource/deploy/step_generator.go), Diff and Update the old outputs
 * and the checked inputs (pkg/resource/plugin/provider_plugin.go:1775-1790); a refused Check or a
 * failed Diff stops the resource; a partially failed Update keeps the old inputs and the outputs the
 * provider packed (pkg/engine/update.go:1393-1421).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pairRolesProvider } from "../components/dynamic/pairRolesProvider";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIntegrationApi, type FakeIntegrationApi } from "./fakes/integrationApiServer";
import { failuresOf, pb, pulumiRequire, PROVIDER_KEY, startHost, struct, unary, type Host } from "./dynamicProviderHostClient";
import { activeInstance, ASHBURN, COMPARTMENT, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, USER } from "./operationsFixture";

const URN = "urn:pulumi:dev::orders::oic-dr:index:DrPairedIntegration$pulumi-nodejs:dynamic/oic-dr:PairRoles::orders-roles";
const statusproto = pulumiRequire("./proto/status_pb") as { Status: { deserializeBinary(b: Uint8Array): { getDetailsList(): { unpack(f: unknown, name: string): unknown }[] } } };

type Props = Record<string, unknown>;
/** What the engine keeps of the resource between runs. */
interface Stored {
    inputs: Props;
    outputs: Props;
}
/** One run's outcome for the resource. */
interface Run {
    state: Stored | undefined;
    /** Check failures' reasons, a failed Diff's or Update's message. */
    refused?: string;
    operation: "create" | "update" | "same" | "refused" | "partial" | "failed";
}

let key: OciTestKey;
let host: Host;
let text: string;
let hostDir: string;
let fake: FakeIntegrationApi;

beforeAll(async () => {
    key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: ASHBURN }]);
    text = (await pulumi.runtime.serializeFunction(() => pairRolesProvider, { allowSecrets: true })).text;
    hostDir = mkdtempSync(path.join(tmpdir(), "oic-dr-pair-roles-"));
    writeFileSync(path.join(hostDir, "package.json"), JSON.stringify({ name: "program", private: true }));
    host = await startHost(hostDir);
}, 60_000);

afterAll(() => {
    host?.stop();
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
    key?.remove();
});

beforeEach(async () => {
    fake = await startFakeIntegrationApi({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey, regions: [ASHBURN, PHOENIX] });
});

afterEach(async () => {
    for (const r of fake.requests) expect(r.signatureProblem, `${r.method} ${r.path}`).toBeUndefined();
    await fake.close();
    expect(host.output()).not.toContain(key.privateKeyBody);
});

const addPair = (primary = PRIMARY_ID, standby = STANDBY_ID) =>
    fake.addPair(activeInstance(primary, ASHBURN, "orders-oic"), activeInstance(standby, PHOENIX, "orders-oic"));

/** The inputs DrPairedIntegration registers, with bounds small enough that no test waits long. */
function inputs(overrides: Props = {}): Props {
    return {
        pair: "orders",
        stack: "orders/dev",
        region: ASHBURN,
        partnerRegion: PHOENIX,
        compartmentId: COMPARTMENT,
        displayName: "orders-oic",
        instance: { compartmentId: COMPARTMENT, displayName: "orders-oic", messagePacks: 1, freeformTags: { team: "integration" } },
        generation: 0,
        auth: { method: "ApiKey", configFile: key.configFile, profile: PROFILE },
        endpoints: { [ASHBURN]: fake.endpointOf(ASHBURN), [PHOENIX]: fake.endpointOf(PHOENIX) },
        waitTimeoutSeconds: 2,
        pollIntervalSeconds: 0.01,
        maxAttempts: 2,
        retryBaseDelaySeconds: 0.001,
        ...overrides,
        [PROVIDER_KEY]: text,
    };
}

const call = <Req, Res>(method: unknown, request: Req) => unary<Req, Res>(host.client, method as never, request);

/** The partial state packed into a failed Update, as the engine unpacks it (provider_plugin.go parseError). */
function partialState(err: { metadata?: { get(key: string): (string | Buffer)[] } }): Props | undefined {
    const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
    if (!raw) return undefined;
    const status = statusproto.Status.deserializeBinary(raw as Buffer);
    for (const detail of status.getDetailsList()) {
        const init = detail.unpack(pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed") as providerPb.ErrorResourceInitFailed | undefined;
        if (init) return init.getProperties()!.toJavaScript() as Props;
    }
    return undefined;
}

/** One `pulumi up` of the resource, as the engine runs it. */
async function up(state: Stored | undefined, news: Props): Promise<Run> {
    const checked = await call<providerPb.CheckRequest, providerPb.CheckResponse>(
        host.client.check,
        new pb.CheckRequest().setUrn(URN).setOlds(struct(state?.inputs ?? {})).setNews(struct(news)),
    );
    const failures = failuresOf(checked);
    if (failures.length > 0) return { state, refused: failures.map((f) => f.reason).join("\n"), operation: "refused" };
    const checkedInputs = checked.getInputs()!.toJavaScript() as Props;
    if (!state) {
        const created = await call<providerPb.CreateRequest, providerPb.CreateResponse>(host.client.create, new pb.CreateRequest().setUrn(URN).setProperties(struct(checkedInputs)));
        return { state: { inputs: checkedInputs, outputs: created.getProperties()!.toJavaScript() as Props }, operation: "create" };
    }
    let diff: providerPb.DiffResponse;
    try {
        diff = await call(host.client.diff, new pb.DiffRequest().setId("pair-roles").setUrn(URN).setOlds(struct(state.outputs)).setNews(struct(checkedInputs)).setOldInputs(struct(state.inputs)));
    } catch (err) {
        return { state, refused: String((err as { details?: string }).details), operation: "refused" };
    }
    if (diff.getChanges() !== pb.DiffResponse.DiffChanges.DIFF_SOME) return { state, operation: "same" };
    try {
        const updated = await call<providerPb.UpdateRequest, providerPb.UpdateResponse>(
            host.client.update,
            new pb.UpdateRequest().setId("pair-roles").setUrn(URN).setOlds(struct(state.outputs)).setNews(struct(checkedInputs)).setOldInputs(struct(state.inputs)),
        );
        return { state: { inputs: checkedInputs, outputs: updated.getProperties()!.toJavaScript() as Props }, operation: "update" };
    } catch (err) {
        const partial = partialState(err as never);
        const message = String((err as { details?: string }).details);
        return partial ? { state: { inputs: state.inputs, outputs: partial }, refused: message, operation: "partial" } : { state, refused: message, operation: "failed" };
    }
}

const failoverPosts = () => fake.received({ method: "POST", pathContains: "/actions/failover" });
const activeRegionOf = (run: Run) => (run.state?.outputs.live as { activeRegion?: string } | undefined)?.activeRegion;

describe("PairRoles in the SDK's dynamic provider host, against the Integration API stand-in", () => {
    it("never fails over on create: a new stack, a stack adopting a pair at generation 5, a re-created instance", async () => {
        // A new stack: the instance does not exist yet when PairRoles is created before it.
        const fresh = await up(undefined, inputs());
        expect(fresh.operation).toBe("create");
        expect(fresh.state!.outputs.live).toBeUndefined();
        // The instance is created (by the OCI provider, without failoverTrigger); the next run finds it.
        addPair();
        const found = await up(fresh.state, inputs());
        expect(found.operation).toBe("update");
        expect(found.state!.outputs).toMatchObject({ instanceId: PRIMARY_ID, live: { activeRegion: ASHBURN, standbyRegion: PHOENIX, instanceId: PRIMARY_ID, peerId: STANDBY_ID } });

        // A new stack adopting the existing pair at generation 5: recorded, nothing called.
        const adopted = await up(undefined, inputs({ generation: 5 }));
        expect(adopted.operation).toBe("create");
        expect(adopted.state!.outputs).toMatchObject({ generation: 5, live: { activeRegion: ASHBURN } });

        // Deleted outside Pulumi and re-created (a replacement looks the same): the new pair is found by name.
        fake.removePair(PRIMARY_ID);
        const NEW_PRIMARY = "ocid1.integrationinstance.oc1.iad.aaaaaaaarecreated";
        addPair(NEW_PRIMARY, "ocid1.integrationinstance.oc1.phx.aaaaaaaarecreated");
        const recreated = await up(found.state, inputs());
        expect(recreated.state!.outputs).toMatchObject({ instanceId: NEW_PRIMARY, live: { activeRegion: ASHBURN, instanceId: NEW_PRIMARY } });
        expect(failoverPosts()).toEqual([]);
        expect(fake.executedFailovers).toEqual([]);
    });

    it("fails over once on a raise by one: on the standby, in its region, with a retry token, waiting for the new primary", async () => {
        addPair();
        const first = await up(undefined, inputs());
        const raised = await up(first.state, inputs({ generation: 1 }));
        expect(raised.operation).toBe("update");
        expect(fake.executedFailovers).toEqual([STANDBY_ID]);
        const [post] = failoverPosts();
        expect(post).toMatchObject({ region: PHOENIX, path: `/20190131/integrationInstances/${STANDBY_ID}/actions/failover` });
        expect(post!.retryToken).toMatch(/^oic-dr-failover-[0-9a-f]{40}$/);
        expect(fake.instance(STANDBY_ID).role).toBe("PRIMARY");
        expect(raised.state!.outputs).toMatchObject({
            generation: 1,
            live: { activeRegion: PHOENIX, standbyRegion: ASHBURN },
            lastFailover: { generation: 1, activeRegion: PHOENIX, workRequest: expect.stringContaining("integrationworkrequest") },
        });
        // The next runs, with the generation unchanged, call nothing.
        const again = await up(raised.state, inputs({ generation: 1 }));
        expect(again.operation).toBe("same");
        // The switchback: a raise from the new roles fails over the other way, on the instance in Ashburn.
        const back = await up(again.state, inputs({ generation: 2 }));
        expect(back.operation).toBe("update");
        expect(fake.executedFailovers).toEqual([STANDBY_ID, PRIMARY_ID]);
        expect(failoverPosts().map((r) => r.region)).toEqual([PHOENIX, ASHBURN]);
        expect(activeRegionOf(back)).toBe(ASHBURN);
    });

    it("an update that does not see the failover end keeps the request in its state; the retry follows it and never fails over twice", async () => {
        addPair();
        const first = await up(undefined, inputs());
        fake.workRequestStatuses = ["ACCEPTED", "IN_PROGRESS"];
        const timedOut = await up(first.state, inputs({ generation: 1, waitTimeoutSeconds: 0.3 }));
        expect(timedOut.operation).toBe("partial");
        expect(timedOut.refused).toMatch(/was still IN_PROGRESS after 0.3 s\. Run pulumi up again to follow the same request: it does not fail over twice/);
        // The engine kept the old inputs (generation 0) and the outputs naming the request.
        expect(timedOut.state!.inputs.generation).toBe(0);
        const pending = timedOut.state!.outputs.pending as { workRequest: string; attempt: number };
        expect(timedOut.state!.outputs).toMatchObject({ generation: 0, pending: { generation: 1, attempt: 1, targetId: STANDBY_ID, targetRegion: PHOENIX } });

        // The work request then succeeds, and the roles swap: the retry follows it and requests nothing.
        fake.scriptWorkRequest(pending.workRequest, ["SUCCEEDED"]);
        const retried = await up(timedOut.state, inputs({ generation: 1 }));
        expect(retried.operation).toBe("update");
        expect(fake.executedFailovers).toEqual([STANDBY_ID]);
        expect(failoverPosts()).toHaveLength(1);
        expect(retried.state!.outputs).toMatchObject({ generation: 1, live: { activeRegion: PHOENIX }, lastFailover: { workRequest: pending.workRequest } });
        expect(retried.state!.outputs).not.toHaveProperty("pending");
    });

    it("a failover that an earlier run requested and that succeeded is done, even when the roles were moved back since", async () => {
        addPair();
        const first = await up(undefined, inputs());
        fake.workRequestStatuses = ["IN_PROGRESS"];
        const timedOut = await up(first.state, inputs({ generation: 1, waitTimeoutSeconds: 0.2 }));
        const pending = timedOut.state!.outputs.pending as { workRequest: string };
        // It succeeds after the run gave up; then an operator fails the pair back by hand.
        fake.completeWorkRequest(pending.workRequest);
        fake.swapRoles(PRIMARY_ID);
        const started = Date.now();
        const retried = await up(timedOut.state, inputs({ generation: 1, waitTimeoutSeconds: 30 }));
        expect(retried.operation).toBe("update");
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(retried.state!.outputs).toMatchObject({ generation: 1, live: { activeRegion: ASHBURN }, lastFailover: { generation: 1, workRequest: pending.workRequest, activeRegion: PHOENIX, seconds: null } });
        expect(retried.state!.outputs).not.toHaveProperty("pending");
        expect(fake.executedFailovers).toEqual([STANDBY_ID]);
    });

    it("an update interrupted after the request, with no state saved, sends the same retry token: the service executes nothing twice", async () => {
        addPair();
        const first = await up(undefined, inputs());
        fake.workRequestStatuses = ["IN_PROGRESS"];
        const lost = await up(first.state, inputs({ generation: 1, waitTimeoutSeconds: 0.2 }));
        expect(lost.operation).toBe("partial");
        // As if the process died before the engine saved anything: the next run starts from the old state.
        fake.workRequestStatuses = ["SUCCEEDED"];
        const rerun = await up(first.state, inputs({ generation: 1 }));
        const [a, b] = failoverPosts();
        expect(b!.retryToken).toBe(a!.retryToken);
        expect(fake.executedFailovers).toEqual([STANDBY_ID]);
        // The deduplicated request is the first one, which never succeeds in this script: reported, not repeated.
        expect(rerun.operation).toBe("partial");
    });

    it("a failover whose work request FAILED is requested again on the retry, once, with a new token", async () => {
        addPair();
        const first = await up(undefined, inputs());
        fake.workRequestStatuses = ["FAILED"];
        const failed = await up(first.state, inputs({ generation: 1 }));
        expect(failed.operation).toBe("partial");
        expect(failed.refused).toMatch(/ended FAILED; the roles did not change\. Run pulumi up again to request it once more/);
        fake.workRequestStatuses = ["SUCCEEDED"];
        const retried = await up(failed.state, inputs({ generation: 1 }));
        expect(retried.operation).toBe("update");
        const [a, b] = failoverPosts();
        expect(b!.retryToken).not.toBe(a!.retryToken);
        expect(fake.executedFailovers).toEqual([STANDBY_ID, STANDBY_ID]);
        expect(fake.instance(STANDBY_ID).role).toBe("PRIMARY");
    });

    it("refuses a raise when the pair failed over since the last pulumi up recorded it, before calling anything", async () => {
        addPair();
        const first = await up(undefined, inputs());
        // oic-dr failover or the console, between two runs.
        fake.swapRoles(STANDBY_ID);
        const raised = await up(first.state, inputs({ generation: 1 }));
        expect(raised.operation).toBe("refused");
        expect(raised.refused).toContain(
            `failoverGeneration 1 asks for a failover, but the pair has failed over since the last pulumi up recorded it running in ${ASHBURN}: it runs in ${PHOENIX} since`,
        );
        expect(raised.refused).toContain("Run pulumi up once with failoverGeneration 0 to record the roles as they are");
        expect(failoverPosts()).toEqual([]);
        // Recorded by a run without a raise, a raise then fails over (back to Ashburn).
        const recorded = await up(first.state, inputs());
        expect(activeRegionOf(recorded)).toBe(PHOENIX);
        const back = await up(recorded.state, inputs({ generation: 1 }));
        expect(back.operation).toBe("update");
        expect(fake.executedFailovers).toEqual([PRIMARY_ID]);
    });

    it("refuses a change of the instance while it is the standby, and a compartment move always; lets both through otherwise", async () => {
        addPair();
        const first = await up(undefined, inputs());
        const retagged = inputs({ instance: { compartmentId: COMPARTMENT, displayName: "orders-oic", messagePacks: 2, freeformTags: { team: "platform" } } });
        // Primary: the change goes through.
        expect((await up(first.state, retagged)).operation).toBe("update");

        fake.swapRoles(STANDBY_ID);
        const refused = await up(first.state, retagged);
        expect(refused.operation).toBe("refused");
        expect(refused.refused).toMatch(
            new RegExp(
                `^the instance in ${ASHBURN} is the standby since \\S+: the pair runs in ${PHOENIX}\\. Oracle disables a standby's life-cycle operations, ` +
                    `so this change of the instance \\(freeformTags, messagePacks\\) is not sent\\. Fail back first`,
            ),
        );
        // Nothing about the instance changed: the run records the new roles.
        const same = await up(first.state, inputs());
        expect(activeRegionOf(same)).toBe(PHOENIX);

        const OTHER = "ocid1.compartment.oc1..aaaaaaaaother";
        fake.swapRoles(STANDBY_ID);
        const moved = await up(same.state, inputs({ compartmentId: OTHER, instance: { compartmentId: OTHER, displayName: "orders-oic", messagePacks: 1, freeformTags: { team: "integration" } } }));
        expect(moved.refused).toContain(`compartmentId cannot change from ${COMPARTMENT} to ${OTHER}: Oracle-managed disaster recovery does not support moving its instances`);
        expect(failoverPosts()).toEqual([]);
    });

    it("refuses a raise together with a change of the instance, and a lowered or skipped generation", async () => {
        addPair();
        const first = await up(undefined, inputs({ generation: 2 }));
        const both = await up(first.state, inputs({ generation: 3, instance: { compartmentId: COMPARTMENT, displayName: "orders-oic", messagePacks: 3, freeformTags: { team: "integration" } } }));
        expect(both.refused).toBe("raise failoverGeneration in an update of its own: this update also changes the instance (messagePacks)");
        expect((await up(first.state, inputs({ generation: 1 }))).refused).toBe("failoverGeneration went down from 2 to 1; it can only be raised (by one to fail over)");
        expect((await up(first.state, inputs({ generation: 4 }))).refused).toBe("failoverGeneration jumped from 2 to 4; raise it by one (to 3) per failover");
        expect(fake.executedFailovers).toEqual([]);
    });

    it("reads the roles from the partner region when the stack's region does not answer", async () => {
        addPair();
        const first = await up(undefined, inputs());
        const second = await up(first.state, inputs());
        fake.swapRoles(STANDBY_ID);
        await fake.refuseConnections(ASHBURN);
        const run = await up(second.state ?? first.state, inputs());
        expect(activeRegionOf(run)).toBe(PHOENIX);
        expect(run.state!.outputs.live).toMatchObject({ instanceId: PRIMARY_ID, peerId: STANDBY_ID, standbyRegion: ASHBURN });
    });
});
