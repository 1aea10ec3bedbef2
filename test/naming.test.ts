/**
 * Names without a repeated segment, and the aliases that keep the resources of stacks created
 * while names still repeated one (`orders-domain-replication-fra-fra`, `billing-agents-agents`).
 *
 * The old URNs are data, not recomputed: test/fixtures/names-before/urns.json lists what oic-dr
 * 0.1.0 (commit 5723ee5) registered for declareTwoPairs() under the same mocks. The aliases the
 * program sends are resolved as the engine resolves them, so the test shows that an existing
 * stack's state is found under each renamed resource.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import { engineUrn, type OfflineEngine } from "../engine/offlineEngine";
import { ConnectivityAgentGroup } from "../components/agentGroup/connectivityAgentGroup";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { childName, joinName } from "../components/support/naming";
import { agentArgs, onCluster } from "./agentGroupFixture";
import { mockEngine, validSpec } from "./harness";
import { declareTwoPairs, TWO_PAIRS } from "./namesFixture";

const OLD_URNS: string[] = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/names-before/urns.json"), "utf8"));

/** A segment written twice in a row: `-fra-fra`, `agents-agents`. */
const REPEATED_SEGMENT = /(?:^|-)([^-]+)-\1(?=-|$)/;

interface AliasSpec {
    readonly urn?: string;
    readonly name: string;
    readonly type: string;
    readonly parentUrn: string;
    readonly noParent: boolean;
}

/** Records the alias specs each registration sends (the request's `aliases`), by URN. */
function recordAliases(): Map<string, AliasSpec[]> {
    const sent = new Map<string, AliasSpec[]>();
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: any, callback: unknown): unknown };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const urn = engineUrn(TWO_PAIRS.stack, TWO_PAIRS.project, req.getParent() || undefined, req.getType(), req.getName());
        sent.set(
            urn,
            req.getAliasesList().map((alias: any) =>
                alias.hasUrn()
                    ? { urn: alias.getUrn(), name: "", type: "", parentUrn: "", noParent: false }
                    : { name: alias.getSpec().getName(), type: alias.getSpec().getType(), parentUrn: alias.getSpec().getParenturn(), noParent: alias.getSpec().getNoparent() },
            ),
        );
        return register(req, callback);
    };
    return sent;
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
const qualifiedTypeOf = (urn: string) => urn.split("::")[2]!;

/**
 * Which old URN each resource takes over, as the engine decides it (pulumi/pulumi @ 1b5949891b3c,
 * pkg/resource/deploy/step_generator.go): its own URN first, then its aliases in order
 * (getOldResource, 666-707); an alias spec collapses to the URN of its name, type and parent, the
 * resource's own where unset, and the parent's old URN when the parent was itself aliased
 * (collapseAliasToUrn, 545-584); a child of an aliased parent also gets the parent's alias with
 * the parent's name prefix replaced (generateAliases and inheritedChildAlias, 587-656).
 */
function resolveAliases(engine: OfflineEngine, sent: Map<string, AliasSpec[]>, old: Set<string>): Map<string, string> {
    const takenOver = new Map<string, string>();
    const urn = (name: string, type: string, parent: string | undefined) => engineUrn(TWO_PAIRS.stack, TWO_PAIRS.project, parent, type, name);
    for (const resource of engine.resources) {
        const specs = sent.get(resource.urn) ?? [];
        const collapse = (spec: AliasSpec) => {
            if (spec.urn) return spec.urn;
            let parent = spec.parentUrn || resource.parent;
            if (spec.parentUrn && takenOver.has(spec.parentUrn)) parent = takenOver.get(spec.parentUrn);
            return urn(spec.name || resource.name, spec.type || resource.type, spec.noParent ? undefined : parent);
        };
        const aliases = specs.map(collapse);
        const parentAlias = resource.parent ? takenOver.get(resource.parent) : undefined;
        if (parentAlias) {
            const inherited = (type: string, name: string) => {
                const parentName = nameOf(resource.parent!);
                const aliasName = name.startsWith(parentName) ? nameOf(parentAlias) + name.slice(parentName.length) : name;
                return `urn:pulumi:${TWO_PAIRS.stack}::${TWO_PAIRS.project}::${qualifiedTypeOf(parentAlias)}$${type}::${aliasName}`;
            };
            aliases.push(inherited(resource.type, resource.name));
            for (const alias of specs.map(collapse)) aliases.push(inherited(qualifiedTypeOf(alias).split("$").pop()!, nameOf(alias)));
        }
        const match = [resource.urn, ...aliases].find((candidate) => old.has(candidate));
        if (match && match !== resource.urn) takenOver.set(resource.urn, match);
        if (match === resource.urn) takenOver.delete(resource.urn);
    }
    return takenOver;
}

describe("joinName", () => {
    it.each([
        [["billing-agents", "agents"], "billing-agents"],
        [["agents", "agents"], "agents"],
        [["orders-domain-replication-fra", "fra"], "orders-domain-replication-fra"],
        [["orders", "domain-replication", "fra"], "orders-domain-replication-fra"],
        [["a-b", "b-c"], "a-b-c"],
        [["orders-email", "sender-x-fra"], "orders-email-sender-x-fra"],
    ])("joins %j as %s", (parts, expected) => {
        const [base, ...rest] = parts as [string, ...string[]];
        expect(joinName(base, ...rest)).toBe(expected);
    });

    it("keeps the former name of each derived name, and aliases it only when it differs", () => {
        expect(childName.agentWorkload("billing-agents")).toBe("billing-agents");
        expect(childName.agentWorkload.former("billing-agents")).toBe("billing-agents-agents");
        expect(childName.agentWorkload.aliases("billing-agents")).toEqual([{ name: "billing-agents-agents" }]);
        expect(childName.agentWorkload.aliases("orders")).toEqual([]);
        expect(childName.domainReplication("orders-domain-replication-fra", "eu-frankfurt-1")).toBe("orders-domain-replication-fra");
    });
});

describe("child names of a stack with two pairs", () => {
    let engine: OfflineEngine;
    beforeEach(async () => {
        engine = await mockEngine({ ...TWO_PAIRS, preview: true });
    });

    it("repeat no segment, with default arguments and agent groups", async () => {
        new DrPairedIntegration("orders", validSpec({ displayName: "orders-oic" }));
        const billing = new DrPairedIntegration("billing", validSpec({ displayName: "billing-oic", primaryRegion: "eu-frankfurt-1" }));
        new ConnectivityAgentGroup("billing-agents", agentArgs("s", { oicUrl: billing.instanceUrl }), onCluster());
        await engine.settle();
        expect(engine.resources.length).toBeGreaterThan(20);
        expect(engine.resources.map((r) => r.name).filter((name) => REPEATED_SEGMENT.test(name))).toEqual([]);
    });

    it("repeat no segment with domains replicated to the primary region, tags, email and agent groups", async () => {
        declareTwoPairs();
        await engine.settle();
        expect(engine.resources.map((r) => r.name).filter((name) => REPEATED_SEGMENT.test(name))).toEqual([]);
        // The old code's names did: the fixture holds them.
        expect(OLD_URNS.map(nameOf).filter((name) => REPEATED_SEGMENT.test(name)).sort()).toEqual([
            "agents-agents",
            "agents-agents",
            "agents-agents",
            "billing-agents-agents",
            "billing-agents-agents",
            "billing-agents-agents",
            "billing-domain-replication-fra-fra",
            "orders-domain-replication-fra-fra",
        ]);
    });

    it("keep every resource of a stack created with the old names: each renamed one's alias resolves to its old URN", async () => {
        const sent = recordAliases();
        declareTwoPairs();
        await engine.settle();
        expect(engine.duplicateUrns).toEqual([]);
        const old = new Set(OLD_URNS);
        const takenOver = resolveAliases(engine, sent, old);

        const renamed = (type: string, from: string, to: string) => [
            engine.resources.find((r) => r.urn.endsWith(`${type}::${to}`))?.urn,
            OLD_URNS.find((u) => u.endsWith(`${type}::${from}`)),
        ];
        for (const [now, before] of [
            renamed("oci:Identity/domainReplicationToRegion:DomainReplicationToRegion", "orders-domain-replication-fra-fra", "orders-domain-replication-fra"),
            renamed("kubernetes:apps/v1:StatefulSet", "billing-agents-agents", "billing-agents"),
            renamed("kubernetes:core/v1:Service", "agents-agents", "agents"),
            renamed("kubernetes:policy/v1:PodDisruptionBudget", "agents-agents", "agents"),
        ]) {
            expect(now, `${before}`).toBeDefined();
            expect(before).toBeDefined();
            expect(takenOver.get(now!)).toBe(before);
        }

        // Every old URN is kept, by the same URN or through an alias, and claimed once. What goes: the
        // second pair's tag policy (the stack now declares that policy once, drPairedIntegration.test.ts),
        // the second pair's replications of the domain the first pair already replicates to the same
        // regions (the stack replicates a domain to a region once; they are retained in OCI on delete),
        // and the failover baseline and guard, which owned nothing in OCI and whose work PairRoles does
        // (deleting them runs their serialized providers' delete, which they did not define: nothing is called).
        const claimed = engine.resources.map((r) => takenOver.get(r.urn) ?? r.urn).filter((u) => old.has(u));
        expect(new Set(claimed).size).toBe(claimed.length);
        const dropped = OLD_URNS.filter((u) => !claimed.includes(u));
        expect(dropped).toEqual([
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$oic-dr:index:IdentityDomainReplication$oci:Identity/domainReplicationToRegion:DomainReplicationToRegion::billing-domain-replication-ams",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$oic-dr:index:IdentityDomainReplication$oci:Identity/domainReplicationToRegion:DomainReplicationToRegion::billing-domain-replication-fra-fra",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$oic-dr:index:IdentityDomainReplication::billing-domain-replication",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$oic-dr:index:IdentityDomainReplication::billing-domain-replication-fra",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$oic-dr:index:TagPolicies$oci:Identity/policy:Policy::billing-tags-tag-namespaces",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$oic-dr:index:TagPolicies::billing-tags",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$pulumi-nodejs:dynamic/oic-dr:FailoverBaseline::billing-failover-baseline",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$pulumi-nodejs:dynamic/oic-dr:FailoverBaseline::orders-failover-baseline",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$pulumi-nodejs:dynamic/oic-dr:FailoverGenerationGuard::billing-failover-generation",
            "urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$pulumi-nodejs:dynamic/oic-dr:FailoverGenerationGuard::orders-failover-generation",
        ]);
        // The stack's policy took over the first pair's, component and child, and keeps its OCI name.
        const policy = engine.resources.find((r) => r.type === "oci:Identity/policy:Policy")!;
        expect(takenOver.get(policy.urn)).toBe("urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$oic-dr:index:TagPolicies$oci:Identity/policy:Policy::orders-tags-tag-namespaces");
        expect(takenOver.get(policy.parent!)).toBe("urn:pulumi:names::oic-dr-test::oic-dr:index:DrPairedIntegration$oic-dr:index:TagPolicies::orders-tags");
    });
});
