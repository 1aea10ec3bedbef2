/**
 * `DrPairedIntegration`: one Oracle Integration 3 instance with Oracle-managed disaster recovery,
 * its primary in one region of a fixed pair and its standby in the other, plus what surrounds it.
 */
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { parseDrIntegrationSpec, type DrIntegrationSpec, type DrIntegrationSpecInput } from "./config";
import { DR_EDITIONS, DR_SHAPE } from "./drSupport";
import { FailoverGenerationGuard } from "./failoverGeneration";
import { resolveDrProviders, type DrProviders } from "./providers";
import { requirePartnerRegion } from "./regions";
import { buildRunbook, runbookToMarkdown, type Runbook } from "./runbook";

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

        const guard = new FailoverGenerationGuard(
            `${name}-failover-generation`,
            { generation: spec.failoverGeneration },
            { parent: this },
        );

        this.instance = new oci.integration.IntegrationInstance(
            `${name}-instance`,
            instanceArgs(spec),
            {
                parent: this,
                provider: this.providers.primary,
                protect: spec.protect,
                dependsOn: [guard],
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
        });
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
        failoverTrigger: spec.failoverGeneration,
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
