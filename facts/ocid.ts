/**
 * The shape of an OCID, `ocid1.<resource type>.<realm>.[region].<unique id>` (Oracle's "Resource
 * Identifiers", https://docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm), in
 * one place: the components' argument checks, the IAM statement grammar and the operations'
 * addressing all read it here. Dependency-free: the policy pack and the CLI load it.
 */

/** Regex source of an OCID of one of `types` (of any type when none is given), unanchored, to embed. */
export function ocidSource(types?: readonly string[]): string {
    const type = types ? `(?:${types.join("|")})` : "[a-z0-9]+";
    return String.raw`ocid1\.${type}\.oc\d+\.[a-z0-9-]*\.[a-z0-9]+`;
}

/** A whole OCID of one of `types` (of any type when none is given). */
export function ocidPattern(types?: readonly string[]): RegExp {
    return new RegExp(`^${ocidSource(types)}$`);
}

/** The realm an OCID belongs to (`oc1`, `oc2`...), or undefined for anything else. */
export function realmOfOcid(ocid: string): string | undefined {
    const realm = ocid.split(".")[2];
    return ocid.startsWith("ocid1.") && realm ? realm : undefined;
}

/**
 * The region part of an OCID as written (`iad`, `eu-frankfurt-1`), or undefined when it has none
 * (a tenancy's, `ocid1.tenancy.oc1..<unique>`) or is no OCID.
 */
export function regionPartOfOcid(ocid: string): string | undefined {
    const parts = ocid.split(".");
    return ocid.startsWith("ocid1.") && parts.length >= 5 && parts[3] ? parts[3] : undefined;
}
