/**
 * A local stand-in for an identity domain's token endpoint and the Oracle Integration 3 REST API
 * of one instance, enough of them for `oic-dr post-failover`.
 *
 * Contract, with Oracle's pages:
 * - POST /oauth2/v1/token, form `grant_type=client_credentials&scope=...`, `Authorization: Basic
 *   base64(client id:client secret)` -> `{"access_token","token_type":"Bearer","expires_in"}`; a wrong
 *   client or secret -> 401 `{"error":"invalid_client"}`, a wrong scope -> 400 `invalid_scope`
 *   ("Call the Developer APIs with Client Credentials",
 *   https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/call-developer-apis-client-credentials.html;
 *   error names as RFC 6749 section 5.2 defines them). `expires_in` is the token's life in seconds
 *   from its issue (RFC 6749 section 5.1); Oracle's example answers `"expires_in":300` for a token
 *   asked with a custom expiry, the default being 3600 ("Specifying a Custom Access Token Expiration",
 *   https://docs.oracle.com/en/cloud/paas/identity-cloud/rest-api/customexpiry.html; the endpoint:
 *   "Generate Access Token and Other OAuth Runtime Tokens to Access the Resource",
 *   https://docs.oracle.com/en/cloud/paas/identity-cloud/rest-api/op-oauth2-v1-token-post.html).
 *   This fake issues tokens of `tokenLifetimeSeconds` (default 3600) and refuses one past its life.
 * - Every /ic/api call needs `Authorization: Bearer <a token this fake issued, not expired, not
 *   revoked>` (else 401, an `invalid_token` of RFC 6750 section 3.1; the status Oracle's OIC pages
 *   list for a request without valid credentials, the body unverified) and
 *   `integrationInstance=<this instance>` ("Send Requests",
 *   https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/SendRequests.html). What
 *   the real service answers for another instance's name is not documented; this fake says 404.
 * - GET /ic/api/integration/v1/integrations/{CODE%7CVERSION} -> the integration (404 unknown)
 *   ("Retrieve an Integration", .../op-ic-api-integration-v1-integrations-id-get.html).
 * - POST the same path, `X-HTTP-Method-Override: PATCH`, `{"status":"CONFIGURED"|"ACTIVATED"}`
 *   ("Update (Activate/Deactivate) an Integration", .../op-ic-api-integration-v1-integrations-id-post.html).
 *   Activating an ACTIVATED integration or deactivating a CONFIGURED one -> 412, as Oracle documents
 *   for activation of an integration "currently activated or not in a proper state"
 *   (https://docs.oracle.com/cloud-machine/latest/intcs_gs/ICSRA/op-v1-integrations-%7Bcode%7D-%7Bversion%7D-activate-post.html).
 * - GET /ic/api/integration/v1/monitoring/agentgroups -> `{"items":[{id,name,status,agents}],"has-more",
 *   "total-results"}` ("Retrieve Status of Agent Groups", .../op-ic-api-integration-v1-monitoring-agentgroups-get.html).
 * - GET /ic/api/integration/v1/connections?offset&limit -> `{"items":[{id,name,role,"adapter-type":{name},
 *   "agent-group-id","connection-properties":[{"property-name","property-value"}]}],"has-more","limit",
 *   "total-results"}` ("Retrieve Connections", .../op-ic-api-integration-v1-connections-get.html; the
 *   connection's fields as "Update a Connection" spells them for Oracle Integration 3,
 *   .../op-ic-api-integration-v1-connections-id-post.html; the collection's as "Retrieve Packages" does).
 * - GET /ic/api/integration/v1/integrations?offset&limit&expand -> the same collection of integrations,
 *   each with `pattern`, `pattern-description`, `style` and `end-points` ("Retrieve Integrations",
 *   .../op-ic-api-integration-v1-integrations-get.html). Each end point is `{role, connection:{id,
 *   "adapter-type":{name}}}`: the EndPointRs fields are collapsed on Oracle's page, so this shape is
 *   the client's reading of it (unverified), the trigger's role SOURCE as a connection's role is.
 *   `offset` and `limit` page the list (`limit` default 100 here; Oracle's default is not stated),
 *   `has-more` says whether a next page exists.
 *
 * Two instances of a pair sit on two design-time hosts but share one identity domain: a server
 * started with `identityDomain` accepts only tokens that server issued, and only for its own scope
 * (the scope's audience names the instance); the identity domain grants the other instance's scope
 * with `grantScope`. A token for one instance's scope is refused by the other (401).
 *
 * Tests script failures: an integration whose activation fails (always, or N times), a change made
 * but answered 500 (a lost answer), faults on any route, tokens revoked when a route is reached,
 * answers held back (a slow instance, for a run longer than a token's life).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeIntegration {
    code: string;
    version: string;
    name: string;
    status: "ACTIVATED" | "CONFIGURED" | "FAILEDACTIVATION" | "INPROGRESS";
    /** The trigger's connection and its adapter type (default: a REST trigger). */
    trigger?: { connectionId: string; adapterType: string };
    /** Default "Orchestration" / "App Driven Orchestration". */
    pattern?: string;
    patternDescription?: string;
}

export interface FakeConnection {
    id: string;
    name?: string;
    /** `adapter-type.name`, for example "ftp" or "rest" (Oracle's values are not listed on the page; unverified). */
    adapterType: string;
    agentGroupId?: string;
    properties?: Record<string, string>;
}

export interface FakeAgentGroup {
    id?: string;
    name: string;
    status: "AVAILABLE" | "UNAVAILABLE" | "PARTIALLY_AVAILABLE";
    agents: { name: string; status: "ACTIVE" | "REGISTERED" | "UNAVAILABLE" }[];
}

/** A scripted failure of status changes of one integration. */
export interface ChangeFault {
    id: string;
    /** Which change fails (default ACTIVATED). */
    target?: "ACTIVATED" | "CONFIGURED";
    status: number;
    /** How many times (default: every time). */
    times?: number;
    /** Make the change, then answer with the error anyway (the answer is lost, the change is not). */
    applied?: boolean;
}

/** A failure answered before normal handling, to requests whose path contains `path`. */
export interface RouteFault {
    method?: "GET" | "POST";
    path: string;
    status: number;
    times?: number;
    /**
     * Sent as `Retry-After` (seconds or an HTTP-date, RFC 9110 section 10.2.3), as a 429 or 503 of a
     * server or gateway may carry it; Oracle's pages for the OIC 3 REST API do not say whether it
     * does (unverified).
     */
    retryAfter?: string;
    /**
     * Instead of answering `status`: revoke every token issued so far (as an administrator or the
     * identity domain may), then handle the request as usual, which answers 401 for its token.
     */
    revokeTokens?: boolean;
}

/** Answers to requests whose path contains `path` held back `delayMs` after they are handled. */
export interface RouteDelay {
    method?: "GET" | "POST";
    path: string;
    delayMs: number;
    times?: number;
}

export interface ReceivedRequest {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    status: number;
    /** When it arrived (epoch ms). */
    at: number;
}

export interface FakeOicOptions {
    integrationInstance: string;
    clientId: string;
    clientSecret: string;
    scope: string;
    integrations?: FakeIntegration[];
    agentGroups?: FakeAgentGroup[];
    connections?: FakeConnection[];
    /** Lists answer at most this many items a page whatever `limit` asks (a server's cap; default none). */
    maxPageSize?: number;
    /** The server whose token endpoint issues the tokens this one accepts (default: itself). */
    identityDomain?: FakeOicServer;
    /** `expires_in` of the tokens issued; a token is refused (401) once it is older (default 3600). */
    tokenLifetimeSeconds?: number;
}

export interface FakeOicServer {
    /** `http://127.0.0.1:<port>`: the design-time host and the identity domain alike. */
    readonly url: string;
    readonly tokenUrl: string;
    readonly requests: readonly ReceivedRequest[];
    /** Every access token issued (secrets the output must not show). */
    readonly issuedTokens: readonly string[];
    readonly integrations: Map<string, FakeIntegration>;
    readonly agentGroups: FakeAgentGroup[];
    readonly connections: FakeConnection[];
    readonly changeFaults: ChangeFault[];
    readonly routeFaults: RouteFault[];
    readonly routeDelays: RouteDelay[];
    /** Status changes received, in order: `ID -> STATUS`. */
    changes(): string[];
    /** The scope a token of this server's token endpoint was issued for, while it is valid. */
    scopeOf(token: string): string | undefined;
    /** The token endpoint also grants `scope` (another instance's) to the client. */
    grantScope(scope: string): void;
    /** From now on no token is accepted by the API (the app lost its role, the token was revoked): 401. */
    rejectTokens(): void;
    close(): Promise<void>;
}

const INTEGRATION_PATH = /^\/ic\/api\/integration\/v1\/integrations\/([^/]+)$/;

function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

function view(i: FakeIntegration) {
    // Field names as Oracle's page for Oracle Integration 3 spells them.
    return {
        id: `${i.code}|${i.version}`,
        code: i.code,
        version: i.version,
        name: i.name,
        status: i.status,
        pattern: i.pattern ?? "Orchestration",
        "pattern-description": i.patternDescription ?? "App Driven Orchestration",
    };
}

function listView(i: FakeIntegration) {
    const trigger = i.trigger ?? { connectionId: "REST_TRIGGER", adapterType: "rest" };
    return { ...view(i), "end-points": [{ role: "SOURCE", connection: { id: trigger.connectionId, "adapter-type": { name: trigger.adapterType } } }] };
}

function connectionView(c: FakeConnection) {
    return {
        id: c.id,
        name: c.name ?? c.id,
        role: "TARGET",
        "adapter-type": { name: c.adapterType },
        ...(c.agentGroupId === undefined ? {} : { "agent-group-id": c.agentGroupId }),
        "connection-properties": Object.entries(c.properties ?? {}).map(([name, value]) => ({ "property-name": name, "property-value": value })),
    };
}

/** One offset/limit page of a collection, as Oracle 3's list pages answer. */
function page<T>(all: T[], query: URLSearchParams, maxPageSize = Infinity) {
    const offset = Number(query.get("offset") ?? 0);
    const limit = Math.min(Number(query.get("limit") ?? 100), maxPageSize);
    const items = all.slice(offset, offset + limit);
    return { items, "has-more": offset + items.length < all.length, limit, "total-results": all.length };
}

export async function startFakeOic(options: FakeOicOptions): Promise<FakeOicServer> {
    const requests: ReceivedRequest[] = [];
    const issuedTokens: string[] = [];
    const integrations = new Map((options.integrations ?? []).map((i) => [`${i.code}|${i.version}`, { ...i }]));
    const agentGroups = options.agentGroups ?? [];
    const connections = options.connections ?? [];
    const changeFaults: ChangeFault[] = [];
    const routeFaults: RouteFault[] = [];
    const routeDelays: RouteDelay[] = [];
    const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    const tokenExpiry = new Map<string, number>();
    const revoked = new Set<string>();
    const validScopeOf = (token: string) => {
        const expiresAt = tokenExpiry.get(token);
        if (expiresAt === undefined || Date.now() >= expiresAt || revoked.has(token)) return undefined;
        return tokenScopes.get(token);
    };
    const changes: string[] = [];
    const scopes = new Set([options.scope]);
    const tokenScopes = new Map<string, string>();
    let tokensRejected = false;

    const take = <T extends { times?: number }>(list: T[], match: (f: T) => boolean): T | undefined => {
        const index = list.findIndex(match);
        if (index < 0) return undefined;
        const fault = list[index]!;
        if (fault.times !== undefined) {
            fault.times -= 1;
            if (fault.times <= 0) list.splice(index, 1);
        }
        return fault;
    };

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const body = await readBody(req);
        const url = new URL(req.url ?? "/", "http://fake");
        const record: ReceivedRequest = { method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...req.headers }, body, status: 0, at: Date.now() };
        requests.push(record);
        const delay = take(routeDelays, (d) => (!d.method || d.method === req.method) && url.pathname.includes(d.path));
        const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
            record.status = status;
            const send = () => {
                res.writeHead(status, { "content-type": "application/json", ...headers });
                res.end(JSON.stringify(payload));
            };
            if (delay) setTimeout(send, delay.delayMs);
            else send();
        };

        if (url.pathname === "/oauth2/v1/token") {
            if (req.method !== "POST") return answer(405, { error: "invalid_request" });
            const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64")}`;
            if (req.headers.authorization !== expected) return answer(401, { error: "invalid_client", error_description: "Client authentication failed." });
            if (!String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) return answer(400, { error: "invalid_request" });
            const form = new URLSearchParams(body);
            if (form.get("grant_type") !== "client_credentials") return answer(400, { error: "unsupported_grant_type" });
            if (!scopes.has(form.get("scope") ?? "")) return answer(400, { error: "invalid_scope", error_description: `scope ${form.get("scope")} not granted` });
            const token = randomBytes(24).toString("base64url");
            issuedTokens.push(token);
            tokenScopes.set(token, form.get("scope")!);
            tokenExpiry.set(token, Date.now() + tokenLifetimeSeconds * 1000);
            return answer(200, { access_token: token, token_type: "Bearer", expires_in: tokenLifetimeSeconds });
        }

        const routeFault = take(routeFaults, (f) => (!f.method || f.method === req.method) && url.pathname.includes(f.path));
        if (routeFault?.revokeTokens) {
            for (const token of issuedTokens) revoked.add(token);
        } else if (routeFault) {
            return answer(routeFault.status, { title: "Injected fault", detail: `status ${routeFault.status}` }, routeFault.retryAfter === undefined ? {} : { "retry-after": routeFault.retryAfter });
        }

        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
        // The error body echoes the token, as a careless server might: the client must not print it.
        const issuer = options.identityDomain ?? { scopeOf: validScopeOf };
        if (!bearer || issuer.scopeOf(bearer) !== options.scope || tokensRejected) return answer(401, { title: "Unauthorized", detail: `token ${bearer ?? "(none)"} not valid` });
        if (url.searchParams.get("integrationInstance") !== options.integrationInstance) {
            return answer(404, { title: "Not Found", detail: `integrationInstance ${url.searchParams.get("integrationInstance")} unknown` });
        }

        if (url.pathname === "/ic/api/integration/v1/monitoring/agentgroups" && req.method === "GET") {
            return answer(200, { items: agentGroups, "has-more": false, limit: agentGroups.length, "total-results": agentGroups.length });
        }
        if (url.pathname === "/ic/api/integration/v1/connections" && req.method === "GET") {
            return answer(200, page(connections.map(connectionView), url.searchParams, options.maxPageSize));
        }
        if (url.pathname === "/ic/api/integration/v1/integrations" && req.method === "GET") {
            return answer(200, page([...integrations.values()].map(listView), url.searchParams, options.maxPageSize));
        }

        const match = INTEGRATION_PATH.exec(url.pathname);
        if (!match) return answer(404, { title: "Not Found", detail: url.pathname });
        const id = decodeURIComponent(match[1]!);
        const integration = integrations.get(id);
        if (!integration) return answer(404, { title: "Not Found", detail: `Integration ${id} not found` });
        if (req.method === "GET") return answer(200, view(integration));
        if (req.method !== "POST") return answer(405, { title: "Method Not Allowed" });
        if (req.headers["x-http-method-override"] !== "PATCH") return answer(405, { title: "Method Not Allowed", detail: "POST without X-HTTP-Method-Override: PATCH" });
        let target: unknown;
        try {
            target = (JSON.parse(body) as { status?: unknown }).status;
        } catch {
            return answer(400, { title: "Bad Request", detail: "body is not JSON" });
        }
        if (target !== "ACTIVATED" && target !== "CONFIGURED") return answer(400, { title: "Bad Request", detail: `status ${String(target)}` });
        changes.push(`${id} -> ${target}`);
        const fault = take(changeFaults, (f) => f.id === id && (f.target ?? "ACTIVATED") === target);
        if (fault && !fault.applied) {
            if (target === "ACTIVATED") integration.status = "FAILEDACTIVATION";
            return answer(fault.status, { title: "Activation failed", detail: `Integration ${id} could not be ${target === "ACTIVATED" ? "activated" : "deactivated"}` });
        }
        const valid = target === "ACTIVATED" ? integration.status !== "ACTIVATED" && integration.status !== "INPROGRESS" : integration.status === "ACTIVATED";
        if (!valid) return answer(412, { title: "Precondition Failed", detail: `Integration ${id} is ${integration.status}` });
        integration.status = target;
        if (fault) return answer(fault.status, { title: "Internal Server Error" });
        return answer(200, view(integration));
    }

    const server = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
            res.writeHead(500);
            res.end(String(err));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        tokenUrl: `${url}/oauth2/v1/token`,
        requests,
        issuedTokens,
        integrations,
        agentGroups,
        connections,
        changeFaults,
        routeFaults,
        routeDelays,
        changes: () => [...changes],
        scopeOf: validScopeOf,
        grantScope: (scope: string) => void scopes.add(scope),
        rejectTokens: () => {
            tokensRejected = true;
        },
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.closeAllConnections();
                server.close((err) => (err ? reject(err) : resolve()));
            }),
    };
}
