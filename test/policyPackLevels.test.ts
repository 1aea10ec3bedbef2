/**
 * A pack of the user's, built with `OicDrPolicies` and config, keeps the levels it was given once
 * the engine has merged its initial config (issue 18, item 2). The pack runs under the SDK's
 * policy-pack runner; the engine's side, which cannot run here, is transcribed below from
 * pulumi/pulumi @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policies } from "../policies/policies";
import { analyzerProto as pb, startPolicyPack, writeUserPack, type RunningPack } from "./policyPackRunner";

type Level = "advisory" | "mandatory" | "remediate" | "disabled";
interface EngineConfig {
    enforcementLevel: Level | "";
    properties: Record<string, unknown>;
}

/**
 * pkg/resource/plugin/analyzer_plugin.go:823-837 (convertEnforcementLevel): the protocol's 0 is
 * ADVISORY, so a PolicyConfig that sets no level reads as "advisory".
 */
function convertEnforcementLevel(level: number): Level {
    const levels: Record<number, Level> = {
        [pb.EnforcementLevel.ADVISORY]: "advisory",
        [pb.EnforcementLevel.MANDATORY]: "mandatory",
        [pb.EnforcementLevel.REMEDIATE]: "remediate",
        [pb.EnforcementLevel.DISABLED]: "disabled",
    };
    if (!(level in levels)) throw new Error(`invalid enforcement level ${level}`);
    return levels[level]!;
}

/**
 * The engine's merge, as GetAnalyzerInfo's answer reaches it (pkg/engine/update.go:1031-1032):
 * policies at their levels (analyzer_plugin.go:506-545), the initial config converted entry by
 * entry (analyzer_plugin.go:550, convertPolicyConfig at 937-950), then ReconcilePolicyPackConfig
 * (pkg/resource/analyzer/config.go:304-335) with createConfigWithDefaults (275-302) and applyConfig
 * (337-372): `all` first, then each entry, whose level wins when it is valid (IsValid,
 * sdk/go/common/apitype/policy.go:187-194, is true for "advisory").
 */
function engineMerge(info: InstanceType<typeof pb.AnalyzerInfo>, fromFile: Record<string, EngineConfig> = {}): Record<string, EngineConfig> {
    const result: Record<string, EngineConfig> = {};
    for (const policy of info.getPoliciesList()) result[policy.getName()] = { enforcementLevel: convertEnforcementLevel(policy.getEnforcementlevel()), properties: {} };
    const initial: Record<string, EngineConfig> = {};
    for (const [name, config] of info.getInitialconfigMap().entries()) {
        initial[name] = { enforcementLevel: convertEnforcementLevel(config.getEnforcementlevel()), properties: (config.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown> };
    }
    const isValid = (level: string) => ["advisory", "mandatory", "remediate", "disabled"].includes(level);
    const apply = (toApply: Record<string, EngineConfig>) => {
        const all = toApply.all;
        if (all && isValid(all.enforcementLevel)) for (const name of Object.keys(result)) result[name] = { ...result[name]!, enforcementLevel: all.enforcementLevel };
        for (const [name, given] of Object.entries(toApply)) {
            const before = result[name] ?? { enforcementLevel: "", properties: {} };
            result[name] = { enforcementLevel: isValid(given.enforcementLevel) ? given.enforcementLevel : before.enforcementLevel, properties: { ...before.properties, ...given.properties } };
        }
    };
    apply(initial);
    apply(fromFile);
    return result;
}

const waiver = { resources: ["legacy-oic"], reason: "Allow-list stays until OPS-42" };
const settings = {
    all: "mandatory",
    "oic-dr-enabled": { enforcementLevel: "disabled", waivers: [waiver] },
    "oic-dr-identity-domain-replicated": { defaultDomainIds: ["ocid1.domain.oc1..a"] },
    "oic-dr-no-network-acl": { waivers: [waiver] },
    // A policy that finds several kinds of thing: its waiver names the finding it covers.
    "oic-dr-api-advice": { enforcementLevel: "advisory", waivers: [{ ...waiver, findings: ["oic-dr-api-advice[instance.rootCompartment]"] }] },
    "oic-dr-protected-instance": "advisory",
};
/** The level each policy was given: its own entry, else `all`. */
const given = (name: string): Level => {
    const own = settings[name as keyof typeof settings];
    return typeof own === "string" ? (own as Level) : ((own as { enforcementLevel?: Level } | undefined)?.enforcementLevel ?? "mandatory");
};

let workDir: string;
let pack: RunningPack;
let info: InstanceType<typeof pb.AnalyzerInfo>;

beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-user-pack-"));
    pack = await startPolicyPack(await writeUserPack(path.join(workDir, "guard"), settings));
    info = await pack.getAnalyzerInfo();
}, 120_000);

afterAll(() => {
    pack?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe("a pack of the user's with config, after the engine's merge", () => {
    it("runs every policy at the level it was given: mandatory stays mandatory with config, disabled stays disabled, all applies", () => {
        const merged = engineMerge(info);
        expect(Object.fromEntries(policies.map((p) => [p.name, merged[p.name]?.enforcementLevel]))).toEqual(Object.fromEntries(policies.map((p) => [p.name, given(p.name)])));
    });

    it("hands each policy its config", () => {
        const merged = engineMerge(info);
        expect(merged["oic-dr-no-network-acl"]!.properties).toEqual({ waivers: [waiver] });
        expect(merged["oic-dr-identity-domain-replicated"]!.properties).toEqual({ defaultDomainIds: ["ocid1.domain.oc1..a"] });
    });

    it("lets a --policy-pack-config file's all override the pack's levels, as the engine does", () => {
        const merged = engineMerge(info, { all: { enforcementLevel: "advisory", properties: {} } });
        expect(policies.every((p) => merged[p.name]!.enforcementLevel === "advisory")).toBe(true);
    });
});
