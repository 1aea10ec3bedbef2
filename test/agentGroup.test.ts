import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { analyzeResources } from "../engine/analyze";
import type { OfflineEngine, RecordedResource } from "../engine/offlineEngine";
import { configurePolicies, resolvePolicyConfig } from "../engine/policyConfig";
import { SpecValidationError } from "../components/support/validation";
import { ConnectivityAgentGroup } from "../components/agentGroup/connectivityAgentGroup";
import { regionNamedInUrl, renderInstallerProfile } from "../components/agentGroup/manifests";
import type { ConnectivityAgentGroupArgs } from "../components/agentGroup/args";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { AGENT_INSTANCE_HOST_ANNOTATION, AGENT_LABELS, instanceHostHash, OCI_TYPES } from "../facts/drSupport";
import { policies } from "../policies/policies";
import { agentArgs, GLOBAL_URL, K8S, onCluster } from "./agentGroupFixture";
import { byType, isSecretInput, mockEngine, single, validSpec, valueOf } from "./harness";

const T = K8S;
const CLIENT_SECRET = "client-secret-7f3a9";
const PROXY_PASSWORD = "proxy-password-b21c";

let engine: OfflineEngine;
beforeEach(async () => {
    engine = await mockEngine({
        preview: false,
        outputs: ({ type }) => (type === OCI_TYPES.integrationInstance ? { instanceUrl: GLOBAL_URL } : undefined),
    });
});

const args = (overrides: Partial<ConnectivityAgentGroupArgs> = {}) => agentArgs(CLIENT_SECRET, overrides);


/** Every string in the recorded inputs that is not inside a secret wrapper. */
function plainStrings(value: unknown): string[] {
    if (isSecretInput(value)) return [];
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(plainStrings);
    if (value && typeof value === "object") return Object.values(value).flatMap(plainStrings);
    return [];
}

/** The value with every secret wrapper removed (to read what a secret holds). */
function reveal(value: unknown): unknown {
    if (isSecretInput(value)) return reveal(value.value);
    if (Array.isArray(value)) return value.map(reveal);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    return value;
}

const profileOf = (resources: readonly RecordedResource[]) =>
    (reveal(single(resources, T.secret).inputs.stringData) as Record<string, string>)["InstallerProfile.cfg"]!;

const podSpec = (r: RecordedResource) => (r.inputs.spec as any).template.spec;

describe("ConnectivityAgentGroup", () => {
    it("runs two agents in a StatefulSet, each with its own persistent install directory", async () => {
        new ConnectivityAgentGroup("agents", args(), onCluster());
        await engine.settle();
        const sts = single(engine.resources, T.statefulSet);
        const spec = sts.inputs.spec as any;
        expect(spec.replicas).toBe(2);
        expect(spec.volumeClaimTemplates).toEqual([
            expect.objectContaining({
                metadata: expect.objectContaining({ name: "agent-home" }),
                spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } },
            }),
        ]);
        const agent = podSpec(sts).containers[0];
        expect(agent).toMatchObject({ image: "registry.example.com/oic/connectivity-agent:25.04", workingDir: "/u01/oic-agent", command: ["java", "-jar", "connectivityagent.jar"] });
        expect(agent.volumeMounts).toContainEqual({ name: "agent-home", mountPath: "/u01/oic-agent" });
        expect(agent.resources).toEqual({ requests: { cpu: "1", memory: "8Gi" }, limits: { memory: "8Gi" } });
        expect(agent.env).toContainEqual({ name: "JAVA_TOOL_OPTIONS", value: "-Xmx4g -XX:+HeapDumpOnOutOfMemoryError" });
        expect(spec.template.metadata.labels).toMatchObject({ [AGENT_LABELS.component]: AGENT_LABELS.componentValue, [AGENT_LABELS.group]: "ORDERS_AGENTS" });
        expect(single(engine.resources, T.namespace).inputs).toMatchObject({ metadata: { name: "agents" } });
        expect(single(engine.resources, T.service).inputs.spec).toMatchObject({ clusterIP: "None" });
    });

    const SELECTOR = { matchLabels: { [AGENT_LABELS.component]: AGENT_LABELS.componentValue, [AGENT_LABELS.group]: "ORDERS_AGENTS" } };

    it("by default prefers other nodes and zones, so a single-node cluster without zone labels runs both agents", async () => {
        new ConnectivityAgentGroup("agents", args(), onCluster());
        await engine.settle();
        const pod = podSpec(single(engine.resources, T.statefulSet));
        // No required term anywhere: nothing that a single node, or nodes lacking the zone label, can fail.
        expect(pod.affinity).toEqual({
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: SELECTOR } }],
            },
        });
        expect(pod.topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: SELECTOR }]);
        expect(JSON.stringify(pod)).not.toMatch(/requiredDuringScheduling|DoNotSchedule/);
    });

    it("requires other nodes and zones on request", async () => {
        new ConnectivityAgentGroup("agents", args({ nodeSpread: "required", zoneSpread: "required", zoneTopologyKey: "example.com/rack" }), onCluster());
        await engine.settle();
        const pod = podSpec(single(engine.resources, T.statefulSet));
        expect(pod.affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: SELECTOR }] } });
        expect(pod.topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: "example.com/rack", whenUnsatisfiable: "DoNotSchedule", labelSelector: SELECTOR }]);
        const cluster = onCluster();
        expect(() => new ConnectivityAgentGroup("bad", args({ zoneTopologyKey: "" }), cluster)).toThrow(/zoneTopologyKey: "" is not a node label key/);
        expect(() => new ConnectivityAgentGroup("bad", args({ zoneSpread: "always" as never }), cluster)).toThrow(/zoneSpread: "always" is not allowed; allowed: preferred, required/);
    });

    it("keeps one agent running through drains, and sets no budget for a single agent", async () => {
        new ConnectivityAgentGroup("agents", args(), onCluster());
        await engine.settle();
        expect(single(engine.resources, T.pdb).inputs.spec).toMatchObject({ minAvailable: 1 });
        engine = await mockEngine({ preview: false });
        new ConnectivityAgentGroup("solo", args({ replicas: 1 }), onCluster());
        await engine.settle();
        expect(byType(engine.resources, T.pdb)).toHaveLength(0);
    });

    it("runs as a non-root user without privilege escalation", async () => {
        new ConnectivityAgentGroup("agents", args({ runAsUser: 54321 }), onCluster());
        await engine.settle();
        const pod = podSpec(single(engine.resources, T.statefulSet));
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 54321, fsGroup: 54321 });
        for (const container of [...pod.initContainers, ...pod.containers]) {
            expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 54321, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        }
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(() => new ConnectivityAgentGroup("root", args({ runAsUser: 0 }), onCluster())).toThrow(/runAsUser: the agent must not run as root/);
    });

    it("renders InstallerProfile.cfg into a Kubernetes Secret and never shows a secret in plain text", async () => {
        const group = new ConnectivityAgentGroup(
            "agents",
            args({ proxy: { host: "proxy.corp", port: 3128, username: "agent", password: pulumi.secret(PROXY_PASSWORD), cidrs: ["10.9.0.0/24"] } }),
            onCluster(),
        );
        await engine.settle();
        const secret = single(engine.resources, T.secret);
        expect(isSecretInput(secret.inputs.stringData)).toBe(true);
        const text = profileOf(engine.resources);
        expect(text).toContain(`oic_URL=${GLOBAL_URL}\n`);
        expect(text).toContain("agent_GROUP_IDENTIFIER=ORDERS_AGENTS\n");
        expect(text).toContain(`oic_CLIENT_SECRET=${CLIENT_SECRET}\n`);
        expect(text).toContain(`proxy_PASSWORD=${PROXY_PASSWORD}\n`);
        for (const resource of engine.resources) {
            const leaked = plainStrings(resource.inputs).filter((s) => s.includes(CLIENT_SECRET) || s.includes(PROXY_PASSWORD));
            expect(leaked, resource.urn).toEqual([]);
        }
        const outputs = await valueOf(pulumi.output({ ns: group.namespace, url: group.oicUrl, region: group.oicUrlRegion }));
        expect(JSON.stringify(outputs)).not.toMatch(new RegExp(`${CLIENT_SECRET}|${PROXY_PASSWORD}`));
    });

    it("rejects three agents, and a plain-text client secret, before registering anything", async () => {
        const cluster = onCluster();
        expect(() => new ConnectivityAgentGroup("agents", args({ replicas: 3 }), cluster)).toThrow(SpecValidationError);
        expect(() => new ConnectivityAgentGroup("agents", args({ replicas: 3 }), cluster)).toThrow(/replicas: 3 agents; an agent group holds at most 2/);
        const plain = { ...args().oauth, clientSecret: "in-plain-text" };
        expect(() => new ConnectivityAgentGroup("agents", args({ oauth: plain }), cluster)).toThrow(/clientSecret: must be a Pulumi secret/);
        expect(() => new ConnectivityAgentGroup("agents", args({ image: "" }), cluster)).toThrow(/image: an image is required: Oracle publishes no connectivity agent image/);
        await engine.settle();
        expect(engine.resources.filter((r) => r.type !== "pulumi:providers:kubernetes")).toEqual([]);
    });

    it("points the agents at the DR instance's global URL, so they follow a failover", async () => {
        const oic = new DrPairedIntegration("oic", validSpec({ alarms: { enabled: false }, subscribeSecondaryRegion: false }));
        const group = new ConnectivityAgentGroup("agents", args({ oicUrl: oic.instanceUrl }), onCluster());
        await engine.settle();
        expect(await valueOf(group.oicUrl)).toBe(GLOBAL_URL);
        expect(await valueOf(group.oicUrlRegion)).toBeUndefined();
        expect(profileOf(engine.resources)).toContain(`oic_URL=${GLOBAL_URL}\n`);
    });

    it("flags a URL that names one region", async () => {
        const warn = vi.spyOn(pulumi.log, "warn");
        const regional = "https://orders-oic-iad.integration.us-ashburn-1.ocp.oraclecloud.com";
        const group = new ConnectivityAgentGroup("agents", args({ oicUrl: regional }), onCluster());
        await engine.settle();
        expect(await valueOf(group.oicUrlRegion)).toBe("us-ashburn-1");
        expect(warn).toHaveBeenCalledWith(expect.stringMatching(/names the region us-ashburn-1: the agents reach that one instance and will not follow a failover/), group);
        expect(regionNamedInUrl(GLOBAL_URL)).toBeUndefined();
    });

    it("renders the profile with optional proxy fields only when set", () => {
        const base = { oicUrl: "u", agentGroupIdentifier: "G", idcsUrl: "i", scope: "s", clientId: "c", clientSecret: "x" };
        expect(renderInstallerProfile(base)).not.toContain("proxy_");
        expect(renderInstallerProfile({ ...base, proxy: { host: "p", port: 8080 } })).toMatch(/proxy_HOST=p\nproxy_PORT=8080\n$/);
    });
});

describe("oic-dr-agent-group-size on hand-written workloads", () => {
    const settings = resolvePolicyConfig({}, policies, "test");
    const analyze = (resources: readonly RecordedResource[]) =>
        analyzeResources(resources, configurePolicies(policies, settings), settings, { packName: "oic-dr", packVersion: "0", stackConfig: {}, project: "p", stack: "s" });
    const labels = (group: string) => ({ [AGENT_LABELS.component]: AGENT_LABELS.componentValue, [AGENT_LABELS.group]: group });
    const workload = (name: string, group: string, replicas: number) =>
        new k8s.apps.v1.Deployment(name, {
            spec: {
                replicas,
                selector: { matchLabels: labels(group) },
                template: { metadata: { labels: labels(group) }, spec: { containers: [{ name: "agent", image: "agent:1" }] } },
            },
        });

    it("rejects three replicas of one group", async () => {
        workload("three", "G1", 3);
        await engine.settle();
        const violations = (await analyze(engine.resources)).filter((v) => v.policy === "oic-dr-agent-group-size");
        expect(violations).toEqual([
            // A Deployment's rolling update adds 25% of its replicas, rounded up (the default maxSurge).
            expect.objectContaining({ enforcementLevel: "mandatory", message: expect.stringMatching(/Agent group "G1" runs 4 agents at once: three \(3 replicas, \+1 during a rolling update \(maxSurge\)\)\. Oracle Integration accepts at most 2/) }),
        ]);
    });

    it("adds up workloads of one group, and says a DaemonSet's count is unknown", async () => {
        workload("a", "G2", 2);
        workload("b", "G2", 1);
        // One replica, plus one during a rolling update: two at most.
        workload("ok", "G3", 1);
        new k8s.apps.v1.DaemonSet("everywhere", {
            spec: { selector: { matchLabels: labels("G4") }, template: { metadata: { labels: labels("G4") }, spec: { containers: [{ name: "agent", image: "agent:1" }] } } },
        });
        await engine.settle();
        const violations = (await analyze(engine.resources)).filter((v) => v.policy === "oic-dr-agent-group-size");
        expect(violations.map((v) => [v.urn.split("::").pop(), v.enforcementLevel]).sort()).toEqual([
            ["a", "mandatory"],
            ["b", "mandatory"],
            ["everywhere", "advisory"],
        ]);
    });

    it("scopes the component's groups by instance: dev and prod reusing an identifier are two groups, one instance's twice is one", async () => {
        const prodUrl = "https://orders-prod-tenancy.integration.ocp.oraclecloud.com";
        let cluster = onCluster();
        new ConnectivityAgentGroup("dev", args({ namespace: { name: "dev" } }), cluster);
        new ConnectivityAgentGroup("prod", args({ oicUrl: prodUrl, namespace: { name: "prod" } }), cluster);
        await engine.settle();
        const sets = byType(engine.resources, T.statefulSet);
        for (const set of sets) {
            const spec = set.inputs.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> } } };
            const host = new URL(set.name === "dev-agents" ? GLOBAL_URL : prodUrl).hostname;
            expect((set.inputs.metadata as { labels: Record<string, string> }).labels[AGENT_LABELS.instance]).toBe(instanceHostHash(host));
            expect(spec.template.metadata.labels[AGENT_LABELS.instance]).toBe(instanceHostHash(host));
            expect(spec.template.metadata.annotations[AGENT_INSTANCE_HOST_ANNOTATION]).toBe(host);
            // Never in the selector: a StatefulSet's selector cannot change once it exists.
            expect(spec.selector.matchLabels).not.toHaveProperty(AGENT_LABELS.instance);
        }
        expect((await analyze(engine.resources)).filter((v) => v.policy === "oic-dr-agent-group-size")).toEqual([]);

        engine = await mockEngine({ preview: false });
        cluster = onCluster();
        new ConnectivityAgentGroup("one", args({ namespace: { name: "one" } }), cluster);
        new ConnectivityAgentGroup("again", args({ namespace: { name: "again" } }), cluster);
        await engine.settle();
        const violations = (await analyze(engine.resources)).filter((v) => v.policy === "oic-dr-agent-group-size" && v.enforcementLevel === "mandatory");
        expect(violations.length).toBeGreaterThan(0);
        expect(violations[0]!.message).toMatch(/runs 4 agents/);
    });

    it("raises nothing on the component's own group during preview, its instance label unknown: the agent labels and replicas are read", async () => {
        engine = await mockEngine({ preview: true });
        const oic = new DrPairedIntegration("oic", validSpec());
        const cluster = onCluster();
        new ConnectivityAgentGroup("agents", args({ oicUrl: oic.instanceUrl }), cluster);
        await engine.settle();
        const sts = single(engine.resources, T.statefulSet);
        // Known keys, only the instance's value unknown: the policy can tell these are agents.
        const known = (labels: unknown) => ({ ...(labels as Record<string, unknown>), [AGENT_LABELS.instance]: "?" });
        const expected = { [AGENT_LABELS.component]: AGENT_LABELS.componentValue, [AGENT_LABELS.group]: "ORDERS_AGENTS", [AGENT_LABELS.instance]: "?" };
        expect(known((sts.inputs.metadata as any).labels)).toMatchObject(expected);
        expect(known((sts.inputs.spec as any).template.metadata.labels)).toMatchObject(expected);
        expect((await analyze(engine.resources)).filter((v) => v.policy === "oic-dr-agent-group-size")).toEqual([]);

        // A second group of the same identifier, whose instance is just as unknown, may be the same
        // instance's: then the instance decides the verdict, and its being unknown is said.
        new ConnectivityAgentGroup("more", args({ oicUrl: oic.instanceUrl, namespace: { name: "more" } }), cluster);
        await engine.settle();
        const doubt = (await analyze(engine.resources)).filter((v) => v.policy === "oic-dr-agent-group-size");
        expect(doubt.map((v) => v.enforcementLevel)).toEqual(["advisory", "advisory", "advisory"]);
        expect(doubt.map((v) => v.message)).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^agents runs agents of group "ORDERS_AGENTS" for an instance the stack does not tell/),
                expect.stringMatching(/^more-agents runs agents of group "ORDERS_AGENTS" for an instance the stack does not tell/),
                expect.stringMatching(/^can't fully run this policy during preview: .*instance-hash can't be known/),
            ]),
        );
    });

    it("passes the component's own two agents", async () => {
        new ConnectivityAgentGroup("agents", args(), onCluster());
        await engine.settle();
        expect((await analyze(engine.resources)).filter((v) => v.policy === "oic-dr-agent-group-size")).toEqual([]);
    });
});
