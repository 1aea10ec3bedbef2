/**
 * The failover runbook: the ordered steps an operator follows around an Oracle-managed failover,
 * derived from the spec so that it holds only the steps that apply to this deployment. Its commands
 * are written out for each region of the pair, values filled in: roles move with every failover and
 * switchback (DESIGN.md "Roles move"), so the runbook names the region that is lost, not a role.
 */
import type { DrIntegrationSpec } from "./schema";
import { STACK_OUTPUTS_FILE } from "./stackOutputs";
import { drRegion, type DrRegion } from "../../facts/regions";

export type RunbookPhase = "failover" | "after-failover";

/** A command to run, exactly as written, in the case `when` describes. */
export interface RunbookCommand {
    /** The case, e.g. "Frankfurt (eu-frankfurt-1) is lost". */
    readonly when: string;
    readonly command: string;
}

export interface RunbookStep {
    /** Stable identifier, for tooling that ticks steps off. */
    readonly id: string;
    readonly phase: RunbookPhase;
    readonly title: string;
    readonly detail: string;
    /** The step's commands, one per case (one per region of the pair); absent for a step done by hand. */
    readonly commands?: readonly RunbookCommand[];
    /** Why the step is in this runbook: the spec field that put it there, or "always". */
    readonly because: string;
}

export interface Runbook {
    readonly displayName: string;
    /** The two regions of the pair as declared; either can hold the primary (roles move on failover). */
    readonly regions: { readonly primary: DrRegion; readonly secondary: DrRegion };
    readonly steps: readonly RunbookStep[];
}

const regionLabel = (r: DrRegion) => `${r.displayName} (${r.identifier})`;

/** A word the shell passes on as it is: a resource name may hold any character. */
const shellWord = (word: string) => (/^[A-Za-z0-9._:@%+=,-]+$/.test(word) ? word : `'${word.split("'").join(`'\\''`)}'`);

/**
 * Builds the runbook for a validated spec whose primary and secondary regions are known. `pairName`
 * is the DrPairedIntegration's name: its key in the `drPairs` stack output, which `--pair` selects.
 */
export function buildRunbook(spec: DrIntegrationSpec, secondaryRegion: string, pairName: string): Runbook {
    const primary = drRegion(spec.primaryRegion);
    const secondary = drRegion(secondaryRegion);
    if (!primary || !secondary) {
        throw new Error(`buildRunbook needs two DR regions, got ${spec.primaryRegion} and ${secondaryRegion}`);
    }
    const { usage } = spec;
    const steps: RunbookStep[] = [];
    const add = (step: RunbookStep) => steps.push(step);
    // Each case is one region lost and the other surviving, in either direction.
    const cases = [
        { lost: primary, surviving: secondary },
        { lost: secondary, surviving: primary },
    ];
    const addressed = (region: DrRegion) => `--region ${region.identifier} --stack-outputs ${STACK_OUTPUTS_FILE} --pair ${shellWord(pairName)}`;

    add({
        id: "start-failover",
        phase: "failover",
        title: "Start the failover from the surviving region",
        detail:
            `A region is lost: save the stack's outputs where you can reach them (\`pulumi stack output --json > ${STACK_OUTPUTS_FILE}\`) ` +
            `and run the command for the region that is lost, in the surviving region, whichever instance is primary now: ` +
            `it fails over the instance there, or does nothing when it already is PRIMARY (the lost region held the standby). ` +
            `The console's Start failover on the standby in the surviving region does the same. Nothing is needed from the failed region. ` +
            `Do not raise failoverGeneration then: \`pulumi up\` needs the failed region. ` +
            `A planned switchover with both regions up: raise failoverGeneration from ${spec.failoverGeneration} to ${spec.failoverGeneration + 1} and run \`pulumi up\`. ` +
            `Oracle targets an RTO and an RPO of one hour.`,
        commands: cases.map(({ lost, surviving }) => ({ when: `${regionLabel(lost)} is lost`, command: `oic-dr failover ${addressed(surviving)}` })),
        because: "always",
    });
    add({
        id: "confirm-new-primary",
        phase: "failover",
        title: "Confirm the new primary",
        detail:
            "Follow the work request to completion; the new primary shows ACTIVE and PRIMARY, and the lost region is reported unreachable. " +
            `Users sign in again through the global (regionless) URL of ${spec.displayName}.`,
        commands: cases.map(({ lost, surviving }) => ({ when: `${regionLabel(lost)} is lost`, command: `oic-dr status ${addressed(surviving)}` })),
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
                "deactivate and activate each one so that messages flow again, with the command for the new primary's region, " +
                "given the identity domain's confidential app (the secret in $OIC_DR_CLIENT_SECRET) and the integrations' CODE|VERSION " +
                "(it also checks the connectivity agent groups and lists the steps that stay manual).",
            commands: cases.map(({ surviving }) => ({
                when: `the new primary is in ${regionLabel(surviving)}`,
                command: `oic-dr post-failover ${addressed(surviving)} --token-url URL --scope SCOPE --client-id ID --integrations 'CODE|VERSION,...'`,
            })),
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

/** Where the pair runs, as DrPairedIntegration's `roles` give it (structurally: this module does not import the component). */
export interface RunbookRoles {
    /** The region whose instance is PRIMARY. */
    readonly activeRegion: string;
    readonly standbyRegion: string;
    /** When the roles last changed (RFC 3339), when read. */
    readonly since: string | undefined;
    /** "live": read from the pair at the last preview or update; "declared": nothing read yet. */
    readonly source: "live" | "declared";
}

/** The line under the pair: where it runs now when the roles were read, else where to read them (they move with every failover). */
function rolesLine(runbook: Runbook, roles: RunbookRoles | undefined): string {
    if (roles?.source !== "live") {
        return "Where the pair runs now: not read yet. `pulumi up` reads the roles on every run, `oic-dr status` at any time; either region can hold the primary.";
    }
    const { primary, secondary } = runbook.regions;
    const label = (identifier: string) => {
        const region = [primary, secondary].find((r) => r.identifier === identifier);
        return region ? regionLabel(region) : identifier;
    };
    const since = roles.since === undefined ? "" : ` since ${roles.since}`;
    return `Where the pair runs now: the primary in ${label(roles.activeRegion)}, the standby in ${label(roles.standbyRegion)}${since} (as the last \`pulumi up\` read them; \`oic-dr status\` reads them live).`;
}

/**
 * The runbook as Markdown, ready for a wiki page or an incident ticket. With `roles` read live,
 * its top says where the pair runs now; else where to read that.
 */
export function runbookToMarkdown(runbook: Runbook, roles?: RunbookRoles): string {
    const { primary, secondary } = runbook.regions;
    const lines = [
        `# Failover runbook: ${runbook.displayName}`,
        "",
        `Pair: ${regionLabel(primary)} and ${regionLabel(secondary)}.`,
        "",
        rolesLine(runbook, roles),
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
            for (const { when, command } of step.commands ?? []) lines.push(`   - If ${when}: \`${command}\``);
        }
    }
    return lines.join("\n") + "\n";
}
