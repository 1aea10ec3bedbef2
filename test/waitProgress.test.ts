/**
 * Progress on long waits (issue 21, item 7): `failover` and `drill` show on stderr what they wait
 * for (the work request's status and percentComplete, the time against the one-hour RTO, the
 * drill's leg), `post-failover` the step it is at, while stdout stays the report. Driven through the command line (main) and the real
 * signed `oci-integration` client against the Integration API api.fake (./fakes/integrationApiServer.ts),
 * and the terminal renderer (cli/waitProgress.ts) with a stand-in TTY stream.
 */
import { describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { progressRenderer, type ProgressStream } from "../cli/waitProgress";
import type { WaitProgress } from "../operations/failover";
import { ASHBURN, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, useIntegrationApiFake } from "./operationsFixture";
import { startFakeOic } from "./fakes/oicRestServer";

const api = useIntegrationApiFake();

const TUNING = { retryBaseDelaySeconds: 0.001, maxAttempts: 4, pollIntervalSeconds: 0.01 };

/** A stand-in for process.stderr on a terminal: what is written, in order. */
function fakeTty(columns = 400): ProgressStream & { writes: string[] } {
    const writes: string[] = [];
    return { isTTY: true, columns, writes, write: (text: string) => writes.push(text) };
}

async function oicDr(args: string[], progress?: ProgressStream): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(
        [args[0]!, "--config-file", api.key.configFile, "--profile", PROFILE, "--timeout", "2", ...args.slice(1)],
        { out: (t) => (out += t), err: (t) => (err += t), ...(progress ? { progress } : {}) },
        { tuning: TUNING },
    );
    return { code, out, err };
}

const failoverArgs = () => ["failover", "--instance", STANDBY_ID, "--region", PHOENIX, "--endpoint", api.fake.endpointOf(PHOENIX), "--yes", "--format", "json"];
const drillArgs = () => [
    "drill", "--instance", PRIMARY_ID, "--region", ASHBURN, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX),
    "--yes", "--format", "json",
];

/** The lines without their elapsed time, which differs from run to run. */
const withoutClock = (err: string) => err.trimEnd().split("\n").map((line) => line.replace(/, \d+:\d\d of the 1:00:00 RTO/, ", <elapsed> of the 1:00:00 RTO"));

describe("not a terminal (a CI log): one line per change", () => {
    it("failover: a line per change of status or percentage, none for a poll that changed nothing; stdout one JSON document", async () => {
        api.fake.workRequestStatuses = ["ACCEPTED", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"];
        api.fake.workRequestPercents = [0, 40, 40, 70, 100];
        const run = await oicDr(failoverArgs());

        expect(run.code).toBe(0);
        const report = JSON.parse(run.out);
        expect(report).toMatchObject({ status: "SUCCEEDED", roleAfter: "PRIMARY" });
        const wr = report.workRequest as string;
        expect(withoutClock(run.err)).toEqual([
            `oic-dr failover: work request ACCEPTED 0%, <elapsed> of the 1:00:00 RTO (${wr})`,
            `oic-dr failover: work request IN_PROGRESS 40%, <elapsed> of the 1:00:00 RTO (${wr})`,
            `oic-dr failover: work request IN_PROGRESS 70%, <elapsed> of the 1:00:00 RTO (${wr})`,
            `oic-dr failover: work request SUCCEEDED 100%, <elapsed> of the 1:00:00 RTO (${wr})`,
            `oic-dr failover: work request SUCCEEDED 100%, instance PRIMARY, <elapsed> of the 1:00:00 RTO (${wr})`,
        ]);
        // Five reads of the work request, four lines for them: the repeated IN_PROGRESS 40% is not one.
        expect(api.fake.received({ pathContains: "/workRequests/" }).length).toBe(5);
        expect(run.err).not.toContain("\r");
    });

    it("drill: each line names its leg; stdout stays one JSON document", async () => {
        api.fake.workRequestStatuses = ["ACCEPTED", "IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"];
        api.fake.workRequestPercents = [0, 50, 50, 100];
        const run = await oicDr(drillArgs());

        expect(run.code).toBe(0);
        const report = JSON.parse(run.out);
        expect(report.result).toBe("PASSED");
        const [over, back] = report.legs.map((l: { workRequest: string }) => l.workRequest);
        const leg = (name: string, region: string, wr: string) => [
            `oic-dr drill: ${name} to ${region}: work request ACCEPTED 0%, <elapsed> of the 1:00:00 RTO (${wr})`,
            `oic-dr drill: ${name} to ${region}: work request IN_PROGRESS 50%, <elapsed> of the 1:00:00 RTO (${wr})`,
            `oic-dr drill: ${name} to ${region}: work request SUCCEEDED 100%, <elapsed> of the 1:00:00 RTO (${wr})`,
            `oic-dr drill: ${name} to ${region}: work request SUCCEEDED 100%, instance PRIMARY, <elapsed> of the 1:00:00 RTO (${wr})`,
        ];
        expect(withoutClock(run.err)).toEqual([...leg("switchover", PHOENIX, over), ...leg("switchback", ASHBURN, back)]);
    });
});

describe("--quiet", () => {
    it("failover and drill write nothing on stderr, and the report is unchanged", async () => {
        const failover = await oicDr([...failoverArgs(), "--quiet"]);
        expect(failover.err).toBe("");
        expect(JSON.parse(failover.out)).toMatchObject({ status: "SUCCEEDED" });

        const drill = await oicDr([...drillArgs(), "--quiet"]);
        expect(drill.err).toBe("");
        expect(JSON.parse(drill.out)).toMatchObject({ result: "PASSED" });
    });

    it("is also quiet on a terminal", async () => {
        const tty = fakeTty();
        const run = await oicDr([...failoverArgs(), "--quiet"], tty);
        expect(tty.writes).toEqual([]);
        expect(run.err).toBe("");
    });
});

describe("on a terminal: one live line rewritten in place", () => {
    const event = (over: Partial<WaitProgress>): WaitProgress => ({
        awaiting: "work request",
        workRequest: "ocid1.integrationworkrequest.oc1.us-phoenix-1.wr1",
        status: "IN_PROGRESS",
        percentComplete: 40,
        elapsedSeconds: 754,
        rtoSeconds: 3600,
        ...over,
    });

    it("rewrites the line at every poll (the clock moves) with \\r and clear-line, and ends it once", () => {
        const tty = fakeTty();
        const renderer = progressRenderer("drill", tty);
        renderer.onProgress(event({ step: { name: "switchover", region: PHOENIX } }));
        renderer.onProgress(event({ step: { name: "switchover", region: PHOENIX }, elapsedSeconds: 764 }));
        renderer.onProgress(event({ step: { name: "switchover", region: PHOENIX }, status: "SUCCEEDED", percentComplete: 100, awaiting: "role PRIMARY", role: "SECONDARY", elapsedSeconds: 3725 }));
        renderer.end();

        expect(tty.writes).toEqual([
            "\r\x1b[2Koic-dr drill: switchover to us-phoenix-1: work request IN_PROGRESS 40%, 12:34 of the 1:00:00 RTO (ocid1.integrationworkrequest.oc1.us-phoenix-1.wr1)",
            "\r\x1b[2Koic-dr drill: switchover to us-phoenix-1: work request IN_PROGRESS 40%, 12:44 of the 1:00:00 RTO (ocid1.integrationworkrequest.oc1.us-phoenix-1.wr1)",
            "\r\x1b[2Koic-dr drill: switchover to us-phoenix-1: work request SUCCEEDED 100%, waiting for the instance to report PRIMARY (now SECONDARY), 1:02:05 of the 1:00:00 RTO (ocid1.integrationworkrequest.oc1.us-phoenix-1.wr1)",
            "\n",
        ]);
    });

    it("cuts the line to the terminal's width, so that \\r rewrites all of it", () => {
        const tty = fakeTty(40);
        const renderer = progressRenderer("failover", tty);
        renderer.onProgress(event({}));
        expect(tty.writes[0]).toBe("\r\x1b[2Koic-dr failover: work request IN_PROGR…");
        expect(Array.from(tty.writes[0]!.slice("\r\x1b[2K".length))).toHaveLength(39);
    });

    it("escapes what the service answers: a status with a control character cannot move the cursor", () => {
        const tty = fakeTty();
        progressRenderer("failover", tty).onProgress(event({ status: "IN_PROGRESS\x1b[1A" }));
        expect(tty.writes[0]).toContain("IN_PROGRESS\\x1b[1A");
        expect(tty.writes[0]).not.toContain("\x1b[1A");
    });

    it("through the command line: the live line goes to the terminal, nothing else on stderr, stdout one JSON document", async () => {
        api.fake.workRequestStatuses = ["ACCEPTED", "IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"];
        api.fake.workRequestPercents = [0, 50, 50, 100];
        const tty = fakeTty();
        const run = await oicDr(failoverArgs(), tty);

        expect(run.code).toBe(0);
        expect(JSON.parse(run.out)).toMatchObject({ status: "SUCCEEDED" });
        expect(run.err).toBe("");
        // One write per poll (four of the work request, one of the instance), each rewriting the line; then its end.
        expect(tty.writes).toHaveLength(6);
        for (const w of tty.writes.slice(0, 5)) expect(w).toMatch(/^\r\x1b\[2Koic-dr failover: work request [A-Z_]+ \d+%/);
        expect(tty.writes.slice(0, 5).join("")).not.toContain("\n");
        expect(tty.writes[5]).toBe("\n");
    });
});

describe("post-failover: the step under way", () => {
    const SCOPE = "https://X.integration.us-phoenix-1.ocp.oraclecloud.com:443urn:opc:resource:consumer::all";
    const POLLS = [
        { code: "ORDERS_POLL", version: "01.00.0000", name: "Orders poll", status: "ACTIVATED" as const },
        { code: "STOCK_POLL", version: "02.00.0000", name: "Stock poll", status: "ACTIVATED" as const },
    ];
    async function postFailover(extra: string[], progress?: ProgressStream) {
        const oic = await startFakeOic({ integrationInstance: "oic-dr-phx", clientId: "app", clientSecret: "s3cret-value", scope: SCOPE, integrations: POLLS, agentGroups: [] });
        try {
            let out = "";
            let err = "";
            const code = await main(
                ["post-failover", "--design-host", oic.url, "--integration-instance", "oic-dr-phx", "--token-url", oic.tokenUrl, "--scope", SCOPE, "--client-id", "app",
                    "--integrations", "ORDERS_POLL|01.00.0000,STOCK_POLL|02.00.0000", "--format", "json", ...extra],
                { out: (t) => (out += t), err: (t) => (err += t), env: { OIC_DR_CLIENT_SECRET: "s3cret-value" }, ...(progress ? { progress } : {}) },
                { tuning: TUNING },
            );
            return { code, out, err };
        } finally {
            await oic.close();
        }
    }
    const withoutElapsed = (err: string) => err.trimEnd().split("\n").map((line) => line.replace(/, \d+:\d\d elapsed$/, ", <elapsed> elapsed"));

    it("in a CI log: a line per step, each integration with its place; stdout one JSON document", async () => {
        const run = await postFailover([]);
        expect(run.code, run.err).toBe(0);
        expect(JSON.parse(run.out).integrations).toHaveLength(2);
        expect(withoutElapsed(run.err)).toEqual([
            "oic-dr post-failover: asking the identity domain for an access token, <elapsed> elapsed",
            "oic-dr post-failover: reactivating ORDERS_POLL|01.00.0000 (1 of 2), <elapsed> elapsed",
            "oic-dr post-failover: reactivating STOCK_POLL|02.00.0000 (2 of 2), <elapsed> elapsed",
            "oic-dr post-failover: reading the connectivity agent groups, <elapsed> elapsed",
        ]);
    });

    it("on a terminal: one live line, ended once; --quiet: nothing", async () => {
        const tty = fakeTty();
        const live = await postFailover([], tty);
        expect(live.code).toBe(0);
        expect(live.err).toBe("");
        expect(tty.writes.slice(0, -1).every((w) => w.startsWith("\r\x1b[2K"))).toBe(true);
        expect(tty.writes).toHaveLength(5);
        expect(tty.writes.at(-1)).toBe("\n");

        const quiet = await postFailover(["--quiet"]);
        expect(quiet.err).toBe("");
        expect(JSON.parse(quiet.out).integrations).toHaveLength(2);
    });
});
