/**
 * `oic-dr readiness` of one pair against the local stand-ins, as a pipeline runs it: the compiled
 * command, a whole process per run. Two figures (issue 23):
 *
 * - its own overhead: the run's wall time when the stand-ins answer at once (everything but the
 *   services' answers: start-up, loading the SDKs, signing, the checks); target under 2 s;
 * - that the two regions' calls are made concurrently: with every answer held `LATENCY_MS`, the
 *   requests to one region overlap in time those to the other (the largest number of requests in
 *   flight at once, across regions, is above one), and the time the latency adds stays far below
 *   the requests' count times the latency (what asking one after another would add).
 *
 * Runnable alone: `npx tsx bench/readiness.ts` (after `npm run build`); bench/run.ts includes it.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { startFakeIntegrationApi, type FakeIntegrationApi, type ReceivedRequest } from "../test/fakes/integrationApiServer";
import { createOciTestKey } from "../test/fakes/ociApiKey";
import { serveOciServices } from "../test/fakes/ociServices";
import { startFakeOic, type FakeOicServer } from "../test/fakes/oicRestServer";
import { activeInstance, ASHBURN, COMPARTMENT, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, USER } from "../test/operationsPair";
import { DOMAIN_HOST, readyTenancy } from "../test/readinessFixture";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");
export const READINESS_TARGETS = { overheadSeconds: 2 };
/** A cross-region round trip's order of magnitude. */
const LATENCY_MS = 250;
/** The OAuth client of the OIC checks (the stand-ins' identity domain issues its tokens). */
const OAUTH = { clientId: "bench-app", clientSecret: "bench-secret-0123", scope: "https://BENCH.integration.us-ashburn-1.ocp.oraclecloud.com:443urn:opc:resource:consumer::all" };

export interface ReadinessMeasurement {
    readonly overheadSeconds: number;
    readonly overheadRunsSeconds: number[];
    readonly latencyMs: number;
    readonly withLatencySeconds: number;
    readonly requests: number;
    readonly requestsByRegion: Record<string, number>;
    /** Requests to the instances' OIC REST hosts and their identity domain. */
    readonly oicRequests: number;
    /** Each check's status in the measured run: the run measured is the run that checks everything. */
    readonly checks: Record<string, string>;
    /** The most requests in flight at once, and whether requests to both regions were among them. */
    readonly maxInFlight: number;
    readonly regionsOverlap: boolean;
    /** The time the latency added, against the requests' count times the latency. */
    readonly addedSeconds: number;
    readonly serialSeconds: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number) => Math.round(n * 1000) / 1000;

/** The most requests answered-or-pending at one time, and whether the two regions' ever overlap. */
function concurrency(requests: readonly ReceivedRequest[]): { maxInFlight: number; regionsOverlap: boolean } {
    const events = requests.flatMap((r) => [
        { at: r.at, delta: 1, region: r.region },
        { at: r.answeredAt ?? r.at, delta: -1, region: r.region },
    ]);
    events.sort((a, b) => a.at - b.at || a.delta - b.delta);
    const inFlight = new Map<string, number>();
    let max = 0;
    let overlap = false;
    for (const e of events) {
        inFlight.set(e.region, (inFlight.get(e.region) ?? 0) + e.delta);
        const total = [...inFlight.values()].reduce((a, b) => a + b, 0);
        max = Math.max(max, total);
        if ([...inFlight.values()].filter((n) => n > 0).length > 1) overlap = true;
    }
    return { maxInFlight: max, regionsOverlap: overlap };
}

/**
 * One whole-process run of `oic-dr readiness` (asynchronous: this process serves the stand-ins
 * while the command runs, so it must not block), its wall time in seconds.
 */
function runReadiness(fake: FakeIntegrationApi, oic: FakeOicServer, configFile: string): Promise<{ seconds: number; stdout: string }> {
    const args = [
        CLI, "readiness", "--config-file", configFile, "--profile", PROFILE, "--region", ASHBURN, "--instance", PRIMARY_ID,
        "--endpoint", fake.endpointOf(ASHBURN), "--peer-endpoint", fake.endpointOf(PHOENIX), "--format", "json",
        "--token-url", oic.tokenUrl, "--scope", OAUTH.scope, "--client-id", OAUTH.clientId,
    ];
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const env = { ...process.env, OIC_DR_CLIENT_SECRET: OAUTH.clientSecret };
        const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("exit", (code) => {
            if (code !== 0 && code !== 1) reject(new Error(`oic-dr readiness failed (${code}):\n${stderr}`));
            else resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout });
        });
    });
}

export async function measureReadiness(runs = 5): Promise<ReadinessMeasurement> {
    const key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: ASHBURN }]);
    // The benchmark's own process serves the stand-ins while the command runs in another.
    const fake = await startFakeIntegrationApi({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey, regions: [ASHBURN, PHOENIX] });
    // The primary's design-time host, with a few integrations, connections and an agent group to read.
    const oic = await startFakeOic({
        ...OAUTH,
        integrationInstance: "oic-dr-iad",
        integrations: [
            { code: "ORDERS_DB_POLL", version: "01.00.0000", name: "Orders DB poll", status: "ACTIVATED", trigger: { connectionId: "ORDERS_ATP", adapterType: "atpdatabase" } },
            { code: "ORDERS_API", version: "01.00.0000", name: "Orders API", status: "ACTIVATED" },
        ],
        connections: [{ id: "ORDERS_ATP", adapterType: "atpdatabase", agentGroupId: "ONPREM", properties: {} }],
        agentGroups: [{ id: "ONPREM", name: "ONPREM", status: "AVAILABLE", agents: [{ name: "agent-1", status: "ACTIVE" }] }],
    });
    try {
        fake.addPair(
            { ...activeInstance(PRIMARY_ID, ASHBURN, "oic-dr"), compartmentId: COMPARTMENT, designTimeUrl: `${oic.url}/?integrationInstance=oic-dr-iad` },
            activeInstance(STANDBY_ID, PHOENIX, "oic-dr"),
        );
        serveOciServices(fake, readyTenancy());
        for (const id of [PRIMARY_ID, STANDBY_ID]) fake.instance(id).idcsAppLocationUrl = `https://${DOMAIN_HOST}/admin/v1/Apps/oic-dr-app`;
        const timed = (latencyMs: number) => {
            fake.answerDelayMs = latencyMs;
            oic.routeDelays.splice(0, oic.routeDelays.length, ...(latencyMs > 0 ? [{ path: "/", delayMs: latencyMs }] : []));
            return runReadiness(fake, oic, key.configFile);
        };
        const overheadRuns: number[] = [];
        let checks: Record<string, string> = {};
        for (let i = 0; i < runs; i++) {
            const run = await timed(0);
            overheadRuns.push(round(run.seconds));
            checks = Object.fromEntries((JSON.parse(run.stdout).checks as { id: string; status: string }[]).map((c) => [c.id, c.status]));
        }
        const before = fake.requests.length;
        const oicBefore = oic.requests.length;
        const withLatency = (await timed(LATENCY_MS)).seconds;
        const requests = fake.requests.slice(before);
        const oicRequests = oic.requests.length - oicBefore;
        const overheadSeconds = median(overheadRuns);
        const requestsByRegion: Record<string, number> = {};
        for (const r of requests) requestsByRegion[r.region] = (requestsByRegion[r.region] ?? 0) + 1;
        return {
            overheadSeconds,
            overheadRunsSeconds: overheadRuns,
            latencyMs: LATENCY_MS,
            withLatencySeconds: round(withLatency),
            requests: requests.length,
            requestsByRegion,
            oicRequests,
            checks,
            ...concurrency(requests),
            addedSeconds: round(withLatency - overheadSeconds),
            serialSeconds: round(((requests.length + oicRequests) * LATENCY_MS) / 1000),
        };
    } finally {
        await Promise.all([fake.close(), oic.close()]);
        key.remove();
    }
}

export function describeReadiness(m: ReadinessMeasurement): string {
    return (
        `Readiness of one pair against the stand-ins: ${m.overheadSeconds} s with instant answers (its own overhead; target under ${READINESS_TARGETS.overheadSeconds} s). ` +
        `With every answer held ${m.latencyMs} ms: ${m.withLatencySeconds} s for ${m.requests} OCI requests (${Object.entries(m.requestsByRegion).map(([r, n]) => `${n} to ${r}`).join(", ")}) and ${m.oicRequests} to the primary's OIC host and identity domain, ` +
        `up to ${m.maxInFlight} in flight at once${m.regionsOverlap ? ", the two regions' overlapping" : ", the regions' never overlapping"}; ` +
        `the latency added ${m.addedSeconds} s where asking one after another would add ${m.serialSeconds} s. ` +
        `Checks: ${Object.entries(m.checks).map(([id, status]) => `${id} ${status}`).join(", ")}.`
    );
}

if (require.main === module) {
    void measureReadiness(Number(process.env.BENCH_RUNS ?? 5)).then((m) => {
        console.log(describeReadiness(m));
        console.log(JSON.stringify(m, null, 2));
    });
}
