/**
 * `FullStackDr`: the pair's Oracle Integration instances as members of OCI Full Stack Disaster
 * Recovery (FSDR), so that a platform team's FSDR plans switch the integration pair over with the
 * rest of its stack.
 *
 * In each region of the pair: an Object Storage bucket for FSDR's operation logs and a DR
 * protection group holding that region's instance (member type INTEGRATION_INSTANCE). The standby
 * region's group declares the association (role STANDBY, its peer the primary region's group,
 * which thereby becomes PRIMARY), and holds the switchover and failover plans: FSDR creates plans
 * only at a standby group. In the home region: the IAM statements FSDR needs (facts/fullStackDr.ts
 * cites each).
 *
 * Roles move, and this component never moves them back: the association is declared at creation
 * and then ignored (`ignoreChanges`). Its fields are ForceNew in the provider
 * (terraform-provider-oci internal/service/disaster_recovery/disaster_recovery_dr_protection_group_resource.go:73-100)
 * and its read never sets them (SetData, 1432-1475, sets the group's own `role`, an output, not
 * `association`): a role that changed in OCI (a plan ran) shows no diff, and a program that
 * declared the roles from where the pair runs now would otherwise replace the groups, plans included.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { composedValues } from "../support/composition";
import { iamLocation, iamStatements } from "../../facts/iamPolicySyntax";
import { FSDR_INTEGRATION_MEMBER_TYPE, FSDR_LOG_BUCKET_TIER, FSDR_PLANS, FSDR_POLICY_RESOURCES, FSDR_ROLES, type FsdrPlanType } from "../../facts/fullStackDr";
import type { DrRegionIdentifier } from "../../facts/regions";
import { childName, ociName } from "../support/naming";
import { pairedOptsProblems, pairRegions, resolvePair, type DrProvidersArgs, type OciProviderSettings, type ResolvedPair } from "../support/providers";
import { parseWith } from "../support/validation";
import { fullStackDrArgsSchema, type FullStackDrSettings } from "./schema";

export const FULL_STACK_DR_TYPE = "oic-dr:index:FullStackDr";

/** Who runs FSDR's plans, and whether to declare the statements they need. */
export interface FullStackDrPolicyArgs {
    /** Declare the policy (default true); off when your IAM grants FSDR elsewhere. */
    enabled?: boolean;
    /** Groups that run the plans (user authentication), without their domain. */
    groups?: string[];
    /** Dynamic groups that run the plans (resource principal, e.g. automatic DR), without their domain. */
    dynamicGroups?: string[];
}

/** Full Stack DR's settings, as `fullStackDr` of DrPairedIntegration takes them. */
export interface FullStackDrSettingsArgs {
    /** The tenancy's Object Storage namespace, for the log buckets (default: read with `oci.objectstorage.getNamespace`). */
    objectStorageNamespace?: pulumi.Input<string>;
    /** The IAM statements FSDR needs (`manage disaster-recovery-family`, `integration-instance`, `buckets`, `objects`), in the home region. */
    policy?: FullStackDrPolicyArgs;
}

/** FullStackDr's arguments that every Pulumi language can pass: all but `providers`. */
export interface PortableFullStackDrArgs extends FullStackDrSettingsArgs {
    /** Region of the primary instance; the standby is in its fixed partner. Plain: it chooses providers and names. */
    primaryRegion: DrRegionIdentifier;
    /** The tenancy's home region, where IAM lives (default: the primary region). */
    homeRegion?: string;
    /** The tenancy: the policy lives in its root compartment. May be another resource's output. */
    tenancyId: pulumi.Input<string>;
    /** Compartment of the groups, plans and buckets (and of the instances, for the policy). May be an output. */
    compartmentId: pulumi.Input<string>;
    /** The instance's name: it names the groups, plans and buckets. */
    displayName: string;
    /** OCID of the instance in the primary region. */
    instanceId: pulumi.Input<string>;
    /** OCID of its standby (`_Recovery`) instance in the partner region. */
    standbyInstanceId: pulumi.Input<string>;
    /** The non-default identity domain of the policy's groups; omit for the Default domain. */
    domainName?: string;
    freeformTags?: Record<string, string>;
    /** Starts the policy's and buckets' names (default `<project>-<stack>`). */
    namePrefix?: string;
    /** Settings for the providers created here from region names. */
    ociProvider?: OciProviderSettings;
}

/** FullStackDr's arguments in TypeScript: the portable ones and the providers of the pair. */
export interface FullStackDrArgs extends PortableFullStackDrArgs {
    /** Providers for the two regions and the home region; missing ones are created from the region names. */
    providers?: DrProvidersArgs;
}

/** What DrPairedIntegration hands a composed FullStackDr. @internal */
export interface ComposedFullStackDr {
    readonly validated: FullStackDrSettings & {
        readonly primaryRegion: string;
        readonly tenancyId: pulumi.Input<string>;
        readonly compartmentId: pulumi.Input<string>;
        readonly displayName: string;
        readonly instanceId: pulumi.Input<string>;
        /** Unknown until the primary's `disasterRecoveryDetails` name it. */
        readonly standbyInstanceId: pulumi.Input<string | undefined>;
        readonly domainName?: string;
        readonly freeformTags?: Record<string, string>;
        readonly namePrefix: string;
    };
    readonly pair: ResolvedPair;
}

/** The IAM statements for these principals, each in IAM's grammar (`Allow <subject> to <verb> <type> in <location>`). */
export function fullStackDrStatements(
    policy: { groups: readonly string[]; dynamicGroups: readonly string[] },
    domainName: string | undefined,
    location: string,
): string[] {
    return iamStatements({ ...policy, domainName }, "manage", FSDR_POLICY_RESOURCES.map(({ resourceType }) => resourceType), location);
}

/** The command that runs a plan's precheck, as the OCI CLI takes it (the API's CreateDrPlanExecution). */
export function precheckCommand(planId: string, precheck: string, region: string): string {
    return `oci disaster-recovery dr-plan-execution create --region ${region} --plan-id ${planId} --execution-options '{"planExecutionType":"${precheck}"}'`;
}

export class FullStackDr extends pulumi.ComponentResource {
    /** Protection group per region identifier. */
    readonly protectionGroups: Record<string, oci.disasterrecovery.DrProtectionGroup>;
    /** Log bucket per region identifier. */
    readonly logBuckets: Record<string, oci.objectstorage.Bucket>;
    /** The plans, at the standby region's group, by type. */
    readonly plans: Record<FsdrPlanType, oci.disasterrecovery.DrPlan>;
    readonly policy: oci.identity.Policy | undefined;
    /** The OCI CLI commands that run each plan's precheck (SWITCHOVER_PRECHECK, FAILOVER_PRECHECK). */
    readonly precheckCommands: pulumi.Output<string[]>;

    constructor(name: string, args: FullStackDrArgs, opts?: pulumi.ComponentResourceOptions) {
        const composed = composedValues<ComposedFullStackDr>(args);
        const validated: ComposedFullStackDr["validated"] & { providers?: DrProvidersArgs; ociProvider?: OciProviderSettings; homeRegion?: string } =
            composed?.validated ?? parseWith(fullStackDrArgsSchema, args, "FullStackDr arguments", pairedOptsProblems(opts));
        super(FULL_STACK_DR_TYPE, name, {}, opts);
        const pair = composed?.pair ?? resolvePair(this, name, pairRegions(validated.primaryRegion, validated.homeRegion), validated.providers, validated.ociProvider);
        const { compartmentId, tenancyId, freeformTags, displayName, namePrefix } = validated;
        // One namespace per tenancy, the same in every region.
        const namespace =
            validated.objectStorageNamespace ??
            oci.objectstorage.getNamespaceOutput({ compartmentId: tenancyId }, { parent: this, provider: pair.primary.provider }).namespace;

        this.logBuckets = {};
        this.protectionGroups = {};
        const members = { [pair.primary.region]: validated.instanceId, [pair.secondary.region]: validated.standbyInstanceId };
        for (const side of pair.sides) {
            const bucket = new oci.objectstorage.Bucket(
                childName.fsdrLogBucket(name, side.region),
                { compartmentId, namespace, name: ociName.fsdrLogBucket(namePrefix, displayName, side.region), storageTier: FSDR_LOG_BUCKET_TIER, freeformTags },
                { parent: this, provider: side.provider },
            );
            const peer = side.role === "secondary" ? this.protectionGroups[pair.primary.region] : undefined;
            this.logBuckets[side.region] = bucket;
            this.protectionGroups[side.region] = new oci.disasterrecovery.DrProtectionGroup(
                childName.protectionGroup(name, side.region),
                {
                    compartmentId,
                    displayName: `${displayName}-fsdr-${side.suffix}`,
                    logLocation: { bucket: bucket.name, namespace },
                    // Each group holds its own region's instance: the pair's two instances never change regions.
                    members: [{ memberId: members[side.region] as pulumi.Input<string>, memberType: FSDR_INTEGRATION_MEMBER_TYPE }],
                    association: peer && { role: FSDR_ROLES.standby, peerId: peer.id, peerRegion: pair.primary.region },
                    freeformTags,
                },
                // Declared once (see the file's comment): a later change of roles, by FSDR or by
                // oic-dr, is never undone by an update.
                { parent: this, provider: side.provider, ...(peer ? { ignoreChanges: ["association"] } : {}) },
            );
        }
        const standbyGroup = this.protectionGroups[pair.secondary.region]!;
        const route = `${pair.primary.suffix}-to-${pair.secondary.suffix}`;
        this.plans = Object.fromEntries(
            FSDR_PLANS.map(({ type }) => [
                type,
                new oci.disasterrecovery.DrPlan(
                    childName.drPlan(name, type),
                    { displayName: `${displayName}-${type.toLowerCase()}-${route}`, drProtectionGroupId: standbyGroup.id, type, freeformTags },
                    { parent: this, provider: pair.secondary.provider },
                ),
            ]),
        ) as Record<FsdrPlanType, oci.disasterrecovery.DrPlan>;

        const policy = validated.policy;
        if (policy.enabled) {
            const location = pulumi
                .all([pulumi.output(compartmentId), pulumi.output(tenancyId)])
                .apply(([compartment, tenancy]) => iamLocation(compartment, tenancy));
            this.policy = new oci.identity.Policy(
                childName.fsdrPolicy(name),
                {
                    // Policies live in the root compartment; IAM lives in the home region.
                    compartmentId: tenancyId,
                    name: ociName.fsdrPolicy(namePrefix, name),
                    description: "Lets Full Stack Disaster Recovery's plans act on the Oracle Integration DR pair and write their logs.",
                    statements: location.apply((where) => fullStackDrStatements(policy, validated.domainName, where)),
                    freeformTags,
                },
                { parent: this, provider: pair.home.provider },
            );
        }
        this.precheckCommands = pulumi
            .all(FSDR_PLANS.map(({ type, precheck }) => this.plans[type].id.apply((id) => precheckCommand(id, precheck, pair.secondary.region))))
            .apply((commands) => commands);
        this.registerOutputs({ precheckCommands: this.precheckCommands });
    }
}
