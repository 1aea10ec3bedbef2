/**
 * Deactivates and reactivates one integration on the new primary, as Oracle asks for integrations
 * with polling triggers after a failover: they come over showing their activated status but do not
 * poll until they are activated again (seed 000, "Deactivate and Reactivate Integrations with
 * Polling Triggers"; the API: "Update (Activate/Deactivate) an Integration",
 * https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/op-ic-api-integration-v1-integrations-id-post.html,
 * which also says an active integration must be deactivated before it is changed).
 *
 * Safe to run again: what is done depends on the status read first. ACTIVATED: deactivate, then
 * activate (a polling trigger may show ACTIVATED and not poll: the API has no field that tells).
 * CONFIGURED or FAILEDACTIVATION (a run stopped half-way): activate only. Any other status
 * (an activation in progress): left alone and reported. A status change whose answer is an error
 * is checked by reading the integration again before it is tried again, so a change that happened
 * without its answer is not made twice.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { OicRestError } from "./clients/restError";
import type { OicRestClient } from "./clients/oicRestClient";

export type ReactivationOutcome = "reactivated" | "activated" | "failed" | "error";

export interface ReactivationResult {
    /** `CODE|VERSION`. */
    id: string;
    name: string | undefined;
    statusBefore: string | undefined;
    statusAfter: string | undefined;
    /** The status changes requested, in order (a retry counts once more). */
    actions: ("deactivate" | "activate")[];
    /** reactivated/activated: done; failed: Oracle refused or it did not end ACTIVATED; error: could not be tried. */
    outcome: ReactivationOutcome;
    detail: string;
}

export interface ReactivationOptions {
    /** Attempts of one status change (default 3). */
    attempts?: number;
    /** Pause before a status change is tried again (default 2000 ms). */
    retryDelayMs?: number;
}

/** Credentials refused mid-way: nothing else will work either; the command stops (exit 2). */
function rethrowIfUnauthorized(err: unknown): void {
    if (err instanceof OicRestError && err.kind === "unauthorized") throw err;
}

export async function reactivateIntegration(client: OicRestClient, id: string, options: ReactivationOptions = {}): Promise<ReactivationResult> {
    const attempts = options.attempts ?? 3;
    const retryDelayMs = options.retryDelayMs ?? 2000;
    const result: ReactivationResult = { id, name: undefined, statusBefore: undefined, statusAfter: undefined, actions: [], outcome: "error", detail: "" };

    try {
        const before = await client.getIntegration(id);
        result.name = before.name;
        result.statusBefore = before.status;
    } catch (err) {
        rethrowIfUnauthorized(err);
        result.detail = err instanceof OicRestError && err.status === 404 ? `not found on this instance (${err.message})` : (err as Error).message;
        return result;
    }

    const ensure = async (target: "ACTIVATED" | "CONFIGURED"): Promise<void> => {
        for (let attempt = 1; ; attempt++) {
            result.actions.push(target === "ACTIVATED" ? "activate" : "deactivate");
            try {
                await client.setIntegrationStatus(id, target);
                return;
            } catch (err) {
                rethrowIfUnauthorized(err);
                // The change may have happened though its answer was an error: look before trying again.
                const now = await client.getIntegration(id).catch((readErr: unknown) => {
                    rethrowIfUnauthorized(readErr);
                    return undefined;
                });
                if (now?.status === target) return;
                const refused = err instanceof OicRestError && err.kind === "refused";
                if (refused || attempt >= attempts) throw err;
                await sleep(retryDelayMs * 2 ** (attempt - 1));
            }
        }
    };

    try {
        if (result.statusBefore === "ACTIVATED") {
            await ensure("CONFIGURED");
            await ensure("ACTIVATED");
        } else if (result.statusBefore === "CONFIGURED" || result.statusBefore === "FAILEDACTIVATION") {
            await ensure("ACTIVATED");
        } else {
            result.outcome = "failed";
            result.statusAfter = result.statusBefore;
            result.detail = `status ${result.statusBefore}: left alone (only ACTIVATED, CONFIGURED or FAILEDACTIVATION integrations are changed); run again when it settles`;
            return result;
        }
    } catch (err) {
        rethrowIfUnauthorized(err);
        result.outcome = "failed";
        result.detail = (err as Error).message;
        result.statusAfter = await client.getIntegration(id).then(
            (s) => s.status,
            () => undefined,
        );
        return result;
    }

    // Activation is synchronous unless asked otherwise (enableAsyncActivationMode): read the result.
    try {
        result.statusAfter = (await client.getIntegration(id)).status;
    } catch (err) {
        rethrowIfUnauthorized(err);
        result.outcome = "error";
        result.detail = `activation requested, but its status could not be read: ${(err as Error).message}`;
        return result;
    }
    if (result.statusAfter !== "ACTIVATED") {
        result.outcome = "failed";
        result.detail = `activation requested, but the integration reports ${result.statusAfter}`;
        return result;
    }
    result.outcome = result.statusBefore === "ACTIVATED" ? "reactivated" : "activated";
    result.detail = result.outcome === "reactivated" ? "deactivated and activated again" : `was ${result.statusBefore}; activated`;
    return result;
}
