/**
 * How a DR-enabled instance is reached: DR supports neither a network ACL, nor a private endpoint,
 * nor custom endpoints (clients use the global URL, which follows failovers).
 */
import { DR_UNSUPPORTED_INSTANCE_FIELDS as UNSUPPORTED, OCI_TYPES } from "../../facts/drSupport";
import { resourcePolicy, stackPolicy, type Finding } from "../framework";
import { drEnabled, INSTANCE, isDrInstance, label, targetInstance } from "./inspect";

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

export const noPrivateEndpoint = stackPolicy({
    name: "oic-dr-no-private-endpoint",
    description: "A DR-enabled Oracle Integration instance must not have a private endpoint (PrivateEndpointOutboundConnection).",
    enforcementLevel: "mandatory",
    findings: ["privateEndpointOutboundConnection"],
    remediationSteps: "Remove the PrivateEndpointOutboundConnection; reach private systems through a connectivity agent instead.",
    check: (resources, _config, reads) =>
        resources
            .filter((r) => r.type === OCI_TYPES.privateEndpointOutboundConnection)
            .flatMap((endpoint): Finding[] => {
                const instance = targetInstance(endpoint, "integrationInstanceId", resources, reads);
                return instance && isDrInstance(instance, reads)
                    ? [{ resource: endpoint, message: `Private endpoint "${endpoint.name}" is attached to DR-enabled ${label(instance).toLowerCase()}, which DR does not support. Remove it and use a connectivity agent for private systems.` }]
                    : [];
            }),
});

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
