/**
 * The OCI region catalogue, from the official `oci-common` SDK (`Region.values()`: every region
 * with its realm), so that a region identifier is checked against real regions rather than a
 * pattern. Loaded on first use: a program that names no region beyond the DR pairs' never pays
 * for it.
 */
import type * as ociCommon from "oci-common";

let catalogue: ReadonlyMap<string, string> | undefined;

/** Region identifier to realm (`oc1`, `oc2`...), as oci-common 2.139.1 knows them. */
function regions(): ReadonlyMap<string, string> {
    if (!catalogue) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Region } = require("oci-common") as typeof ociCommon;
        catalogue = new Map(Region.values().map((region) => [region.regionId, region.realm.realmId]));
    }
    return catalogue;
}

/** The realm of a region, or undefined when the catalogue has no such region. */
export function realmOfRegion(identifier: string): string | undefined {
    return regions().get(identifier);
}
