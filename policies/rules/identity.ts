/** The identity domain of a DR-enabled instance: replicated to the partner region. */
import { z } from "zod";
import { OCI_TYPES } from "../../facts/drSupport";
import { stackPolicy, type Finding, UNKNOWN } from "../framework";
import { isDrInstance, label, partnerOf } from "./inspect";

export const identityDomainReplicated = stackPolicy({
    name: "oic-dr-identity-domain-replicated",
    description: "An instance on a named identity domain should have that domain replicated to its partner region.",
    enforcementLevel: "advisory",
    findings: ["domainNotReplicated"],
    remediationSteps: "Add an oci.identity.DomainReplicationToRegion of the domain to the partner region (IdentityDomainReplication does), or list the Default domain in defaultDomainIds.",
    config: {
        /** OCIDs of Default domains: they replicate on their own. */
        defaultDomainIds: z.array(z.string()).default([]),
    },
    check: (resources, config, reads) => {
        const findings: Finding[] = [];
        let replications: Array<{ domainId: unknown; replicaRegion: unknown }> | undefined;
        for (const instance of resources.filter((r) => isDrInstance(r, reads))) {
            const domainId = reads.peek(() => instance.props.domainId);
            const partner = partnerOf(instance, reads);
            if (typeof domainId !== "string" || !partner || config.defaultDomainIds.includes(domainId)) continue;
            // Read once per check, not per instance.
            replications ??= resources
                .filter((r) => r.type === OCI_TYPES.domainReplication)
                .map((r) => ({ domainId: reads.read(() => r.props.domainId), replicaRegion: reads.read(() => r.props.replicaRegion) }));
            const matches = (value: unknown, wanted: string) => value === UNKNOWN || value === wanted;
            // A replication whose domain or region is unknown during preview might be the one.
            const replicated = replications.some((r) => matches(r.domainId, domainId) && matches(r.replicaRegion, partner));
            if (!replicated) {
                findings.push({
                    resource: instance,
                    message: `${label(instance)} uses identity domain ${domainId}, which is not replicated to ${partner}; the standby cannot be created there. Replicate the domain (or list it in defaultDomainIds if it is the Default domain).`,
                });
            }
        }
        return findings;
    },
});
