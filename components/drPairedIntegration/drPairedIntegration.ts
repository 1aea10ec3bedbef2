/**
 * `DrPairedIntegration`: one Oracle Integration 3 instance with Oracle-managed disaster recovery,
 * its primary in one region of a fixed pair and its standby in the other, plus what surrounds it.
 *
 * This file is the component: it validates and declares. Its arguments are in args.ts, their schema
 * in schema.ts.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { composedArgs } from "../support/composition";
import { drPairedIntegrationArgsSchema, tagPolicyDeclared, type DrIntegrationSpec } from "./schema";
import type { DrPairedIntegrationArgs } from "./args";
import type { TagPoliciesSettings } from "../tagPolicies/schema";
import { DrAlarms, drAlarmsNameClaims, type ComposedDrAlarms, type DrAlarmsArgs } from "../drAlarms/drAlarms";
import type { DrPairStackOutputs } from "./drPairs";
import { DR_EDITIONS, DR_SHAPE } from "../../facts/drSupport";
import { FullStackDr, type ComposedFullStackDr, type FullStackDrArgs } from "../fullStackDr/fullStackDr";
import { EmailDelivery, emailDeliveryNameClaims, type ComposedEmailDelivery, type DkimDnsRecord, type EmailDeliveryArgs } from "../emailDelivery/emailDelivery";
import { PairRoles, type LiveRoles } from "../dynamic/pairRoles";
import { pairedDomainReplications, type IdentityDomainReplication } from "../identityDomainReplication/identityDomainReplication";
import { assertDistinctNames, childName, type NameClaim } from "../support/naming";
import { DEFAULT_AUTH_METHOD, sdkAuthMethod } from "../../facts/ociAuth";
import { pairedOptsProblems, pairRegions, resolvePair, type DrProviders, type DrRegionNames, type OciProviderSettings } from "../support/providers";
import { RegionSubscription } from "../dynamic/regionSubscription";
import type { RegionSubscriptionAuth } from "../dynamic/regionSubscriptionTypes";
import { instanceIdInRegion, pairedPrivateEndpoints } from "./privateEndpoints";
import { buildRunbook, runbookToMarkdown, type Runbook } from "./runbook";
import { stackTagPolicies, TagPolicies, type TagPoliciesArgs } from "../tagPolicies/tagPolicies";
import { instancePolicy } from "../tagPolicies/instancePolicy";
import { parseWith } from "../support/validation";

export const DR_PAIRED_INTEGRATION_TYPE = "oic-dr:index:DrPairedIntegration";

// The pair as the instance sees it: its own file, which privateEndpoints.ts reads too.
export type { CrossRegionInstanceView, DisasterRecoveryView } from "./disasterRecoveryView";
import type { DisasterRecoveryView } from "./disasterRecoveryView";

/**
 * Where a pair's roles come from: read from OCI, or declared by the arguments. An object literal
 * `as const` before the type of the same name: the form Pulumi's component analyzer makes an enum
 * of (provider/README.md), as the multi-language schema cannot hold a union.
 */
export const RolesSource = { live: "live", declared: "declared" } as const;
export type RolesSource = (typeof RolesSource)[keyof typeof RolesSource];

/** Where the pair runs: read from OCI, or the roles the arguments declare when nothing was read. */
export interface PairRolesView {
    /** The region whose instance is PRIMARY. */
    readonly activeRegion: string;
    readonly standbyRegion: string;
    /** When the roles last changed (RFC 3339); undefined for declared roles. */
    readonly since: string | undefined;
    /** "live": read from the pair by the last preview or update; "declared": from the arguments (no instance yet, or unreadable). */
    readonly source: RolesSource;
}

function rolesView(live: LiveRoles | null | undefined, primaryRegion: string, secondaryRegion: string): PairRolesView {
    return live
        ? { activeRegion: live.activeRegion, standbyRegion: live.standbyRegion, since: live.timeRoleChanged, source: "live" }
        : { activeRegion: primaryRegion, standbyRegion: secondaryRegion, since: undefined, source: "declared" };
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
    /** Where the pair runs now, as read on every preview and update; the declared roles until the instance exists. */
    readonly roles: pulumi.Output<PairRolesView>;
    /** Reads the roles, guards the instance while it is the standby and performs failover as code. */
    readonly pairRoles: PairRoles;
    /** The failover runbook: its steps, with their commands for either region lost (role-neutral). */
    readonly runbook: Runbook;
    /**
     * The runbook as Markdown, headed by where the pair runs now ({@link roles}, read on every
     * preview and update; the declared roles, said to be unread, until then).
     */
    readonly runbookMarkdown: pulumi.Output<string>;
    /** The component's name: the key of its entry in `drPairs` and the `--pair` of the runbook's commands. */
    readonly pairName: string;
    /** What the operations need to address this pair in either region: export it with `drPairsOutput` (./drPairs.ts). */
    readonly stackOutputs: DrPairStackOutputs;
    /** The parts around the instance; undefined where the spec switches them off or does not need them. */
    readonly regionSubscription: RegionSubscription | undefined;
    /** The standby region's domain replication (undefined when the domain is homed there or none is needed). */
    readonly identityDomainReplication: IdentityDomainReplication | undefined;
    /** Every replication of a non-default domain, in the order they run: to each region of the pair that is not the domain's home region. */
    readonly identityDomainReplications: readonly IdentityDomainReplication[];
    readonly tagPolicies: TagPolicies | undefined;
    /** The `manage integration-instance` policy (undefined without instancePolicy); shared by the stack's pairs that need the same one. */
    readonly instancePolicy: oci.identity.Policy | undefined;
    readonly emailDelivery: EmailDelivery | undefined;
    readonly alarms: DrAlarms | undefined;
    /** The outbound private endpoints, the primary region's instance's then the partner region's (empty without privateEndpoints). */
    readonly privateEndpoints: readonly oci.integration.PrivateEndpointOutboundConnection[];
    /** Full Stack DR's protection groups, plans, log buckets and policy (fullStackDr/); undefined unless `fullStackDr` is given. */
    readonly fullStackDr: FullStackDr | undefined;
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
        // A non-default domain must be present in both regions of the pair: it is replicated, one
        // region after another, to each that is not the domain's own home (identityDomainReplication.ts).
        const replications =
            domain && !domain.isDefault && domain.replicate
                ? pairedDomainReplications(this, name, { id: domain.id, homeRegion: domain.homeRegion ?? regions.home }, pair, this.regionSubscription)
                : { all: [], standby: undefined };
        this.identityDomainReplications = replications.all;
        this.identityDomainReplication = replications.standby;
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
        const subjects = spec.instancePolicy;
        this.instancePolicy = subjects
            ? instancePolicy({
                  subjects: { groups: subjects.groups, dynamicGroups: subjects.dynamicGroups, domainName: tagSettings.domainName },
                  tenancyId: spec.tenancyId,
                  compartmentId: spec.compartmentId,
                  homeRegion: regions.home,
                  provider: pair.home.provider,
                  namePrefix: spec.namePrefix,
                  freeformTags,
                  pair: this,
                  pairName: name,
              })
            : undefined;
        // Before the instance, which depends on it: it reads where the pair runs now and refuses, in
        // its check, a change the instance must not receive (pairRolesProvider.ts); after a raise of
        // failoverGeneration it fails the pair over, once.
        const { idcsAt: _secret, failoverTrigger: _none, ...instanceInputs } = instanceArgs(spec);
        this.pairRoles = new PairRoles(
            childName.pairRoles(name),
            {
                pair: name,
                stack: `${pulumi.getProject()}/${pulumi.getStack()}`,
                region: spec.primaryRegion,
                partnerRegion: secondary,
                compartmentId: spec.compartmentId,
                displayName: spec.displayName,
                instance: instanceInputs as Record<string, pulumi.Input<unknown>>,
                generation: spec.failoverGeneration,
                auth: rolesAuth(spec.ociProvider),
            },
            { parent: this },
        );
        const prerequisites = [this.pairRoles, this.regionSubscription, ...this.identityDomainReplications, this.tagPolicies, this.instancePolicy].filter(
            (r): r is NonNullable<typeof r> => r !== undefined,
        );
        this.instance = new oci.integration.IntegrationInstance(childName.instance(name), instanceArgs(spec), {
            parent: this,
            provider: pair.primary.provider,
            protect: spec.protect,
            dependsOn: prerequisites,
            // Never sent, so no create fails a pair over; a stack from before PairRoles keeps the
            // value its state holds instead of seeing a change (and the provider, a rise to compare).
            ignoreChanges: ["failoverTrigger"],
            aliases: childName.instance.aliases(name),
        });
        this.roles = this.pairRoles.live.apply((live) => rolesView(live, spec.primaryRegion, secondary));

        this.primaryRegion = pulumi.output(spec.primaryRegion);
        this.secondaryRegion = pulumi.output(secondary);
        this.homeRegion = pulumi.output(regions.home);
        this.instanceId = this.instance.id;
        this.instanceUrl = this.instance.instanceUrl;
        this.designTimeUrl = this.instance.instanceDesignTimeUrl;
        this.disasterRecovery = this.instance.disasterRecoveryDetails.apply(toDisasterRecoveryView);
        this.privateEndpoints = spec.privateEndpoints
            ? pairedPrivateEndpoints(this, name, spec.privateEndpoints, pair, {
                  primaryRegion: this.instance.id,
                  secondaryRegion: instanceIdInRegion(this.disasterRecovery, secondary),
              })
            : [];
        this.pairName = name;
        this.stackOutputs = {
            primaryRegion: spec.primaryRegion,
            secondaryRegion: secondary,
            instanceId: this.instanceId,
            crossRegionInstanceId: this.disasterRecovery.apply((dr) => dr.crossRegion?.id),
            activeRegion: this.roles.apply((roles) => roles.activeRegion),
            rolesSince: this.roles.apply((roles) => roles.since),
        };
        this.runbook = buildRunbook(spec, secondary, name);
        this.runbookMarkdown = this.roles.apply((roles) => runbookToMarkdown(this.runbook, roles));

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
                          // Severities follow the roles read on every run (bodies hold for either role).
                          activeRegion: this.roles.apply((roles) => roles.activeRegion),
                          displayName: spec.displayName,
                          namePrefix: spec.namePrefix,
                          regionalUrls: {
                              primary: this.disasterRecovery.regionalUrl,
                              // Read from the standby only when DrAlarms will probe it and was not given its URL.
                              secondary: alarmSettings.probe.watchStandby && !alarmSettings.probe.standbyUrl ? this.standbyRegionalUrl() : undefined,
                          },
                      },
                      pair,
                      pairName: name,
                  }),
                  { parent: this, aliases: childName.alarmsComponent.aliases(name) },
              )
            : undefined;
        // Full Stack DR: the primary instance in the primary region's group, its standby (named by
        // the primary's DR details) in the partner region's.
        this.fullStackDr = spec.fullStackDr
            ? new FullStackDr(
                  childName.fullStackDrComponent(name),
                  composedArgs<FullStackDrArgs, ComposedFullStackDr>({
                      validated: {
                          ...spec.fullStackDr,
                          ...shared,
                          tenancyId: spec.tenancyId,
                          displayName: spec.displayName,
                          namePrefix: spec.namePrefix,
                          domainName: domain && !domain.isDefault ? domain.name : undefined,
                          instanceId: this.instanceId,
                          standbyInstanceId: this.stackOutputs.crossRegionInstanceId,
                      },
                      pair,
                  }),
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
            roles: this.roles,
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
 * methods, not spellings, so the stack sees no change (regionSubscriptionProvider.ts, `diff`).
 */
function subscriptionAuth(settings: OciProviderSettings | undefined): RegionSubscriptionAuth {
    const method = sdkAuthMethod(settings?.auth ?? DEFAULT_AUTH_METHOD) ?? DEFAULT_AUTH_METHOD;
    return method === "ApiKey" ? { method, profile: settings?.configFileProfile } : { method };
}

/**
 * How PairRoles signs: as the region subscription does, in the providers' words. A method only the
 * provider knows (a session token) is passed as it is: PairRoles then cannot read the roles, and
 * says so only when it must (a failover, or a change it would have to guard).
 */
function rolesAuth(settings: OciProviderSettings | undefined): RegionSubscriptionAuth {
    const named = settings?.auth;
    return named === undefined || sdkAuthMethod(named) ? subscriptionAuth(settings) : { method: named };
}

/** The instance as Oracle-managed DR requires it: only supported options, nothing it rejects. @internal */
export function instanceArgs(spec: DrIntegrationSpec): oci.integration.IntegrationInstanceArgs {
    return {
        compartmentId: spec.compartmentId,
        displayName: spec.displayName,
        integrationInstanceType: DR_EDITIONS[spec.edition],
        shape: DR_SHAPE,
        isByol: spec.isByol,
        messagePacks: spec.messagePacks,
        isDisasterRecoveryEnabled: true,
        // No failoverTrigger, ever: the provider fails over on create whenever it is set, 0 included,
        // and a rise whose update fails is sent again. Failover as code is PairRoles' (pairRolesProvider.ts).
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
