/**
 * `IdentityDomainReplication`: replicates a non-default identity domain to the partner region,
 * which Oracle-managed DR needs before the standby instance can be created there.
 *
 * The Default domain replicates to every subscribed region on its own, so nothing is created for
 * it. Replication cannot be stopped through this resource: the provider's read and delete do
 * nothing, so destroying the component leaves the domain replicated.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { describeValue, SpecValidationError } from "./config";
import { regionSuffix } from "./providers";
import { REGION_IDENTIFIER } from "./regions";

export const IDENTITY_DOMAIN_REPLICATION_TYPE = "oic-dr:index:IdentityDomainReplication";

export interface IdentityDomainReplicationArgs {
    /** OCID of the identity domain. */
    readonly domainId: pulumi.Input<string>;
    /** True for the Default domain: it needs (and gets) no replication resource. */
    readonly isDefaultDomain: boolean;
    /** Region identifier to replicate to (the DR partner region). */
    readonly replicaRegion: string;
    /** Provider for the tenancy's home region, where the domain's IAM calls go. */
    readonly homeProvider: oci.Provider;
}

export class IdentityDomainReplication extends pulumi.ComponentResource {
    /** The replication, or undefined for the Default domain. */
    readonly replication: oci.identity.DomainReplicationToRegion | undefined;
    readonly replicaRegion: pulumi.Output<string>;

    constructor(name: string, args: IdentityDomainReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        if (!REGION_IDENTIFIER.test(args?.replicaRegion ?? "")) {
            throw new SpecValidationError(
                [{ path: "replicaRegion", message: `${describeValue(args?.replicaRegion)} is not an OCI region identifier such as "us-phoenix-1"` }],
                "IdentityDomainReplication arguments",
            );
        }
        super(IDENTITY_DOMAIN_REPLICATION_TYPE, name, {}, opts);
        this.replicaRegion = pulumi.output(args.replicaRegion);
        this.replication = args.isDefaultDomain
            ? undefined
            : new oci.identity.DomainReplicationToRegion(
                  `${name}-${regionSuffix(args.replicaRegion)}`,
                  { domainId: args.domainId, replicaRegion: args.replicaRegion },
                  // Children do not inherit the component's dependsOn; the replica region must be
                  // subscribed before this runs. Deleting it does not stop replication; retaining it
                  // says so in every plan.
                  { parent: this, provider: args.homeProvider, dependsOn: opts?.dependsOn, retainOnDelete: true },
              );
        this.registerOutputs({ replicaRegion: this.replicaRegion, replicated: !args.isDefaultDomain });
    }
}
