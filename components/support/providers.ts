/**
 * Explicit OCI providers, one per region a component touches, and the provider idiom of each kind
 * of component.
 *
 * - A single-region component (TagPolicies, IdentityDomainReplication; ConnectivityAgentGroup for
 *   Kubernetes) takes `opts.provider`, as pulumi-eks does: Pulumi hands it to the children.
 * - A paired component (DrPairedIntegration, EmailDelivery, DrAlarms) acts in two regions, and
 *   IAM lives in the home region: one provider can never be right for every child, and
 *   `opts.providers` cannot hold two OCI providers. It takes `providers: {primary, secondary, home}`
 *   (creating the missing ones from region names), sets `provider` on each child, and refuses an
 *   OCI provider in `opts` rather than silently ignoring it.
 */
import * as oci from "@pulumi/oci";
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { assertDistinctNames, childName, regionSuffix, type NameClaim } from "./naming";
import { requirePartnerRegion } from "../../facts/regions";
import { parseWith, type SpecProblem } from "./validation";

/** Provider settings (authentication) copied to every provider created from a region name. */
export interface OciProviderSettings {
    /** Provider `auth`: ApiKey (default), InstancePrincipal, SecurityToken, ResourcePrincipal or OKEWorkloadIdentity. */
    auth?: string;
    /** Profile of the OCI config file to sign with. */
    configFileProfile?: string;
}

/** The providers of a DR deployment. `home` may be the same object as `primary` or `secondary`. */
export interface DrProviders {
    readonly home: oci.Provider;
    readonly primary: oci.Provider;
    readonly secondary: oci.Provider;
}

/** Providers a user may pass to a paired component; missing ones are created from region names. */
export interface DrProvidersArgs {
    /** Configured for the primary region. */
    primary?: oci.Provider;
    /** Configured for the primary's partner region. */
    secondary?: oci.Provider;
    /** Configured for the tenancy's home region (IAM). */
    home?: oci.Provider;
}

export interface DrRegionNames {
    readonly home: string;
    readonly primary: string;
    readonly secondary: string;
}

/** One side of a pair: its region and the provider that acts there. */
export interface PairSide {
    readonly role: "primary" | "secondary";
    readonly region: string;
    /** Lower-case region key (`iad`), for names that must differ per region. */
    readonly suffix: string;
    readonly provider: oci.Provider;
}

/** The pair a paired component acts on, resolved once: regions and providers. */
export interface ResolvedPair {
    readonly primary: PairSide;
    readonly secondary: PairSide;
    readonly home: { readonly region: string; readonly provider: oci.Provider };
    /** Primary first. */
    readonly sides: readonly [PairSide, PairSide];
}

/** The regions of the pair that holds `primaryRegion` (validated before: it is a DR region). */
export function pairRegions(primaryRegion: string, homeRegion?: string): DrRegionNames {
    return { primary: primaryRegion, secondary: requirePartnerRegion(primaryRegion).identifier, home: homeRegion ?? primaryRegion };
}

/**
 * Returns the providers the caller passed and creates the missing ones from region names, as
 * children of `parent`. A region that appears twice (home = primary, say) gets one provider.
 */
export function resolvePair(
    parent: pulumi.Resource,
    baseName: string,
    regions: DrRegionNames,
    given: DrProvidersArgs = {},
    settings: OciProviderSettings = {},
): ResolvedPair {
    const byRegion = new Map<string, oci.Provider>();
    const provide = (role: keyof DrRegionNames): oci.Provider => {
        const region = regions[role];
        const passed = given[role];
        if (passed) {
            if (!byRegion.has(region)) byRegion.set(region, passed);
            return passed;
        }
        const existing = byRegion.get(region);
        if (existing) return existing;
        const created = new oci.Provider(
            childName.provider(baseName, region),
            { region, auth: settings.auth, configFileProfile: settings.configFileProfile },
            { parent, aliases: childName.provider.aliases(baseName, region) },
        );
        byRegion.set(region, created);
        return created;
    };
    // Passed providers first, so a created one never shadows a region the caller already covers.
    const roles: Array<keyof DrRegionNames> = ["primary", "secondary", "home"];
    const order = roles.sort((a, b) => Number(!given[a]) - Number(!given[b]));
    const providers = {} as Record<keyof DrRegionNames, oci.Provider>;
    for (const role of order) providers[role] = provide(role);
    const side = (role: "primary" | "secondary"): PairSide => ({
        role,
        region: regions[role],
        suffix: regionSuffix(regions[role]),
        provider: providers[role],
    });
    const primary = side("primary");
    const secondary = side("secondary");
    return { primary, secondary, home: { region: regions.home, provider: providers.home }, sides: [primary, secondary] };
}

/** The OCI providers among `opts.provider` and `opts.providers` (a map or a list). */
function ociProvidersIn(opts: pulumi.ComponentResourceOptions | undefined): Array<{ path: string }> {
    const found: Array<{ path: string }> = [];
    if (opts?.provider && oci.Provider.isInstance(opts.provider)) found.push({ path: "opts.provider" });
    const providers = opts?.providers;
    if (Array.isArray(providers)) {
        providers.forEach((p, i) => oci.Provider.isInstance(p) && found.push({ path: `opts.providers.${i}` }));
    } else if (providers) {
        for (const [key, p] of Object.entries(providers)) if (oci.Provider.isInstance(p)) found.push({ path: `opts.providers.${key}` });
    }
    return found;
}

/**
 * The problems of passing an OCI provider in `opts` to a paired component: it acts in two regions
 * and would ignore it. Reported with the component's other problems.
 */
export function pairedOptsProblems(opts: pulumi.ComponentResourceOptions | undefined): SpecProblem[] {
    return ociProvidersIn(opts).map(({ path }) => ({
        path,
        message:
            "this component acts in both regions of the pair, so one OCI provider cannot serve it: pass providers: { primary, secondary, home } in its arguments instead",
    }));
}

/**
 * A single-region component's `opts.provider` must be for the package its children use; anything
 * else would be silently dropped by Pulumi (a provider only reaches children of its own package).
 */
export function providerPackageProblems(
    opts: pulumi.ComponentResourceOptions | undefined,
    pkg: string,
    isInstance: (value: unknown) => boolean,
): SpecProblem[] {
    const provider = opts?.provider;
    if (provider === undefined || isInstance(provider)) return [];
    return [{ path: "opts.provider", message: `expected a ${pkg} provider (this component's children are ${pkg} resources), got another package's provider` }];
}

/**
 * Validates a paired component used on its own: its arguments against `schema`, its `opts`, and
 * then every name it will derive in the pair (`nameClaims`), before anything is registered.
 * Returns the pair's regions with the arguments, derived once: the names checked are those of the
 * regions the component then acts in.
 */
export function validatePairedComponent<S extends z.ZodType<{ primaryRegion: string }>>(
    subject: string,
    schema: S,
    args: unknown,
    opts: pulumi.ComponentResourceOptions | undefined,
    nameClaims: (validated: z.output<S>, regions: readonly [string, string]) => NameClaim[],
): { validated: z.output<S>; regions: DrRegionNames } {
    const validated = parseWith(schema, args, subject, pairedOptsProblems(opts));
    const regions = pairRegions(validated.primaryRegion);
    assertDistinctNames(subject, nameClaims(validated, [regions.primary, regions.secondary]));
    return { validated, regions };
}
