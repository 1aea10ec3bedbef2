import { describe, expect, it } from "vitest";
import { parseDrIntegrationSpec } from "../components/config";
import { buildRunbook, runbookToMarkdown } from "../components/runbook";
import { validSpec } from "./harness";

const runbookFor = (overrides: Record<string, unknown>) => buildRunbook(parseDrIntegrationSpec(validSpec(overrides)), "us-phoenix-1");
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
        expect(start.detail).toMatch(/^A region is lost: from the surviving region, run `oic-dr failover --region <surviving region> --stack-outputs/);
        expect(start.detail).toMatch(/Do not raise failoverGeneration then/);
        expect(start.detail).toMatch(/planned switchover with both regions up: raise failoverGeneration from 2 to 3/);
        expect(start.detail).toMatch(/Ashburn \(us-ashburn-1\) or Phoenix \(us-phoenix-1\)/);
    });

    it("distinguishes agents on OCI Compute from agents elsewhere", () => {
        const detail = (where: string) => runbookFor({ usage: { connectivityAgent: where } }).steps.find((s) => s.id === "check-connectivity-agents")!.detail;
        expect(detail("oci-compute")).toMatch(/recovery plan/);
        expect(detail("on-premises")).toMatch(/on their own/);
        expect(detail("kubernetes")).toMatch(/pods/);
    });

    it("renders numbered Markdown in two phases", () => {
        const markdown = runbookToMarkdown(runbookFor({ usage: { ownEmailTenancy: true } }));
        expect(markdown).toMatch(/^# Failover runbook: orders-oic\n/);
        expect(markdown).toContain("## Fail over\n\n1. **Start the failover from the surviving region.**");
        expect(markdown).toContain("## After the failover\n\n3. **Re-enter the SMTP settings.**");
    });
});

describe("the runbook's commands", () => {
    it("names post-failover for the integrations that poll", () => {
        const step = runbookFor({ usage: { pollingTriggerIntegrations: true } }).steps.find((s) => s.id === "reactivate-polling-integrations")!;
        expect(step.detail).toContain("oic-dr post-failover --region <new primary's region> --stack-outputs <file> --integrations CODE|VERSION,...");
    });
});

