/**
 * `polling-integrations`: the ACTIVATED integrations that need a hand after a failover, read from
 * the PRIMARY: those with polling triggers (deactivated and activated again; `oic-dr post-failover`
 * reads the same inventory from the new primary when no `--integrations` is given) and the
 * event-based ones (their event definitions recreated, then reactivated). Advisory: WARN when there
 * are some, so they are known before the failover. How they are recognised is inferred
 * (operations/integrationInventory.ts says from what, and what is unverified).
 */
import { ORACLE_MANAGED_DR_GUIDE } from "../../../facts/factSource";
import { readInventory, type InventoryEntry } from "../../integrationInventory";
import { notRun, type ReadinessCheck } from "../model";
import { oicPair, primaryClient } from "./oicSides";

const listed = (entries: InventoryEntry[]) => entries.map((e) => `${e.id} (${e.reason})`).join(", ");

export const pollingIntegrations: ReadinessCheck = {
    id: "polling-integrations",
    title: "Active integrations with polling triggers or events, known before a failover",
    mandatory: false,
    source: { title: `${ORACLE_MANAGED_DR_GUIDE.title}: Deactivate and Reactivate Integrations with Polling Triggers`, url: ORACLE_MANAGED_DR_GUIDE.url },
    async run(context) {
        const primary = primaryClient(await oicPair(context));
        if ("notRun" in primary) return notRun(primary.notRun);
        const inventory = await readInventory(primary.client);
        const region = primary.side.side.region;
        const { polling, eventBased } = inventory;
        if (polling.length === 0 && eventBased.length === 0) {
            return { status: "PASS", found: `primary ${region}: ${inventory.activated} ACTIVATED integrations, none with a polling trigger or an event trigger (inferred from trigger adapter types and patterns)`, todo: null };
        }
        const parts = [
            polling.length > 0 ? `polling (reactivate after a failover): ${listed(polling)}` : undefined,
            eventBased.length > 0 ? `event-based (recreate their event definitions, then reactivate): ${listed(eventBased)}` : undefined,
        ].filter((p) => p !== undefined);
        return {
            status: "WARN",
            found: `primary ${region}: ${parts.join("; ")} (inferred from trigger adapter types and patterns)`,
            todo: `after a failover, oic-dr post-failover reactivates the polling ones (it reads the same list from the new primary); ${eventBased.length > 0 ? "recreate the event definitions of the event-based ones, then reactivate them" : "nothing else to prepare"}`,
        };
    },
};
