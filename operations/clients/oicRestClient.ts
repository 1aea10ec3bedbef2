/**
 * The few calls of Oracle's "REST API for Oracle Integration 3" that the post-failover steps need,
 * made against the design-time host of the new primary with a bearer token.
 *
 * Every request carries `integrationInstance=<name>`: the design-time host is shared by the
 * instances of a region, the name says which one ("Send Requests",
 * https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/SendRequests.html).
 * Endpoints:
 * - GET  /ic/api/integration/v1/integrations/{id}: "Retrieve an Integration"
 *   (https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/op-ic-api-integration-v1-integrations-id-get.html);
 *   `id` is `CODE|VERSION`, the `|` sent as %7C.
 * - POST /ic/api/integration/v1/integrations/{id} with `X-HTTP-Method-Override: PATCH` and
 *   `{"status":"CONFIGURED"}` (deactivate) or `{"status":"ACTIVATED"}` (activate): "Update
 *   (Activate/Deactivate) an Integration"
 *   (https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/op-ic-api-integration-v1-integrations-id-post.html).
 * - GET  /ic/api/integration/v1/monitoring/agentgroups: "Retrieve Status of Agent Groups"
 *   (https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/op-ic-api-integration-v1-monitoring-agentgroups-get.html);
 *   `status` is AVAILABLE, UNAVAILABLE or PARTIALLY_AVAILABLE.
 * The Oracle 3 pages spell response fields in kebab case (`display-status`, `has-more`), the
 * Generation 2 pages in camel case; only fields spelled alike in both are relied on.
 *
 * The access token is renewed before it expires (./oauthToken.ts). A 401 gets one new token and one
 * more try of the same request, GET or POST: a request refused for its token was not acted on. A
 * second 401 means the client itself is refused (its role was taken away): the run stops.
 *
 * GETs are retried on 429, 5xx and a connection that fails (a read changes nothing), never after
 * a timed-out attempt (no answer within --timeout makes the host unreachable, as for the OCI client), after the answer's Retry-After when it
 * asks for longer than the backoff, up to a cap (./retryAfter.ts). A status change is not retried here:
 * the caller re-reads the integration first (see reactivation.ts), so a lost answer is never acted on twice.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { AccessToken } from "./oauthToken";
import { OicRestError, quoteServerMessage, unreachableMessage } from "./restError";
import { retryAfterSeconds, retryDelaySeconds } from "./retryAfter";

export type IntegrationStatus = "ACTIVATED" | "CONFIGURED" | string;

export interface IntegrationState {
    id: string;
    code: string;
    version: string;
    status: IntegrationStatus;
    name: string | undefined;
}

export interface AgentGroupState {
    name: string;
    status: string;
    agents: { name: string; status: string }[];
}

/** Where the bearer token comes from (ClientCredentialsTokens in ./oauthToken.ts). */
export interface TokenSource {
    /** The token to send now, renewed first when it is about to expire. */
    token(): Promise<AccessToken>;
    /** A new token, after the API refused the one held. */
    renew(): Promise<AccessToken>;
    /** Every token handed out, to remove from what a server says. */
    secrets(): readonly string[];
}

export interface OicRestClientOptions {
    /** `https://design.integration.<region>.ocp.oraclecloud.com` (or a local fake). */
    designUrl: URL;
    integrationInstance: string;
    tokens: TokenSource;
    timeoutMs: number;
    /** GET attempts on 429/5xx/no answer (default 3). */
    readAttempts?: number;
    /** Pause before a GET is tried again (default 1000 ms, doubled each time). */
    retryDelayMs?: number;
}

const INTEGRATION = z.looseObject({
    id: z.string().optional(),
    code: z.string(),
    version: z.string(),
    status: z.string(),
    name: z.string().optional(),
});

const AGENT = z.looseObject({ name: z.string().optional(), id: z.string().optional(), status: z.string().optional() });
const AGENT_GROUPS = z.looseObject({
    items: z
        .array(
            z.looseObject({
                name: z.string().optional(),
                id: z.string().optional(),
                status: z.string().optional(),
                agents: z.array(AGENT).optional(),
            }),
        )
        .optional(),
});

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export class OicRestClient {
    private readonly readAttempts: number;
    private readonly retryDelayMs: number;

    constructor(private readonly options: OicRestClientOptions) {
        this.readAttempts = options.readAttempts ?? 3;
        this.retryDelayMs = options.retryDelayMs ?? 1000;
    }

    async getIntegration(id: string): Promise<IntegrationState> {
        const body = await this.read(`/ic/api/integration/v1/integrations/${encodeURIComponent(id)}`, `read integration ${id}`);
        const parsed = INTEGRATION.safeParse(body);
        if (!parsed.success) throw new OicRestError(`read integration ${id}: the answer has no code, version and status`, "refused");
        const { code, version, status, name } = parsed.data;
        return { id: parsed.data.id ?? `${code}|${version}`, code, version, status, name };
    }

    /** Deactivates (CONFIGURED) or activates (ACTIVATED) one integration; one request, no retry. */
    async setIntegrationStatus(id: string, status: "ACTIVATED" | "CONFIGURED"): Promise<void> {
        const what = `${status === "ACTIVATED" ? "activate" : "deactivate"} integration ${id}`;
        await this.send("POST", `/ic/api/integration/v1/integrations/${encodeURIComponent(id)}`, what, {
            headers: { "content-type": "application/json", "x-http-method-override": "PATCH" },
            body: JSON.stringify({ status }),
        });
    }

    async listAgentGroups(): Promise<AgentGroupState[]> {
        const body = await this.read("/ic/api/integration/v1/monitoring/agentgroups", "read agent groups");
        const parsed = AGENT_GROUPS.safeParse(body);
        if (!parsed.success) throw new OicRestError("read agent groups: the answer is not a list of agent groups", "refused");
        return (parsed.data.items ?? []).map((group) => ({
            name: group.name ?? group.id ?? "(unnamed)",
            status: group.status ?? "UNKNOWN",
            agents: (group.agents ?? []).map((agent) => ({ name: agent.name ?? agent.id ?? "(unnamed)", status: agent.status ?? "UNKNOWN" })),
        }));
    }

    private url(path: string): URL {
        const url = new URL(path, this.options.designUrl);
        url.searchParams.set("integrationInstance", this.options.integrationInstance);
        return url;
    }

    private async read(path: string, what: string): Promise<unknown> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await this.send("GET", path, what);
            } catch (err) {
                // A timed-out read is not tried again: --timeout bounds the request, as the OCI client's (docs/operations.md).
                const retryable = err instanceof OicRestError && !err.timedOut && (err.kind === "unreachable" || (err.status !== undefined && RETRYABLE.has(err.status)));
                if (!retryable || attempt >= this.readAttempts) throw err;
                const backoffSeconds = (this.retryDelayMs * 2 ** (attempt - 1)) / 1000;
                await sleep(retryDelaySeconds(backoffSeconds, err.retryAfterSeconds) * 1000);
            }
        }
    }

    private async send(method: "GET" | "POST", path: string, what: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<unknown> {
        const { tokens } = this.options;
        try {
            return await this.sendWith(await tokens.token(), method, path, what, init);
        } catch (err) {
            if (!(err instanceof OicRestError && err.status === 401)) throw err;
        }
        const renewed = await tokens.renew();
        try {
            return await this.sendWith(renewed, method, path, what, init);
        } catch (err) {
            if (!(err instanceof OicRestError && err.status === 401)) throw err;
            throw new OicRestError(`${err.message} (${this.options.designUrl.host} refused the access token again after it was renewed)`, "unauthorized", 401);
        }
    }

    private async sendWith(
        token: AccessToken,
        method: "GET" | "POST",
        path: string,
        what: string,
        init: { headers?: Record<string, string>; body?: string },
    ): Promise<unknown> {
        const url = this.url(path);
        let response: Response;
        try {
            response = await fetch(url, {
                method,
                headers: { authorization: `Bearer ${token.value}`, accept: "application/json", ...init.headers },
                body: init.body,
                // Never followed (the bearer token would go along): "manual" keeps the answer, to name the host.
                redirect: "manual",
                signal: AbortSignal.timeout(this.options.timeoutMs),
            });
        } catch (err) {
            const timedOut = (err as Error)?.name === "TimeoutError";
            throw Object.assign(new OicRestError(unreachableMessage(what, url, err), "unreachable"), { timedOut });
        }
        const text = await response.text();
        if (response.status >= 300 && response.status < 400) {
            // Refused, not retried: the same host would answer the same.
            throw new OicRestError(`${what}: ${url.host} answered HTTP ${response.status}, a redirect; not followed (check the design-time host)`, "refused", response.status);
        }
        if (!response.ok) {
            const kind = response.status === 401 || response.status === 403 ? "unauthorized" : RETRYABLE.has(response.status) ? "unreachable" : "refused";
            const retryAfter = retryAfterSeconds(response.headers.get("retry-after"));
            throw new OicRestError(`${what}: HTTP ${response.status}: ${quoteServerMessage(text, this.options.tokens.secrets())}`, kind, response.status, retryAfter);
        }
        if (text.trim() === "") return undefined;
        try {
            return JSON.parse(text);
        } catch {
            throw new OicRestError(`${what}: the answer is not JSON`, "refused", response.status);
        }
    }
}
