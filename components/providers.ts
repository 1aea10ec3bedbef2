/**
 * Explicit OCI providers, one per region a component touches.
 *
 * A DR pair spans regions and IAM lives in the home region, so one default provider can never be
 * right for every child: each child names its provider. `opts.providers` cannot carry two OCI
 * providers, hence these helpers instead.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { SpecValidationError } from "./config";
import { drRegion, drRegionIdentifiers, partnerRegion } from "./regions";

/** Provider settings (authentication) copied to every provider created from a region name. */
export interface OciProviderSettings {
    readonly auth?: string;
    readonly configFileProfile?: string;
}

/** The providers of a DR deployment. `home` may be the same object as `primary` or `secondary`. */
export interface DrProviders {
    readonly home: oci.Provider;
    readonly primary: oci.Provider;
    readonly secondary: oci.Provider;
}

export interface DrRegionNames {
    readonly home: string;
    readonly primary: string;
    readonly secondary: string;
}

/** A short, stable suffix for a region: its key where it has one (`iad`), else its identifier. */
export function regionSuffix(region: string): string {
    return drRegion(region)?.key.toLowerCase() ?? region;
}

/**
 * Returns the providers the caller passed and creates the missing ones from region names, as
 * children of `parent`. A region that appears twice (home = primary, say) gets one provider.
 */
export function resolveDrProviders(
    parent: pulumi.Resource,
    baseName: string,
    regions: DrRegionNames,
    given: Partial<DrProviders> = {},
    settings: OciProviderSettings = {},
): DrProviders {
    const byRegion = new Map<string, oci.Provider>();
    const provide = (role: keyof DrProviders): oci.Provider => {
        const region = regions[role];
        const passed = given[role];
        if (passed) {
            if (!byRegion.has(region)) byRegion.set(region, passed);
            return passed;
        }
        const existing = byRegion.get(region);
        if (existing) return existing;
        const created = new oci.Provider(
            `${baseName}-${regionSuffix(region)}`,
            { region, auth: settings.auth, configFileProfile: settings.configFileProfile },
            { parent },
        );
        byRegion.set(region, created);
        return created;
    };
    // Passed providers first, so a created one never shadows a region the caller already covers.
    const order: Array<keyof DrProviders> = ["primary", "secondary", "home"].sort(
        (a, b) => Number(!given[a as keyof DrProviders]) - Number(!given[b as keyof DrProviders]),
    ) as Array<keyof DrProviders>;
    const resolved = {} as Record<keyof DrProviders, oci.Provider>;
    for (const role of order) resolved[role] = provide(role);
    return resolved;
}

/** Arguments shared by the components that act in both regions of a pair. */
export interface PairedComponentArgs {
    /** Region of the primary instance; the other region is its fixed partner. */
    readonly primaryRegion: string;
    /** Providers for the two regions; missing ones are created from the region names. */
    readonly providers?: Partial<Pick<DrProviders, "primary" | "secondary">>;
    /** Settings for providers created here. */
    readonly ociProvider?: OciProviderSettings;
}

/** One side of a pair: its region and the provider that acts there. */
export interface PairSide {
    readonly role: "primary" | "secondary";
    readonly region: string;
    /** Lower-case region key (`iad`), for names that must differ per region. */
    readonly suffix: string;
    readonly provider: oci.Provider;
}

/**
 * The two regions of the pair that holds `primaryRegion`. Throws a {@link SpecValidationError}
 * when the region is in no pair: call it before registering anything.
 */
export function requirePairRegions(primaryRegion: string): { primary: string; secondary: string } {
    const partner = partnerRegion(primaryRegion)?.identifier;
    if (!partner) {
        throw new SpecValidationError(
            [{ path: "primaryRegion", message: `${JSON.stringify(primaryRegion)} is not a region of an Oracle-managed DR pair; allowed: ${drRegionIdentifiers.join(", ")}` }],
            "component arguments",
        );
    }
    return { primary: primaryRegion, secondary: partner };
}

/** Both sides of the pair, primary first, each with its provider (created as a child of `parent` when not given). */
export function resolvePairSides(parent: pulumi.Resource, baseName: string, args: PairedComponentArgs): readonly [PairSide, PairSide] {
    const regions = requirePairRegions(args.primaryRegion);
    const providers = resolveDrProviders(parent, baseName, { home: regions.primary, ...regions }, args.providers, args.ociProvider);
    const side = (role: "primary" | "secondary"): PairSide => ({
        role,
        region: regions[role],
        suffix: regionSuffix(regions[role]),
        provider: providers[role],
    });
    return [side("primary"), side("secondary")];
}
