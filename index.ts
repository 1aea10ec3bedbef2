/**
 * oic-dr: Pulumi components for Oracle Integration 3 with Oracle-managed disaster recovery, and
 * the facts and schemas they are built on. The policy pack is `oic-dr/policies`; helpers for your
 * own tests are `oic-dr/testing`.
 *
 * Named exports only: what is here is the supported surface. Test seams and the internal
 * construction path of composed components are not exported (or are marked internal and
 * stripped from the typings).
 */

// The components, with their documented arguments.
export {
    DrPairedIntegration,
    DR_PAIRED_INTEGRATION_TYPE,
    type DisasterRecoveryView,
    type PairRolesView,
    RolesSource,
    type CrossRegionInstanceView,
} from "./components/drPairedIntegration/drPairedIntegration";
export type {
    DrPairedIntegrationArgs,
    PortableDrPairedIntegrationArgs,
    IdentityDomainArgs,
    TagsArgs,
    IntegrationUsageArgs,
    TagPolicyArgs,
    DrAlarmsSettingsArgs,
} from "./components/drPairedIntegration/args";
// The stack output the operations (`oic-dr failover|status|drill|post-failover --pair`) read.
export { drPairsOutput, DR_PAIRS_OUTPUT, type DrPairStackOutputs, type DrPairOutputs } from "./components/drPairedIntegration/drPairs";
export { RegionSubscription, type RegionSubscriptionArgs } from "./components/dynamic/regionSubscription";
export type { RegionSubscriptionAuth } from "./components/dynamic/regionSubscriptionTypes";
export {
    IdentityDomainReplication,
    IDENTITY_DOMAIN_REPLICATION_TYPE,
    type IdentityDomainReplicationArgs,
} from "./components/identityDomainReplication/identityDomainReplication";
export { TagPolicies, TAG_POLICIES_TYPE, tagNamespaceStatements, type TagPoliciesArgs } from "./components/tagPolicies/tagPolicies";
export {
    EmailDelivery,
    EMAIL_DELIVERY_TYPE,
    smtpEndpoint,
    dkimSelector,
    type EmailDeliveryArgs,
    type PortableEmailDeliveryArgs,
    type EmailDeliverySettingsArgs,
    type EmailDomainArgs,
    type DkimDnsRecord,
} from "./components/emailDelivery/emailDelivery";
export {
    FullStackDr,
    FULL_STACK_DR_TYPE,
    fullStackDrStatements,
    precheckCommand,
    type FullStackDrArgs,
    type PortableFullStackDrArgs,
    type FullStackDrSettingsArgs,
    type FullStackDrPolicyArgs,
} from "./components/fullStackDr/fullStackDr";
export {
    DrAlarms,
    DR_ALARMS_TYPE,
    ALARM_DEFAULTS,
    HEALTH_CHECKS_NAMESPACE,
    HEALTH_METRICS,
    probeAlarmQuery,
    type DrAlarmsArgs,
    type PortableDrAlarmsArgs,
    type AlarmSettingsArgs,
    type NotificationSubscriptionArgs,
    type RegionalEndpointsArgs,
    type ProbeArgs,
    type CustomAlarmArgs,
    type RegionalUrlsArgs,
    type CrossRegionWatch,
} from "./components/drAlarms/drAlarms";
export { ConnectivityAgentGroup, CONNECTIVITY_AGENT_GROUP_TYPE } from "./components/agentGroup/connectivityAgentGroup";
export { AGENT_HOME } from "./components/agentGroup/manifests";
export type {
    ConnectivityAgentGroupArgs,
    AgentOAuthArgs,
    AgentProxyArgs,
    AgentNamespaceArgs,
    AgentResourcesArgs,
    AgentStorageArgs,
    AgentEgressTarget,
    AgentEgressPort,
    AgentSharedVolumeArgs,
} from "./components/agentGroup/args";
export { PairRoles, type LiveRoles, type CompletedFailover } from "./components/dynamic/pairRoles";
export type { DrProviders, DrProvidersArgs, OciProviderSettings } from "./components/support/providers";

// The facts: region pairs and what Oracle-managed DR supports.
export {
    REGION_PAIR_SOURCES,
    REGION_IDENTIFIER,
    regionPairs,
    drRegions,
    drRegionIdentifiers,
    isDrRegion,
    drRegion,
    regionByKey,
    partnerRegion,
    requirePartnerRegion,
    pairOf,
    DrRegionIdentifier,
    type DrRegion,
    type RegionPair,
    type RegionPairSource,
} from "./facts/regions";
export {
    DR_EDITIONS,
    DR_SUPPORTED_INSTANCE_TYPES,
    DR_SHAPE,
    OCI_TYPES,
    MAX_AGENTS_PER_GROUP,
    AGENT_LABELS,
    DR_UNSUPPORTED_INSTANCE_FIELDS,
    DrEdition,
    type DrUnsupportedFeature,
    type DrUnsupportedInstanceField,
    type DrInstanceType,
} from "./facts/drSupport";
export { CONSUMPTION_MODELS, DATA_RETENTION_PERIODS, AlarmSeverity } from "./facts/ociContracts";

// The schemas, and validation without declaring anything.
export {
    drPairedIntegrationArgsSchema,
    parseDrIntegrationSpec,
    AGENT_LOCATIONS,
    ConnectivityAgentLocation,
    type DrIntegrationSpec,
    type IntegrationUsage,
} from "./components/drPairedIntegration/schema";
export { emailDeliveryArgsSchema } from "./components/emailDelivery/schema";
export { drAlarmsArgsSchema, ALARM_SEVERITIES, PROBE_INTERVALS, ProbeKind } from "./components/drAlarms/schema";
export { NOTIFICATION_PROTOCOLS, NotificationProtocol } from "./facts/ociContracts";
export { tagPoliciesArgsSchema } from "./components/tagPolicies/schema";
export { identityDomainReplicationArgsSchema } from "./components/identityDomainReplication/schema";
export { agentGroupArgsSchema } from "./components/agentGroup/schema";
export { SpecValidationError, type SpecProblem } from "./components/support/validation";

// The failover runbook.
export { buildRunbook, runbookToMarkdown, type Runbook, type RunbookRoles, type RunbookStep, type RunbookPhase, type RunbookCommand } from "./components/drPairedIntegration/runbook";

// Stack configuration, as the example program reads it.
export {
    readSpecFromConfig,
    readAgentGroupFromConfig,
    SPEC_CONFIG_KEYS,
    AGENT_CONFIG_KEYS,
    type ConfigKey,
    type ConfigKeyType,
    type SpecConfigKey,
    type AgentGroupConfig,
} from "./components/stackConfig";
