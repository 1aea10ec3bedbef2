/**
 * Waivers as data: `applyWaivers` judges structured findings against each policy's waivers, and
 * `engineReport` is the one rendering of a judged finding for the engine. Both are pure, so they
 * are tested directly; test/policyPackServer.test.ts shows the pack and `oic-dr check` agree.
 */
import { describe, expect, it } from "vitest";
import { applyWaivers, engineReport, type PolicyFinding, type Waiver } from "../policies/waivers";

const ACL = "oic-dr-no-network-acl";
const SENDERS = "oic-dr-senders-in-both-regions";
const urn = (type: string, name: string) => `urn:pulumi:prod::billing::${type}::${name}`;
const INSTANCE = "oci:Integration/integrationInstance:IntegrationInstance";
const SENDER = "oci:Email/sender:Sender";

const finding = (policy: string, type: string, name: string, enforcementLevel: PolicyFinding["enforcementLevel"] = "mandatory"): PolicyFinding => ({
    policy,
    urn: urn(type, name),
    resourceName: name,
    enforcementLevel,
    message: `${name} is not supported`,
});

const waivers = (entries: Record<string, Waiver[]>) => new Map(Object.entries(entries));

describe("applyWaivers", () => {
    it("marks a finding on a resource named by a waiver of its policy with the reason, and changes nothing else", () => {
        const found = finding(ACL, INSTANCE, "orders");
        expect(applyWaivers([found], waivers({ [ACL]: [{ resources: ["orders"], reason: "OPS-42" }] }))).toEqual([{ ...found, waiver: { reason: "OPS-42" } }]);
    });

    it("keeps the level of a waived finding: how the engine shows it is a rendering, not data", () => {
        const rules = waivers({ [ACL]: [{ resources: ["orders"], reason: "r" }] });
        const judged = applyWaivers([finding(ACL, INSTANCE, "orders", "mandatory"), finding(ACL, INSTANCE, "orders", "advisory")], rules);
        expect(judged.map((f) => [f.enforcementLevel, f.waiver?.reason])).toEqual([
            ["mandatory", "r"],
            ["advisory", "r"],
        ]);
    });

    it("returns a finding no waiver covers as it came", () => {
        const found = finding(ACL, INSTANCE, "orders");
        const [judged] = applyWaivers([found], waivers({ [ACL]: [{ resources: ["billing", "order", "orders-*"], reason: "r" }] }));
        expect(judged).toBe(found);
        expect(judged).not.toHaveProperty("waiver");
    });

    it("applies a policy's waivers to that policy's findings only", () => {
        const acl = finding(ACL, INSTANCE, "orders");
        const senders = finding(SENDERS, SENDER, "orders");
        const judged = applyWaivers([acl, senders], waivers({ [SENDERS]: [{ resources: ["orders"], reason: "r" }] }));
        expect(judged.map((f) => f.waiver?.reason)).toEqual([undefined, "r"]);
        expect(applyWaivers([acl], new Map())).toEqual([acl]);
    });

    it.each([
        ["the exact name", "sender-iad", true],
        ["a name pattern", "sender-*", true],
        ["a name pattern that matches the whole name only", "sender", false],
        ["a name pattern with regular-expression characters, taken literally", "sender.iad", false],
        ["the exact URN", urn(SENDER, "sender-iad"), true],
        ["a URN pattern", "urn:pulumi:*::billing::oci:Email/*::sender-*", true],
        ["a URN pattern of another project", "urn:pulumi:*::other::*", false],
        ["a URN pattern is matched against the URN, not the name", "urn:*sender-iad*", true],
        ["a name pattern is matched against the name, not the URN", "*::sender-iad", false],
    ])("matches %s (%s): %s", (_what, pattern, waived) => {
        const [judged] = applyWaivers([finding(SENDERS, SENDER, "sender-iad")], waivers({ [SENDERS]: [{ resources: [pattern], reason: "r" }] }));
        expect(judged!.waiver !== undefined).toBe(waived);
    });

    it("takes the first waiver that covers the resource, in the order the config lists them", () => {
        const rules: Waiver[] = [
            { resources: ["someone-else"], reason: "not this one" },
            { resources: ["nobody", "urn:pulumi:*::billing::*::orders"], reason: "first" },
            { resources: ["orders"], reason: "second" },
        ];
        const [judged] = applyWaivers([finding(ACL, INSTANCE, "orders")], waivers({ [ACL]: rules }));
        expect(judged!.waiver).toEqual({ reason: "first" });
    });

    it("judges each finding on its own resource, in order", () => {
        const found = ["orders", "billing", "orders-dev"].map((name) => finding(ACL, INSTANCE, name));
        const judged = applyWaivers(found, waivers({ [ACL]: [{ resources: ["orders*"], reason: "r" }] }));
        expect(judged.map((f) => [f.resourceName, f.waiver?.reason])).toEqual([
            ["orders", "r"],
            ["billing", undefined],
            ["orders-dev", "r"],
        ]);
    });

    it("leaves its arguments as they were", () => {
        const found = [finding(ACL, INSTANCE, "orders")];
        const copy = structuredClone(found);
        applyWaivers(found, waivers({ [ACL]: [{ resources: ["orders"], reason: "r" }] }));
        expect(found).toEqual(copy);
    });
});

describe("engineReport", () => {
    it("reports a waived finding advisory, whatever its level, with the reason leading the message", () => {
        for (const level of ["mandatory", "advisory"] as const) {
            expect(engineReport({ ...finding(ACL, INSTANCE, "orders", level), waiver: { reason: "OPS-42" } })).toEqual({
                message: "Waived (OPS-42): orders is not supported",
                urn: urn(INSTANCE, "orders"),
                enforcementLevel: "advisory",
            });
        }
    });

    it("reports an unwaived finding as found, at its level, or at the policy's (the engine's choice) when it has none", () => {
        expect(engineReport(finding(ACL, INSTANCE, "orders"))).toEqual({ message: "orders is not supported", urn: urn(INSTANCE, "orders"), enforcementLevel: "mandatory" });
        const { enforcementLevel: _level, ...levelless } = finding(ACL, INSTANCE, "orders");
        expect(engineReport(levelless)).toStrictEqual({ message: "orders is not supported", urn: urn(INSTANCE, "orders") });
    });
});
