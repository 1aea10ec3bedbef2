/**
 * The readiness checks that read OCI services besides the Integration API: region-subscription,
 * domain-replication, email-parity, alarms. Driven through `main(["readiness", ...])` against one
 * signed stand-in server per region that answers every service under one base URL
 * (./fakes/integrationApiServer.ts with ./fakes/ociServices.ts), through the official clients.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { serveOciServices, type FakeOciServices } from "./fakes/ociServices";
import { DEFAULT_DOMAIN_HOST, DOMAIN_HOST, readyTenancy } from "./readinessFixture";
import { ASHBURN, COMPARTMENT, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, useIntegrationApiFake } from "./operationsFixture";

const api = useIntegrationApiFake("oic-dr");
const TUNING = { retryBaseDelaySeconds: 0.001, maxAttempts: 2, pollIntervalSeconds: 0.01 };
/** Planted: an OAuth client secret given in the environment; no output may show it. */
const SECRET = "idcscs-readiness-oci-5e6f7a";

let state: FakeOciServices;

beforeEach(() => {
    state = readyTenancy();
    serveOciServices(api.fake, state);
    for (const id of [PRIMARY_ID, STANDBY_ID]) api.fake.instance(id).idcsAppLocationUrl = `https://${DOMAIN_HOST}/admin/v1/Apps/oic-dr-app`;
});

interface Result {
    id: string;
    status: string;
    found: string;
    todo: string | null;
}

async function readiness(extra: string[] = []): Promise<{ code: number; out: string; err: string; check: (id: string) => Result }> {
    let out = "";
    let err = "";
    const code = await main(
        [
            "readiness",
            ...["--config-file", api.key.configFile, "--profile", PROFILE, "--timeout", "10"],
            ...["--region", ASHBURN, "--instance", PRIMARY_ID, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX)],
            ...["--format", "json", ...extra],
        ],
        { out: (t) => (out += t), err: (t) => (err += t), env: { OIC_DR_CLIENT_SECRET: SECRET } },
        { tuning: TUNING },
    );
    expect(out + err).not.toContain(SECRET);
    expect(out + err).not.toMatch(/Signature version|BEGIN (RSA )?PRIVATE KEY/);
    const check = (id: string) => {
        const found = (JSON.parse(out).checks as Result[]).find((c) => c.id === id);
        expect(found, `check ${id} in ${out}${err}`).toBeDefined();
        return found!;
    };
    return { code, out, err, check };
}

const served = (prefix: string, region: string) => api.fake.received({ region, pathContains: prefix }).filter((r) => r.path.startsWith(prefix));

describe("oic-dr readiness: the checks that read OCI services", () => {
    it("PASS: all four on a ready pair, each service read through one base URL per region, signed, both regions asked; no secret printed", async () => {
        const run = await readiness(["--token-url", "http://127.0.0.1:9/oauth2/v1/token", "--scope", "urn:opc:resource:consumer::all", "--client-id", "ops-app"]);
        expect(run.code, run.out + run.err).toBe(0);
        expect(run.check("region-subscription")).toEqual(expect.objectContaining({ status: "PASS", found: `${ASHBURN} READY (home), ${PHOENIX} READY (read in ${ASHBURN})`, todo: null }));
        expect(run.check("domain-replication")).toEqual(expect.objectContaining({ status: "PASS", found: `oic-users (homed in ${ASHBURN}): ${PHOENIX} REPLICATION_ENABLED` }));
        expect(run.check("email-parity")).toEqual(
            expect.objectContaining({ status: "PASS", found: `${ASHBURN}: 1 approved senders, 1 email domains, 1 suppressions; ${PHOENIX}: 1 approved senders, 1 email domains, 1 suppressions` }),
        );
        expect(run.check("alarms")).toEqual(
            expect.objectContaining({ status: "PASS", found: `${ASHBURN}: 1 topic(s), 1 subscription(s), 1 probe(s), 1 alarm(s); ${PHOENIX}: 1 topic(s), 1 subscription(s), 1 probe(s), 1 alarm(s)` }),
        );
        // Every service of both regions through the one base URL of each (the SDK appends its version).
        for (const region of [ASHBURN, PHOENIX]) {
            for (const prefix of ["/20170907/senders", "/20170907/emailDomains", "/20170907/dkims", "/20170907/suppressions", "/20180401/alarms", "/20181201/topics", "/20181201/subscriptions", "/20180501/httpMonitors", "/20180501/pingMonitors", "/20160918/domains"]) {
                expect(served(prefix, region).length, `${prefix} in ${region}`).toBeGreaterThan(0);
            }
        }
        // Region subscriptions are the tenancy's: asked once, of the given region.
        expect(served(`/20160918/tenancies/${TENANCY}/regionSubscriptions`, ASHBURN)).toHaveLength(1);
        expect(served("/20160918/tenancies", PHOENIX)).toHaveLength(0);
        // Suppressions are asked of the tenancy, the rest of the instance's compartment.
        expect(served("/20170907/suppressions", ASHBURN)[0]!.query.compartmentId).toBe(TENANCY);
        expect(served("/20170907/senders", ASHBURN)[0]!.query.compartmentId).toBe(COMPARTMENT);
        // Read-only and signed (the fixture checks every signature).
        expect(api.fake.requests.every((r) => r.method === "GET" && r.status === 200)).toBe(true);
    });

    describe("region-subscription", () => {
        it("FAIL (exit 1): the partner region still IN_PROGRESS; what to do names it", async () => {
            state.regionSubscriptions[1]!.status = "IN_PROGRESS";
            const run = await readiness();
            expect(run.code).toBe(1);
            expect(run.check("region-subscription")).toEqual(
                expect.objectContaining({ status: "FAIL", found: `${ASHBURN} READY (home), ${PHOENIX} IN_PROGRESS (read in ${ASHBURN})`, todo: expect.stringMatching(/^subscribe the tenancy to us-phoenix-1 and wait for READY/) }),
            );
        });

        it("FAIL: the partner region not subscribed at all", async () => {
            state.regionSubscriptions.pop();
            const run = await readiness();
            expect(run.check("region-subscription")).toMatchObject({ status: "FAIL", found: `${ASHBURN} READY (home), ${PHOENIX} NOT SUBSCRIBED (read in ${ASHBURN})` });
        });

        it("NOT_RUN when Identity refuses (a permission missing), naming the call and the code; exit 0", async () => {
            api.fake.faults(ASHBURN).push({ pathContains: "regionSubscriptions", status: 404, code: "NotAuthorizedOrNotFound" });
            const run = await readiness();
            expect(run.code).toBe(0);
            const result = run.check("region-subscription");
            expect(result.status).toBe("NOT_RUN");
            expect(result.found).toMatch(/^not checked: ListRegionSubscriptions in us-ashburn-1 returned 404 NotAuthorizedOrNotFound/);
        });
    });

    describe("domain-replication", () => {
        it("FAIL: the non-default domain not replicated to the partner region (ENABLING_REPLICATION)", async () => {
            state.domains[1]!.replicaRegions = [{ region: PHOENIX, state: "ENABLING_REPLICATION" }];
            const run = await readiness();
            expect(run.code).toBe(1);
            expect(run.check("domain-replication")).toEqual(
                expect.objectContaining({ status: "FAIL", found: `oic-users (homed in ${ASHBURN}): ${PHOENIX} ENABLING_REPLICATION`, todo: expect.stringMatching(/^replicate the domain to us-phoenix-1/) }),
            );
        });

        it("FAIL: a domain homed in the partner region, not replicated to the given one (found by listing in the partner region)", async () => {
            Object.assign(state.domains[1]!, { homeRegion: PHOENIX, replicaRegions: [] });
            const run = await readiness();
            expect(run.check("domain-replication")).toMatchObject({ status: "FAIL", found: `oic-users (homed in ${PHOENIX}): ${ASHBURN} NOT REPLICATED` });
        });

        it("PASS: the Default domain, replicated by Oracle", async () => {
            for (const id of [PRIMARY_ID, STANDBY_ID]) api.fake.instance(id).idcsAppLocationUrl = `https://${DEFAULT_DOMAIN_HOST}/admin/v1/Apps/x`;
            const run = await readiness();
            expect(run.check("domain-replication")).toMatchObject({ status: "PASS", found: "Default: the Default domain, replicated by Oracle to every region the tenancy is subscribed to" });
        });

        it("NOT_RUN: the instance names no domain (no idcsInfo), or no domain of the tenancy is on its host", async () => {
            for (const id of [PRIMARY_ID, STANDBY_ID]) delete api.fake.instance(id).idcsAppLocationUrl;
            const unnamed = await readiness();
            expect(unnamed.check("domain-replication")).toMatchObject({ status: "NOT_RUN", found: "GetIntegrationInstance names no identity domain (no idcsInfo): the domain cannot be told" });
            for (const id of [PRIMARY_ID, STANDBY_ID]) api.fake.instance(id).idcsAppLocationUrl = "https://idcs-elsewhere0000.identity.oraclecloud.com/admin/v1/Apps/x";
            const unknown = await readiness();
            expect(unknown.check("domain-replication").status).toBe("NOT_RUN");
            expect(unknown.check("domain-replication").found).toMatch(/^no identity domain .* is on idcs-elsewhere0000 .*other compartments are not searched/);
        });
    });

    describe("email-parity", () => {
        it("FAIL: a sender, a suppression and an active DKIM key missing in the partner region, each named", async () => {
            const phoenix = state.email[PHOENIX]!;
            state.email[ASHBURN]!.senders.push({ emailAddress: "billing@example.com", compartmentId: COMPARTMENT, lifecycleState: "ACTIVE" });
            phoenix.suppressions = [];
            phoenix.emailDomains[0]!.dkims[0]!.lifecycleState = "NEEDS_ATTENTION";
            const run = await readiness();
            expect(run.code).toBe(1);
            const result = run.check("email-parity");
            expect(result.status).toBe("FAIL");
            expect(result.found).toContain(`approved senders in ${ASHBURN} but not in ${PHOENIX}: billing@example.com`);
            expect(result.found).toContain(`suppressed addresses in ${ASHBURN} but not in ${PHOENIX}: bounced@example.org`);
            expect(result.found).toContain(`email domains without an ACTIVE DKIM key in ${PHOENIX}: example.com`);
            expect(result.todo).toMatch(/keep both regions' Email Delivery alike/);
        });

        it("FAIL: an email domain only in the given region", async () => {
            state.email[ASHBURN]!.emailDomains.push({ name: "orders.example.com", compartmentId: COMPARTMENT, lifecycleState: "ACTIVE", dkims: [{ name: "orders-oicdr", lifecycleState: "ACTIVE" }] });
            const run = await readiness();
            expect(run.check("email-parity").found).toContain(`email domains in ${ASHBURN} but not in ${PHOENIX}: orders.example.com`);
        });

        it("NOT_RUN (not used) when neither region's compartment has an approved sender", async () => {
            state.email = {};
            const run = await readiness();
            expect(run.code).toBe(0);
            expect(run.check("email-parity")).toMatchObject({ status: "NOT_RUN", found: "not used: no approved sender in the instance's compartment of either region" });
        });
    });

    describe("alarms", () => {
        it("FAIL: a subscription PENDING (unconfirmed), an alarm disabled, a probe missing, each named with its region", async () => {
            state.alarms[PHOENIX]!.topics[0]!.subscriptions.push({ protocol: "SLACK", endpoint: "https://hooks.example/x", lifecycleState: "PENDING" });
            state.alarms[ASHBURN]!.alarms[0]!.isEnabled = false;
            state.alarms[ASHBURN]!.monitors = [];
            const run = await readiness();
            expect(run.code).toBe(1);
            const result = run.check("alarms");
            expect(result.status).toBe("FAIL");
            expect(result.found).toContain(`${PHOENIX}: 1 subscription(s) of orders-prod-oic-dr-dr-phx not confirmed (SLACK PENDING)`);
            expect(result.found).toContain(`${ASHBURN}: alarm "oic-dr unreachable in ${PHOENIX}" is disabled and ACTIVE`);
            expect(result.found).toContain(`${ASHBURN}: no probe oic-dr-phx-from-iad (watching ${PHOENIX})`);
            expect(result.todo).toMatch(/confirm every subscription/);
        });

        it("FAIL: no topic of the pair in a region (another pair's topic does not count)", async () => {
            state.alarms[PHOENIX]!.topics[0]!.name = "orders-prod-billing-dr-phx";
            const run = await readiness();
            expect(run.check("alarms").found).toContain(`${PHOENIX}: no topic named *-oic-dr-dr-phx`);
        });

        it("NOT_RUN when Monitoring refuses in one region", async () => {
            api.fake.faults(PHOENIX).push({ pathContains: "/20180401/alarms", status: 403, code: "NotAuthorized" });
            const run = await readiness();
            expect(run.check("alarms").status).toBe("NOT_RUN");
            expect(run.check("alarms").found).toMatch(/^not checked: ListAlarms in us-phoenix-1 returned 403 NotAuthorized/);
        });
    });

    it("one region down: the checks that need it NOT_RUN naming it, the others still run from the region that answers; exit 0", async () => {
        await api.fake.refuseConnections(PHOENIX);
        const run = await readiness();
        expect(run.code, run.out + run.err).toBe(0);
        expect(run.check("region-subscription")).toMatchObject({ status: "PASS" });
        expect(run.check("domain-replication")).toMatchObject({ status: "PASS", found: `oic-users (homed in ${ASHBURN}): ${PHOENIX} REPLICATION_ENABLED` });
        for (const id of ["instance-roles", "email-parity", "alarms"]) {
            expect(run.check(id).status, id).toBe("NOT_RUN");
            expect(run.check(id).found, id).toMatch(/us-phoenix-1.*unreachable/);
        }
    });

    it("the given region down: the tenancy's region subscriptions read from the partner", async () => {
        await api.fake.refuseConnections(ASHBURN);
        const file = `${api.key.dir}/readiness-oci-outputs.json`;
        (await import("node:fs")).writeFileSync(file, JSON.stringify({ drPairs: { orders: { primaryRegion: ASHBURN, secondaryRegion: PHOENIX, instanceId: PRIMARY_ID, crossRegionInstanceId: STANDBY_ID } } }));
        let out = "";
        const code = await main(
            ["readiness", "--config-file", api.key.configFile, "--profile", PROFILE, "--timeout", "10", "--region", ASHBURN, "--stack-outputs", file, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX), "--format", "json"],
            { out: (t) => (out += t), err: () => undefined, env: {} },
            { tuning: TUNING },
        );
        expect(code).toBe(0);
        const checks = JSON.parse(out).checks as Result[];
        expect(checks.find((c) => c.id === "region-subscription")).toMatchObject({ status: "PASS", found: `${ASHBURN} READY (home), ${PHOENIX} READY (read in ${PHOENIX})` });
        expect(served("/20160918/tenancies", PHOENIX)).toHaveLength(1);
    });
});
