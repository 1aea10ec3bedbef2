/**
 * The failover runbook: the ordered steps an operator follows around an Oracle-managed failover,
 * derived from the spec so that it holds only the steps that apply to this deployment.
 */
import type { DrIntegrationSpec } from "./config";
import { drRegion, type DrRegion } from "./regions";

export type RunbookPhase = "failover" | "after-failover";

export interface RunbookStep {
    /** Stable identifier, for tooling that ticks steps off. */
    readonly id: string;
    readonly phase: RunbookPhase;
    readonly title: string;
    readonly detail: string;
    /** Why the step is in this runbook: the spec field that put it there, or "always". */
    readonly because: string;
}

export interface Runbook {
    readonly displayName: string;
    /** The two regions of the pair; after a failover "from" and "to" swap for the next one. */
    readonly regions: { readonly primary: DrRegion; readonly secondary: DrRegion };
    readonly steps: readonly RunbookStep[];
}

const regionLabel = (r: DrRegion) => `${r.displayName} (${r.identifier})`;

/** Builds the runbook for a validated spec whose primary and secondary regions are known. */
export function buildRunbook(spec: DrIntegrationSpec, secondaryRegion: string): Runbook {
    const primary = drRegion(spec.primaryRegion);
    const secondary = drRegion(secondaryRegion);
    if (!primary || !secondary) {
        throw new Error(`buildRunbook needs two DR regions, got ${spec.primaryRegion} and ${secondaryRegion}`);
    }
    const { usage } = spec;
    const steps: RunbookStep[] = [];
    const add = (step: RunbookStep) => steps.push(step);

    add({
        id: "start-failover",
        phase: "failover",
        title: "Start the failover from the surviving region",
        detail:
            `A region is lost: from the surviving region, run \`oic-dr failover --region <surviving region> --stack-outputs <pulumi stack output --json>\` ` +
            `(or \`--instance <the standby's OCID>\`), or choose Start failover on the standby instance in the surviving region's console ` +
            `(${regionLabel(primary)} or ${regionLabel(secondary)}). Nothing is needed from the failed region. ` +
            `Do not raise failoverGeneration then: \`pulumi up\` needs the failed region. ` +
            `A planned switchover with both regions up: raise failoverGeneration from ${spec.failoverGeneration} to ${spec.failoverGeneration + 1} and run \`pulumi up\`. ` +
            `Oracle targets an RTO and an RPO of one hour.`,
        because: "always",
    });
    add({
        id: "confirm-new-primary",
        phase: "failover",
        title: "Confirm the new primary",
        detail:
            "Follow the work request to completion; the new primary shows ACTIVE and the old one STANDBY. " +
            `Users sign in again through the global (regionless) URL of ${spec.displayName}.`,
        because: "always",
    });
    if (usage.ownEmailTenancy || spec.emailDelivery) {
        add({
            id: "reenter-smtp",
            phase: "after-failover",
            title: "Re-enter the SMTP settings",
            detail:
                "On the new primary, open Settings > Notifications, turn on the customer tenancy mode and enter the SMTP " +
                "user name, password and default sender again (they are empty after every failover), then Test and Save. " +
                "The senders must be approved in the new primary's region.",
            because: spec.emailDelivery ? "emailDelivery" : "usage.ownEmailTenancy",
        });
    }
    if (usage.pollingTriggerIntegrations) {
        add({
            id: "reactivate-polling-integrations",
            phase: "after-failover",
            title: "Reactivate integrations with polling triggers",
            detail:
                "Integrations that poll (databases, JMS, OCI Streaming and the like) arrive inactive on the new primary: " +
                "deactivate and activate each one so that messages flow again, with " +
                "`oic-dr post-failover --region <new primary's region> --stack-outputs <file> --integrations CODE|VERSION,...` " +
                "(it also checks the connectivity agent groups and lists the steps that stay manual).",
            because: "usage.pollingTriggerIntegrations",
        });
    }
    if (usage.designTimeApiClients) {
        add({
            id: "update-design-time-api-clients",
            phase: "after-failover",
            title: "Point design-time API clients at the new primary",
            detail:
                "Calls to the built-in REST API use the design-time host and the integrationInstance name of one region; " +
                "both change on failover. Switch clients to the new primary's regional design-time host and instance name " +
                "(the global URL serves runtime traffic only).",
            because: "usage.designTimeApiClients",
        });
    }
    if (usage.eventBasedIntegrations) {
        add({
            id: "recreate-event-definitions",
            phase: "after-failover",
            title: "Recreate event definitions",
            detail:
                "Event-based integrations do not fail over: recreate their event definitions on the new primary and " +
                "reactivate the integrations.",
            because: "usage.eventBasedIntegrations",
        });
    }
    add({
        id: "retry-aborted-work",
        phase: "after-failover",
        title: "Retry aborted in-flight and asynchronous work",
        detail:
            "In-flight transactions and asynchronous integrations were aborted by the failover request: find them in the " +
            "old primary's monitoring (runtime data is not replicated) and resubmit them. Scheduled integrations carry on.",
        because: "always",
    });
    if (usage.connectivityAgent !== "none") {
        add({
            id: "check-connectivity-agents",
            phase: "after-failover",
            title: "Check the connectivity agents",
            detail: agentDetail(usage.connectivityAgent),
            because: "usage.connectivityAgent",
        });
    }
    if (spec.fileServer) {
        add({
            id: "check-file-server-clients",
            phase: "after-failover",
            title: "Check File Server clients",
            detail:
                "FTP Adapter connections and SFTP clients reach File Server on the new primary only if they use its host " +
                "name; any that still use an IP address must be changed.",
            because: "fileServer",
        });
    }
    return { displayName: spec.displayName, regions: { primary, secondary }, steps };
}

function agentDetail(location: DrIntegrationSpec["usage"]["connectivityAgent"]): string {
    switch (location) {
        case "oci-compute":
            return (
                "Agents on OCI Compute in the failed region are down with it: start the recovery plan for their hosts " +
                "(a new host with the same agent group identifier) and confirm the group shows agents online."
            );
        case "kubernetes":
            return "Confirm the agent pods are running and the agent group shows its agents online on the new primary.";
        default:
            return "Agents outside OCI redirect to the new primary on their own: confirm the agent group shows them online.";
    }
}

/** The runbook as Markdown, ready for a wiki page or an incident ticket. */
export function runbookToMarkdown(runbook: Runbook): string {
    const { primary, secondary } = runbook.regions;
    const lines = [
        `# Failover runbook: ${runbook.displayName}`,
        "",
        `Pair: ${regionLabel(primary)} and ${regionLabel(secondary)}.`,
    ];
    const phases: Array<[RunbookPhase, string]> = [
        ["failover", "Fail over"],
        ["after-failover", "After the failover"],
    ];
    let n = 0;
    for (const [phase, heading] of phases) {
        lines.push("", `## ${heading}`, "");
        for (const step of runbook.steps.filter((s) => s.phase === phase)) {
            n += 1;
            lines.push(`${n}. **${step.title}.** ${step.detail}`);
        }
    }
    return lines.join("\n") + "\n";
}
