/**
 * Explicit OCI providers, one per region a component touches.
 *
 * A DR pair spans regions and IAM lives in the home region, so one default provider can never be
 * right for every child: each child names its provider. `opts.providers` cannot carry two OCI
 * providers, hence these helpers instead.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { drRegion } from "./regions";

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
