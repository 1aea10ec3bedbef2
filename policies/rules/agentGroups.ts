/**
 * `oic-dr-agent-group-size`: Oracle Integration accepts at most MAX_AGENTS_PER_GROUP connectivity
 * agents in one agent group, so the stack must not declare Kubernetes objects that can run more.
 *
 * It counts what will run, at its peak: replicas of every replicated workload kind (and the
 * `*Patch` resources that raise them), the ceiling of a HorizontalPodAutoscaler on it, the extra
 * pods of a Deployment's rolling update, and bare Pods. A workload is an agent when the agent
 * labels (facts/drSupport.ts AGENT_LABELS) are on the object or on its pod template. Groups
 * are scoped by the OIC instance (the instance-hash label, or the hash of the instance-host
 * annotation) so that dev and prod may reuse an identifier; a workload without either is grouped
 * by identifier alone, and one without a group label is a group of its own (its replicas share one
 * profile, hence one group). What it cannot count (a DaemonSet's node count, an instance it cannot
 * tell) is an advisory, never a guessed number; values unknown during preview are left to the
 * framework's "can't fully run" note (policies/framework.ts). The instance only splits the
 * workloads of one identifier into groups: for an identifier only one workload carries (as
 * ConnectivityAgentGroup's StatefulSet, whose instance label comes from the instance's URL,
 * unknown until the instance exists), an unknown instance changes no verdict and is not noted.
 */
import type { PolicyResource } from "@pulumi/policy";
import { AGENT_INSTANCE_HOST_ANNOTATION, AGENT_LABELS, instanceHostHash, MAX_AGENTS_PER_GROUP } from "../../facts/drSupport";
import { stackPolicy, type Finding, UNKNOWN, type ValueReads } from "../framework";
import { dependenciesOf } from "./inspect";

/** Versions of each kind that @pulumi/kubernetes 4.34 declares (its classes' `__pulumiType`). */
const KIND_VERSIONS = {
    Deployment: ["apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"],
    StatefulSet: ["apps/v1", "apps/v1beta1", "apps/v1beta2"],
    ReplicaSet: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"],
    ReplicationController: ["core/v1"],
    DaemonSet: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"],
    Pod: ["core/v1"],
    HorizontalPodAutoscaler: ["autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2"],
} as const;
type Kind = keyof typeof KIND_VERSIONS;
type WorkloadKind = Exclude<Kind, "HorizontalPodAutoscaler">;

const tokens = (kinds: readonly Kind[], suffix = "") =>
    kinds.flatMap((kind) => KIND_VERSIONS[kind].map((version) => `kubernetes:${version}:${kind}${suffix}`));

/** Kubernetes type tokens the policy reads, by what they mean for the count. */
export const AGENT_WORKLOAD_TYPES = {
    /** `spec.replicas` pods each (default 1). */
    replicated: tokens(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"]),
    /** One pod per eligible node: a count the stack does not hold. */
    perNode: tokens(["DaemonSet"]),
    /** One pod. */
    pod: tokens(["Pod"]),
    /** Raise a workload to `spec.maxReplicas`. */
    autoscaler: tokens(["HorizontalPodAutoscaler"]),
    /** Server-side-apply patches of an existing object of the kind (@pulumi/kubernetes apps/v1/statefulSetPatch.d.ts:5-9). */
    patch: tokens(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "DaemonSet", "Pod", "HorizontalPodAutoscaler"], "Patch"),
} as const;

const TOKEN = /^kubernetes:([a-z0-9.]+)\/([a-z0-9]+):([A-Za-z]+?)(Patch)?$/;
const KNOWN_TOKENS = new Set(Object.values(AGENT_WORKLOAD_TYPES).flat());

/** The kind and version of a token this policy reads, else undefined. */
function parseToken(type: string): { kind: Kind; groupVersion: string; patch: boolean } | undefined {
    if (!KNOWN_TOKENS.has(type)) return undefined;
    const [, group, version, kind, patch] = TOKEN.exec(type)!;
    return { kind: kind as Kind, groupVersion: `${group}/${version}`, patch: patch !== undefined };
}

type Labels = Record<string, unknown>;
const record = (value: unknown): Labels | undefined => (value !== null && typeof value === "object" ? (value as Labels) : undefined);

/** A declared object: a workload, or a patch of one. */
interface Declared {
    readonly resource: PolicyResource;
    readonly kind: WorkloadKind;
    readonly groupVersion: string;
    readonly patch: boolean;
}

/** One workload as it will run: the object (when the stack declares it) merged with its patches and autoscalers. */
interface Unit {
    readonly kind: WorkloadKind;
    /** The workload itself, or the first patch when the stack only patches an object. */
    readonly main: Declared;
    readonly patches: Declared[];
    readonly autoscalers: PolicyResource[];
}

/** `metadata.namespace`, else the provider's `namespace`, else "default" (@pulumi/kubernetes provider.d.ts:95-100). */
function namespaceOf(resource: PolicyResource, reads: ValueReads): string {
    const own = reads.peek(() => resource.props.metadata?.namespace);
    if (typeof own === "string" && own !== "") return own;
    const fromProvider = reads.peek(() => resource.provider?.props?.namespace);
    return typeof fromProvider === "string" && fromProvider !== "" ? fromProvider : "default";
}

const objectKey = (kind: string, namespace: string, name: string) => `${kind}|${namespace}|${name}`;

/** Label (or annotation) maps of one declared object: its own, then its pod template's. */
function metadataMaps(declared: Declared, field: "labels" | "annotations", reads: ValueReads): { own?: Labels; template?: Labels } {
    const own = record(reads.peek(() => declared.resource.props.metadata?.[field]));
    // A Pod is its own template.
    const template = declared.kind === "Pod" ? own : record(reads.peek(() => declared.resource.props.spec?.template?.metadata?.[field]));
    return { own, template };
}

const isAgentLabels = (labels: Labels | undefined, reads: ValueReads) =>
    !!labels && (reads.peek(() => labels[AGENT_LABELS.component]) === AGENT_LABELS.componentValue || reads.peek(() => labels[AGENT_LABELS.group]) !== undefined);

function isAgent(unit: Unit, reads: ValueReads): boolean {
    return [unit.main, ...unit.patches].some((d) => {
        const { own, template } = metadataMaps(d, "labels", reads);
        return isAgentLabels(own, reads) || isAgentLabels(template, reads);
    });
}

/**
 * The value of a label (or annotation) of a unit: the pod template's first (the pods carry it),
 * then the object's; a patch's value wins over the object's (server-side apply sets it last).
 * Every distinct known value is returned, so that a disagreement can be reported.
 */
function valuesOf(unit: Unit, field: "labels" | "annotations", key: string, reads: ValueReads): { value: unknown; distinct: string[] } {
    const values: unknown[] = [];
    for (const declared of [...unit.patches].reverse().concat(unit.main === unit.patches[0] ? [] : [unit.main])) {
        const { own, template } = metadataMaps(declared, field, reads);
        for (const map of [template, own]) {
            if (map && key in map) values.push(reads.read(() => map[key]));
        }
    }
    const distinct = [...new Set(values.filter((v): v is string => typeof v === "string"))];
    return { value: values[0], distinct };
}

/** How many agents one unit can run at once, and why. */
interface Count {
    /** A number the unit certainly reaches (a lower bound when `unknown` is set). */
    readonly agents: number;
    readonly parts: string[];
    /** Why the count cannot be known from the stack (not a preview unknown: those are noted by the framework). */
    readonly unknown?: string;
    /** Set when a preview-unknown value kept part of the count out. */
    readonly incomplete?: boolean;
}

/**
 * The extra pods of a Deployment's rolling update: `maxSurge` of the desired count, a percentage
 * rounded up, 25% by default (apps/v1, apps/v1beta1, apps/v1beta2) or 1 (extensions/v1beta1);
 * none for `Recreate`. @pulumi/kubernetes types/input.d.ts:7410 (apps/v1 RollingUpdateDeployment)
 * and :25269 (extensions/v1beta1), the Kubernetes API reference's words; also
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge
 * StatefulSets, ReplicaSets and ReplicationControllers do not surge: a StatefulSet's update
 * deletes a pod before it recreates it (types/input.d.ts:7434-7438 has no maxSurge).
 */
function surgeOf(unit: Unit, desired: number, reads: ValueReads): { surge: number } | { invalid: string } | typeof UNKNOWN {
    let strategy: unknown;
    let maxSurge: unknown;
    for (const declared of [unit.main, ...unit.patches.filter((p) => p !== unit.main)]) {
        const type = reads.read(() => declared.resource.props.spec?.strategy?.type);
        const surge = reads.read(() => declared.resource.props.spec?.strategy?.rollingUpdate?.maxSurge);
        if (type !== undefined) strategy = type;
        if (surge !== undefined) maxSurge = surge;
    }
    if (strategy === UNKNOWN || maxSurge === UNKNOWN) return UNKNOWN;
    if (strategy === "Recreate") return { surge: 0 };
    const value = maxSurge ?? (unit.main.groupVersion === "extensions/v1beta1" ? 1 : "25%");
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return { surge: value };
    const percent = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
    if (percent) return { surge: Math.ceil((desired * Number(percent[1])) / 100) };
    return { invalid: `maxSurge ${JSON.stringify(value)} is neither a whole number nor a percentage ("25%")` };
}

function countOf(unit: Unit, reads: ValueReads): Count {
    const name = (r: PolicyResource) => `"${r.name}"`;
    if (unit.kind === "Pod") return { agents: 1, parts: ["a bare Pod"] };
    if (unit.kind === "DaemonSet") {
        return { agents: 0, parts: ["one per eligible node"], unknown: `DaemonSet ${name(unit.main.resource)} runs one agent per eligible node, a number the stack does not hold` };
    }
    let incomplete = false;
    const parts: string[] = [];
    const known = (value: unknown): number | undefined => {
        if (value === UNKNOWN) incomplete = true;
        return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
    };
    const declaredObject = !unit.main.patch;
    let desired = 0;
    if (declaredObject) {
        const replicas = reads.read(() => unit.main.resource.props.spec?.replicas);
        // Unset, Kubernetes defaults it to 1 (types/input.d.ts:7126, "Defaults to 1").
        desired = replicas === undefined ? 1 : (known(replicas) ?? 0);
        parts.push(replicas === undefined ? "1 replica (replicas unset)" : `${desired} replica${desired === 1 ? "" : "s"}`);
    }
    for (const patch of unit.patches) {
        const replicas = known(reads.read(() => patch.resource.props.spec?.replicas));
        if (replicas === undefined) continue;
        parts.push(`${replicas} set by ${patch.resource.type.split(":").pop()} ${name(patch.resource)}`);
        desired = Math.max(desired, replicas);
    }
    for (const hpa of unit.autoscalers) {
        const max = known(reads.read(() => hpa.props.spec?.maxReplicas));
        if (max === undefined) continue;
        parts.push(`up to ${max} by HorizontalPodAutoscaler ${name(hpa)}`);
        desired = Math.max(desired, max);
    }
    // A patch of an object the stack does not declare leaves the rest of it to the cluster.
    const onCluster = `${unit.main.resource.type.split(":").pop()} ${name(unit.main.resource)} patches an object the stack does not declare`;
    if (!declaredObject && parts.length === 0) {
        return { agents: 0, parts: ["replicas on the cluster"], unknown: `${onCluster}, so its replica count is on the cluster`, ...(incomplete ? { incomplete } : {}) };
    }
    if (unit.kind !== "Deployment") return { agents: desired, parts, ...(incomplete ? { incomplete } : {}) };
    if (!declaredObject && unit.patches.every((p) => reads.peek(() => p.resource.props.spec?.strategy) === undefined)) {
        return { agents: desired, parts, unknown: `${onCluster}, so its rollout strategy (maxSurge) is on the cluster` };
    }
    const surge = surgeOf(unit, desired, reads);
    if (surge === UNKNOWN) return { agents: desired, parts, incomplete: true };
    if ("invalid" in surge) return { agents: desired, parts, unknown: `Deployment ${name(unit.main.resource)}: ${surge.invalid}, so its rollout cannot be counted`, ...(incomplete ? { incomplete } : {}) };
    if (surge.surge > 0) parts.push(`+${surge.surge} during a rolling update (maxSurge)`);
    return { agents: desired + surge.surge, parts, ...(incomplete ? { incomplete } : {}) };
}

/** Builds the units: each declared workload with the patches and autoscalers that name it. */
function unitsOf(resources: readonly PolicyResource[], reads: ValueReads): { units: Unit[]; unresolved: PolicyResource[] } {
    const units: Unit[] = [];
    const byKey = new Map<string, Unit>();
    const byUrn = new Map<string, Unit>();
    const patches: Declared[] = [];
    const autoscalers: PolicyResource[] = [];
    for (const resource of resources) {
        const parsed = parseToken(resource.type);
        if (!parsed) continue;
        if (parsed.kind === "HorizontalPodAutoscaler") {
            if (!parsed.patch || reads.peek(() => resource.props.spec?.maxReplicas) !== undefined) autoscalers.push(resource);
            continue;
        }
        const declared: Declared = { resource, kind: parsed.kind, groupVersion: parsed.groupVersion, patch: parsed.patch };
        if (parsed.patch) {
            patches.push(declared);
            continue;
        }
        const unit: Unit = { kind: parsed.kind, main: declared, patches: [], autoscalers: [] };
        units.push(unit);
        byUrn.set(resource.urn, unit);
        const name = reads.peek(() => resource.props.metadata?.name);
        if (typeof name === "string") byKey.set(objectKey(parsed.kind, namespaceOf(resource, reads), name), unit);
    }
    // A patch names its object by kind, namespace and name; one whose object the stack does not
    // declare stands alone, judged by its own labels.
    for (const patch of patches) {
        const name = reads.peek(() => patch.resource.props.metadata?.name);
        const target = typeof name === "string" ? byKey.get(objectKey(patch.kind, namespaceOf(patch.resource, reads), name)) : undefined;
        if (target) {
            target.patches.push(patch);
            continue;
        }
        const alone: Unit = { kind: patch.kind, main: patch, patches: [patch], autoscalers: [] };
        units.push(alone);
        if (typeof name === "string") byKey.set(objectKey(patch.kind, namespaceOf(patch.resource, reads), name), alone);
    }
    // An autoscaler names its target in spec.scaleTargetRef, in its own namespace; a name unknown
    // during preview is resolved through the property dependency the engine records on spec.
    const unresolved: PolicyResource[] = [];
    for (const hpa of autoscalers) {
        const kind = reads.peek(() => hpa.props.spec?.scaleTargetRef?.kind);
        const name = reads.peek(() => hpa.props.spec?.scaleTargetRef?.name);
        let target = typeof kind === "string" && typeof name === "string" ? byKey.get(objectKey(kind, namespaceOf(hpa, reads), name)) : undefined;
        if (!target && typeof name !== "string") {
            const candidates = dependenciesOf(hpa, "spec")
                .map((d) => byUrn.get(d.urn))
                .filter((u): u is Unit => u !== undefined && (typeof kind !== "string" || u.kind === kind));
            if (candidates.length === 1) target = candidates[0];
            else unresolved.push(hpa);
        }
        target?.autoscalers.push(hpa);
    }
    return { units, unresolved };
}

/** The instance a unit belongs to: its hash (from the label, or from the host annotation), "none", or UNKNOWN. */
function instanceOf(unit: Unit, reads: ValueReads): { hash: string; host?: string } | "none" | typeof UNKNOWN | { conflict: string } {
    const label = valuesOf(unit, "labels", AGENT_LABELS.instance, reads);
    const host = valuesOf(unit, "annotations", AGENT_INSTANCE_HOST_ANNOTATION, reads);
    if (label.distinct.length > 1) return { conflict: `instance labels ${label.distinct.map((v) => JSON.stringify(v)).join(" and ")}` };
    const hostValue = typeof host.value === "string" ? host.value : undefined;
    if (typeof label.value === "string") {
        if (hostValue !== undefined && instanceHostHash(hostValue) !== label.value) {
            return { conflict: `instance label ${JSON.stringify(label.value)}, which is not the hash of its ${AGENT_INSTANCE_HOST_ANNOTATION} ${JSON.stringify(hostValue)} (${instanceHostHash(hostValue)})` };
        }
        return { hash: label.value, ...(hostValue ? { host: hostValue } : {}) };
    }
    if (label.value === UNKNOWN) return hostValue !== undefined ? { hash: instanceHostHash(hostValue), host: hostValue } : UNKNOWN;
    if (hostValue !== undefined) return { hash: instanceHostHash(hostValue), host: hostValue };
    return host.value === UNKNOWN ? UNKNOWN : "none";
}

interface Member {
    readonly unit: Unit;
    readonly count: Count;
    readonly group?: string;
    /** Where the member belongs: a group key; undefined when its instance is unknown. */
    readonly key: string;
    /** Known instance (scoped) or not. */
    readonly scoped: boolean;
    readonly certain: boolean;
    readonly host?: string;
}

const resourcesOf = (unit: Unit) => [...new Set([unit.main.resource, ...unit.patches.map((p) => p.resource), ...unit.autoscalers])];
const describeMember = (m: Member) => `${m.unit.main.resource.name} (${m.count.parts.join(", ")}${m.count.unknown ? ", and more it cannot count" : ""})`;
const sum = (members: readonly Member[]) => members.reduce((total, m) => total + m.count.agents, 0);

function groupTitle(member: Member): string {
    if (member.group === undefined) return `Connectivity agents "${member.unit.main.resource.name}" (no ${AGENT_LABELS.group} label: its replicas share one profile, so one agent group)`;
    const scope = member.scoped ? ` of instance ${member.host ?? member.key.split("|")[0]}` : "";
    return `Agent group "${member.group}"${scope}`;
}

export const agentGroupSize = stackPolicy({
    name: "oic-dr-agent-group-size",
    description: `Kubernetes objects labelled as connectivity agents must not run more than ${MAX_AGENTS_PER_GROUP} agents for one agent group of one Oracle Integration instance, counting autoscalers, patches, rollouts and bare Pods.`,
    enforcementLevel: "mandatory",
    findings: ["agents.overLimit", "agents.uncountable", "labels.groupConflict", "labels.instanceConflict", "labels.instanceUnknown"],
    remediationSteps:
        `Run at most ${MAX_AGENTS_PER_GROUP} agents per agent group (label ${AGENT_LABELS.group}, scoped by ${AGENT_LABELS.instance}): ` +
        "lower replicas or an autoscaler's maxReplicas, use a StatefulSet or maxSurge: 0 (or Recreate) so a rollout does not add agents; create another agent group in Oracle Integration for more.",
    check: (resources, _config, reads) => {
        const { units, unresolved } = unitsOf(resources, reads);
        const agents = units.filter((unit) => isAgent(unit, reads));
        if (agents.length === 0) return [];
        const findings: Finding[] = [];
        const advise = (resource: PolicyResource, finding: string, message: string) => findings.push({ resource, finding, message, enforcementLevel: "advisory" });
        for (const hpa of unresolved) {
            // Recorded as unknown: the framework's note then says what was not judged.
            reads.read(() => hpa.props.spec?.scaleTargetRef?.name);
        }
        const groupLabels = new Map(agents.map((unit) => [unit, valuesOf(unit, "labels", AGENT_LABELS.group, reads)]));
        const carriers = new Map<unknown, number>();
        for (const { value } of groupLabels.values()) carriers.set(value, (carriers.get(value) ?? 0) + 1);
        // Alone with its identifier: no other workload carries it, and none carries an unknown one.
        const alone = (id: string) => carriers.get(id) === 1 && !carriers.has(UNKNOWN);
        const members: Member[] = agents.map((unit) => {
            const count = countOf(unit, reads);
            const group = groupLabels.get(unit)!;
            const id = typeof group.value === "string" ? group.value : undefined;
            if (group.distinct.length > 1) {
                advise(unit.main.resource, "labels.groupConflict", `${unit.main.resource.name} carries the group labels ${group.distinct.map((g) => JSON.stringify(g)).join(" and ")} (object, pod template or patch); it is counted in ${JSON.stringify(id)}, the one its pods carry. Give it one ${AGENT_LABELS.group}.`);
            }
            if (count.unknown) advise(unit.main.resource, "agents.uncountable", `${count.unknown}; its agent group${id ? ` "${id}"` : ""} may run more than ${MAX_AGENTS_PER_GROUP} agents, which Oracle Integration refuses. Use a StatefulSet or Deployment with at most ${MAX_AGENTS_PER_GROUP} replicas.`);
            const urn = unit.main.resource.urn;
            // Unknown during preview (and noted by the framework): judged alone.
            if (group.value === UNKNOWN) return { unit, count, key: `alone|${urn}`, scoped: false, certain: false };
            if (id === undefined) return { unit, count, key: `alone|${urn}`, scoped: false, certain: true };
            const instance = alone(id) ? reads.withoutUnknownNote(() => instanceOf(unit, reads)) : instanceOf(unit, reads);
            if (instance === UNKNOWN) return { unit, count, group: id, key: `alone|${urn}`, scoped: false, certain: false };
            if (instance === "none") return { unit, count, group: id, key: `|${id}`, scoped: false, certain: true };
            if ("conflict" in instance) {
                advise(unit.main.resource, "labels.instanceConflict", `${unit.main.resource.name} has ${instance.conflict}: which Oracle Integration instance it serves is unclear, so its group "${id}" is counted alone. Label it with ${AGENT_LABELS.instance}: instanceHostHash(host).`);
                return { unit, count, group: id, key: `alone|${urn}`, scoped: false, certain: false };
            }
            return { unit, count, group: id, key: `${instance.hash}|${id}`, scoped: true, certain: true, ...(instance.host ? { host: instance.host } : {}) };
        });

        const groups = new Map<string, Member[]>();
        for (const m of members) groups.set(m.key, [...(groups.get(m.key) ?? []), m]);
        for (const group of groups.values()) {
            const total = sum(group);
            if (total <= MAX_AGENTS_PER_GROUP) continue;
            const listed = group.map(describeMember).join("; ");
            const atLeast = group.some((m) => m.count.unknown || m.count.incomplete) ? "at least " : "";
            const message = `${groupTitle(group[0]!)} runs ${atLeast}${total} agents at once: ${listed}. Oracle Integration accepts at most ${MAX_AGENTS_PER_GROUP} agents in a group. Reduce the count, or create another agent group for more agents.`;
            for (const m of group) for (const resource of resourcesOf(m.unit)) findings.push({ resource, finding: "agents.overLimit", message });
        }

        // A member whose instance the stack does not tell (no instance label beside scoped ones of
        // its identifier, or one unknown during preview) may belong to another group of that
        // identifier: said as an advisory, never counted as a violation.
        for (const m of members.filter((x) => x.group !== undefined && (!x.scoped || !x.certain))) {
            const own = groups.get(m.key)!;
            if (sum(own) > MAX_AGENTS_PER_GROUP) continue;
            const others = [...groups.entries()].filter(([key, g]) => key !== m.key && g[0]!.group === m.group && sum(g) <= MAX_AGENTS_PER_GROUP);
            const worst = others.sort(([, a], [, b]) => sum(b) - sum(a))[0];
            if (!worst || sum(worst[1]) + m.count.agents <= MAX_AGENTS_PER_GROUP) continue;
            const other = worst[1][0]!;
            const where = other.scoped ? `instance ${other.host ?? other.key.split("|")[0]}` : "the workloads without an instance label";
            advise(
                m.unit.main.resource,
                "labels.instanceUnknown",
                `${m.unit.main.resource.name} runs agents of group "${m.group}" for an instance the stack does not tell (no ${AGENT_LABELS.instance} label or ${AGENT_INSTANCE_HOST_ANNOTATION} annotation known); if it serves the same instance as ${where} (${worst[1].map(describeMember).join("; ")}), that group runs ${sum(worst[1]) + m.count.agents} agents, more than the ${MAX_AGENTS_PER_GROUP} Oracle Integration accepts. Label every agent workload with its instance.`,
            );
        }
        return findings;
    },
});
