/**
 * `oic-dr post-failover` and `oic-dr drill` wired together, through the real command line (main):
 * the real signed `oci-integration` client against the Integration API fake of two regions
 * (./fakes/integrationApiServer.ts), which reports each instance's design-time URL, and the OIC REST
 * fakes (./fakes/oicRestServer.ts) at the hosts those URLs name, one per instance, sharing one
 * identity domain.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { runCli } from "./cliRunner";
import { ASHBURN, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, USER } from "./operationsFixture";
import { startFakeIntegrationApi, type FakeIntegrationApi } from "./fakes/integrationApiServer";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import type { FakeIntegration, FakeOicServer } from "./fakes/oicRestServer";
import { CLIENT_ID, CLIENT_SECRET, IAD_NAME, IAD_SCOPE, PHX_NAME, PHX_SCOPE, startWiredPair } from "./wiredPair";

const ENV = { OIC_DR_CLIENT_SECRET: CLIENT_SECRET };

const POLL: FakeIntegration = { code: "ORDERS_DB_POLL", version: "01.00.0000", name: "Orders DB poll", status: "ACTIVATED" };
const POLL_ID = "ORDERS_DB_POLL|01.00.0000";
const GROUP = { name: "ONPREM_GROUP", status: "AVAILABLE" as const, agents: [{ name: "agent-1", status: "ACTIVE" as const }] };

let key: OciTestKey;
let oci: FakeIntegrationApi;
/** The instance in Ashburn's design-time host; its token endpoint is the identity domain's. */
let iad: FakeOicServer;
let phx: FakeOicServer;

beforeAll(() => {
    key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: ASHBURN }]);
});
afterAll(() => key.remove());

beforeEach(async () => {
    oci = await startFakeIntegrationApi({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey, regions: [ASHBURN, PHOENIX] });
    ({ iad, phx } = await startWiredPair(oci, { integrations: [POLL], agentGroups: [GROUP] }));
});

afterEach(async () => {
    for (const r of oci.requests) expect(r.signatureProblem, `${r.method} ${r.path}`).toBeUndefined();
    await Promise.all([oci.close(), iad.close(), phx.close()]);
});

interface Run {
    code: number;
    out: string;
    err: string;
}

async function oicDr(args: string[], env: NodeJS.ProcessEnv = ENV): Promise<Run> {
    let out = "";
    let err = "";
    // Small bounds so no test waits; the test's own options come last and win.
    const fast = ["--config-file", key.configFile, "--profile", PROFILE, "--timeout", "5"];
    const tuning = { retryBaseDelaySeconds: 0, maxAttempts: 3, pollIntervalSeconds: 0.01 };
    // The steps post-failover shows while it works are judged in waitProgress.test.ts; here stderr holds the errors.
    let progress = "";
    const code = await main([args[0]!, ...fast, ...args.slice(1)], { out: (t) => (out += t), err: (t) => (err += t), progress: { write: (t: string) => (progress += t) }, env }, { tuning });
    expectNoSecret(progress);
    expectNoSecret(out + err);
    return { code, out, err };
}

/** No client secret (or its Basic form), access token, private key or request signature printed. */
function expectNoSecret(printed: string): void {
    expect(printed).not.toContain(CLIENT_SECRET);
    expect(printed).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64"));
    for (const token of [...iad.issuedTokens, ...phx.issuedTokens]) expect(printed).not.toContain(token);
    expect(printed).not.toContain(key.privateKeyBody);
    expect(printed).not.toMatch(/PRIVATE KEY|Signature |fingerprint/i);
    for (const r of oci.requests) {
        const signature = /signature="([^"]+)"/.exec(r.authorization ?? "")?.[1];
        if (signature) expect(printed).not.toContain(signature);
    }
}

const oauth = (scope: string) => ["--token-url", iad.tokenUrl, "--scope", scope, "--client-id", CLIENT_ID];
const api = (server: FakeOicServer) => server.requests.filter((r) => r.path.startsWith("/ic/api/"));

describe("oic-dr post-failover, addressed like failover", () => {
    it("is a command of the real entry point", async () => {
        const help = await runCli(["post-failover", "--help"]);
        expect(help.code).toBe(0);
        for (const flag of ["--instance <ocid>", "--stack-outputs <file>", "--region <region>", "--endpoint <url>", "--design-host <host>", "--token-url <url>"]) {
            expect(help.stdout).toContain(flag);
        }
    });

    it("the day a region is lost: fails over from Phoenix, then reads the new primary there and calls its REST API at the host it reports", async () => {
        await oci.refuseConnections(ASHBURN);
        const failover = await oicDr(["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), "--yes"]);
        expect(failover.code).toBe(0);
        const before = oci.requests.length;

        const run = await oicDr(["post-failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), ...oauth(PHX_SCOPE), "--integrations", POLL_ID, "--format", "json"]);

        expect(run.err).toBe("");
        expect(run.code).toBe(0);
        // One GetIntegrationInstance, in the new primary's region.
        expect(oci.requests.slice(before).map((r) => `${r.region} ${r.method} ${r.path}`)).toEqual([`${PHOENIX} GET /20190131/integrationInstances/${STANDBY_ID}`]);
        // The REST calls went to the host the instance reported, with the name from its URL.
        expect(api(phx).length).toBeGreaterThan(0);
        expect(api(phx).every((r) => r.query.integrationInstance === PHX_NAME && r.status === 200)).toBe(true);
        expect(api(iad)).toEqual([]);
        expect(phx.changes()).toEqual([`${POLL_ID} -> CONFIGURED`, `${POLL_ID} -> ACTIVATED`]);
        const report = JSON.parse(run.out);
        expect(report).toMatchObject({ designHost: new URL(phx.url).host, integrationInstance: PHX_NAME });
        expect(report.checks.map((c: { check: string; name: string; status: string }) => [c.check, c.name, c.status])).toEqual([
            ["reactivate", POLL_ID, "ok"],
            ["agent-group", "ONPREM_GROUP", "ok"],
        ]);
    });

    it("finds the new primary through --stack-outputs and lets --integration-instance override the name read", async () => {
        await oicDr(["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), "--yes"]);
        const file = join(key.dir, "wired-outputs.json");
        writeFileSync(file, JSON.stringify({ primaryRegion: ASHBURN, instanceId: PRIMARY_ID, disasterRecovery: { crossRegion: { id: STANDBY_ID, region: PHOENIX } } }));
        const run = await oicDr(["post-failover", "--stack-outputs", file, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), ...oauth(PHX_SCOPE), "--integration-instance", "someone-else"]);
        // The host is the instance's; the name is the flag's, which that host does not know.
        expect(api(phx).length).toBeGreaterThan(0);
        expect(api(phx).every((r) => r.query.integrationInstance === "someone-else")).toBe(true);
        expect(run.code).toBe(2);
        expect(run.out).toMatch(/agent-group\s+\(all\)\s+ERROR/);
    });

    it("refuses an instance that is not PRIMARY (exit 2) and calls no REST API", async () => {
        const run = await oicDr(["post-failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), ...oauth(PHX_SCOPE)]);
        expect(run.code).toBe(2);
        expect(run.err).toBe(
            `oic-dr post-failover: instance ${STANDBY_ID} in ${PHOENIX} is SECONDARY, not PRIMARY: post-failover acts on the new primary (fail over first, or address the instance in the other region)\n`,
        );
        expect(phx.requests).toEqual([]);
        expect(iad.requests).toEqual([]);
    });

    it("with --design-host and --integration-instance alone makes no OCI call", async () => {
        const run = await oicDr(["post-failover", "--design-host", iad.url, "--integration-instance", IAD_NAME, ...oauth(IAD_SCOPE)]);
        expect(run.code).toBe(0);
        expect(oci.requests).toEqual([]);
        expect(api(iad).every((r) => r.query.integrationInstance === IAD_NAME)).toBe(true);
    });

    it("an address without --region, or no secret: exit 2 before any call", async () => {
        const noRegion = await oicDr(["post-failover", "--instance", PRIMARY_ID, ...oauth(IAD_SCOPE)]);
        expect(noRegion.code).toBe(2);
        expect(noRegion.err).toContain("--region is required with --instance");
        const noSecret = await oicDr(["post-failover", "--instance", PRIMARY_ID, "--region", ASHBURN, "--endpoint", oci.endpointOf(ASHBURN), ...oauth(IAD_SCOPE)], {});
        expect(noSecret.code).toBe(2);
        expect(noSecret.err).toContain("set the environment variable OIC_DR_CLIENT_SECRET");
        expect(oci.requests).toEqual([]);
        expect(iad.requests).toEqual([]);
    });
});

describe("oic-dr drill with the post-failover checks", () => {
    const drillArgs = () => ["drill", "--instance", PRIMARY_ID, "--region", ASHBURN, "--endpoint", oci.endpointOf(ASHBURN), "--peer-endpoint", oci.endpointOf(PHOENIX), "--yes"];
    const withChecks = () => [...drillArgs(), ...oauth(IAD_SCOPE), "--peer-scope", PHX_SCOPE, "--integrations", POLL_ID];

    it("runs the checks on each leg's new primary, at its own host, and reports them per leg (JSON)", async () => {
        const run = await oicDr([...withChecks(), "--quiet", "--format", "json"]);
        expect(run.err).toBe("");
        expect(run.code).toBe(0);
        const report = JSON.parse(run.out);
        expect(report).toMatchObject({ result: "PASSED", postFailoverChecks: "RUN" });
        const perLeg = report.legs.map((l: { name: string; checks: { check: string; name: string; status: string }[] }) => [l.name, l.checks.map((c) => `${c.check} ${c.name} ${c.status}`)]);
        expect(perLeg).toEqual([
            ["switchover", [`reactivate ${POLL_ID} ok`, "agent-group ONPREM_GROUP ok"]],
            ["switchback", [`reactivate ${POLL_ID} ok`, "agent-group ONPREM_GROUP ok"]],
        ]);
        // The switchover's checks went to Phoenix's host with its name and a token for its scope; the switchback's to Ashburn's.
        expect(phx.changes()).toEqual([`${POLL_ID} -> CONFIGURED`, `${POLL_ID} -> ACTIVATED`]);
        expect(iad.changes()).toEqual([`${POLL_ID} -> CONFIGURED`, `${POLL_ID} -> ACTIVATED`]);
        expect(api(phx).every((r) => r.query.integrationInstance === PHX_NAME)).toBe(true);
        expect(api(iad).every((r) => r.query.integrationInstance === IAD_NAME)).toBe(true);
        const scopes = iad.requests.filter((r) => r.path === "/oauth2/v1/token").map((r) => new URLSearchParams(r.body).get("scope"));
        expect(scopes).toEqual([PHX_SCOPE, IAD_SCOPE]);
        // Checks ran after each switch: the switchover's before the switchback's failover.
        expect(oci.instance(PRIMARY_ID).role).toBe("PRIMARY");
    });

    it("lists each leg's checks in the Markdown report; a failed activation fails the drill (exit 1)", async () => {
        phx.changeFaults.push({ id: POLL_ID, status: 409 });
        const run = await oicDr(withChecks());
        expect(run.code).toBe(1);
        expect(run.out).toMatch(/^# DR drill: FAILED\n/);
        expect(run.out).toContain(`switchover: checks failed: reactivate ${POLL_ID}`);
        expect(run.out).toContain("## Post-failover checks");
        expect(run.out).toMatch(/\| switchover \| reactivate \| ORDERS_DB_POLL\\\|01\.00\.0000 \| FAILED \| activate integration ORDERS_DB_POLL\\\|01\.00\.0000: HTTP 409/);
        expect(run.out).toContain("| switchover | agent-group | ONPREM_GROUP | ok | AVAILABLE (agent-1 ACTIVE) |");
        expect(run.out).toContain(`| switchback | reactivate | ORDERS_DB_POLL\\|01.00.0000 | ok | deactivated and activated again |`);
    });

    it("still switches back when a leg's checks cannot run (token refused there); the report says why", async () => {
        phx.rejectTokens();
        const run = await oicDr([...withChecks(), "--format", "json"]);
        expect(run.code).toBe(1);
        const report = JSON.parse(run.out);
        expect(report.legs.map((l: { status: string }) => l.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
        expect(report.legs[0].checks).toEqual([
            { check: "post-failover", name: "(all)", status: "error", detail: expect.stringMatching(/^could not run: read integration ORDERS_DB_POLL\|01\.00\.0000: HTTP 401: Unauthorized: token \[redacted\] not valid/) },
        ]);
        expect(report.legs[1].checks.map((c: { status: string }) => c.status)).toEqual(["ok", "ok"]);
        expect(oci.instance(PRIMARY_ID).role).toBe("PRIMARY");
    });

    it("an incomplete OAuth client or a missing secret stops the drill before any failover (exit 2)", async () => {
        const incomplete = await oicDr([...drillArgs(), "--integrations", POLL_ID]);
        expect(incomplete.code).toBe(2);
        expect(incomplete.err).toContain("the OAuth client is incomplete: give --token-url, --scope, --client-id");
        const noSecret = await oicDr(withChecks(), {});
        expect(noSecret.code).toBe(2);
        expect(noSecret.err).toContain("the client secret is missing");
        const asArgument = await oicDr([...withChecks(), "--client-secret", CLIENT_SECRET]);
        expect(asArgument.code).toBe(2);
        expect(asArgument.err).toContain("--client-secret is refused");
        expect(oci.requests).toEqual([]);
        expect(iad.requests).toEqual([]);
    });
});
