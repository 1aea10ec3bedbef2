/**
 * Every name the agent group gives comes from naming.ts: its Pulumi names (childName) and its
 * Kubernetes object names (agentObjectNames), from the same parts. The Kubernetes names are those
 * the group always gave: renaming a StatefulSet in the cluster replaces it and its volumes.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { OfflineEngine } from "../engine/offlineEngine";
import { ConnectivityAgentGroup } from "../components/agentGroup/connectivityAgentGroup";
import { agentObjectNames, childName } from "../components/support/naming";
import { agentArgs, K8S, onCluster } from "./agentGroupFixture";
import { mockEngine, single } from "./harness";

let engine: OfflineEngine;
beforeEach(async () => {
    engine = await mockEngine({ preview: false });
});

/** The object names as connectivityAgentGroup.ts wrote them by hand before naming.ts held them. */
function namesBefore(name: string) {
    return {
        namespace: name,
        statefulSet: `${name}-agents`,
        service: `${name}-agents`,
        disruptionBudget: `${name}-agents`,
        profileSecret: `${name}-profile`,
        networkPolicy: `${name}-egress`,
        sharedClaim: `${name}-shared`,
    };
}

// "billing-agents" ends with a part: its Pulumi names drop the repeat, its Kubernetes names keep it.
const NAMES = ["orders", "billing-agents", "orders-profile", "a", "hr-egress-shared"];

describe("the agent group's names come from naming.ts", () => {
    it.each(NAMES)("%s: the Kubernetes object names are those the group always gave", (name) => {
        expect(agentObjectNames(name)).toEqual(namesBefore(name));
    });

    it.each(NAMES)("%s: each object is registered under naming.ts's Pulumi name with naming.ts's Kubernetes name", async (name) => {
        new ConnectivityAgentGroup(name, agentArgs("s3cr3t-agent-names", { replicas: 2, sharedVolume: { size: "50Gi", storageClassName: "nfs" } }), onCluster());
        await engine.settle();
        const objects = agentObjectNames(name);
        const expected = [
            [K8S.namespace, childName.agentNamespace(name), objects.namespace],
            [K8S.secret, childName.agentProfile(name), objects.profileSecret],
            [K8S.service, childName.agentWorkload(name), objects.service],
            [K8S.statefulSet, childName.agentWorkload(name), objects.statefulSet],
            [K8S.pdb, childName.agentWorkload(name), objects.disruptionBudget],
            [K8S.networkPolicy, childName.agentEgress(name), objects.networkPolicy],
            [K8S.pvc, childName.agentSharedClaim(name), objects.sharedClaim],
        ] as const;
        for (const [type, pulumiName, objectName] of expected) {
            const resource = single(engine.resources, type);
            expect(resource.name, type).toBe(pulumiName);
            expect((resource.inputs.metadata as { name?: unknown }).name, type).toBe(objectName);
        }
    });

    it("the Kubernetes names use the Pulumi names' parts, joined without dropping a repeat", () => {
        expect(agentObjectNames("billing-agents").statefulSet).toBe(childName.agentWorkload.former("billing-agents"));
        expect(childName.agentWorkload("billing-agents")).toBe("billing-agents");
        expect(agentObjectNames("billing-agents").statefulSet).toBe("billing-agents-agents");
    });
});
