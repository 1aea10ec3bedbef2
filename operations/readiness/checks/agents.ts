/**
 * `agents`: each connectivity agent group the integrations use is AVAILABLE with its agents, on the
 * PRIMARY (its integrations are the ones that run). "The integrations use" is read from the
 * connections: a connection names its group in `agent-group-id` ("Update a Connection",
 * oicRestClient.ts); when the connections cannot be read, every group is judged. The status comes
 * from "Retrieve Status of Agent Groups" (AVAILABLE, UNAVAILABLE, PARTIALLY_AVAILABLE).
 *
 * The standby is reported as it shows, not judged: Oracle asks for no second agent installation
 * when the agent runs outside OCI Compute (it redirects to the new primary by itself after a
 * failover), and for a plan to recover it quickly when it runs on OCI Compute hit by the disaster
 * (seed 000, "Understand Your Connectivity Agent Responsibilities During a Failover").
 */
import { ORACLE_MANAGED_DR_GUIDE } from "../../../facts/factSource";
import type { AgentGroupState } from "../../clients/oicRestClient";
import { allAnswered, notRun, type ReadinessCheck } from "../model";
import { errorText, oicPair, primaryClient } from "./oicSides";

const shown = (group: AgentGroupState) => `${group.name} ${group.status} (${group.agents.length === 0 ? "no agents" : group.agents.map((a) => `${a.name} ${a.status}`).join(", ")})`;

export const agents: ReadinessCheck = {
    id: "agents",
    title: "The connectivity agent groups the connections use are AVAILABLE with their agents",
    mandatory: true,
    source: { title: `${ORACLE_MANAGED_DR_GUIDE.title}: Understand Your Connectivity Agent Responsibilities During a Failover`, url: ORACLE_MANAGED_DR_GUIDE.url },
    async run(context) {
        const pair = await oicPair(context);
        const primary = primaryClient(pair);
        if ("notRun" in primary) return notRun(primary.notRun);
        const standbyShows = async (): Promise<string> => {
            const standby = pair.standby;
            if (!standby) return "no standby read";
            if (!standby.client) return `standby ${standby.side.region}: not read (${standby.unavailable})`;
            const groups = await standby.client.listAgentGroups().catch((err: unknown) => errorText(err));
            return typeof groups === "string" ? `standby ${standby.side.region}: not read (${groups})` : `standby ${standby.side.region} shows ${groups.length === 0 ? "no agent groups" : groups.map(shown).join("; ")}`;
        };
        // The primary's failures make the check NOT_RUN (thrown); the standby's are only reported.
        const [groups, connections, standby] = await allAnswered([
            primary.client.listAgentGroups(),
            primary.client.listConnections().catch((err: unknown) => errorText(err)),
            standbyShows(),
        ]);
        const region = primary.side.side.region;
        const problems: string[] = [];
        let judged: AgentGroupState[];
        let scope: string;
        if (typeof connections === "string") {
            judged = groups;
            scope = `connections not read (${connections}): every group judged`;
        } else {
            const users = new Map<string, string[]>();
            for (const c of connections) if (c.agentGroupId) users.set(c.agentGroupId, [...(users.get(c.agentGroupId) ?? []), c.id]);
            judged = groups.filter((g) => users.has(g.id) || users.has(g.name));
            for (const [groupId, ids] of users) {
                if (!groups.some((g) => g.id === groupId || g.name === groupId)) problems.push(`agent group ${groupId} (used by ${ids.join(", ")}) is not listed`);
            }
            scope = users.size === 0 ? "no connection uses an agent group" : `groups used by connections: ${[...users.keys()].join(", ")}`;
        }
        for (const group of judged) {
            if (group.status !== "AVAILABLE") problems.push(`${group.name} is ${group.status}`);
            else if (group.agents.length === 0) problems.push(`${group.name} has no agents`);
        }
        const found = `primary ${region}: ${scope}; ${judged.length === 0 ? "none judged" : judged.map(shown).join("; ")}; ${standby}`;
        return problems.length === 0
            ? { status: "PASS", found, todo: null }
            : {
                  status: "FAIL",
                  found: `${found}: ${problems.join("; ")}`,
                  todo: "start the agents of each group named (at most two per group) and check they reach the primary; if they run on OCI Compute, keep a plan to recover them quickly after a failover, as Oracle asks",
              };
    },
};
