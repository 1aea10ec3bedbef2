/**
 * `DrPairedIntegration`: one Oracle Integration 3 instance with Oracle-managed disaster recovery,
 * its primary in one region of a fixed pair and its standby in the other, plus what surrounds it.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { composedArgs } from "../support/composition";
import { drPairedIntegrationArgsSchema, tagPolicyDeclared, type DrIntegrationSpec, type ConnectivityAgentLocation } from "./schema";
import type { IdentityDomainReplicationSettings } from "../identityDomainReplication/schema";
import type { TagPoliciesSettings } from "../tagPolicies/schema";
import { DrAlarms, drAlarmsNameClaims, type AlarmSettingsArgs, type ComposedDrAlarms, type DrAlarmsArgs } from "../drAlarms/drAlarms";
import type { DrPairStackOutputs } from "./drPairs";
import { DR_EDITIONS, DR_SHAPE, type DrEdition } from "../../facts/drSupport";
import { EmailDelivery, emailDeliveryNameClaims, type ComposedEmailDelivery, type DkimDnsRecord, type EmailDeliveryArgs, type EmailDeliverySettingsArgs } from "../emailDelivery/emailDelivery";
import { FailoverBaseline, FailoverGenerationGuard, failoverTrigger } from "../dynamic/failoverGeneration";
import { IdentityDomainReplication, type IdentityDomainReplicationArgs } from "../identityDomainReplication/identityDomainReplication";
import { assertDistinctNames, childName, type NameClaim } from "../support/naming";
import { DEFAULT_AUTH_METHOD, sdkAuthMethod } from "../../facts/ociAuth";
import { pairedOptsProblems, pairRegions, resolvePair, type DrProviders, type DrProvidersArgs, type DrRegionNames, type OciProviderSettings } from "../support/providers";
import type { DrRegionIdentifier } from "../../facts/regions";
import { RegionSubscription, type RegionSubscriptionAuth } from "../dynamic/regionSubscription";
import { buildRunbook, runbookToMarkdown, type Runbook } from "./runbook";
import { stackTagPolicies, TagPolicies, type TagPoliciesArgs } from "../tagPolicies/tagPolicies";
import { parseWith } from "../support/validation";

export const DR_PAIRED_INTEGRATION_TYPE = "oic-dr:index:DrPairedIntegration";

/** The identity domain the instance is created in. */
export interface IdentityDomainArgs {
    /** The domain's OCID; may be another resource's output. */
    id: pulumi.Input<string>;
    /** The Default domain replicates to every subscribed region on its own; others need replication. Plain: it decides what is created. */
    isDefault: boolean;
    /** The domain's name, as IAM policy statements qualify groups with it (`Domain/Group`). */
    name?: string;
    /** Replicate a non-default domain to the partner region (default true; off when it is replicated already). */
    replicate?: boolean;
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
     * For a planned switchover with both regions up; when a region is down, use `oic-dr failover`
     * from the surviving region instead (README, "The day a region is lost").
     */
    failoverGeneration?: number;
    /**
     * Adopt an existing pair (or a stack whose state was lost) at its current generation, so the
     * first `pulumi up` fails nothing over. A stack without failover history that starts above 0
     * is refused without it. Read once, when the stack's baseline is created.
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
    /** Email Delivery in both regions; set it when the instance sends mail through your own email tenancy. */
    emailDelivery?: EmailDeliverySettingsArgs;
    /** Topics, probes and alarms; on by default. */
    alarms?: DrAlarmsSettingsArgs;
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

/** The instance's view of the pair, read from the provider's `disasterRecoveryDetails`. */
export interface DisasterRecoveryView {
    /** Role of the instance this stack manages (PRIMARY or SECONDARY), once known. */
    readonly role: string | undefined;
    /** URL of the managed instance in its own region (the global URL is `instanceUrl`). */
    readonly regionalUrl: string | undefined;
    /** The instance Oracle created in the partner region. */
    readonly crossRegion: CrossRegionInstanceView | undefined;
}

/** The instance in the partner region, as the primary's `disasterRecoveryDetails` name it. */
export interface CrossRegionInstanceView {
    /** Its OCID. */
    readonly id: string;
    readonly region: string;
    /** PRIMARY or SECONDARY. */
    readonly role: string;
    /** The time of its last role change (RFC 3339). */
    readonly timeRoleChanged: string;
}

export class DrPairedIntegration extends pulumi.ComponentResource {
    /** The validated spec, defaults filled in. */
    readonly spec: DrIntegrationSpec;
    readonly primaryRegion: pulumi.Output<string>;
    readonly secondaryRegion: pulumi.Output<string>;
    readonly homeRegion: pulumi.Output<string>;
    readonly providers: DrProviders;
    readonly instance: oci.integration.IntegrationInstance;
    readonly instanceId: pulumi.Output<string>;
    /** The global (regionless) runtime URL; it follows the active instance across failovers. */
    readonly instanceUrl: pulumi.Output<string>;
    readonly designTimeUrl: pulumi.Output<string>;
    readonly disasterRecovery: pulumi.Output<DisasterRecoveryView>;
    readonly runbook: Runbook;
    readonly runbookMarkdown: string;
    /** The component's name: the key of its entry in `drPairs` and the `--pair` of the runbook's commands. */
    readonly pairName: string;
    /** What the operations need to address this pair in either region: export it with `drPairsOutput` (./drPairs.ts). */
    readonly stackOutputs: DrPairStackOutputs;
    /** The parts around the instance; undefined where the spec switches them off or does not need them. */
    readonly regionSubscription: RegionSubscription | undefined;
    /** The standby region's domain replication (undefined when the standby is the home region or none is needed). */
    readonly identityDomainReplication: IdentityDomainReplication | undefined;
    /** Every replication of a non-default domain: to each region of the pair that is not the home region. */
    readonly identityDomainReplications: readonly IdentityDomainReplication[];
    readonly tagPolicies: TagPolicies | undefined;
    readonly emailDelivery: EmailDelivery | undefined;
    readonly alarms: DrAlarms | undefined;
    /** SMTP endpoint per region (empty without emailDelivery). */
    readonly smtpEndpoints: pulumi.Output<Record<string, string>>;
    readonly dkimDnsRecords: pulumi.Output<DkimDnsRecord[]>;
    /** Notification topic per region (empty without alarms). */
    readonly alertTopicIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DrPairedIntegrationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): invalid arguments must leave nothing registered, not even this component.
        const { spec, regions } = validate(name, args, opts);
        const secondary = regions.secondary;
        super(DR_PAIRED_INTEGRATION_TYPE, name, {}, opts);

        this.spec = spec;
        // The pair is resolved once, here; composed children receive it (and the validated values)
        // and parse nothing again.
        const pair = resolvePair(this, name, regions, spec.providers, spec.ociProvider);
        this.providers = { home: pair.home.provider, primary: pair.primary.provider, secondary: pair.secondary.provider };

        const freeformTags = spec.tags?.freeform;

        // Prerequisites first: the standby cannot be created before its region is subscribed, its
        // identity domain replicated there and its creators allowed to use the tags.
        this.regionSubscription = spec.subscribeSecondaryRegion
            ? new RegionSubscription(
                  childName.regionSubscription(name, secondary),
                  { tenancyId: spec.tenancyId, homeRegion: regions.home, region: secondary, auth: subscriptionAuth(spec.ociProvider) },
                  { parent: this, aliases: childName.regionSubscription.aliases(name, secondary) },
              )
            : undefined;
        const domain = spec.identityDomain;
        // A non-default domain lives in the home region and must be present in both regions of the
        // pair: it is replicated to each of them that is not the home region. Replicating to the
        // home region itself is refused by the API (400), and when the primary is not the home
        // region the domain is needed there too. The standby region's replication waits for its
        // subscription; the primary region is one the tenancy already uses.
        const replicate = (region: string, role: "primary" | "secondary") =>
            new IdentityDomainReplication(
                childName.domainReplicationComponent(name, role === "primary" ? region : undefined),
                composedArgs<IdentityDomainReplicationArgs, IdentityDomainReplicationSettings>({
                    domainId: domain!.id,
                    isDefaultDomain: false,
                    replicaRegion: region,
                }),
                {
                    parent: this,
                    provider: pair.home.provider,
                    dependsOn: role === "secondary" && this.regionSubscription ? [this.regionSubscription] : [],
                    aliases: childName.domainReplicationComponent.aliases(name, role === "primary" ? region : undefined),
                },
            );
        const replicas = domain && !domain.isDefault && domain.replicate ? pair.sides.filter((side) => side.region !== regions.home) : [];
        this.identityDomainReplications = replicas.map((side) => replicate(side.region, side.role));
        this.identityDomainReplication = this.identityDomainReplications[replicas.findIndex((side) => side.role === "secondary")];
        // One policy per stack for every pair that needs the same one (tagPolicies.ts,
        // stackTagPolicies); the pair declares its own only when the tenancy is an Output.
        const tagSettings: TagPoliciesSettings = {
            tenancyId: spec.tenancyId,
            groups: spec.tagPolicy?.groups ?? [],
            domainName: domain && !domain.isDefault ? domain.name : undefined,
            freeformTags,
            namePrefix: spec.namePrefix,
        };
        this.tagPolicies =
            tagPolicyDeclared(spec)
                ? (stackTagPolicies({
                      settings: tagSettings,
                      homeRegion: regions.home,
                      provider: pair.home.provider,
                      pair: this,
                      formerName: childName.tagPoliciesComponent.former(name),
                  }) ??
                  new TagPolicies(childName.tagPoliciesComponent(name), composedArgs<TagPoliciesArgs, TagPoliciesSettings>(tagSettings), {
                      parent: this,
                      provider: pair.home.provider,
                      aliases: childName.tagPoliciesComponent.aliases(name),
                  }))
                : undefined;
        const baseline = new FailoverBaseline(
            childName.failoverBaseline(name),
            { generation: spec.failoverGeneration, adopted: spec.adoptFailoverGeneration },
            { parent: this, aliases: childName.failoverBaseline.aliases(name) },
        );
        const prerequisites = [baseline, this.regionSubscription, ...this.identityDomainReplications, this.tagPolicies].filter(
            (r): r is NonNullable<typeof r> => r !== undefined,
        );

        // Generation 0 never triggers (the baseline is at least 0): no wait on the baseline then.
        const generation = spec.failoverGeneration;
        const trigger = generation === 0 ? undefined : baseline.baseline.apply((remembered) => failoverTrigger(generation, remembered));
        this.instance = new oci.integration.IntegrationInstance(childName.instance(name), instanceArgs(spec, trigger), {
            parent: this,
            provider: pair.primary.provider,
            protect: spec.protect,
            dependsOn: prerequisites,
            aliases: childName.instance.aliases(name),
        });
        // After the instance: it records a generation only once the instance (and its failover) accepted it.
        new FailoverGenerationGuard(
            childName.failoverGuard(name),
            { generation },
            { parent: this, dependsOn: [this.instance], aliases: childName.failoverGuard.aliases(name) },
        );

        this.primaryRegion = pulumi.output(spec.primaryRegion);
        this.secondaryRegion = pulumi.output(secondary);
        this.homeRegion = pulumi.output(regions.home);
        this.instanceId = this.instance.id;
        this.instanceUrl = this.instance.instanceUrl;
        this.designTimeUrl = this.instance.instanceDesignTimeUrl;
        this.disasterRecovery = this.instance.disasterRecoveryDetails.apply(toDisasterRecoveryView);
        this.pairName = name;
        this.stackOutputs = {
            primaryRegion: spec.primaryRegion,
            secondaryRegion: secondary,
            instanceId: this.instanceId,
            crossRegionInstanceId: this.disasterRecovery.apply((dr) => dr.crossRegion?.id),
        };
        this.runbook = buildRunbook(spec, secondary, name);
        this.runbookMarkdown = runbookToMarkdown(this.runbook);

        const shared = { primaryRegion: spec.primaryRegion, compartmentId: spec.compartmentId, freeformTags };
        this.emailDelivery = spec.emailDelivery
            ? new EmailDelivery(
                  childName.emailComponent(name),
                  composedArgs<EmailDeliveryArgs, ComposedEmailDelivery>({
                      validated: { ...spec.emailDelivery, ...shared, tenancyId: spec.tenancyId },
                      pair,
                  }),
                  { parent: this, aliases: childName.emailComponent.aliases(name) },
              )
            : undefined;
        const { enabled: alarmsEnabled, ...alarmSettings } = spec.alarms;
        this.alarms = alarmsEnabled
            ? new DrAlarms(
                  childName.alarmsComponent(name),
                  composedArgs<DrAlarmsArgs, ComposedDrAlarms>({
                      validated: {
                          ...alarmSettings,
                          ...shared,
                          displayName: spec.displayName,
                          namePrefix: spec.namePrefix,
                          regionalUrls: {
                              primary: this.disasterRecovery.regionalUrl,
                              // Read from the standby only when DrAlarms will probe it and was not given its URL.
                              secondary: alarmSettings.probe.watchStandby && !alarmSettings.probe.standbyUrl ? this.standbyRegionalUrl() : undefined,
                          },
                      },
                      pair,
                  }),
                  { parent: this, aliases: childName.alarmsComponent.aliases(name) },
              )
            : undefined;
        this.smtpEndpoints = this.emailDelivery?.smtpEndpoints ?? pulumi.output<Record<string, string>>({});
        this.dkimDnsRecords = this.emailDelivery?.dkimDnsRecords ?? pulumi.output<DkimDnsRecord[]>([]);
        this.alertTopicIds = this.alarms?.topicIds ?? pulumi.output<Record<string, string>>({});

        this.registerOutputs({
            primaryRegion: this.primaryRegion,
            secondaryRegion: this.secondaryRegion,
            homeRegion: this.homeRegion,
            instanceId: this.instanceId,
            instanceUrl: this.instanceUrl,
            designTimeUrl: this.designTimeUrl,
            disasterRecovery: this.disasterRecovery,
            runbook: this.runbook,
            runbookMarkdown: this.runbookMarkdown,
            stackOutputs: this.stackOutputs,
            smtpEndpoints: this.smtpEndpoints,
            dkimDnsRecords: this.dkimDnsRecords,
            alertTopicIds: this.alertTopicIds,
        });
    }

    /**
     * The standby's own regional URL. The primary's details name the standby only by OCID, so it is
     * read from the standby itself, through the partner region's provider.
     */
    private standbyRegionalUrl(): pulumi.Output<string | undefined> {
        const standbyId = this.disasterRecovery.apply((dr) => dr.crossRegion?.id);
        return standbyId.apply((id): pulumi.Output<string | undefined> => {
            if (id === undefined) return pulumi.output<string | undefined>(undefined);
            const standby = oci.integration.getIntegrationInstanceOutput(
                { integrationInstanceId: id },
                { parent: this, provider: this.providers.secondary },
            );
            return standby.apply((details) => details.disasterRecoveryDetails?.[0]?.regionalInstanceUrl);
        });
    }
}

/**
 * The arguments, `opts` and every name the composed children will derive from them, checked in
 * one pass: a user fixes everything in one run, and nothing is registered before. Returns the
 * pair's regions too, derived once: the names checked here are those of the regions deployed.
 */
function validate(
    name: string,
    args: DrPairedIntegrationArgs,
    opts: pulumi.ComponentResourceOptions | undefined,
): { spec: DrIntegrationSpec; regions: DrRegionNames } {
    const subject = "DrPairedIntegration arguments";
    const spec = parseWith(drPairedIntegrationArgsSchema, args, subject, pairedOptsProblems(opts));
    const regions = pairRegions(spec.primaryRegion, spec.homeRegion);
    const { primary, secondary } = regions;
    const under = (prefix: string, claims: NameClaim[]) => claims.map((c) => ({ ...c, source: `${prefix}.${c.source}` }));
    assertDistinctNames(subject, [
        ...(spec.emailDelivery ? under("emailDelivery", emailDeliveryNameClaims(childName.emailComponent(name), spec.emailDelivery, [primary, secondary])) : []),
        ...(spec.alarms.enabled
            ? under("alarms", drAlarmsNameClaims(childName.alarmsComponent(name), { ...spec.alarms, displayName: spec.displayName, namePrefix: spec.namePrefix }, [primary, secondary]))
            : []),
    ]);
    return { spec, regions };
}

/**
 * The region subscription signs its own API calls: it takes the providers' authentication settings,
 * in the same words (ociAuth.ts). Validation refused a provider-only method when subscribing.
 * An existing stack's subscription holds "ConfigFile", the former word: its provider compares
 * methods, not spellings, so the stack sees no change (regionSubscription.ts, `diff`).
 */
function subscriptionAuth(settings: OciProviderSettings | undefined): RegionSubscriptionAuth {
    const method = sdkAuthMethod(settings?.auth ?? DEFAULT_AUTH_METHOD) ?? DEFAULT_AUTH_METHOD;
    return method === "ApiKey" ? { method, profile: settings?.configFileProfile } : { method };
}

/** The instance as Oracle-managed DR requires it: only supported options, nothing it rejects. @internal */
export function instanceArgs(spec: DrIntegrationSpec, trigger?: pulumi.Input<number | undefined>): oci.integration.IntegrationInstanceArgs {
    return {
        compartmentId: spec.compartmentId,
        displayName: spec.displayName,
        integrationInstanceType: DR_EDITIONS[spec.edition],
        shape: DR_SHAPE,
        isByol: spec.isByol,
        messagePacks: spec.messagePacks,
        isDisasterRecoveryEnabled: true,
        // Sent only when the generation exceeds the stack's remembered baseline (failoverGeneration.ts):
        // the provider fails over on create whenever it is set, 0 included, and on any rise.
        failoverTrigger: trigger,
        // Visual Builder is not available on DR instances; say so rather than inherit a default.
        isVisualBuilderEnabled: false,
        isFileServerEnabled: spec.fileServer,
        domainId: spec.identityDomain?.id,
        idcsAt: spec.idcsAccessToken,
        consumptionModel: spec.consumptionModel,
        dataRetentionPeriod: spec.dataRetentionPeriod,
        freeformTags: spec.tags?.freeform,
        definedTags: spec.tags?.defined,
    };
}

function toDisasterRecoveryView(
    details: oci.types.output.Integration.IntegrationInstanceDisasterRecoveryDetail[] | undefined,
): DisasterRecoveryView {
    const local = details?.[0];
    const cross = local?.crossRegionIntegrationInstanceDetails?.[0];
    return {
        role: local?.role,
        regionalUrl: local?.regionalInstanceUrl,
        crossRegion: cross
            ? { id: cross.id, region: cross.region, role: cross.role, timeRoleChanged: cross.timeRoleChanged }
            : undefined,
    };
}
