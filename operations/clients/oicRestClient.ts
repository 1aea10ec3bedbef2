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
 * - GET  /ic/api/integration/v1/connections: "Retrieve Connections"
 *   (https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/op-ic-api-integration-v1-connections-get.html;
 *   the fields of a connection, `agent-group-id`, `connection-properties`, `adapter-type`, `role`, are
 *   those "Update a Connection" lists, .../op-ic-api-integration-v1-connections-id-post.html, read 2026-12-07).
 * - GET  /ic/api/integration/v1/integrations?expand=connection.adapter: "Retrieve Integrations"
 *   (https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/op-ic-api-integration-v1-integrations-get.html;
 *   `expand` "includes additional details in the response about connections in the integration or
 *   about the adapters for the connections"). An item carries `end-points` (EndPointRs, each with its
 *   connection), `pattern`, `pattern-description` and `style` ("Retrieve an Integration" lists them
 *   for Oracle Integration 3). The fields inside EndPointRs are collapsed ("Show Source") on the pages
 *   we could read: `role` and `connection` are parsed as the connection schema spells them, unverified.
 * Lists are read a page at a time, `offset` and `limit` as the pages define them, until `has-more` is
 * false (the collection fields of "Retrieve Packages", .../op-ic-api-integration-v1-packages-get.html:
 * `items`, `has-more`, `limit`, `total-results`).
 * The Oracle 3 pages spell response fields in kebab case (`display-status`, `has-more`), the
 * Generation 2 pages in camel case (`hasMore`, `agentGroupId`); the single-item reads rely only on
 * fields spelled alike in both, the lists are read as the Oracle 3 pages spell them.
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

/** A connection as "Retrieve Connections" lists it: what readiness needs of it. */
export interface ConnectionState {
    id: string;
    name: string | undefined;
    /** The adapter's type as the connection names it (`adapter-type`: its `name`, `type` or `display-name`). */
    adapterType: string | undefined;
    /** `agent-group-id`: the connectivity agent group the connection goes through, if any. */
    agentGroupId: string | undefined;
    /** `connection-properties`: name and value of each (host names, URLs, ports). */
    properties: { name: string; value: string }[];
}

/** One end point of an integration (its trigger or an invoke) and the adapter of its connection. */
export interface EndPointState {
    role: string | undefined;
    connectionId: string | undefined;
    adapterType: string | undefined;
}

/** An integration as "Retrieve Integrations" lists it, with its end points. */
export interface IntegrationSummary extends IntegrationState {
    pattern: string | undefined;
    patternDescription: string | undefined;
    style: string | undefined;
    endPoints: EndPointState[];
}

export interface AgentGroupState {
    /** The group's identifier (a connection's `agent-group-id` names it); its name when none is given. */
    id: string;
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

/** Lists are read this many items a page (an offset/limit page of the Oracle 3 reference). */
export const LIST_PAGE_SIZE = 100;
/** A list longer than this is not read further: a server that always says `has-more` must not loop forever. */
const MAX_LIST_PAGES = 100;

const PAGE = z.looseObject({ items: z.array(z.unknown()).optional(), "has-more": z.boolean().optional() });

const ADAPTER_TYPE = z.union([
    z.string(),
    z.looseObject({ name: z.string().optional(), type: z.string().optional(), "display-name": z.string().optional() }),
]);
const adapterName = (value: z.infer<typeof ADAPTER_TYPE> | undefined): string | undefined =>
    typeof value === "string" ? value : (value?.name ?? value?.type ?? value?.["display-name"]);

const CONNECTION = z.looseObject({
    id: z.string(),
    name: z.string().optional(),
    "adapter-type": ADAPTER_TYPE.optional(),
    "agent-group-id": z.string().nullish(),
    "connection-properties": z
        .array(z.looseObject({ "property-name": z.string().optional(), "property-value": z.unknown().optional() }))
        .optional(),
});

const END_POINT = z.looseObject({
    role: z.string().optional(),
    connection: z.looseObject({ id: z.string().optional(), "adapter-type": ADAPTER_TYPE.optional() }).optional(),
});
const INTEGRATION_ITEM = INTEGRATION.extend({
    pattern: z.string().optional(),
    "pattern-description": z.string().optional(),
    style: z.string().optional(),
    "end-points": z.array(END_POINT).optional(),
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
            id: group.id ?? group.name ?? "(unnamed)",
            name: group.name ?? group.id ?? "(unnamed)",
            status: group.status ?? "UNKNOWN",
            agents: (group.agents ?? []).map((agent) => ({ name: agent.name ?? agent.id ?? "(unnamed)", status: agent.status ?? "UNKNOWN" })),
        }));
    }

    /** Every connection of the instance ("Retrieve Connections"), page by page. */
    async listConnections(): Promise<ConnectionState[]> {
        const items = await this.readList("/ic/api/integration/v1/connections", {}, "read connections");
        return items.map((item, i) => {
            const parsed = CONNECTION.safeParse(item);
            if (!parsed.success) throw new OicRestError(`read connections: item ${i + 1} has no id`, "refused");
            const c = parsed.data;
            return {
                id: c.id,
                name: c.name,
                adapterType: adapterName(c["adapter-type"]),
                agentGroupId: c["agent-group-id"] ?? undefined,
                properties: (c["connection-properties"] ?? [])
                    .filter((p) => p["property-name"] !== undefined)
                    .map((p) => ({ name: p["property-name"]!, value: typeof p["property-value"] === "string" ? p["property-value"] : "" })),
            };
        });
    }

    /** Every integration of the instance with its end points and their adapters ("Retrieve Integrations"), page by page. */
    async listIntegrations(): Promise<IntegrationSummary[]> {
        const items = await this.readList("/ic/api/integration/v1/integrations", { expand: "connection.adapter" }, "read integrations");
        return items.map((item, i) => {
            const parsed = INTEGRATION_ITEM.safeParse(item);
            if (!parsed.success) throw new OicRestError(`read integrations: item ${i + 1} has no code, version and status`, "refused");
            const d = parsed.data;
            return {
                id: d.id ?? `${d.code}|${d.version}`,
                code: d.code,
                version: d.version,
                status: d.status,
                name: d.name,
                pattern: d.pattern,
                patternDescription: d["pattern-description"],
                style: d.style,
                endPoints: (d["end-points"] ?? []).map((e) => ({ role: e.role, connectionId: e.connection?.id, adapterType: adapterName(e.connection?.["adapter-type"]) })),
            };
        });
    }

    private async readList(path: string, query: Record<string, string>, what: string): Promise<unknown[]> {
        const all: unknown[] = [];
        for (let page = 0; page < MAX_LIST_PAGES; page++) {
            const params = new URLSearchParams({ ...query, offset: String(all.length), limit: String(LIST_PAGE_SIZE) });
            const parsed = PAGE.safeParse(await this.read(`${path}?${params}`, what));
            if (!parsed.success) throw new OicRestError(`${what}: the answer is not a list (items, has-more)`, "refused");
            const items = parsed.data.items ?? [];
            all.push(...items);
            // An empty page ends the list whatever has-more says: the next offset would ask for the same.
            if (parsed.data["has-more"] !== true || items.length === 0) return all;
        }
        throw new OicRestError(`${what}: still has-more after ${MAX_LIST_PAGES} pages of ${LIST_PAGE_SIZE}; not read further`, "refused");
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
