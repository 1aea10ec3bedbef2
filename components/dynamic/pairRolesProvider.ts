/**
 * The provider of `PairRoles` (pairRoles.ts): what keeps a stack right while the roles of its DR pair
 * move. It reads the pair's live roles on every run, refuses what a standby or Oracle-managed DR
 * cannot take, and performs the failovers asked for through `failoverGeneration`, once each.
 *
 * Why not the OCI provider's `failoverTrigger` (terraform-provider-oci v8.23,
 * internal/service/integration/integration_integration_instance_resource.go:666-671 create,
 * :769-782 update): it calls DisasterRecoveryFailover on every create where the field is set, so a
 * replaced or re-created instance fails its brand-new pair over; and on a rise it calls the failover
 * without waiting, then UpdateIntegrationInstance, whose failure keeps the old state, so the retry
 * of `pulumi up` fails over again. Here:
 *
 * - `create` never fails over: a new stack, a stack adopting an existing pair, and a replaced
 *   instance start from the roles they find.
 * - `check` (every preview and every update) finds the stack's instance in its region (by the OCID it
 *   recorded, else by compartment and display name) and reads the roles from its
 *   `disasterRecoveryDetails`, or from its peer's when the stack's region does not answer. It refuses
 *   a change of `compartmentId` always (DR does not support compartment moves, seed 000) and any
 *   change of the instance while the stack's instance is the standby (Oracle disables the standby's
 *   life-cycle operations): the resource is registered before the instance, which depends on it, so a
 *   refused check stops the instance's update before it is sent.
 * - `update` on a raise of the generation by one calls DisasterRecoveryFailover on the standby, in
 *   its own region, with a retry token derived from the stack, the pair, the instance, the generation
 *   and the attempt (a repeated request is answered with the first one's work request instead of
 *   executing again: https://docs.oracle.com/en-us/iaas/Content/API/Concepts/usingapi.htm, "Retry
 *   tokens"), and waits for the work request and for the new primary. When it cannot see the end (a
 *   timeout, a failed work request), it fails as a partial failure whose state names the work
 *   request: the engine keeps the old inputs and these outputs (pulumi/pulumi @ 1b5949891b3c
 *   pkg/engine/update.go:1393-1421; the host packs them, node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js:374-398),
 *   so the next `pulumi up` follows that work request instead of requesting another failover, and
 *   requests a new one only after a FAILED or CANCELED one.
 * - A raise when the roles moved since the last `pulumi up` recorded them (the CLI, the console, or
 *   an interrupted update that no state remembers) is refused, in the preview by `diff` and again in
 *   `update`, before anything is called: the stack cannot tell that failover from one it was asked for.
 *
 * Serialized like the region subscription's provider (see the top of regionSubscriptionProvider.ts):
 * what it calls from other modules it holds in non-exported locals, and the OCI SDK is loaded from
 * oic-dr's own install.
 */
import * as pulumi from "@pulumi/pulumi";
import { callIn, errorText, loadSdk, pairError, pollUntil, readLive, retryToken, settingsOf, standbyOf, workRequestStatus } from "./pairRolesOci";
import type { LiveRoles, PairRolesInputs, PairRolesOutputs, PendingFailover } from "./pairRolesTypes";

export type { LiveRoles, PairRolesInputs, PairRolesOutputs } from "./pairRolesTypes";

/**
 * The OCI side (pairRolesOci.ts), held in non-exported locals: a reference through the imported
 * module would be serialized as a `require` of it (see the top of regionSubscriptionProvider.ts).
 */
const ociCall = callIn;
const describeError = errorText;
const sdkOfInstall = loadSdk;
const errorOfPair = pairError;
const pollFor = pollUntil;
const rolesNow = readLive;
const tokenFor = retryToken;
const withDefaults = settingsOf;
const standbyIn = standbyOf;
const statusOfWorkRequest = workRequestStatus;

/**
 * Pulumi's marker for a value unknown during preview (pulumi/pulumi @ 1b5949891b3c
 * sdk/go/common/resource/plugin/rpc.go:73), read into a local so the serializer captures the string.
 */
const UNKNOWN: string = pulumi.runtime.unknownValue;
const FINISHED_WORK_REQUEST = ["SUCCEEDED", "FAILED", "CANCELED"];

/** Known: neither absent nor, anywhere inside, unknown during preview. */
const known = (value: unknown): boolean => value !== undefined && !(JSON.stringify(value) ?? "").includes(UNKNOWN);
const isGeneration = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;
const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);
const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The names of the instance's inputs that differ. */
function changedFields(olds: Record<string, unknown> | undefined, news: Record<string, unknown> | undefined): string[] {
    if (!olds || !news) return [];
    const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
    return keys.filter((key) => known(news[key]) && !sameValue(olds[key], news[key]));
}

function generationProblem(previous: unknown, next: unknown): string | undefined {
    if (!isGeneration(next)) return `failoverGeneration must be a whole number >= 0, got ${shown(next)}`;
    if (!isGeneration(previous)) return undefined;
    if (next < previous) return `failoverGeneration went down from ${previous} to ${next}; it can only be raised (by one to fail over)`;
    if (next > previous + 1) return `failoverGeneration jumped from ${previous} to ${next}; raise it by one (to ${previous + 1}) per failover`;
    return undefined;
}

function rolesMovedProblem(recorded: LiveRoles, live: LiveRoles, generation: number): string {
    return (
        `failoverGeneration ${generation} asks for a failover, but the pair has failed over since the last pulumi up recorded it running in ${recorded.activeRegion}: ` +
        `it runs in ${live.activeRegion} since ${live.timeRoleChanged} (oic-dr failover, the console, or an interrupted pulumi up). Nothing was called. ` +
        `Run pulumi up once with failoverGeneration ${generation - 1} to record the roles as they are; raise it again only to fail the pair over once more`
    );
}

/** The partial failure the engine stores: these outputs with the old inputs (see the module comment). */
function partialFailure(id: string, state: PairRolesOutputs, text: string): Error {
    const error = errorOfPair(state, text);
    return Object.assign(error, { id, properties: state, reasons: [error.message] });
}

/** The inputs as stored: only keys with a value. */
function stored(inputs: PairRolesInputs): PairRolesInputs {
    return Object.fromEntries(Object.entries(inputs).filter(([key, value]) => value !== undefined && key !== "__provider")) as unknown as PairRolesInputs;
}

/** @internal (exported for tests) */
export const pairRolesProvider: pulumi.dynamic.ResourceProvider<PairRolesInputs, PairRolesOutputs> = {
    async check(olds, news) {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        const s = withDefaults(news);
        const generationIsKnown = known(news.generation);
        const step = generationIsKnown ? generationProblem(olds?.generation, news.generation) : undefined;
        if (step) failures.push({ property: "generation", reason: step });
        if (olds?.compartmentId !== undefined && known(news.compartmentId) && olds.compartmentId !== news.compartmentId) {
            failures.push({
                property: "",
                reason:
                    `compartmentId cannot change from ${olds.compartmentId} to ${news.compartmentId}: Oracle-managed disaster recovery does not support moving ` +
                    `its instances to another compartment (Oracle Integration 3, "Oracle-managed disaster recovery", restrictions). Set compartmentId back to ${olds.compartmentId}`,
            });
        }
        const changed = changedFields(olds?.instance as Record<string, unknown> | undefined, news.instance as Record<string, unknown> | undefined);
        const raised = generationIsKnown && isGeneration(olds?.generation) && news.generation === olds.generation + 1;
        if (raised && changed.length > 0) {
            failures.push({ property: "", reason: `raise failoverGeneration in an update of its own: this update also changes the instance (${changed.join(", ")})` });
        }

        // The roles, read on every run once the instance can be found.
        const where = {
            instanceId: olds?.instanceId,
            peerId: olds?.live?.peerId,
            compartmentId: olds?.compartmentId ?? news.compartmentId,
            displayName: olds?.displayName ?? news.displayName,
        };
        let live: LiveRoles | undefined = olds?.live ?? undefined;
        let unreadable: string | undefined;
        let cannotSign = false;
        if (where.instanceId || (known(where.compartmentId) && known(where.displayName))) {
            try {
                live = await rolesNow(sdkOfInstall(), s, where);
            } catch (err) {
                unreadable = describeError(err);
                // A stack that signs only as the provider can (a session token) keeps updating its
                // instance unguarded, as before this resource; only failing over needs the client.
                cannotSign = (err as { unsupportedAuth?: boolean }).unsupportedAuth === true;
            }
        }
        if (live && !unreadable && changed.length > 0 && live.activeRegion !== s.region) {
            failures.push({
                property: "",
                reason:
                    `the instance in ${s.region} is the standby since ${live.timeRoleChanged}: the pair runs in ${live.activeRegion}. ` +
                    `Oracle disables a standby's life-cycle operations, so this change of the instance (${changed.join(", ")}) is not sent. ` +
                    `Fail back first (raise failoverGeneration in an update of its own, or oic-dr failover --region ${s.region}), or keep the change until after the switchback`,
            });
        }
        if (unreadable && (raised || (changed.length > 0 && !cannotSign))) {
            failures.push({ property: "", reason: `cannot tell where the pair runs now, so neither a failover nor a change of the instance is sent: ${unreadable}` });
        }
        if (raised && !unreadable && !live) {
            failures.push({ property: "", reason: `cannot fail over for failoverGeneration ${news.generation}: no instance "${where.displayName}" was found in ${s.region}` });
        }
        const inputs: PairRolesInputs = { ...news, ...(live ? { live, instanceId: live.instanceId } : {}) };
        return { inputs, failures };
    },

    async diff(_id, olds, news) {
        // A raise when the roles moved since the last update is refused here too, so the preview says it.
        const raised = isGeneration(olds.generation) && news.generation === olds.generation + 1;
        if (raised && olds.pending?.generation !== news.generation && olds.live && news.live && olds.live.activeRegion !== news.live.activeRegion) {
            throw errorOfPair(olds, rolesMovedProblem(olds.live, news.live, news.generation));
        }
        const { pending: _pending, lastFailover: _last, ...recorded } = olds;
        return { changes: !sameValue(stored(recorded), stored(news)), replaces: [], deleteBeforeReplace: false };
    },

    /** Records the roles found; never fails over (a create is never a request to). */
    async create(inputs) {
        return { id: "pair-roles", outs: stored(inputs) };
    },

    async update(id, olds, news) {
        const s = withDefaults(news);
        const raised = isGeneration(olds.generation) && news.generation === olds.generation + 1;
        if (!raised) return { outs: { ...stored(news), ...(olds.lastFailover ? { lastFailover: olds.lastFailover } : {}) } };

        const sdk = sdkOfInstall();
        const live = await rolesNow(sdk, s, { instanceId: news.instanceId, peerId: news.live?.peerId, compartmentId: news.compartmentId, displayName: news.displayName });
        if (!live) throw errorOfPair(s, `cannot fail over for failoverGeneration ${news.generation}: the stack's instance was not found in ${s.region}`);
        let pending: PendingFailover | undefined = olds.pending?.generation === news.generation ? olds.pending : undefined;
        if (!pending && olds.live && live.activeRegion !== olds.live.activeRegion) throw errorOfPair(s, rolesMovedProblem(olds.live, live, news.generation));

        const started = Date.now();
        const deadline = started + s.waitTimeoutSeconds * 1000;
        if (pending) {
            const status = await statusOfWorkRequest(sdk, s, pending.targetRegion, pending.workRequest);
            const over = status === "FAILED" || status === "CANCELED" || status === undefined;
            // A request that ended without swapping the roles did nothing: a new one may be made.
            if (over && live.activeRegion !== pending.targetRegion) pending = { ...pending, attempt: pending.attempt + 1, workRequest: "" };
            // One that succeeded did its failover, even if the roles have moved back since (by hand,
            // between the runs): the generation is done, nothing is requested or awaited again.
            if (status === "SUCCEEDED") {
                const now = await rolesNow(sdk, s, { instanceId: live.instanceId, peerId: live.peerId, compartmentId: news.compartmentId, displayName: news.displayName });
                if (now && now.activeRegion !== pending.targetRegion) {
                    return { outs: { ...stored(news), live: now, lastFailover: { generation: news.generation, workRequest: pending.workRequest, activeRegion: pending.targetRegion, seconds: null } } };
                }
            }
        }
        const target = pending?.workRequest ? { id: pending.targetId, region: pending.targetRegion } : standbyIn(s, live);
        const attempt = pending?.attempt ?? 1;
        let workRequest = pending?.workRequest;
        if (!workRequest) {
            const token = tokenFor(s, live.instanceId, news.generation, attempt);
            const response = await ociCall(sdk, s, target.region, "DisasterRecoveryFailover", (client, retryConfiguration) =>
                client.disasterRecoveryFailover({ integrationInstanceId: target.id, opcRetryToken: token, retryConfiguration }),
            );
            if (!response.opcWorkRequestId) throw errorOfPair(s, `DisasterRecoveryFailover in ${target.region} answered without an opc-work-request-id`);
            workRequest = response.opcWorkRequestId;
        }
        const inFlight: PendingFailover = { generation: news.generation, attempt, workRequest, targetId: target.id, targetRegion: target.region };
        // Until the end is seen, the state records the request, not the new generation.
        const unfinished = (text: string) => partialFailure(id, { ...stored(news), generation: olds.generation, live, pending: inFlight }, text);

        const status = await pollFor(s, deadline, () => statusOfWorkRequest(sdk, s, target.region, workRequest), (value) => FINISHED_WORK_REQUEST.includes(String(value)));
        if (status === "FAILED" || status === "CANCELED") {
            throw unfinished(`the failover of failoverGeneration ${news.generation} (work request ${workRequest} in ${target.region}) ended ${status}; the roles did not change. Run pulumi up again to request it once more`);
        }
        if (status !== "SUCCEEDED") {
            throw unfinished(
                `the failover of failoverGeneration ${news.generation} (work request ${workRequest} in ${target.region}) was still ${status ?? "not found"} after ${s.waitTimeoutSeconds} s. ` +
                    "Run pulumi up again to follow the same request: it does not fail over twice",
            );
        }
        const after = await pollFor(
            s,
            deadline,
            () => rolesNow(sdk, s, { instanceId: live.instanceId, peerId: live.peerId, compartmentId: news.compartmentId, displayName: news.displayName }),
            (roles) => roles?.activeRegion === target.region,
        );
        if (after?.activeRegion !== target.region) {
            throw unfinished(`work request ${workRequest} SUCCEEDED but the instance in ${target.region} did not report PRIMARY within ${s.waitTimeoutSeconds} s. Run pulumi up again to follow it`);
        }
        return {
            outs: {
                ...stored(news),
                live: after,
                lastFailover: { generation: news.generation, workRequest, activeRegion: after.activeRegion, seconds: Math.round((Date.now() - started) / 100) / 10 },
            },
        };
    },

    /** Owns nothing in the cloud: forgetting it changes nothing there. */
    async delete() {
        return;
    },
};
