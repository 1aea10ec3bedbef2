/**
 * Full Stack Disaster Recovery around a DR pair (facts/fullStackDr.ts): each region's protection
 * group holds that region's integration instance, and the pair is protected in both regions,
 * the two groups associated as peers.
 *
 * Which instance goes in which group is inferred, not documented: no Oracle page we read says it
 * (see facts/fullStackDr.ts). A group acts through its own region's endpoint, and a plan switches
 * the group's members to its peer's, so a group holding the other region's instance would hand
 * FSDR the wrong side.
 */
import type { PolicyResource } from "@pulumi/policy";
import { OCI_TYPES } from "../../facts/drSupport";
import { FSDR_INTEGRATION_MEMBER_TYPE } from "../../facts/fullStackDr";
import { regionPartOfOcid } from "../../facts/ocid";
import { drRegion, regionByKey } from "../../facts/regions";
import { stackPolicy, type Finding, UNKNOWN, type ValueReads } from "../framework";
import { crossRegionInstanceOf, dependenciesOf, isIntegrationInstance, partnerOf, regionOf, regionState, show } from "./inspect";

const isProtectionGroup = (r: { type: string }) => r.type === OCI_TYPES.drProtectionGroup;
const groupLabel = (r: { name: string }) => `Full Stack DR protection group "${r.name}"`;

/** The OCIDs of a group's INTEGRATION_INSTANCE members, each with its index; unknown ones are left out. */
function integrationMembers(group: PolicyResource, reads: ValueReads): Array<{ index: number; id: string | undefined }> {
    const members = reads.peek(() => group.props.members as unknown[] | undefined);
    if (!Array.isArray(members)) return [];
    return members.flatMap((_, index) => {
        if (reads.peek(() => (group.props.members as Array<Record<string, unknown>>)[index]!.memberType) !== FSDR_INTEGRATION_MEMBER_TYPE) return [];
        const id = reads.peek(() => (group.props.members as Array<Record<string, unknown>>)[index]!.memberId);
        return [{ index, id: typeof id === "string" ? id : undefined }];
    });
}

/**
 * The region of the instance an OCID names: one of the program's instances by its id, or the
 * standby its DR details name (`crossRegionIntegrationInstanceDetails`, with its region); else the
 * region part of the OCID itself (`ocid1.integrationinstance.oc1.<region>.<unique>`, Oracle's
 * "Resource Identifiers", https://docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm),
 * a DR region's key or identifier. An instance's own members (memberId from `instance.id`, or from
 * its DR details) depend on the same instance, so a dependency cannot tell the two apart: while
 * the OCID is unknown (a preview of a new pair) nothing is judged.
 */
function instanceRegion(id: string, resources: readonly PolicyResource[], reads: ValueReads): { region: string; name: string } | undefined {
    for (const instance of resources.filter(isIntegrationInstance)) {
        if (reads.peek(() => instance.props.id) === id) {
            const region = regionOf(instance, reads);
            return region ? { region, name: `Integration instance "${instance.name}"` } : undefined;
        }
        const cross = crossRegionInstanceOf(instance, reads);
        if (cross?.id === id) {
            const region = cross.region ?? partnerOf(instance, reads);
            return region ? { region, name: `the standby of Integration instance "${instance.name}"` } : undefined;
        }
    }
    const written = regionPartOfOcid(id);
    const region = written && (drRegion(written) ?? regionByKey(written));
    return region ? { region: region.identifier, name: "an integration instance" } : undefined;
}

export const fsdrMemberRegion = stackPolicy({
    name: "oic-dr-fsdr-member-region",
    description: "A Full Stack DR protection group's INTEGRATION_INSTANCE member must be the integration instance of the group's own region.",
    enforcementLevel: "mandatory",
    findings: ["memberInOtherRegion"],
    remediationSteps:
        "Put the primary instance in the protection group of the primary region and its standby (`_Recovery`) instance in the group of the partner region, each group on its own region's provider (FullStackDr does).",
    check: (resources, _config, reads) =>
        resources.filter(isProtectionGroup).flatMap((group): Finding[] => {
            const groupRegion = regionState(group, reads);
            if (typeof groupRegion !== "string") return [];
            return integrationMembers(group, reads).flatMap(({ index, id }): Finding[] => {
                const target = id === undefined ? undefined : instanceRegion(id, resources, reads);
                if (!target || target.region === groupRegion) return [];
                return [
                    {
                        resource: group,
                        finding: "memberInOtherRegion",
                        message: `${groupLabel(group)} in ${groupRegion} has members[${index}] ${show(id)}, ${target.name} of ${target.region}: a group acts on the instances of its own region. Move it to the group in ${target.region}.`,
                    },
                ];
            });
        }),
});

export const fsdrBothRegions = stackPolicy({
    name: "oic-dr-fsdr-both-regions",
    description: "Full Stack DR of a DR pair needs a protection group with its integration instance in both regions of the pair, the two associated as peers.",
    enforcementLevel: "mandatory",
    findings: ["missingPartnerGroup", "notAssociated"],
    remediationSteps:
        "Declare a protection group in each region of the pair, each with its region's instance as INTEGRATION_INSTANCE member, and associate the standby region's group with the primary's (association: role STANDBY, peerId, peerRegion); FullStackDr does.",
    check: (resources, _config, reads) => {
        const groups = resources.filter(isProtectionGroup).filter((g) => integrationMembers(g, reads).length > 0);
        const regions = new Map(groups.map((g) => [g, regionState(g, reads)]));
        // A group whose region is unknown during preview might be the missing partner: nothing is judged then.
        if ([...regions.values()].includes(UNKNOWN)) return [];
        const associated = (group: PolicyResource) =>
            reads.read(() => group.props.association) !== undefined ||
            groups.some((other) => other !== group && (dependenciesOf(other, "association").some((d) => d.urn === group.urn) || (reads.peek(() => group.props.id) !== undefined && reads.peek(() => other.props.association?.peerId) === reads.peek(() => group.props.id))));
        return groups.flatMap((group): Finding[] => {
            const region = regions.get(group);
            if (typeof region !== "string") return [];
            const partner = partnerOf(group, reads);
            if (partner && !groups.some((other) => regions.get(other) === partner)) {
                return [
                    {
                        resource: group,
                        finding: "missingPartnerGroup",
                        message: `${groupLabel(group)} protects Integration instances in ${region}, but no protection group with an INTEGRATION_INSTANCE member exists in its partner region ${partner}: Full Stack DR cannot switch the pair over. Declare one there with the standby instance.`,
                    },
                ];
            }
            if (!associated(group)) {
                return [
                    {
                        resource: group,
                        finding: "notAssociated",
                        message: `${groupLabel(group)} in ${region} is associated with no peer group: Full Stack DR has no plan for it. Associate the standby region's group with the primary's (association.peerId, peerRegion).`,
                    },
                ];
            }
            return [];
        });
    },
});
