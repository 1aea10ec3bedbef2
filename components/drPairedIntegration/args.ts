/**
 * DrPairedIntegration's arguments. Their TSDoc is the one source of the arguments' words: the
 * components reference and the stack-config table (scripts/generateDocs.ts) and the schema for the
 * other languages (provider/index.ts) are made from it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSettingsArgs } from "../drAlarms/drAlarms";
import type { EmailDeliverySettingsArgs } from "../emailDelivery/emailDelivery";
import type { FullStackDrSettingsArgs } from "../fullStackDr/fullStackDr";
import type { ConnectivityAgentLocation } from "./schema";
import type { DrEdition } from "../../facts/drSupport";
import type { DrRegionIdentifier } from "../../facts/regions";
import type { DrProvidersArgs, OciProviderSettings } from "../support/providers";

/** The identity domain the instance is created in. */
export interface IdentityDomainArgs {
    /** The domain's OCID; may be another resource's output. */
    id: pulumi.Input<string>;
    /** The Default domain replicates to every subscribed region on its own; others need replication. Plain: it decides what is created. */
    isDefault: boolean;
    /** The domain's name, as IAM policy statements qualify groups with it (`Domain/Group`). */
    name?: string;
    /** Replicate a non-default domain to the regions of the pair it is not homed in (default true; off when it is replicated already). */
    replicate?: boolean;
    /**
     * The region the domain is homed in, where it was created: a region identifier (default: the
     * tenancy's home region, `homeRegion`). The domain is replicated to each region of the pair
     * but this one. Read it in the Console on the domain's details page, or as `homeRegion` of
     * `oci.identity.getDomain` (or of an `oci.identity.Domain` the program declares). The Default
     * domain is always homed in the tenancy's home region. Plain: it decides what is created.
     */
    homeRegion?: string;
}

/** Tags put on every resource this library creates, and how the tenancy uses them. */
export interface TagsArgs {
    freeform?: Record<string, string>;
    /** Defined tags, keyed `namespace.key`. */
    defined?: Record<string, string>;
    /** True when the tenancy applies default (defined) tags to new resources in the compartment. */
    usesDefaultTags?: boolean;
}

/** Facts about how the instance is used; they decide which steps the failover runbook contains. */
export interface IntegrationUsageArgs {
    /** Email goes through the customer's own Email Delivery tenancy, whose SMTP settings must be re-entered after failover (default false). */
    ownEmailTenancy?: boolean;
    /** Integrations with polling triggers (databases, JMS, Streaming...) exist (default true: assumed unless said otherwise). */
    pollingTriggerIntegrations?: boolean;
    /** Event-based integrations exist, whose event definitions must be recreated after failover (default false). */
    eventBasedIntegrations?: boolean;
    /** Clients call the design-time REST API, whose host and instance name change on failover (default false). */
    designTimeApiClients?: boolean;
    /** Where the connectivity agents run: none (default), on-premises, oci-compute or kubernetes. */
    connectivityAgent?: ConnectivityAgentLocation;
}

/** The `use tag-namespaces` policy, needed when defined or default tags are used. */
export interface TagPolicyArgs {
    /** Names of the groups that create the instance (the identity domain qualifies them). */
    groups?: string[];
    /** Create the policy (default true); off when the tenancy has it already. */
    enabled?: boolean;
}

/** The outbound private endpoint of one instance of the pair, in that instance's region. */
export interface PrivateEndpointArgs {
    /** OCID of the subnet, in the instance's region (an OCID that names a region is checked against it); may be an output. */
    subnetId: pulumi.Input<string>;
    /** OCIDs of network security groups for the endpoint, in the same region; may be outputs. */
    nsgIds?: pulumi.Input<string>[];
}

/**
 * An outbound private endpoint on each instance of the pair. Oracle-managed DR supports private
 * endpoints only when enabled on both instances ("User Responsibilities" of Oracle's DR guide), so
 * both sides are required together: one alone is refused, naming the other. The endpoints belong to the instances by region, not by role:
 * after a failover each stays with the instance of its region.
 */
export interface PairedPrivateEndpointsArgs {
    /** The endpoint of the instance in `primaryRegion` (the instance this stack creates); required with `secondaryRegion`. */
    primaryRegion?: PrivateEndpointArgs;
    /**
     * The endpoint of the instance Oracle creates in the partner region (`<displayName>_Recovery`),
     * declared through that region's provider once the service reports the instance's OCID;
     * required with `primaryRegion`.
     */
    secondaryRegion?: PrivateEndpointArgs;
}

/**
 * The policy that lets the instance's creators manage integration instances, a pre-install task of
 * Oracle-managed DR: `Allow group <g> to manage integration-instance in compartment id <compartment>`
 * (`in tenancy` for the root compartment), one statement per subject, in the root compartment, in
 * the home region. Name at least one group or dynamic group; pairs of one stack that need the same
 * policy share one.
 */
export interface InstancePolicyArgs {
    /** Groups that create and manage the instance (the identity domain qualifies them). */
    groups?: string[];
    /** Dynamic groups (resource principals: CI runners, Full Stack DR) that do. */
    dynamicGroups?: string[];
}

/** DrAlarms' settings, and whether to create them. */
export interface DrAlarmsSettingsArgs extends AlarmSettingsArgs {
    /** Create topics, probes and alarms (default true). */
    enabled?: boolean;
}

/**
 * The deployment as every Pulumi language can describe it: DrPairedIntegration's arguments but
 * `providers` (see {@link DrPairedIntegrationArgs}). The component's schema for YAML, Python and
 * the others is inferred from this interface (provider/index.ts).
 *
 * Validated as a whole before anything is registered: one error lists every problem. Values that
 * decide the shape of the deployment (regions, names, edition, switches, counts) are plain;
 * identifiers that may come from other resources accept Outputs.
 */
export interface PortableDrPairedIntegrationArgs {
    /** Region of the primary instance; the standby goes to its fixed partner. Plain: it chooses providers and names. */
    primaryRegion: DrRegionIdentifier;
    /** The tenancy's home region, where IAM lives (default: the primary region). Plain: it chooses a provider. */
    homeRegion?: string;
    /** OCID of the tenancy; may be another resource's output. */
    tenancyId: pulumi.Input<string>;
    /** OCID of the compartment of the instance (the tenancy OCID stands for the root compartment); may be an output. */
    compartmentId: pulumi.Input<string>;
    /** Instance name: 1 to 50 letters, digits or hyphens, starting with a letter; the standby gets `_Recovery` appended. Plain: it builds names. */
    displayName: string;
    /**
     * Starts the names OCI keeps unique across the tenancy (topics, the tag policy). Default
     * `<project>-<stack>`: two stacks of one program in one tenancy never claim the same name.
     * Plain: it builds names.
     */
    namePrefix?: string;
    /** ENTERPRISE or HEALTHCARE (Standard edition has no Oracle-managed DR). Plain: it decides what is supported. */
    edition: DrEdition;
    /** Number of message packs, at least 1. */
    messagePacks: number;
    /** Bring your own license (default false). */
    isByol?: boolean;
    identityDomain?: IdentityDomainArgs;
    /** An IDCS access token, the provider's older alternative to `identityDomain`: a Pulumi secret, never plain text. */
    idcsAccessToken?: pulumi.Input<string>;
    /** Entitlement to bill, UCM, GOV or OIC4SAAS, needed only when the tenancy has several. */
    consumptionModel?: string;
    /** Runtime data retention: MONTHS_1, MONTHS_3 or MONTHS_6. */
    dataRetentionPeriod?: string;
    /** Enable File Server; its clients must then connect by hostname (default false). */
    fileServer?: boolean;
    tags?: TagsArgs;
    /**
     * Failovers requested through code: raise it by one to fail over, never lower it (default 0).
     * Each raise is one failover, from wherever the pair runs then; no create fails over. For a
     * planned switchover with both regions up; when a region is down, use `oic-dr failover` from
     * the surviving region instead (README, "The day a region is lost").
     */
    failoverGeneration?: number;
    /**
     * Deprecated, no effect: no `pulumi up` fails a pair over on create any more, so adopting a
     * pair needs nothing. Still accepted so that existing programs keep working.
     */
    adoptFailoverGeneration?: number;
    /** The generation the stack was last deployed with, when known: a lowered or skipped value is then refused offline. */
    previousFailoverGeneration?: number;
    /** Protect the instance from deletion (deleting the primary deletes the standby). Default true. */
    protect?: boolean;
    usage?: IntegrationUsageArgs;
    /** Subscribe the tenancy to the partner region before install (default true; it cannot be undone). */
    subscribeSecondaryRegion?: boolean;
    tagPolicy?: TagPolicyArgs;
    /**
     * Declare the `manage integration-instance` policy for these subjects. Omitted (the default), no
     * policy is declared: the grant is the tenancy's to give, so teams whose IAM is managed elsewhere
     * leave it out, and a library cannot guess who deploys.
     */
    instancePolicy?: InstancePolicyArgs;
    /** Email Delivery in both regions; set it when the instance sends mail through your own email tenancy. */
    emailDelivery?: EmailDeliverySettingsArgs;
    /** Topics, probes and alarms; on by default. */
    alarms?: DrAlarmsSettingsArgs;
    /** Outbound private endpoints, one on each instance of the pair (none by default). */
    privateEndpoints?: PairedPrivateEndpointsArgs;
    /**
     * OCI Full Stack Disaster Recovery for the pair (off unless given): a protection group per
     * region with its instance as member, the switchover and failover plans at the standby's group,
     * a log bucket per region and the IAM statements (see FullStackDr). Roles are declared once.
     */
    fullStackDr?: FullStackDrSettingsArgs;
    /** Settings for the providers created from region names. */
    ociProvider?: OciProviderSettings;
}

/**
 * DrPairedIntegration's arguments in TypeScript: the portable ones and the providers of the
 * deployment. A provider object cannot be passed from another language (a provider given as an
 * input does not reach a Node.js component as a provider: pulumi/pulumi#15926), so there the
 * providers are always created from region names, with `ociProvider`'s settings.
 */
export interface DrPairedIntegrationArgs extends PortableDrPairedIntegrationArgs {
    /**
     * Providers to use instead of creating them from region names: `primary` for the primary
     * region, `secondary` for its partner, `home` for the home region. An OCI provider in `opts`
     * is refused: one provider cannot serve both regions.
     */
    providers?: DrProvidersArgs;
}
