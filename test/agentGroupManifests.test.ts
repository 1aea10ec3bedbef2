/**
 * The agent group's rendered objects on a real cluster: each validated against the Kubernetes
 * OpenAPI schema (kubernetes-models 5.1.0, generated from Kubernetes' own OpenAPI document), and
 * what they allow: egress, names, probes and rollout, sizing, the profile's keys, the shared volume.
 */
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { beforeEach, describe, expect, it } from "vitest";
import type { OfflineEngine, RecordedResource } from "../engine/offlineEngine";
import { ConnectivityAgentGroup } from "../components/agentGroup/connectivityAgentGroup";
import { renderInstallerProfile } from "../components/agentGroup/manifests";
import type { ConnectivityAgentGroupArgs } from "../components/agentGroup/args";
import { AGENT_LABELS } from "../facts/drSupport";
import { SpecValidationError } from "../components/support/validation";
import { agentArgs, K8S, onCluster } from "./agentGroupFixture";
import { byType, isSecretInput, mockEngine, single } from "./harness";

const T = K8S;
const CLIENT_SECRET = "client-secret-m4n1";

let engine: OfflineEngine;
beforeEach(async () => {
    engine = await mockEngine({ preview: false });
});

const args = (overrides: Partial<ConnectivityAgentGroupArgs> = {}) => agentArgs(CLIENT_SECRET, overrides);

function reveal(value: unknown): unknown {
    if (isSecretInput(value)) return reveal(value.value);
    if (Array.isArray(value)) return value.map(reveal);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    return value;
}
const egressOf = (resources: readonly RecordedResource[]) => (single(resources, T.networkPolicy).inputs.spec as any).egress;
const podSpec = (resources: readonly RecordedResource[]) => (single(resources, T.statefulSet).inputs.spec as any).template.spec;
const DNS = {
    to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
    ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ],
};

/**
 * What every model has at runtime (Model.validate in @kubernetes-models/base); its types resolve
 * only through package exports, which this tsconfig's `moduleResolution: node` does not read.
 */
type Validatable = { validate(): void };

/** Each registered object as the API server would receive it, validated against the OpenAPI schema. */
function validateAll(resources: readonly RecordedResource[]): string[] {
    const models: Record<string, (data: any) => unknown> = {
        [T.namespace]: (d) => new Namespace(d),
        [T.secret]: (d) => new Secret(d),
        [T.service]: (d) => new Service(d),
        [T.statefulSet]: (d) => new StatefulSet(d),
        [T.pdb]: (d) => new PodDisruptionBudget(d),
        [T.networkPolicy]: (d) => new NetworkPolicy(d),
        [T.pvc]: (d) => new PersistentVolumeClaim(d),
    };
    const validated: string[] = [];
    for (const resource of resources) {
        const model = models[resource.type];
        if (!model) continue;
        const data = reveal(resource.inputs) as any;
        // The profile-version annotation is another resource's output: unknown under the mocks.
        const annotations = data.spec?.template?.metadata?.annotations;
        if (annotations) for (const [k, v] of Object.entries(annotations)) if (typeof v !== "string") annotations[k] = "1";
        (model(data) as Validatable).validate();
        validated.push(resource.type);
    }
    return validated;
}

describe("rendered objects", () => {
    it("are valid Kubernetes objects, with every option on", async () => {
        new ConnectivityAgentGroup(
            "orders-agents",
            args({
                egressTargets: [
                    { cidr: "10.20.0.0/16", except: ["10.20.9.0/24"], ports: [{ port: 1521 }, { port: 22 }] },
                    { namespaceSelector: { team: "data" }, podSelector: { app: "kafka" }, ports: [{ port: 9092, endPort: 9094 }] },
                ],
                oracleCidrs: ["203.0.113.0/24"],
                proxy: { host: "192.0.2.10", port: 3128 },
                sharedVolume: { size: "50Gi", storageClassName: "nfs" },
                nodeSpread: "required",
            }),
            onCluster(),
        );
        await engine.settle();
        expect(validateAll(engine.resources).sort()).toEqual([T.namespace, T.networkPolicy, T.pdb, T.pvc, T.secret, T.service, T.statefulSet].sort());
    });

    it("the validator does fail on an invalid object", () => {
        const invalid = new StatefulSet({ metadata: { name: "x" }, spec: { selector: {}, template: {}, replicas: "two" } } as any) as unknown as Validatable;
        expect(() => invalid.validate()).toThrow(/replicas/);
    });
});

describe("egress", () => {
    it("allows DNS to the cluster's DNS only, HTTPS anywhere without CIDRs, and nothing else; no ingress", async () => {
        new ConnectivityAgentGroup("agents", args(), onCluster());
        await engine.settle();
        const spec = single(engine.resources, T.networkPolicy).inputs.spec as any;
        expect(spec.policyTypes).toEqual(["Ingress", "Egress"]);
        expect(spec.ingress).toEqual([]);
        expect(spec.egress).toEqual([DNS, { ports: [{ protocol: "TCP", port: 443 }] }]);
    });

    it("allows each configured target on its own ports, and HTTPS only to the Oracle CIDRs when given", async () => {
        new ConnectivityAgentGroup(
            "agents",
            args({
                oracleCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
                dnsNamespaceSelector: { "kubernetes.io/metadata.name": "openshift-dns" },
                dnsPodSelector: { "dns.operator.openshift.io/daemonset-dns": "default" },
                egressTargets: [
                    { cidr: "10.20.0.0/16", except: ["10.20.9.0/24"], ports: [{ port: 1521 }, { port: 22 }] },
                    { cidr: "10.30.1.5/32", ports: [{ port: 1414, protocol: "TCP" }, { port: 514, protocol: "UDP" }] },
                    { namespaceSelector: { team: "data" }, podSelector: { app: "kafka" }, ports: [{ port: 9092, endPort: 9094 }] },
                    { podSelector: { app: "sftp" }, ports: [{ port: 2222 }] },
                ],
            }),
            onCluster(),
        );
        await engine.settle();
        expect(egressOf(engine.resources)).toEqual([
            {
                to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "openshift-dns" } }, podSelector: { matchLabels: { "dns.operator.openshift.io/daemonset-dns": "default" } } }],
                ports: DNS.ports,
            },
            { to: [{ ipBlock: { cidr: "203.0.113.0/24" } }, { ipBlock: { cidr: "198.51.100.7/32" } }], ports: [{ protocol: "TCP", port: 443 }] },
            { to: [{ ipBlock: { cidr: "10.20.0.0/16", except: ["10.20.9.0/24"] } }], ports: [{ protocol: "TCP", port: 1521 }, { protocol: "TCP", port: 22 }] },
            { to: [{ ipBlock: { cidr: "10.30.1.5/32" } }], ports: [{ protocol: "TCP", port: 1414 }, { protocol: "UDP", port: 514 }] },
            { to: [{ namespaceSelector: { matchLabels: { team: "data" } }, podSelector: { matchLabels: { app: "kafka" } } }], ports: [{ protocol: "TCP", port: 9092, endPort: 9094 }] },
            { to: [{ podSelector: { matchLabels: { app: "sftp" } } }], ports: [{ protocol: "TCP", port: 2222 }] },
        ]);
    });

    it("with a proxy, allows only the proxy (no HTTPS to anywhere); a proxy named by host needs its CIDRs", async () => {
        new ConnectivityAgentGroup("agents", args({ proxy: { host: "proxy.corp", port: 3128, cidrs: ["10.9.0.0/28"] } }), onCluster());
        await engine.settle();
        expect(egressOf(engine.resources)).toEqual([DNS, { to: [{ ipBlock: { cidr: "10.9.0.0/28" } }], ports: [{ protocol: "TCP", port: 3128 }] }]);

        engine = await mockEngine({ preview: false });
        new ConnectivityAgentGroup("agents", args({ proxy: { host: "2001:db8::7", port: 8080 } }), onCluster());
        await engine.settle();
        expect(egressOf(engine.resources)).toEqual([DNS, { to: [{ ipBlock: { cidr: "2001:db8::7/128" } }], ports: [{ protocol: "TCP", port: 8080 }] }]);

        expect(() => new ConnectivityAgentGroup("agents", args({ proxy: { host: "proxy.corp", port: 3128 } }), onCluster())).toThrow(
            /proxy\.cidrs: required when proxy\.host "proxy\.corp" is a name: a NetworkPolicy allows addresses, not names \(or set networkPolicy: false\)/,
        );
    });

    it("networkPolicy: false declares none", async () => {
        const group = new ConnectivityAgentGroup("agents", args({ networkPolicy: false, proxy: { host: "proxy.corp", port: 3128 } }), onCluster());
        await engine.settle();
        expect(byType(engine.resources, T.networkPolicy)).toEqual([]);
        expect(group.networkPolicy).toBeUndefined();
    });

    it("refuses targets that would open everything or say nothing", () => {
        const cluster = onCluster();
        const refuse = (target: unknown, message: RegExp) =>
            expect(() => new ConnectivityAgentGroup("agents", args({ egressTargets: [target as never] }), cluster)).toThrow(message);
        refuse({ cidr: "10.0.0.0/8", ports: [] }, /egressTargets\.0\.ports: list the ports the agents reach on this target/);
        refuse({ ports: [{ port: 22 }] }, /egressTargets\.0: give either cidr, or namespaceSelector and\/or podSelector/);
        refuse({ cidr: "10.0.0.0/8", podSelector: { app: "x" }, ports: [{ port: 22 }] }, /egressTargets\.0: give either cidr/);
        refuse({ cidr: "10.0.0.300/8", ports: [{ port: 22 }] }, /egressTargets\.0\.cidr: "10\.0\.0\.300\/8" is not a CIDR/);
        refuse({ cidr: "10.0.0.0/8", ports: [{ port: 70000 }] }, /egressTargets\.0\.ports\.0\.port: 70000 is too big; maximum 65535/);
        refuse({ cidr: "10.0.0.0/8", ports: [{ port: 22, protocol: "ICMP" }] }, /protocol: "ICMP" is not allowed; allowed: TCP, UDP, SCTP/);
    });
});

describe("names", () => {
    it.each([
        ["ordersAgents", /the Pulumi name "ordersAgents" gives the Namespace name "ordersAgents" .*DNS-1123 label/],
        ["Orders_Agents", /the Pulumi name "Orders_Agents" gives the StatefulSet name "Orders_Agents-agents"/],
        ["1st-agents", /the Pulumi name "1st-agents" gives the Service name "1st-agents-agents" .*DNS-1035 label: .*starting with a letter/],
        ["_agents", /the Pulumi name "_agents" gives the Namespace name "_agents"/],
        ["a".repeat(50), /gives the StatefulSet name "a{50}-agents" \(57 characters\), which must be a DNS-1123 label of at most 52 characters/],
    ])("refuses %s before registering anything", async (name, message) => {
        const cluster = onCluster();
        expect(() => new ConnectivityAgentGroup(name, args(), cluster)).toThrow(SpecValidationError);
        expect(() => new ConnectivityAgentGroup(name, args(), cluster)).toThrow(message);
        await engine.settle();
        expect(engine.resources.filter((r) => r.type !== "pulumi:providers:kubernetes")).toEqual([]);
    });

    it("accepts a 45-character name (StatefulSet at the 52-character limit), and a given namespace frees the Pulumi name from the namespace rule only", async () => {
        new ConnectivityAgentGroup("a".repeat(45), args(), onCluster());
        await engine.settle();
        expect((single(engine.resources, T.statefulSet).inputs.metadata as any).name).toHaveLength(52);
        expect(() => new ConnectivityAgentGroup("a".repeat(46), args(), onCluster())).toThrow(/StatefulSet name/);
        expect(() => new ConnectivityAgentGroup("Orders", args({ namespace: { name: "ops", create: false } }), onCluster())).toThrow(/StatefulSet name "Orders-agents"/);
        expect(() => new ConnectivityAgentGroup("Orders", args({ namespace: { name: "ops", create: false } }), onCluster())).not.toThrow(/Namespace name/);
    });

    it("holds a given namespace and an existing claim to Kubernetes' name rules, naming the rule", () => {
        expect(() => new ConnectivityAgentGroup("agents", args({ namespace: { name: "Ops_Team" } }), onCluster())).toThrow(/namespace\.name: .*a DNS-1123 label: at most 63/);
        expect(() => new ConnectivityAgentGroup("agents", args({ sharedVolume: { existingClaim: "Files" } }), onCluster())).toThrow(/sharedVolume\.existingClaim: .*a DNS-1123 subdomain: at most 253/);
    });
});

describe("health, rollout and sizing", () => {
    it("probes the agent, waits a minute before counting an agent available, and replaces one agent at a time", async () => {
        new ConnectivityAgentGroup("agents", args(), onCluster());
        await engine.settle();
        const spec = single(engine.resources, T.statefulSet).inputs.spec as any;
        expect(spec.minReadySeconds).toBe(60);
        expect(spec.updateStrategy).toEqual({ type: "RollingUpdate", rollingUpdate: { partition: 0 } });
        const agent = spec.template.spec.containers[0];
        expect(agent.readinessProbe.exec.command).toEqual(["sh", "-c", expect.stringContaining('"/u01/oic-agent"/agenthome/logs/*.log')]);
        expect(agent.livenessProbe.exec.command).toEqual(["sh", "-c", "kill -0 1"]);
        expect(agent.livenessProbe.initialDelaySeconds).toBeGreaterThan(agent.readinessProbe.initialDelaySeconds);
    });

    it("sizes to Oracle's minimum (8Gi request = limit, 4 GB heap) and refuses a request above the limit", async () => {
        new ConnectivityAgentGroup("agents", args(), onCluster());
        await engine.settle();
        const agent = podSpec(engine.resources).containers[0];
        expect(agent.resources).toEqual({ requests: { cpu: "1", memory: "8Gi" }, limits: { memory: "8Gi" } });
        expect(agent.env).toContainEqual({ name: "JAVA_TOOL_OPTIONS", value: expect.stringMatching(/(^| )-Xmx4g( |$)/) });
        const cluster = onCluster();
        expect(() => new ConnectivityAgentGroup("agents", args({ resources: { memory: "9Gi", memoryLimit: "8Gi" } }), cluster)).toThrow(
            /resources\.memory: memory request 9Gi is above the limit 8Gi/,
        );
        expect(() => new ConnectivityAgentGroup("agents", args({ resources: { memory: "8192Mi", memoryLimit: "8Gi" } }), cluster)).not.toThrow();
    });
});

describe("InstallerProfile.cfg", () => {
    const base = { oicUrl: "https://a.example.com", agentGroupIdentifier: "G", idcsUrl: "https://i.example.com", scope: "s", clientId: "c", clientSecret: "x" };

    it("holds only Oracle's documented keys", () => {
        const text = renderInstallerProfile({ ...base, proxy: { host: "p", port: 8080, username: "u", password: "pw", nonProxyHosts: "a|b" } });
        const keys = text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split("=")[0]);
        expect(keys).toEqual([
            "oic_URL",
            "agent_GROUP_IDENTIFIER",
            "oic_IDCS_URL",
            "oic_SCOPE",
            "oic_CLIENT_ID",
            "oic_CLIENT_SECRET",
            "proxy_HOST",
            "proxy_PORT",
            "proxy_USER",
            "proxy_PASSWORD",
            "proxy_NON_PROXY_HOSTS",
        ]);
    });

    it("refuses a line break in any value, naming the key and never the value", () => {
        expect(() => renderInstallerProfile({ ...base, clientSecret: "s3cret\nproxy_HOST=evil" })).toThrow(/the value of oic_CLIENT_SECRET contains a line break/);
        try {
            renderInstallerProfile({ ...base, clientSecret: "s3cret\nproxy_HOST=evil" });
        } catch (error) {
            expect(String(error)).not.toContain("s3cret");
        }
    });

    it("refuses values with line breaks, URLs that are not URLs and the undocumented useSsl at validation", () => {
        const cluster = onCluster();
        const problems = (overrides: Partial<ConnectivityAgentGroupArgs>) => {
            try {
                new ConnectivityAgentGroup("agents", args(overrides), cluster);
            } catch (error) {
                return String(error);
            }
            return "";
        };
        expect(problems({ oicUrl: "https://a.example.com\nagent_GROUP_IDENTIFIER=X" })).toMatch(/oicUrl: must be one line/);
        expect(problems({ oicUrl: "orders.example.com" })).toMatch(/oicUrl: "orders\.example\.com" is not an http\(s\) URL/);
        const oauth = problems({ oauth: { ...args().oauth, scope: "a\nb", idcsUrl: "ftp://x" } });
        expect(oauth).toMatch(/oauth\.scope: must be one line/);
        expect(oauth).toMatch(/oauth\.idcsUrl: "ftp:\/\/x" is not an http\(s\) URL/);
        expect(problems({ proxy: { host: "p\nq", port: 1, cidrs: ["10.0.0.1/32"], nonProxyHosts: "a\nb" } })).toMatch(/proxy\.host: host must be one line[\s\S]*proxy\.nonProxyHosts: nonProxyHosts must be one line/);
        expect(problems({ proxy: { host: "p", port: 1, cidrs: ["10.0.0.1/32"], useSsl: true } as never })).toMatch(/proxy\.useSsl: unknown key/);
    });
});

describe("shared volume", () => {
    it("creates a ReadWriteMany claim mounted in every agent", async () => {
        const group = new ConnectivityAgentGroup("agents", args({ sharedVolume: { size: "50Gi", storageClassName: "nfs" } }), onCluster());
        await engine.settle();
        expect(single(engine.resources, T.pvc).inputs).toMatchObject({
            metadata: { name: "agents-shared" },
            spec: { accessModes: ["ReadWriteMany"], storageClassName: "nfs", resources: { requests: { storage: "50Gi" } } },
        });
        const pod = podSpec(engine.resources);
        expect(pod.volumes).toContainEqual({ name: "shared", persistentVolumeClaim: { claimName: "agents-shared" } });
        expect(pod.containers[0].volumeMounts).toContainEqual({ name: "shared", mountPath: "/u01/oic-shared" });
        expect(group.sharedClaim).toBeDefined();
    });

    it("mounts an existing claim, creating none; refuses a claim without size", async () => {
        new ConnectivityAgentGroup("agents", args({ sharedVolume: { existingClaim: "files", mountPath: "/data" } }), onCluster());
        await engine.settle();
        expect(byType(engine.resources, T.pvc)).toEqual([]);
        const pod = podSpec(engine.resources);
        expect(pod.volumes).toContainEqual({ name: "shared", persistentVolumeClaim: { claimName: "files" } });
        expect(pod.containers[0].volumeMounts).toContainEqual({ name: "shared", mountPath: "/data" });
        expect(() => new ConnectivityAgentGroup("agents", args({ sharedVolume: {} }), onCluster())).toThrow(/sharedVolume\.size: required to create a ReadWriteMany claim/);
    });

    it("carries the agent-group labels on the claim", async () => {
        new ConnectivityAgentGroup("agents", args({ sharedVolume: { size: "1Gi" } }), onCluster());
        await engine.settle();
        expect((single(engine.resources, T.pvc).inputs.metadata as any).labels).toMatchObject({ [AGENT_LABELS.group]: "ORDERS_AGENTS" });
    });
});
