/**
 * The plugin's entry point: the components as Pulumi YAML, Python and the other languages get
 * them (see README.md here).
 *
 * The language host serves every ComponentResource subclass exported here and nothing else
 * (@pulumi/pulumi provider/experimental/provider.ts:104-150, getPulumiComponents), and the schema
 * analyzer starts from this file and follows its imports to find each class
 * (analyzer.ts:113-170), where it reads the constructor's `args` interface for the inputs and the
 * class's own properties for the outputs (analyzer.ts:303-343).
 *
 * Each class here is the library's component under the same name and type token: it extends the
 * library's class (which validates, registers `oic-dr:index:<ClassName>` and creates the
 * children), takes the portable arguments (everything but provider objects, which cannot cross
 * the language boundary) and re-declares, with `declare` (no runtime effect), only the outputs
 * the schema can carry. What the library's class keeps besides (validated settings, providers,
 * its composed children) stays out of the schema. RegionSubscription is the exception: a dynamic
 * resource in the library, it is served as a component that creates it.
 *
 * Imported from the package's root module, by file (`../index`, not `..`: a directory would
 * resolve through package.json to the compiled dist/).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    ConnectivityAgentGroup as LibraryConnectivityAgentGroup,
    DrAlarms as LibraryDrAlarms,
    DrPairedIntegration as LibraryDrPairedIntegration,
    EmailDelivery as LibraryEmailDelivery,
    FullStackDr as LibraryFullStackDr,
    IdentityDomainReplication as LibraryIdentityDomainReplication,
    RegionSubscription as LibraryRegionSubscription,
    TagPolicies as LibraryTagPolicies,
    type ConnectivityAgentGroupArgs,
    type IdentityDomainReplicationArgs,
    type PortableDrAlarmsArgs,
    type PortableDrPairedIntegrationArgs,
    type PortableEmailDeliveryArgs,
    type PortableFullStackDrArgs,
    type RegionSubscriptionArgs,
    type TagPoliciesArgs,
} from "../index";

/**
 * The library's class as the base of a served class, typed as a constructor of a
 * ComponentResource.
 *
 * The analyzer takes a class for a component only when the base named in its own `extends`
 * clause is `ComponentResource` itself (analyzer.ts isPulumiComponent: the base type's symbol
 * must be named ComponentResource and declared in resource.d.ts), so `extends
 * LibraryDrPairedIntegration` would be passed over. The base is still the library's class at
 * runtime. The parameter's type checks at compile time that the library's constructor accepts
 * the portable arguments.
 */
function libraryComponent<Args>(
    component: new (name: string, args: Args, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource,
): new (name: string, args: Args, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource {
    return component;
}

/**
 * One Oracle Integration 3 instance with Oracle-managed disaster recovery, its primary in one
 * region of a fixed pair and its standby in the partner region, with what surrounds it: the
 * partner region's subscription, identity domain replication, the tag policy, Email Delivery in
 * both regions, topics, cross-region probes and alarms, and a failover runbook. Its OCI providers
 * are created from the region names, with `ociProvider`'s settings.
 */
export class DrPairedIntegration extends libraryComponent<PortableDrPairedIntegrationArgs>(LibraryDrPairedIntegration) {
    /** The region of the primary instance. */
    declare readonly primaryRegion: LibraryDrPairedIntegration["primaryRegion"];
    /** The partner region, where Oracle places the standby. */
    declare readonly secondaryRegion: LibraryDrPairedIntegration["secondaryRegion"];
    /** The tenancy's home region, where IAM lives. */
    declare readonly homeRegion: LibraryDrPairedIntegration["homeRegion"];
    /** The instance, in the primary region. */
    declare readonly instance: LibraryDrPairedIntegration["instance"];
    /** The instance's OCID. */
    declare readonly instanceId: LibraryDrPairedIntegration["instanceId"];
    /** The global (regionless) runtime URL; it follows the active instance across failovers. */
    declare readonly instanceUrl: LibraryDrPairedIntegration["instanceUrl"];
    /** The design-time URL, which names the instance's region and changes on failover. */
    declare readonly designTimeUrl: LibraryDrPairedIntegration["designTimeUrl"];
    /** The instance's role, its regional URL and the instance in the partner region. */
    declare readonly disasterRecovery: LibraryDrPairedIntegration["disasterRecovery"];
    /** Where the pair runs now (the region of the primary, since when), read on every preview and update. */
    declare readonly roles: LibraryDrPairedIntegration["roles"];
    /** The failover runbook for this deployment, in Markdown, headed by where the pair runs now. */
    declare readonly runbookMarkdown: LibraryDrPairedIntegration["runbookMarkdown"];
    /** SMTP endpoint per region (empty without emailDelivery). */
    declare readonly smtpEndpoints: LibraryDrPairedIntegration["smtpEndpoints"];
    /** The CNAME records DKIM needs, one per region (empty without an email domain). */
    declare readonly dkimDnsRecords: LibraryDrPairedIntegration["dkimDnsRecords"];
    /** Notification topic per region (empty without alarms). */
    declare readonly alertTopicIds: LibraryDrPairedIntegration["alertTopicIds"];

    constructor(name: string, args: PortableDrPairedIntegrationArgs, opts?: pulumi.ComponentResourceOptions) {
        super(name, args, opts);
    }
}

/**
 * Email Delivery of a customer-owned email tenancy, identical in both regions of the pair:
 * approved senders, an optional email domain with a DKIM key per region, and suppressions.
 */
export class EmailDelivery extends libraryComponent<PortableEmailDeliveryArgs>(LibraryEmailDelivery) {
    /** Approved senders per region identifier, in the order given. */
    declare readonly senders: LibraryEmailDelivery["senders"];
    /** Suppressions per region identifier. */
    declare readonly suppressions: LibraryEmailDelivery["suppressions"];
    /** The email domain per region identifier (none without `domain`). */
    declare readonly emailDomains: LibraryEmailDelivery["emailDomains"];
    /** The DKIM key per region identifier (none without `domain`). */
    declare readonly dkims: LibraryEmailDelivery["dkims"];
    /** SMTP submission endpoint per region identifier. */
    declare readonly smtpEndpoints: LibraryEmailDelivery["smtpEndpoints"];
    /** The CNAME records DKIM needs, one per region (empty without a domain). */
    declare readonly dkimDnsRecords: LibraryEmailDelivery["dkimDnsRecords"];

    constructor(name: string, args: PortableEmailDeliveryArgs, opts?: pulumi.ComponentResourceOptions) {
        super(name, args, opts);
    }
}

/**
 * Notification topics, cross-region probes and alarms for a DR pair: each instance's regional
 * endpoint is probed from the other region, where the alarm on it lives.
 */
export class DrAlarms extends libraryComponent<PortableDrAlarmsArgs>(LibraryDrAlarms) {
    /** Notification topic per region identifier. */
    declare readonly topics: LibraryDrAlarms["topics"];
    /** The topics' subscriptions per region identifier. */
    declare readonly subscriptions: LibraryDrAlarms["subscriptions"];
    /** The probes and the alarms on them, one per watched region. */
    declare readonly watches: LibraryDrAlarms["watches"];
    declare readonly customAlarms: LibraryDrAlarms["customAlarms"];
    /** Notification topic OCID per region identifier. */
    declare readonly topicIds: LibraryDrAlarms["topicIds"];

    constructor(name: string, args: PortableDrAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(name, args, opts);
    }
}

/**
 * The IAM policy that lets the instance's creators use tag namespaces. IAM lives in the home
 * region: give this component that region's OCI provider in its options.
 */
export class TagPolicies extends libraryComponent<TagPoliciesArgs>(LibraryTagPolicies) {
    declare readonly policy: LibraryTagPolicies["policy"];
    declare readonly statements: LibraryTagPolicies["statements"];

    constructor(name: string, args: TagPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super(name, args, opts);
    }
}

/**
 * Replicates a non-default identity domain to the partner region (the Default domain needs
 * nothing). IAM lives in the home region: give this component that region's OCI provider in its
 * options.
 */
export class IdentityDomainReplication extends libraryComponent<IdentityDomainReplicationArgs>(LibraryIdentityDomainReplication) {
    /** The replication, absent for the Default domain. */
    declare readonly replication: LibraryIdentityDomainReplication["replication"];
    declare readonly replicaRegion: LibraryIdentityDomainReplication["replicaRegion"];

    constructor(name: string, args: IdentityDomainReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super(name, args, opts);
    }
}

/**
 * The connectivity agents of one Oracle Integration agent group on Kubernetes, spread over nodes
 * and zones. The cluster is the Kubernetes provider in this component's options.
 */
export class ConnectivityAgentGroup extends libraryComponent<ConnectivityAgentGroupArgs>(LibraryConnectivityAgentGroup) {
    declare readonly namespace: LibraryConnectivityAgentGroup["namespace"];
    /** The rendered InstallerProfile.cfg (a secret: it carries the OAuth client secret). */
    declare readonly profileSecret: LibraryConnectivityAgentGroup["profileSecret"];
    declare readonly statefulSet: LibraryConnectivityAgentGroup["statefulSet"];
    declare readonly service: LibraryConnectivityAgentGroup["service"];
    /** Absent with one agent. */
    declare readonly disruptionBudget: LibraryConnectivityAgentGroup["disruptionBudget"];
    declare readonly networkPolicy: LibraryConnectivityAgentGroup["networkPolicy"];
    /** The `oic_URL` the agents use. */
    declare readonly oicUrl: LibraryConnectivityAgentGroup["oicUrl"];
    /** The region the URL names, if any: such a URL reaches one instance and does not follow a failover. */
    declare readonly oicUrlRegion: LibraryConnectivityAgentGroup["oicUrlRegion"];

    constructor(name: string, args: ConnectivityAgentGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super(name, args, opts);
    }
}

/**
 * OCI Full Stack Disaster Recovery for a pair: a protection group per region with that region's
 * instance as member, the standby group's switchover and failover plans, a log bucket per region
 * and FSDR's IAM statements in the home region. Its OCI providers are created from the region names.
 */
export class FullStackDr extends libraryComponent<PortableFullStackDrArgs>(LibraryFullStackDr) {
    /** Protection group per region identifier. */
    declare readonly protectionGroups: LibraryFullStackDr["protectionGroups"];
    /** Log bucket per region identifier. */
    declare readonly logBuckets: LibraryFullStackDr["logBuckets"];
    /** The switchover and failover plans at the standby region's group, by plan type. */
    declare readonly plans: Record<string, LibraryFullStackDr["plans"]["SWITCHOVER"]>;
    /** Absent when the policy is turned off. */
    declare readonly policy: LibraryFullStackDr["policy"];
    /** The OCI CLI commands that run each plan's precheck. */
    declare readonly precheckCommands: LibraryFullStackDr["precheckCommands"];

    constructor(name: string, args: PortableFullStackDrArgs, opts?: pulumi.ComponentResourceOptions) {
        super(name, args, opts);
    }
}

/** The type token the served RegionSubscription registers. */
export const REGION_SUBSCRIPTION_COMPONENT_TYPE = "oic-dr:index:RegionSubscription";

/**
 * The tenancy's subscription to a region, created (or adopted when it exists) and awaited until
 * READY; never undone (OCI has no unsubscribe), so it is retained on delete.
 *
 * In the library RegionSubscription is a dynamic resource, which the plugin cannot serve (only
 * ComponentResource subclasses are: provider.ts:104-150); changing its kind there would change
 * the URN of every existing stack's subscription. Served, it is a component that creates the
 * library's dynamic resource, under the same name, as its only child.
 */
export class RegionSubscription extends pulumi.ComponentResource {
    readonly tenancyId: pulumi.Output<string>;
    readonly homeRegion: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;
    /** Three-letter region key, e.g. "PHX". */
    readonly regionKey: pulumi.Output<string>;
    readonly regionName: pulumi.Output<string>;
    /** READY once created. */
    readonly status: pulumi.Output<string>;
    /** True when the subscription existed already and was adopted. */
    readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: RegionSubscriptionArgs, opts?: pulumi.ComponentResourceOptions) {
        super(REGION_SUBSCRIPTION_COMPONENT_TYPE, name, {}, opts);
        const subscription = new LibraryRegionSubscription(name, args, { parent: this });
        this.tenancyId = subscription.tenancyId;
        this.homeRegion = subscription.homeRegion;
        this.region = subscription.region;
        this.regionKey = subscription.regionKey;
        this.regionName = subscription.regionName;
        this.status = subscription.status;
        this.adopted = subscription.adopted;
        this.registerOutputs({
            tenancyId: this.tenancyId,
            homeRegion: this.homeRegion,
            region: this.region,
            regionKey: this.regionKey,
            regionName: this.regionName,
            status: this.status,
            adopted: this.adopted,
        });
    }
}
