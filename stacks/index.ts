/**
 * The example program: a DR-paired Oracle Integration 3 deployment whose every setting comes from
 * stack config (see Pulumi.yaml for the keys and stacks/Pulumi.example.yaml for values), and,
 * when `connectivityAgents` is set, its connectivity agent group on Kubernetes.
 */
import * as k8s from "@pulumi/kubernetes";
import { ConnectivityAgentGroup, DrPairedIntegration, drPairsOutput, readAgentGroupFromConfig, readSpecFromConfig } from "../index";

const oic = new DrPairedIntegration("oic", readSpecFromConfig());

const agentConfig = readAgentGroupFromConfig();
const agents = agentConfig
    ? new ConnectivityAgentGroup(
          "agents",
          {
              ...agentConfig.group,
              // The global URL: both agents follow the active instance across failovers.
              oicUrl: oic.instanceUrl,
          },
          { provider: new k8s.Provider("agents-cluster", { context: agentConfig.kubeContext }) },
      )
    : undefined;

// What `oic-dr failover|status|drill|post-failover --stack-outputs FILE --pair oic` read: each pair
// of the stack under its name (list every DrPairedIntegration of a stack here).
export const drPairs = drPairsOutput(oic);
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
export const connectivityAgents = agents ? { namespace: agents.namespace, oicUrl: agents.oicUrl } : "not configured";
