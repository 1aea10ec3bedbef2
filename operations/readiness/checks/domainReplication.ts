/**
 * `domain-replication`: the identity domain of the instances replicated to the regions of the pair
 * it is not homed in. The guide (seed 000, "Perform Data Replication Across Non-Default Domains")
 * has Oracle replicate the Default domain to every subscribed region on its own, and leaves the
 * replication of any other domain to the customer, who must turn it on; the CLI reference of
 * enable-replication-to-region says the same of the Default domain (oci iam domain
 * enable-replication-to-region,
 * https://docs.cloud.oracle.com/iaas/tools/oci-cli/latest/oci_cli_docs/cmdref/iam/domain/enable-replication-to-region.html):
 * so a Default domain passes, its replication being Oracle's (region-subscription checks the
 * regions it follows).
 *
 * Which domain: GetIntegrationInstance's `idcsInfo.idcsAppLocationUrl` (oci-integration
 * lib/model/idcs-info-details.d.ts, "URL for the location of the IDCS Application") is on the
 * domain's host, `idcs-<id>.identity.oraclecloud.com` (that form is not documented on the model:
 * unverified); the domain whose URL has that host is the instance's. Domains are read with
 * ListDomains (oci-identity lib/client.js:6375; lib/model/domain-summary.d.ts: url, homeRegionUrl,
 * homeRegion, type DEFAULT|SECONDARY, replicaRegions with state REPLICATION_ENABLED...), which lists
 * "all domains that are homed or have a replica region in current region": so in every region of
 * the pair that answers, in the tenancy's root compartment and the instance's. A domain kept in
 * another compartment is not found (NOT_RUN, saying so).
 */
import type * as identity from "oci-identity";
import { drGuideSection } from "../../../facts/factSource";
import { partnerRegion } from "../../../facts/regions";
import { RegionUnreachable } from "../../operationError";
import { allAnswered, notRun, type ReadinessCheck } from "../model";
import { allPages, pairRegions, readIn } from "./ociReads";

const SOURCE = drGuideSection("Perform Data Replication Across Non-Default Domains");

/** The domain's DNS label (`idcs-<id>`), the same on its region-agnostic and regional hosts. */
function domainLabel(url: string | undefined): string | undefined {
    if (!url) return undefined;
    try {
        return new URL(url).hostname.split(".")[0]!.toLowerCase();
    } catch {
        return undefined;
    }
}

export const domainReplication: ReadinessCheck = {
    id: "domain-replication",
    title: "The instances' identity domain replicated to the regions of the pair it is not homed in",
    mandatory: true,
    source: { title: `${SOURCE.title}: ${SOURCE.section}`, url: SOURCE.url },
    async run(context) {
        const { tenancyId } = context;
        const read = context.sides.filter((side) => side.instance !== undefined);
        if (read.length === 0) return notRun("neither instance could be read");
        const named = read.find((side) => side.instance!.idcsInfo?.idcsAppLocationUrl);
        if (!named) return notRun("GetIntegrationInstance names no identity domain (no idcsInfo): the domain cannot be told");
        const appUrl = named.instance!.idcsInfo!.idcsAppLocationUrl;
        const label = domainLabel(appUrl);
        if (!label?.startsWith("idcs-")) return notRun(`the instance's idcsInfo URL is on no identity domain host (idcs-...): ${new URL(appUrl).hostname}`);
        if (!tenancyId) return notRun("the tenancy is not known (the credentials do not name it): give --tenancy");

        const regions = pairRegions(context, (region) => partnerRegion(region)?.identifier);
        const compartments = [...new Set([tenancyId, named.instance!.compartmentId])];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { IdentityClient } = require("oci-identity") as typeof identity;
        const listed = await allAnswered(
            regions.map(async (region) => {
                try {
                    const lists = await allAnswered(
                        compartments.map((compartmentId) =>
                            readIn(context, region, IdentityClient, "ListDomains", (client, retryConfiguration) =>
                                allPages((page) => client.listDomains({ compartmentId, page, retryConfiguration })),
                            ),
                        ),
                    );
                    return lists.flat();
                } catch (err) {
                    // The other region's listing may still hold the domain; if neither answers, the check is NOT_RUN.
                    if (err instanceof RegionUnreachable) return err;
                    throw err;
                }
            }),
        );
        const answered = listed.filter((l): l is identity.models.DomainSummary[] => Array.isArray(l));
        if (answered.length === 0) throw listed[0];
        const domains = [...new Map(answered.flat().map((d) => [d.id, d])).values()];
        const domain = domains.find((d) => [d.url, d.homeRegionUrl, ...(d.replicaRegions ?? []).flatMap((r) => [r.url, r.regionalUrl])].some((u) => domainLabel(u) === label));
        if (!domain) {
            return notRun(`no identity domain of the tenancy's root compartment or the instance's compartment is on ${label} (the instance's idcsInfo); domains in other compartments are not searched`);
        }
        if (domain.type === "DEFAULT") {
            return { status: "PASS", found: `${domain.displayName}: the Default domain, replicated by Oracle to every region the tenancy is subscribed to`, todo: null };
        }
        const needed = regions.filter((region) => region !== domain.homeRegion);
        const stateIn = (region: string) => (domain.replicaRegions ?? []).find((r) => r.region === region)?.state ?? "NOT REPLICATED";
        const shown = `${domain.displayName} (homed in ${domain.homeRegion}): ${needed.map((region) => `${region} ${stateIn(region)}`).join(", ") || "no other region of the pair"}`;
        const missing = needed.filter((region) => stateIn(region) !== "REPLICATION_ENABLED");
        return missing.length === 0
            ? { status: "PASS", found: shown, todo: null }
            : {
                  status: "FAIL",
                  found: shown,
                  todo: `replicate the domain to ${missing.join(" and ")} (Console: Identity, Domains, the domain, Replicate domain; or DrPairedIntegration's identityDomain.replicate)`,
              };
    },
};
