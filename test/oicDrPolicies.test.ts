/**
 * `OicDrPolicies`' settings, resolved without constructing the pack (constructing starts a server;
 * the packed pack's tests run it under the real runner): the function the constructor calls.
 */
import { describe, expect, it } from "vitest";
import { configSchemaOf } from "../policies/framework";
import { resolvePackSettings } from "../policies/packConfig";
import { policies, type OicDrPoliciesArgs } from "../policies/oicDrPolicies";

const resolve = (args: OicDrPoliciesArgs = {}) => resolvePackSettings(policies, args, "OicDrPolicies");
const levels = (args?: OicDrPoliciesArgs) => Object.fromEntries(resolve(args).policies.map((p) => [p.name, p.enforcementLevel]));

describe("OicDrPolicies", () => {
    it("keeps each policy's own level by default", () => {
        expect(levels()).toEqual(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])));
    });

    it("sets every level with all, and a policy's own entry wins", () => {
        const resolved = levels({ all: "mandatory", "oic-dr-enabled": "disabled", "oic-dr-paired-region": { enforcementLevel: "advisory" } });
        expect(resolved["oic-dr-enabled"]).toBe("disabled");
        expect(resolved["oic-dr-paired-region"]).toBe("advisory");
        expect(Object.entries(resolved).filter(([name]) => name !== "oic-dr-enabled" && name !== "oic-dr-paired-region").every(([, level]) => level === "mandatory")).toBe(true);
    });

    it("keeps the config schema of a policy whose level changed, and passes config as the pack's initial config at the policy's level", () => {
        const waivers = [{ resources: ["oic-dev"], reason: "a sandbox, rebuilt weekly" }];
        const { policies: configured, initialConfig } = resolve({ all: "advisory", "oic-dr-production-shape": { waivers } });
        expect(configured.every((p) => configSchemaOf(p) === configSchemaOf(policies.find((q) => q.name === p.name)!))).toBe(true);
        expect(initialConfig).toEqual({ "oic-dr-production-shape": { enforcementLevel: "advisory", waivers } });
    });

    it("rejects unknown policies, levels, settings and config, naming each with its value and what is allowed", () => {
        const args = {
            all: "strict",
            "oic-dr-no-such-policy": "mandatory",
            "oic-dr-enabled": { enforcementLevel: "advisory", enabled: true },
            "oic-dr-identity-domain-replicated": { defaultDomainIds: "ocid1.domain.oc1..a", waivers: [{ resources: ["x"], findings: ["oic-dr-identity-domain-replicated[domainNotReplicated]"] }] },
        } as unknown as OicDrPoliciesArgs;
        expect(() => resolve(args)).toThrow(
            [
                "OicDrPolicies: invalid settings:",
                '  - all: "strict" is not one of advisory, mandatory, remediate, disabled',
                "  - oic-dr-no-such-policy: no such policy; allowed: all, " + policies.map((p) => p.name).join(", "),
                "  - oic-dr-enabled.enabled: unknown key (check its spelling against the arguments' documentation)",
                '  - oic-dr-identity-domain-replicated.defaultDomainIds: expected array, got "ocid1.domain.oc1..a"',
                "  - oic-dr-identity-domain-replicated.waivers.0.reason: required",
            ].join("\n"),
        );
    });
});
