/**
 * The readiness checks that read the OIC 3 REST API (agents, file-server-hostnames,
 * polling-integrations) and post-failover taking the polling inventory, through the real command
 * line (main): the real signed `oci-integration` client against the Integration API fake of two
 * regions (./fakes/integrationApiServer.ts), which reports each instance's design-time URL, and the
 * OIC REST fakes (./fakes/oicRestServer.ts) at the hosts those URLs name, sharing one identity domain.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { ASHBURN, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, USER } from "./operationsFixture";
import { startFakeIntegrationApi, type FakeIntegrationApi } from "./fakes/integrationApiServer";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import type { FakeAgentGroup, FakeConnection, FakeIntegration, FakeOicServer } from "./fakes/oicRestServer";
import { CLIENT_ID, CLIENT_SECRET, IAD_NAME, IAD_SCOPE, PHX_SCOPE, startWiredPair, type WiredDesign } from "./wiredPair";

const ENV = { OIC_DR_CLIENT_SECRET: CLIENT_SECRET };

const DB_POLL: FakeIntegration = { code: "ORDERS_DB_POLL", version: "01.00.0000", name: "Orders DB poll", status: "ACTIVATED", trigger: { connectionId: "ORDERS_ATP", adapterType: "atpdatabase" } };
const REST_API: FakeIntegration = { code: "ORDERS_API", version: "01.00.0000", name: "Orders API", status: "ACTIVATED" };
const KAFKA_OFF: FakeIntegration = { code: "ORDERS_KAFKA", version: "01.00.0000", name: "Orders Kafka", status: "CONFIGURED", trigger: { connectionId: "KAFKA", adapterType: "kafka" } };
const EVENTS: FakeIntegration = {
    code: "ORDER_CREATED_SUB", version: "01.00.0000", name: "Order created", status: "ACTIVATED", pattern: "Orchestration", patternDescription: "Subscribe To OIC",
};
const STREAM_POLL: FakeIntegration = { code: "SHIPMENTS_STREAM", version: "02.00.0000", name: "Shipments", status: "ACTIVATED", trigger: { connectionId: "STREAMING", adapterType: "OracleStreaming" } };

const GROUP: FakeAgentGroup = { id: "ONPREM_GROUP", name: "ONPREM_GROUP", status: "AVAILABLE", agents: [{ name: "agent-1", status: "ACTIVE" }] };
const SPARE: FakeAgentGroup = { id: "SPARE_GROUP", name: "SPARE_GROUP", status: "UNAVAILABLE", agents: [] };
const FILE_SERVER_BY_NAME: FakeConnection = { id: "FILE_SERVER", adapterType: "ftp", agentGroupId: "ONPREM_GROUP", properties: { ftpServerHost: "fileserver.integration.us-ashburn-1.ocp.oraclecloud.com", ftpServerPort: "8095" } };
// An address in a REST connection is no File Server connection: not judged by file-server-hostnames.
const REST_BY_ADDRESS: FakeConnection = { id: "BILLING_REST", adapterType: "rest", properties: { connectionUrl: "https://192.0.2.10:8443/api" } };

let key: OciTestKey;
let oci: FakeIntegrationApi;
let iad: FakeOicServer;
let phx: FakeOicServer;

beforeAll(() => {
    key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: ASHBURN }]);
});
afterAll(() => key.remove());

/** Both instances with the same design (replicated), as the fakes of each design-time host serve it (./wiredPair.ts). */
async function startPair(design: WiredDesign) {
    ({ iad, phx } = await startWiredPair(oci, { ...design, agentGroups: design.agentGroups ?? [GROUP] }));
}

beforeEach(async () => {
    oci = await startFakeIntegrationApi({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey, regions: [ASHBURN, PHOENIX] });
});

afterEach(async () => {
    for (const r of oci.requests) expect(r.signatureProblem, `${r.method} ${r.path}`).toBeUndefined();
    await Promise.all([oci.close(), iad?.close(), phx?.close()]);
});

interface Run {
    code: number;
    out: string;
    err: string;
}

async function oicDr(args: string[], env: NodeJS.ProcessEnv = ENV): Promise<Run> {
    let out = "";
    let err = "";
    let progress = "";
    const fast = ["--config-file", key.configFile, "--profile", PROFILE, "--timeout", "5"];
    const tuning = { retryBaseDelaySeconds: 0, maxAttempts: 2, pollIntervalSeconds: 0.01 };
    const code = await main([args[0]!, ...fast, ...args.slice(1)], { out: (t) => (out += t), err: (t) => (err += t), progress: { write: (t: string) => (progress += t) }, env }, { tuning });
    expectNoSecret(out + err + progress);
    return { code, out, err };
}

/** No client secret (or its Basic form) and no access token printed. */
function expectNoSecret(printed: string): void {
    expect(printed).not.toContain(CLIENT_SECRET);
    expect(printed).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64"));
    for (const token of [...(iad?.issuedTokens ?? []), ...(phx?.issuedTokens ?? [])]) expect(printed).not.toContain(token);
}

const withOAuth = () => ["--token-url", iad.tokenUrl, "--scope", IAD_SCOPE, "--client-id", CLIENT_ID, "--peer-scope", PHX_SCOPE];
const pairArgs = () => ["--region", ASHBURN, "--instance", PRIMARY_ID, "--endpoint", oci.endpointOf(ASHBURN), "--peer-endpoint", oci.endpointOf(PHOENIX)];

type CheckJson = { id: string; status: string; mandatory: boolean; found: string; todo: string | null };
const checkOf = (out: string, id: string) => (JSON.parse(out).checks as CheckJson[]).find((c) => c.id === id)!;

async function readiness(extra: string[] = withOAuth(), env: NodeJS.ProcessEnv = ENV): Promise<Run> {
    return oicDr(["readiness", ...pairArgs(), ...extra, "--format", "json"], env);
}

describe("readiness: agents", () => {
    it("PASS: the group the connections use is AVAILABLE with its agent on the primary; an unused group is not judged; the standby is reported", async () => {
        await startPair({ connections: [FILE_SERVER_BY_NAME, REST_BY_ADDRESS], agentGroups: [GROUP, SPARE], standbyGroups: [{ ...GROUP, agents: [{ name: "agent-1", status: "ACTIVE" }] }] });
        const run = await readiness();
        expect(run.code, run.err).toBe(0);
        const agents = checkOf(run.out, "agents");
        expect(agents).toMatchObject({ status: "PASS", mandatory: true, todo: null });
        expect(agents.found).toBe(
            `primary ${ASHBURN}: groups used by connections: ONPREM_GROUP; ONPREM_GROUP AVAILABLE (agent-1 ACTIVE); standby ${PHOENIX} shows ONPREM_GROUP AVAILABLE (agent-1 ACTIVE)`,
        );
        // Each instance was read at its own host with its own name.
        expect(iad.requests.filter((r) => r.path.startsWith("/ic/api/")).every((r) => r.query.integrationInstance === IAD_NAME)).toBe(true);
        expect(phx.requests.some((r) => r.path === "/ic/api/integration/v1/monitoring/agentgroups")).toBe(true);
        // Read-only: no status change anywhere.
        expect([...iad.changes(), ...phx.changes()]).toEqual([]);
        // agents and file-server-hostnames both need the connections: they are read once.
        expect(iad.requests.filter((r) => r.path === "/ic/api/integration/v1/connections")).toHaveLength(1);
        expect(iad.requests.filter((r) => r.path === "/ic/api/integration/v1/monitoring/agentgroups")).toHaveLength(1);
    });

    it("after a failover, the roles moved: the checks judge the instance now PRIMARY, in Phoenix, at its own host", async () => {
        await startPair({ connections: [FILE_SERVER_BY_NAME], agentGroups: [GROUP] });
        const failover = await oicDr(["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), "--yes"]);
        expect(failover.code, failover.err).toBe(0);
        const run = await readiness();
        expect(run.code, run.out + run.err).toBe(0);
        expect(checkOf(run.out, "instance-roles").found).toBe(`${ASHBURN} SECONDARY ACTIVE, ${PHOENIX} PRIMARY ACTIVE`);
        for (const id of ["agents", "file-server-hostnames", "polling-integrations"]) expect(checkOf(run.out, id).found, id).toMatch(new RegExp(`^primary ${PHOENIX}:`));
        expect(phx.requests.some((r) => r.path === "/ic/api/integration/v1/connections")).toBe(true);
        expect(iad.requests.some((r) => r.path === "/ic/api/integration/v1/connections")).toBe(false);
    });

    it("FAIL (mandatory, exit 1): the group a connection uses is UNAVAILABLE on the primary", async () => {
        await startPair({ connections: [FILE_SERVER_BY_NAME], agentGroups: [{ ...GROUP, status: "UNAVAILABLE", agents: [{ name: "agent-1", status: "UNAVAILABLE" }] }] });
        const run = await readiness();
        expect(run.code).toBe(1);
        const agents = checkOf(run.out, "agents");
        expect(agents.status).toBe("FAIL");
        expect(agents.found).toContain("ONPREM_GROUP is UNAVAILABLE");
        expect(agents.todo).toMatch(/start the agents/);
    });

    it("FAIL: a connection names a group the primary does not list", async () => {
        await startPair({ connections: [{ ...FILE_SERVER_BY_NAME, agentGroupId: "GONE_GROUP" }] });
        const agents = checkOf((await readiness()).out, "agents");
        expect(agents.status).toBe("FAIL");
        expect(agents.found).toContain("agent group GONE_GROUP (used by FILE_SERVER) is not listed");
    });
});

describe("readiness: file-server-hostnames", () => {
    it("PASS: the FTP connection names File Server by hostname (an address in a REST connection is not File Server's)", async () => {
        await startPair({ connections: [FILE_SERVER_BY_NAME, REST_BY_ADDRESS] });
        const check = checkOf((await readiness()).out, "file-server-hostnames");
        expect(check).toMatchObject({ status: "PASS", mandatory: true });
        expect(check.found).toBe(`primary ${ASHBURN}: 2 connections, 1 through the FTP adapter, none by IP address (SFTP clients outside OIC not checked)`);
    });

    it("FAIL (mandatory, exit 1): an FTP connection reaches its server by IP address, bare or host:port", async () => {
        await startPair({
            connections: [
                { ...FILE_SERVER_BY_NAME, properties: { ftpServerHost: "10.0.4.12", ftpServerPort: "8095" } },
                { id: "SFTP_V6", adapterType: "ftp", properties: { ftpServerHost: "[2001:db8::7]:22" } },
            ],
        });
        const run = await readiness();
        expect(run.code).toBe(1);
        const check = checkOf(run.out, "file-server-hostnames");
        expect(check.status).toBe("FAIL");
        expect(check.found).toBe(`primary ${ASHBURN}: FTP connections by IP address: FILE_SERVER ftpServerHost=10.0.4.12, SFTP_V6 ftpServerHost=2001:db8::7`);
        expect(check.todo).toMatch(/hostname and port/);
    });
});

describe("readiness: polling-integrations", () => {
    it("WARN: the ACTIVATED integrations with polling triggers and the event-based ones, read across pages", async () => {
        // Pages of two: five integrations take three pages, five connections three more.
        await startPair({
            integrations: [DB_POLL, REST_API, KAFKA_OFF, EVENTS, STREAM_POLL],
            connections: [FILE_SERVER_BY_NAME, REST_BY_ADDRESS, { id: "C3", adapterType: "rest" }, { id: "C4", adapterType: "rest" }, { id: "C5", adapterType: "rest" }],
            maxPageSize: 2,
        });
        const run = await readiness();
        expect(run.code, run.err).toBe(0);
        const check = checkOf(run.out, "polling-integrations");
        expect(check).toMatchObject({ status: "WARN", mandatory: false });
        expect(check.found).toBe(
            `primary ${ASHBURN}: polling (reactivate after a failover): ORDERS_DB_POLL|01.00.0000 (trigger adapter atpdatabase), SHIPMENTS_STREAM|02.00.0000 (trigger adapter OracleStreaming); ` +
                "event-based (recreate their event definitions, then reactivate): ORDER_CREATED_SUB|01.00.0000 (pattern Subscribe To OIC) (inferred from trigger adapter types and patterns)",
        );
        expect(check.todo).toMatch(/oic-dr post-failover reactivates the polling ones/);
        const listReads = iad.requests.filter((r) => r.path === "/ic/api/integration/v1/integrations");
        // The client asks for 100; the server answers 2 a page and the next offset follows what came.
        expect(listReads.map((r) => [r.query.offset, r.query.expand])).toEqual([
            ["0", "connection.adapter"],
            ["2", "connection.adapter"],
            ["4", "connection.adapter"],
        ]);
        // Every connection was read across its pages: the FTP one is judged.
        expect(checkOf(run.out, "file-server-hostnames").found).toContain("5 connections, 1 through the FTP adapter");
    });

    it("PASS: no ACTIVATED integration polls or is event-based (a CONFIGURED Kafka one is not listed)", async () => {
        await startPair({ integrations: [REST_API, KAFKA_OFF] });
        const check = checkOf((await readiness()).out, "polling-integrations");
        expect(check.status).toBe("PASS");
        expect(check.found).toBe(`primary ${ASHBURN}: 1 ACTIVATED integrations, none with a polling trigger or an event trigger (inferred from trigger adapter types and patterns)`);
    });
});

describe("readiness: the OIC checks NOT_RUN", () => {
    const OIC_CHECKS = ["agents", "file-server-hostnames", "polling-integrations"];

    it("with no OAuth client: each says so, and no OIC host is called", async () => {
        await startPair({ integrations: [DB_POLL] });
        const run = await readiness([], {});
        expect(run.code, run.err).toBe(0);
        for (const id of OIC_CHECKS) {
            expect(checkOf(run.out, id)).toMatchObject({ status: "NOT_RUN" });
            expect(checkOf(run.out, id).found).toMatch(/no OAuth client given/);
        }
        expect([...iad.requests, ...phx.requests]).toEqual([]);
    });

    it("with the primary's region down: no PRIMARY read, the checks say why; the standby's side still read", async () => {
        await startPair({ integrations: [DB_POLL] });
        await oci.refuseConnections(ASHBURN);
        const file = join(key.dir, "readiness-oic-outputs.json");
        writeFileSync(file, JSON.stringify({ drPairs: { orders: { primaryRegion: ASHBURN, secondaryRegion: PHOENIX, instanceId: PRIMARY_ID, crossRegionInstanceId: STANDBY_ID } } }));
        const run = await oicDr(["readiness", "--region", PHOENIX, "--stack-outputs", file, "--endpoint", oci.endpointOf(PHOENIX), "--peer-endpoint", oci.endpointOf(ASHBURN), ...withOAuth(), "--format", "json"]);
        expect(run.code, run.err).toBe(0);
        for (const id of OIC_CHECKS) {
            expect(checkOf(run.out, id).status).toBe("NOT_RUN");
            expect(checkOf(run.out, id).found).toMatch(new RegExp(`no PRIMARY instance was read \\(${ASHBURN}: .*unreachable`));
        }
    });

    it("with the primary's design-time host not answering: NOT_RUN naming the read, and the token never shown", async () => {
        await startPair({ integrations: [DB_POLL] });
        iad.routeFaults.push({ path: "/ic/api/", status: 503 });
        const run = await readiness();
        expect(run.code, run.err).toBe(0);
        for (const id of OIC_CHECKS) expect(checkOf(run.out, id).status).toBe("NOT_RUN");
        expect(checkOf(run.out, "polling-integrations").found).toMatch(/^not checked: read integrations: HTTP 503/);
    });
});

describe("post-failover takes the polling inventory from the new primary", () => {
    it("without --integrations: reactivates the ACTIVATED integrations with polling triggers it lists, and says the list was inferred", async () => {
        await startPair({ integrations: [DB_POLL, REST_API, KAFKA_OFF, EVENTS, STREAM_POLL], maxPageSize: 2 });
        const failover = await oicDr(["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), "--yes"]);
        expect(failover.code, failover.err).toBe(0);

        const run = await oicDr(["post-failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), "--token-url", iad.tokenUrl, "--scope", PHX_SCOPE, "--client-id", CLIENT_ID, "--format", "json"]);
        expect(run.code, run.err).toBe(0);
        expect(phx.changes()).toEqual([
            "ORDERS_DB_POLL|01.00.0000 -> CONFIGURED",
            "ORDERS_DB_POLL|01.00.0000 -> ACTIVATED",
            "SHIPMENTS_STREAM|02.00.0000 -> CONFIGURED",
            "SHIPMENTS_STREAM|02.00.0000 -> ACTIVATED",
        ]);
        expect(iad.changes()).toEqual([]);
        const report = JSON.parse(run.out);
        expect(report.integrationsFrom).toBe("inventory");
        expect(report.checks.map((c: { check: string; name: string; status: string }) => `${c.check} ${c.name} ${c.status}`)).toEqual([
            "inventory (polling triggers) ok",
            "reactivate ORDERS_DB_POLL|01.00.0000 ok",
            "reactivate SHIPMENTS_STREAM|02.00.0000 ok",
            "agent-group ONPREM_GROUP ok",
        ]);
        const steps = report.manualSteps as { id: string; detail: string }[];
        expect(steps.find((s) => s.id === "polling-integrations")!.detail).toMatch(/read from the new primary, inferred from each trigger's adapter type \(ORDERS_DB_POLL\|01.00.0000, SHIPMENTS_STREAM\|02.00.0000\)/);
        expect(steps.find((s) => s.id === "event-definitions")!.detail).toContain("Event-based integrations read from the new primary: ORDER_CREATED_SUB|01.00.0000.");
    });

    it("--integrations still wins: only the integration named is reactivated, no list is read", async () => {
        await startPair({ integrations: [DB_POLL, STREAM_POLL] });
        await oicDr(["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), "--yes"]);
        const run = await oicDr([
            "post-failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX),
            "--token-url", iad.tokenUrl, "--scope", PHX_SCOPE, "--client-id", CLIENT_ID, "--integrations", "ORDERS_DB_POLL|01.00.0000", "--format", "json",
        ]);
        expect(run.code, run.err).toBe(0);
        expect(phx.changes()).toEqual(["ORDERS_DB_POLL|01.00.0000 -> CONFIGURED", "ORDERS_DB_POLL|01.00.0000 -> ACTIVATED"]);
        expect(phx.requests.some((r) => r.path === "/ic/api/integration/v1/integrations")).toBe(false);
        expect(JSON.parse(run.out).integrationsFrom).toBe("given");
    });

    it("the list cannot be read: an inventory error (exit 2) telling to name them, nothing changed", async () => {
        await startPair({ integrations: [DB_POLL] });
        await oicDr(["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), "--yes"]);
        phx.routeFaults.push({ method: "GET", path: "/ic/api/integration/v1/integrations", status: 500 });
        const run = await oicDr(["post-failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", oci.endpointOf(PHOENIX), "--token-url", iad.tokenUrl, "--scope", PHX_SCOPE, "--client-id", CLIENT_ID]);
        expect(run.code).toBe(2);
        expect(run.out).toMatch(/inventory\s+\(polling triggers\)\s+ERROR\s+the integrations could not be listed: read integrations: HTTP 500/);
        expect(run.out).toMatch(/name them with --integrations/);
        expect(phx.changes()).toEqual([]);
    });
});
