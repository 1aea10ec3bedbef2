/**
 * What ConnectivityAgentGroup writes into the cluster, as plain builders: the InstallerProfile.cfg
 * the agents read and the pod they run in. The component (connectivityAgentGroup.ts) declares the
 * objects around them.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { renderInitScript } from "./initScript";
import type { AgentGroupSettings } from "./schema";
import { REGION_IDENTIFIER } from "../../facts/regions";

/** Where the agent keeps its state: the persistent install directory. */
export const AGENT_HOME = "/u01/oic-agent";
const PROFILE_MOUNT = "/etc/oic-agent";
/** The file the agent reads its settings from, in the profile secret. */
export const PROFILE_FILE = "InstallerProfile.cfg";
/**
 * Oracle's monitoring marks an agent down 45 seconds after it stops, and an agent started again
 * before that fails ("Agent is already running for this particular instance"):
 * https://docs.oracle.com/en/cloud/paas/integration-cloud/integrations-user/restart-agent.html.
 * A new agent counts as available only after a minute, so a rollout never takes the second agent
 * while the first may still be registering.
 */
export const MIN_READY_SECONDS = 60;

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
 * The agents' pod: the install init container, the agent container, kept apart across nodes and
 * zones, the profile mounted from its secret (`profileSecretName`).
 */
export function agentPodSpec(
    settings: AgentGroupSettings,
    selector: Record<string, string>,
    sharedClaimName: pulumi.Input<string> | undefined,
    profileSecretName: pulumi.Input<string>,
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
            { name: "profile", secret: { secretName: profileSecretName, defaultMode: 0o440 } },
            ...(sharedClaimName ? [{ name: "shared", persistentVolumeClaim: { claimName: sharedClaimName } }] : []),
        ],
    };
}
