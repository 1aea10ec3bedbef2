/**
 * The verdicts of `oic-dr check` on the fixture programs, in this process (test/inProcessCheck.ts):
 * the fixture's program under the offline engine, judged by the CLI's analyzer path with the
 * policy config the CLI would merge. The real CLI runs (exit codes, stderr, output formats, the
 * program host) are in test/cli.check.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckConfig } from "../engine/check";
import { FIXTURES } from "./cliRunner";
import { checkInProcess } from "./inProcessCheck";

const rawOci = path.join(FIXTURES, "raw-oci");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-check-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const check = (stack: string, policyConfigFile?: string) => checkInProcess(rawOci, stack, policyConfigFile);

function policyFile(name: string, config: unknown): string {
    const file = path.join(tmp, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
}

describe("oic-dr check on raw @pulumi/oci programs", () => {
    it.each([
        ["standard-edition", "oic-dr-supported-edition", "mandatory", /integrationInstanceType "STANDARDX"/],
        ["development-shape", "oic-dr-production-shape", "mandatory", /shape "DEVELOPMENT"/],
        ["network-acl", "oic-dr-no-network-acl", "mandatory", /networkEndpointDetails/],
        ["private-endpoint", "oic-dr-no-private-endpoint", "mandatory", /Private endpoint "private" is on integration instance "orders" in us-ashburn-1, but the instance in us-phoenix-1 .* has none/],
        ["custom-endpoint", "oic-dr-no-custom-endpoint", "mandatory", /sets customEndpoint/],
        ["managed-custom-endpoint", "oic-dr-no-custom-endpoint", "mandatory", /Oracle-managed custom endpoint "custom"/],
        ["unpaired-region", "oic-dr-paired-region", "mandatory", /is in us-chicago-1, which has no Oracle-managed DR pair/],
        ["default-provider", "oic-dr-paired-region", "mandatory", /is in us-chicago-1/],
        ["visual-builder", "oic-dr-no-unsupported-features", "mandatory", /enables Visual Builder/],
        ["sender-one-region", "oic-dr-senders-in-both-regions", "mandatory", /noreply@example\.com exists in us-ashburn-1 but not in us-phoenix-1/],
        ["no-alarm", "oic-dr-failover-alarm", "advisory", /is not watched from us-phoenix-1/],
        ["domain-not-replicated", "oic-dr-identity-domain-replicated", "advisory", /not replicated to us-phoenix-1/],
        ["domain-home-replicated", "oic-dr-identity-domain-replicated", "mandatory", /Domain replication "domain-iad" replicates identity domain .* to us-ashburn-1, its home region .*400 BAD REQUEST/],
        ["domain-replications-parallel", "oic-dr-identity-domain-replicated", "advisory", /Domain replication "domain-phx" and Domain replication "domain-iad" replicate identity domain .* and neither depends on the other/],
        ["unprotected", "oic-dr-protected-instance", "advisory", /is not protected/],
        ["dr-off", "oic-dr-enabled", "advisory", /has Oracle-managed DR off/],
        ["failover-trigger", "oic-dr-no-failover-trigger", "advisory", /sets failoverTrigger 0: the OCI provider fails the pair over/],
        ["monitor-300s", "oic-dr-api-constraints", "mandatory", /HttpMonitor "probe" has intervalInSeconds 300; Health Checks accepts 10, 30, 60/],
        ["alarm-pending-2h", "oic-dr-api-constraints", "mandatory", /Alarm "unreachable" pendingDuration: "PT2H" is out of range; allowed: an ISO-8601 duration from PT1M to PT1H/],
        ["policy-without-to", "oic-dr-api-constraints", "mandatory", /Policy "tags": "allow group G use tag-namespaces in tenancy" is not "Allow <subject> to <verb>/],
        ["dkim-long", "oic-dr-api-constraints", "mandatory", /Dkim "dkim" has selector "x{60}-iad"; the API takes .*at most 63 long/],
        ["dkim-upper", "oic-dr-api-advice", "advisory", /selector "Orders\.IAD"; Oracle's Email Delivery guide asks for lower-case/],
        ["root-compartment", "oic-dr-api-advice", "advisory", /is in the root compartment/],
        ["https-subscription", "oic-dr-api-advice", "advisory", /uses the HTTPS protocol, which ONS deprecates/],
    ])("%s: reports %s (%s) and nothing else", async (stack, policy, level, message) => {
        const { code, report } = await check(stack);
        expect(report.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([[policy, level]]);
        expect(report.violations[0]!.message).toMatch(message);
        expect(report.summary[level as "mandatory" | "advisory"]).toBe(1);
        expect(code).toBe(level === "mandatory" ? 1 : 0);
    });

    it("passes a private endpoint on each instance of the pair (Oracle's current \"User Responsibilities\" page)", async () => {
        const { code, report } = await check("private-endpoints-paired");
        expect(report.resources.filter((r) => r.type === "oci:Integration/privateEndpointOutboundConnection:PrivateEndpointOutboundConnection").map((r) => [r.name, r.region])).toEqual([
            ["private", "us-ashburn-1"],
            ["private-partner", "us-phoenix-1"],
        ]);
        expect(report.violations).toEqual([]);
        expect(code).toBe(0);
    });

    it("passes a clean program", async () => {
        const { code, report } = await check("clean");
        expect(report.violations).toEqual([]);
        expect(report.summary).toEqual({ resources: report.summary.resources, mandatory: 0, advisory: 0 });
        expect(code).toBe(0);
    });
});

describe("oic-dr check counts the connectivity agents a raw Kubernetes program will run (issue 13)", () => {
    const agentSizes = path.join(FIXTURES, "agent-sizes");
    const MAX = "Oracle Integration accepts at most 2 agents in a group";
    it.each<[string, number, string[], RegExp]>([
        ["hpa-max-6", 1, ["agents", "agents"], /Agent group "ORDERS" runs 8 agents at once: agents \(2 replicas, up to 6 by HorizontalPodAutoscaler "agents", \+2 during a rolling update \(maxSurge\)\)/],
        ["bare-pods", 1, ["agent-a", "agent-b", "agent-c"], /runs 3 agents at once: agent-a \(a bare Pod\); agent-b \(a bare Pod\); agent-c \(a bare Pod\)/],
        ["rc-4", 1, ["agents"], /runs 4 agents at once: agents \(4 replicas\)/],
        ["statefulset-patch", 1, ["agents", "more-agents"], /runs 3 agents at once: agents \(2 replicas, 3 set by StatefulSetPatch "more-agents"\)/],
        ["label-on-workload", 1, ["labelled-object", "one-more"], /Agent group "ORDERS" runs 3 agents at once: labelled-object \(2 replicas\); one-more \(1 replica\)/],
        ["deployment-surge", 1, ["agents"], /runs 3 agents at once: agents \(2 replicas, \+1 during a rolling update \(maxSurge\)\)/],
        ["dev-prod-unscoped", 1, ["dev-agents", "prod-agents"], /Agent group "ORDERS" runs 4 agents at once: dev-agents \(2 replicas\); prod-agents \(2 replicas\)/],
    ])("%s: exit %d, mandatory oic-dr-agent-group-size on %j", async (stack, exitCode, resources, message) => {
        const { code, report, warnings } = await checkInProcess(agentSizes, stack);
        expect(warnings).toEqual([]);
        expect(report.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual(resources.map(() => ["oic-dr-agent-group-size", "mandatory"]));
        expect(report.violations.map((v) => v.urn.split("::").pop()).sort()).toEqual([...resources].sort());
        for (const v of report.violations) {
            expect(v.message).toMatch(message);
            expect(v.message).toContain(MAX);
        }
        expect(code).toBe(exitCode);
    });

    it.each(["dev-prod", "within-limits"])("%s: passes (dev and prod scoped by instance; an autoscaler capped at 2 with maxSurge 0)", async (stack) => {
        const { code, report } = await checkInProcess(agentSizes, stack);
        expect(report.violations).toEqual([]);
        expect(code).toBe(0);
    });

    it("daemonset: a count the stack does not hold is an advisory (exit 0), never a guessed number", async () => {
        const { code, report } = await checkInProcess(agentSizes, "daemonset");
        expect(report.violations).toEqual([
            expect.objectContaining({ policy: "oic-dr-agent-group-size", enforcementLevel: "advisory", message: expect.stringMatching(/^DaemonSet "agents" runs one agent per eligible node, a number the stack does not hold/) }),
        ]);
        expect(code).toBe(0);
    });
});

describe("oic-dr check on the example stack", () => {
    it("finds no mandatory violation and prints the plan's shape plus violations", async () => {
        const { code, report } = await checkInProcess(".", "example");
        expect(code).toBe(0);
        expect(Object.keys(report)).toEqual(["program", "stack", "resources", "drInstances", "outputs", "violations", "summary"]);
        expect(report.summary.mandatory).toBe(0);
        expect(report.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });
});

describe("oic-dr check on DrPairedIntegration's instance (issue 20 item 1)", () => {
    it("sends no failoverTrigger: no finding of oic-dr-no-failover-trigger, even raised to mandatory", async () => {
        const { code, report } = await checkInProcess(".", "example", policyFile("trigger-mandatory", { "oic-dr-no-failover-trigger": "mandatory" }));
        const instances = report.resources.filter((r) => r.type === "oci:Integration/integrationInstance:IntegrationInstance");
        expect(instances.map((r) => r.inputs.isDisasterRecoveryEnabled)).toEqual([true]);
        expect(instances[0]!.inputs).not.toHaveProperty("failoverTrigger");
        expect(report.violations.filter((v) => v.policy === "oic-dr-no-failover-trigger")).toEqual([]);
        expect(code).toBe(0);
    });
});

describe("oic-dr check on DrPairedIntegration's domain replications (issue 20 item 3)", () => {
    it.each([
        ["domain-standby-home", "homed in the standby's region: one replication, to the primary's region", [["us-phoenix-1", "us-ashburn-1"]]],
        ["domain-elsewhere", "homed in neither region: two replications, the second depending on the first", [["us-ashburn-1", "us-ashburn-1"], ["us-ashburn-1", "us-phoenix-1"]]],
    ])("%s: no finding of oic-dr-identity-domain-replicated (%s)", async (stack, _what, sentFromAndTo) => {
        const { code, report } = await checkInProcess(path.join(FIXTURES, "example-variants"), stack);
        expect(report.violations.filter((v) => v.policy === "oic-dr-identity-domain-replicated")).toEqual([]);
        const replications = report.resources.filter((r) => r.type === "oci:Identity/domainReplicationToRegion:DomainReplicationToRegion");
        expect(replications.map((r) => [r.region, r.inputs.replicaRegion])).toEqual(sentFromAndTo);
        expect(code).toBe(0);
    });
});

describe("oic-dr check on DrPairedIntegration's private endpoints and pre-install policy (issue 22)", () => {
    it("private-endpoints: one endpoint per region of the pair, the policy in IAM's grammar, and no finding", async () => {
        const { code, report } = await checkInProcess(path.join(FIXTURES, "example-variants"), "private-endpoints");
        const endpoints = report.resources.filter((r) => r.type === "oci:Integration/privateEndpointOutboundConnection:PrivateEndpointOutboundConnection");
        expect(endpoints.map((r) => [r.region, r.inputs.subnetId])).toEqual([
            ["us-ashburn-1", "ocid1.subnet.oc1.iad.aaaaaaaafixture"],
            ["us-phoenix-1", "ocid1.subnet.oc1.phx.aaaaaaaafixture"],
        ]);
        const policies = report.resources.filter((r) => r.type === "oci:Identity/policy:Policy");
        expect(policies.map((r) => r.inputs.statements)).toEqual([["Allow group oic-deployers to manage integration-instance in compartment id ocid1.compartment.oc1..aaaaaaaafixture"]]);
        expect(report.violations.filter((v) => v.policy === "oic-dr-no-private-endpoint" || v.policy === "oic-dr-api-constraints")).toEqual([]);
        expect(code).toBe(0);
    });
});

describe("policy config and waivers", () => {
    it("waives a violation for a named resource with a reason, reports it as waived and passes", async () => {
        const file = policyFile("waiver", {
            "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"], reason: "Allow-list required until OPS-42 lands" }] },
        });
        const { code, report } = await check("network-acl", file);
        expect(code).toBe(0);
        expect(report.violations).toEqual([
            expect.objectContaining({
                policy: "oic-dr-no-network-acl",
                enforcementLevel: "mandatory",
                waived: "Allow-list required until OPS-42 lands",
                message: expect.stringMatching(/^Integration instance "orders" sets networkEndpointDetails/),
            }),
        ]);
        expect(report.summary).toMatchObject({ mandatory: 0, advisory: 0 });
    });

    it("waives by URN pattern, and leaves resources the pattern does not match alone", async () => {
        const matching = policyFile("urn", { "oic-dr-senders-in-both-regions": { waivers: [{ resources: ["urn:pulumi:*::raw-oci::oci:Email/sender:Sender::sender-*"], reason: "single-region mail relay" }] } });
        expect((await check("sender-one-region", matching)).code).toBe(0);
        const other = policyFile("urn-other", { "oic-dr-senders-in-both-regions": { waivers: [{ resources: ["urn:pulumi:*::other::*"], reason: "other project" }] } });
        const { code, report } = await check("sender-one-region", other);
        expect(code).toBe(1);
        expect(report.violations[0]!.waived).toBeUndefined();
    });

    it("refuses a waiver with a blank reason, naming the field (the CLI exits 2: test/cli.check.test.ts)", () => {
        const blank = policyFile("blank-reason", { "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"], reason: "  " }] } });
        expect(() => loadCheckConfig(blank)).toThrow(/waivers\.0\.reason: a waiver needs a written reason/);
    });

    it("lowers, raises and disables policies as pulumi preview's policy config does", async () => {
        const lowered = await check("network-acl", policyFile("lower", { "oic-dr-no-network-acl": "advisory" }));
        expect(lowered.code).toBe(0);
        expect(lowered.report.violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        const disabled = await check("network-acl", policyFile("disable", { "oic-dr-no-network-acl": { enforcementLevel: "disabled" } }));
        expect(disabled.report.violations).toEqual([]);
        const raised = await check("unprotected", policyFile("raise", { all: "mandatory" }));
        expect(raised.code).toBe(1);
        expect(raised.report.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([["oic-dr-protected-instance", "mandatory"]]);
    });

    it("refuses an unknown policy, a bad level or a file that is not JSON, before the program runs (the CLI exits 2)", () => {
        expect(() => loadCheckConfig(policyFile("unknown", { "oic-dr-nope": "advisory" }))).toThrow(/oic-dr-nope: no such policy; allowed: all, oic-dr-supported-edition/);
        expect(() => loadCheckConfig(policyFile("level", { "oic-dr-enabled": "warn" }))).toThrow(/oic-dr-enabled: "warn" is not one of advisory, mandatory, remediate, disabled/);
        const notJson = path.join(tmp, "bad.json");
        fs.writeFileSync(notJson, "{ oops");
        expect(() => loadCheckConfig(notJson)).toThrow(/is not valid JSON/);
    });
});

describe("oic-dr check judges a run as the engine does", () => {
    const cases = path.join(FIXTURES, "check-cases");

    it("does not count an unknown replica count (the engine skips it) and says the verdict is hidden", async () => {
        const unknown = await checkInProcess(cases, "unknown-replicas");
        expect(unknown.code).toBe(0);
        expect(unknown.report.summary).toMatchObject({ mandatory: 0, advisory: 1 });
        expect(unknown.report.violations[0]).toMatchObject({ policy: "oic-dr-agent-group-size", enforcementLevel: "advisory" });
        expect(unknown.report.violations[0]!.message).toMatch(/can't fully run this policy during preview: .* at \.spec\.replicas can't be known during preview\. .*may hide a violation/);
        // The same program with the count known: three agents in a group of at most two.
        const known = await checkInProcess(cases, "known-replicas");
        expect(known.code).toBe(1);
        expect(known.report.violations.map((v) => v.policy)).toContain("oic-dr-agent-group-size");
    });
});
