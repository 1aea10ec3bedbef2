/**
 * How a DR-enabled instance is reached: DR supports neither a network ACL nor custom endpoints
 * (clients use the global URL, which follows failovers); private endpoints only on both instances.
 */
import { DR_UNSUPPORTED_INSTANCE_FIELDS as UNSUPPORTED, OCI_TYPES } from "../../facts/drSupport";
import type { PolicyResource } from "@pulumi/policy";
import { resourcePolicy, stackPolicy, type Finding, type ValueReads } from "../framework";
import { crossRegionInstanceOf, drEnabled, INSTANCE, isDrInstance, isIntegrationInstance, label, partnerOf, regionOf, targetInstance } from "./inspect";

export const noNetworkAcl = resourcePolicy({
    name: "oic-dr-no-network-acl",
    description: "A DR-enabled Oracle Integration instance must not restrict network access (networkEndpointDetails).",
    enforcementLevel: "mandatory",
    findings: ["networkEndpointDetails"],
    remediationSteps: `Remove networkEndpointDetails; ${UNSUPPORTED.networkEndpointDetails.instead} instead.`,
    types: INSTANCE,
    check: (r) =>
        drEnabled(r) && r.props.networkEndpointDetails != null
            ? `${label(r)} sets networkEndpointDetails (${UNSUPPORTED.networkEndpointDetails.feature}), which DR-enabled instances do not support. Remove it.`
            : undefined,
});

/**
 * Private endpoints on both instances of a pair, or on neither. Oracle's current "User
 * Responsibilities" page of the Oracle-managed DR guide (https://docs.oracle.com/en/cloud/paas/application-integration/oracle-disaster-recovery/user-responsibilities.html,
 * read 2026-12-07): "If you are using private endpoints, you must manually enable this feature on
 * your primary and secondary instances." An endpoint on one instance only leaves the other unable
 * to reach the private systems once it takes over.
 *
 * Which instance an endpoint is on goes by region, not by role (roles move): an endpoint whose
 * instance ID comes from a DR-enabled instance of the program is on that instance when it lives in
 * the instance's region, and on the instance Oracle created in the partner region when it lives
 * there (its ID is then the instance's `disasterRecoveryDetails` cross-region OCID). The policy
 * keeps its former name: configs and waivers refer to it.
 */
export const privateEndpointsOnBoth = stackPolicy({
    name: "oic-dr-no-private-endpoint",
    description: "A private endpoint (PrivateEndpointOutboundConnection) on one instance of a DR pair must have one on the other instance too.",
    enforcementLevel: "mandatory",
    findings: ["privateEndpointOutboundConnection"],
    remediationSteps:
        "Declare a PrivateEndpointOutboundConnection on the instance of the other region as well (DrPairedIntegration's privateEndpoints does both), or remove this one.",
    check: (resources, _config, reads) => {
        const sides = new Map<PolicyResource, { own: PolicyResource[]; partner: PolicyResource[] }>();
        for (const endpoint of resources.filter((r) => r.type === OCI_TYPES.privateEndpointOutboundConnection)) {
            const found = endpointInstance(endpoint, resources, reads);
            if (!found || !isDrInstance(found.instance, reads)) continue;
            const entry = sides.get(found.instance) ?? { own: [], partner: [] };
            entry[found.side].push(endpoint);
            sides.set(found.instance, entry);
        }
        const findings: Finding[] = [];
        for (const [instance, { own, partner }] of sides) {
            const region = regionOf(instance, reads) ?? "its region";
            const partnerRegion = partnerOf(instance, reads) ?? "the partner region";
            const lacking = own.length === 0 ? `${label(instance).toLowerCase()} in ${region}` : partner.length === 0 ? `the instance in ${partnerRegion} (${displayNameOf(instance, reads)}_Recovery, the partner of ${label(instance).toLowerCase()})` : undefined;
            if (!lacking) continue;
            for (const endpoint of [...own, ...partner]) {
                const on = own.includes(endpoint) ? `${label(instance).toLowerCase()} in ${region}` : `the instance in ${partnerRegion}, the partner of ${label(instance).toLowerCase()}`;
                findings.push({
                    resource: endpoint,
                    message: `Private endpoint "${endpoint.name}" is on ${on}, but ${lacking} has none: Oracle-managed DR supports private endpoints only when enabled on both instances. Declare one there too, or remove this one.`,
                });
            }
        }
        return findings;
    },
});

/** The DR instance's display name, for naming its partner (`<name>_Recovery`). */
function displayNameOf(instance: PolicyResource, reads: ValueReads): string {
    const name = reads.peek(() => instance.props.displayName);
    return typeof name === "string" ? name : instance.name;
}

/**
 * The program's instance an endpoint belongs to, and on which side of the pair: by the instance
 * its ID came from (a dependency, or the instance's own or cross-region OCID) and by region.
 */
function endpointInstance(endpoint: PolicyResource, resources: readonly PolicyResource[], reads: ValueReads): { instance: PolicyResource; side: "own" | "partner" } | undefined {
    const instance = targetInstance(endpoint, "integrationInstanceId", resources, reads);
    const sideOf = (candidate: PolicyResource) => {
        const partner = partnerOf(candidate, reads);
        return partner !== undefined && regionOf(endpoint, reads) === partner ? ("partner" as const) : ("own" as const);
    };
    if (instance) return { instance, side: sideOf(instance) };
    const id = reads.peek(() => endpoint.props.integrationInstanceId);
    const standbyOf = typeof id === "string" ? resources.find((r) => isIntegrationInstance(r) && crossRegionInstanceOf(r, reads)?.id === id) : undefined;
    return standbyOf ? { instance: standbyOf, side: "partner" } : undefined;
}

export const noCustomEndpoint = stackPolicy({
    name: "oic-dr-no-custom-endpoint",
    description: "A DR-enabled Oracle Integration instance must not use custom endpoints (customEndpoint, alternateCustomEndpoints, OracleManagedCustomEndpoint).",
    enforcementLevel: "mandatory",
    findings: ["customEndpoint", "alternateCustomEndpoints", "oracleManagedCustomEndpoint"],
    remediationSteps: "Remove the custom endpoints; clients use the instance's global (regionless) URL, which follows failovers.",
    check: (resources, _config, reads) => {
        const findings: Finding[] = [];
        for (const r of resources.filter((candidate) => isDrInstance(candidate, reads))) {
            const custom = reads.peek(() => r.props.customEndpoint);
            const alternates = reads.peek(() => r.props.alternateCustomEndpoints);
            if (custom != null && typeof custom === "object" && Object.keys(custom).length > 0) {
                findings.push({ resource: r, finding: "customEndpoint", message: `${label(r)} sets customEndpoint, which DR-enabled instances do not support. Remove it; the global URL follows failovers.` });
            }
            if (Array.isArray(alternates) && alternates.length > 0) {
                findings.push({ resource: r, finding: "alternateCustomEndpoints", message: `${label(r)} sets alternateCustomEndpoints, which DR-enabled instances do not support. Remove them.` });
            }
        }
        for (const endpoint of resources.filter((r) => r.type === OCI_TYPES.oracleManagedCustomEndpoint)) {
            const instance = targetInstance(endpoint, "integrationInstanceId", resources, reads);
            if (instance && isDrInstance(instance, reads)) {
                findings.push({ resource: endpoint, finding: "oracleManagedCustomEndpoint", message: `Oracle-managed custom endpoint "${endpoint.name}" is attached to DR-enabled ${label(instance).toLowerCase()}, which DR does not support. Remove it.` });
            }
        }
        return findings;
    },
});
