/**
 * `IdentityDomainReplication`: replicates a non-default identity domain to the partner region,
 * which Oracle-managed DR needs before the standby instance can be created there.
 *
 * The Default domain replicates to every subscribed region on its own, so nothing is created for
 * it. Replication cannot be stopped through this resource: the provider's read and delete do
 * nothing, so destroying the component leaves the domain replicated.
 *
 * Pass as `opts.provider` the OCI provider of the domain's home region (the region it was created
 * in: `homeRegion` of `oci.identity.getDomain`), to which the provider sends the request. To
 * replicate to several regions, create one per region, each with `dependsOn` the previous one:
 * OCI replicates a domain only while it is "not currently updating or already replicating" (OCI
 * CLI reference, `oci iam domain enable-replication-to-region`,
 * https://docs.oracle.com/iaas/tools/oci-cli/latest/oci_cli_docs/cmdref/iam/domain/enable-replication-to-region.html),
 * and this component forwards its `dependsOn` to the replication.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { composedArgs, composedValues } from "../support/composition";
import { identityDomainReplicationArgsSchema, type IdentityDomainReplicationSettings } from "./schema";
import { childName } from "../support/naming";
import { providerPackageProblems, type ResolvedPair } from "../support/providers";
import { parseWith } from "../support/validation";
import { deploymentRegistry } from "../support/deploymentRegistry";

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

/** A DR pair's replications of its non-default domain, in the order they run. */
export interface PairedDomainReplications {
    /** Primary region's first, then the standby region's; none to the domain's home region. */
    readonly all: readonly IdentityDomainReplication[];
    /** The standby region's, unless the domain is homed there. */
    readonly standby: IdentityDomainReplication | undefined;
}

/**
 * Replicates a non-default domain, homed in `domain.homeRegion`, to each region of the pair that is
 * not its home: replicating to the domain's own home region is refused (400, @pulumi/oci 4.20
 * identity/domainReplicationToRegion.d.ts: "If home region is same as replication region"), and
 * replication to the tenancy's home region is allowed (the CLI reference above: "provided that
 * the region is the tenancy home region or other region that the tenancy subscribes to").
 *
 * One after another: OCI refuses to replicate a domain that is already replicating (see above),
 * so each replication depends on the previous one. The standby region's also waits for that
 * region's subscription; the primary region is one the tenancy already uses.
 *
 * Names stay by role (childName.domainReplicationComponent): the standby region's keeps the name
 * it always had, so a stack whose domain is homed in the tenancy's home region sees no change.
 *
 * Across the pairs of one stack too: pairs that share a domain (the usual case: one domain for the
 * integration teams) would otherwise replicate it at the same time, each pair's chain beside the
 * other's. So the stack remembers, per domain OCID, the replications its pairs declared
 * (support/deploymentRegistry.ts): a pair's first replication waits for the last one declared, and
 * a region the domain is already replicated to by an earlier pair is not replicated twice (the pair
 * depends on that replication instead). A domain whose OCID is an Output is unknown while pairs are
 * declared: its pair keeps its own chain, as before.
 */
export function pairedDomainReplications(
    parent: pulumi.Resource,
    baseName: string,
    domain: { readonly id: IdentityDomainReplicationSettings["domainId"]; readonly homeRegion: string },
    pair: ResolvedPair,
    standbySubscription: pulumi.Resource | undefined,
): PairedDomainReplications {
    // The provider sends EnableReplicationToRegion to the identity endpoint of its own region
    // (terraform-provider-oci internal/service/identity/identity_domain_replication_to_region_resource.go
    // 52 and 91 call the provider's IdentityClient, internal/client/identity_clients.go 16-17 builds
    // it for the configured region). That the API wants the DOMAIN's home region, rather than the
    // tenancy's, is unverified: no source read here says which. The domain's home region's provider
    // is used when the pair has one; the tenancy home's otherwise, as before this input existed.
    const provider =
        domain.homeRegion === pair.home.region ? pair.home.provider : (pair.sides.find((side) => side.region === domain.homeRegion)?.provider ?? pair.home.provider);
    const stack = typeof domain.id === "string" ? stackReplicationsOf(domain.id) : undefined;
    const all: IdentityDomainReplication[] = [];
    let standby: IdentityDomainReplication | undefined;
    for (const side of pair.sides.filter((s) => s.region !== domain.homeRegion)) {
        const primaryRegion = side.role === "primary" ? side.region : undefined;
        // After the last replication of this domain the stack declared: another pair's, or this pair's previous one.
        const after = stack ? stack.last : all.at(-1);
        const replication =
            stack?.byRegion.get(side.region) ??
            new IdentityDomainReplication(
                childName.domainReplicationComponent(baseName, primaryRegion),
                composedArgs<IdentityDomainReplicationArgs, IdentityDomainReplicationSettings>({ domainId: domain.id, isDefaultDomain: false, replicaRegion: side.region }),
                {
                    parent,
                    provider,
                    dependsOn: [
                        ...(after ? [after] : []),
                        ...(side.role === "secondary" && standbySubscription ? [standbySubscription] : []),
                    ],
                    aliases: childName.domainReplicationComponent.aliases(baseName, primaryRegion),
                },
            );
        if (stack && !stack.byRegion.has(side.region)) {
            stack.byRegion.set(side.region, replication);
            stack.last = replication;
        }
        all.push(replication);
        if (side.role === "secondary") standby = replication;
    }
    return { all, standby };
}

/** The replications of one domain the pairs of the running deployment declared so far. */
interface StackReplications {
    readonly byRegion: Map<string, IdentityDomainReplication>;
    last: IdentityDomainReplication | undefined;
}

function stackReplicationsOf(domainId: string): StackReplications {
    const registry = deploymentRegistry<StackReplications>("identity-domain-replications");
    let found = registry.get(domainId);
    if (!found) registry.set(domainId, (found = { byRegion: new Map(), last: undefined }));
    return found;
}
