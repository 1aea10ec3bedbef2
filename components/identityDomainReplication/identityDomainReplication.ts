/**
 * `IdentityDomainReplication`: replicates a non-default identity domain to the partner region,
 * which Oracle-managed DR needs before the standby instance can be created there.
 *
 * The Default domain replicates to every subscribed region on its own, so nothing is created for
 * it. Replication cannot be stopped through this resource: the provider's read and delete do
 * nothing, so destroying the component leaves the domain replicated.
 *
 * The domain's IAM calls go to the tenancy's home region: pass that region's OCI provider as
 * `opts.provider`.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { composedValues } from "../support/composition";
import { identityDomainReplicationArgsSchema, type IdentityDomainReplicationSettings } from "./schema";
import { childName } from "../support/naming";
import { providerPackageProblems } from "../support/providers";
import { parseWith } from "../support/validation";

export const IDENTITY_DOMAIN_REPLICATION_TYPE = "oic-dr:index:IdentityDomainReplication";

export interface IdentityDomainReplicationArgs {
    /** OCID of the identity domain; may be another resource's output. */
    domainId: pulumi.Input<string>;
    /** True for the Default domain: it needs (and gets) no replication resource. Plain: it decides what is created. */
    isDefaultDomain: boolean;
    /** Region identifier to replicate to (the DR partner region). Plain: it builds the child's name. */
    replicaRegion: string;
}

export class IdentityDomainReplication extends pulumi.ComponentResource {
    /** The replication, or undefined for the Default domain. */
    readonly replication: oci.identity.DomainReplicationToRegion | undefined;
    readonly replicaRegion: pulumi.Output<string>;

    constructor(name: string, args: IdentityDomainReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = composedValues<IdentityDomainReplicationSettings>(args) ?? validate(args, opts);
        super(IDENTITY_DOMAIN_REPLICATION_TYPE, name, {}, opts);
        this.replicaRegion = pulumi.output(settings.replicaRegion);
        this.replication = settings.isDefaultDomain
            ? undefined
            : new oci.identity.DomainReplicationToRegion(
                  childName.domainReplication(name, settings.replicaRegion),
                  { domainId: settings.domainId, replicaRegion: settings.replicaRegion },
                  // The provider is the home region's, from opts.provider through the parent. Children
                  // do not inherit the component's dependsOn; the replica region must be subscribed
                  // before this runs. Deleting it does not stop replication; retaining it says so in
                  // every plan. The alias keeps the URN a stack got when the name repeated the region.
                  { parent: this, dependsOn: opts?.dependsOn, retainOnDelete: true, aliases: childName.domainReplication.aliases(name, settings.replicaRegion) },
              );
        this.registerOutputs({ replicaRegion: this.replicaRegion, replicated: !settings.isDefaultDomain });
    }
}

function validate(args: IdentityDomainReplicationArgs, opts: pulumi.ComponentResourceOptions | undefined): IdentityDomainReplicationSettings {
    return parseWith(identityDomainReplicationArgsSchema, args, "IdentityDomainReplication arguments", providerPackageProblems(opts, "oci", oci.Provider.isInstance));
}
