/**
 * `email-parity`: when the team sends through its own email tenancy, the approved senders, the
 * email domains (each with an ACTIVE DKIM key) and the suppression list the same in both regions.
 * The guide (seed 000, "Configure Email Delivery If Using Your Own Email Tenancy") leaves keeping
 * the senders, domains and suppressions alike in both regions to the customer, by hand. "Uses its own
 * email tenancy" is read as: an approved sender exists in the instance's compartment of either
 * region; with none, the check does not apply (NOT_RUN, "not used").
 *
 * Read per region, both at once (oci-email 2.139.1 lib/client.js): ListSenders (:2423) and
 * ListEmailDomains (:2140) in the instance's compartment, ListDkims (:2070) of each domain, and
 * ListSuppressions (:2546) with the tenancy as compartment: suppressions "are at the customer
 * level, this must be the tenancy OCID" (oci email suppression create,
 * https://docs.cloud.oracle.com/tools/oci-cli/latest/oci_cli_docs/cmdref/email/suppression/create.html);
 * they are kept per region (the console lists those "in the selected compartment and region",
 * https://docs.oracle.com/en-us/iaas/Content/Email/Reference/managingsuppressionlist_topic-list-suppressed-addresses.htm),
 * hence the guide's both regions.
 */
import type * as email from "oci-email";
import { drGuideSection } from "../../../facts/factSource";
import { partnerRegion } from "../../../facts/regions";
import { allAnswered, notRun, type ReadinessCheck, type ReadinessContext } from "../model";
import { allPages, pairRegions, readIn } from "./ociReads";

const SOURCE = drGuideSection("Configure Email Delivery If Using Your Own Email Tenancy");
/** At most this many differences of a kind are named; the rest are counted. */
const SHOWN = 5;

interface RegionEmail {
    readonly region: string;
    readonly senders: Set<string>;
    /** Email domain name -> whether it has an ACTIVE DKIM key. */
    readonly domains: Map<string, boolean>;
    readonly suppressions: Set<string>;
}

async function readEmail(context: ReadinessContext, region: string, compartmentId: string, tenancyId: string): Promise<RegionEmail> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EmailClient } = require("oci-email") as typeof email;
    const read = <T>(operation: string, run: (client: email.EmailClient, retryConfiguration: import("oci-common").RetryConfiguration) => Promise<T>) =>
        readIn(context, region, EmailClient, operation, run);
    const [senders, domains, suppressions] = await allAnswered([
        read("ListSenders", (client, retryConfiguration) => allPages((page) => client.listSenders({ compartmentId, page, retryConfiguration }))),
        read("ListEmailDomains", (client, retryConfiguration) =>
            allPages((page) => client.listEmailDomains({ compartmentId, page, retryConfiguration }).then((r) => ({ opcNextPage: r.opcNextPage, items: r.emailDomainCollection.items }))),
        ),
        read("ListSuppressions", (client, retryConfiguration) => allPages((page) => client.listSuppressions({ compartmentId: tenancyId, page, retryConfiguration }))),
    ]);
    const live = domains.filter((d) => d.lifecycleState === "ACTIVE");
    const dkims = await allAnswered(
        live.map((d) =>
            read("ListDkims", (client, retryConfiguration) =>
                allPages((page) => client.listDkims({ emailDomainId: d.id, page, retryConfiguration }).then((r) => ({ opcNextPage: r.opcNextPage, items: r.dkimCollection.items }))),
            ),
        ),
    );
    return {
        region,
        senders: new Set(senders.filter((s) => s.lifecycleState === "ACTIVE").map((s) => s.emailAddress.toLowerCase())),
        domains: new Map(live.map((d, i) => [d.name.toLowerCase(), dkims[i]!.some((k) => k.lifecycleState === "ACTIVE")])),
        suppressions: new Set(suppressions.map((s) => s.emailAddress.toLowerCase())),
    };
}

/** "a, b, c and 4 more" */
function listed(items: readonly string[]): string {
    return items.length <= SHOWN ? items.join(", ") : `${items.slice(0, SHOWN).join(", ")} and ${items.length - SHOWN} more`;
}

export const emailParity: ReadinessCheck = {
    id: "email-parity",
    title: "Approved senders, email domains (DKIM active) and suppressions the same in both regions",
    mandatory: true,
    source: { title: `${SOURCE.title}: ${SOURCE.section}`, url: SOURCE.url },
    async run(context) {
        const { tenancyId } = context;
        const regions = pairRegions(context, (region) => partnerRegion(region)?.identifier);
        if (regions.length < 2) return notRun("the pair's second region is not known");
        // The instance's compartment in each region; the partner's when one side could not be read (its region then answers nothing either).
        const compartmentOf = (region: string) =>
            (context.sides.find((s) => s.region === region)?.instance ?? context.sides.find((s) => s.instance)?.instance)?.compartmentId;
        const compartment = compartmentOf(regions[0]!);
        if (!compartment) return notRun("neither instance could be read: their compartment is not known");
        if (!tenancyId) return notRun("the tenancy is not known (the credentials do not name it; suppressions are kept at the tenancy): give --tenancy");
        const [a, b] = await allAnswered(regions.map((region) => readEmail(context, region, compartmentOf(region)!, tenancyId)));
        if (a!.senders.size === 0 && b!.senders.size === 0) return notRun("not used: no approved sender in the instance's compartment of either region");

        const problems: string[] = [];
        const missingFrom = (kind: string, from: RegionEmail, other: RegionEmail, items: Iterable<string>, has: (item: string) => boolean) => {
            const gone = [...items].filter((item) => !has(item)).sort();
            if (gone.length > 0) problems.push(`${kind} in ${other.region} but not in ${from.region}: ${listed(gone)}`);
        };
        for (const [here, there] of [
            [a!, b!],
            [b!, a!],
        ] as const) {
            missingFrom("approved senders", here, there, there.senders, (s) => here.senders.has(s));
            missingFrom("email domains", here, there, there.domains.keys(), (d) => here.domains.has(d));
            missingFrom("suppressed addresses", here, there, there.suppressions, (s) => here.suppressions.has(s));
        }
        for (const side of [a!, b!]) {
            const unsigned = [...side.domains].filter(([, active]) => !active).map(([name]) => name).sort();
            if (unsigned.length > 0) problems.push(`email domains without an ACTIVE DKIM key in ${side.region}: ${listed(unsigned)}`);
        }
        const counts = (side: RegionEmail) => `${side.region}: ${side.senders.size} approved senders, ${side.domains.size} email domains, ${side.suppressions.size} suppressions`;
        const shown = `${counts(a!)}; ${counts(b!)}`;
        return problems.length === 0
            ? { status: "PASS", found: shown, todo: null }
            : {
                  status: "FAIL",
                  found: `${shown}. ${problems.join("; ")}`,
                  todo: "keep both regions' Email Delivery alike (approved senders, email domains with an active DKIM key, the suppression list); DrPairedIntegration's emailDelivery declares them in both",
              };
    },
};
