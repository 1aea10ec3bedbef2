/**
 * Waits and retries of the operations that keep their word (issue 21, item 1), through the command
 * line (main) and the real signed `oci-integration` client against the local Integration API api.fake
 * (./fakes/integrationApiServer.ts): a last poll at the --wait deadline with the pause shortened
 * to what is left.
 */
import { describe, expect, it } from "vitest";
import { main } from "../cli/main";
import type { OperationsTuning } from "../cli/operationOptions";
import { ASHBURN, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, useIntegrationApiFake } from "./operationsFixture";
import { startFakeOic } from "./fakes/oicRestServer";
import { startRedirectingPair } from "./fakes/redirectingServer";
import { RETRY_AFTER_CAP_SECONDS, retryAfterSeconds, retryDelaySeconds } from "../operations/clients/retryAfter";

const api = useIntegrationApiFake();

/** The real poll interval (10 s) unless a test says otherwise; retries fast. */
const REAL_POLL: OperationsTuning = { retryBaseDelaySeconds: 0.001, maxAttempts: 4, pollIntervalSeconds: 10 };

async function oicDr(args: string[], tuning: OperationsTuning = REAL_POLL): Promise<{ code: number; out: string; err: string; ms: number }> {
    let out = "";
    let err = "";
    const started = Date.now();
    const code = await main(
        [args[0]!, "--config-file", api.key.configFile, "--profile", PROFILE, "--timeout", "2", ...args.slice(1)],
        { out: (t) => (out += t), err: (t) => (err += t) },
        { tuning },
    );
    return { code, out, err, ms: Date.now() - started };
}

const failoverArgs = () => ["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", api.fake.endpointOf(PHOENIX), "--yes", "--format", "json"];

describe("--wait: a last poll at the deadline, the pause shortened near it", () => {
    it("a work request that succeeds 1 s in, with --wait 2 and a 10 s interval, is SUCCEEDED within the bound", async () => {
        api.fake.workRequestSucceedsAfterMs = 1000;
        const run = await oicDr([...failoverArgs(), "--wait", "2", "--quiet"]);

        expect(run.err).toBe("");
        expect(JSON.parse(run.out)).toMatchObject({ status: "SUCCEEDED", roleAfter: "PRIMARY" });
        expect(run.code).toBe(0);
        // Two polls: at once, and at the deadline (2 s, not the 10 s interval).
        expect(api.fake.received({ pathContains: "/workRequests/" }).length).toBe(2);
        expect(run.ms).toBeGreaterThanOrEqual(1900);
        expect(run.ms).toBeLessThan(4000);
    });

    it("a work request still running at --wait is STILL_RUNNING after waiting the whole --wait, not less and not an interval more", async () => {
        api.fake.workRequestSucceedsAfterMs = 60_000;
        const run = await oicDr([...failoverArgs(), "--wait", "1.5"]);

        expect(JSON.parse(run.out)).toMatchObject({ status: "STILL_RUNNING", roleAfter: "SECONDARY" });
        expect(run.code).toBe(1);
        expect(run.ms).toBeGreaterThanOrEqual(1400);
        expect(run.ms).toBeLessThan(3500);
    });

    it("the drill's legs poll the same way: each leg's work request, done 0.5 s in, is SUCCEEDED with --wait 1", async () => {
        api.fake.workRequestSucceedsAfterMs = 500;
        const run = await oicDr([
            "drill", "--instance", PRIMARY_ID, "--region", ASHBURN, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX),
            "--yes", "--format", "json", "--wait", "1",
        ]);

        const report = JSON.parse(run.out);
        expect(report.legs.map((l: { status: string }) => l.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
        expect(run.code).toBe(0);
        expect(run.ms).toBeLessThan(5000);
    });
});

describe("--region: checked against the pair table before any call", () => {
    it("every command refuses a real OCI region that is in no DR pair with exit 2 and one message, and sends nothing", async () => {
        const commands: string[][] = [
            ["failover", "--instance", STANDBY_ID, "--yes"],
            ["status", "--instance", STANDBY_ID],
            ["drill", "--instance", STANDBY_ID, "--yes"],
            ["post-failover", "--instance", STANDBY_ID, "--token-url", "https://idcs-1.identity.oraclecloud.com/oauth2/v1/token", "--scope", "s", "--client-id", "c"],
        ];
        for (const command of commands) {
            const run = await oicDr([...command, "--region", "sa-saopaulo-1", "--endpoint", api.fake.endpointOf(PHOENIX)]);
            const what = command[0]!;
            expect(run.code, what).toBe(2);
            expect(run.out, what).toBe("");
            expect(run.err, what).toMatch(/"sa-saopaulo-1" is not a region of an Oracle-managed DR pair; allowed: us-ashburn-1, us-phoenix-1, .*me-jeddah-1\./);
            // One message names the value (commander then shows the command's usage, as for any bad option).
            expect(run.err.split("\n").filter((l) => l.includes("sa-saopaulo-1")), what).toHaveLength(1);
        }
        expect(api.fake.requests).toEqual([]);
    });
});

describe("Retry-After: honoured up to a cap", () => {
    it("the OCI client retries a 429 with Retry-After: 3 after about 3 s, not after its backoff", async () => {
        api.fake.faults(PHOENIX).push({ method: "POST", status: 429, code: "TooManyRequests", retryAfter: "3" });
        const run = await oicDr([...failoverArgs(), "--wait", "5"], { ...REAL_POLL, pollIntervalSeconds: 0.05 });

        expect(run.code).toBe(0);
        const posts = api.fake.received({ method: "POST" });
        expect(posts.map((p) => p.status)).toEqual([429, 202]);
        const pause = posts[1]!.at - posts[0]!.at;
        expect(pause).toBeGreaterThanOrEqual(2900);
        expect(pause).toBeLessThan(4500);
        expect(api.fake.executedFailovers).toEqual([STANDBY_ID]);
    });

    it("the OIC REST client retries a read answered 429 with Retry-After: 2 after about 2 s", async () => {
        const scope = "https://X.integration.us-phoenix-1.ocp.oraclecloud.com:443urn:opc:resource:consumer::all";
        const oic = await startFakeOic({ integrationInstance: "oic-dr-phx", clientId: "app", clientSecret: "s3cret-value", scope, agentGroups: [] });
        try {
            oic.routeFaults.push({ method: "GET", path: "/monitoring/agentgroups", status: 429, times: 1, retryAfter: "2" });
            let out = "";
            const code = await main(
                ["post-failover", "--design-host", oic.url, "--integration-instance", "oic-dr-phx", "--token-url", oic.tokenUrl, "--scope", scope, "--client-id", "app"],
                { out: (t) => (out += t), err: () => undefined, env: { OIC_DR_CLIENT_SECRET: "s3cret-value" } },
                { tuning: { retryBaseDelaySeconds: 0.001 } },
            );
            expect(code, out).toBe(0);
            const reads = oic.requests.filter((r) => r.path.endsWith("/agentgroups"));
            expect(reads.map((r) => r.status)).toEqual([429, 200]);
            const pause = reads[1]!.at - reads[0]!.at;
            expect(pause).toBeGreaterThanOrEqual(1900);
            expect(pause).toBeLessThan(3500);
        } finally {
            await oic.close();
        }
    });

    it("an OIC REST read with no answer within --timeout is not tried again: one request, exit 2 naming the host", async () => {
        const scope = "https://X.integration.us-phoenix-1.ocp.oraclecloud.com:443urn:opc:resource:consumer::all";
        const oic = await startFakeOic({ integrationInstance: "oic-dr-phx", clientId: "app", clientSecret: "s3cret-value", scope, agentGroups: [] });
        try {
            oic.routeDelays.push({ method: "GET", path: "/monitoring/agentgroups", delayMs: 3000 });
            let err = "";
            const code = await main(
                ["post-failover", "--design-host", oic.url, "--integration-instance", "oic-dr-phx", "--token-url", oic.tokenUrl, "--scope", scope, "--client-id", "app", "--timeout", "0.5"],
                { out: (t) => (err += t), err: (t) => (err += t), env: { OIC_DR_CLIENT_SECRET: "s3cret-value" } },
                { tuning: { retryBaseDelaySeconds: 0.001 } },
            );
            expect(code, err).toBe(2);
            expect(err).toContain(`${new URL(oic.url).origin} did not answer (no answer before the timeout)`);
            // Before: three reads (the client's readAttempts), each waiting the whole --timeout.
            expect(oic.requests.filter((r) => r.path.endsWith("/agentgroups"))).toHaveLength(1);
        } finally {
            await oic.close();
        }
    });

    it("is read as seconds or an HTTP-date, capped at 60 s, never past the wait's deadline, never shorter than the backoff", () => {
        const now = Date.parse("2026-01-01T00:00:00Z");
        expect(retryAfterSeconds("3", now)).toBe(3);
        expect(retryAfterSeconds("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5);
        expect(retryAfterSeconds("soon", now)).toBeUndefined();
        expect(retryAfterSeconds(null, now)).toBeUndefined();
        expect(RETRY_AFTER_CAP_SECONDS).toBe(60);
        expect(retryDelaySeconds(1, 3600, undefined, now)).toBe(60);
        expect(retryDelaySeconds(1, 3, now + 1500, now)).toBe(1.5);
        expect(retryDelaySeconds(8, 3, undefined, now)).toBe(8);
        expect(retryDelaySeconds(1, undefined, undefined, now)).toBe(1);
    });
});

describe("redirects: never followed by an OCI or OIC client", () => {
    it("the OCI client does not re-send a request to where a 307 points: exit 2 naming the host that redirected", async () => {
        const hosts = await startRedirectingPair(307);
        try {
            const run = await oicDr(["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", hosts.redirectingUrl, "--yes", "--format", "json"]);
            expect(run.code).toBe(2);
            expect(run.out).toBe("");
            expect(run.err).toContain(`${hosts.redirectingHost} answered HTTP 307, a redirect; not followed`);
            expect(hosts.redirected.length).toBe(1);
            expect(hosts.received).toEqual([]);
        } finally {
            await hosts.close();
        }
    });

    it("the OIC REST client does not follow a 307 of the design-time host, nor retry it: exit 2 naming the host", async () => {
        const scope = "https://X.integration.us-phoenix-1.ocp.oraclecloud.com:443urn:opc:resource:consumer::all";
        const oic = await startFakeOic({ integrationInstance: "oic-dr-phx", clientId: "app", clientSecret: "s3cret-value", scope, agentGroups: [] });
        const hosts = await startRedirectingPair(307);
        try {
            let shown = "";
            const code = await main(
                ["post-failover", "--design-host", hosts.redirectingUrl, "--integration-instance", "oic-dr-phx", "--token-url", oic.tokenUrl, "--scope", scope, "--client-id", "app"],
                { out: (t) => (shown += t), err: (t) => (shown += t), env: { OIC_DR_CLIENT_SECRET: "s3cret-value" } },
                { tuning: { retryBaseDelaySeconds: 0.001 } },
            );
            expect(code).toBe(2);
            expect(shown).toContain(`read agent groups: ${hosts.redirectingHost} answered HTTP 307, a redirect; not followed`);
            expect(shown).toContain(`read integrations: ${hosts.redirectingHost} answered HTTP 307, a redirect; not followed`);
            // One attempt per read (the polling inventory, then the agent groups), none retried.
            expect(hosts.redirected.map((r) => new URL(r.url, "http://x").pathname)).toEqual(["/ic/api/integration/v1/integrations", "/ic/api/integration/v1/monitoring/agentgroups"]);
            expect(hosts.received).toEqual([]);
        } finally {
            await hosts.close();
            await oic.close();
        }
    });
});
