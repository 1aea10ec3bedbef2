/**
 * The example program: a DR-paired Oracle Integration 3 deployment whose every setting comes from
 * stack config (see Pulumi.yaml for the keys and stacks/Pulumi.example.yaml for values).
 */
import { DrPairedIntegration, readSpecFromConfig } from "..";

const oic = new DrPairedIntegration("oic", { spec: readSpecFromConfig() });

export const primaryRegion = oic.primaryRegion;
export const secondaryRegion = oic.secondaryRegion;
export const instanceId = oic.instanceId;
export const instanceUrl = oic.instanceUrl;
export const designTimeUrl = oic.designTimeUrl;
export const disasterRecovery = oic.disasterRecovery;
export const smtpEndpoints = oic.smtpEndpoints;
export const dkimDnsRecords = oic.dkimDnsRecords;
export const alertTopicIds = oic.alertTopicIds;
export const runbook = oic.runbook;
export const runbookMarkdown = oic.runbookMarkdown;
