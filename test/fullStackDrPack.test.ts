/**
 * The Full Stack DR policies under Pulumi's policy-pack runner (test/policyPackRunner.ts): the pack
 * built from policies/ as `pulumi preview --policy-pack policies` loads it, reached over the
 * analyzer's gRPC protocol with the requests the engine would send for programs recorded under
 * Pulumi's mocks. FullStackDr's own layout passes; FSDR in one region of a pair only is a
 * mandatory violation.
 */
import * as path from "node:path";
import * as oci from "@pulumi/oci";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FullStackDr } from "../components/fullStackDr/fullStackDr";
import { analyzerRequests } from "../engine/analyze";
import { buildPolicyPack } from "../policies/build";
import { REPO_ROOT } from "./cliRunner";
import { mockEngine } from "./harness";
import { analyzerProto as pb, levelName, startPolicyPack, type RunningPack } from "./policyPackRunner";

let pack: RunningPack;

beforeAll(async () => {
    await buildPolicyPack();
    pack = await startPolicyPack(path.join(REPO_ROOT, "policies"));
}, 90_000);

afterAll(() => pack?.stop());

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
