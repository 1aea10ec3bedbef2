import { describe, expect, it } from "vitest";
import { parseDrIntegrationSpec } from "../components/drPairedIntegration/schema";
import { buildRunbook, runbookToMarkdown } from "../components/drPairedIntegration/runbook";
import { validSpec } from "./harness";

const runbookFor = (overrides: Record<string, unknown>, pairName = "orders") => buildRunbook(parseDrIntegrationSpec(validSpec(overrides)), "us-phoenix-1", pairName);
const ids = (overrides: Record<string, unknown>) => runbookFor(overrides).steps.map((s) => s.id);

describe("failover runbook", () => {
    it("holds only the always-needed steps for a plain deployment", () => {
        expect(ids({ usage: { pollingTriggerIntegrations: false } })).toEqual(["start-failover", "confirm-new-primary", "retry-aborted-work"]);
    });

    it("adds each step the spec calls for, in operating order", () => {
        expect(
            ids({
                fileServer: true,
                usage: {
                    ownEmailTenancy: true,
                    pollingTriggerIntegrations: true,
                    eventBasedIntegrations: true,
                    designTimeApiClients: true,
                    connectivityAgent: "oci-compute",
                },
            }),
        ).toEqual([
            "start-failover",
            "confirm-new-primary",
            "reenter-smtp",
            "reactivate-polling-integrations",
            "update-design-time-api-clients",
            "recreate-event-definitions",
            "retry-aborted-work",
            "check-connectivity-agents",
            "check-file-server-clients",
        ]);
    });

    it("says which spec field put each conditional step there", () => {
        const step = runbookFor({ usage: { ownEmailTenancy: true } }).steps.find((s) => s.id === "reenter-smtp");
        expect(step?.because).toBe("usage.ownEmailTenancy");
        expect(step?.phase).toBe("after-failover");
    });

    it("sends the operator to the surviving region's command first, and keeps failover as code for a planned switchover", () => {
        const start = runbookFor({ failoverGeneration: 2 }).steps[0]!;
        expect(start.detail).toMatch(/^A region is lost: save the stack's outputs .*\(`pulumi stack output --json > outputs.json`\) and run the command for the region that is lost/);
        expect(start.detail).toMatch(/Do not raise failoverGeneration then/);
        expect(start.detail).toMatch(/planned switchover with both regions up: raise failoverGeneration from 2 to 3/);
    });

    it("distinguishes agents on OCI Compute from agents elsewhere", () => {
        const detail = (where: string) => runbookFor({ usage: { connectivityAgent: where } }).steps.find((s) => s.id === "check-connectivity-agents")!.detail;
        expect(detail("oci-compute")).toMatch(/recovery plan/);
        expect(detail("on-premises")).toMatch(/on their own/);
        expect(detail("kubernetes")).toMatch(/pods/);
    });

    it("says at its top where the pair runs now when the roles were read live, after a failover too", () => {
        const runbook = runbookFor({});
        const failedOver = runbookToMarkdown(runbook, { activeRegion: "us-phoenix-1", standbyRegion: "us-ashburn-1", since: "2026-12-01T03:00:00.000Z", source: "live" });
        expect(failedOver).toMatch(
            /^# Failover runbook: orders-oic\n\nPair: Ashburn \(us-ashburn-1\) and Phoenix \(us-phoenix-1\)\.\n\nWhere the pair runs now: the primary in Phoenix \(us-phoenix-1\), the standby in Ashburn \(us-ashburn-1\) since 2026-12-01T03:00:00\.000Z \(as the last `pulumi up` read them; `oic-dr status` reads them live\)\.\n\n## Fail over\n/,
        );
        const switchedBack = runbookToMarkdown(runbook, { activeRegion: "us-ashburn-1", standbyRegion: "us-phoenix-1", since: "2026-12-02T08:00:00.000Z", source: "live" });
        expect(switchedBack).toContain("\nWhere the pair runs now: the primary in Ashburn (us-ashburn-1), the standby in Phoenix (us-phoenix-1) since 2026-12-02T08:00:00.000Z ");
    });

    it("with declared roles, or none given, asserts no role and says where the roles are read", () => {
        const runbook = runbookFor({});
        const declared = runbookToMarkdown(runbook, { activeRegion: "us-ashburn-1", standbyRegion: "us-phoenix-1", since: undefined, source: "declared" });
        const line = "Where the pair runs now: not read yet. `pulumi up` reads the roles on every run, `oic-dr status` at any time; either region can hold the primary.";
        expect(declared).toMatch(/^# Failover runbook: orders-oic\n\nPair: Ashburn \(us-ashburn-1\) and Phoenix \(us-phoenix-1\)\.\n\n(.*)\n\n## Fail over\n/);
        expect(declared.split("\n")[4]).toBe(line);
        expect(runbookToMarkdown(runbook)).toBe(declared);
        expect(declared).not.toMatch(/the primary in/);
    });

    it("renders numbered Markdown in two phases", () => {
        const markdown = runbookToMarkdown(runbookFor({ usage: { ownEmailTenancy: true } }));
        expect(markdown).toMatch(/^# Failover runbook: orders-oic\n/);
        expect(markdown).toContain("## Fail over\n\n1. **Start the failover from the surviving region.**");
        expect(markdown).toContain("## After the failover\n\n3. **Re-enter the SMTP settings.**");
    });
});

describe("the runbook's commands", () => {
    const everyStep = {
        fileServer: true,
        usage: { ownEmailTenancy: true, pollingTriggerIntegrations: true, eventBasedIntegrations: true, designTimeApiClients: true, connectivityAgent: "oci-compute" },
    };
    const commandsOf = (id: string, overrides: Record<string, unknown> = everyStep, pairName?: string) =>
        runbookFor(overrides, pairName).steps.find((s) => s.id === id)!.commands;

    it("fails over in the surviving region, filled in for either region lost: right whichever instance is primary", () => {
        expect(commandsOf("start-failover")).toEqual([
            { when: "Ashburn (us-ashburn-1) is lost", command: "oic-dr failover --region us-phoenix-1 --stack-outputs outputs.json --pair orders" },
            { when: "Phoenix (us-phoenix-1) is lost", command: "oic-dr failover --region us-ashburn-1 --stack-outputs outputs.json --pair orders" },
        ]);
        // Losing the standby's region: the command finds the survivor already PRIMARY and does nothing.
        expect(runbookFor(everyStep).steps[0]!.detail).toMatch(/whichever instance is primary now: it fails over the instance there, or does nothing when it already is PRIMARY/);
        expect(commandsOf("confirm-new-primary")).toEqual([
            { when: "Ashburn (us-ashburn-1) is lost", command: "oic-dr status --region us-phoenix-1 --stack-outputs outputs.json --pair orders" },
            { when: "Phoenix (us-phoenix-1) is lost", command: "oic-dr status --region us-ashburn-1 --stack-outputs outputs.json --pair orders" },
        ]);
    });

    it("names post-failover on the new primary, for each region it can be in", () => {
        expect(commandsOf("reactivate-polling-integrations")).toEqual([
            {
                when: "the new primary is in Phoenix (us-phoenix-1)",
                command: "oic-dr post-failover --region us-phoenix-1 --stack-outputs outputs.json --pair orders --token-url URL --scope SCOPE --client-id ID --integrations 'CODE|VERSION,...'",
            },
            {
                when: "the new primary is in Ashburn (us-ashburn-1)",
                command: "oic-dr post-failover --region us-ashburn-1 --stack-outputs outputs.json --pair orders --token-url URL --scope SCOPE --client-id ID --integrations 'CODE|VERSION,...'",
            },
        ]);
    });

    it("prints every command in the Markdown, with no region left to fill in", () => {
        const markdown = runbookToMarkdown(runbookFor(everyStep));
        expect(markdown).toContain(
            "1. **Start the failover from the surviving region.** A region is lost: ",
        );
        expect(markdown).toContain(
            "\n   - If Ashburn (us-ashburn-1) is lost: `oic-dr failover --region us-phoenix-1 --stack-outputs outputs.json --pair orders`\n" +
                "   - If Phoenix (us-phoenix-1) is lost: `oic-dr failover --region us-ashburn-1 --stack-outputs outputs.json --pair orders`\n2. **Confirm the new primary.**",
        );
        expect(markdown).toContain("   - If the new primary is in Ashburn (us-ashburn-1): `oic-dr post-failover --region us-ashburn-1 --stack-outputs outputs.json --pair orders ");
        expect(markdown).not.toMatch(/<[^>]*region[^>]*>|<file>|<pulumi stack output/i);
    });

    it("quotes a pair name the shell would split", () => {
        expect(commandsOf("start-failover", everyStep, "orders eu")![0]!.command).toBe("oic-dr failover --region us-phoenix-1 --stack-outputs outputs.json --pair 'orders eu'");
    });
});
