/**
 * The stack the naming tests declare: two DR pairs in one stack with everything that derives a
 * name (a non-default identity domain replicated to both regions of each pair, defined tags and
 * their policy, Email Delivery, alarms) and two connectivity agent groups, one named as the
 * README's example names it ("agents") and one that ends in "-agents".
 */
import { ConnectivityAgentGroup } from "../components/agentGroup/connectivityAgentGroup";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { agentArgs, onCluster } from "./agentGroupFixture";
import { validSpec } from "./harness";

export const TWO_PAIRS = { project: "oic-dr-test", stack: "names" } as const;

/** Both pairs share the tenancy, home region, domain and groups: their tag policies are identical. */
const shared = {
    homeRegion: "us-ashburn-1",
    identityDomain: { id: "ocid1.domain.oc1..aaaadomain", isDefault: false, name: "Integrators" },
    tags: { defined: { "ops.cost-center": "4711" } },
    tagPolicy: { groups: ["oic-admins"] },
    emailDelivery: { senders: ["noreply@example.com"] },
};

/** Declares the stack; `order` reverses the construction order of the pairs. */
export function declareTwoPairs(order: "orders-first" | "billing-first" = "orders-first", withAgents = true) {
    const declare = {
        orders: () => new DrPairedIntegration("orders", validSpec({ ...shared, primaryRegion: "eu-frankfurt-1", displayName: "orders-oic" })),
        billing: () => new DrPairedIntegration("billing", validSpec({ ...shared, primaryRegion: "eu-frankfurt-1", displayName: "billing-oic" })),
    };
    const names = order === "orders-first" ? (["orders", "billing"] as const) : (["billing", "orders"] as const);
    const pairs = Object.fromEntries(names.map((name) => [name, declare[name]()])) as Record<"orders" | "billing", DrPairedIntegration>;
    if (withAgents) {
        const cluster = onCluster();
        new ConnectivityAgentGroup("agents", agentArgs("agents-secret", { oicUrl: pairs.orders.instanceUrl, sharedVolume: { size: "1Gi" } }), cluster);
        new ConnectivityAgentGroup("billing-agents", agentArgs("billing-secret", { agentGroupIdentifier: "BILLING", oicUrl: pairs.billing.instanceUrl }), cluster);
    }
    return pairs;
}
