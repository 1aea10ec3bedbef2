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
 *
 * This file is the component: it validates and declares. Its arguments are in args.ts, their schema
 * in schema.ts, the profile and the pod it declares in manifests.ts.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ConnectivityAgentGroupArgs } from "./args";
import { kubernetesNameProblems } from "./kubernetesNames";
import { agentPodSpec, MIN_READY_SECONDS, PROFILE_FILE, regionNamedInUrl, renderInstallerProfile } from "./manifests";
import { egressRules } from "./networkPolicy";
import { agentGroupArgsSchema, type AgentGroupSettings } from "./schema";
import { AGENT_INSTANCE_HOST_ANNOTATION, AGENT_LABELS, instanceHostHash } from "../../facts/drSupport";
import { agentObjectNames, childName } from "../support/naming";
import { providerPackageProblems } from "../support/providers";
import { parseWith } from "../support/validation";

export const CONNECTIVITY_AGENT_GROUP_TYPE = "oic-dr:index:ConnectivityAgentGroup";

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
        // these are agents (it reads each label: policies/rules/agentGroups.ts).
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
                        spec: agentPodSpec(settings, selector, sharedClaimName, this.profileSecret.metadata.name),
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
}
