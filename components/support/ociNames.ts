/**
 * The names OCI keeps for what the components create, and the pieces they are made of: plain
 * functions without Pulumi, so that the operations can find by name what the components made
 * (`oic-dr readiness` finds the pair's topics and probes by them) without loading the Pulumi SDK.
 * components/support/naming.ts re-exports them beside the resource names.
 */
import { DKIM } from "../../facts/ociContracts";
import { drRegion, drRegions } from "../../facts/regions";

/** A short, stable suffix for a region: its key where it has one (`iad`), else its identifier. */
export function regionSuffix(region: string): string {
    return drRegion(region)?.key.toLowerCase() ?? region;
}

/** Resource-name-safe form of an address or domain: lower case, runs of other characters become `-`. */
export function slug(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** The longest region suffix of a generated name: `-` and a DR region's key. */
export const DKIM_REGION_SUFFIX_LENGTH = 1 + Math.max(...drRegions.map((r) => r.key.length));

/**
 * Names OCI keeps. Topic and IAM policy names are unique across the tenancy (@pulumi/oci 4.20
 * ons/notificationTopic.d.ts:95, identity/policy.d.ts:100): they start with the name prefix.
 */
export const ociName = {
    /** The region key tells a pair's two topics apart. */
    topic: (prefix: string, displayName: string, region: string) => `${prefix}-${displayName}-dr-${regionSuffix(region)}`,
    tagPolicy: (prefix: string, base: string) => `${prefix}-${base}-use-tag-namespaces`,
    /** `base` already says what the policy is for (`manage-instances-<digest>`, `<pair>-manage-instances`). */
    instancePolicy: (prefix: string, base: string) => `${prefix}-${base}`,
    fsdrPolicy: (prefix: string, base: string) => `${prefix}-${base}-full-stack-dr`,
    /**
     * A log bucket per protection group (Oracle: "a separate dedicated bucket for each DR
     * protection group", object-storage-for-logs.html); bucket names are unique per namespace and
     * region, and the region key tells the pair's two apart.
     */
    fsdrLogBucket: (prefix: string, displayName: string, region: string) => `${prefix}-${displayName}-fsdr-logs-${regionSuffix(region)}`,
    probe: (displayName: string, watched: string, from: string) => `${displayName}-${regionSuffix(watched)}-from-${regionSuffix(from)}`,
    /**
     * The region's DKIM selector, `<prefix>-<region key>`, so the two regions' keys differ in DNS.
     * The default prefix is the domain's first label (shortened to fit) and `-oicdr`; either way
     * the selector meets the Email Delivery guide's rule (DKIM.guideSelector).
     */
    dkimSelector: (domainName: string, prefix: string | undefined, region: string) => {
        const mark = "-oicdr";
        const room = DKIM.maxSelectorLength - DKIM_REGION_SUFFIX_LENGTH - mark.length;
        const chosen = prefix ?? `${domainName.split(".")[0]!.slice(0, room).replace(/-+$/, "")}${mark}`;
        return `${chosen}-${regionSuffix(region)}`;
    },
} as const;
