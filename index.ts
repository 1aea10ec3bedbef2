/**
 * oic-dr: Pulumi components and policies for Oracle Integration 3 with Oracle-managed disaster recovery.
 */
export * from "./components/regions";
export * from "./components/drSupport";
export * from "./components/config";
export * from "./components/providers";
export * from "./components/runbook";
export * from "./components/failoverGeneration";
export * from "./components/regionSubscription";
export * from "./components/identityDomainReplication";
export * from "./components/tagPolicies";
export * from "./components/emailDelivery";
export * from "./components/drAlarms";
export * from "./components/drPairedIntegration";
export * from "./components/connectivityAgentGroup";
export * from "./components/stackConfig";
