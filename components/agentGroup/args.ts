/** The arguments of ConnectivityAgentGroup, with the words the docs and the other languages' schema are made from. */
import type * as pulumi from "@pulumi/pulumi";

/** The OAuth client of the agent group (from its page in Oracle Integration). */
export interface AgentOAuthArgs {
    /** The identity domain's URL, e.g. https://idcs-....identity.oraclecloud.com:443. */
    idcsUrl: pulumi.Input<string>;
    /** The scope of the agent group's OAuth client. */
    scope: pulumi.Input<string>;
    clientId: pulumi.Input<string>;
    /** A Pulumi secret, never plain text. */
    clientSecret: pulumi.Input<string>;
}

/** An HTTP proxy the agents go through. */
export interface AgentProxyArgs {
    host: string;
    port: number;
    username?: string;
    /** A Pulumi secret, never plain text. */
    password?: pulumi.Input<string>;
    /** Hosts reached directly, `|`-separated. */
    nonProxyHosts?: string;
    /**
     * The proxy's addresses, for the NetworkPolicy (which matches addresses, not names): required
     * while the policy is on, unless `host` is an IP address.
     */
    cidrs?: string[];
}

/** A port the agents reach on an egress target. */
export interface AgentEgressPort {
    port: number;
    /** The last port of a range starting at `port`. */
    endPort?: number;
    /** TCP (default), UDP or SCTP. */
    protocol?: string;
}

/**
 * A system the agents reach (a database, an SFTP server, a queue...): either `cidr` (with
 * optional `except`), or `namespaceSelector` and/or `podSelector` for one inside the cluster
 * (`podSelector` alone: in the agents' namespace).
 */
export interface AgentEgressTarget {
    cidr?: string;
    except?: string[];
    namespaceSelector?: Record<string, string>;
    podSelector?: Record<string, string>;
    ports: AgentEgressPort[];
}

/**
 * A volume every agent of the group mounts, for the files integrations read and write: Oracle
 * requires those paths to be visible to every agent of a group. Either an existing claim, or a
 * ReadWriteMany claim created here (the storage class must support ReadWriteMany: NFS, CephFS,
 * Azure Files, EFS, OCI File Storage...).
 */
export interface AgentSharedVolumeArgs {
    /** An existing ReadWriteMany claim in the agents' namespace. */
    existingClaim?: string;
    /** Size of the claim created here (required without existingClaim). */
    size?: string;
    storageClassName?: string;
    /** Default /u01/oic-shared. */
    mountPath?: string;
}

export interface AgentNamespaceArgs {
    name: string;
    /** Create it (default) or use an existing one. */
    create?: boolean;
}

export interface AgentResourcesArgs {
    cpu?: string;
    memory?: string;
    memoryLimit?: string;
}

export interface AgentStorageArgs {
    size?: string;
    storageClassName?: string;
}

/**
 * The agent group. The cluster is the Kubernetes provider in `opts.provider` (as in pulumi-eks);
 * without one, the ambient kubeconfig's current context.
 */
export interface ConnectivityAgentGroupArgs {
    /** The identifier of the agent group created in Oracle Integration. */
    agentGroupIdentifier: string;
    /** Agents in the group, 1 or 2 (default 2). */
    replicas?: number;
    /** Your agent image: Oracle publishes none. */
    image: string;
    imagePullSecrets?: string[];
    /** Namespace to create, or an existing one. Default: one named after the component. */
    namespace?: AgentNamespaceArgs;
    /** Where the image holds the unzipped agent distribution (default /opt/oic-agent). */
    distributionPath?: string;
    /** The agent's command (default java -jar connectivityagent.jar). */
    command?: string[];
    /**
     * Where, relative to the install directory, the agent records the version it upgraded itself
     * to (default agenthome/agent/config/version). Not verified against Oracle's agent: see
     * components/agentGroup/initScript.ts.
     */
    agentVersionFile?: string;
    /** JVM options, passed as JAVA_TOOL_OPTIONS (default `-Xmx4g -XX:+HeapDumpOnOutOfMemoryError`: Oracle's 4 GB heap). */
    javaOptions?: string;
    /** Non-root uid the agent runs as (default 1000). */
    runAsUser?: number;
    /** CPU request (default 1), memory request and limit (default 8Gi each: Oracle's minimum). */
    resources?: AgentResourcesArgs;
    storage?: AgentStorageArgs;
    /** Node label of the failure domain the agents are spread over (default topology.kubernetes.io/zone). */
    zoneTopologyKey?: string;
    /**
     * Spread over zones, `preferred` or `required`: `preferred` (default, `ScheduleAnyway`) places both agents even on a
     * cluster without zone labels or with one zone; `required` (`DoNotSchedule`) never puts two
     * in one zone, and schedules no agent on a node lacking the label.
     */
    zoneSpread?: string;
    /**
     * Keep agents on different nodes, `preferred` or `required`: `preferred` (default) lets both run on a single-node
     * cluster; `required` leaves the second agent pending until a second node exists.
     */
    nodeSpread?: string;
    /** Declare the NetworkPolicy (default true); false leaves policy to the cluster's owner. */
    networkPolicy?: boolean;
    /** The systems the agents reach, each on its own ports. */
    egressTargets?: AgentEgressTarget[];
    /** Labels of the namespace of the cluster's DNS (default kubernetes.io/metadata.name=kube-system). */
    dnsNamespaceSelector?: Record<string, string>;
    /** Labels of the cluster's DNS pods (default k8s-app=kube-dns). */
    dnsPodSelector?: Record<string, string>;
    /**
     * CIDRs of the Oracle Integration and identity-domain hosts: when given, HTTPS goes to them
     * only (and not to the whole internet).
     */
    oracleCidrs?: string[];
    /** A volume shared by every agent, for file operations. */
    sharedVolume?: AgentSharedVolumeArgs;
    /**
     * `oic_URL`: the DR instance's global URL (DrPairedIntegration's `instanceUrl`), so the agents
     * follow a failover. A URL that names a region reaches one instance only.
     */
    oicUrl: pulumi.Input<string>;
    oauth: AgentOAuthArgs;
    proxy?: AgentProxyArgs;
}
