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
import { DKIM } from "./ociContracts";
import { drRegion, drRegions } from "./regions";
import { SpecValidationError, describeValue, type SpecProblem } from "./validation";

/** A short, stable suffix for a region: its key where it has one (`iad`), else its identifier. */
export function regionSuffix(region: string): string {
    return drRegion(region)?.key.toLowerCase() ?? region;
}

/** Resource-name-safe form of an address or domain: lower case, runs of other characters become `-`. */
export function slug(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** The longest region suffix of a generated name: `-` and a DR region's key. */
export const DKIM_REGION_SUFFIX_LENGTH = 1 + Math.max(...drRegions.map((r) => r.key.length));

/** The alarms DrAlarms creates itself; custom alarms may not take their names. */
export const BUILT_IN_ALARM_NAMES = ["unreachable"] as const;

/** Child names, by the component that creates them. `base` is the component's own Pulumi name. */
export const childName = {
    /** An OCI provider created from a region name. */
    provider: (base: string, region: string) => `${base}-${regionSuffix(region)}`,
    regionSubscription: (base: string, region: string) => `${base}-subscription-${regionSuffix(region)}`,
    /**
     * The standby region's replication keeps the name it always had; one to the primary region
     * (needed when the primary is not the home region) carries that region's key.
     */
    domainReplicationComponent: (base: string, primaryRegion?: string) =>
        primaryRegion === undefined ? `${base}-domain-replication` : `${base}-domain-replication-${regionSuffix(primaryRegion)}`,
    domainReplication: (base: string, region: string) => `${base}-${regionSuffix(region)}`,
    tagPoliciesComponent: (base: string) => `${base}-tags`,
    tagPolicy: (base: string) => `${base}-tag-namespaces`,
    failoverGuard: (base: string) => `${base}-failover-generation`,
    failoverBaseline: (base: string) => `${base}-failover-baseline`,
    instance: (base: string) => `${base}-instance`,
    emailComponent: (base: string) => `${base}-email`,
    sender: (base: string, address: string, region: string) => `${base}-sender-${slug(address)}-${regionSuffix(region)}`,
    suppression: (base: string, address: string, region: string) => `${base}-suppression-${slug(address)}-${regionSuffix(region)}`,
    emailDomain: (base: string, region: string) => `${base}-domain-${regionSuffix(region)}`,
    dkim: (base: string, region: string) => `${base}-dkim-${regionSuffix(region)}`,
    alarmsComponent: (base: string) => `${base}-alarms`,
    topic: (base: string, region: string) => `${base}-topic-${regionSuffix(region)}`,
    subscription: (base: string, protocol: string, index: number, region: string) =>
        `${base}-${protocol.toLowerCase()}-${index}-${regionSuffix(region)}`,
    probe: (base: string, watched: string, from: string) => `${base}-probe-${regionSuffix(watched)}-from-${regionSuffix(from)}`,
    /** Built-in and custom alarms share one form, hence the reserved built-in names. */
    alarm: (base: string, alarmName: string, region: string) => `${base}-${alarmName}-${regionSuffix(region)}`,
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

/**
 * Names OCI keeps. Topic and IAM policy names are unique across the tenancy (@pulumi/oci 4.20
 * ons/notificationTopic.d.ts:95, identity/policy.d.ts:100): they start with the name prefix.
 */
export const ociName = {
    /** The region key tells a pair's two topics apart. */
    topic: (prefix: string, displayName: string, region: string) => `${prefix}-${displayName}-dr-${regionSuffix(region)}`,
    tagPolicy: (prefix: string, base: string) => `${prefix}-${base}-use-tag-namespaces`,
    probe: (displayName: string, watched: string, from: string) => `${displayName}-${regionSuffix(watched)}-from-${regionSuffix(from)}`,
    /**
     * The region's DKIM selector, `<prefix>-<region key>`, so the two regions' keys differ in DNS.
     * The default prefix is the domain's first label (shortened to fit) and `-oicdr`; either way
     * the selector meets the Email Delivery guide's rule (DKIM.guideSelector).
     */
    dkimSelector: (domainName: string, prefix: string | undefined, region: string) => {
        const mark = "-oicdr";
        const room = DKIM.maxSelectorLength - DKIM_REGION_SUFFIX_LENGTH - mark.length;
        const chosen = prefix ?? `${domainName.split(".")[0]!.slice(0, room).replace(/-+$/, "")}${mark}`;
        return `${chosen}-${regionSuffix(region)}`;
    },
} as const;

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
