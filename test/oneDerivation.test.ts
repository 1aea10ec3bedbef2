/**
 * Values derived once: the pair's regions (what validation checks names against is what is
 * deployed) and "is a tag policy declared" (validation asks for groups exactly when the component
 * declares the policy). `pairRegions` and `resolvePair` are wrapped, not replaced: every call goes
 * through, and the wrapper records it.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { parseDrIntegrationSpec, tagPolicyDeclared } from "../components/drPairedIntegration/schema";
import { DrAlarms } from "../components/drAlarms/drAlarms";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { EmailDelivery } from "../components/emailDelivery/emailDelivery";
import * as providers from "../components/support/providers";
import { mockEngine, validSpec } from "./harness";

vi.mock("../components/support/providers", async (importOriginal) => {
    const real = await importOriginal<typeof import("../components/support/providers")>();
    return {
        ...real,
        pairRegions: vi.fn(real.pairRegions),
        resolvePair: vi.fn(real.resolvePair),
        validatePairedComponent: vi.fn(real.validatePairedComponent),
    };
});

const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaacompartment";
const TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy";

let engine: Awaited<ReturnType<typeof mockEngine>>;
beforeEach(async () => {
    engine = await mockEngine();
    vi.clearAllMocks();
});

/** The component's providers were resolved for the very regions `derived` (the one derivation). */
function expectResolvedFor(component: unknown, derived: unknown): void {
    const resolved = vi.mocked(providers.resolvePair).mock.calls;
    expect(resolved).toHaveLength(1);
    expect(resolved[0]![0]).toBe(component);
    expect(resolved[0]![2]).toBe(derived);
}

describe("the pair's regions are derived once per component", () => {
    it("DrPairedIntegration: names are checked and providers made for the same regions", async () => {
        const component = new DrPairedIntegration(
            "oic",
            validSpec({ primaryRegion: "eu-frankfurt-1", homeRegion: "us-ashburn-1", emailDelivery: { senders: ["noreply@example.com"] } }),
        );
        await engine.settle();
        const derived = vi.mocked(providers.pairRegions).mock.results;
        expect(derived).toHaveLength(1);
        expectResolvedFor(component, derived[0]!.value);
        expect(derived[0]!.value).toEqual({
            primary: "eu-frankfurt-1",
            secondary: "eu-amsterdam-1",
            home: "us-ashburn-1",
        });
    });

    it("EmailDelivery and DrAlarms on their own: providers for the regions their names were checked in", async () => {
        /** The regions validation derived (and checked the names in), from its one call. */
        const validatedRegions = () => {
            const results = vi.mocked(providers.validatePairedComponent).mock.results;
            expect(results).toHaveLength(1);
            return (results[0]!.value as { regions: unknown }).regions;
        };
        const email = new EmailDelivery("mail", { primaryRegion: "ap-singapore-1", compartmentId: COMPARTMENT, tenancyId: TENANCY, senders: ["noreply@example.com"] });
        await engine.settle();
        expectResolvedFor(email, validatedRegions());

        vi.clearAllMocks();
        const alarms = new DrAlarms("alarms", { primaryRegion: "ca-toronto-1", compartmentId: COMPARTMENT, displayName: "orders" });
        await engine.settle();
        expectResolvedFor(alarms, validatedRegions());
        // Composed into the pair, they derive nothing: they receive the pair's.
        vi.clearAllMocks();
        new DrPairedIntegration("oic", validSpec({ emailDelivery: { senders: ["noreply@example.com"] } }));
        await engine.settle();
        expect(providers.validatePairedComponent).not.toHaveBeenCalled();
        expect(providers.pairRegions).toHaveBeenCalledTimes(1);
    });
});

describe("validation asks for the tag policy's groups exactly when the component declares the policy", () => {
    const tagUses = {
        "no tags": {},
        "freeform tags only": { tags: { freeform: { team: "integration" } } },
        "defined tags": { tags: { defined: { "ops.cost-center": "4711" } } },
        "default tags": { tags: { usesDefaultTags: true } },
    };
    const policySettings = {
        "tagPolicy not given": {},
        "tagPolicy enabled": { tagPolicy: { enabled: true } },
        "tagPolicy disabled": { tagPolicy: { enabled: false } },
    };
    const cases = Object.entries(tagUses).flatMap(([tagsCase, tags]) =>
        Object.entries(policySettings).map(([policyCase, policy]) => [`${tagsCase}, ${policyCase}`, { ...tags, ...policy }] as const),
    );

    it.each(cases)("%s", async (_label, overrides) => {
        const declared = tagPolicyDeclared(overrides);

        // Without groups, validation refuses exactly the specs whose policy would be declared.
        const withoutGroups = () => parseDrIntegrationSpec(validSpec(overrides));
        if (declared) expect(withoutGroups).toThrow(/tagPolicy\.groups/);
        else expect(withoutGroups).not.toThrow();

        // With groups, the component declares the policy exactly then.
        const tagPolicy = { ...(overrides as { tagPolicy?: object }).tagPolicy, groups: ["oic-admins"] };
        const component = new DrPairedIntegration("oic", validSpec({ ...overrides, tagPolicy }));
        await engine.settle();
        expect(component.tagPolicies !== undefined).toBe(declared);
    });

    it("declares the policy for defined or default tags unless it is switched off", () => {
        expect(tagPolicyDeclared({ tags: { defined: { "ops.cost-center": "4711" } } })).toBe(true);
        expect(tagPolicyDeclared({ tags: { usesDefaultTags: true }, tagPolicy: { enabled: false } })).toBe(false);
        expect(tagPolicyDeclared({ tags: {} })).toBe(false);
    });
});
