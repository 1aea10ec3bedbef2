/**
 * Not a rule: what the rules read of a resource. Which resources are DR-enabled instances and how a
 * message names one, a resource's region and its partner (by the rule the plan uses too), the
 * resources a property came from, and a value quoted for messages.
 */
import type { PolicyResource } from "@pulumi/policy";
import { OCI_TYPES } from "../../facts/drSupport";
import { partnerRegion } from "../../facts/regions";
import { asRegion, regionValue } from "../../facts/resourceRegion";
import { UNKNOWN, type InspectedResource, type ValueReads } from "../framework";

export const INSTANCE = [OCI_TYPES.integrationInstance];
export const label = (r: { name: string }) => `Integration instance "${r.name}"`;
/** Resource checks run only on DR-enabled instances; the flag itself may be unknown (the engine then reports that). */
export const drEnabled = (r: InspectedResource) => r.props.isDisasterRecoveryEnabled === true;

type Placed = Pick<InspectedResource, "type" | "props" | "provider">;

/**
 * The value naming a resource's region, by the rule the plan uses too (facts/resourceRegion.ts).
 * Read through the engine's view: an unknown value throws, as any read of one does in a policy.
 */
export function regionValueOf(resource: Placed): unknown {
    const provider = resource.provider;
    return regionValue(
        { type: resource.type, read: (property) => resource.props?.[property] },
        provider && { type: provider.type, read: (property) => provider.props?.[property] },
    );
}

/** The region of a resource: a region, UNKNOWN (during preview), or undefined (none named). */
export function regionState(resource: Placed, reads: ValueReads): string | typeof UNKNOWN | undefined {
    const region = reads.read(() => regionValueOf(resource));
    return region === UNKNOWN ? UNKNOWN : asRegion(region);
}

/** The region a resource is in, when known. */
export function regionOf(resource: Placed, reads: ValueReads): string | undefined {
    return asRegion(reads.peek(() => regionValueOf(resource)));
}

/** The partner of the region a resource lives in, when both are known. */
export function partnerOf(resource: Placed, reads: ValueReads): string | undefined {
    const region = regionOf(resource, reads);
    return region ? partnerRegion(region)?.identifier : undefined;
}

export const isIntegrationInstance = (r: { type: string }) => r.type === OCI_TYPES.integrationInstance;

/**
 * The instance Oracle created in the partner region, as an instance's DR details name it
 * (`disasterRecoveryDetails[0].crossRegionIntegrationInstanceDetails[0]`), with what is known of it.
 */
export function crossRegionInstanceOf(instance: PolicyResource, reads: ValueReads): { id: string | undefined; region: string | undefined } | undefined {
    const cross = reads.peek(() => instance.props.disasterRecoveryDetails?.[0]?.crossRegionIntegrationInstanceDetails?.[0]) as { id?: unknown; region?: unknown } | undefined;
    if (cross === undefined || cross === null || typeof cross !== "object") return undefined;
    return { id: typeof cross.id === "string" ? cross.id : undefined, region: typeof cross.region === "string" ? cross.region : undefined };
}

/** A DR-enabled instance; in a stack check an unknown flag counts as not enabled. */
export function isDrInstance(r: InspectedResource, reads: ValueReads): boolean {
    return isIntegrationInstance(r) && reads.peek(() => r.props.isDisasterRecoveryEnabled) === true;
}

/** The resources a property's value came from (the engine's property dependencies). */
export function dependenciesOf(resource: PolicyResource, property: string): readonly PolicyResource[] {
    return resource.propertyDependencies?.[property] ?? [];
}

/** A quoted value for messages. */
export const show = (value: unknown): string => (value === undefined ? "unset" : JSON.stringify(value));

/** The DR-enabled instance a resource points at through `property` (by dependency, or by a known OCID). */
export function targetInstance(resource: PolicyResource, property: string, resources: readonly PolicyResource[], reads: ValueReads): PolicyResource | undefined {
    const byDependency = dependenciesOf(resource, property).find((d) => d.type === OCI_TYPES.integrationInstance);
    if (byDependency) return byDependency;
    const id = reads.peek(() => resource.props[property]);
    return typeof id === "string" ? resources.find((r) => r.type === OCI_TYPES.integrationInstance && reads.peek(() => r.props.id) === id) : undefined;
}
