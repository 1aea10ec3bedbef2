/**
 * Outbound private endpoints on both instances of the pair. Oracle-managed DR supports private
 * endpoints only when they are enabled on the primary and the secondary instance
 * (facts/drSupport.ts, DR_PRIVATE_ENDPOINTS_SOURCE), so they are declared, and validated, as a pair.
 *
 * Each endpoint belongs to the instance of its region, not to a role: the instance this stack
 * created (in `primaryRegion`) through that region's provider, and the instance Oracle created in
 * the partner region, by the OCID the first one's `disasterRecoveryDetails` give, through the
 * partner region's provider. A failover swaps the roles and leaves both endpoints where they are.
 *
 * The provider's resource calls `ChangePrivateEndpointOutboundConnection` on the instance and waits
 * for its work request; deleting it sets the connection to none
 * (terraform-provider-oci internal/service/integration/integration_integration_instance_private_endpoint_outbound_connection.go,
 * Create 182-224, deletePEOC 80-96).
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DR_PRIVATE_ENDPOINTS_SOURCE } from "../../facts/drSupport";
import { ocidRegionProblem } from "../../facts/ocidRegion";
import { partnerRegion } from "../../facts/regions";
import { ocid } from "../support/argumentFields";
import { childName } from "../support/naming";
import type { ResolvedPair } from "../support/providers";
import { checkInputField, describeValue } from "../support/validation";
import type { DisasterRecoveryView } from "./disasterRecoveryView";

const endpointOfOneInstance = z.strictObject({
    subnetId: ocid("a subnet", ["subnet"]),
    nsgIds: z.array(ocid("a network security group", ["networksecuritygroup"])).optional(),
});

type EndpointOfOneInstance = z.output<typeof endpointOfOneInstance>;

/**
 * Both sides are optional to zod so that a missing one is reported by name, with why it is needed
 * ({@link checkPrivateEndpoints}); once validated both are there, as the output type says.
 */
export const privateEndpointsSchema = z.strictObject({
    primaryRegion: endpointOfOneInstance.optional(),
    secondaryRegion: endpointOfOneInstance.optional(),
}) as unknown as z.ZodType<
    { primaryRegion: EndpointOfOneInstance; secondaryRegion: EndpointOfOneInstance },
    { primaryRegion?: z.input<typeof endpointOfOneInstance>; secondaryRegion?: z.input<typeof endpointOfOneInstance> }
>;

const SIDES = ["primaryRegion", "secondaryRegion"] as const;

/**
 * Both sides given, and each one's subnet and network security groups in its own region where the
 * OCID names one. Runs in the arguments' refinement, so its problems come with the others.
 */
export function checkPrivateEndpoints(primaryRegion: unknown, endpoints: unknown, ctx: z.RefinementCtx, path: (string | number)[]): void {
    if (endpoints === null || typeof endpoints !== "object") return;
    const given = endpoints as Partial<Record<(typeof SIDES)[number], { subnetId?: unknown; nsgIds?: unknown }>>;
    const regions = {
        primaryRegion: typeof primaryRegion === "string" ? primaryRegion : undefined,
        secondaryRegion: typeof primaryRegion === "string" ? partnerRegion(primaryRegion)?.identifier : undefined,
    };
    for (const side of SIDES) {
        const other = SIDES.find((s) => s !== side)!;
        const region = regions[side];
        const endpoint = given[side];
        if (endpoint === undefined) {
            ctx.addIssue({
                code: "custom",
                path: [...path, side],
                message:
                    `required${given[other] ? ` with ${[...path, other].join(".")}` : ""}: Oracle-managed DR supports private endpoints only when enabled on both instances (${DR_PRIVATE_ENDPOINTS_SOURCE}); ` +
                    `give the subnet${region ? ` in ${region}` : ""} for the instance there, or omit ${path.join(".")}`,
            });
            continue;
        }
        if (!region || endpoint === null || typeof endpoint !== "object") continue;
        const inRegion = (holder: Record<string, unknown>, key: string, at: (string | number)[]) => {
            const problem = checkInputField(holder, key, (text) => ocidRegionProblem(text, region));
            if (problem) ctx.addIssue({ code: "custom", path: at, message: `${describeValue(holder[key])} ${problem}: the endpoint of the instance in ${region} must be in that region` });
        };
        inRegion(endpoint as Record<string, unknown>, "subnetId", [...path, side, "subnetId"]);
        if (Array.isArray(endpoint.nsgIds)) {
            const nsgIds = endpoint.nsgIds as unknown[];
            nsgIds.forEach((_id, index) => inRegion(nsgIds as unknown as Record<string, unknown>, String(index), [...path, side, "nsgIds", index]));
        }
    }
}

export type PrivateEndpointsSpec = z.output<typeof privateEndpointsSchema>;

/**
 * The OCID of the instance Oracle created in `region`, from the stack's instance's DR details. Known
 * once the instance exists (unknown during its first preview). Undefined once known means the
 * service has not reported the other instance: the endpoint cannot be declared, so say so.
 */
export function instanceIdInRegion(disasterRecovery: pulumi.Output<DisasterRecoveryView>, region: string): pulumi.Output<string> {
    return disasterRecovery.apply((dr) => {
        const cross = dr.crossRegion;
        if (cross?.region === region && cross.id) return cross.id;
        throw new pulumi.RunError(
            `privateEndpoints.secondaryRegion: the instance's disasterRecoveryDetails name ${cross ? `an instance in ${cross.region}` : "no instance"}, not one in ${region}: ` +
                "its private endpoint is declared once the service reports it; run the update again when the instance in the partner region exists",
        );
    });
}

/**
 * One endpoint per instance of the pair, each through its region's provider, named after its
 * region. `instanceIds` are the instances by region side: the stack's own in `primaryRegion`, the
 * one Oracle created in the partner region.
 */
export function pairedPrivateEndpoints(
    parent: pulumi.ComponentResource,
    name: string,
    endpoints: PrivateEndpointsSpec,
    pair: ResolvedPair,
    instanceIds: { primaryRegion: pulumi.Input<string>; secondaryRegion: pulumi.Input<string> },
): oci.integration.PrivateEndpointOutboundConnection[] {
    const sides = [
        [pair.primary, endpoints.primaryRegion, instanceIds.primaryRegion],
        [pair.secondary, endpoints.secondaryRegion, instanceIds.secondaryRegion],
    ] as const;
    return sides.map(
        ([side, endpoint, integrationInstanceId]) =>
            new oci.integration.PrivateEndpointOutboundConnection(
                childName.privateEndpoint(name, side.region),
                { integrationInstanceId, subnetId: endpoint.subnetId, nsgIds: endpoint.nsgIds },
                { parent, provider: side.provider },
            ),
    );
}
