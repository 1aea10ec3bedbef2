/** What the agent group's tests share: valid arguments, the cluster as `opts.provider`, type tokens. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ConnectivityAgentGroupArgs } from "../components/agentGroup/args";

export const K8S = {
    namespace: "kubernetes:core/v1:Namespace",
    secret: "kubernetes:core/v1:Secret",
    service: "kubernetes:core/v1:Service",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    pvc: "kubernetes:core/v1:PersistentVolumeClaim",
    deployment: "kubernetes:apps/v1:Deployment",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
} as const;

/** The DR instance's global URL, which the agents must use to follow a failover. */
export const GLOBAL_URL = "https://orders-oic-tenancy.integration.ocp.oraclecloud.com";

/** Valid arguments with `clientSecret` as the OAuth secret (each test file its own, to find it in output). */
export function agentArgs(clientSecret: string, overrides: Partial<ConnectivityAgentGroupArgs> = {}): ConnectivityAgentGroupArgs {
    return {
        image: "registry.example.com/oic/connectivity-agent:25.04",
        agentGroupIdentifier: "ORDERS_AGENTS",
        oicUrl: GLOBAL_URL,
        oauth: {
            idcsUrl: "https://idcs-0123.identity.oraclecloud.com:443",
            scope: "https://0123.integration.ocp.oraclecloud.com:443urn:opc:resource:consumer::all",
            clientId: "agent-client",
            clientSecret: pulumi.secret(clientSecret),
        },
        ...overrides,
    };
}

/** The cluster, as a Pulumi user passes it: opts.provider. */
export const onCluster = (): pulumi.ComponentResourceOptions => ({ provider: new k8s.Provider("cluster", { kubeconfig: "{}" }) });
