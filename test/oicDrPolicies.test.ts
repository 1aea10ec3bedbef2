/**
 * `OicDrPolicies`' settings, resolved without constructing the pack (constructing starts a server;
 * the packed pack's tests run it under the real runner).
 */
import { describe, expect, it } from "vitest";
import { configSchemaOf } from "../policies/framework";
import { policies, resolveOicDrPolicies, type OicDrPoliciesArgs } from "../policies/oicDrPolicies";

const levels = (args?: OicDrPoliciesArgs) => Object.fromEntries(resolveOicDrPolicies(args).policies.map((p) => [p.name, p.enforcementLevel]));

describe("OicDrPolicies settings", () => {
    it("keeps each policy's own level by default", () => {
        expect(levels()).toEqual(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])));
    });

    it("sets every level with all, and a policy's own entry wins", () => {
        const resolved = levels({ all: "mandatory", "oic-dr-enabled": "disabled", "oic-dr-paired-region": { level: "advisory" } });
        expect(resolved["oic-dr-enabled"]).toBe("disabled");
        expect(resolved["oic-dr-paired-region"]).toBe("advisory");
        expect(Object.entries(resolved).filter(([name]) => name !== "oic-dr-enabled" && name !== "oic-dr-paired-region").every(([, level]) => level === "mandatory")).toBe(true);
    });

    it("keeps the config schema of a policy whose level changed, and passes config as the pack's initial config", () => {
        const config = { waivers: [{ resources: ["oic-dev"], reason: "a sandbox" }] };
        const { policies: configured, initialConfig } = resolveOicDrPolicies({ all: "advisory", "oic-dr-production-shape": { config } });
        expect(configured.every((p) => configSchemaOf(p) === configSchemaOf(policies.find((q) => q.name === p.name)!))).toBe(true);
        expect(initialConfig).toEqual({ "oic-dr-production-shape": config });
    });

    it("rejects unknown policies, levels, settings and config, naming each with its value and what is allowed", () => {
        const args = {
            all: "strict",
            "oic-dr-no-such-policy": "mandatory",
            "oic-dr-enabled": { level: "advisory", enabled: true },
            "oic-dr-identity-domain-replicated": { config: { defaultDomainIds: "ocid1.domain.oc1..a", waivers: [{ resources: ["x"] }] } },
        } as unknown as OicDrPoliciesArgs;
        expect(() => resolveOicDrPolicies(args)).toThrow(
            [
                "OicDrPolicies: invalid settings:",
                "  - oic-dr-no-such-policy: no such policy; allowed: all, " + policies.map((p) => p.name).join(", "),
                '  - all: "strict" is not one of advisory, mandatory, disabled',
                '  - oic-dr-identity-domain-replicated.config.defaultDomainIds: "ocid1.domain.oc1..a": Invalid input: expected array, received string',
                "  - oic-dr-identity-domain-replicated.config.waivers.0.reason: unset: Invalid input: expected string, received undefined",
                "  - oic-dr-enabled.enabled: not a setting; allowed: level, config",
            ].join("\n"),
        );
    });
});
