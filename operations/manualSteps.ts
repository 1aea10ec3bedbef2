/**
 * The post-failover steps no API of ours can do, with this failover's values filled in.
 *
 * Facts from Oracle's guide to Oracle-managed disaster recovery for Oracle Integration 3
 * (seed 000; see /work/shared/DESIGN.md "After failover"): SMTP settings of an own email tenancy are
 * empty on the new primary and are entered again on its Notifications page (the default Oracle
 * email tenancy needs nothing); design-time API calls change host and `integrationInstance` (the
 * global URL serves runtime only); event-based integrations need their event definitions recreated
 * and are then reactivated; in-flight and asynchronous work is aborted and must be retried;
 * integrations with polling triggers must be identified by hand.
 */

export interface ManualStep {
    id: "smtp" | "api-clients" | "polling-integrations" | "event-definitions" | "in-flight" | "agents";
    title: string;
    detail: string;
}

export interface ManualStepsInput {
    designUrl: URL;
    integrationInstance: string;
    /** Whether `--integrations` named the polling-trigger integrations (they were handled). */
    integrationsGiven: boolean;
    /** The integrations were read from the new primary (integrationInventory.ts): inferred, to be checked. */
    integrationsRead?: { polling: readonly string[]; eventBased: readonly string[] } | undefined;
    /** Names of agent groups not AVAILABLE. */
    agentGroupsDown: readonly string[];
}

export function manualSteps(input: ManualStepsInput): ManualStep[] {
    const host = input.designUrl.host;
    const steps: ManualStep[] = [
        {
            id: "smtp",
            title: "SMTP settings (own email tenancy only)",
            detail: `On the new primary (${host}, instance ${input.integrationInstance}) open Settings > Notifications, enable the customer tenancy mode and enter the SMTP user name, password and default sender used before the failover; Test, then Save. Not needed with Oracle's default email tenancy.`,
        },
        {
            id: "api-clients",
            title: "Design-time API clients",
            detail: `Point every design-time API client (CI jobs, scripts) at ${input.designUrl.origin}/ic/api/... with integrationInstance=${input.integrationInstance}. The global URL serves runtime traffic only.`,
        },
        {
            id: "event-definitions",
            title: "Event-based integrations",
            detail: `Recreate each event definition on the new primary, then reactivate the integrations that publish or subscribe to it.${
                input.integrationsRead && input.integrationsRead.eventBased.length > 0 ? ` Event-based integrations read from the new primary: ${input.integrationsRead.eventBased.join(", ")}.` : ""
            }`,
        },
        {
            id: "in-flight",
            title: "In-flight and asynchronous work",
            detail: "Instances running at the failover were aborted: resubmit or retry them from their source.",
        },
    ];
    if (input.integrationsRead) {
        steps.unshift({
            id: "polling-integrations",
            title: "Integrations with polling triggers",
            detail: `The list reactivated was read from the new primary, inferred from each trigger's adapter type (${
                input.integrationsRead.polling.length === 0 ? "none found" : input.integrationsRead.polling.join(", ")
            }): Oracle's REST API does not say which triggers poll. Reactivate any it missed with --integrations CODE|VERSION,...`,
        });
    } else if (!input.integrationsGiven) {
        steps.unshift({
            id: "polling-integrations",
            title: "Integrations with polling triggers",
            detail: `Oracle's REST API does not say which triggers poll. Identify them (database, JMS, Streaming, FTP... adapters as triggers) and run this command again with --integrations CODE|VERSION,...`,
        });
    }
    if (input.agentGroupsDown.length > 0) {
        steps.push({
            id: "agents",
            title: "Connectivity agents",
            detail: `Agent groups not available: ${input.agentGroupsDown.join(", ")}. Check their agents and hosts (recover an agent host lost with the failed region), then run this command again.`,
        });
    }
    return steps;
}
