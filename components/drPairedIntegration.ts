/**
 * `DrPairedIntegration`: one Oracle Integration 3 instance with Oracle-managed disaster recovery,
 * its primary in one region of a fixed pair and its standby in the other, plus what surrounds it.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { parseDrIntegrationSpec, tagsNeedPolicy, type DrIntegrationSpec, type DrIntegrationSpecInput } from "./config";
import { DrAlarms } from "./drAlarms";
import { DR_EDITIONS, DR_SHAPE } from "./drSupport";
import { EmailDelivery, type DkimDnsRecord } from "./emailDelivery";
import { FailoverGenerationGuard } from "./failoverGeneration";
import { IdentityDomainReplication } from "./identityDomainReplication";
import { regionSuffix, resolveDrProviders, type DrProviders, type OciProviderSettings } from "./providers";
import { requirePartnerRegion } from "./regions";
import { RegionSubscription, type RegionSubscriptionAuth } from "./regionSubscription";
import { buildRunbook, runbookToMarkdown, type Runbook } from "./runbook";
import { TagPolicies } from "./tagPolicies";

export const DR_PAIRED_INTEGRATION_TYPE = "oic-dr:index:DrPairedIntegration";

export interface DrPairedIntegrationArgs {
    /** The deployment, validated before anything is registered. */
    readonly spec: DrIntegrationSpecInput;
    /**
     * Providers to use instead of creating them from region names. Each must be configured for
     * its region: `primary` for `spec.primaryRegion`, `secondary` for its partner, `home` for the
     * tenancy's home region.
     */
    readonly providers?: Partial<DrProviders>;
}

/** The instance's view of the pair, read from the provider's `disasterRecoveryDetails`. */
export interface DisasterRecoveryView {
    /** Role of the instance this stack manages (PRIMARY or SECONDARY), once known. */
    readonly role: string | undefined;
    /** URL of the managed instance in its own region (the global URL is `instanceUrl`). */
    readonly regionalUrl: string | undefined;
    /** The instance Oracle created in the partner region. */
    readonly crossRegion:
        | { readonly id: string; readonly region: string; readonly role: string; readonly timeRoleChanged: string }
        | undefined;
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
    /** The parts around the instance; undefined where the spec switches them off or does not need them. */
    readonly regionSubscription: RegionSubscription | undefined;
    readonly identityDomainReplication: IdentityDomainReplication | undefined;
    readonly tagPolicies: TagPolicies | undefined;
    readonly emailDelivery: EmailDelivery | undefined;
    readonly alarms: DrAlarms | undefined;
    /** SMTP endpoint per region (empty without emailDelivery). */
    readonly smtpEndpoints: pulumi.Output<Record<string, string>>;
    readonly dkimDnsRecords: pulumi.Output<DkimDnsRecord[]>;
    /** Notification topic per region (empty without alarms). */
    readonly alertTopicIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: DrPairedIntegrationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): an invalid spec must leave nothing registered, not even this component.
        const spec = parseDrIntegrationSpec(args?.spec);
        const secondary = requirePartnerRegion(spec.primaryRegion).identifier;
        const home = spec.homeRegion ?? spec.primaryRegion;
        super(DR_PAIRED_INTEGRATION_TYPE, name, {}, opts);

        this.spec = spec;
        this.providers = resolveDrProviders(
            this,
            name,
            { home, primary: spec.primaryRegion, secondary },
            args.providers,
            spec.ociProvider,
        );

        const freeformTags = spec.tags?.freeform;

        // Prerequisites first: the standby cannot be created before its region is subscribed, its
        // identity domain replicated there and its creators allowed to use the tags.
        this.regionSubscription = spec.subscribeSecondaryRegion
            ? new RegionSubscription(
                  `${name}-subscription-${regionSuffix(secondary)}`,
                  { tenancyId: spec.tenancyId, homeRegion: home, region: secondary, auth: subscriptionAuth(spec.ociProvider) },
                  { parent: this },
              )
            : undefined;
        const domain = spec.identityDomain;
        this.identityDomainReplication =
            domain && !domain.isDefault && domain.replicate
                ? new IdentityDomainReplication(
                      `${name}-domain-replication`,
                      { domainId: domain.id, isDefaultDomain: false, replicaRegion: secondary, homeProvider: this.providers.home },
                      { parent: this, dependsOn: this.regionSubscription ? [this.regionSubscription] : [] },
                  )
                : undefined;
        this.tagPolicies =
            tagsNeedPolicy(spec) && spec.tagPolicy?.enabled !== false
                ? new TagPolicies(
                      `${name}-tags`,
                      {
                          tenancyId: spec.tenancyId,
                          groups: spec.tagPolicy?.groups ?? [],
                          domainName: domain && !domain.isDefault ? domain.name : undefined,
                          homeProvider: this.providers.home,
                          freeformTags,
                      },
                      { parent: this },
                  )
                : undefined;
        const guard = new FailoverGenerationGuard(
            `${name}-failover-generation`,
            { generation: spec.failoverGeneration },
            { parent: this },
        );
        const prerequisites = [guard, this.regionSubscription, this.identityDomainReplication, this.tagPolicies].filter(
            (r): r is NonNullable<typeof r> => r !== undefined,
        );

        this.instance = new oci.integration.IntegrationInstance(
            `${name}-instance`,
            instanceArgs(spec),
            {
                parent: this,
                provider: this.providers.primary,
                protect: spec.protect,
                dependsOn: prerequisites,
            },
        );

        this.primaryRegion = pulumi.output(spec.primaryRegion);
        this.secondaryRegion = pulumi.output(secondary);
        this.homeRegion = pulumi.output(home);
        this.instanceId = this.instance.id;
        this.instanceUrl = this.instance.instanceUrl;
        this.designTimeUrl = this.instance.instanceDesignTimeUrl;
        this.disasterRecovery = this.instance.disasterRecoveryDetails.apply(toDisasterRecoveryView);
        this.runbook = buildRunbook(spec, secondary);
        this.runbookMarkdown = runbookToMarkdown(this.runbook);

        const pair = {
            primaryRegion: spec.primaryRegion,
            providers: { primary: this.providers.primary, secondary: this.providers.secondary },
        };
        this.emailDelivery = spec.emailDelivery
            ? new EmailDelivery(
                  `${name}-email`,
                  { ...pair, compartmentId: spec.compartmentId, tenancyId: spec.tenancyId, settings: spec.emailDelivery, freeformTags },
                  { parent: this },
              )
            : undefined;
        this.alarms = spec.alarms.enabled
            ? new DrAlarms(
                  `${name}-alarms`,
                  {
                      ...pair,
                      compartmentId: spec.compartmentId,
                      displayName: spec.displayName,
                      regionalUrls: {
                          primary: this.disasterRecovery.regionalUrl,
                          // Read from the standby only when DrAlarms will probe it and was not given its URL.
                          secondary: spec.alarms.probe.watchStandby && !spec.alarms.probe.standbyUrl ? this.standbyRegionalUrl() : undefined,
                      },
                      settings: spec.alarms,
                      freeformTags,
                  },
                  { parent: this },
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

/** The region subscription signs its own API calls: it takes the providers' authentication settings. */
function subscriptionAuth(settings: OciProviderSettings | undefined): RegionSubscriptionAuth {
    switch (settings?.auth) {
        case "InstancePrincipal":
            return { method: "InstancePrincipal" };
        case "ResourcePrincipal":
            return { method: "ResourcePrincipal" };
        default:
            return { method: "ConfigFile", profile: settings?.configFileProfile };
    }
}

/** The instance as Oracle-managed DR requires it: only supported options, nothing it rejects. */
export function instanceArgs(spec: DrIntegrationSpec): oci.integration.IntegrationInstanceArgs {
    return {
        compartmentId: spec.compartmentId,
        displayName: spec.displayName,
        integrationInstanceType: DR_EDITIONS[spec.edition],
        shape: DR_SHAPE,
        isByol: spec.isByol,
        messagePacks: spec.messagePacks,
        isDisasterRecoveryEnabled: true,
        // The provider calls DisasterRecoveryFailover on create whenever failover_trigger is set, 0
        // included (terraform-provider-oci 8de3c480, internal/service/integration/
        // integration_integration_instance_resource.go:666, GetOkExists), and on update when it
        // rises from the absent value (ibid. :769-775, an absent int reads as 0). So the trigger is
        // sent only once a failover is asked for: generation 0 leaves it out, and a new pair is
        // never failed over by its first `pulumi up`.
        failoverTrigger: spec.failoverGeneration > 0 ? spec.failoverGeneration : undefined,
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
