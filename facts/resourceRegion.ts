/**
 * Which region a resource is in: decided here, once, for `oic-dr plan` (its table, JSON and
 * diagram) and for the policy pack. Each reads resources in its own form (the CLI its recorded
 * registrations, a policy the engine's view through `@pulumi/policy`), so the rule works on a
 * property reader and leaves unknown values to the caller.
 *
 * No imports beyond the facts modules: the policy pack bundles this file and must not pull SDK
 * code in with it.
 */
import { DYNAMIC_TYPES, dynamicTypeToken, OCI_TYPES } from "./drSupport";

/** The engine's type of the RegionSubscription dynamic resource. */
export const REGION_SUBSCRIPTION_TOKEN = dynamicTypeToken(DYNAMIC_TYPES.regionSubscription);

/** A resource, or its provider, as far as its region is concerned. */
export interface RegionReader {
    readonly type: string;
    /** The value of one of its input properties, in the caller's representation. */
    readonly read: (property: string) => unknown;
}

/**
 * Types whose own `region` input names their region:
 * - an OCI provider acts in the region it is configured for;
 * - a region subscription exists for the region it subscribes the tenancy to. It calls the home
 *   region's Identity endpoint, but what it makes (and what a reviewer looks for) is that region.
 */
const OWN_REGION_TYPES: ReadonlySet<string> = new Set([OCI_TYPES.provider, REGION_SUBSCRIPTION_TOKEN]);

/**
 * The value that names `resource`'s region: its own `region` input (see OWN_REGION_TYPES), else
 * the `region` of the OCI provider it runs on, else undefined (components, the stack, other
 * clouds, dynamic resources without a region). A resource on the default OCI provider gets
 * `provider` from the stack's `oci:` config, as the engine builds its default provider from it.
 *
 * The value is returned as read: the caller tells a region from an unknown value in its own
 * representation (see {@link asRegion}).
 */
export function regionValue(resource: RegionReader, provider: RegionReader | undefined): unknown {
    if (OWN_REGION_TYPES.has(resource.type)) return resource.read("region");
    if (provider?.type === OCI_TYPES.provider) return provider.read("region");
    return undefined;
}

/** A region identifier, or undefined for anything else (absent, empty, not a string, or `unknown`). */
export function asRegion(value: unknown, unknown?: unknown): string | undefined {
    return typeof value === "string" && value.length > 0 && value !== unknown ? value : undefined;
}
