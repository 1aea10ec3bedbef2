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
import { composedValues } from "../support/composition";
import { OCI_TYPES } from "../../facts/drSupport";
import { emailDeliveryArgsSchema, type EmailDeliverySettings, type EmailDeliveryValidated } from "./schema";
import { childName, ociName, type NameClaim } from "../support/naming";
import { resolvePair, validatePairedComponent, type DrProvidersArgs, type OciProviderSettings, type ResolvedPair } from "../support/providers";
import type { DrRegionIdentifier } from "../../facts/regions";

export const EMAIL_DELIVERY_TYPE = "oic-dr:index:EmailDelivery";

/** An email domain, with a DKIM key in each region. */
export interface EmailDomainArgs {
    /** Lower-case domain name, e.g. `mail.example.com`. */
    name: string;
    /**
     * Selector prefix; each region's selector is `<prefix>-<region key>` so the two keys are told
     * apart in DNS. Default: the domain's first label plus "-oicdr".
     */
    dkimSelectorPrefix?: string;
}

/** What is kept identical in both regions. */
export interface EmailDeliverySettingsArgs {
    /** Approved senders (at least one): an approved sender exists only in the region where it was created. */
    senders: string[];
    /** An email domain with a DKIM key in each region. */
    domain?: EmailDomainArgs;
    /** Addresses Email Delivery must not send to, in both regions. */
    suppressions?: string[];
}

/**
 * EmailDelivery's arguments that every Pulumi language can pass: all of them but `providers`
 * (see {@link EmailDeliveryArgs}). The component's schema for YAML, Python and the others is
 * inferred from this interface (provider/index.ts).
 */
export interface PortableEmailDeliveryArgs extends EmailDeliverySettingsArgs {
    /** Region of the primary instance (plain text: it chooses providers and names); the other region is its fixed partner. */
    primaryRegion: DrRegionIdentifier;
    /** Compartment of senders and domains; may be another resource's output. */
    compartmentId: pulumi.Input<string>;
    /** The tenancy: suppressions belong to its root compartment. May be another resource's output. */
    tenancyId: pulumi.Input<string>;
    freeformTags?: Record<string, string>;
    /** Settings for the providers created here from region names. */
    ociProvider?: OciProviderSettings;
}

/**
 * EmailDelivery's arguments in TypeScript: the portable ones and the providers of the pair. A
 * provider object cannot be passed from another language (a provider given as an input does not
 * reach a Node.js component as a provider: pulumi/pulumi#15926), so there the providers are
 * always created from region names, with `ociProvider`'s settings.
 */
export interface EmailDeliveryArgs extends PortableEmailDeliveryArgs {
    /** Providers for the two regions; missing ones are created from the region names. `home` is not used. */
    providers?: DrProvidersArgs;
}

/** What DrPairedIntegration hands a composed EmailDelivery: validated values and the resolved pair. @internal */
export interface ComposedEmailDelivery {
    readonly validated: EmailDeliveryValidated;
    readonly pair: ResolvedPair;
}

/** A DNS record the domain's owner must publish for DKIM in one region. */
export interface DkimDnsRecord {
    readonly region: string;
    // A string, not the literal type "CNAME": the component's schema for other languages cannot
    // express a literal type (Pulumi's component analyzer refuses them; see provider/README.md).
    /** The DNS record type: always CNAME. */
    readonly type: string;
    readonly name: string;
    readonly value: string;
}

/** The SMTP submission endpoint of Email Delivery in a commercial (oc1) region. */
export function smtpEndpoint(region: string): string {
    return `smtp.email.${region}.oci.oraclecloud.com`;
}

/** The region's DKIM selector (see ociName.dkimSelector), or undefined without a domain. */
export function dkimSelector(settings: Pick<EmailDeliverySettings, "domain">, region: string): string | undefined {
    return settings.domain && ociName.dkimSelector(settings.domain.name, settings.domain.dkimSelectorPrefix, region);
}

/** Every name an EmailDelivery named `name` gives its children in these regions. @internal */
export function emailDeliveryNameClaims(name: string, settings: EmailDeliverySettings, regions: readonly string[]): NameClaim[] {
    return regions.flatMap((region) => [
        ...settings.senders.map((address, i) => ({ kind: OCI_TYPES.sender, name: childName.sender(name, address, region), source: `senders.${i}`, value: address })),
        ...settings.suppressions.map((address, i) => ({
            kind: OCI_TYPES.suppression,
            name: childName.suppression(name, address, region),
            source: `suppressions.${i}`,
            value: address,
        })),
    ]);
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
        const composed = composedValues<ComposedEmailDelivery>(args);
        const standalone = composed
            ? undefined
            : validatePairedComponent("EmailDelivery arguments", emailDeliveryArgsSchema, args, opts, (validated, regions) => emailDeliveryNameClaims(name, validated, regions));
        const validated = composed?.validated ?? standalone!.validated;
        super(EMAIL_DELIVERY_TYPE, name, {}, opts);
        this.settings = { senders: validated.senders, domain: validated.domain, suppressions: validated.suppressions };
        const pair =
            composed?.pair ?? resolvePair(this, name, standalone!.regions, validated.providers, validated.ociProvider);
        const { compartmentId, tenancyId, freeformTags } = validated;

        this.senders = {};
        this.suppressions = {};
        this.emailDomains = {};
        this.dkims = {};
        const records: pulumi.Output<DkimDnsRecord>[] = [];

        for (const side of pair.sides) {
            const childOpts = { parent: this, provider: side.provider };
            this.senders[side.region] = validated.senders.map(
                (address) =>
                    new oci.email.Sender(
                        childName.sender(name, address, side.region),
                        { compartmentId, emailAddress: address, freeformTags },
                        { ...childOpts, aliases: childName.sender.aliases(name, address, side.region) },
                    ),
            );
            this.suppressions[side.region] = validated.suppressions.map(
                (address) =>
                    new oci.email.Suppression(
                        childName.suppression(name, address, side.region),
                        { compartmentId: tenancyId, emailAddress: address },
                        { ...childOpts, aliases: childName.suppression.aliases(name, address, side.region) },
                    ),
            );
            if (validated.domain) {
                const domain = new oci.email.EmailDomain(
                    childName.emailDomain(name, side.region),
                    {
                        compartmentId,
                        name: validated.domain.name,
                        description: `Oracle Integration DR email domain (${side.role} region)`,
                        freeformTags,
                    },
                    { ...childOpts, aliases: childName.emailDomain.aliases(name, side.region) },
                );
                const dkim = new oci.email.Dkim(
                    childName.dkim(name, side.region),
                    {
                        emailDomainId: domain.id,
                        name: dkimSelector(validated, side.region),
                        description: `DKIM key for ${validated.domain.name} in ${side.region}`,
                        freeformTags,
                    },
                    { ...childOpts, aliases: childName.dkim.aliases(name, side.region) },
                );
                this.emailDomains[side.region] = domain;
                this.dkims[side.region] = dkim;
                records.push(
                    pulumi
                        .all([dkim.dnsSubdomainName, dkim.cnameRecordValue])
                        .apply(([subdomain, value]) => ({ region: side.region, type: "CNAME", name: subdomain, value })),
                );
            }
        }

        this.smtpEndpoints = pulumi.output(Object.fromEntries(pair.sides.map((side) => [side.region, smtpEndpoint(side.region)])));
        this.dkimDnsRecords = pulumi.all(records);
        this.registerOutputs({ smtpEndpoints: this.smtpEndpoints, dkimDnsRecords: this.dkimDnsRecords });
    }
}
