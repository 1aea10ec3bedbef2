/**
 * What OCI Full Stack Disaster Recovery (FSDR) accepts for an Oracle Integration pair, with the
 * source of each fact (pages read 2026-12-07). No Pulumi: the components and the policy pack both
 * import it.
 */

/**
 * The member type of an Oracle Integration instance in a DR protection group. It takes only
 * `memberId`: terraform-provider-oci 7.29.0 (CHANGELOG.md:502, "OIC member support for Full Stack
 * Disaster Recovery"); internal/service/disaster_recovery/disaster_recovery_dr_protection_group_resource.go:142
 * (the enum) and 2358-2364 (CreateDrProtectionGroupMemberIntegrationInstanceDetails: memberId only),
 * at commit 8de3c480b4bf08d8edd40ef0cc4ad0340bd01721.
 */
export const FSDR_INTEGRATION_MEMBER_TYPE = "INTEGRATION_INSTANCE";

/**
 * The built-in plan steps FSDR generates for an integration instance: oci-go-sdk
 * disasterrecovery/dr_plan_step_type.go:146-149 (commit 7ce2eb7c4688c212b7d1bdf8e7c759f52477cffa).
 * No drill step exists for it there.
 */
export const FSDR_INTEGRATION_STEP_TYPES = [
    "INTEGRATION_INSTANCE_SWITCHOVER_PRECHECK",
    "INTEGRATION_INSTANCE_SWITCHOVER",
    "INTEGRATION_INSTANCE_FAILOVER_PRECHECK",
    "INTEGRATION_INSTANCE_FAILOVER",
] as const;

/**
 * The plans declared for the pair, and the precheck execution type of each. Plan types: the OCI CLI
 * reference of `oci disaster-recovery dr-plan create` ("Accepted values are: FAILOVER, START_DRILL,
 * STOP_DRILL, SWITCHOVER", https://docs.cloud.oracle.com/tools/oci-cli/latest/oci_cli_docs/cmdref/disaster-recovery/dr-plan/create.html);
 * execution types: DrPlanExecutionType (SWITCHOVER_PRECHECK, FAILOVER_PRECHECK; "prechecks can be
 * executed separately from a plan", https://docs.oracle.com/en-us/iaas/tools/dotnet/latest/api/Oci.DisasterrecoveryService.Models.DrPlanExecutionType.html).
 */
export const FSDR_PLANS = [
    { type: "SWITCHOVER", precheck: "SWITCHOVER_PRECHECK" },
    { type: "FAILOVER", precheck: "FAILOVER_PRECHECK" },
] as const;
export type FsdrPlanType = (typeof FSDR_PLANS)[number]["type"];

/**
 * Plans are created at the STANDBY group: "Full Stack DR can create DR plans only for a DR
 * protection group that has a standby role" ("Overview of Disaster Recovery Plans",
 * https://docs.oracle.com/en/cloud/iaas/disaster-recovery/cssgm/overview-dr-plans.html, item 7).
 * The association is declared by the standby side, naming its peer (terraform-provider-oci
 * examples/disaster_recovery/dr_protection_group/dr_protection_group.tf:110-119: the associating
 * group is STANDBY, `peer_id` its peer).
 */
export const FSDR_ROLES = { primary: "PRIMARY", standby: "STANDBY" } as const;

/** The resource types FSDR's IAM statements name, each with the page that prints it. */
export const FSDR_POLICY_RESOURCES = [
    {
        resourceType: "disaster-recovery-family",
        // "Examples of IAM Policy Definitions for Disaster Recovery": `manage disaster-recovery-family`
        // lets a group administer every DR operation (https://docs.oracle.com/iaas/disaster-recovery/doc/iam-policy-examples-for-dr.html).
        source: "https://docs.cloud.oracle.com/iaas/disaster-recovery/doc/disaster-recovery-policies.html",
    },
    {
        resourceType: "integration-instance",
        // "Policies for Integration Instance": `Allow group|dynamic-group <x> to manage integration-instance in compartment <c>`.
        source: "https://docs.oracle.com/en/cloud/iaas/disaster-recovery/cssgm/integrationinstance-policies.html",
    },
    {
        resourceType: "buckets",
        // "Policies for Log Location for Operation Logs": `manage buckets` and `manage objects`.
        source: "https://docs.oracle.com/es-ww/iaas/disaster-recovery/doc/object-storage-policies.html",
    },
    { resourceType: "objects", source: "https://docs.oracle.com/es-ww/iaas/disaster-recovery/doc/object-storage-policies.html" },
] as const;

/**
 * The log bucket Oracle asks for ("Preparing Log Location for Operation Logs",
 * https://docs.oracle.com/en-us/iaas/disaster-recovery/doc/object-storage-for-logs.html): one per
 * protection group, Standard tier, no replication, no retention rules, used for nothing else.
 */
export const FSDR_LOG_BUCKET_TIER = "Standard";
