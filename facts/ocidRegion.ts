/**
 * Whether an OCID names a resource of a given region, as far as the OCID tells. Dependency-free:
 * the policy pack may bundle it.
 */
import { regionPartOfOcid } from "./ocid";
import { drRegion, REGION_IDENTIFIER } from "./regions";

/**
 * Why `ocid` is not of `region`, or undefined when it is or when that cannot be told. OCIDs write
 * the region "phx, iad, eu-frankfurt-1": the region key in lower case for the regions before
 * Frankfurt, the identifier since ("Resource Identifiers",
 * https://docs.oracle.com/iaas/Content/General/Concepts/identifiers.htm). Both forms are taken for
 * a region whose key is known (the DR regions' table); for another region a key-like part cannot
 * be told apart and is let through, as is an OCID with no region part (a global resource's).
 */
export function ocidRegionProblem(ocid: string, region: string): string | undefined {
    const mismatch = ocidRegionMismatch(ocid, region);
    return mismatch && `is of ${mismatch.written}, not of ${region}${mismatch.key ? ` (${mismatch.key})` : ""}`;
}

/**
 * The region `ocid` writes, and `region`'s key, when the OCID is of another region than `region`
 * (the rule above); undefined when it is of `region` or that cannot be told. For callers that say
 * it in their own words (facts/ociContracts.ts, of a function).
 */
export function ocidRegionMismatch(ocid: string, region: string): { written: string; key: string | undefined } | undefined {
    const written = regionPartOfOcid(ocid);
    if (written === undefined) return undefined;
    const key = drRegion(region)?.key.toLowerCase();
    if (written === region || written === key) return undefined;
    if (key === undefined && !REGION_IDENTIFIER.test(written)) return undefined;
    return { written, key };
}
