/**
 * Every name this library derives, in one place: the Pulumi names of children (a URN is the
 * parent's type chain, the child's type and its name, so two children of one component with the
 * same type and name are the same URN, which the engine refuses) and the names OCI itself keeps
 * (topic and policy names are unique across the tenancy).
 *
 * A component lists its children's names with these functions before it registers anything, and
 * {@link assertDistinctNames} rejects a collision then, naming the arguments that caused it. The
 * constructors call the same functions, so what was checked is what is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { regionSuffix, slug } from "./ociNames";
import { SpecValidationError, describeValue, type SpecProblem } from "./validation";

// The names without Pulumi, which the operations read OCI by (readiness finds the pair's topics by them).
export { DKIM_REGION_SUFFIX_LENGTH, ociName, regionSuffix, slug } from "./ociNames";

/** The alarms DrAlarms creates itself; custom alarms may not take their names. */
export const BUILT_IN_ALARM_NAMES = ["unreachable"] as const;

/**
 * `base` and the parts after it joined by `-`, without repeating at the joint what `base` already
 * ends with: ("billing-agents", "agents") gives "billing-agents", not "billing-agents-agents";
 * ("orders-domain-replication-fra", "fra") gives "orders-domain-replication-fra". The longest run
 * of `base`'s last segments that the parts start with is written once.
 */
export function joinName(base: string, ...parts: string[]): string {
    const head = base.split("-");
    const tail = parts.join("-").split("-");
    for (let overlap = Math.min(head.length, tail.length); overlap > 0; overlap--) {
        if (head.slice(-overlap).join("-") === tail.slice(0, overlap).join("-")) return [...head, ...tail.slice(overlap)].join("-");
    }
    return [...head, ...tail].join("-");
}

/** A derived child name, and what it was before names stopped repeating segments. */
export type DerivedName<A extends unknown[]> = ((base: string, ...args: A) => string) & {
    /** The name oic-dr 0.1.0 gave: `base` and the parts concatenated, a repeat included. */
    readonly former: (base: string, ...args: A) => string;
    /**
     * `aliases` for the child: its former name when the two differ, so that a stack created by an
     * earlier release keeps the resource (the alias names the same parent and type, hence the old
     * URN: pulumi/pulumi pkg/resource/deploy/step_generator.go collapseAliasToUrn, 545-584).
     */
    readonly aliases: (base: string, ...args: A) => pulumi.Alias[];
};

function derived<A extends unknown[]>(parts: (...args: A) => string[]): DerivedName<A> {
    const name = (base: string, ...args: A) => joinName(base, ...parts(...args));
    const former = (base: string, ...args: A) => [base, ...parts(...args)].join("-");
    const aliases = (base: string, ...args: A): pulumi.Alias[] => {
        const before = former(base, ...args);
        return before === name(base, ...args) ? [] : [{ name: before }];
    };
    return Object.assign(name, { former, aliases });
}

/**
 * Child names, by the component that creates them. `base` is the component's own Pulumi name;
 * every name is `base` joined with the child's parts by {@link joinName}.
 */
export const childName = {
    /** An OCI provider created from a region name. */
    provider: derived((region: string) => [regionSuffix(region)]),
    regionSubscription: derived((region: string) => ["subscription", regionSuffix(region)]),
    /**
     * The standby region's replication keeps the name it always had; one to the primary region
     * (needed when the primary is not the home region) carries that region's key.
     */
    domainReplicationComponent: derived((primaryRegion?: string) =>
        primaryRegion === undefined ? ["domain-replication"] : ["domain-replication", regionSuffix(primaryRegion)],
    ),
    /** Under a component already named after the region (the primary's), the key is not repeated. */
    domainReplication: derived((region: string) => [regionSuffix(region)]),
    tagPoliciesComponent: derived(() => ["tags"]),
    tagPolicy: derived(() => ["tag-namespaces"]),
    /** A pair's own `manage integration-instance` policy, when the stack cannot share one (tagPolicies/instancePolicy.ts). */
    instancePolicy: derived(() => ["manage-instances"]),
    failoverGuard: derived(() => ["failover-generation"]),
    failoverBaseline: derived(() => ["failover-baseline"]),
    pairRoles: derived(() => ["roles"]),
    instance: derived(() => ["instance"]),
    /** The outbound private endpoint of the instance in `region` (one per instance of the pair). */
    privateEndpoint: derived((region: string) => ["private-endpoint", regionSuffix(region)]),
    emailComponent: derived(() => ["email"]),
    sender: derived((address: string, region: string) => ["sender", slug(address), regionSuffix(region)]),
    suppression: derived((address: string, region: string) => ["suppression", slug(address), regionSuffix(region)]),
    emailDomain: derived((region: string) => ["domain", regionSuffix(region)]),
    dkim: derived((region: string) => ["dkim", regionSuffix(region)]),
    alarmsComponent: derived(() => ["alarms"]),
    topic: derived((region: string) => ["topic", regionSuffix(region)]),
    subscription: derived((protocol: string, index: number, region: string) => [protocol.toLowerCase(), String(index), regionSuffix(region)]),
    probe: derived((watched: string, from: string) => ["probe", regionSuffix(watched), "from", regionSuffix(from)]),
    /** Built-in and custom alarms share one form, hence the reserved built-in names. */
    alarm: derived((alarmName: string, region: string) => [alarmName, regionSuffix(region)]),
    /**
     * The agent group's Pulumi names. Its Kubernetes object names ({@link agentObjectNames}) keep
     * their form: renaming a StatefulSet in the cluster replaces it and its volumes, which an
     * alias cannot prevent.
     */
    agentNamespace: derived(() => ["namespace"]),
    agentProfile: derived(() => ["profile"]),
    /** The StatefulSet, its governing Service and its disruption budget (three types, one name). */
    agentWorkload: derived(() => ["agents"]),
    agentSharedClaim: derived(() => ["shared"]),
    agentEgress: derived(() => ["egress"]),
    /** Full Stack DR (fullStackDr/): the component, and per region its protection group and log bucket. */
    fullStackDrComponent: derived(() => ["fsdr"]),
    protectionGroup: derived((region: string) => ["group", regionSuffix(region)]),
    fsdrLogBucket: derived((region: string) => ["logs", regionSuffix(region)]),
    /** The plans live in the standby region's group: one per plan type. */
    drPlan: derived((planType: string) => [planType.toLowerCase()]),
    fsdrPolicy: derived(() => ["policy"]),
} as const;

/**
 * The agent group's Kubernetes object names, from the same parts as its Pulumi names (childName),
 * in the form they always had: the component's name and the part concatenated, a repeat included
 * ("billing-agents" gives the StatefulSet "billing-agents-agents"), i.e. each name's `former`.
 * They must not change for an existing stack: renaming a StatefulSet in the cluster replaces it
 * and its volumes, which an alias cannot prevent. The namespace is the component's name itself.
 * Checked against Kubernetes' rules before anything is registered (agentGroup/kubernetesNames.ts).
 */
export function agentObjectNames(base: string) {
    const workload = childName.agentWorkload.former(base);
    return {
        namespace: base,
        statefulSet: workload,
        service: workload,
        disruptionBudget: workload,
        profileSecret: childName.agentProfile.former(base),
        networkPolicy: childName.agentEgress.former(base),
        sharedClaim: childName.agentSharedClaim.former(base),
    };
}
export type AgentObjectNames = ReturnType<typeof agentObjectNames>;

/**
 * Names of what one stack declares once for all its pairs (tagPolicies.ts): derived from the
 * content, never from a pair, so that neither the order of the pairs nor the removal of one
 * changes them.
 */
export const stackName = {
    /** `digest`: a short hash of the policy's tenancy, home region, statements, prefix and tags. */
    tagPolicies: (digest: string) => `tags-${digest}`,
    /** `digest`: of the `manage integration-instance` policy's tenancy, home region, statements, prefix and tags. */
    instancePolicy: (digest: string) => `manage-instances-${digest}`,
} as const;

/** Characters OCI accepts in the tenancy-wide names built from a prefix. */
export const NAME_PREFIX = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The default prefix of the names OCI keeps unique across the tenancy: the Pulumi project and
 * stack, so two stacks of one program (dev and prod) in one tenancy never claim the same name.
 */
export function defaultNamePrefix(): string {
    const parts = [pulumi.getProject(), pulumi.getStack()].filter((part) => typeof part === "string" && part.length > 0);
    return (parts.join("-") || "oic-dr").replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 64);
}

/** One name a component will use, and the argument it comes from (for the error message). */
export interface NameClaim {
    /** The resource type (or `oci:<kind>` for a name OCI keeps): only equal kinds can collide. */
    readonly kind: string;
    readonly name: string;
    /** The argument path that produced the name, e.g. `senders.1`. */
    readonly source: string;
    /** The value at that path, shown in the error. */
    readonly value?: unknown;
}

/** Throws a {@link SpecValidationError} listing every pair of claims that would collide. */
export function assertDistinctNames(subject: string, claims: readonly NameClaim[]): void {
    const first = new Map<string, NameClaim>();
    const problems: SpecProblem[] = [];
    const reported = new Set<string>();
    for (const claim of claims) {
        const key = `${claim.kind}\u0000${claim.name}`;
        const earlier = first.get(key);
        if (!earlier) {
            first.set(key, claim);
            continue;
        }
        // One line per pair of arguments, though they collide once per region.
        const pair = `${earlier.source}\u0000${claim.source}`;
        if (reported.has(pair)) continue;
        reported.add(pair);
        const shown = (c: NameClaim) => (c.value === undefined ? c.source : `${c.source} (${describeValue(c.value)})`);
        problems.push({
            path: claim.source,
            message: `${describeValue(claim.value)} gives the ${claim.kind} name "${claim.name}", as ${shown(earlier)} does: names must differ beyond letter case and punctuation`,
        });
    }
    if (problems.length > 0) throw new SpecValidationError(problems, subject);
}
