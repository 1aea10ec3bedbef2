import { describe, expect, it } from "vitest";
import {
    drRegionIdentifiers,
    drRegions,
    isDrRegion,
    pairOf,
    partnerRegion,
    regionByKey,
    regionPairs,
    requirePartnerRegion,
    REGION_PAIR_SOURCES,
} from "../facts/regions";

describe("region pairs", () => {
    it("holds the eight pairs of the DR guide and the availability page", () => {
        const pairs = regionPairs.map((p) => p.regions.map((r) => r.identifier).join("/"));
        expect(pairs).toEqual([
            "us-ashburn-1/us-phoenix-1",
            "eu-frankfurt-1/eu-amsterdam-1",
            "uk-london-1/uk-cardiff-1",
            "ap-singapore-1/ap-tokyo-1",
            "ca-toronto-1/ca-montreal-1",
            "ap-sydney-1/ap-melbourne-1",
            "me-abudhabi-1/me-dubai-1",
            "me-riyadh-1/me-jeddah-1",
        ]);
        expect(regionPairs.slice(0, 5).every((p) => p.source === "drGuide")).toBe(true);
        expect(regionPairs.slice(5).every((p) => p.source === "availabilityPage")).toBe(true);
        for (const p of regionPairs) expect(REGION_PAIR_SOURCES[p.source].title).toMatch(/Oracle Integration 3|Oracle-Managed Disaster Recovery/);
    });

    it("lists sixteen distinct regions with distinct three-letter keys", () => {
        expect(new Set(drRegionIdentifiers).size).toBe(16);
        expect(new Set(drRegions.map((r) => r.key)).size).toBe(16);
        for (const r of drRegions) expect(r.key).toMatch(/^[A-Z]{3}$/);
    });

    it("pairs symmetrically", () => {
        for (const r of drRegions) {
            const partner = partnerRegion(r.identifier)!;
            expect(partner.identifier).not.toBe(r.identifier);
            expect(partnerRegion(partner.identifier)!.identifier).toBe(r.identifier);
            expect(pairOf(r.identifier)).toBe(pairOf(partner.identifier));
        }
    });

    it("looks regions up by key, case-insensitively", () => {
        expect(regionByKey("CWL")).toMatchObject({ identifier: "uk-cardiff-1", displayName: "Cardiff", location: "UK West (Cardiff)" });
        expect(regionByKey("nrt")?.identifier).toBe("ap-tokyo-1");
        expect(regionByKey("ORD")).toBeUndefined();
    });

    it("rejects regions outside the table", () => {
        expect(isDrRegion("us-chicago-1")).toBe(false);
        expect(partnerRegion("us-chicago-1")).toBeUndefined();
        expect(() => requirePartnerRegion("us-chicago-1")).toThrow(/"us-chicago-1" is not a region of an Oracle-managed DR pair; supported: us-ashburn-1, us-phoenix-1/);
    });
});
