/**
 * `region-subscription`: the tenancy subscribed to both regions of the pair, each `READY`. The
 * guide (seed 000, "Subscribe to the Secondary Region") makes the subscription a condition of
 * creating the standby at all; a failover to a region the tenancy
 * has lost or never finished subscribing to has nowhere to go.
 *
 * Read with ListRegionSubscriptions (oci-identity lib/client.js:7861, `/tenancies/{tenancyId}/
 * regionSubscriptions`; lib/model/region-subscription.d.ts: regionName, status IN_PROGRESS|READY,
 * isHomeRegion). Identity is the tenancy's, kept in its home region: it is read from the given
 * region, else from the partner when the given one does not answer.
 */
import type * as identity from "oci-identity";
import { drGuideSection } from "../../../facts/factSource";
import { partnerRegion } from "../../../facts/regions";
import { notRun, type ReadinessCheck } from "../model";
import { pairRegions, readInAnswering } from "./ociReads";

const SOURCE = drGuideSection("Subscribe to the Secondary Region");

export const regionSubscription: ReadinessCheck = {
    id: "region-subscription",
    title: "The tenancy subscribed to both regions of the pair, READY",
    mandatory: true,
    source: { title: `${SOURCE.title}: ${SOURCE.section}`, url: SOURCE.url },
    async run(context) {
        const { tenancyId } = context;
        if (!tenancyId) return notRun("the tenancy is not known (the credentials do not name it): give --tenancy");
        const regions = pairRegions(context, (region) => partnerRegion(region)?.identifier);
        if (regions.length < 2) return notRun(`${regions[0] ?? "the given region"} is not a region of Oracle-managed DR: it has no partner region to check`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { IdentityClient } = require("oci-identity") as typeof identity;
        const { region: readIn, value: subscriptions } = await readInAnswering(context, regions, IdentityClient, "ListRegionSubscriptions", (client, retryConfiguration) =>
            client.listRegionSubscriptions({ tenancyId, retryConfiguration }).then((r) => r.items),
        );
        const states = regions.map((region) => {
            const subscription = subscriptions.find((s) => s.regionName === region);
            return { region, status: subscription?.status ?? "NOT SUBSCRIBED", home: subscription?.isHomeRegion === true };
        });
        const shown = `${states.map((s) => `${s.region} ${s.status}${s.home ? " (home)" : ""}`).join(", ")} (read in ${readIn})`;
        const notReady = states.filter((s) => s.status !== "READY");
        return notReady.length === 0
            ? { status: "PASS", found: shown, todo: null }
            : {
                  status: "FAIL",
                  found: shown,
                  todo: `subscribe the tenancy to ${notReady.map((s) => s.region).join(" and ")} and wait for READY (Console: Governance, Region Management; or DrPairedIntegration's subscribeSecondaryRegion)`,
              };
    },
};
