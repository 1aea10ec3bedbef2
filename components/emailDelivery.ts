/**
 * `EmailDelivery`: a customer-owned email tenancy, kept identical in both regions of the pair.
 *
 * An approved sender exists only in the region where it was created, so after a failover the new
 * primary can send only what was approved in its own region. This component declares every
 * sender, the optional email domain with its DKIM key, and every suppression once per region, each
 * on that region's provider. Not needed when Oracle Integration's default email tenancy is used.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import {
    emailDeliverySettingsSchema,
    parseWith,
    type EmailDeliverySettings,
    type EmailDeliverySettingsInput,
    type SpecProblem,
    SpecValidationError,
    describeValue,
} from "./config";
import { requirePairRegions, resolvePairSides, type PairedComponentArgs, type PairSide } from "./providers";

export const EMAIL_DELIVERY_TYPE = "oic-dr:index:EmailDelivery";

export interface EmailDeliveryArgs extends PairedComponentArgs {
    /** Compartment of senders and domains. */
    readonly compartmentId: string;
    /** Suppressions belong to the tenancy (root compartment). */
    readonly tenancyId: string;
    readonly settings: EmailDeliverySettingsInput;
    readonly freeformTags?: Record<string, string>;
}

/** A DNS record the domain's owner must publish for DKIM in one region. */
export interface DkimDnsRecord {
    readonly region: string;
    readonly type: "CNAME";
    readonly name: string;
    readonly value: string;
}

/** The SMTP submission endpoint of Email Delivery in a commercial (oc1) region. */
export function smtpEndpoint(region: string): string {
    return `smtp.email.${region}.oci.oraclecloud.com`;
}

/** Resource-name-safe form of an address or domain. */
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** The region's DKIM selector: the prefix plus the region key, so the two keys differ in DNS. */
export function dkimSelector(settings: EmailDeliverySettings, side: Pick<PairSide, "suffix">): string | undefined {
    const domain = settings.domain;
    if (!domain) return undefined;
    const prefix = domain.dkimSelectorPrefix ?? `${domain.name.split(".")[0]}-oicdr`;
    return `${prefix}-${side.suffix}`;
}

export class EmailDelivery extends pulumi.ComponentResource {
    readonly settings: EmailDeliverySettings;
    /** Approved senders per region identifier, in the order given. */
    readonly senders: Record<string, oci.email.Sender[]>;
    readonly suppressions: Record<string, oci.email.Suppression[]>;
    readonly emailDomains: Record<string, oci.email.EmailDomain>;
    readonly dkims: Record<string, oci.email.Dkim>;
    /** SMTP submission endpoint per region identifier. */
    readonly smtpEndpoints: pulumi.Output<Record<string, string>>;
    /** The CNAME records DKIM needs, one per region (empty without a domain). */
    readonly dkimDnsRecords: pulumi.Output<DkimDnsRecord[]>;

    constructor(name: string, args: EmailDeliveryArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = parseWith(emailDeliverySettingsSchema, args?.settings, "EmailDelivery settings");
        requirePairRegions(args?.primaryRegion);
        rejectDuplicates(settings);
        super(EMAIL_DELIVERY_TYPE, name, {}, opts);
        this.settings = settings;

        const sides = resolvePairSides(this, name, args);
        this.senders = {};
        this.suppressions = {};
        this.emailDomains = {};
        this.dkims = {};
        const records: pulumi.Output<DkimDnsRecord>[] = [];

        for (const side of sides) {
            const childOpts = { parent: this, provider: side.provider };
            this.senders[side.region] = settings.senders.map(
                (address) =>
                    new oci.email.Sender(
                        `${name}-sender-${slug(address)}-${side.suffix}`,
                        { compartmentId: args.compartmentId, emailAddress: address, freeformTags: args.freeformTags },
                        childOpts,
                    ),
            );
            this.suppressions[side.region] = settings.suppressions.map(
                (address) =>
                    new oci.email.Suppression(
                        `${name}-suppression-${slug(address)}-${side.suffix}`,
                        { compartmentId: args.tenancyId, emailAddress: address },
                        childOpts,
                    ),
            );
            if (settings.domain) {
                const domain = new oci.email.EmailDomain(
                    `${name}-domain-${side.suffix}`,
                    {
                        compartmentId: args.compartmentId,
                        name: settings.domain.name,
                        description: `Oracle Integration DR email domain (${side.role} region)`,
                        freeformTags: args.freeformTags,
                    },
                    childOpts,
                );
                const dkim = new oci.email.Dkim(
                    `${name}-dkim-${side.suffix}`,
                    {
                        emailDomainId: domain.id,
                        name: dkimSelector(settings, side),
                        description: `DKIM key for ${settings.domain.name} in ${side.region}`,
                        freeformTags: args.freeformTags,
                    },
                    childOpts,
                );
                this.emailDomains[side.region] = domain;
                this.dkims[side.region] = dkim;
                records.push(
                    pulumi
                        .all([dkim.dnsSubdomainName, dkim.cnameRecordValue])
                        .apply(([subdomain, value]) => ({ region: side.region, type: "CNAME" as const, name: subdomain, value })),
                );
            }
        }

        this.smtpEndpoints = pulumi.output(Object.fromEntries(sides.map((side) => [side.region, smtpEndpoint(side.region)])));
        this.dkimDnsRecords = pulumi.all(records);
        this.registerOutputs({ smtpEndpoints: this.smtpEndpoints, dkimDnsRecords: this.dkimDnsRecords });
    }
}

/** Email Delivery refuses a second sender or suppression with the same address in a region. */
function rejectDuplicates(settings: EmailDeliverySettings): void {
    const problems: SpecProblem[] = [];
    for (const field of ["senders", "suppressions"] as const) {
        const seen = new Set<string>();
        settings[field].forEach((address, index) => {
            const key = address.toLowerCase();
            if (seen.has(key)) problems.push({ path: `${field}.${index}`, message: `${describeValue(address)} is listed twice` });
            seen.add(key);
        });
    }
    if (problems.length > 0) throw new SpecValidationError(problems, "EmailDelivery settings");
}
