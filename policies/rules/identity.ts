/**
 * The identity domain of a DR-enabled instance, as OCI has it: present in both regions of the pair,
 * so replicated to each region of the pair that is not the domain's home, one replication at a time,
 * and never to its own home region.
 */
import type { PolicyResource } from "@pulumi/policy";
import { z } from "zod";
import { OCI_TYPES } from "../../facts/drSupport";
import { asRegion } from "../../facts/resourceRegion";
import { stackPolicy, type Finding, type PreviewReads, UNKNOWN } from "../framework";
import { dependenciesOf, isDrInstance, label, partnerOf, regionOf } from "./inspect";

/** A domain as the program refers to it: through the `oci.identity.Domain` it declares, else by OCID. */
interface DomainRef {
    /** The same for two references to one domain: the Domain resource's URN, else the OCID. */
    readonly key: string;
    /** For messages: the OCID when known, else the Domain resource it comes from. */
    readonly shown: string;
    /** The program's `oci.identity.Domain` of it, when the program declares it. */
    readonly declared?: PolicyResource;
}

/**
 * The domain `resource`'s `domainId` names: tied to a Domain resource of the program by the
 * property's dependency, or by that resource's known `id`. UNKNOWN when the OCID is unknown during
 * preview and no Domain resource tells; undefined when unset.
 */
function domainOf(resource: PolicyResource, domains: readonly PolicyResource[], reads: PreviewReads): DomainRef | typeof UNKNOWN | undefined {
    const byDependency = dependenciesOf(resource, "domainId").find((d) => d.type === OCI_TYPES.domain);
    // Tied by dependency, the OCID only names the domain in messages: unknown, it hides nothing.
    const id = byDependency ? reads.withoutUnknownNote(() => reads.read(() => resource.props.domainId)) : reads.read(() => resource.props.domainId);
    const known = typeof id === "string" ? id : undefined;
    // A Domain whose id is unknown is being created: no OCID written in the program can be its.
    const declared = byDependency ?? (known === undefined ? undefined : domains.find((d) => reads.withoutUnknownNote(() => reads.peek(() => d.props.id)) === known));
    if (declared) return { key: declared.urn, shown: known ?? `of oci.identity.Domain "${declared.name}"`, declared };
    if (known !== undefined) return { key: known, shown: known };
    return id === UNKNOWN ? UNKNOWN : undefined;
}

/** The `homeRegion` of the program's Domain resource of it: a region, UNKNOWN during preview, or undefined. */
function declaredHome(domain: DomainRef, reads: PreviewReads): string | typeof UNKNOWN | undefined {
    const declared = domain.declared;
    if (!declared) return undefined;
    const home = reads.read(() => declared.props.homeRegion);
    return home === UNKNOWN ? UNKNOWN : asRegion(home);
}

interface Replication {
    readonly resource: PolicyResource;
    readonly domain: DomainRef | typeof UNKNOWN | undefined;
    readonly replicaRegion: unknown;
}

const replicationLabel = (r: { name: string }) => `Domain replication "${r.name}"`;

/**
 * A replication to the domain's own home region: the API refuses it, "If home region is same as
 * replication region, return 400 BAD REQUEST" (@pulumi/oci 4.20 identity/domainReplicationToRegion.d.ts:18).
 * Certain only where the program declares the domain with its `homeRegion`: the one mandatory verdict.
 */
function replicationsToHome(replications: readonly PolicyResource[], domains: readonly PolicyResource[], reads: PreviewReads): Finding[] {
    return replications.flatMap((resource): Finding[] => {
        const domain = domainOf(resource, domains, reads);
        if (domain === UNKNOWN || !domain?.declared) return [];
        const home = declaredHome(domain, reads);
        const replicaRegion = reads.read(() => resource.props.replicaRegion);
        if (typeof home !== "string" || replicaRegion !== home) return [];
        return [
            {
                resource,
                finding: "replicationToHomeRegion",
                message:
                    `${replicationLabel(resource)} replicates identity domain ${domain.shown} to ${home}, its home region (homeRegion of oci.identity.Domain "${domain.declared.name}"): ` +
                    "the API refuses a replication to the domain's own home region (400 BAD REQUEST). Remove it; the domain is there already.",
            },
        ];
    });
}

/** True when `from` waits for `to`: `to` is among its dependencies, directly or through others. */
function waitsFor(from: PolicyResource, to: PolicyResource): boolean {
    const seen = new Set<string>();
    const pending = [from];
    while (pending.length > 0) {
        const resource = pending.pop()!;
        for (const dependency of [...(resource.dependencies ?? []), ...Object.values(resource.propertyDependencies ?? {}).flat()]) {
            if (dependency.urn === to.urn) return true;
            if (!seen.has(dependency.urn)) {
                seen.add(dependency.urn);
                pending.push(dependency);
            }
        }
    }
    return false;
}

/**
 * Two replications of one domain that neither waits for: the engine creates them at once, and OCI
 * replicates a domain only when it is "not currently updating or already replicating" (OCI CLI
 * reference, `oci iam domain enable-replication-to-region`,
 * https://docs.oracle.com/iaas/tools/oci-cli/latest/oci_cli_docs/cmdref/iam/domain/enable-replication-to-region.html;
 * the API: "If Domain is not active or being updated, returns 400", domainReplicationToRegion.d.ts:19).
 * The engine's dependencies are what orders them: a `dependsOn` on a component reaches its
 * replication, as the SDK turns a component dependency into its custom children (@pulumi/pulumi
 * 3.270 runtime/dependsOn.js:80-89, getAllTransitivelyReferencedResources).
 */
function replicationsInParallel(replications: readonly Replication[]): Finding[] {
    // The replications of each domain, in the order the program registered them. That order is
    // topological (a resource is registered after what it depends on: its dependencies are URNs it
    // must already hold), so they run one after another exactly when each waits for the one before
    // it: one check and at most one finding per replication, however many pairs share the domain
    // (comparing every two would make n^2/2 findings and searches for n replications).
    const byDomain = new Map<string, Replication[]>();
    for (const replication of replications) {
        const domain = replication.domain;
        if (domain === UNKNOWN || domain === undefined) continue;
        byDomain.set(domain.key, [...(byDomain.get(domain.key) ?? []), replication]);
    }
    const findings: Finding[] = [];
    for (const ofDomain of byDomain.values()) {
        ofDomain.forEach((later, index) => {
            const earlier = ofDomain[index - 1];
            if (earlier === undefined || waitsFor(later.resource, earlier.resource) || waitsFor(earlier.resource, later.resource)) return;
            const domain = later.domain as DomainRef;
            findings.push({
                resource: later.resource,
                finding: "replicationsInParallel",
                message:
                    `${replicationLabel(earlier.resource)} and ${replicationLabel(later.resource)} replicate identity domain ${domain.shown} and neither depends on the other, so pulumi up runs them at once; ` +
                    `OCI replicates a domain only when it is "not currently updating or already replicating" (OCI CLI reference, oci iam domain enable-replication-to-region). ` +
                    `Make "${later.resource.name}" depend on "${earlier.resource.name}" (dependsOn).`,
            });
        });
    }
    return findings;
}

/** Where a domain is homed, and how the pack knows it (for the message). */
interface Home {
    readonly region: string;
    readonly how: string;
}

/**
 * The domain's home region: the `homeRegion` of its Domain resource in the program; else the one
 * region all its replications are sent from, when none goes to that region (IdentityDomainReplication
 * is created with the home region's provider); else assumed to be the instance's own region, as this
 * policy always assumed (a domain of the tenancy's home region, where the primary usually runs).
 * UNKNOWN while a declared `homeRegion` is unknown during preview.
 */
function homeOf(domain: DomainRef, ofDomain: readonly Replication[], instanceRegion: string, reads: PreviewReads): Home | typeof UNKNOWN {
    const declared = declaredHome(domain, reads);
    if (declared === UNKNOWN) return UNKNOWN;
    if (declared !== undefined) return { region: declared, how: `homeRegion of oci.identity.Domain "${domain.declared!.name}"` };
    const sentFrom = new Set(ofDomain.map((r) => regionOf(r.resource, reads)));
    const [region] = sentFrom;
    if (ofDomain.length > 0 && sentFrom.size === 1 && region !== undefined && ofDomain.every((r) => typeof r.replicaRegion === "string" && r.replicaRegion !== region)) {
        return { region, how: "the region its replications are sent from" };
    }
    return { region: instanceRegion, how: `assumed: the instance's region; declare the oci.identity.Domain in this program to name its home region` };
}

/** The pair's regions an instance's domain is missing from, and the message that says so. */
function unreplicated(instance: PolicyResource, domains: readonly PolicyResource[], replications: readonly Replication[], defaultDomainIds: readonly string[], reads: PreviewReads): Finding[] {
    const region = regionOf(instance, reads);
    const partner = partnerOf(instance, reads);
    const domain = domainOf(instance, domains, reads);
    if (!region || !partner || domain === UNKNOWN || domain === undefined || defaultDomainIds.includes(domain.shown)) return [];
    const ofDomain = replications.filter((r) => r.domain !== UNKNOWN && r.domain?.key === domain.key);
    const home = homeOf(domain, ofDomain, region, reads);
    if (home === UNKNOWN) return [];
    // A replication whose domain or region is unknown during preview might be the one.
    const mayBeOf = replications.filter((r) => r.domain === UNKNOWN || r.domain?.key === domain.key);
    const missing = [region, partner].filter((target) => target !== home.region && !mayBeOf.some((r) => r.replicaRegion === UNKNOWN || r.replicaRegion === target));
    if (missing.length === 0) return [];
    const regions = missing.join(" and ");
    return [
        {
            resource: instance,
            finding: "domainNotReplicated",
            enforcementLevel: "advisory",
            message:
                `${label(instance)} uses identity domain ${domain.shown}, homed in ${home.region} (${home.how}), which is not replicated to ${regions}; ` +
                `the domain must be present in both regions of the pair (${region}, ${partner}) or the standby cannot be created. ` +
                `Replicate the domain to ${regions} (or list it in defaultDomainIds if it is the Default domain).`,
        },
    ];
}

export const identityDomainReplicated = stackPolicy({
    name: "oic-dr-identity-domain-replicated",
    description:
        "An instance on a named identity domain needs the domain in both regions of its pair: replicated to each that is not the domain's home, never to its home, one replication after another.",
    // Mandatory for what the API certainly refuses (a replication to the domain's home region); the
    // rest rests on what the program tells of the domain and is reported as advisory.
    enforcementLevel: "mandatory",
    findings: ["domainNotReplicated", "replicationToHomeRegion", "replicationsInParallel"],
    remediationSteps:
        "Add an oci.identity.DomainReplicationToRegion of the domain to each region of the pair that is not its home, each depending on the previous one (DrPairedIntegration does, from identityDomain.homeRegion); remove any to its home region; list Default domains in defaultDomainIds.",
    config: {
        /** OCIDs of Default domains: they replicate on their own. */
        defaultDomainIds: z.array(z.string()).default([]),
    },
    check: (resources, config, reads) => {
        const domains = resources.filter((r) => r.type === OCI_TYPES.domain);
        const replicationResources = resources.filter((r) => r.type === OCI_TYPES.domainReplication);
        // Only a program that declares a domain can replicate it to its certain home.
        const refused = domains.length > 0 ? replicationsToHome(replicationResources, domains, reads) : [];
        // Advice: what it reads unknown cannot hide a refusal, so it goes unnoted.
        const advice = reads.withoutUnknownNote(() => {
            const replications = replicationResources.map((resource): Replication => ({
                resource,
                domain: domainOf(resource, domains, reads),
                replicaRegion: reads.read(() => resource.props.replicaRegion),
            }));
            const instances = resources.filter((r) => isDrInstance(r, reads));
            return [
                ...instances.flatMap((instance) => unreplicated(instance, domains, replications, config.defaultDomainIds, reads)),
                ...replicationsInParallel(replications).map((finding) => ({ ...finding, enforcementLevel: "advisory" as const })),
            ];
        });
        return [...refused, ...advice];
    },
});
