/**
 * The fixed region pairs of Oracle-managed disaster recovery for Oracle Integration 3.
 *
 * This is the one home of the pair table: the components derive the partner region from it and
 * the policy pack checks instances against it. Add a pair here and both follow.
 */

import { DR_AVAILABILITY_PAGE, drGuideSection, type FactSource } from "./factSource";

/**
 * Where a pair comes from, so a reader can re-check it when Oracle extends the list: the guide the
 * product was built from (seed 000) listed five pairs; Oracle's availability page, read on
 * 2026-12-07, lists those five and three more, and names the regions as {@link DrRegion.location}
 * does.
 */
export const REGION_PAIR_SOURCES = {
    drGuide: drGuideSection("What's Supported?"),
    availabilityPage: DR_AVAILABILITY_PAGE,
} as const satisfies Record<string, FactSource>;

export type RegionPairSource = keyof typeof REGION_PAIR_SOURCES;

/**
 * Every region that can hold either side of a DR pair: its identifier (as the API and the provider
 * name it, e.g. `us-ashburn-1`) under its three-letter region key. The pair table below is built
 * from these keys, and {@link DrRegionIdentifier}, the type of a DR region argument, is derived
 * from this object: a region added here is accepted everywhere, by `tsc` too.
 *
 * An object literal `as const`, declared before the type of the same name: the form Pulumi's
 * component analyzer turns into an enum of the multi-language schema (@pulumi/pulumi 3.270
 * provider/experimental/analyzer.js:447-495 and 583-636; a plain union of literals is refused).
 */
export const DrRegionIdentifier = {
    IAD: "us-ashburn-1",
    PHX: "us-phoenix-1",
    FRA: "eu-frankfurt-1",
    AMS: "eu-amsterdam-1",
    LHR: "uk-london-1",
    CWL: "uk-cardiff-1",
    SIN: "ap-singapore-1",
    NRT: "ap-tokyo-1",
    YYZ: "ca-toronto-1",
    YUL: "ca-montreal-1",
    SYD: "ap-sydney-1",
    MEL: "ap-melbourne-1",
    AUH: "me-abudhabi-1",
    DXB: "me-dubai-1",
    RUH: "me-riyadh-1",
    JED: "me-jeddah-1",
} as const;

/** A region of an Oracle-managed DR pair, e.g. `"us-ashburn-1"`. */
export type DrRegionIdentifier = (typeof DrRegionIdentifier)[keyof typeof DrRegionIdentifier];

type DrRegionKey = keyof typeof DrRegionIdentifier;

/** One OCI region as the DR tables name it. */
export interface DrRegion {
    /** The region identifier used by the API and the provider, e.g. `us-ashburn-1`. */
    readonly identifier: DrRegionIdentifier;
    /** The three-letter region key, e.g. `IAD`. */
    readonly key: DrRegionKey;
    /**
     * The region's name as Oracle's "Disaster Recovery Availability" page gives it (read
     * 2026-12-07), e.g. `US East (Ashburn)`, `UK West (Cardiff)`.
     */
    readonly location: string;
    /** The city of {@link location}, e.g. `Ashburn`, `Cardiff`: what the runbook calls the region. */
    readonly displayName: string;
}

/** Two regions between which Oracle-managed DR can fail over, in either direction. */
export interface RegionPair {
    readonly regions: readonly [DrRegion, DrRegion];
    readonly source: RegionPairSource;
}

/** The city is the part in parentheses of a location ("Japan East (Tokyo)"), else the location itself ("Singapore"). */
const region = (key: DrRegionKey, location: string): DrRegion =>
    Object.freeze({ identifier: DrRegionIdentifier[key], key, location, displayName: /\(([^)]+)\)$/.exec(location)?.[1] ?? location });

const pair = (a: DrRegion, b: DrRegion, source: RegionPairSource): RegionPair =>
    Object.freeze({ regions: Object.freeze([a, b]) as readonly [DrRegion, DrRegion], source });

/** The pair table. Pairing is symmetric: either region of a pair can hold the primary instance. */
export const regionPairs: readonly RegionPair[] = Object.freeze([
    pair(region("IAD", "US East (Ashburn)"), region("PHX", "US West (Phoenix)"), "drGuide"),
    pair(region("FRA", "Germany Central (Frankfurt)"), region("AMS", "Netherlands Northwest (Amsterdam)"), "drGuide"),
    // The guide (G10051-10) named CWL "Newport UK"; Oracle now names it "UK West (Cardiff)".
    pair(region("LHR", "UK South (London)"), region("CWL", "UK West (Cardiff)"), "drGuide"),
    pair(region("SIN", "Singapore"), region("NRT", "Japan East (Tokyo)"), "drGuide"),
    pair(region("YYZ", "Canada Southeast (Toronto)"), region("YUL", "Canada Southeast (Montreal)"), "drGuide"),
    pair(region("SYD", "Australia East (Sydney)"), region("MEL", "Australia Southeast (Melbourne)"), "availabilityPage"),
    pair(region("AUH", "Abu Dhabi"), region("DXB", "UAE East (Dubai)"), "availabilityPage"),
    pair(region("RUH", "Saudi Arabia Central (Riyadh)"), region("JED", "Saudi Arabia West (Jeddah)"), "availabilityPage"),
]);

/** The shape of any OCI region identifier (`us-ashburn-1`, `uk-gov-london-1`), DR pair or not. */
export const REGION_IDENTIFIER = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Every region that can hold either side of a DR pair, in table order. */
export const drRegions: readonly DrRegion[] = Object.freeze(regionPairs.flatMap((p) => p.regions));

/** Region identifiers of {@link drRegions}, for messages and enums. */
export const drRegionIdentifiers: readonly DrRegionIdentifier[] = Object.freeze(drRegions.map((r) => r.identifier));

const byIdentifier = new Map<string, DrRegion>(drRegions.map((r) => [r.identifier, r]));
const byKey = new Map<string, DrRegion>(drRegions.map((r) => [r.key, r]));
const partnerByIdentifier = new Map<string, DrRegion>(
    regionPairs.flatMap(({ regions: [a, b] }) => [
        [a.identifier, b],
        [b.identifier, a],
    ]),
);

/** True when Oracle-managed DR can place an instance (primary or secondary) in this region. */
export function isDrRegion(identifier: string): identifier is DrRegionIdentifier {
    return byIdentifier.has(identifier);
}

/** The DR region with this identifier, or undefined when it is not in the pair table. */
export function drRegion(identifier: string): DrRegion | undefined {
    return byIdentifier.get(identifier);
}

/** The DR region with this three-letter key (case-insensitive), or undefined. */
export function regionByKey(key: string): DrRegion | undefined {
    return byKey.get(key.toUpperCase());
}

/** The region paired with `identifier`, or undefined when it is not a DR region. */
export function partnerRegion(identifier: string): DrRegion | undefined {
    return partnerByIdentifier.get(identifier);
}

/** The region paired with `identifier`; throws a message that lists the supported regions otherwise. */
export function requirePartnerRegion(identifier: string): DrRegion {
    const partner = partnerRegion(identifier);
    if (!partner) {
        // Quoted only when shaped like a region (short lowercase words: nothing secret fits); else
        // described, as text/shownValue.ts would. Not imported from there: the dynamic providers
        // serialize this function, and must require nothing of the package by name.
        const shown = REGION_IDENTIFIER.test(identifier) ? `"${identifier}"` : "the value given (not a region identifier, not shown)";
        throw new Error(`${shown} is not a region of an Oracle-managed DR pair; supported: ${drRegionIdentifiers.join(", ")}`);
    }
    return partner;
}

/** The pair that holds this region, or undefined. */
export function pairOf(identifier: string): RegionPair | undefined {
    return regionPairs.find((p) => p.regions.some((r) => r.identifier === identifier));
}
