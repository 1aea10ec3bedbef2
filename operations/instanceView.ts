/**
 * What the operations need of an Integration instance, read with GetIntegrationInstance in its own
 * region. Field names from node_modules/oci-integration/lib/model/integration-instance.d.ts
 * (`lifecycleState`, `instanceUrl`, `instanceDesignTimeUrl`, `disasterRecoveryDetails`), disaster-recovery-details.d.ts
 * (`role`, `regionalInstanceUrl`, `crossRegionIntegrationInstanceDetails`) and
 * cross-region-integration-instance-details.d.ts (`id`, `region`, `role`, `timeRoleChanged`).
 */
import type * as integration from "oci-integration";
import { call, type RegionClient } from "./clients/ociClient";
import { OperationError } from "./operationError";

export interface InstanceView {
    id: string;
    region: string;
    displayName: string;
    /** PRIMARY or SECONDARY (or what OCI reports). */
    role: string;
    lifecycleState: string;
    /** The instance's URL in its own region. */
    regionalUrl: string | undefined;
    /** The global URL, which follows the primary. */
    instanceUrl: string;
    /**
     * `instanceDesignTimeUrl` (integration-instance.d.ts:110): where the design-time REST API of
     * this instance is called (post-failover; see postFailoverTarget.ts).
     */
    designTimeUrl: string | undefined;
    /**
     * When the roles last changed. OCI reports it on the cross-region details only (the peer's view
     * of the pair), so each side's time is read from the other; both change together.
     */
    peerTimeRoleChanged: string | undefined;
    peer: { id: string; region: string; role: string | undefined } | undefined;
}

export async function readInstance(rc: RegionClient, id: string): Promise<InstanceView> {
    const response = await call(rc, "GetIntegrationInstance", (retryConfiguration) =>
        rc.client.getIntegrationInstance({ integrationInstanceId: id, retryConfiguration }),
    );
    return viewOf(response.integrationInstance, rc.region);
}

/** The view of an instance GetIntegrationInstance answered in `region`; an OperationError when it is no DR instance. */
export function viewOf(instance: integration.models.IntegrationInstance, region: string): InstanceView {
    const dr = instance.disasterRecoveryDetails;
    if (!instance.isDisasterRecoveryEnabled || !dr) {
        throw new OperationError(`instance ${instance.id} in ${region} is not a disaster-recovery instance (isDisasterRecoveryEnabled is not true)`);
    }
    const cross = dr.crossRegionIntegrationInstanceDetails;
    return {
        id: instance.id,
        region,
        displayName: instance.displayName,
        role: dr.role,
        lifecycleState: instance.lifecycleState ?? "UNKNOWN",
        regionalUrl: dr.regionalInstanceUrl,
        instanceUrl: instance.instanceUrl,
        designTimeUrl: instance.instanceDesignTimeUrl,
        peerTimeRoleChanged: cross?.timeRoleChanged === undefined ? undefined : new Date(cross.timeRoleChanged).toISOString(),
        peer: cross?.id && cross.region ? { id: cross.id, region: cross.region, role: cross.role } : undefined,
    };
}
