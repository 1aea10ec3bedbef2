/** Where a DR-enabled instance lives: a region of an Oracle-managed DR pair. */
import { drRegionIdentifiers, isDrRegion } from "../../facts/regions";
import { resourcePolicy } from "../framework";
import { drEnabled, INSTANCE, label, regionValueOf } from "./inspect";

export const pairedRegion = resourcePolicy({
    name: "oic-dr-paired-region",
    description: "A DR-enabled Oracle Integration instance must live in a region of an Oracle-managed DR pair.",
    enforcementLevel: "mandatory",
    findings: ["region"],
    remediationSteps: `Create the instance with a provider for one of: ${drRegionIdentifiers.join(", ")}.`,
    types: INSTANCE,
    check: (r, _config, notApplicable) => {
        if (!drEnabled(r)) return undefined;
        // An unknown region throws here: the engine then reports the policy as not run during preview.
        const region = regionValueOf(r);
        if (typeof region !== "string" || region === "") {
            return notApplicable("the instance's provider names no region (the OCI config file decides it)");
        }
        return isDrRegion(region)
            ? undefined
            : `${label(r)} is in ${region}, which has no Oracle-managed DR pair. Use one of: ${drRegionIdentifiers.join(", ")}.`;
    },
});
