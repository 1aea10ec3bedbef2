/** Email Delivery across the pair: a sender approved in one region is approved in its partner. */
import type { PolicyResource } from "@pulumi/policy";
import { OCI_TYPES } from "../../facts/drSupport";
import { pairOf } from "../../facts/regions";
import { stackPolicy, type Finding, UNKNOWN, type ValueReads } from "../framework";
import { isDrInstance, partnerOf, regionOf, regionState } from "./inspect";

/** Regions of the pairs that hold a DR-enabled instance of the stack. */
function regionsOfUsedPairs(resources: readonly PolicyResource[], reads: ValueReads): Set<string> {
    const regions = new Set<string>();
    for (const instance of resources.filter((r) => isDrInstance(r, reads))) {
        const region = regionOf(instance, reads);
        for (const r of (region && pairOf(region)?.regions) || []) regions.add(r.identifier);
    }
    return regions;
}

export const sendersInBothRegions = stackPolicy({
    name: "oic-dr-senders-in-both-regions",
    description: "Every approved email sender in one region of a DR pair the stack uses must also exist in the partner region.",
    enforcementLevel: "mandatory",
    findings: ["senderMissingInPartnerRegion"],
    remediationSteps: "Declare each oci.email.Sender in both regions of the pair (EmailDelivery does), so mail still flows after a failover.",
    check: (resources, _config, reads) => {
        const pairRegions = regionsOfUsedPairs(resources, reads);
        const senders = resources
            .filter((r) => r.type === OCI_TYPES.sender)
            .map((r) => {
                const address = reads.read(() => r.props.emailAddress);
                return { resource: r, region: regionState(r, reads), address: typeof address === "string" ? address.toLowerCase() : address };
            });
        // A sender whose address or region is unknown during preview might be the missing one:
        // such a pair is not judged, so an unknown value never yields a violation.
        const uncertain = senders.filter((s) => s.address === UNKNOWN || s.region === UNKNOWN);
        const mightBe = (address: string, region: string) =>
            uncertain.some(
                (s) =>
                    (s.address === UNKNOWN || s.address === address) &&
                    (s.region === UNKNOWN || s.region === region) &&
                    (s.address === UNKNOWN || s.region === UNKNOWN),
            );
        const present = new Set(senders.map((s) => `${String(s.region)}|${String(s.address)}`));
        return senders.flatMap((s): Finding[] => {
            if (typeof s.address !== "string" || typeof s.region !== "string" || !pairRegions.has(s.region)) return [];
            const partner = partnerOf(s.resource, reads)!;
            if (present.has(`${partner}|${s.address}`) || mightBe(s.address, partner)) return [];
            const shown = reads.peek(() => s.resource.props.emailAddress) as string;
            return [{ resource: s.resource, message: `Approved sender ${shown} exists in ${s.region} but not in ${partner}; after a failover to ${partner} its mail is rejected. Approve it in ${partner} too.` }];
        });
    },
});
