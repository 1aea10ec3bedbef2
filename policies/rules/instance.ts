/**
 * The Oracle Integration instance's own settings: what Oracle-managed DR supports (edition, shape,
 * features) and what a DR instance needs (DR on, protected against deletion).
 */
import { DR_SHAPE, DR_SUPPORTED_INSTANCE_TYPES, DR_UNSUPPORTED_INSTANCE_FIELDS as UNSUPPORTED } from "../../facts/drSupport";
import { resourcePolicy, type Found } from "../framework";
import { drEnabled, INSTANCE, label, show } from "./inspect";

export const supportedEdition = resourcePolicy({
    name: "oic-dr-supported-edition",
    description: "A DR-enabled Oracle Integration instance must be Enterprise (ENTERPRISEX) or Healthcare (HEALTHCARE).",
    enforcementLevel: "mandatory",
    findings: ["integrationInstanceType"],
    remediationSteps: `Set integrationInstanceType to one of ${DR_SUPPORTED_INSTANCE_TYPES.join(", ")}, or create the instance without DR.`,
    types: INSTANCE,
    check: (r) => {
        if (!drEnabled(r)) return undefined;
        const type = r.props.integrationInstanceType;
        // Absent, it is the provider's to reject (the argument is required); only a known value is judged.
        return type === undefined || DR_SUPPORTED_INSTANCE_TYPES.includes(type)
            ? undefined
            : `${label(r)} has integrationInstanceType ${show(type)}, which Oracle-managed DR does not support; use ${DR_SUPPORTED_INSTANCE_TYPES.join(" or ")} (Standard edition and Gen 2 types have no DR).`;
    },
});

export const productionShape = resourcePolicy({
    name: "oic-dr-production-shape",
    description: "A DR-enabled Oracle Integration instance must have the PRODUCTION shape.",
    enforcementLevel: "mandatory",
    findings: ["shape"],
    remediationSteps: `Set shape to ${DR_SHAPE} (or leave it unset, which means ${DR_SHAPE}).`,
    types: INSTANCE,
    check: (r) => {
        if (!drEnabled(r)) return undefined;
        const shape = r.props.shape;
        return shape === undefined || shape === DR_SHAPE
            ? undefined
            : `${label(r)} has shape ${show(shape)}; Oracle-managed DR only runs the ${DR_SHAPE} shape (DEVELOPMENT is rejected). Set shape to ${DR_SHAPE}.`;
    },
});

export const noUnsupportedFeatures = resourcePolicy({
    name: "oic-dr-no-unsupported-features",
    description: "A DR-enabled Oracle Integration instance must not enable Visual Builder or Process Automation.",
    enforcementLevel: "mandatory",
    findings: ["isVisualBuilderEnabled", "enableProcessAutomationTrigger"],
    remediationSteps: "Set isVisualBuilderEnabled to false and remove enableProcessAutomationTrigger; run those features on a separate, non-DR instance.",
    types: INSTANCE,
    check: (r) => {
        if (!drEnabled(r)) return undefined;
        const problems: Found[] = [];
        if (r.props.isVisualBuilderEnabled === true) {
            problems.push({
                finding: "isVisualBuilderEnabled",
                message: `${label(r)} enables ${UNSUPPORTED.isVisualBuilderEnabled.feature}, which is not available on DR instances. Set isVisualBuilderEnabled to false.`,
            });
        }
        const trigger = r.props.enableProcessAutomationTrigger;
        if (typeof trigger === "number" && trigger > 0) {
            problems.push({
                finding: "enableProcessAutomationTrigger",
                message: `${label(r)} enables ${UNSUPPORTED.enableProcessAutomationTrigger.feature} (enableProcessAutomationTrigger), which DR does not support. Remove the trigger.`,
            });
        }
        return problems;
    },
});

export const protectedInstance = resourcePolicy({
    name: "oic-dr-protected-instance",
    description: "A DR-enabled Oracle Integration instance should be protected: deleting the primary deletes the standby too.",
    enforcementLevel: "advisory",
    findings: ["protect"],
    remediationSteps: "Set the protect resource option on the instance (DrPairedIntegration does so by default).",
    types: INSTANCE,
    check: (r) =>
        drEnabled(r) && !r.opts.protect
            ? `${label(r)} is not protected; deleting it deletes its standby in the partner region as well. Set protect: true.`
            : undefined,
});

export const drEnabledPolicy = resourcePolicy({
    name: "oic-dr-enabled",
    description: "An Oracle Integration instance in a stack under this pack should have Oracle-managed DR enabled.",
    enforcementLevel: "advisory",
    findings: ["isDisasterRecoveryEnabled"],
    remediationSteps: "Create the instance with isDisasterRecoveryEnabled: true (it can only be set at creation), or waive this policy for it.",
    types: INSTANCE,
    check: (r) =>
        r.props.isDisasterRecoveryEnabled === true
            ? undefined
            : `${label(r)} has Oracle-managed DR off; it will not survive the loss of its region. DR can only be enabled when the instance is created.`,
});

/**
 * The OCI provider's `failoverTrigger` (terraform-provider-oci v8.23.0,
 * internal/service/integration/integration_integration_instance_resource.go) calls
 * DisasterRecoveryFailover on create whenever the field is set, 0 included (GetOkExists, :666-671),
 * and on update whenever it rises, before UpdateIntegrationInstance (:769-782): a failed update
 * keeps the old value in the state, so the retry fails over again. Any known value is judged; an
 * unknown one is left to the engine, as the other resource rules do.
 */
export const noFailoverTrigger = resourcePolicy({
    name: "oic-dr-no-failover-trigger",
    description: "A DR-enabled Oracle Integration instance should not set failoverTrigger: the OCI provider fails the pair over on every create where it is set, and again on the retry of a failed update.",
    enforcementLevel: "advisory",
    findings: ["failoverTrigger"],
    remediationSteps:
        "Remove failoverTrigger. Fail over with DrPairedIntegration's failoverGeneration (one failover per raise, never on create), or run `oic-dr failover` from the surviving region.",
    types: INSTANCE,
    check: (r) => {
        if (!drEnabled(r)) return undefined;
        const trigger = r.props.failoverTrigger;
        return trigger === undefined || trigger === null
            ? undefined
            : `${label(r)} sets failoverTrigger ${show(trigger)}: the OCI provider fails the pair over whenever the instance is created with it set (0 included), so a replacement or re-creation fails the new pair over, and when the update after a raise fails, the retry fails over again. ` +
                  "Remove it; fail over with DrPairedIntegration's failoverGeneration, or with `oic-dr failover` from the surviving region.";
    },
});
