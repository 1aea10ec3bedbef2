/**
 * The Full Stack DR policies (policies/rules/fullStackDr.ts) on validation args built the way the
 * engine builds them (test/policyArgs.ts): a group's INTEGRATION_INSTANCE member of another region,
 * and FSDR in one region of a pair only, are mandatory violations; unknown values are not judged.
 */
import { describe, expect, it } from "vitest";
import { OCI_TYPES } from "../facts/drSupport";
import { findingIdsOf } from "../policies/framework";
import { policies } from "../policies/policies";
import { fsdrBothRegions, fsdrMemberRegion } from "../policies/rules/fullStackDr";
import { drInstance, runStack, UNKNOWN, urnOf, type Reported, type ResourceSpec } from "./policyArgs";

const GROUP = OCI_TYPES.drProtectionGroup;

/** No violation: only the advisory note a mandatory stack policy adds when it met unknown values. */
function expectOnlyPreviewNote(reports: readonly Reported[]): void {
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ enforcementLevel: "advisory", message: expect.stringContaining("can't fully run this policy during preview") });
}
const PRIMARY_ID = "ocid1.integrationinstance.oc1.iad.aaaaprimary";
const STANDBY_ID = "ocid1.integrationinstance.oc1.phx.aaaastandby";

function group(name: string, region: string, memberId: unknown, extra: Partial<ResourceSpec> & { association?: Record<string, unknown> } = {}): ResourceSpec {
    const { association, ...rest } = extra;
    return {
        name,
        type: GROUP,
        region,
        ...rest,
        props: {
            compartmentId: "ocid1.compartment.oc1..example",
            displayName: name,
            logLocation: { bucket: `${name}-logs`, namespace: "ns" },
            members: [{ memberId, memberType: "INTEGRATION_INSTANCE" }],
            ...(association ? { association } : {}),
        },
    };
}

const instance = drInstance("orders", { id: PRIMARY_ID });
const primaryGroup = group("fsdr-iad", "us-ashburn-1", PRIMARY_ID);
const standbyGroup = group("fsdr-phx", "us-phoenix-1", STANDBY_ID, {
    association: { role: "STANDBY", peerId: UNKNOWN, peerRegion: "us-ashburn-1" },
    propertyDependencies: { association: ["fsdr-iad"] },
});

describe("the FSDR policies in the pack", () => {
    it("are registered, mandatory, with their findings", () => {
        const byName = new Map(policies.map((p) => [p.name, p]));
        expect(byName.get("oic-dr-fsdr-member-region")?.enforcementLevel).toBe("mandatory");
        expect(byName.get("oic-dr-fsdr-both-regions")?.enforcementLevel).toBe("mandatory");
        expect(findingIdsOf(fsdrBothRegions)).toEqual(expect.arrayContaining(["oic-dr-fsdr-both-regions[missingPartnerGroup]", "oic-dr-fsdr-both-regions[notAssociated]"]));
    });
});

describe("oic-dr-fsdr-member-region", () => {
    it("passes each region's instance in its own region's group", () => {
        expect(runStack(fsdrMemberRegion, [instance, primaryGroup, standbyGroup])).toEqual([]);
    });

    it("rejects the primary instance (by the program's instance id) in the partner region's group", () => {
        const wrong = group("fsdr-phx", "us-phoenix-1", PRIMARY_ID, { association: { role: "STANDBY", peerRegion: "us-ashburn-1" } });
        const reports = runStack(fsdrMemberRegion, [instance, primaryGroup, wrong]);
        expect(reports).toHaveLength(1);
        expect(reports[0]!.urn).toBe(urnOf(GROUP, "fsdr-phx"));
        expect(reports[0]!.message).toContain(`"fsdr-phx" in us-phoenix-1 has members[0] "${PRIMARY_ID}", Integration instance "orders" of us-ashburn-1`);
        expect(reports[0]!.message).toContain("Move it to the group in us-ashburn-1");
    });

    it("rejects an instance whose OCID names another region than the group's provider", () => {
        const reports = runStack(fsdrMemberRegion, [group("fsdr-iad", "us-ashburn-1", STANDBY_ID)]);
        expect(reports.map((r) => r.message)).toEqual([expect.stringContaining("in us-ashburn-1 has members[0] \"" + STANDBY_ID + "\", an integration instance of us-phoenix-1")]);
    });

    it("does not judge a member whose OCID is unknown during preview, nor other member types", () => {
        const other = { ...group("vols", "us-ashburn-1", STANDBY_ID), props: { members: [{ memberId: STANDBY_ID, memberType: "VOLUME_GROUP" }] } };
        expectOnlyPreviewNote(runStack(fsdrMemberRegion, [group("fsdr-iad", "us-ashburn-1", UNKNOWN), other]));
    });
});

describe("oic-dr-fsdr-both-regions", () => {
    it("passes a group in each region, the standby's associated with the primary's", () => {
        expect(runStack(fsdrBothRegions, [instance, primaryGroup, standbyGroup])).toEqual([]);
    });

    it("rejects FSDR in one region of the pair only, naming the missing region", () => {
        const reports = runStack(fsdrBothRegions, [instance, primaryGroup]);
        expect(reports).toHaveLength(1);
        expect(reports[0]!.urn).toBe(urnOf(GROUP, "fsdr-iad"));
        expect(reports[0]!.message).toContain("no protection group with an INTEGRATION_INSTANCE member exists in its partner region us-phoenix-1");
    });

    it("rejects two groups of the pair that are not associated", () => {
        const unassociated = group("fsdr-phx", "us-phoenix-1", STANDBY_ID);
        const reports = runStack(fsdrBothRegions, [instance, primaryGroup, unassociated]);
        expect(reports.map((r) => r.urn).sort()).toEqual([urnOf(GROUP, "fsdr-iad"), urnOf(GROUP, "fsdr-phx")].sort());
        expect(reports.every((r) => r.message.includes("is associated with no peer group"))).toBe(true);
    });

    it("does not judge while a group's region is unknown (it may be the partner)", () => {
        const unknownRegion = { ...group("fsdr-x", "us-phoenix-1", STANDBY_ID), region: undefined, providerProps: { region: UNKNOWN } };
        expectOnlyPreviewNote(runStack(fsdrBothRegions, [instance, primaryGroup, unknownRegion]));
    });
});
