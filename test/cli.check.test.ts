import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT, runCli } from "./cliRunner";

const rawOci = path.join(FIXTURES, "raw-oci");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-check-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Report {
    violations: Array<{ policy: string; enforcementLevel: string; urn: string; message: string; waived?: string }>;
    summary: { resources: number; mandatory: number; advisory: number };
}

async function check(stack: string, extra: string[] = []) {
    const result = await runCli(["check", "--program", rawOci, "--stack", stack, "--format", "json", ...extra]);
    return { ...result, report: result.code === 2 ? undefined : (JSON.parse(result.stdout) as Report) };
}

function policyFile(name: string, config: unknown): string {
    const file = path.join(tmp, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
}

describe("oic-dr check on raw @pulumi/oci programs", () => {
    it.each([
        ["standard-edition", "oic-dr-supported-edition", "mandatory", /integrationInstanceType "STANDARDX"/],
        ["development-shape", "oic-dr-production-shape", "mandatory", /shape "DEVELOPMENT"/],
        ["network-acl", "oic-dr-no-network-acl", "mandatory", /networkEndpointDetails/],
        ["private-endpoint", "oic-dr-no-private-endpoint", "mandatory", /Private endpoint "private" is attached/],
        ["custom-endpoint", "oic-dr-no-custom-endpoint", "mandatory", /sets customEndpoint/],
        ["managed-custom-endpoint", "oic-dr-no-custom-endpoint", "mandatory", /Oracle-managed custom endpoint "custom"/],
        ["unpaired-region", "oic-dr-paired-region", "mandatory", /is in us-chicago-1, which has no Oracle-managed DR pair/],
        ["default-provider", "oic-dr-paired-region", "mandatory", /is in us-chicago-1/],
        ["visual-builder", "oic-dr-no-unsupported-features", "mandatory", /enables Visual Builder/],
        ["sender-one-region", "oic-dr-senders-in-both-regions", "mandatory", /noreply@example\.com exists in us-ashburn-1 but not in us-phoenix-1/],
        ["no-alarm", "oic-dr-failover-alarm", "advisory", /is not watched from us-phoenix-1/],
        ["domain-not-replicated", "oic-dr-identity-domain-replicated", "advisory", /not replicated to us-phoenix-1/],
        ["unprotected", "oic-dr-protected-instance", "advisory", /is not protected/],
        ["dr-off", "oic-dr-enabled", "advisory", /has Oracle-managed DR off/],
        ["monitor-300s", "oic-dr-api-constraints", "mandatory", /HttpMonitor "probe" has intervalInSeconds 300; Health Checks accepts 10, 30, 60/],
        ["alarm-pending-2h", "oic-dr-api-constraints", "mandatory", /Alarm "unreachable" pendingDuration: "PT2H" is out of range; allowed: an ISO-8601 duration from PT1M to PT1H/],
        ["policy-without-to", "oic-dr-api-constraints", "mandatory", /Policy "tags": "allow group G use tag-namespaces in tenancy" is not "Allow <subject> to <verb>/],
        ["dkim-long", "oic-dr-api-constraints", "mandatory", /Dkim "dkim" has selector "x{60}-iad"; the API takes .*at most 63 long/],
        ["dkim-upper", "oic-dr-api-advice", "advisory", /selector "Orders\.IAD"; Oracle's Email Delivery guide asks for lower-case/],
        ["root-compartment", "oic-dr-api-advice", "advisory", /is in the root compartment/],
        ["https-subscription", "oic-dr-api-advice", "advisory", /uses the HTTPS protocol, which ONS deprecates/],
    ])("%s: reports %s (%s) and nothing else", async (stack, policy, level, message) => {
        const { code, report } = await check(stack);
        expect(report!.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([[policy, level]]);
        expect(report!.violations[0]!.message).toMatch(message);
        expect(report!.summary[level as "mandatory" | "advisory"]).toBe(1);
        expect(code).toBe(level === "mandatory" ? 1 : 0);
    });

    it("passes a clean program", async () => {
        const { code, report } = await check("clean");
        expect(report!.violations).toEqual([]);
        expect(report!.summary).toEqual({ resources: report!.summary.resources, mandatory: 0, advisory: 0 });
        expect(code).toBe(0);
    });
});

describe("oic-dr check counts the connectivity agents a raw Kubernetes program will run (issue 13)", () => {
    const agentSizes = path.join(FIXTURES, "agent-sizes");
    const MAX = "Oracle Integration accepts at most 2 agents in a group";
    it.each<[string, number, string[], RegExp]>([
        ["hpa-max-6", 1, ["agents", "agents"], /Agent group "ORDERS" runs 8 agents at once: agents \(2 replicas, up to 6 by HorizontalPodAutoscaler "agents", \+2 during a rolling update \(maxSurge\)\)/],
        ["bare-pods", 1, ["agent-a", "agent-b", "agent-c"], /runs 3 agents at once: agent-a \(a bare Pod\); agent-b \(a bare Pod\); agent-c \(a bare Pod\)/],
        ["rc-4", 1, ["agents"], /runs 4 agents at once: agents \(4 replicas\)/],
        ["statefulset-patch", 1, ["agents", "more-agents"], /runs 3 agents at once: agents \(2 replicas, 3 set by StatefulSetPatch "more-agents"\)/],
        ["label-on-workload", 1, ["labelled-object", "one-more"], /Agent group "ORDERS" runs 3 agents at once: labelled-object \(2 replicas\); one-more \(1 replica\)/],
        ["deployment-surge", 1, ["agents"], /runs 3 agents at once: agents \(2 replicas, \+1 during a rolling update \(maxSurge\)\)/],
        ["dev-prod-unscoped", 1, ["dev-agents", "prod-agents"], /Agent group "ORDERS" runs 4 agents at once: dev-agents \(2 replicas\); prod-agents \(2 replicas\)/],
    ])("%s: exit %d, mandatory oic-dr-agent-group-size on %j", async (stack, exitCode, resources, message) => {
        const { code, stdout, stderr } = await runCli(["check", "--program", agentSizes, "--stack", stack, "--format", "json"]);
        expect(stderr).toBe("");
        const report = JSON.parse(stdout) as Report;
        expect(report.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual(resources.map(() => ["oic-dr-agent-group-size", "mandatory"]));
        expect(report.violations.map((v) => v.urn.split("::").pop()).sort()).toEqual([...resources].sort());
        for (const v of report.violations) {
            expect(v.message).toMatch(message);
            expect(v.message).toContain(MAX);
        }
        expect(code).toBe(exitCode);
    });

    it.each(["dev-prod", "within-limits"])("%s: passes (dev and prod scoped by instance; an autoscaler capped at 2 with maxSurge 0)", async (stack) => {
        const { code, stdout } = await runCli(["check", "--program", agentSizes, "--stack", stack, "--format", "json"]);
        expect((JSON.parse(stdout) as Report).violations).toEqual([]);
        expect(code).toBe(0);
    });

    it("daemonset: a count the stack does not hold is an advisory (exit 0), never a guessed number", async () => {
        const { code, stdout } = await runCli(["check", "--program", agentSizes, "--stack", "daemonset", "--format", "json"]);
        const report = JSON.parse(stdout) as Report;
        expect(report.violations).toEqual([
            expect.objectContaining({ policy: "oic-dr-agent-group-size", enforcementLevel: "advisory", message: expect.stringMatching(/^DaemonSet "agents" runs one agent per eligible node, a number the stack does not hold/) }),
        ]);
        expect(code).toBe(0);
    });
});

describe("oic-dr check on the example stack", () => {
    it("finds no mandatory violation and prints the plan's shape plus violations", async () => {
        const { code, stdout } = await runCli(["check", "--stack", "example", "--format", "json"]);
        expect(code).toBe(0);
        const report = JSON.parse(stdout);
        expect(Object.keys(report)).toEqual(["program", "stack", "resources", "outputs", "violations", "summary"]);
        expect(report.summary.mandatory).toBe(0);
        expect(report.violations.filter((v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory")).toEqual([]);
    });

    it("renders Markdown ready for a pull-request comment: violations, the DR instance's key inputs, the regions' roles", async () => {
        const { code, stdout } = await runCli(["check", "--program", rawOci, "--stack", "network-acl", "--format", "markdown"]);
        expect(code).toBe(1);
        expect(stdout).toMatch(/^## oic-dr check: ❌ FAILED: 1 mandatory, 0 advisory, 0 waived\n/);
        expect(stdout).toContain("### Mandatory violations\n\n| policy | level | resource | message |\n| --- | --- | --- | --- |\n| `oic-dr-no-network-acl` | mandatory | `orders` |");
        expect(stdout).toContain(
            [
                "### DR instance `orders`",
                "",
                "primary us-ashburn-1 (Ashburn), standby us-phoenix-1 (Phoenix), created by Oracle.",
                "",
                "| input | value |",
                "| --- | --- |",
                "| displayName | `orders` |",
                "| integrationInstanceType | `ENTERPRISEX` |",
                "| shape | `PRODUCTION` |",
                "| messagePacks | `1` |",
                "| isByol | `false` |",
                "| compartmentId | `ocid1.compartment.oc1..aaaaaaaarawoci` |",
            ].join("\n"),
        );
        expect(stdout).toContain("### Outputs\n\nThe program exports nothing.\n");
        expect(stdout).toContain(
            "<details><summary>Resources by region</summary>\n\n| region | role | resources |\n| --- | --- | --- |\n| us-ashburn-1 | primary | 3 |\n| us-phoenix-1 | standby | 6 |\n| (no region) |  | 1 |\n",
        );
    });

    it("lists the outputs in Markdown, long ones cut, masked ones marked, and never a secret", async () => {
        const { code, stdout, stderr } = await runCli(["check", "--program", path.join(FIXTURES, "plan-values"), "--format", "markdown"], REPO_ROOT, {
            PULUMI_CONFIG_PASSPHRASE: "plan-values-fixture",
        });
        expect(code).toBe(0);
        expect(stdout + stderr).not.toMatch(/idcs-token-PLAINTEXT|WEBHOOK-PLAINTEXT/);
        expect(stdout).toContain(
            [
                "### Outputs",
                "",
                "| output | value |",
                "| --- | --- |",
                "| dkimDnsRecords | `- name: orders-yyz._domainkey.example.com`<br>`\u00a0\u00a0region: ca-toronto-1`<br>`\u00a0\u00a0type: CNAME`<br>`\u00a0\u00a0value: orders-yyz.dkim.yyz1.oracleemaildelivery.com` |",
                "| idcsToken | `[secret]` |",
                "| instanceUrl | `[unknown]` |",
                "| runbookMarkdown | `# Failover runbook: orders … (22 lines; in full with --format json)` |",
                "",
                "[unknown]: computed by OCI, known after pulumi up; [secret]: a secret, never printed.",
            ].join("\n"),
        );
        expect(stdout).toContain("| ca-toronto-1 | primary | 2 |\n| ca-montreal-1 | standby | 5 |\n");
    });

    it("prints a table verdict", async () => {
        const { code, stdout } = await runCli(["check", "--program", rawOci, "--stack", "unprotected"]);
        expect(code).toBe(0);
        expect(stdout).toMatch(/\nus-ashburn-1, primary \(3\)\n[\s\S]*\nus-phoenix-1, standby \(6\)\n/);
        expect(stdout).toMatch(/Policy check PASSED: 0 mandatory, 1 advisory, 0 waived\n\n  \[advisory\] oic-dr-protected-instance on orders\n/);
    });
});

describe("policy config and waivers", () => {
    it("waives a violation for a named resource with a reason, reports it as waived and passes", async () => {
        const file = policyFile("waiver", {
            "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"], reason: "Allow-list required until OPS-42 lands" }] },
        });
        const { code, report } = await check("network-acl", ["--policy-config", file]);
        expect(code).toBe(0);
        expect(report!.violations).toEqual([
            expect.objectContaining({
                policy: "oic-dr-no-network-acl",
                enforcementLevel: "mandatory",
                waived: "Allow-list required until OPS-42 lands",
                message: expect.stringMatching(/^Integration instance "orders" sets networkEndpointDetails/),
            }),
        ]);
        expect(report!.summary).toMatchObject({ mandatory: 0, advisory: 0 });
    });

    it("waives by URN pattern, and leaves resources the pattern does not match alone", async () => {
        const matching = policyFile("urn", { "oic-dr-senders-in-both-regions": { waivers: [{ resources: ["urn:pulumi:*::raw-oci::oci:Email/sender:Sender::sender-*"], reason: "single-region mail relay" }] } });
        expect((await check("sender-one-region", ["--policy-config", matching])).code).toBe(0);
        const other = policyFile("urn-other", { "oic-dr-senders-in-both-regions": { waivers: [{ resources: ["urn:pulumi:*::other::*"], reason: "other project" }] } });
        const { code, report } = await check("sender-one-region", ["--policy-config", other]);
        expect(code).toBe(1);
        expect(report!.violations[0]!.waived).toBeUndefined();
    });

    it("refuses a waiver without a reason (exit 2, naming the field)", async () => {
        const file = policyFile("no-reason", { "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"] }] } });
        const { code, stderr } = await check("network-acl", ["--policy-config", file]);
        expect(code).toBe(2);
        expect(stderr).toMatch(/oic-dr-no-network-acl\.waivers\.0\.reason: required/);
        const blank = policyFile("blank-reason", { "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"], reason: "  " }] } });
        const second = await check("network-acl", ["--policy-config", blank]);
        expect(second.code).toBe(2);
        expect(second.stderr).toMatch(/waivers\.0\.reason: a waiver needs a written reason/);
    });

    it("lowers, raises and disables policies as pulumi preview's policy config does", async () => {
        const lowered = await check("network-acl", ["--policy-config", policyFile("lower", { "oic-dr-no-network-acl": "advisory" })]);
        expect(lowered.code).toBe(0);
        expect(lowered.report!.violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        const disabled = await check("network-acl", ["--policy-config", policyFile("disable", { "oic-dr-no-network-acl": { enforcementLevel: "disabled" } })]);
        expect(disabled.report!.violations).toEqual([]);
        const raised = await check("unprotected", ["--policy-config", policyFile("raise", { all: "mandatory" })]);
        expect(raised.code).toBe(1);
        expect(raised.report!.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([["oic-dr-protected-instance", "mandatory"]]);
    });

    it("exits 2 for an unknown policy, a bad level or a file that is not JSON", async () => {
        const unknown = await check("clean", ["--policy-config", policyFile("unknown", { "oic-dr-nope": "advisory" })]);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toMatch(/oic-dr-nope: no such policy; allowed: all, oic-dr-supported-edition/);
        const level = await check("clean", ["--policy-config", policyFile("level", { "oic-dr-enabled": "warn" })]);
        expect(level.stderr).toMatch(/oic-dr-enabled: "warn" is not one of advisory, mandatory, remediate, disabled/);
        const notJson = path.join(tmp, "bad.json");
        fs.writeFileSync(notJson, "{ oops");
        const bad = await check("clean", ["--policy-config", notJson]);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(/is not valid JSON/);
    });

    it("exits 2 when the program cannot be evaluated", async () => {
        const { code, stdout, stderr } = await runCli(["check", "--program", path.join(FIXTURES, "throwing")]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(/Missing required configuration variable/);
    });
});

describe("oic-dr check judges a run as the engine does", () => {
    const cases = path.join(FIXTURES, "check-cases");
    const run = (stack: string, extra: string[] = []) => runCli(["check", "--program", cases, "--stack", stack, "--format", "json", ...extra]);
    const noTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

    it("exits 2 when the program never finishes (it awaits an Output unknown during preview), never 0", async () => {
        const { code, stdout, stderr } = await run("never-settles");
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(/^oic-dr: cannot evaluate the program\nthe program did not finish: it was still waiting when nothing was left to run \(2 resources registered so far\)/);
    });

    it("stops a program kept alive by a timer after --timeout seconds (exit 2)", async () => {
        const { code, stdout, stderr } = await run("timer", ["--timeout", "5"]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(/the program did not finish within 5 s \(--timeout\)/);
    });

    it("refuses a timeout that is not a number of seconds", async () => {
        const { code, stderr } = await run("console", ["--timeout", "soon"]);
        expect(code).toBe(2);
        expect(stderr).toMatch(/"soon" is not a number of seconds/);
    });

    it("exits 2, with one screen and no stack trace, when the program throws asynchronously", async () => {
        const { code, stdout, stderr } = await run("async-throw");
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(/^oic-dr: cannot evaluate the program\nthe program failed \(at test\/fixtures\/check-cases\/index\.ts:\d+\):\nthrown later, from a timer\n$/);
        noTrace(stderr);
    });

    it("sends the program's console.log and pulumi.log.info/warn to stderr, never into the report", async () => {
        const { code, stdout, stderr } = await run("console");
        expect(code).toBe(0);
        expect(JSON.parse(stdout).summary.mandatory).toBe(0);
        expect(stdout).not.toMatch(/from the program/);
        expect(stderr).toContain("console.log from the program");
        expect(stderr).toContain("pulumi.log.info from the program");
        expect(stderr).toContain("pulumi.log.warn from the program");
        const markdown = await run("console", ["--format", "markdown"]);
        expect(markdown.stdout).toMatch(/^## oic-dr check: ✅/);
    });

    it("fails the run (exit 2) when the program logs an error, as a preview fails", async () => {
        const { code, stdout, stderr } = await run("log-error");
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toContain("the program says it cannot go on");
        expect(stderr).toMatch(/the program logged an error \(pulumi\.log\.error\), which fails a preview/);
    });

    it("refuses two resources with the same URN, as the engine does", async () => {
        const { code, stderr } = await run("duplicate-urn");
        expect(code).toBe(2);
        expect(stderr).toContain("Duplicate resource URN 'urn:pulumi:duplicate-urn::check-cases::oci:Ons/notificationTopic:NotificationTopic::topic'; try giving it a unique name");
        noTrace(stderr);
    });

    it("does not count an unknown replica count (the engine skips it) and says the verdict is hidden", async () => {
        const unknown = await run("unknown-replicas");
        expect(unknown.code).toBe(0);
        const report = JSON.parse(unknown.stdout) as Report;
        expect(report.summary).toMatchObject({ mandatory: 0, advisory: 1 });
        expect(report.violations[0]).toMatchObject({ policy: "oic-dr-agent-group-size", enforcementLevel: "advisory" });
        expect(report.violations[0]!.message).toMatch(/can't fully run this policy during preview: .* at \.spec\.replicas can't be known during preview\. .*may hide a violation/);
        // The same program with the count known: three agents in a group of at most two.
        const known = await run("known-replicas");
        expect(known.code).toBe(1);
        expect((JSON.parse(known.stdout) as Report).violations.map((v) => v.policy)).toContain("oic-dr-agent-group-size");
    });

    it("checks a program that declares a ConnectivityAgentGroup (its secrets are unknown during preview)", async () => {
        const { code, stdout, stderr } = await runCli(["check", "--program", path.join(FIXTURES, "example-variants"), "--stack", "agents", "--format", "json"]);
        expect(stderr).not.toMatch(/deserialization|@pulumi\/policy/);
        expect(code).toBe(0);
        const report = JSON.parse(stdout) as Report;
        expect(report.summary.mandatory).toBe(0);
        expect(report.summary.resources).toBeGreaterThan(0);
    });

    it("ends quietly when its reader closes stdout (| head -1)", async () => {
        const child = spawn(process.execPath, ["--require", "tsx/cjs", path.join(REPO_ROOT, "cli/main.ts"), "check", "--program", rawOci, "--stack", "clean"], {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        // The reader is gone before anything is written: every write fails with EPIPE.
        child.stdout.destroy();
        let stderr = "";
        child.stderr.on("data", (chunk) => (stderr += chunk));
        const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
        expect(stderr).toBe("");
        expect(code).toBe(0);
    });

    it("warns on stderr about config keys nothing reads: the project's undeclared ones and other namespaces without a provider", async () => {
        const { code, stdout, stderr } = await run("typo");
        expect(code).toBe(0);
        expect(JSON.parse(stdout).summary.mandatory).toBe(0);
        expect(stderr).toContain('oic-dr: warning: stack "typo" sets config key check-cases:isByoll, which the program never reads (a typo?)');
        expect(stderr).toContain("config key ocii:region,");
        // Read by the OCI provider (the program has OCI resources) and by the engine itself.
        expect(stderr).not.toMatch(/config key (oci:region|pulumi:tags|check-cases:case)\b/);
    });

    it("never prints a URL's credentials, even inside a validation error", async () => {
        const { code, stdout, stderr } = await runCli(["check", "--program", path.join(FIXTURES, "example-secrets"), "--stack", "misplaced-webhook"]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toContain('alarms.severity: "https://[redacted]@hooks.example.com/oic" is not allowed');
        expect(stdout + stderr).not.toMatch(/hook-user|hook-pass-0123/);
    });
});
