/**
 * Full Stack DR (components/fullStackDr/): what FullStackDr declares, region by region, under
 * Pulumi's mocks, alone and as `fullStackDr` of DrPairedIntegration, and the errors of bad input.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { OfflineEngine } from "../engine/offlineEngine";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { FullStackDr, type FullStackDrArgs } from "../components/fullStackDr/fullStackDr";
import { SpecValidationError } from "../components/support/validation";
import { OCI_TYPES } from "../facts/drSupport";
import { parsePolicyStatement } from "../facts/iamPolicySyntax";
import { byType, mockEngine, providerOf, single, validSpec, valueOf, type RecordedResource } from "./harness";

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy";
const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaacompartment";
const PRIMARY_INSTANCE = "ocid1.integrationinstance.oc1.iad.primary";
const STANDBY_INSTANCE = "ocid1.integrationinstance.oc1.phx.standby";
const NAMESPACE_TOKEN = "oci:ObjectStorage/getNamespace:getNamespace";

const DR_DETAILS = [
    {
        role: "PRIMARY",
        regionalInstanceUrl: "https://orders-oic-iad.integration.us-ashburn-1.ocp.oraclecloud.com",
        crossRegionIntegrationInstanceDetails: [{ id: STANDBY_INSTANCE, region: "us-phoenix-1", role: "SECONDARY", timeRoleChanged: "2026-11-01T00:00:00Z" }],
    },
];

let engine: OfflineEngine;
const namespaceCalls: Record<string, unknown>[] = [];
beforeEach(async () => {
    namespaceCalls.length = 0;
    engine = await mockEngine({
        preview: false,
        outputs: ({ type, name }) =>
            type === OCI_TYPES.integrationInstance
                ? { id: PRIMARY_INSTANCE, disasterRecoveryDetails: DR_DETAILS }
                : type === OCI_TYPES.drProtectionGroup
                  ? { id: `ocid1.drprotectiongroup.oc1..${name}` }
                  : undefined,
        invokes: ({ token, inputs }) => {
            if (token !== NAMESPACE_TOKEN) return undefined;
            namespaceCalls.push(inputs);
            return { namespace: "tenancyns" };
        },
    });
});

const standaloneArgs = (overrides: Partial<FullStackDrArgs> = {}): FullStackDrArgs => ({
    primaryRegion: "us-ashburn-1",
    tenancyId: TENANCY,
    compartmentId: COMPARTMENT,
    displayName: "orders-oic",
    instanceId: PRIMARY_INSTANCE,
    standbyInstanceId: STANDBY_INSTANCE,
    namePrefix: "acme",
    policy: { groups: ["DrOperators"] },
    ...overrides,
});

const regionOf = (resource: RecordedResource) => providerOf(engine.resources, resource)?.inputs.region;
const groupIn = (region: string) => byType(engine.resources, OCI_TYPES.drProtectionGroup).find((g) => regionOf(g) === region)!;

describe("FullStackDr alone", () => {
    it("declares a protection group and a log bucket in each region, each group with its own region's instance", async () => {
        new FullStackDr("fsdr", standaloneArgs());
        await engine.settle();
        const groups = byType(engine.resources, OCI_TYPES.drProtectionGroup);
        expect(groups.map(regionOf).sort()).toEqual(["us-ashburn-1", "us-phoenix-1"]);
        expect(groupIn("us-ashburn-1").inputs.members).toEqual([{ memberId: PRIMARY_INSTANCE, memberType: "INTEGRATION_INSTANCE" }]);
        expect(groupIn("us-phoenix-1").inputs.members).toEqual([{ memberId: STANDBY_INSTANCE, memberType: "INTEGRATION_INSTANCE" }]);
        const buckets = byType(engine.resources, OCI_TYPES.bucket);
        expect(buckets.map(regionOf).sort()).toEqual(["us-ashburn-1", "us-phoenix-1"]);
        for (const bucket of buckets) {
            expect(bucket.inputs).toMatchObject({ namespace: "tenancyns", storageTier: "Standard", compartmentId: COMPARTMENT });
            // Each group logs to the bucket of its own region (one bucket per group, as Oracle asks).
            const group = groupIn(regionOf(bucket) as string);
            expect(group.inputs.logLocation).toEqual({ bucket: bucket.inputs.name, namespace: "tenancyns" });
        }
        expect(buckets.map((b) => b.inputs.name).sort()).toEqual(["acme-orders-oic-fsdr-logs-iad", "acme-orders-oic-fsdr-logs-phx"]);
        expect(namespaceCalls).toEqual([{ compartmentId: TENANCY }]);
    });

    it("associates the standby region's group as STANDBY with the primary's as peer, declared once (association ignored afterwards)", async () => {
        new FullStackDr("fsdr", standaloneArgs());
        await engine.settle();
        const primary = groupIn("us-ashburn-1");
        const standby = groupIn("us-phoenix-1");
        expect(primary.inputs.association).toBeUndefined();
        expect(standby.inputs.association).toEqual({ role: "STANDBY", peerId: "ocid1.drprotectiongroup.oc1..fsdr-group-iad", peerRegion: "us-ashburn-1" });
        expect(standby.ignoreChanges).toEqual(["association"]);
        expect(standby.propertyDependencies.association).toEqual([primary.urn]);
    });

    it("creates the switchover and failover plans at the standby group, through the partner region's provider", async () => {
        const fsdr = new FullStackDr("fsdr", standaloneArgs());
        await engine.settle();
        const plans = byType(engine.resources, OCI_TYPES.drPlan);
        expect(plans.map((p) => p.inputs.type).sort()).toEqual(["FAILOVER", "SWITCHOVER"]);
        for (const plan of plans) {
            expect(plan.inputs.drProtectionGroupId).toBe("ocid1.drprotectiongroup.oc1..fsdr-group-phx");
            expect(regionOf(plan)).toBe("us-phoenix-1");
        }
        expect(await valueOf(fsdr.precheckCommands)).toEqual([
            `oci disaster-recovery dr-plan-execution create --region us-phoenix-1 --plan-id fsdr-switchover-id --execution-options '{"planExecutionType":"SWITCHOVER_PRECHECK"}'`,
            `oci disaster-recovery dr-plan-execution create --region us-phoenix-1 --plan-id fsdr-failover-id --execution-options '{"planExecutionType":"FAILOVER_PRECHECK"}'`,
        ]);
    });

    it("declares FSDR's IAM statements in the home region, in IAM's grammar, for groups and dynamic groups of the domain", async () => {
        new FullStackDr("fsdr", standaloneArgs({ homeRegion: "us-phoenix-1", domainName: "Integrators", policy: { groups: ["DrOperators"], dynamicGroups: ["DrAutomation"] } }));
        await engine.settle();
        const policy = single(engine.resources, OCI_TYPES.policy);
        expect(regionOf(policy)).toBe("us-phoenix-1");
        expect(policy.inputs.compartmentId).toBe(TENANCY);
        expect(policy.inputs.name).toBe("acme-fsdr-full-stack-dr");
        const statements = policy.inputs.statements as string[];
        const where = `in compartment id ${COMPARTMENT}`;
        expect(statements).toEqual([
            `Allow group Integrators/DrOperators to manage disaster-recovery-family ${where}`,
            `Allow group Integrators/DrOperators to manage integration-instance ${where}`,
            `Allow group Integrators/DrOperators to manage buckets ${where}`,
            `Allow group Integrators/DrOperators to manage objects ${where}`,
            `Allow dynamic-group Integrators/DrAutomation to manage disaster-recovery-family ${where}`,
            `Allow dynamic-group Integrators/DrAutomation to manage integration-instance ${where}`,
            `Allow dynamic-group Integrators/DrAutomation to manage buckets ${where}`,
            `Allow dynamic-group Integrators/DrAutomation to manage objects ${where}`,
        ]);
        for (const statement of statements) expect(parsePolicyStatement(statement)).toHaveProperty("statement");
    });

    it("uses a given namespace without asking for it, grants `in tenancy` for the root compartment, and declares no policy when told", async () => {
        new FullStackDr("fsdr", standaloneArgs({ objectStorageNamespace: "givenns", compartmentId: TENANCY, policy: { enabled: false } }));
        await engine.settle();
        expect(namespaceCalls).toEqual([]);
        expect(byType(engine.resources, OCI_TYPES.bucket).map((b) => b.inputs.namespace)).toEqual(["givenns", "givenns"]);
        expect(byType(engine.resources, OCI_TYPES.policy)).toEqual([]);
    });

    it("rejects bad arguments in one error that names each field and value, before anything is registered", () => {
        let error: unknown;
        try {
            new FullStackDr("fsdr", standaloneArgs({ primaryRegion: "us-chicago-1" as never, instanceId: "ocid1.instance.oc1..x", objectStorageNamespace: "not a namespace", policy: {} }));
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(SpecValidationError);
        const problems = (error as SpecValidationError).problems.map((p) => `${p.path}: ${p.message}`);
        expect(problems).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^primaryRegion: "us-chicago-1" is not a region of an Oracle-managed DR pair/),
                expect.stringMatching(/^instanceId: "ocid1.instance.oc1..x" is not an integration instance OCID/),
                expect.stringMatching(/^objectStorageNamespace: "not a namespace" is not an Object Storage namespace/),
                expect.stringMatching(/^policy.groups: .*name the groups \(or dynamicGroups\).*policy.enabled false/),
            ]),
        );
        expect(problems).toHaveLength(4);
        expect((error as Error).message).toContain("FullStackDr arguments");
        expect(engine.resources).toEqual([]);
    });
});

describe("fullStackDr of DrPairedIntegration", () => {
    it("is off by default: no protection group, plan or bucket", async () => {
        new DrPairedIntegration("orders", validSpec({ alarms: { enabled: false } }));
        await engine.settle();
        for (const type of [OCI_TYPES.drProtectionGroup, OCI_TYPES.drPlan, OCI_TYPES.bucket]) expect(byType(engine.resources, type)).toEqual([]);
    });

    it("puts the pair's instance in the primary region's group and the standby its DR details name in the partner's, on the pair's providers", async () => {
        const pair = new DrPairedIntegration("orders", validSpec({ alarms: { enabled: false }, fullStackDr: { policy: { groups: ["DrOperators"] } } }));
        await engine.settle();
        expect(pair.fullStackDr).toBeDefined();
        const instance = single(engine.resources, OCI_TYPES.integrationInstance);
        const primary = groupIn("us-ashburn-1");
        const standby = groupIn("us-phoenix-1");
        expect(primary.provider).toBe(instance.provider);
        expect(primary.inputs.members).toEqual([{ memberId: PRIMARY_INSTANCE, memberType: "INTEGRATION_INSTANCE" }]);
        expect(standby.inputs.members).toEqual([{ memberId: STANDBY_INSTANCE, memberType: "INTEGRATION_INSTANCE" }]);
        expect(standby.inputs.association).toMatchObject({ role: "STANDBY", peerRegion: "us-ashburn-1" });
        expect(byType(engine.resources, OCI_TYPES.drPlan).map(regionOf)).toEqual(["us-phoenix-1", "us-phoenix-1"]);
        const policy = byType(engine.resources, OCI_TYPES.policy).find((p) => String(p.inputs.name).endsWith("-full-stack-dr"))!;
        expect(policy.inputs.statements).toContain(`Allow group DrOperators to manage integration-instance in compartment id ${COMPARTMENT}`);
    });

    it("reports a bad fullStackDr with the pair's other problems, under its path", () => {
        expect(() => new DrPairedIntegration("orders", validSpec({ fullStackDr: { policy: { groups: ["bad name"] } } }))).toThrow(
            /fullStackDr\.policy\.groups\.0: "bad name" is not a group name/,
        );
    });
});
