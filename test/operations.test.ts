/**
 * `oic-dr failover`, `status` and `drill` through the command line (main), driving the real signed
 * `oci-integration` client against the local Integration API fake of both regions
 * (./fakes/integrationApiServer.ts). Requests are signed with a test key read through a temporary
 * OCI config file; the fake verifies every signature.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { runCli } from "./cliRunner";
import { activeInstance, ASHBURN, COMPARTMENT, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, USER } from "./operationsFixture";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIntegrationApi, type FakeIntegrationApi } from "./fakes/integrationApiServer";


let key: OciTestKey;
let fake: FakeIntegrationApi;

beforeAll(() => {
    key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: ASHBURN }]);
});
afterAll(() => key.remove());

beforeEach(async () => {
    fake = await startFakeIntegrationApi({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey, regions: [ASHBURN, PHOENIX] });
    fake.addPair(activeInstance(PRIMARY_ID, ASHBURN, "oic-dr", "https://oic-dr-iad.example.com"), activeInstance(STANDBY_ID, PHOENIX, "oic-dr", "https://oic-dr-phx.example.com"));
});

afterEach(async () => {
    // Every request reached the fake signed with the test key.
    for (const r of fake.requests) expect(r.signatureProblem, `${r.method} ${r.path}`).toBeUndefined();
    await fake.close();
});

interface Run {
    code: number;
    out: string;
    err: string;
}

/** Small bounds so no test waits: polls and retries in milliseconds (main's internal tuning, no flag). */
const FAST = ["--timeout", "2"];
const TUNING = { retryBaseDelaySeconds: 0.001, maxAttempts: 4, pollIntervalSeconds: 0.01 };

async function oicDr(args: string[], io: { confirm?: (q: string) => Promise<boolean> } = {}): Promise<Run> {
    let out = "";
    let err = "";
    // The test's own options come last, so they override the defaults.
    const code = await main(
        [args[0]!, "--config-file", key.configFile, "--profile", PROFILE, ...FAST, ...args.slice(1)],
        { out: (t) => (out += t), err: (t) => (err += t), ...io },
        { tuning: TUNING },
    );
    // Whatever the outcome, nothing of the key or of a request's signature is printed.
    const printed = out + err;
    expect(printed).not.toContain(key.privateKeyBody);
    expect(printed).not.toMatch(/PRIVATE KEY|Signature |fingerprint/i);
    for (const r of fake.requests) {
        const signature = /signature="([^"]+)"/.exec(r.authorization ?? "")?.[1];
        if (signature) expect(printed).not.toContain(signature);
    }
    return { code, out, err };
}

const failoverArgs = (region = PHOENIX, instance = STANDBY_ID) => [
    "failover",
    "--instance",
    instance,
    "--region",
    region,
    "--endpoint",
    fake.endpointOf(region),
];

describe("oic-dr failover", () => {
    it("fails over the standby from its own region only, follows the work request and reports JSON", async () => {
        const run = await oicDr([...failoverArgs(), "--yes", "--quiet", "--format", "json"]);

        expect(run.err).toBe("");
        expect(run.code).toBe(0);
        const report = JSON.parse(run.out);
        expect(Object.keys(report)).toEqual(["instance", "region", "roleBefore", "roleAfter", "workRequest", "status", "seconds"]);
        expect(report).toMatchObject({ instance: STANDBY_ID, region: PHOENIX, roleBefore: "SECONDARY", roleAfter: "PRIMARY", status: "SUCCEEDED" });
        expect(report.workRequest).toMatch(/^ocid1\.integrationworkrequest\./);
        expect(typeof report.seconds).toBe("number");
        // Nothing was asked of the primary's region.
        expect(fake.received({ region: ASHBURN })).toEqual([]);
        expect(fake.received({ region: PHOENIX }).map((r) => `${r.method} ${r.path}`)).toEqual([
            `GET /20190131/integrationInstances/${STANDBY_ID}`,
            `POST /20190131/integrationInstances/${STANDBY_ID}/actions/failover`,
            `GET /20190131/workRequests/${report.workRequest}`,
            `GET /20190131/workRequests/${report.workRequest}`,
            `GET /20190131/workRequests/${report.workRequest}`,
            `GET /20190131/integrationInstances/${STANDBY_ID}`,
        ]);
        expect(fake.instance(STANDBY_ID).role).toBe("PRIMARY");
        expect(fake.instance(PRIMARY_ID).role).toBe("SECONDARY");
    });

    it("works while the primary's region refuses connections", async () => {
        await fake.refuseConnections(ASHBURN);
        const run = await oicDr([...failoverArgs(), "--yes"]);
        expect(run.code).toBe(0);
        expect(run.out).toMatch(/result\s+failover done: the instance is PRIMARY/);
        expect(fake.executedFailovers).toEqual([STANDBY_ID]);
    });

    it("retries 429 and 500 with the same opc-retry-token, and a lost response never fails over twice", async () => {
        fake.faults(PHOENIX).push(
            { method: "POST", status: 429, code: "TooManyRequests" },
            // Executed, then the answer is lost: the retry must get the same work request back.
            { method: "POST", status: 500, code: "InternalServerError", afterExecute: true },
        );
        const run = await oicDr([...failoverArgs(), "--yes", "--format", "json"]);

        expect(run.code).toBe(0);
        const posts = fake.received({ method: "POST" });
        expect(posts.map((p) => p.status)).toEqual([429, 500, 202]);
        expect(posts[0]!.retryToken).toMatch(/^[0-9a-f-]{36}$/);
        expect(new Set(posts.map((p) => p.retryToken)).size).toBe(1);
        expect(fake.executedFailovers).toEqual([STANDBY_ID]);
        expect(fake.instance(STANDBY_ID).role).toBe("PRIMARY");
        expect(JSON.parse(run.out).status).toBe("SUCCEEDED");
    });

    it("does nothing and exits 0 when the instance is already PRIMARY", async () => {
        const run = await oicDr([...failoverArgs(ASHBURN, PRIMARY_ID)]);
        expect(run.code).toBe(0);
        expect(run.out).toMatch(/already PRIMARY: nothing done/);
        expect(fake.received({ method: "POST" })).toEqual([]);
    });

    it("exits 1 with the work-request id when the work request FAILED; the roles stay", async () => {
        fake.workRequestStatuses = ["ACCEPTED", "FAILED"];
        const run = await oicDr([...failoverArgs(), "--yes", "--format", "json"]);
        expect(run.code).toBe(1);
        const report = JSON.parse(run.out);
        expect(report).toMatchObject({ status: "FAILED", roleBefore: "SECONDARY", roleAfter: "SECONDARY", seconds: null });
        expect(report.workRequest).toMatch(/^ocid1\.integrationworkrequest\./);
        expect(fake.instance(PRIMARY_ID).role).toBe("PRIMARY");
    });

    it("exits 1 with the work-request id when the work request is still running at --wait", async () => {
        fake.workRequestStatuses = ["IN_PROGRESS"];
        const run = await oicDr([...failoverArgs(), "--yes", "--wait", "0.3"]);
        expect(run.code).toBe(1);
        expect(run.out).toMatch(/status\s+STILL_RUNNING/);
        expect(run.out).toMatch(/work request\s+ocid1\.integrationworkrequest\.oc1\.us-phoenix-1\.wr1/);
        expect(fake.received({ pathContains: "/workRequests/" }).length).toBeGreaterThan(2);
    });

    it("asks first: a no leaves everything as it was (exit 1), a yes fails over", async () => {
        const questions: string[] = [];
        const no = await oicDr(failoverArgs(), { confirm: async (q) => (questions.push(q), false) });
        expect(no.code).toBe(1);
        expect(no.out).toMatch(/declined: nothing done/);
        expect(questions[0]).toContain(`make oic-dr (${STANDBY_ID}) in ${PHOENIX} PRIMARY`);
        expect(fake.received({ method: "POST" })).toEqual([]);

        const yes = await oicDr(failoverArgs(), { confirm: async () => true });
        expect(yes.code).toBe(0);
        expect(fake.executedFailovers).toEqual([STANDBY_ID]);
    });

    it("exits 2 without a terminal and without --yes, in a separate process", async () => {
        // The real retry and poll bounds: it stops before any poll, and the fake answers at once.
        const run = await runCli([...failoverArgs(), "--config-file", key.configFile, "--profile", PROFILE, ...FAST]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe("oic-dr failover: no terminal to ask for confirmation on: run it in a terminal, or pass --yes\n");
        expect(fake.received({ method: "POST" })).toEqual([]);
    });

    it("keeps stdout a report a pipeline can parse, in a separate process, though the SDK notes a config file without a DEFAULT profile", async () => {
        expect(readFileSync(key.configFile, "utf8")).not.toContain("[DEFAULT]");
        const run = await runCli([
            "status", "--instance", PRIMARY_ID, "--region", ASHBURN, "--endpoint", fake.endpointOf(ASHBURN), "--peer-endpoint", fake.endpointOf(PHOENIX),
            "--config-file", key.configFile, "--profile", PROFILE, ...FAST, "--format", "json",
        ]);
        expect(run.code).toBe(0);
        expect(run.stdout).not.toContain("No DEFAULT profile");
        expect(JSON.parse(run.stdout).sides.map((side: { role: string }) => side.role)).toEqual(["PRIMARY", "SECONDARY"]);
    });

    it("exits 2, one line, when its own region does not answer", async () => {
        await fake.refuseConnections(PHOENIX);
        const run = await oicDr([...failoverArgs(), "--yes"]);
        expect(run.code).toBe(2);
        expect(run.out).toBe("");
        expect(run.err).toMatch(/^oic-dr failover: region us-phoenix-1 is unreachable: GetIntegrationInstance: /);
        expect(run.err.split("\n").filter(Boolean).length).toBeLessThanOrEqual(2);
        expect(run.err).not.toMatch(/\n\s+at /);
    });

    it("exits 2 naming the status when the service refuses (404 in the wrong region)", async () => {
        const run = await oicDr([...failoverArgs(PHOENIX, PRIMARY_ID), "--yes"]);
        expect(run.code).toBe(2);
        expect(run.err).toMatch(/GetIntegrationInstance in us-phoenix-1 returned 404 NotAuthorizedOrNotFound/);
    });

    it("finds the instance by --compartment and --display-name in --region", async () => {
        const run = await oicDr([
            "failover", "--compartment", COMPARTMENT, "--display-name", "oic-dr", "--region", PHOENIX, "--endpoint", fake.endpointOf(PHOENIX), "--yes", "--format", "json",
        ]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out).instance).toBe(STANDBY_ID);
        const list = fake.received({ method: "GET", pathContains: "/integrationInstances" })[0]!;
        expect(list.path).toBe("/20190131/integrationInstances");
        expect(list.query).toMatchObject({ compartmentId: COMPARTMENT, displayName: "oic-dr" });
    });

    it("finds the instance of --region in saved stack outputs", async () => {
        const file = join(key.dir, "outputs.json");
        writeFileSync(
            file,
            JSON.stringify({
                primaryRegion: ASHBURN,
                secondaryRegion: PHOENIX,
                instanceId: PRIMARY_ID,
                disasterRecovery: { role: "PRIMARY", regionalUrl: "x", crossRegion: { id: STANDBY_ID, region: PHOENIX, role: "SECONDARY", timeRoleChanged: "t" } },
            }),
        );
        const run = await oicDr(["failover", "--stack-outputs", file, "--region", PHOENIX, "--endpoint", fake.endpointOf(PHOENIX), "--yes", "--format", "json"]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out).instance).toBe(STANDBY_ID);

        const wrong = await oicDr(["failover", "--stack-outputs", file, "--region", "eu-frankfurt-1", "--endpoint", fake.endpointOf(PHOENIX), "--yes"]);
        expect(wrong.code).toBe(2);
        expect(wrong.err).toContain('--region "eu-frankfurt-1" holds neither instance of the stack outputs (allowed: us-ashburn-1, us-phoenix-1)');
    });

    it("refuses bad input with exit 2, naming the field and the value", async () => {
        const cases: [string[], RegExp][] = [
            [["failover", "--region", PHOENIX, "--yes"], /no instance given/],
            [["failover", "--instance", "not-an-ocid", "--region", PHOENIX, "--yes"], /--instance "not-an-ocid" is not an OCID/],
            [["failover", "--instance", STANDBY_ID, "--compartment", COMPARTMENT, "--display-name", "x", "--region", PHOENIX], /one way only/],
            [["failover", "--instance", STANDBY_ID, "--region", "Phoenix", "--yes"], /"Phoenix" is not a region of an Oracle-managed DR pair; allowed: us-ashburn-1, us-phoenix-1, /],
            [["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--format", "xml"], /'xml' is invalid. Allowed choices are table, json/],
            [["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--wait", "soon"], /"soon" is not a number greater than 0/],
        ];
        for (const [args, message] of cases) {
            const run = await oicDr(args);
            expect(run.code, args.join(" ")).toBe(2);
            expect(run.err, args.join(" ")).toMatch(message);
        }
        expect(fake.requests).toEqual([]);
    });
});

describe("oic-dr status", () => {
    const statusArgs = () => ["status", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", fake.endpointOf(PHOENIX), "--peer-endpoint", fake.endpointOf(ASHBURN)];

    it("reports both instances, each read in its own region", async () => {
        const run = await oicDr([...statusArgs(), "--format", "json"]);
        expect(run.err).toBe("");
        expect(run.code).toBe(0);
        const report = JSON.parse(run.out);
        expect(report.sides).toEqual([
            {
                instance: STANDBY_ID, region: PHOENIX, reachable: true, role: "SECONDARY", lifecycleState: "ACTIVE",
                regionalUrl: "https://oic-dr-phx.example.com", instanceUrl: "https://oic-dr-test.integration.ocp.oraclecloud.com",
                timeRoleChanged: "2025-01-01T00:00:00.000Z", error: null,
            },
            {
                instance: PRIMARY_ID, region: ASHBURN, reachable: true, role: "PRIMARY", lifecycleState: "ACTIVE",
                regionalUrl: "https://oic-dr-iad.example.com", instanceUrl: "https://oic-dr-test.integration.ocp.oraclecloud.com",
                timeRoleChanged: "2025-01-01T00:00:00.000Z", error: null,
            },
        ]);
        expect(fake.received({ region: PHOENIX }).map((r) => r.path)).toEqual([`/20190131/integrationInstances/${STANDBY_ID}`]);
        expect(fake.received({ region: ASHBURN }).map((r) => r.path)).toEqual([`/20190131/integrationInstances/${PRIMARY_ID}`]);
    });

    it("reports an unreachable region and exits 0 when the other side answered", async () => {
        await fake.refuseConnections(ASHBURN);
        const run = await oicDr(statusArgs());
        expect(run.code).toBe(0);
        expect(run.out).toMatch(/region\s+us-ashburn-1\n.*\nreachable\s+NO \(unreachable\)\nrole\s+PRIMARY \(as the peer reports it\)/);
        expect(run.out).toMatch(/region\s+us-phoenix-1\n.*\nreachable\s+yes\nrole\s+SECONDARY/);
    });

    it("counts a region that does not answer within --timeout unreachable, after one attempt", async () => {
        fake.hang(ASHBURN);
        const started = Date.now();
        const run = await oicDr([...statusArgs(), "--format", "json", "--timeout", "0.5"]);
        expect(Date.now() - started).toBeLessThan(5000);
        expect(run.code).toBe(0);
        const ashburn = JSON.parse(run.out).sides[1];
        expect(ashburn).toMatchObject({ region: ASHBURN, reachable: false, role: "PRIMARY (as the peer reports it)" });
        expect(ashburn.error).toMatch(/^region us-ashburn-1 is unreachable: GetIntegrationInstance: no answer within --timeout 0.5 s/);
        // A timed-out attempt is not retried: --timeout alone decides.
        expect(fake.received({ region: ASHBURN }).length).toBe(1);
    });

    it("retries a 500 with the same policy, then answers", async () => {
        fake.faults(ASHBURN).push({ method: "GET", status: 500, code: "InternalServerError" });
        const run = await oicDr([...statusArgs(), "--format", "json"]);
        expect(run.code).toBe(0);
        expect(fake.received({ region: ASHBURN }).map((r) => r.status)).toEqual([500, 200]);
        expect(run.err).toMatch(/retried requests were not shown/);
    });

    it("exits 2 when neither region answers", async () => {
        await fake.refuseConnections(ASHBURN);
        await fake.refuseConnections(PHOENIX);
        const file = join(key.dir, "outputs-down.json");
        writeFileSync(file, JSON.stringify({ primaryRegion: ASHBURN, instanceId: PRIMARY_ID, disasterRecovery: { crossRegion: { id: STANDBY_ID, region: PHOENIX } } }));
        const run = await oicDr(["status", "--stack-outputs", file, "--region", PHOENIX, "--endpoint", "http://127.0.0.1:9", "--peer-endpoint", "http://127.0.0.1:9", "--format", "json"]);
        expect(run.code).toBe(2);
        expect(JSON.parse(run.out).sides.map((s: { reachable: boolean }) => s.reachable)).toEqual([false, false]);
    });
});

describe("oic-dr drill", () => {
    const drillArgs = () => ["drill", "--instance", PRIMARY_ID, "--region", ASHBURN, "--endpoint", fake.endpointOf(ASHBURN), "--peer-endpoint", fake.endpointOf(PHOENIX)];

    it("switches over to the standby and back, times each leg; without an OAuth client the checks are NOT_RUN", async () => {
        const run = await oicDr([...drillArgs(), "--yes", "--format", "json"]);
        expect(run.code).toBe(0);
        const report = JSON.parse(run.out);
        expect(report).toMatchObject({ result: "PASSED", reason: null, rtoSeconds: 3600, postFailoverChecks: "NOT_RUN" });
        expect(report.legs.map((l: { name: string; instance: string; region: string; status: string; withinRto: boolean; checks: unknown }) => [l.name, l.instance, l.region, l.status, l.withinRto, l.checks])).toEqual([
            ["switchover", STANDBY_ID, PHOENIX, "SUCCEEDED", true, null],
            ["switchback", PRIMARY_ID, ASHBURN, "SUCCEEDED", true, null],
        ]);
        // Each failover went to the instance's own region; the pair is back as it was.
        expect(fake.received({ method: "POST" }).map((r) => [r.region, r.path])).toEqual([
            [PHOENIX, `/20190131/integrationInstances/${STANDBY_ID}/actions/failover`],
            [ASHBURN, `/20190131/integrationInstances/${PRIMARY_ID}/actions/failover`],
        ]);
        expect(fake.instance(PRIMARY_ID).role).toBe("PRIMARY");
    });

    it("writes a Markdown report with each leg against the RTO, saying the checks were not run", async () => {
        const run = await oicDr([...drillArgs(), "--yes"]);
        expect(run.code).toBe(0);
        expect(run.out).toMatch(/^# DR drill: PASSED \(post-failover checks not run\)\n/);
        expect(run.out).toMatch(/\| switchover \| `ocid1\.integrationinstance\.oc1\.phx\.aaaaaaaastandby` \| us-phoenix-1 \| ocid1\.integrationworkrequest\.\S+ \| SUCCEEDED \| [\d.]+ \| yes \|/);
        expect(run.out).toContain("## Post-failover checks: NOT RUN");
        expect(run.out).not.toMatch(/\| ok \|/);
    });

    it("refuses (exit 1) unless both sides are ACTIVE, and fails over nothing", async () => {
        fake.instance(STANDBY_ID).lifecycleState = "UPDATING";
        const run = await oicDr([...drillArgs(), "--yes", "--format", "json"]);
        expect(run.code).toBe(1);
        const report = JSON.parse(run.out);
        expect(report.result).toBe("REFUSED");
        expect(report.reason).toBe(`a drill needs both instances ACTIVE: ${STANDBY_ID} in ${PHOENIX} is UPDATING`);
        expect(fake.received({ method: "POST" })).toEqual([]);
    });

    it("does not switch back when the switchover fails (exit 1)", async () => {
        fake.workRequestStatuses = ["IN_PROGRESS", "FAILED"];
        const run = await oicDr([...drillArgs(), "--yes", "--format", "json"]);
        expect(run.code).toBe(1);
        const report = JSON.parse(run.out);
        expect(report.legs.map((l: { status: string }) => l.status)).toEqual(["FAILED", "SKIPPED"]);
        expect(fake.received({ method: "POST" }).length).toBe(1);
    });

    it("exits 2 when a region is unreachable: a drill needs both", async () => {
        await fake.refuseConnections(PHOENIX);
        const run = await oicDr([...drillArgs(), "--yes"]);
        expect(run.code).toBe(2);
        expect(run.err).toMatch(/^oic-dr drill: region us-phoenix-1 is unreachable/);
        expect(fake.received({ method: "POST" })).toEqual([]);
    });
});

describe("start-up of the command", () => {
    it("loads the OCI SDKs only when an operation runs, and the Pulumi SDKs only in the program's process: plan and check do not pay for them", () => {
        const loaded = execFileSync(
            process.execPath,
            ["--require", "tsx/cjs", "-e", `require(${JSON.stringify(join(__dirname, "..", "cli", "main.ts"))}); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules\\/(oci-(common|integration)|@pulumi\\/(pulumi|oci|policy))\\//.test(k))))`],
            { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
        );
        expect(JSON.parse(loaded)).toEqual([]);
    });
});
