/**
 * `oic-dr readiness` through the command line (main): the pair read in both regions through the
 * real signed `oci-integration` client against the Integration API fake (./fakes/integrationApiServer.ts),
 * the checks run at once, the report in each format, the exit codes. The checks of each subject
 * have their own files (readiness*.test.ts); this one holds the frame and instance-roles.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { ASHBURN, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, useIntegrationApiFake } from "./operationsFixture";

const api = useIntegrationApiFake();
const TUNING = { retryBaseDelaySeconds: 0.001, maxAttempts: 2, pollIntervalSeconds: 0.01 };

async function readiness(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(
        ["readiness", "--config-file", api.key.configFile, "--profile", PROFILE, "--timeout", "10", ...args],
        { out: (t) => (out += t), err: (t) => (err += t), env: {} },
        { tuning: TUNING },
    );
    return { code, out, err };
}

const byInstance = () => ["--region", ASHBURN, "--instance", PRIMARY_ID, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX)];
const check = (out: string, id: string) => (JSON.parse(out).checks as { id: string; status: string; found: string; todo: string | null }[]).find((c) => c.id === id)!;

describe("oic-dr readiness: the pair and instance-roles", () => {
    it("PASS: both instances ACTIVE, one PRIMARY, DR enabled, in paired regions; each read in its own region; exit 0", async () => {
        const run = await readiness([...byInstance(), "--format", "json"]);
        expect(run.code, run.err).toBe(0);
        expect(check(run.out, "instance-roles")).toMatchObject({ status: "PASS", found: `${ASHBURN} PRIMARY ACTIVE, ${PHOENIX} SECONDARY ACTIVE`, todo: null });
        expect(api.fake.received({ region: ASHBURN, pathContains: PRIMARY_ID })).toHaveLength(1);
        expect(api.fake.received({ region: PHOENIX, pathContains: STANDBY_ID })).toHaveLength(1);
        // Read-only: nothing but GETs.
        expect(api.fake.requests.every((r) => r.method === "GET")).toBe(true);
    });

    it("FAIL (mandatory, exit 1): the standby is not ACTIVE", async () => {
        api.fake.instance(STANDBY_ID).lifecycleState = "INACTIVE";
        const run = await readiness([...byInstance(), "--format", "json"]);
        expect(run.code).toBe(1);
        const result = check(run.out, "instance-roles");
        expect(result.status).toBe("FAIL");
        expect(result.found).toContain(`${PHOENIX}: lifecycle state INACTIVE, not ACTIVE`);
        expect(result.todo).toMatch(/ACTIVE with one PRIMARY/);
    });

    it("NOT_RUN with one region down, the given side still read; exit 0", async () => {
        await api.fake.refuseConnections(PHOENIX);
        const file = join(api.key.dir, "readiness-outputs.json");
        writeFileSync(file, JSON.stringify({ drPairs: { orders: { primaryRegion: ASHBURN, secondaryRegion: PHOENIX, instanceId: PRIMARY_ID, crossRegionInstanceId: STANDBY_ID } } }));
        const run = await readiness(["--region", ASHBURN, "--stack-outputs", file, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX), "--format", "json"]);
        expect(run.code, run.err).toBe(0);
        const report = JSON.parse(run.out);
        expect(report.sides.map((s: { region: string; unreachable: boolean }) => [s.region, s.unreachable])).toEqual([[ASHBURN, false], [PHOENIX, true]]);
        expect(check(run.out, "instance-roles")).toMatchObject({ status: "NOT_RUN" });
        expect(check(run.out, "instance-roles").found).toMatch(/us-phoenix-1.*unreachable/);
    });

    it("exit 2 when neither instance can be read", async () => {
        await api.fake.refuseConnections(ASHBURN);
        await api.fake.refuseConnections(PHOENIX);
        const run = await readiness([...byInstance(), "--format", "json"]);
        expect(run.code).toBe(2);
    });

    it("table and Markdown: the verdict first, each check with its status, what to do and its source", async () => {
        api.fake.instance(STANDBY_ID).lifecycleState = "UPDATING";
        const table = await readiness(byInstance());
        expect(table.out.split("\n")[0]).toBe("readiness: NOT READY: 1 mandatory check failed");
        expect(table.out).toMatch(/^FAIL\s+instance-roles\s+mandatory\s+us-ashburn-1 PRIMARY ACTIVE, us-phoenix-1 SECONDARY UPDATING/m);
        const markdown = await readiness([...byInstance(), "--format", "markdown"]);
        expect(markdown.out).toContain("# DR readiness: NOT READY: 1 mandatory check failed");
        expect(markdown.out).toMatch(/\| `instance-roles` \| FAIL \| mandatory \| .* \| \[Configuring an Oracle-Managed Disaster Recovery Solution/);
    });

    it("refuses a run with no address, and a --tenancy that is no tenancy OCID, before any call (exit 2)", async () => {
        const none = await readiness(["--region", ASHBURN, "--endpoint", api.fake.endpointOf(ASHBURN)]);
        expect(none.code).toBe(2);
        expect(none.err).toMatch(/no instance given/);
        const tenancy = await readiness([...byInstance(), "--tenancy", "ocid1.compartment.oc1..aaaa"]);
        expect(tenancy.code).toBe(2);
        expect(tenancy.err).toMatch(/--tenancy "ocid1.compartment.oc1..aaaa" is not a tenancy OCID/);
        expect(api.fake.requests).toHaveLength(0);
    });
});
