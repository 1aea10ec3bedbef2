/**
 * `oic-dr post-failover` through the real command line (main) against a local fake of the identity
 * domain's token endpoint and the OIC 3 REST API (test/fakes/oicRestServer.ts), given the new
 * primary's host and name as flags (no OCI call). Addressed through OCI: operationsWired.test.ts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { ClientCredentialsTokens } from "../operations/clients/oauthToken";
import { postFailoverChecks } from "../operations/postFailover";
import { postFailoverTarget } from "../operations/postFailoverTarget";
import { startFakeOic, type FakeIntegration, type FakeOicServer } from "./fakes/oicRestServer";

const INSTANCE = "orders-oic-remote-bxffubagcv29-yu";
const CLIENT_ID = "5f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b_APPID";
const CLIENT_SECRET = "idcscs-7c1e2f9a-0b4d-4c6e-9f3a-2d8b7e6c5a41";
const SCOPE = "https://ABCDEF0123456789.integration.us-phoenix-1.ocp.oraclecloud.com:443urn:opc:resource:consumer::all";

const POLL_A: FakeIntegration = { code: "ORDERS_DB_POLL", version: "01.00.0000", name: "Orders DB poll", status: "ACTIVATED" };
const POLL_B: FakeIntegration = { code: "INVOICES_JMS", version: "02.01.0003", name: "Invoices JMS", status: "ACTIVATED" };
const A = "ORDERS_DB_POLL|01.00.0000";
const B = "INVOICES_JMS|02.01.0003";

let fake: FakeOicServer | undefined;
afterEach(async () => {
    await fake?.close();
    fake = undefined;
});

async function startFake(overrides: Partial<Parameters<typeof startFakeOic>[0]> = {}): Promise<FakeOicServer> {
    fake = await startFakeOic({
        integrationInstance: INSTANCE,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        scope: SCOPE,
        integrations: [POLL_A, POLL_B],
        agentGroups: [{ name: "ONPREM_GROUP", status: "AVAILABLE", agents: [{ name: "agent-1", status: "ACTIVE" }] }],
        ...overrides,
    });
    return fake;
}

interface Run {
    code: number;
    stdout: string;
    stderr: string;
    /** The steps shown on stderr while it works (test/waitProgress.test.ts judges them). */
    progress: string;
}

/** `oic-dr post-failover ARGS` as main runs it; retries without pauses. */
async function run(args: string[], env: NodeJS.ProcessEnv = { OIC_DR_CLIENT_SECRET: CLIENT_SECRET }): Promise<Run> {
    let stdout = "";
    let stderr = "";
    let progress = "";
    const code = await main(
        ["post-failover", ...args],
        { out: (t) => (stdout += t), err: (t) => (stderr += t), progress: { write: (t: string) => (progress += t) }, env },
        { tuning: { retryBaseDelaySeconds: 0 } },
    );
    expect(progress).not.toContain(CLIENT_SECRET);
    return { code, stdout, stderr, progress };
}

function baseArgs(server: FakeOicServer, extra: string[] = []): string[] {
    return ["--design-host", server.url, "--integration-instance", INSTANCE, "--token-url", server.tokenUrl, "--scope", SCOPE, "--client-id", CLIENT_ID, ...extra];
}

/** Neither the secret (nor its Basic form) nor any token issued appears anywhere the user sees. */
function expectNoSecret(result: Run, server?: FakeOicServer): void {
    const shown = result.stdout + result.stderr;
    expect(shown).not.toContain(CLIENT_SECRET);
    expect(shown).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64"));
    for (const token of server?.issuedTokens ?? []) expect(shown).not.toContain(token);
}

const apiRequests = (server: FakeOicServer) => server.requests.filter((r) => r.path.startsWith("/ic/api/"));

describe("oic-dr post-failover", () => {
    it("deactivates and activates each integration named, checks the agent groups, prints the manual steps, exit 0", async () => {
        const server = await startFake();
        const result = await run(baseArgs(server, ["--integrations", `${A},${B}`]));

        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(server.changes()).toEqual([`${A} -> CONFIGURED`, `${A} -> ACTIVATED`, `${B} -> CONFIGURED`, `${B} -> ACTIVATED`]);
        expect(server.integrations.get(A)!.status).toBe("ACTIVATED");

        const tokenRequests = server.requests.filter((r) => r.path === "/oauth2/v1/token");
        expect(tokenRequests).toHaveLength(1);
        expect(tokenRequests[0]!.status).toBe(200);
        expect(new URLSearchParams(tokenRequests[0]!.body).get("grant_type")).toBe("client_credentials");
        expect(new URLSearchParams(tokenRequests[0]!.body).get("scope")).toBe(SCOPE);

        const api = apiRequests(server);
        expect(api.every((r) => r.status === 200)).toBe(true);
        expect(api.every((r) => r.headers.authorization === `Bearer ${server.issuedTokens[0]}`)).toBe(true);
        expect(api.every((r) => r.query.integrationInstance === INSTANCE)).toBe(true);
        const posts = api.filter((r) => r.method === "POST");
        expect(posts.map((r) => r.path)).toContain("/ic/api/integration/v1/integrations/ORDERS_DB_POLL%7C01.00.0000");
        expect(posts.every((r) => r.headers["x-http-method-override"] === "PATCH")).toBe(true);
        expect(posts.map((r) => JSON.parse(r.body))).toEqual([{ status: "CONFIGURED" }, { status: "ACTIVATED" }, { status: "CONFIGURED" }, { status: "ACTIVATED" }]);
        expect(api.some((r) => r.path === "/ic/api/integration/v1/monitoring/agentgroups")).toBe(true);

        expect(result.stdout).toMatch(/reactivate\s+ORDERS_DB_POLL\|01\.00\.0000\s+OK/);
        expect(result.stdout).toMatch(/agent-group\s+ONPREM_GROUP\s+OK\s+AVAILABLE \(agent-1 ACTIVE\)/);
        expect(result.stdout).toContain(`${server.url}/ic/api/... with integrationInstance=${INSTANCE}`);
        expect(result.stdout).toContain("Settings > Notifications");
        expect(result.stdout).toContain("event definition");
        expect(result.stdout).not.toContain("polling triggers");
        expectNoSecret(result, server);
    });

    it("reports a partial failure per integration with exit 1, and a re-run finishes the job without redoing the change that failed twice", async () => {
        const server = await startFake();
        server.changeFaults.push({ id: B, status: 500 });
        const first = await run(baseArgs(server, ["--integrations", `${A},${B}`, "--format", "json"]));

        expect(first.code).toBe(1);
        const report = JSON.parse(first.stdout);
        expect(report.checks.filter((c: { check: string }) => c.check === "reactivate")).toEqual([
            { check: "reactivate", name: A, status: "ok", detail: "deactivated and activated again" },
            expect.objectContaining({ check: "reactivate", name: B, status: "failed" }),
        ]);
        const b = report.integrations.find((i: { id: string }) => i.id === B);
        expect(b).toMatchObject({ statusBefore: "ACTIVATED", statusAfter: "FAILEDACTIVATION", outcome: "failed", actions: ["deactivate", "activate", "activate", "activate"] });
        expect(b.detail).toContain("HTTP 500");
        expectNoSecret(first, server);

        // The cause is fixed; the same command again.
        server.changeFaults.length = 0;
        const before = server.changes().length;
        const second = await run(baseArgs(server, ["--integrations", `${A},${B}`, "--format", "json"]));
        expect(second.code).toBe(0);
        // A (ACTIVATED) is recycled again; B (FAILEDACTIVATION) is only activated.
        expect(server.changes().slice(before)).toEqual([`${A} -> CONFIGURED`, `${A} -> ACTIVATED`, `${B} -> ACTIVATED`]);
        const again = JSON.parse(second.stdout);
        expect(again.integrations.map((i: { outcome: string }) => i.outcome)).toEqual(["reactivated", "activated"]);
        expect([...server.integrations.values()].map((i) => i.status)).toEqual(["ACTIVATED", "ACTIVATED"]);
    });

    it("tries an activation answered 500 again and succeeds", async () => {
        const server = await startFake();
        server.changeFaults.push({ id: A, status: 500, times: 1 });
        const result = await run(baseArgs(server, ["--integrations", A]));
        expect(result.code).toBe(0);
        expect(server.changes()).toEqual([`${A} -> CONFIGURED`, `${A} -> ACTIVATED`, `${A} -> ACTIVATED`]);
    });

    it("does not repeat a change that was made though its answer was lost", async () => {
        const server = await startFake();
        server.changeFaults.push({ id: A, target: "CONFIGURED", status: 502, times: 1, applied: true });
        const result = await run(baseArgs(server, ["--integrations", A, "--format", "json"]));
        expect(result.code).toBe(0);
        expect(server.changes()).toEqual([`${A} -> CONFIGURED`, `${A} -> ACTIVATED`]);
        expect(JSON.parse(result.stdout).integrations[0].actions).toEqual(["deactivate", "activate"]);
    });

    it("does not retry an activation Oracle refuses (4xx): failed at once, exit 1", async () => {
        const server = await startFake();
        server.changeFaults.push({ id: A, status: 409 });
        const result = await run(baseArgs(server, ["--integrations", A]));
        expect(result.code).toBe(1);
        expect(server.changes()).toEqual([`${A} -> CONFIGURED`, `${A} -> ACTIVATED`]);
        expect(result.stdout).toMatch(/reactivate\s+ORDERS_DB_POLL\|01\.00\.0000\s+FAILED\s+activate integration ORDERS_DB_POLL\|01\.00\.0000: HTTP 409/);
    });

    it("retries a read answered 503, then goes on", async () => {
        const server = await startFake();
        server.routeFaults.push({ method: "GET", path: "/monitoring/agentgroups", status: 503, times: 2 });
        const result = await run(baseArgs(server));
        expect(result.code).toBe(0);
        expect(server.requests.filter((r) => r.path.endsWith("/agentgroups")).map((r) => r.status)).toEqual([503, 503, 200]);
    });

    it("an agent group not AVAILABLE is a no (exit 1) with a manual step naming it", async () => {
        const server = await startFake({
            agentGroups: [
                { name: "ONPREM_GROUP", status: "AVAILABLE", agents: [] },
                { name: "OCI_GROUP", status: "UNAVAILABLE", agents: [{ name: "agent-oci-1", status: "UNAVAILABLE" }] },
            ],
        });
        const result = await run(baseArgs(server, ["--format", "markdown"]));
        expect(result.code).toBe(1);
        expect(result.stdout).toContain("| agent-group | OCI_GROUP | failed | UNAVAILABLE (agent-oci-1 UNAVAILABLE) |");
        expect(result.stdout).toContain("Agent groups not available: OCI_GROUP.");
        // No --integrations: nothing changed, and the manual list says how to find them.
        expect(server.changes()).toEqual([]);
        expect(result.stdout).toContain("**Integrations with polling triggers**");
    });

    it("escapes the | of integration ids in Markdown cells", async () => {
        const server = await startFake();
        const result = await run(baseArgs(server, ["--integrations", A, "--format", "markdown"]));
        expect(result.code).toBe(0);
        expect(result.stdout).toContain("| reactivate | ORDERS_DB_POLL\\|01.00.0000 | ok |");
    });

    it("an integration unknown on the instance could not be handled: exit 2, the others still done", async () => {
        const server = await startFake();
        const result = await run(baseArgs(server, ["--integrations", `NOPE|01.00.0000,${A}`]));
        expect(result.code).toBe(2);
        expect(result.stdout).toMatch(/reactivate\s+NOPE\|01\.00\.0000\s+ERROR\s+not found on this instance/);
        expect(server.changes()).toEqual([`${A} -> CONFIGURED`, `${A} -> ACTIVATED`]);
    });

    it("wrong client secret: exit 2, one line naming the client id, no secret", async () => {
        const server = await startFake();
        const result = await run(baseArgs(server, ["--integrations", A]), { OIC_DR_CLIENT_SECRET: "not-the-secret-at-all" });
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toContain(`HTTP 401 (client id ${CLIENT_ID}`);
        expect(result.stderr).toContain("invalid_client");
        expect(result.stderr.trim().split("\n")).toHaveLength(1);
        expect(result.stderr).not.toContain("not-the-secret-at-all");
        expect(apiRequests(server)).toHaveLength(0);
        expectNoSecret(result, server);
    });

    it("renews the token before it expires when the run outlives it: two token requests, no 401, exit 0", async () => {
        // A token of 1 s; the first read is answered 1.2 s late, so the token is past its life after it.
        const server = await startFake({ tokenLifetimeSeconds: 1 });
        server.routeDelays.push({ method: "GET", path: "/integrations/", delayMs: 1200, times: 1 });
        const result = await run(baseArgs(server, ["--integrations", A]));

        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(server.requests.filter((r) => r.path === "/oauth2/v1/token").map((r) => r.status)).toEqual([200, 200]);
        const api = apiRequests(server);
        expect(api.map((r) => r.status).filter((s) => s === 401)).toEqual([]);
        // The first read with the first token, everything after it with the second.
        expect(api[0]!.headers.authorization).toBe(`Bearer ${server.issuedTokens[0]}`);
        expect(api.slice(1).every((r) => r.headers.authorization === `Bearer ${server.issuedTokens[1]}`)).toBe(true);
        expect(server.changes()).toEqual([`${A} -> CONFIGURED`, `${A} -> ACTIVATED`]);
        expectNoSecret(result, server);
    });

    it("a 401 mid-run gets exactly one new token and one retry of that request, then goes on: exit 0", async () => {
        const server = await startFake();
        // The token is revoked when the first change (the deactivation) arrives: that POST is answered 401.
        server.routeFaults.push({ method: "POST", path: "/integrations/", status: 401, revokeTokens: true, times: 1 });
        const result = await run(baseArgs(server, ["--integrations", A]));

        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        const sequence = server.requests.map((r) => `${r.method} ${r.path === "/oauth2/v1/token" ? "token" : r.path.startsWith("/ic/api/integration/v1/integrations/") ? "integration" : r.path} ${r.status}`);
        expect(sequence).toEqual([
            "POST token 200",
            "GET integration 200",
            "POST integration 401",
            "POST token 200",
            "POST integration 200",
            ...sequence.slice(5),
        ]);
        expect(sequence.slice(5).every((line) => line.endsWith(" 200") && !line.includes("token"))).toBe(true);
        // The retried request is the same change, sent once more with the new token; the change is made once.
        const posts = apiRequests(server).filter((r) => r.method === "POST");
        expect(posts[0]!.body).toBe(posts[1]!.body);
        expect(posts[1]!.headers.authorization).toBe(`Bearer ${server.issuedTokens[1]}`);
        expect(server.changes()).toEqual([`${A} -> CONFIGURED`, `${A} -> ACTIVATED`]);
        expect(server.integrations.get(A)!.status).toBe("ACTIVATED");
        expectNoSecret(result, server);
    });

    it("a token refused again after its renewal (two 401s in a row) stops the command: exit 2, one message naming the host, no token shown", async () => {
        const server = await startFake();
        server.rejectTokens();
        const result = await run(baseArgs(server, ["--integrations", A]));
        expect(result.code).toBe(2);
        // One renewal, one retry, no more.
        expect(server.issuedTokens).toHaveLength(2);
        expect(server.requests.map((r) => r.status)).toEqual([200, 401, 200, 401]);
        // The fake's error body quoted the token; what we print has it replaced.
        expect(result.stderr).toContain("read integration ORDERS_DB_POLL|01.00.0000: HTTP 401: Unauthorized: token [redacted] not valid");
        expect(result.stderr).toContain(`${new URL(server.url).host} refused the access token again after it was renewed`);
        expect(result.stderr.trim().split("\n")).toHaveLength(1);
        expectNoSecret(result, server);
    });

    it("a design host that does not answer: exit 2 with the report of what could not be checked", async () => {
        const server = await startFake();
        const closed = await startFakeOic({ integrationInstance: INSTANCE, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: SCOPE });
        const deadUrl = closed.url;
        await closed.close();
        const result = await run(["--design-host", deadUrl, "--integration-instance", INSTANCE, "--token-url", server.tokenUrl, "--scope", SCOPE, "--client-id", CLIENT_ID, "--integrations", A]);
        expect(result.code).toBe(2);
        expect(result.stdout).toMatch(/reactivate\s+ORDERS_DB_POLL\|01\.00\.0000\s+ERROR\s+read integration .*did not answer \(ECONNREFUSED\)/);
        expect(result.stdout).toMatch(/agent-group\s+\(all\)\s+ERROR/);
        expectNoSecret(result, server);
    });

    it("reads the secret from a file", async () => {
        const server = await startFake();
        const file = path.join(mkdtempSync(path.join(tmpdir(), "oic-dr-secret-")), "secret");
        writeFileSync(file, `${CLIENT_SECRET}\n`, { mode: 0o600 });
        const result = await run(baseArgs(server, ["--client-secret-file", file, "--integrations", A]), {});
        expect(result.code).toBe(0);
        expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`);
    });

    it("reads the secret from the environment variable named by --client-secret-env", async () => {
        const server = await startFake();
        const result = await run(baseArgs(server, ["--client-secret-env", "MY_OIC_SECRET"]), { MY_OIC_SECRET: CLIENT_SECRET });
        expect(result.code).toBe(0);
        expect(server.requests[0]!.status).toBe(200);
    });

    it("refuses a secret given as an argument, without echoing it and without calling anything", async () => {
        const server = await startFake();
        for (const form of [["--client-secret", CLIENT_SECRET], [`--client-secret=${CLIENT_SECRET}`]]) {
            const result = await run(baseArgs(server, form));
            expect(result.code).toBe(2);
            expect(result.stderr).toContain("--client-secret is refused");
            expect(result.stderr).toContain("OIC_DR_CLIENT_SECRET");
            expectNoSecret(result, server);
        }
        expect(server.requests).toHaveLength(0);
    });

    it("never echoes the value of a mistyped option (commander quotes unknown options as typed)", async () => {
        const server = await startFake();
        const result = await run(baseArgs(server, [`--client-secrt=${CLIENT_SECRET}`]));
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("unknown option '--client-secrt=...'");
        expectNoSecret(result, server);
        expect(server.requests).toHaveLength(0);
    });

    it("no secret anywhere: exit 2 saying where to put it", async () => {
        const server = await startFake();
        const result = await run(baseArgs(server), {});
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("set the environment variable OIC_DR_CLIENT_SECRET");
        expect(server.requests).toHaveLength(0);
    });

    it.each([
        [["--integrations", "orders|1.0"], '"orders|1.0" is not CODE|VERSION'],
        [["--format", "html"], '"html" is not one of table, json, markdown'],
        [["--timeout", "0"], '"0" is not a number greater than 0'],
    ])("bad input %j: exit 2 naming the value", async (extra, message) => {
        const server = await startFake();
        const result = await run(baseArgs(server, extra));
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(message);
        expect(server.requests).toHaveLength(0);
    });

    it("refuses plain http to another machine and a missing required flag", async () => {
        const http = await run(["--design-host", "http://design.integration.us-phoenix-1.ocp.oraclecloud.com", "--integration-instance", INSTANCE, "--token-url", "https://idcs-1.identity.oraclecloud.com/oauth2/v1/token", "--scope", SCOPE, "--client-id", CLIENT_ID]);
        expect(http.code).toBe(2);
        expect(http.stderr).toContain('--design-host "http://design.integration.us-phoenix-1.ocp.oraclecloud.com" must use https');
        const missing = await run(["--design-host", "design.integration.us-phoenix-1.ocp.oraclecloud.com", "--token-url", "https://idcs-1.identity.oraclecloud.com/oauth2/v1/token", "--scope", SCOPE, "--client-id", CLIENT_ID]);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toBe(
            "oic-dr post-failover: no new primary given: address it with --instance OCID --region REGION (or --compartment OCID --display-name NAME, or --stack-outputs FILE), or give both --design-host and --integration-instance\n",
        );
        const noClient = await run(["--design-host", "design.integration.us-phoenix-1.ocp.oraclecloud.com", "--integration-instance", INSTANCE]);
        expect(noClient.code).toBe(2);
        expect(noClient.stderr).toContain("the OAuth client is incomplete: give --token-url, --scope, --client-id");
    });
});

describe("ClientCredentialsTokens", () => {
    it("renews 60 s before expires_in runs out, or at nine tenths of a shorter life", async () => {
        const server = await startFake();
        const credentials = { tokenUrl: new URL(server.tokenUrl), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: SCOPE, timeoutMs: 5000 };
        let nowMs = 0;
        const tokens = new ClientCredentialsTokens(credentials, () => nowMs);
        const first = await tokens.token();
        expect(first.expiresInSeconds).toBe(3600);
        nowMs = 3_539_999;
        expect(await tokens.token()).toBe(first);
        nowMs = 3_540_000;
        const second = await tokens.token();
        expect(second.value).not.toBe(first.value);
        expect(tokens.secrets()).toEqual(server.issuedTokens);
        await fake?.close();

        const short = await startFake({ tokenLifetimeSeconds: 100 });
        const shortTokens = new ClientCredentialsTokens({ ...credentials, tokenUrl: new URL(short.tokenUrl) }, () => nowMs);
        nowMs = 0;
        const one = await shortTokens.token();
        nowMs = 89_999;
        expect(await shortTokens.token()).toBe(one);
        nowMs = 90_000;
        expect((await shortTokens.token()).value).not.toBe(one.value);
        expect(short.issuedTokens).toHaveLength(2);
    });
});

describe("postFailoverChecks", () => {
    it("returns one result per integration and agent group, for the drill report", async () => {
        const server = await startFake();
        server.changeFaults.push({ id: B, status: 400 });
        const checks = await postFailoverChecks({
            designUrl: new URL(server.url),
            integrationInstance: INSTANCE,
            credentials: { tokenUrl: new URL(server.tokenUrl), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: SCOPE, timeoutMs: 5000 },
            integrations: [A, B],
            retryDelayMs: 0,
        });
        expect(checks.map((c) => [c.check, c.name, c.status])).toEqual([
            ["reactivate", A, "ok"],
            ["reactivate", B, "failed"],
            ["agent-group", "ONPREM_GROUP", "ok"],
        ]);
    });
});

describe("postFailoverTarget", () => {
    const designTimeUrl = "https://design.integration.us-phoenix-1.ocp.oraclecloud.com/?integrationInstance=orders-oic-remote-yu";

    it("takes the host and the integrationInstance name from the new primary's design-time URL", () => {
        const target = postFailoverTarget({ instanceDesignTimeUrl: designTimeUrl }, {});
        expect(target.designUrl.href).toBe("https://design.integration.us-phoenix-1.ocp.oraclecloud.com/");
        expect(target.integrationInstance).toBe("orders-oic-remote-yu");
    });

    it("lets the flags win", () => {
        const target = postFailoverTarget({ instanceDesignTimeUrl: designTimeUrl }, { designHost: new URL("https://design.example.test"), integrationInstance: "other" });
        expect([target.designUrl.host, target.integrationInstance]).toEqual(["design.example.test", "other"]);
    });

    it("asks for --integration-instance when the URL carries no name, and for --design-host when there is no URL", () => {
        expect(() => postFailoverTarget({ instanceDesignTimeUrl: "https://design.integration.us-phoenix-1.ocp.oraclecloud.com/" }, {})).toThrow(
            /does not carry one; give --integration-instance/,
        );
        expect(() => postFailoverTarget({ displayName: "orders-oic" }, { integrationInstance: "x" })).toThrow(/\(orders-oic\) reports no instanceDesignTimeUrl; give --design-host/);
        expect(() => postFailoverTarget({ instanceDesignTimeUrl: "not a url" }, {})).toThrow(/"not a url" is not a URL/);
    });
});
