/**
 * `oic-dr post-failover`: what can be automated after a failover, through the OIC REST API of the
 * new primary. One token (client credentials), then each integration named by the caller
 * deactivated and activated again (reactivation.ts), then the connectivity agent groups' status,
 * then the steps that stay manual (manualSteps.ts).
 *
 * The new primary's design-time host and `integrationInstance` name are values here: the command
 * reads them from the instance (GetIntegrationInstance on the new primary) or takes them as flags.
 *
 * Which integrations have polling triggers: named by the caller (`CODE|VERSION`), or, when none are
 * named, read from the new primary with the inference `oic-dr readiness` uses (integrationInventory.ts:
 * the ACTIVATED integrations whose trigger's adapter type is a polling kind). Oracle's reference
 * documents no field that says a trigger polls: the report says the list was inferred, and names it.
 * A run at 3 a.m. needs no list kept by hand; a list given still wins.
 */
import { ClientCredentialsTokens, type ClientCredentials } from "./clients/oauthToken";
import { manualSteps, type ManualStep } from "./manualSteps";
import { OicRestClient, type AgentGroupState } from "./clients/oicRestClient";
import { reactivateIntegration, type ReactivationResult } from "./reactivation";
import { OPERATION_EXIT } from "./operationError";
import { OicRestError } from "./clients/restError";
import { readInventory, type IntegrationInventory } from "./integrationInventory";

export interface PostFailoverInput {
    designUrl: URL;
    integrationInstance: string;
    credentials: ClientCredentials;
    /**
     * `CODE|VERSION` of each integration to deactivate and activate again; undefined: read the ACTIVATED
     * integrations with polling triggers from the new primary (integrationInventory.ts).
     */
    integrations: readonly string[] | undefined;
    /** Per request (default: the credentials' timeout). */
    timeoutMs?: number;
    /** Pauses between retries (tests set 0). */
    retryDelayMs?: number;
    /** Told as each step starts: the command shows it on stderr (cli/waitProgress.ts). */
    onStep?: ((step: PostFailoverStep) => void) | undefined;
}

/** The step post-failover has started, for the progress it shows while the report is not ready. */
export interface PostFailoverStep {
    step: "token" | "inventory" | "reactivate" | "agent-groups";
    /** With `reactivate`: the integration (`CODE|VERSION`), its place (from 1) and how many there are. */
    integration?: string;
    index?: number;
    of?: number;
    elapsedSeconds: number;
}

/** ok: done or as expected; failed: the answer is no (exit 1); error: it could not be checked (exit 2). */
export type CheckStatus = "ok" | "failed" | "error";

/** One line of the report, also what the drill report embeds. */
export interface CheckResult {
    /** `post-failover`: the checks as a whole could not run (the drill reports it so). */
    check: "reactivate" | "agent-group" | "post-failover" | "inventory";
    name: string;
    status: CheckStatus;
    detail: string;
}

export interface PostFailoverReport {
    designHost: string;
    integrationInstance: string;
    checks: CheckResult[];
    integrations: ReactivationResult[];
    /** Where the integrations reactivated came from: named by the caller, or read from the new primary (inferred). */
    integrationsFrom?: "given" | "inventory";
    /** With `inventory`: what was read (polling ones reactivated; event-based ones left to the manual steps). */
    inventory?: IntegrationInventory | undefined;
    agentGroups: AgentGroupState[];
    manualSteps: ManualStep[];
}


/** `CODE|VERSION` as Oracle composes an integration's id: code, `|`, version `NN.NN.NNNN`. */
export const INTEGRATION_ID = /^[A-Z0-9_]+\|\d{2}\.\d{2}\.\d{4}$/;

function reactivationCheck(result: ReactivationResult): CheckResult {
    const status: CheckStatus = result.outcome === "reactivated" || result.outcome === "activated" ? "ok" : result.outcome === "failed" ? "failed" : "error";
    return { check: "reactivate", name: result.id, status, detail: result.detail };
}

function agentGroupCheck(group: AgentGroupState): CheckResult {
    const agents = group.agents.map((a) => `${a.name} ${a.status}`).join(", ");
    return {
        check: "agent-group",
        name: group.name,
        status: group.status === "AVAILABLE" ? "ok" : "failed",
        detail: `${group.status}${agents ? ` (${agents})` : ""}`,
    };
}

/**
 * Runs the automated steps and returns the report. Throws an OicRestError when nothing can be done
 * (token refused, credentials refused by the instance); every other problem is a check in the report.
 */
export async function runPostFailover(input: PostFailoverInput): Promise<PostFailoverReport> {
    for (const id of input.integrations ?? []) {
        if (!INTEGRATION_ID.test(id)) throw new OicRestError(`integration "${id}" is not CODE|VERSION (for example ORDERS_POLL|01.00.0000)`, "refused");
    }
    const started = Date.now();
    const step = (s: Omit<PostFailoverStep, "elapsedSeconds">) => input.onStep?.({ ...s, elapsedSeconds: (Date.now() - started) / 1000 });
    const tokens = new ClientCredentialsTokens(input.credentials);
    // Asked for up front: credentials the identity domain refuses stop the run before any call.
    step({ step: "token" });
    await tokens.token();
    const client = new OicRestClient({
        designUrl: input.designUrl,
        integrationInstance: input.integrationInstance,
        tokens,
        timeoutMs: input.timeoutMs ?? input.credentials.timeoutMs,
        retryDelayMs: input.retryDelayMs,
    });

    const integrations: ReactivationResult[] = [];
    const inventoryChecks: CheckResult[] = [];
    let inventory: IntegrationInventory | undefined;
    if (input.integrations === undefined) {
        step({ step: "inventory" });
        try {
            inventory = await readInventory(client);
            const detail = `${inventory.polling.length} ACTIVATED with a polling trigger of ${inventory.activated} ACTIVATED (inferred from trigger adapter types)`;
            inventoryChecks.push({ check: "inventory", name: "(polling triggers)", status: "ok", detail });
        } catch (err) {
            if (err instanceof OicRestError && err.kind === "unauthorized") throw err;
            inventoryChecks.push({ check: "inventory", name: "(polling triggers)", status: "error", detail: `the integrations could not be listed: ${(err as Error).message}; name them with --integrations` });
        }
    }
    // One at a time: activations on one instance are heavy, and the report keeps the order given.
    const ids = [...new Set(input.integrations ?? inventory?.polling.map((e) => e.id) ?? [])];
    for (const [i, id] of ids.entries()) {
        step({ step: "reactivate", integration: id, index: i + 1, of: ids.length });
        integrations.push(await reactivateIntegration(client, id, { retryDelayMs: input.retryDelayMs }));
    }
    const checks = [...inventoryChecks, ...integrations.map(reactivationCheck)];

    let agentGroups: AgentGroupState[] = [];
    step({ step: "agent-groups" });
    try {
        agentGroups = await client.listAgentGroups();
        checks.push(...agentGroups.map(agentGroupCheck));
    } catch (err) {
        if (err instanceof OicRestError && err.kind === "unauthorized") throw err;
        checks.push({ check: "agent-group", name: "(all)", status: "error", detail: (err as Error).message });
    }

    return {
        designHost: input.designUrl.host,
        integrationInstance: input.integrationInstance,
        checks,
        integrations,
        integrationsFrom: input.integrations === undefined ? "inventory" : "given",
        inventory,
        agentGroups,
        manualSteps: manualSteps({
            designUrl: input.designUrl,
            integrationInstance: input.integrationInstance,
            integrationsGiven: (input.integrations ?? []).length > 0,
            integrationsRead: inventory && { polling: inventory.polling.map((e) => e.id), eventBased: inventory.eventBased.map((e) => e.id) },
            agentGroupsDown: agentGroups.filter((g) => g.status !== "AVAILABLE").map((g) => g.name),
        }),
    };
}

/** The per-check results alone, for the drill report. */
export async function postFailoverChecks(input: PostFailoverInput): Promise<CheckResult[]> {
    return (await runPostFailover(input)).checks;
}

/** 0 every check ok; 1 one was answered no; 2 one could not be made. */
export function postFailoverExitCode(report: PostFailoverReport): number {
    if (report.checks.some((c) => c.status === "error")) return OPERATION_EXIT.couldNotDoIt;
    if (report.checks.some((c) => c.status === "failed")) return OPERATION_EXIT.answerIsNo;
    return OPERATION_EXIT.ok;
}
