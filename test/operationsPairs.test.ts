/**
 * A stack with several pairs, addressed at 3 a.m.: `--stack-outputs FILE --pair NAME` on failover,
 * status, drill and post-failover, through the command line (main) with the real signed
 * `oci-integration` client against the Integration API fake (./fakes/integrationApiServer.ts);
 * the `drPairs` output the example stack exports, run offline, read by those commands; and the
 * operations' `--help`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { OPERATION_EXITS, type OperationName } from "../cli/operate";
import { loadProject, loadStackConfig } from "../engine/project";
import { drPairsOutput } from "../components/drPairedIntegration/drPairs";
import type { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { startOfflineEngine, valueOf } from "../testing";
import { REPO_ROOT } from "./cliRunner";
import { activeInstance, ASHBURN, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, USER } from "./operationsFixture";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIntegrationApi, type FakeIntegrationApi } from "./fakes/integrationApiServer";

const BILLING_PRIMARY_ID = "ocid1.integrationinstance.oc1.iad.aaaaaaaabillingprimary";
const BILLING_STANDBY_ID = "ocid1.integrationinstance.oc1.phx.aaaaaaaabillingstandby";
const ENV = { OIC_DR_CLIENT_SECRET: "idcscs-0a1b2c3d-pairs-test" };

let key: OciTestKey;
let fake: FakeIntegrationApi;

beforeAll(() => {
    key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: ASHBURN }]);
});
afterAll(() => key.remove());

beforeEach(async () => {
    fake = await startFakeIntegrationApi({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey, regions: [ASHBURN, PHOENIX] });
    fake.addPair(activeInstance(PRIMARY_ID, ASHBURN, "orders"), activeInstance(STANDBY_ID, PHOENIX, "orders"));
    fake.addPair(activeInstance(BILLING_PRIMARY_ID, ASHBURN, "billing"), activeInstance(BILLING_STANDBY_ID, PHOENIX, "billing"));
});

afterEach(async () => {
    for (const r of fake.requests) expect(r.signatureProblem, `${r.method} ${r.path}`).toBeUndefined();
    await fake.close();
});

interface Run {
    code: number;
    out: string;
    err: string;
}

async function oicDr(args: string[]): Promise<Run> {
    let out = "";
    let err = "";
    const fast = ["--config-file", key.configFile, "--profile", PROFILE, "--timeout", "2"];
    const tuning = { retryBaseDelaySeconds: 0.001, maxAttempts: 3, pollIntervalSeconds: 0.01 };
    const code = await main([args[0]!, ...fast, ...args.slice(1)], { out: (t) => (out += t), err: (t) => (err += t), env: ENV }, { tuning });
    return { code, out, err };
}

/** `pulumi stack output --json` of a stack exporting `drPairs`, saved to a file. */
function stackOutputs(name: string, outputs: unknown): string {
    const file = join(key.dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(outputs, null, 4));
    return file;
}

const entry = (primary: string, standby: string | undefined) => ({
    primaryRegion: ASHBURN,
    secondaryRegion: PHOENIX,
    instanceId: primary,
    ...(standby === undefined ? {} : { crossRegionInstanceId: standby }),
});
const twoPairs = () =>
    stackOutputs("two-pairs", {
        drPairs: { orders: entry(PRIMARY_ID, STANDBY_ID), billing: entry(BILLING_PRIMARY_ID, BILLING_STANDBY_ID) },
        // Another export of the stack: not read.
        url: "https://orders.integration.ocp.oraclecloud.com",
    });

const endpoints = (region: string, peer: string) => ["--region", region, "--endpoint", fake.endpointOf(region), "--peer-endpoint", fake.endpointOf(peer)];
const oauth = ["--token-url", "http://127.0.0.1:9/oauth2/v1/token", "--scope", "urn:opc:resource:consumer::all", "--client-id", "client"];

describe("--pair on a stack with two pairs", () => {
    it("failover acts on the pair named, in --region, and leaves the other pair alone", async () => {
        const run = await oicDr(["failover", "--stack-outputs", twoPairs(), "--pair", "billing", "--region", PHOENIX, "--endpoint", fake.endpointOf(PHOENIX), "--yes", "--quiet", "--format", "json"]);
        expect(run.err).toBe("");
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out)).toMatchObject({ instance: BILLING_STANDBY_ID, region: PHOENIX, roleAfter: "PRIMARY", status: "SUCCEEDED" });
        expect(fake.executedFailovers).toEqual([BILLING_STANDBY_ID]);
        expect(fake.instance(STANDBY_ID).role).toBe("SECONDARY");
    });

    it("status reads both instances of the pair named, each in its own region", async () => {
        const run = await oicDr(["status", "--stack-outputs", twoPairs(), "--pair", "orders", ...endpoints(PHOENIX, ASHBURN), "--format", "json"]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out).sides.map((s: { instance: string; region: string; role: string }) => [s.instance, s.region, s.role])).toEqual([
            [STANDBY_ID, PHOENIX, "SECONDARY"],
            [PRIMARY_ID, ASHBURN, "PRIMARY"],
        ]);
    });

    it("status reaches the named pair's peer from the file when --region does not answer", async () => {
        await fake.refuseConnections(PHOENIX);
        const run = await oicDr(["status", "--stack-outputs", twoPairs(), "--pair", "billing", ...endpoints(PHOENIX, ASHBURN), "--format", "json"]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out).sides.map((s: { instance: string; reachable: boolean }) => [s.instance, s.reachable])).toEqual([
            [BILLING_STANDBY_ID, false],
            [BILLING_PRIMARY_ID, true],
        ]);
    });

    it("drill switches the pair named over and back", async () => {
        const run = await oicDr(["drill", "--stack-outputs", twoPairs(), "--pair", "billing", ...endpoints(ASHBURN, PHOENIX), "--yes", "--format", "json"]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out).legs.map((l: { instance: string }) => l.instance)).toEqual([BILLING_STANDBY_ID, BILLING_PRIMARY_ID]);
        expect(fake.executedFailovers).toEqual([BILLING_STANDBY_ID, BILLING_PRIMARY_ID]);
    });

    it("post-failover reads the pair named in --region (and refuses it there while it is not PRIMARY)", async () => {
        const run = await oicDr(["post-failover", "--stack-outputs", twoPairs(), "--pair", "billing", "--region", PHOENIX, "--endpoint", fake.endpointOf(PHOENIX), ...oauth]);
        expect(run.code).toBe(2);
        expect(run.err).toContain(`instance ${BILLING_STANDBY_ID} in ${PHOENIX} is SECONDARY, not PRIMARY`);
        expect(fake.requests.map((r) => `${r.region} ${r.method} ${r.path}`)).toEqual([`${PHOENIX} GET /20190131/integrationInstances/${BILLING_STANDBY_ID}`]);
    });
});

describe("choosing the pair", () => {
    const everyOperation: Array<[OperationName, string[]]> = [
        ["failover", ["--region", PHOENIX, "--yes"]],
        ["status", ["--region", PHOENIX]],
        ["drill", ["--region", ASHBURN, "--yes"]],
        ["post-failover", ["--region", PHOENIX, ...oauth]],
    ];

    it("without --pair, several pairs: exit 2, one message listing the pairs, nothing called", async () => {
        const file = twoPairs();
        for (const [operation, args] of everyOperation) {
            const run = await oicDr([operation, "--stack-outputs", file, ...args]);
            expect(run.code, operation).toBe(2);
            expect(run.err, operation).toBe(`oic-dr ${operation}: --stack-outputs "${file}" holds 2 pairs (orders, billing): choose one with --pair NAME\n`);
        }
        expect(fake.requests).toEqual([]);
    });

    it("an unknown --pair: exit 2 naming it and the pairs there are, nothing called", async () => {
        const file = twoPairs();
        for (const [operation, args] of everyOperation) {
            const run = await oicDr([operation, "--stack-outputs", file, "--pair", "shipping", ...args]);
            expect(run.code, operation).toBe(2);
            expect(run.err, operation).toBe(`oic-dr ${operation}: --pair "shipping" is not a pair of --stack-outputs "${file}" (its pairs: orders, billing)\n`);
        }
        expect(fake.requests).toEqual([]);
    });

    it("one pair: --pair is optional", async () => {
        const file = stackOutputs("one-pair", { drPairs: { orders: entry(PRIMARY_ID, STANDBY_ID) } });
        const run = await oicDr(["failover", "--stack-outputs", file, "--region", PHOENIX, "--endpoint", fake.endpointOf(PHOENIX), "--yes", "--format", "json"]);
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out).instance).toBe(STANDBY_ID);
    });

    it("refuses --pair without drPairs or without --stack-outputs, a pair without its region's instance, and a broken entry", async () => {
        const single = stackOutputs("single", { primaryRegion: ASHBURN, instanceId: PRIMARY_ID, disasterRecovery: { crossRegion: { id: STANDBY_ID, region: PHOENIX } } });
        const noStandby = stackOutputs("no-standby", { drPairs: { orders: entry(PRIMARY_ID, undefined) } });
        const broken = stackOutputs("broken", { drPairs: { orders: { ...entry(PRIMARY_ID, STANDBY_ID), instanceId: "orders-instance" } } });
        const cases: Array<[string[], string]> = [
            [["--stack-outputs", single, "--pair", "orders"], `--pair "orders": --stack-outputs "${single}" has no drPairs output to choose from`],
            [["--instance", STANDBY_ID, "--pair", "orders"], `--pair "orders" selects a pair of the stack outputs: give --stack-outputs FILE too`],
            [["--stack-outputs", noStandby], `pair "orders" names no instance in us-phoenix-1: crossRegionInstanceId is absent`],
            [["--stack-outputs", broken], `--stack-outputs "${broken}": drPairs.orders.instanceId: `],
            [["--stack-outputs", twoPairs(), "--pair", " "], "--pair must not be empty"],
        ];
        for (const [args, message] of cases) {
            const run = await oicDr(["failover", ...args, "--region", PHOENIX, "--yes"]);
            expect(run.code, args.join(" ")).toBe(2);
            expect(run.err, args.join(" ")).toContain(message);
        }
        expect(fake.requests).toEqual([]);
    });
});

describe("the example stack's drPairs", () => {
    it("is what the operations read: run offline, saved as `pulumi stack output --json` saves it, it fails over the pair's standby", async () => {
        const project = loadProject(REPO_ROOT);
        const config = loadStackConfig(project, "example");
        const engine = await startOfflineEngine({
            project: project.name,
            stack: "example",
            config: config.values,
            preview: false,
            // What OCI reports for the instance once created: its OCID and its partner's.
            outputs: ({ type }) =>
                type === "oci:Integration/integrationInstance:IntegrationInstance"
                    ? {
                          id: PRIMARY_ID,
                          disasterRecoveryDetails: [
                              {
                                  role: "PRIMARY",
                                  regionalInstanceUrl: "https://orders-iad.example.com",
                                  crossRegionIntegrationInstanceDetails: [{ id: STANDBY_ID, region: PHOENIX, role: "SECONDARY", timeRoleChanged: "2025-01-01T00:00:00.000Z" }],
                              },
                          ],
                      }
                    : undefined,
            // The standby, read in its own region for the probe that watches it.
            invokes: ({ token }) =>
                token === "oci:Integration/getIntegrationInstance:getIntegrationInstance"
                    ? { disasterRecoveryDetails: [{ role: "SECONDARY", regionalInstanceUrl: "https://orders-phx.example.com", crossRegionIntegrationInstanceDetails: [] }] }
                    : undefined,
        });
        const outputs = await engine.runProgram(() => import("../stacks/index"));
        const drPairs = await valueOf(outputs.drPairs!, "drPairs");
        // No roles read offline: the declared ones, with no time of change.
        expect(drPairs).toEqual({ oic: { primaryRegion: ASHBURN, secondaryRegion: PHOENIX, instanceId: PRIMARY_ID, crossRegionInstanceId: STANDBY_ID, activeRegion: ASHBURN } });
        const file = stackOutputs("example", { drPairs, runbookMarkdown: await valueOf(outputs.runbookMarkdown!) });

        // The example's runbook names this very command for the day Ashburn is lost.
        const runbook = readFileSync(file, "utf8");
        expect(runbook).toContain("If Ashburn (us-ashburn-1) is lost: `oic-dr failover --region us-phoenix-1 --stack-outputs outputs.json --pair oic`");
        const run = await oicDr(["failover", "--region", PHOENIX, "--stack-outputs", file, "--pair", "oic", "--endpoint", fake.endpointOf(PHOENIX), "--yes", "--quiet", "--format", "json"]);
        expect(run.err).toBe("");
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out)).toMatchObject({ instance: STANDBY_ID, status: "SUCCEEDED" });
    });
});

describe("drPairsOutput", () => {
    it("refuses two pairs of one name: --pair could not tell them apart", () => {
        const pair = (pairName: string) => ({ pairName, stackOutputs: entry(PRIMARY_ID, STANDBY_ID) }) as unknown as DrPairedIntegration;
        expect(Object.keys(drPairsOutput(pair("orders"), pair("billing")))).toEqual(["orders", "billing"]);
        expect(() => drPairsOutput(pair("orders"), pair("orders"))).toThrow(/^drPairsOutput: two pairs are named "orders": give each DrPairedIntegration of the stack its own name/);
    });
});

describe("--help of the operations", () => {
    const operations = Object.keys(OPERATION_EXITS) as OperationName[];

    it("shows an example addressed by --pair and the exit codes, from the one table", async () => {
        for (const operation of operations) {
            let stdout = "";
            const code = await main([operation, "--help"], { out: (t) => (stdout += t), err: (t) => (stdout += t) });
            expect(code, operation).toBe(0);
            expect(stdout, operation).toContain("--pair <name>");
            expect(stdout, operation).toMatch(new RegExp(`\\nExample: .*\\n  \\$ pulumi stack output --json > outputs\\.json\\n  \\$ oic-dr ${operation} --region \\S+ --stack-outputs outputs\\.json --pair orders`));
            // Wrapped to the terminal: each code's lines joined again.
            const exits = stdout.slice(stdout.indexOf("\nExit codes:\n") + "\nExit codes:\n".length).replace(/\n {5}(?=\S)/g, " ");
            expect(exits.split("\n").filter(Boolean), operation).toEqual(OPERATION_EXITS[operation].map(([exit, when]) => `  ${exit}  ${when}`));
        }
    });

    it("says what the exit-code tables of docs/operations.md say", () => {
        const operationsDoc = readFileSync(join(REPO_ROOT, "docs", "operations.md"), "utf8");
        for (const operation of operations) {
            const section = operationsDoc.slice(operationsDoc.indexOf(`### \`oic-dr ${operation}\``));
            const table = section.slice(section.indexOf("| exit | when |"), section.indexOf("\n\n", section.indexOf("| exit | when |")));
            const rows = table.split("\n").slice(2).map((row) => row.split(" | ").map((cell) => cell.replace(/^\| |\|$|`/g, "").trim()));
            expect(rows, operation).toEqual(OPERATION_EXITS[operation].map(([exit, when]) => [String(exit), when]));
        }
    });
});
