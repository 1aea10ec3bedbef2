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
 * - the unzipped agent distribution (connectivityagent.jar and friends) is at `distributionPath`,
 *   with its version (digits and dots) in `<distributionPath>/oic-agent-version`;
 * - JDK 17 (Oracle's requirement for the agent) runs `command` (default `java -jar
 *   connectivityagent.jar`);
 * - `sh` (POSIX), `cat`, `cp`, `mv`, `rm` and `mkdir` (GNU coreutils or busybox) for the init
 *   script (agentGroup/initScript.ts), which installs the distribution by version and writes the
 *   rendered `InstallerProfile.cfg` owner-only on every start; the agent then runs from the
 *   install directory;
 * - a non-root user (uid `runAsUser`).
 *
 * Labels on every object, which the `oic-dr-agent-group-size` policy also reads on hand-written
 * workloads: `app.kubernetes.io/component: oic-connectivity-agent` and
 * `oic-dr.io/agent-group: <agent group identifier>`.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isIP } from "node:net";
import { z } from "zod";
import { kubernetesName, kubernetesNameProblems, LABEL_KEY, LABEL_VALUE, LABEL_VALUE_OR_EMPTY, NAME_RULES } from "./kubernetesNames";
import { DEFAULT_AGENT_VERSION_FILE, renderInitScript } from "./initScript";
import { egressRules, proxyCidrs } from "./networkPolicy";
import { secretOutput } from "../support/argumentFields";
import { AGENT_INSTANCE_HOST_ANNOTATION, AGENT_LABELS, instanceHostHash, MAX_AGENTS_PER_GROUP } from "../../facts/drSupport";
import { agentObjectNames, childName } from "../support/naming";
import { providerPackageProblems } from "../support/providers";
import { REGION_IDENTIFIER } from "../../facts/regions";
import { describeValue, parseWith, stringInput } from "../support/validation";

export const CONNECTIVITY_AGENT_GROUP_TYPE = "oic-dr:index:ConnectivityAgentGroup";

/** Where the agent keeps its state: the persistent install directory. */
export const AGENT_HOME = "/u01/oic-agent";
const PROFILE_MOUNT = "/etc/oic-agent";
const PROFILE_FILE = "InstallerProfile.cfg";
/** Where the optional shared volume is mounted by default. */
export const SHARED_MOUNT = "/u01/oic-shared";
/**
 * Oracle's monitoring marks an agent down 45 seconds after it stops, and an agent started again
 * before that fails ("Agent is already running for this particular instance"):
 * https://docs.oracle.com/en/cloud/paas/integration-cloud/integrations-user/restart-agent.html.
 * A new agent counts as available only after a minute, so a rollout never takes the second agent
 * while the first may still be registering.
 */
export const MIN_READY_SECONDS = 60;

const QUANTITY = /^(\d+(\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const quantity = z.string().regex(QUANTITY, { error: "is not a Kubernetes quantity such as 500m, 4Gi" });
const UNIT: Record<string, number> = { "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
/** A quantity's value, to compare a request with its limit (the API server refuses request > limit). */
export function quantityValue(text: string): number {
    const match = QUANTITY.exec(text);
    return match ? Number(match[1]) * UNIT[match[3] ?? ""]! : Number.NaN;
}
const ONE_LINE = "must be one line: InstallerProfile.cfg holds one key=value per line";
const text = stringInput((value) => (value.length === 0 ? "must not be empty" : /[\r\n]/.test(value) ? ONE_LINE : undefined));
// The WHATWG parser drops line breaks inside a URL, so they are refused before parsing.
const url = stringInput((value) =>
    /[\r\n]/.test(value) ? ONE_LINE : URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) ? undefined : `${describeValue(value)} is not an http(s) URL`,
);
const oneLine = (what: string) =>
    z.string().min(1).refine((value) => !/[\r\n]/.test(value), { error: `${what} ${ONE_LINE}` });
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9A-Fa-f:.]+\/\d{1,3})$/;
const cidr = z.string().refine(
    (value) => {
        if (!CIDR.test(value)) return false;
        const [address, bits] = value.split("/") as [string, string];
        const version = isIP(address);
        return version !== 0 && Number(bits) <= (version === 4 ? 32 : 128);
    },
    { error: (iss) => `${describeValue(iss.input)} is not a CIDR such as 10.20.0.0/16` },
);
const labels = z.record(
    z.string().regex(LABEL_KEY, { error: (iss) => `${describeValue(iss.input)} is not a label key` }),
    z.string().regex(LABEL_VALUE_OR_EMPTY, { error: (iss) => `${describeValue(iss.input)} is not a label value` }),
);
const port = z.number().int().min(1).max(65535);
// The agent group's choices are still typed `string` in its argument interface (the DR
// components' choices are literal unions, and enums of the multi-language schema: see
// provider/README.md); validation holds the values.
/** How hard the agents are kept apart: the scheduler prefers it, or requires it. */
const spread = z.enum(["preferred", "required"]);

const egressTarget = z
    .strictObject({
        cidr: cidr.optional(),
        except: z.array(cidr).optional(),
        namespaceSelector: labels.optional(),
        podSelector: labels.optional(),
        ports: z
            .array(
                z
                    .strictObject({
                        port,
                        endPort: port.optional(),
                        protocol: z.enum(["TCP", "UDP", "SCTP"]).default("TCP"),
                    })
                    .refine((p) => p.endPort === undefined || p.endPort >= p.port, { error: "endPort must not be below port", path: ["endPort"] }),
            )
            .min(1, { error: "list the ports the agents reach on this target: no ports would mean every port" }),
    })
    .superRefine((target, ctx) => {
        const selected = target.namespaceSelector !== undefined || target.podSelector !== undefined;
        if ((target.cidr === undefined) === !selected) {
            ctx.addIssue({ code: "custom", message: "give either cidr, or namespaceSelector and/or podSelector (not both, not neither)" });
        }
        if (target.except && target.cidr === undefined) ctx.addIssue({ code: "custom", path: ["except"], message: "except applies to a cidr only" });
    });

/** The agent group's arguments: one schema, so every problem is reported in one run. */
export const agentGroupArgsSchema = z
    .strictObject({
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
        namespace: z.strictObject({ name: kubernetesName(NAME_RULES.dns1123Label), create: z.boolean().default(true) }).optional(),
        distributionPath: z.string().startsWith("/").default("/opt/oic-agent"),
        /** Relative to the install directory; see agentGroup/initScript.ts (its location is unverified). */
        agentVersionFile: z
            .string()
            .min(1)
            .refine((value) => !value.startsWith("/") && !value.split("/").includes("..") && !/[\r\n]/.test(value), {
                error: "must be a path inside the install directory (relative, no '..')",
            })
            .default(DEFAULT_AGENT_VERSION_FILE),
        command: z.array(z.string().min(1)).min(1).default(["java", "-jar", "connectivityagent.jar"]),
        /** JVM options, passed as JAVA_TOOL_OPTIONS: Oracle's 4 GB heap, and a heap dump on OutOfMemoryError. */
        javaOptions: z.string().default("-Xmx4g -XX:+HeapDumpOnOutOfMemoryError"),
        runAsUser: z.number().int().min(1, { error: "the agent must not run as root (uid 0)" }).default(1000),
        resources: z
            .strictObject({
                cpu: quantity.default("1"),
                memory: quantity.default("8Gi"),
                memoryLimit: quantity.default("8Gi"),
            })
            .refine((r) => quantityValue(r.memory) <= quantityValue(r.memoryLimit), {
                error: (iss) => {
                    const r = iss.input as { memory: string; memoryLimit: string };
                    return `memory request ${r.memory} is above the limit ${r.memoryLimit}; the API server refuses it (Oracle's minimum is 8Gi for both)`;
                },
                path: ["memory"],
            })
            .prefault({}),
        storage: z.strictObject({ size: quantity.default("10Gi"), storageClassName: z.string().min(1).optional() }).prefault({}),
        /** Node label of the failure domain the agents are spread over. */
        zoneTopologyKey: z.string().regex(LABEL_KEY, { error: (iss) => `${describeValue(iss.input)} is not a node label key` }).default("topology.kubernetes.io/zone"),
        zoneSpread: spread.default("preferred"),
        nodeSpread: spread.default("preferred"),
        networkPolicy: z.boolean().default(true),
        egressTargets: z.array(egressTarget).default([]),
        dnsNamespaceSelector: labels.default({ "kubernetes.io/metadata.name": "kube-system" }),
        dnsPodSelector: labels.default({ "k8s-app": "kube-dns" }),
        oracleCidrs: z.array(cidr).min(1).optional(),
        sharedVolume: z
            .strictObject({
                existingClaim: kubernetesName(NAME_RULES.dns1123Subdomain).optional(),
                size: quantity.optional(),
                storageClassName: z.string().min(1).optional(),
                mountPath: z.string().startsWith("/").default(SHARED_MOUNT),
            })
            .superRefine((v, ctx) => {
                if (v.existingClaim && (v.size || v.storageClassName)) {
                    ctx.addIssue({ code: "custom", message: "size and storageClassName apply to a claim created here, not to existingClaim" });
                }
                if (!v.existingClaim && !v.size) ctx.addIssue({ code: "custom", path: ["size"], message: "required to create a ReadWriteMany claim (or give existingClaim)" });
            })
            .optional(),
        oicUrl: url,
        oauth: z.strictObject({
            idcsUrl: url,
            scope: text,
            clientId: text,
            clientSecret: secretOutput,
        }),
        proxy: z
            .strictObject({
                host: oneLine("host").refine((h) => !/[\s/]/.test(h), { error: "host must be a host name or IP address, without scheme or path" }),
                port,
                username: oneLine("username").optional(),
                password: secretOutput.optional(),
                nonProxyHosts: oneLine("nonProxyHosts").optional(),
                cidrs: z.array(cidr).min(1).optional(),
            })
            .optional(),
    })
    .superRefine((settings, ctx) => {
        if (settings.networkPolicy && settings.proxy && !proxyCidrs(settings.proxy)) {
            ctx.addIssue({
                code: "custom",
                path: ["proxy", "cidrs"],
                message: `required when proxy.host ${describeValue(settings.proxy.host)} is a name: a NetworkPolicy allows addresses, not names (or set networkPolicy: false)`,
            });
        }
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
    proxy?: { host: string; port: number; username?: string; password?: string; nonProxyHosts?: string };
}

/**
 * `InstallerProfile.cfg` as the agent reads it: one `key=value` per line, with only the keys
 * Oracle documents (oic_URL, agent_GROUP_IDENTIFIER, oic_IDCS_URL, oic_SCOPE, oic_CLIENT_ID,
 * oic_CLIENT_SECRET, proxy_HOST, proxy_PORT, proxy_USER, proxy_PASSWORD, proxy_NON_PROXY_HOSTS:
 * https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/agent-download-and-installation.html).
 * A line break in a value would add keys: refused, naming the key, never the value (it may be a
 * secret that only becomes known here). @internal
 */
export function renderInstallerProfile(values: ProfileValues): string {
    const entries: [string, string | number | undefined][] = [
        ["oic_URL", values.oicUrl],
        ["agent_GROUP_IDENTIFIER", values.agentGroupIdentifier],
        ["oic_IDCS_URL", values.idcsUrl],
        ["oic_SCOPE", values.scope],
        ["oic_CLIENT_ID", values.clientId],
        ["oic_CLIENT_SECRET", values.clientSecret],
    ];
    const proxy = values.proxy;
    if (proxy) {
        entries.push(
            ["proxy_HOST", proxy.host],
            ["proxy_PORT", proxy.port],
            ["proxy_USER", proxy.username],
            ["proxy_PASSWORD", proxy.password],
            ["proxy_NON_PROXY_HOSTS", proxy.nonProxyHosts],
        );
    }
    const lines = ["# Rendered by oic-dr ConnectivityAgentGroup; changes are overwritten on the next deployment."];
    for (const [key, value] of entries) {
        if (value === undefined || value === "") continue;
        if (/[\r\n]/.test(String(value))) throw new Error(`InstallerProfile.cfg: the value of ${key} contains a line break; each key takes one line`);
        lines.push(`${key}=${value}`);
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

/** Which derived names the arguments use (read before validation: the names are checked in the same error). */
function namesNeeded(args: unknown): { namespaceGiven: boolean; sharedClaim: boolean } {
    const raw = (typeof args === "object" && args !== null ? args : {}) as Partial<ConnectivityAgentGroupArgs>;
    return {
        namespaceGiven: typeof raw.namespace?.name === "string",
        sharedClaim: typeof raw.sharedVolume === "object" && raw.sharedVolume !== null && raw.sharedVolume.existingClaim === undefined,
    };
}

export class ConnectivityAgentGroup extends pulumi.ComponentResource {
    readonly settings: AgentGroupSettings;
    readonly namespace: pulumi.Output<string>;
    readonly profileSecret: k8s.core.v1.Secret;
    readonly statefulSet: k8s.apps.v1.StatefulSet;
    readonly service: k8s.core.v1.Service;
    readonly disruptionBudget: k8s.policy.v1.PodDisruptionBudget | undefined;
    /** Absent with `networkPolicy: false`. */
    readonly networkPolicy: k8s.networking.v1.NetworkPolicy | undefined;
    /** The ReadWriteMany claim created for `sharedVolume` (absent with an existing claim or none). */
    readonly sharedClaim: k8s.core.v1.PersistentVolumeClaim | undefined;
    /** The `oic_URL` the agents use. */
    readonly oicUrl: pulumi.Output<string>;
    /** The region the URL names, if any: such a URL reaches one instance and does not follow a failover. */
    readonly oicUrlRegion: pulumi.Output<string | undefined>;

    constructor(name: string, args: ConnectivityAgentGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = parseWith(
            agentGroupArgsSchema,
            args,
            "ConnectivityAgentGroup arguments",
            [
                ...providerPackageProblems(opts, "kubernetes", (value) => loadKubernetesSdk().Provider.isInstance(value)),
                ...kubernetesNameProblems(name, namesNeeded(args)),
            ],
        );
        super(CONNECTIVITY_AGENT_GROUP_TYPE, name, {}, opts);
        this.settings = settings;
        const { oauth, proxy } = settings;
        const k8s = loadKubernetesSdk();

        // The cluster's provider comes from opts.provider, through the parent. Pulumi names come
        // from naming.ts; the alias keeps a name that repeated the component's last word.
        const childOpts = (derived: { aliases: (base: string) => pulumi.Alias[] }) => ({ parent: this, aliases: derived.aliases(name) });
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

        // Checked against Kubernetes' rules before anything was registered (kubernetesNames.ts).
        const names = agentObjectNames(name);
        const namespaceName = settings.namespace?.name ?? names.namespace;
        const namespace =
            settings.namespace?.create === false
                ? undefined
                : new k8s.core.v1.Namespace(childName.agentNamespace(name), { metadata: { name: namespaceName, labels } }, childOpts(childName.agentNamespace));
        this.namespace = namespace ? namespace.metadata.name : pulumi.output(namespaceName);
        const metadata = (objectName: string) => ({ name: objectName, namespace: this.namespace, labels });

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
            childName.agentProfile(name),
            { metadata: metadata(names.profileSecret), type: "Opaque", stringData: { [PROFILE_FILE]: profile } },
            childOpts(childName.agentProfile),
        );

        const selector = { [AGENT_LABELS.component]: AGENT_LABELS.componentValue, [AGENT_LABELS.group]: settings.agentGroupIdentifier };
        this.service = new k8s.core.v1.Service(
            childName.agentWorkload(name),
            // Headless and portless: the StatefulSet needs a governing service; agents only dial out.
            { metadata: metadata(names.service), spec: { clusterIP: "None", selector } },
            childOpts(childName.agentWorkload),
        );

        const shared = settings.sharedVolume;
        this.sharedClaim =
            shared && !shared.existingClaim
                ? new k8s.core.v1.PersistentVolumeClaim(
                      childName.agentSharedClaim(name),
                      {
                          metadata: metadata(names.sharedClaim),
                          spec: {
                              accessModes: ["ReadWriteMany"],
                              storageClassName: shared.storageClassName,
                              resources: { requests: { storage: shared.size! } },
                          },
                      },
                      childOpts(childName.agentSharedClaim),
                  )
                : undefined;
        const sharedClaimName = shared ? (this.sharedClaim?.metadata.name ?? pulumi.output(shared.existingClaim!)) : undefined;

        // Which instance the agents serve, for the size policy (dev and prod may share a group
        // identifier): on the workload and its pods, never in the selector, which a StatefulSet
        // cannot change once created. Plain maps with only the instance's values as outputs: the
        // URL is often the instance's own output, unknown during preview, and a map built in an
        // apply would hide the agent labels with it, so that the size policy could not even tell
        // these are agents (it reads each label: policies/rules/agentGroupSize.ts).
        const oicHost = this.oicUrl.apply((u) => new URL(u).hostname);
        const instanceLabels = { ...labels, [AGENT_LABELS.instance]: oicHost.apply(instanceHostHash) };
        const instanceAnnotations = { [AGENT_INSTANCE_HOST_ANNOTATION]: oicHost };

        this.statefulSet = new k8s.apps.v1.StatefulSet(
            childName.agentWorkload(name),
            {
                metadata: { ...metadata(names.statefulSet), labels: instanceLabels, annotations: instanceAnnotations },
                spec: {
                    serviceName: this.service.metadata.name,
                    replicas: settings.replicas,
                    // Parallel applies to scaling only; updates replace one agent at a time, each
                    // waiting for the one before to be Ready for minReadySeconds.
                    podManagementPolicy: "Parallel",
                    minReadySeconds: MIN_READY_SECONDS,
                    updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
                    selector: { matchLabels: selector },
                    template: {
                        metadata: {
                            labels: instanceLabels,
                            // A new profile restarts the agents, so they read the new one.
                            annotations: { ...instanceAnnotations, "oic-dr.io/profile-version": this.profileSecret.metadata.resourceVersion },
                        },
                        spec: this.podSpec(settings, selector, sharedClaimName),
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
            childOpts(childName.agentWorkload),
        );

        // With two agents, a drain may take one at a time; with one, a budget would block drains for ever.
        this.disruptionBudget =
            settings.replicas > 1
                ? new k8s.policy.v1.PodDisruptionBudget(
                      childName.agentWorkload(name),
                      { metadata: metadata(names.disruptionBudget), spec: { minAvailable: 1, selector: { matchLabels: selector } } },
                      childOpts(childName.agentWorkload),
                  )
                : undefined;

        this.networkPolicy = settings.networkPolicy
            ? new k8s.networking.v1.NetworkPolicy(
                  childName.agentEgress(name),
                  {
                      metadata: metadata(names.networkPolicy),
                      spec: {
                          podSelector: { matchLabels: selector },
                          policyTypes: ["Ingress", "Egress"],
                          // Agents only dial out: no ingress at all.
                          ingress: [],
                          egress: egressRules({
                              targets: settings.egressTargets,
                              dnsNamespaceSelector: settings.dnsNamespaceSelector,
                              dnsPodSelector: settings.dnsPodSelector,
                              oracleCidrs: settings.oracleCidrs,
                              proxy: settings.proxy,
                          }),
                      },
                  },
                  childOpts(childName.agentEgress),
              )
            : undefined;

        this.registerOutputs({
            namespace: this.namespace,
            oicUrl: this.oicUrl,
            oicUrlRegion: this.oicUrlRegion,
            statefulSetName: this.statefulSet.metadata.name,
        });
    }

    private podSpec(
        settings: AgentGroupSettings,
        selector: Record<string, string>,
        sharedClaimName: pulumi.Input<string> | undefined,
    ): k8s.types.input.core.v1.PodSpec {
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
        const sharedMount = settings.sharedVolume ? [{ name: "shared", mountPath: settings.sharedVolume.mountPath }] : [];
        const labelSelector = { matchLabels: selector };
        const hostname = "kubernetes.io/hostname";
        return {
            securityContext: { runAsNonRoot: true, runAsUser: settings.runAsUser, fsGroup: settings.runAsUser, seccompProfile: { type: "RuntimeDefault" } },
            imagePullSecrets: settings.imagePullSecrets.map((secret) => ({ name: secret })),
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 120,
            // Apart where the cluster allows: preferred by default, so that a single-node cluster
            // (or one without zone labels) still runs every agent; required on request, at the
            // price of a pending agent when there is no second node or zone.
            affinity: {
                podAntiAffinity:
                    settings.nodeSpread === "required"
                        ? { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: hostname, labelSelector }] }
                        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: hostname, labelSelector } }] },
            },
            topologySpreadConstraints: [
                {
                    maxSkew: 1,
                    topologyKey: settings.zoneTopologyKey,
                    whenUnsatisfiable: settings.zoneSpread === "required" ? "DoNotSchedule" : "ScheduleAnyway",
                    labelSelector,
                },
            ],
            initContainers: [
                {
                    name: "install",
                    image: settings.image,
                    command: [
                        "sh",
                        "-c",
                        renderInitScript({
                            agentHome: AGENT_HOME,
                            distributionPath: settings.distributionPath,
                            profileSource: `${PROFILE_MOUNT}/${PROFILE_FILE}`,
                            agentVersionFile: settings.agentVersionFile,
                        }),
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
                    volumeMounts: [...mounts, ...sharedMount],
                    // Oracle's agent exposes no health endpoint (none is documented), so the probes
                    // look at the process and its log. Ready: the agent has written a log file under
                    // agenthome/logs (NOT VERIFIED against a running agent: Oracle documents the
                    // agenthome layout, not the log names). Alive: the container's main process, the
                    // agent's JVM, exists. Generous delays: the agent registers with OIC at start.
                    readinessProbe: {
                        exec: { command: ["sh", "-c", `for f in "${AGENT_HOME}"/agenthome/logs/*.log; do [ -s "$f" ] && exit 0; done; exit 1`] },
                        initialDelaySeconds: 30,
                        periodSeconds: 15,
                        failureThreshold: 8,
                    },
                    livenessProbe: {
                        exec: { command: ["sh", "-c", "kill -0 1"] },
                        initialDelaySeconds: 120,
                        periodSeconds: 30,
                        failureThreshold: 3,
                    },
                    resources: {
                        requests: { cpu: settings.resources.cpu, memory: settings.resources.memory },
                        limits: { memory: settings.resources.memoryLimit },
                    },
                },
            ],
            volumes: [
                { name: "profile", secret: { secretName: this.profileSecret.metadata.name, defaultMode: 0o440 } },
                ...(sharedClaimName ? [{ name: "shared", persistentVolumeClaim: { claimName: sharedClaimName } }] : []),
            ],
        };
    }
}
