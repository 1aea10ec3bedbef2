/**
 * Which active integrations need a hand after a failover, read from the instance itself: those with
 * polling triggers (deactivated and activated again: seed 000, "Deactivate and Reactivate
 * Integrations with Polling Triggers") and the event-based ones (their event definitions recreated,
 * then reactivated: seed 000, "What's Not Supported?"). `oic-dr readiness` (polling-integrations)
 * reports them; `oic-dr post-failover` reactivates the polling ones when no list is given.
 *
 * INFERRED, NOT VERIFIED: Oracle's REST reference has no field that says a trigger polls or that an
 * integration is event-based. What is read ("Retrieve Integrations" with `expand=connection.adapter`,
 * oicRestClient.ts): each integration's end points, the one whose `role` is `SOURCE` (the trigger; the
 * connection roles of "Update a Connection" are SOURCE, TARGET, SOURCE_AND_TARGET) and its connection's
 * adapter type. A trigger counts as polling when that adapter type names one of the kinds Oracle's
 * guide names as polling endpoints (OCI Streaming, the databases and JMS among them) or a kind that only consumes by polling (advanced queuing, MQ, Kafka, file,
 * FTP). An integration counts as event-based when its `pattern`, `pattern-description` or `style`
 * names an event or "Subscribe To OIC" (the pattern Oracle's pages name for integrations triggered by
 * an OIC event). The adapter type values and the EndPointRs fields are not shown on the pages we could
 * read: a polling adapter whose type names none of these words is missed, so the report says what it
 * inferred and the user can still name integrations with `--integrations`.
 */
import type { IntegrationSummary, OicRestClient } from "./clients/oicRestClient";

/** Parts of an adapter type that make a trigger a polling one, anywhere in it (case-insensitive, inferred). */
export const POLLING_ADAPTER_PARTS = ["streaming", "database", "mysql", "sqlserver", "jms", "kafka", "ftp"] as const;
/** Short ones, matched only as words of their own ("db", not the "db" of "mydbx"). */
export const POLLING_ADAPTER_WORDS = ["db", "atp", "adw", "aq", "mq", "file"] as const;

const POLLING_ADAPTER = new RegExp(`${POLLING_ADAPTER_PARTS.join("|")}|(^|[^a-z])(${POLLING_ADAPTER_WORDS.join("|")})([^a-z]|$)`, "i");
const EVENT_PATTERN = /event|subscribe\s*to\s*oic/i;

export interface InventoryEntry {
    /** `CODE|VERSION`. */
    id: string;
    name: string | undefined;
    /** Why it was put in the list: the trigger's adapter type, or the pattern. */
    reason: string;
}

export interface IntegrationInventory {
    /** ACTIVATED integrations with a polling trigger: to deactivate and activate again after a failover. */
    polling: InventoryEntry[];
    /** ACTIVATED event-based integrations: their event definitions recreated, then reactivated. */
    eventBased: InventoryEntry[];
    /** How many ACTIVATED integrations were read. */
    activated: number;
}

/** Splits `CamelCase` and `camelCase` so that "OracleDatabase" is read as "Oracle Database". */
const words = (value: string) => value.replace(/([a-z])([A-Z])/g, "$1 $2");

function triggerAdapters(integration: IntegrationSummary): string[] {
    return integration.endPoints.filter((e) => e.role?.toUpperCase() === "SOURCE" && e.adapterType !== undefined).map((e) => e.adapterType!);
}

export function inventoryOf(integrations: readonly IntegrationSummary[]): IntegrationInventory {
    const activated = integrations.filter((i) => i.status === "ACTIVATED");
    const polling: InventoryEntry[] = [];
    const eventBased: InventoryEntry[] = [];
    for (const integration of activated) {
        const pattern = [integration.pattern, integration.patternDescription, integration.style].find((p) => p !== undefined && EVENT_PATTERN.test(p));
        if (pattern !== undefined) {
            eventBased.push({ id: integration.id, name: integration.name, reason: `pattern ${pattern}` });
            continue;
        }
        const adapter = triggerAdapters(integration).find((a) => POLLING_ADAPTER.test(words(a)));
        if (adapter !== undefined) polling.push({ id: integration.id, name: integration.name, reason: `trigger adapter ${adapter}` });
    }
    return { polling, eventBased, activated: activated.length };
}

export async function readInventory(client: OicRestClient): Promise<IntegrationInventory> {
    return inventoryOf(await client.listIntegrations());
}
