/**
 * `ConnectivityAgentGroup`: the Oracle Integration connectivity agents of one agent group, on
 * Kubernetes, so that the loss of a node or a zone never takes the group down.
 *
 * An agent group holds at most two agents, and both process messages (active-active). If an
 * agent's host dies, the group needs another host quickly; a StatefulSet of two pods, kept on
 * different nodes and zones, with a disruption budget, is that plan. Each agent keeps its state
 * in its install directory, so each pod gets its own persistent volume.
 *
 * Oracle publishes no container image: `image` is yours. The contract with it:
 * - the unzipped agent distribution (connectivityagent.jar and friends) is at `distributionPath`;
 * - it has `sh` and `cp`, and runs as a non-root user (uid `runAsUser`);
 * - on start the init container copies the distribution into the install directory (first start
 *   only) and the rendered `InstallerProfile.cfg` over the one there; the agent then runs from the
 *   install directory (`command`, default `java -jar connectivityagent.jar`).
 *
 * Labels on every object, which the `oic-dr-agent-group-size` policy also reads on hand-written
 * workloads: `app.kubernetes.io/component: oic-connectivity-agent` and
 * `oic-dr.io/agent-group: <agent group identifier>`.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { secretOutput } from "./config";
import { AGENT_LABELS, MAX_AGENTS_PER_GROUP } from "./drSupport";
import { providerPackageProblems } from "./providers";
import { REGION_IDENTIFIER } from "./regions";
import { describeValue, parseWith, stringInput } from "./validation";

export const CONNECTIVITY_AGENT_GROUP_TYPE = "oic-dr:index:ConnectivityAgentGroup";

/** Where the agent keeps its state: the persistent install directory. */
export const AGENT_HOME = "/u01/oic-agent";
const PROFILE_MOUNT = "/etc/oic-agent";
const PROFILE_FILE = "InstallerProfile.cfg";

const LABEL_VALUE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const quantity = z.string().regex(QUANTITY, { error: "is not a Kubernetes quantity such as 500m, 4Gi" });
const text = stringInput((value) => (value.length > 0 ? undefined : "must not be empty"));
const url = stringInput((value) => (URL.canParse(value) ? undefined : `${describeValue(value)} is not a URL`));

/** The agent group's arguments: one schema, so every problem is reported in one run. */
export const agentGroupArgsSchema = z.strictObject({
    /** The identifier of the agent group created in Oracle Integration. */
    agentGroupIdentifier: z.string().regex(LABEL_VALUE, {
        error: "must be 1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
    }),
    /** Agents in the group; Oracle Integration allows at most two. */
    replicas: z
        .number()
        .int()
        .min(1)
        .max(MAX_AGENTS_PER_GROUP, {
            error: (iss) => `${describeValue(iss.input)} agents; an agent group holds at most ${MAX_AGENTS_PER_GROUP}`,
        })
        .default(MAX_AGENTS_PER_GROUP),
    image: z.string().min(1, { error: "an image is required: Oracle publishes no connectivity agent image" }),
    imagePullSecrets: z.array(z.string().min(1)).default([]),
    /** Namespace to create, or an existing one (create: false). Default: one named after the component. */
    namespace: z.strictObject({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/), create: z.boolean().default(true) }).optional(),
    distributionPath: z.string().startsWith("/").default("/opt/oic-agent"),
    command: z.array(z.string().min(1)).min(1).default(["java", "-jar", "connectivityagent.jar"]),
    /** Extra JVM options, passed as JAVA_TOOL_OPTIONS. */
    javaOptions: z.string().default("-XX:MaxRAMPercentage=75"),
    runAsUser: z.number().int().min(1, { error: "the agent must not run as root (uid 0)" }).default(1000),
    resources: z
        .strictObject({
            cpu: quantity.default("1"),
            memory: quantity.default("4Gi"),
            memoryLimit: quantity.default("6Gi"),
        })
        .default({ cpu: "1", memory: "4Gi", memoryLimit: "6Gi" }),
    storage: z.strictObject({ size: quantity.default("10Gi"), storageClassName: z.string().min(1).optional() }).default({ size: "10Gi" }),
    /** Node label of the failure domain the two agents must not share. */
    zoneTopologyKey: z.string().default("topology.kubernetes.io/zone"),
    oicUrl: url,
    oauth: z.strictObject({
        idcsUrl: url,
        scope: text,
        clientId: text,
        clientSecret: secretOutput,
    }),
    proxy: z
        .strictObject({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535),
            username: z.string().min(1).optional(),
            password: secretOutput.optional(),
            nonProxyHosts: z.string().optional(),
            useSsl: z.boolean().default(false),
        })
        .optional(),
});
export type AgentGroupSettings = z.output<typeof agentGroupArgsSchema>;

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
    useSsl?: boolean;
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
    /** JVM options, passed as JAVA_TOOL_OPTIONS. */
    javaOptions?: string;
    /** Non-root uid the agent runs as (default 1000). */
    runAsUser?: number;
    resources?: AgentResourcesArgs;
    storage?: AgentStorageArgs;
    /** Node label of the failure domain the two agents must not share. */
    zoneTopologyKey?: string;
    /**
     * `oic_URL`: the DR instance's global URL (DrPairedIntegration's `instanceUrl`), so the agents
     * follow a failover. A URL that names a region reaches one instance only.
     */
    oicUrl: pulumi.Input<string>;
    oauth: AgentOAuthArgs;
    proxy?: AgentProxyArgs;
}

/** A URL naming one region (e.g. `.us-ashburn-1.`) reaches one instance, not whichever is active. @internal */
export function regionNamedInUrl(url: string): string | undefined {
    const host = URL.canParse(url) ? new URL(url).hostname : url;
    return host.split(".").find((label) => REGION_IDENTIFIER.test(label));
}

interface ProfileValues {
    oicUrl: string;
    agentGroupIdentifier: string;
    idcsUrl: string;
    scope: string;
    clientId: string;
    clientSecret: string;
    proxy?: { host: string; port: number; username?: string; password?: string; nonProxyHosts?: string; useSsl: boolean };
}

/** `InstallerProfile.cfg` as the agent reads it: one `key=value` per line. @internal */
export function renderInstallerProfile(values: ProfileValues): string {
    const lines = [
        "# Rendered by oic-dr ConnectivityAgentGroup; changes are overwritten on the next deployment.",
        `oic_URL=${values.oicUrl}`,
        `agent_GROUP_IDENTIFIER=${values.agentGroupIdentifier}`,
        `oic_IDCS_URL=${values.idcsUrl}`,
        `oic_SCOPE=${values.scope}`,
        `oic_CLIENT_ID=${values.clientId}`,
        `oic_CLIENT_SECRET=${values.clientSecret}`,
    ];
    const proxy = values.proxy;
    if (proxy) {
        lines.push(`proxy_HOST=${proxy.host}`, `proxy_PORT=${proxy.port}`, `proxy_USE_SSL=${proxy.useSsl}`);
        if (proxy.username) lines.push(`proxy_USER=${proxy.username}`);
        if (proxy.password) lines.push(`proxy_PASSWORD=${proxy.password}`);
        if (proxy.nonProxyHosts) lines.push(`proxy_NON_PROXY_HOSTS=${proxy.nonProxyHosts}`);
    }
    return lines.join("\n") + "\n";
}

/**
 * The Kubernetes SDK, loaded when an agent group is declared: most programs that import oic-dr
 * declare none, and loading it is a tenth of an offline plan's start-up.
 */
function loadKubernetesSdk(): typeof k8s {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/kubernetes") as typeof k8s;
}

export class ConnectivityAgentGroup extends pulumi.ComponentResource {
    readonly settings: AgentGroupSettings;
    readonly namespace: pulumi.Output<string>;
    readonly profileSecret: k8s.core.v1.Secret;
    readonly statefulSet: k8s.apps.v1.StatefulSet;
    readonly service: k8s.core.v1.Service;
    readonly disruptionBudget: k8s.policy.v1.PodDisruptionBudget | undefined;
    readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
    /** The `oic_URL` the agents use. */
    readonly oicUrl: pulumi.Output<string>;
    /** The region the URL names, if any: such a URL reaches one instance and does not follow a failover. */
    readonly oicUrlRegion: pulumi.Output<string | undefined>;

    constructor(name: string, args: ConnectivityAgentGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = parseWith(
            agentGroupArgsSchema,
            args,
            "ConnectivityAgentGroup arguments",
            providerPackageProblems(opts, "kubernetes", (value) => loadKubernetesSdk().Provider.isInstance(value)),
        );
        super(CONNECTIVITY_AGENT_GROUP_TYPE, name, {}, opts);
        this.settings = settings;
        const { oauth, proxy } = settings;
        const k8s = loadKubernetesSdk();

        // The cluster's provider comes from opts.provider, through the parent.
        const childOpts = { parent: this };
        const labels = {
            [AGENT_LABELS.component]: AGENT_LABELS.componentValue,
            [AGENT_LABELS.group]: settings.agentGroupIdentifier,
            "app.kubernetes.io/managed-by": "oic-dr",
        };

        this.oicUrl = pulumi.output(settings.oicUrl);
        this.oicUrlRegion = this.oicUrl.apply((u) => {
            const region = regionNamedInUrl(u);
            if (region) {
                void pulumi.log.warn(
                    `oic_URL ${u} names the region ${region}: the agents reach that one instance and will not follow a failover. Use the DR instance's global URL.`,
                    this,
                );
            }
            return region;
        });

        const namespaceName = settings.namespace?.name ?? name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
        const namespace =
            settings.namespace?.create === false
                ? undefined
                : new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: namespaceName, labels } }, childOpts);
        this.namespace = namespace ? namespace.metadata.name : pulumi.output(namespaceName);
        const metadata = (suffix: string) => ({ name: `${name}-${suffix}`, namespace: this.namespace, labels });

        // The whole profile is a secret: it carries the OAuth client secret (and the proxy password).
        const profile = pulumi.secret(
            pulumi
                .all([this.oicUrl, oauth.idcsUrl, oauth.scope, oauth.clientId, oauth.clientSecret, proxy?.password])
                .apply(([oicUrlValue, idcsUrl, scope, clientId, clientSecret, proxyPassword]) =>
                    renderInstallerProfile({
                        oicUrl: oicUrlValue,
                        agentGroupIdentifier: settings.agentGroupIdentifier,
                        idcsUrl,
                        scope,
                        clientId,
                        clientSecret,
                        proxy: proxy && { ...proxy, password: proxyPassword },
                    }),
                ),
        );
        this.profileSecret = new k8s.core.v1.Secret(
            `${name}-profile`,
            { metadata: metadata("profile"), type: "Opaque", stringData: { [PROFILE_FILE]: profile } },
            childOpts,
        );

        const selector = { [AGENT_LABELS.component]: AGENT_LABELS.componentValue, [AGENT_LABELS.group]: settings.agentGroupIdentifier };
        this.service = new k8s.core.v1.Service(
            `${name}-agents`,
            // Headless and portless: the StatefulSet needs a governing service; agents only dial out.
            { metadata: metadata("agents"), spec: { clusterIP: "None", selector } },
            childOpts,
        );

        this.statefulSet = new k8s.apps.v1.StatefulSet(
            `${name}-agents`,
            {
                metadata: metadata("agents"),
                spec: {
                    serviceName: this.service.metadata.name,
                    replicas: settings.replicas,
                    podManagementPolicy: "Parallel",
                    selector: { matchLabels: selector },
                    template: {
                        metadata: {
                            labels,
                            // A new profile restarts the agents, so they read the new one.
                            annotations: { "oic-dr.io/profile-version": this.profileSecret.metadata.resourceVersion },
                        },
                        spec: this.podSpec(settings, selector),
                    },
                    volumeClaimTemplates: [
                        {
                            metadata: { name: "agent-home", labels },
                            spec: {
                                accessModes: ["ReadWriteOnce"],
                                storageClassName: settings.storage.storageClassName,
                                resources: { requests: { storage: settings.storage.size } },
                            },
                        },
                    ],
                },
            },
            childOpts,
        );

        // With two agents, a drain may take one at a time; with one, a budget would block drains for ever.
        this.disruptionBudget =
            settings.replicas > 1
                ? new k8s.policy.v1.PodDisruptionBudget(
                      `${name}-agents`,
                      { metadata: metadata("agents"), spec: { minAvailable: 1, selector: { matchLabels: selector } } },
                      childOpts,
                  )
                : undefined;

        const egressPorts = [
            { to: [], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
            { to: [], ports: [{ protocol: "TCP", port: 443 }] },
            ...(proxy && proxy.port !== 443 ? [{ to: [], ports: [{ protocol: "TCP", port: proxy.port }] }] : []),
        ];
        this.networkPolicy = new k8s.networking.v1.NetworkPolicy(
            `${name}-egress`,
            {
                metadata: metadata("egress"),
                spec: {
                    podSelector: { matchLabels: selector },
                    policyTypes: ["Ingress", "Egress"],
                    // Agents only dial out (to Oracle Integration over HTTPS, or the proxy): no ingress at all.
                    ingress: [],
                    egress: egressPorts.map(({ ports }) => ({ ports })),
                },
            },
            childOpts,
        );

        this.registerOutputs({
            namespace: this.namespace,
            oicUrl: this.oicUrl,
            oicUrlRegion: this.oicUrlRegion,
            statefulSetName: this.statefulSet.metadata.name,
        });
    }

    private podSpec(settings: AgentGroupSettings, selector: Record<string, string>): k8s.types.input.core.v1.PodSpec {
        const securityContext = {
            runAsNonRoot: true,
            runAsUser: settings.runAsUser,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: false,
            capabilities: { drop: ["ALL"] },
        };
        const mounts = [
            { name: "agent-home", mountPath: AGENT_HOME },
            { name: "profile", mountPath: PROFILE_MOUNT, readOnly: true },
        ];
        return {
            securityContext: { runAsNonRoot: true, runAsUser: settings.runAsUser, fsGroup: settings.runAsUser, seccompProfile: { type: "RuntimeDefault" } },
            imagePullSecrets: settings.imagePullSecrets.map((secret) => ({ name: secret })),
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 120,
            affinity: {
                // Never two agents of the group on one node.
                podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } }],
                },
            },
            // And not in one zone when the cluster has several.
            topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: settings.zoneTopologyKey, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: selector } },
            ],
            initContainers: [
                {
                    name: "install",
                    image: settings.image,
                    command: [
                        "sh",
                        "-c",
                        // First start: the distribution becomes the install directory. Every start: the current profile.
                        `cp -Rn "${settings.distributionPath}/." "${AGENT_HOME}/" && cp "${PROFILE_MOUNT}/${PROFILE_FILE}" "${AGENT_HOME}/${PROFILE_FILE}"`,
                    ],
                    securityContext,
                    volumeMounts: mounts,
                    resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                },
            ],
            containers: [
                {
                    name: "agent",
                    image: settings.image,
                    command: settings.command,
                    workingDir: AGENT_HOME,
                    env: [
                        { name: "AGENT_HOME", value: AGENT_HOME },
                        { name: "JAVA_TOOL_OPTIONS", value: settings.javaOptions },
                    ],
                    securityContext,
                    volumeMounts: mounts,
                    resources: {
                        requests: { cpu: settings.resources.cpu, memory: settings.resources.memory },
                        limits: { memory: settings.resources.memoryLimit },
                    },
                },
            ],
            volumes: [{ name: "profile", secret: { secretName: this.profileSecret.metadata.name, defaultMode: 0o440 } }],
        };
    }
}
