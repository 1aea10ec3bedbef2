/**
 * The pack as the Pulumi CLI runs it from a checkout (`pulumi preview --policy-pack policies`, after
 * `npm run build:policies`): Pulumi's own policy-pack runner loads policies/ (its package.json
 * `main`, the compiled dist/index.js) and serves the analyzer over gRPC. The same requests
 * `oic-dr check` builds get the same verdicts from it, and a waived finding reads the same. The Full
 * Stack DR policies judge programs recorded under Pulumi's mocks: FullStackDr's own layout passes,
 * FSDR in one region of a pair only is a mandatory violation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as oci from "@pulumi/oci";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FullStackDr } from "../components/fullStackDr/fullStackDr";
import { analyzeResources, analyzerRequests, UNKNOWN_SENTINEL } from "../engine/analyze";
import { checkProgram } from "../engine/check";
import type { Violation } from "../engine/plan";
import { configurePolicies, resolvePolicyConfig } from "../engine/policyConfig";
import { runProgram } from "../engine/runProgram";
import { buildPolicyPack } from "../policies/build";
import { OCI_TYPES } from "../facts/drSupport";
import { policies } from "../policies/policies";
import { engineReport } from "../policies/waivers";
import { FIXTURES, REPO_ROOT } from "./cliRunner";
import { mockEngine, recorded } from "./harness";
import { analyzerProto as pb, levelName, startPolicyPack, type RunningPack } from "./policyPackRunner";

let pack: RunningPack;

beforeAll(async () => {
    await buildPolicyPack();
    pack = await startPolicyPack(path.join(REPO_ROOT, "policies"));
}, 90_000);

afterAll(() => pack?.stop());

describe("the policy pack under Pulumi's policy-pack runner", () => {
    it("serves the oic-dr pack, at the package's version, with every policy and its level", async () => {
        const info = await pack.getAnalyzerInfo();
        const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
        expect(info.getName()).toBe("oic-dr");
        expect(info.getVersion()).toBe(version);
        expect(info.getPoliciesList().map((p) => [p.getName(), levelName(p.getEnforcementlevel())])).toEqual(policies.map((p) => [p.name, p.enforcementLevel]));
    });

    it.each([
        ["raw-oci", "standard-edition"],
        ["raw-oci", "sender-one-region"],
        ["raw-oci", "no-alarm"],
        ["raw-oci", "clean"],
        // A mandatory policy's advisory finding (a count it cannot know) keeps its level through the runner.
        ["agent-sizes", "daemonset"],
        ["agent-sizes", "hpa-max-6"],
    ])("gives the verdicts oic-dr check gives (%s, %s)", async (program, stack) => {
        const run = await runProgram({ programDir: path.join(FIXTURES, program), stack });
        const ctx = { packName: "oic-dr", packVersion: "0", stackConfig: run.stackConfig.values, project: run.project.name, stack };
        const requests = analyzerRequests(run.resources, ctx);
        const served: string[] = [];
        const note = (d: analyzerPb.AnalyzeDiagnostic) => served.push(`${d.getPolicyname()} ${d.getEnforcementlevel()} ${d.getUrn()}`);
        for (const { request } of requests.perResource) {
            (await pack.analyze(request)).getDiagnosticsList().forEach(note);
        }
        (await pack.analyzeStack(requests.stack)).getDiagnosticsList().forEach(note);

        const settings = resolvePolicyConfig({}, policies, "test");
        const offline = await analyzeResources(run.resources, configurePolicies(policies, settings), settings, ctx);
        const level = (l: string) => (l === "mandatory" ? pb.EnforcementLevel.MANDATORY : pb.EnforcementLevel.ADVISORY);
        expect(served.sort()).toEqual(offline.map((v) => `${v.policy} ${level(v.enforcementLevel)} ${v.urn}`).sort());
        if (stack !== "clean") expect(served.length).toBeGreaterThan(0);
    });

    it("passes a private endpoint on each instance of a pair and rejects one on the instance only, mandatory", async () => {
        const served = async (stack: string) => {
            const run = await runProgram({ programDir: path.join(FIXTURES, "raw-oci"), stack });
            const requests = analyzerRequests(run.resources, { packName: "oic-dr", packVersion: "0", stackConfig: run.stackConfig.values, project: run.project.name, stack });
            const diagnostics = (await pack.analyzeStack(requests.stack)).getDiagnosticsList();
            return diagnostics.map((d) => [d.getPolicyname(), levelName(d.getEnforcementlevel()), d.getUrn().split("::").pop(), d.getMessage()]);
        };
        expect(await served("private-endpoints-paired")).toEqual([]);
        const oneSided = await served("private-endpoint");
        expect(oneSided.map(([policy, level, name]) => [policy, level, name])).toEqual([["oic-dr-no-private-endpoint", "mandatory", "private"]]);
        expect(oneSided[0]![3]).toMatch(/the instance in us-phoenix-1 .* has none/);
    });
});

/**
 * One waiver config, as a `--policy-pack-config` file: by resource name and by URN pattern, on
 * resource and stack policies, on a policy raised to mandatory, on the stack's own note that a
 * policy could not fully run, and one that covers none of the fixtures' resources.
 */
const WAIVER_CONFIG = {
    "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"], reason: "Allow-list stays until OPS-42" }] },
    "oic-dr-senders-in-both-regions": { waivers: [{ resources: ["urn:pulumi:*::raw-oci::oci:Email/sender:Sender::sender-*"], reason: "single-region relay" }] },
    "oic-dr-failover-alarm": { enforcementLevel: "mandatory", waivers: [{ resources: ["orders"], reason: "watched by the NOC" }] },
    "oic-dr-supported-edition": { waivers: [{ resources: ["legacy-*"], reason: "legacy instances, replaced in Q3" }] },
    // A policy that finds several kinds of thing: the waiver names the one it covers, the stack's note.
    "oic-dr-agent-group-size": {
        waivers: [{ resources: ["urn:pulumi:*::*::pulumi:pulumi:Stack::*"], findings: ["oic-dr-agent-group-size[preview.unknownValues]"], reason: "sized by the platform team" }],
    },
} as const;

/**
 * The config the engine hands the pack for that file: every policy, at the file's level or its own,
 * with the file's settings (pulumi/pulumi pkg/resource/analyzer/config.go:276-335, ReconcilePolicyPackConfig
 * from the policies' defaults; sent by pkg/resource/plugin/analyzer_plugin.go:612-641, Configure).
 */
function engineConfig(file: Record<string, { enforcementLevel?: "advisory" | "mandatory"; waivers: readonly object[] }>) {
    return Object.fromEntries(
        policies.map((policy) => {
            const { enforcementLevel, ...properties } = file[policy.name] ?? { waivers: [] };
            return [policy.name, { enforcementLevel: enforcementLevel ?? (policy.enforcementLevel as "advisory" | "mandatory"), properties }];
        }),
    );
}

/** A violation `check` reports, as the pack would report it to the engine. */
const rendered = (v: Violation) => ({ policy: v.policy, ...engineReport({ ...v, ...(v.waived === undefined ? {} : { waiver: { reason: v.waived } }) }) });

describe("a waived finding through the pack and through oic-dr check", () => {
    beforeAll(() => pack.configure(engineConfig(WAIVER_CONFIG)));
    afterAll(() => pack?.configure({}));

    it.each([
        ["raw-oci", "network-acl", [["oic-dr-no-network-acl", "mandatory", "Allow-list stays until OPS-42"]]],
        ["raw-oci", "sender-one-region", [["oic-dr-senders-in-both-regions", "mandatory", "single-region relay"]]],
        ["raw-oci", "no-alarm", [["oic-dr-failover-alarm", "mandatory", "watched by the NOC"]]],
        ["raw-oci", "standard-edition", [["oic-dr-supported-edition", "mandatory", undefined]]],
        ["check-cases", "unknown-replicas", [["oic-dr-agent-group-size", "advisory", "sized by the platform team"]]],
    ])("%s (%s): the pack's diagnostic is check's violation rendered for the engine", async (program, stack, expected) => {
        const run = await runProgram({ programDir: path.join(FIXTURES, program), stack });
        const settings = resolvePolicyConfig(WAIVER_CONFIG, policies, "test");
        const { violations } = await checkProgram(run, settings);
        // check keeps the level and the message as found, and the reason beside them.
        expect(violations.map((v) => [v.policy, v.enforcementLevel, v.waived])).toEqual(expected);
        expect(violations.every((v) => !v.message.startsWith("Waived"))).toBe(true);

        const ctx = { packName: "oic-dr", packVersion: "0", stackConfig: run.stackConfig.values, project: run.project.name, stack };
        const requests = analyzerRequests(run.resources, ctx);
        const served: analyzerPb.AnalyzeDiagnostic[] = [];
        for (const { request } of requests.perResource) served.push(...(await pack.analyze(request)).getDiagnosticsList());
        served.push(...(await pack.analyzeStack(requests.stack)).getDiagnosticsList());
        const diagnostics = served.map((d) => ({ policy: d.getPolicyname(), message: d.getMessage(), urn: d.getUrn(), enforcementLevel: levelName(d.getEnforcementlevel()) }));

        expect(diagnostics).toEqual(violations.map(rendered));
        for (const [i, [, , reason]] of expected.entries()) {
            if (reason) expect(diagnostics[i]).toMatchObject({ enforcementLevel: "advisory", message: expect.stringMatching(/^Waived \(/) });
        }
    });

    it("leaves unwaived the engine's note that a resource policy could not run, through either", async () => {
        const provider = recorded(OCI_TYPES.provider, "primary", { inputs: { region: "us-ashburn-1" } });
        const instance = recorded(OCI_TYPES.integrationInstance, "legacy-orders", {
            provider: `${provider.urn}::id`,
            protect: true,
            inputs: { isDisasterRecoveryEnabled: true, integrationInstanceType: UNKNOWN_SENTINEL, shape: "PRODUCTION" },
        });
        const ctx = { packName: "oic-dr", packVersion: "0", stackConfig: {}, project: "p", stack: "s" };
        const { request } = analyzerRequests([provider, instance], ctx).perResource[1]!;
        const served = (await pack.analyze(request)).getDiagnosticsList().filter((d) => d.getPolicyname() === "oic-dr-supported-edition");
        expect(served.map((d) => [levelName(d.getEnforcementlevel()), d.getUrn()])).toEqual([["advisory", ""]]);
        expect(served[0]!.getMessage()).toMatch(/^can't run policy 'oic-dr-supported-edition' .* during preview/);

        const settings = resolvePolicyConfig(WAIVER_CONFIG, policies, "test");
        const checked = (await analyzeResources([provider, instance], configurePolicies(policies, settings), settings, ctx)).filter((v) => v.policy === "oic-dr-supported-edition");
        expect(checked.map((v) => [v.enforcementLevel, v.urn, v.waived])).toEqual([["advisory", instance.urn, undefined]]);
        // The message is the engine's, but for the pack version it names.
        expect(checked[0]!.message.replace(/@v[^']*/, "")).toBe(served[0]!.getMessage().replace(/@v[^']*/, ""));
    });
});

/** What the served pack says of the stack, FSDR policies only: `policy level resource-name`. */
async function fsdrDiagnostics(declare: () => void): Promise<string[]> {
    const engine = await mockEngine({ preview: false, invokes: () => ({ namespace: "tenancyns" }) });
    declare();
    await engine.settle();
    const ctx = { packName: "oic-dr", packVersion: "0", stackConfig: {}, project: "oic-dr-test", stack: "unit" };
    const { stack } = analyzerRequests(engine.resources, ctx);
    const diagnostics = (await pack.analyzeStack(stack)).getDiagnosticsList();
    return diagnostics
        .filter((d) => d.getPolicyname().startsWith("oic-dr-fsdr-"))
        .map((d) => `${d.getPolicyname()} ${levelName(d.getEnforcementlevel())} ${d.getUrn().split("::").pop()}`);
}

describe("the FSDR policies under Pulumi's policy-pack runner", () => {
    it("serves both at mandatory", async () => {
        const info = await pack.getAnalyzerInfo();
        const served = info.getPoliciesList().filter((p) => p.getName().startsWith("oic-dr-fsdr-"));
        expect(served.map((p) => [p.getName(), p.getEnforcementlevel()])).toEqual([
            ["oic-dr-fsdr-member-region", pb.EnforcementLevel.MANDATORY],
            ["oic-dr-fsdr-both-regions", pb.EnforcementLevel.MANDATORY],
        ]);
    });

    it("passes FullStackDr's groups, one per region with its instance, associated", async () => {
        const found = await fsdrDiagnostics(() => {
            new FullStackDr("fsdr", {
                primaryRegion: "eu-frankfurt-1",
                tenancyId: "ocid1.tenancy.oc1..aaaaaaaatenancy",
                compartmentId: "ocid1.compartment.oc1..aaaaaaaacompartment",
                displayName: "orders-oic",
                instanceId: "ocid1.integrationinstance.oc1.fra.aaaaprimary",
                standbyInstanceId: "ocid1.integrationinstance.oc1.ams.aaaastandby",
                policy: { groups: ["DrOperators"] },
            });
        });
        expect(found).toEqual([]);
    });

    it("rejects FSDR in one region of the pair only, and a member of the other region", async () => {
        const found = await fsdrDiagnostics(() => {
            const frankfurt = new oci.Provider("fra", { region: "eu-frankfurt-1" });
            new oci.disasterrecovery.DrProtectionGroup(
                "lonely",
                {
                    compartmentId: "ocid1.compartment.oc1..aaaaaaaacompartment",
                    displayName: "lonely",
                    logLocation: { bucket: "logs", namespace: "tenancyns" },
                    members: [{ memberId: "ocid1.integrationinstance.oc1.ams.aaaastandby", memberType: "INTEGRATION_INSTANCE" }],
                },
                { provider: frankfurt },
            );
        });
        expect(found.sort()).toEqual(["oic-dr-fsdr-both-regions mandatory lonely", "oic-dr-fsdr-member-region mandatory lonely"]);
    });
});
