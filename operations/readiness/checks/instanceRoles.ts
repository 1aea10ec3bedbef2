/**
 * `instance-roles`: the pair as Oracle-managed DR needs it to fail over. Both instances found, each
 * ACTIVE, exactly one PRIMARY, DR enabled on both, and their regions one of the fixed pairs
 * (facts/regions.ts). The roles, state and DR details are GetIntegrationInstance's
 * (node_modules/oci-integration/lib/model/integration-instance.d.ts, disaster-recovery-details.d.ts).
 */
import { partnerRegion } from "../../../facts/regions";
import { ORACLE_MANAGED_DR_GUIDE } from "../../../facts/factSource";
import { notRun, type ReadinessCheck } from "../model";

export const instanceRoles: ReadinessCheck = {
    id: "instance-roles",
    title: "Both instances of the pair, ACTIVE, one PRIMARY, DR enabled, in paired regions",
    mandatory: true,
    source: { title: `${ORACLE_MANAGED_DR_GUIDE.title}: Perform a Failover`, url: ORACLE_MANAGED_DR_GUIDE.url },
    async run({ sides }) {
        const [given, partner] = sides;
        if (!given) return notRun("no instance was given");
        if (!partner) {
            return given.instance
                ? { status: "FAIL", found: `${given.id} in ${given.region} names no partner instance (no cross-region DR details)`, todo: "enable DR when creating the instance: DR cannot be added later" }
                : notRun(`the instance in ${given.region} could not be read (${given.error}), and no address names its partner: give --stack-outputs`);
        }
        const unread = sides.filter((side) => side.instance === undefined);
        if (unread.length > 0) return notRun(unread.map((side) => `${side.region}: ${side.error}`).join("; "));

        const problems: string[] = [];
        for (const side of sides) {
            const instance = side.instance!;
            if (!instance.isDisasterRecoveryEnabled) problems.push(`${side.region}: DR is not enabled`);
            if (instance.lifecycleState !== "ACTIVE") problems.push(`${side.region}: lifecycle state ${instance.lifecycleState ?? "unknown"}, not ACTIVE`);
        }
        const roles = sides.map((side) => side.instance!.disasterRecoveryDetails?.role ?? "UNKNOWN");
        const primaries = roles.filter((role) => role === "PRIMARY").length;
        if (primaries !== 1) problems.push(`${primaries} PRIMARY instances (roles ${roles.join(", ")}): exactly one is needed`);
        if (partnerRegion(given.region)?.identifier !== partner.region) problems.push(`${given.region} and ${partner.region} are not a pair of Oracle-managed DR`);

        const shown = sides.map((side, i) => `${side.region} ${roles[i]} ${side.instance!.lifecycleState ?? "UNKNOWN"}`).join(", ");
        return problems.length === 0
            ? { status: "PASS", found: shown, todo: null }
            : { status: "FAIL", found: `${shown}: ${problems.join("; ")}`, todo: "bring both instances to ACTIVE with one PRIMARY before relying on a failover (oic-dr status shows them)" };
    },
};
