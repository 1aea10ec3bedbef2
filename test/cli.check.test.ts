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

// The verdicts on every fixture are proved in process (test/cli.checkVerdicts.test.ts); the runs
// here are the real command: its exit codes, what it prints on stdout and stderr, its formats and
// what only its program host (a child process) does.
describe("oic-dr check, the command", () => {
    it("exits 1 on a mandatory violation, its JSON report naming it", async () => {
        const { code, report } = await check("standard-edition");
        expect(report!.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([["oic-dr-supported-edition", "mandatory"]]);
        expect(report!.summary.mandatory).toBe(1);
        expect(code).toBe(1);
    });

    it("keeps its exit codes with --stack-outputs (1 on a mandatory violation, 0 without; 2 for a file it cannot use), and shows the stack's roles", async () => {
        const file = path.join(tmp, "outputs.json");
        const oic = { primaryRegion: "us-ashburn-1", secondaryRegion: "us-phoenix-1", instanceId: "ocid1.integrationinstance.oc1.iad.aaaaaaaaprimary" };
        fs.writeFileSync(file, JSON.stringify({ drPairs: { oic: { ...oic, activeRegion: "us-phoenix-1", rolesSince: "2026-12-01T03:00:00.000Z" } } }));
        const failing = await check("standard-edition", ["--stack-outputs", file]);
        expect(failing.report!.summary.mandatory).toBe(1);
        expect(failing.code).toBe(1);
        const example = await runCli(["check", "--stack", "example", "--stack-outputs", file, "--format", "markdown"]);
        expect(example.code).toBe(0);
        expect(example.stdout).toContain("\nprimary us-phoenix-1 (Phoenix), created by Oracle; standby us-ashburn-1 (Ashburn), the instance the program declares.\n\nRoles as the stack outputs recorded them at the last pulumi up, since 2026-12-01T03:00:00.000Z.\n");
        fs.writeFileSync(file, "not json");
        const bad = await check("standard-edition", ["--stack-outputs", file]);
        expect(bad.stderr).toBe(`oic-dr: --stack-outputs "${file}" is not JSON (save it with: pulumi stack output --json > ${file})\n`);
        expect(bad.code).toBe(2);
    });

    it("hpa-max-6: exit 1, nothing on stderr, mandatory oic-dr-agent-group-size on both of the group's objects", async () => {
        const { code, stdout, stderr } = await runCli(["check", "--program", path.join(FIXTURES, "agent-sizes"), "--stack", "hpa-max-6", "--format", "json"]);
        expect(stderr).toBe("");
        const report = JSON.parse(stdout) as Report;
        expect(report.violations.map((v) => [v.policy, v.enforcementLevel, v.urn.split("::").pop()])).toEqual([
            ["oic-dr-agent-group-size", "mandatory", "agents"],
            ["oic-dr-agent-group-size", "mandatory", "agents"],
        ]);
        expect(code).toBe(1);
    });
});

describe("oic-dr check's formats", () => {
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
                "Roles declared.",
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

describe("policy config and programs that cannot be evaluated", () => {
    it("refuses a waiver without a reason (exit 2, naming the field)", async () => {
        const file = policyFile("no-reason", { "oic-dr-no-network-acl": { waivers: [{ resources: ["orders"] }] } });
        const { code, stderr } = await check("network-acl", ["--policy-config", file]);
        expect(code).toBe(2);
        expect(stderr).toMatch(/oic-dr-no-network-acl\.waivers\.0\.reason: required/);
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

    it("warns about a secret held in plain text in the stack file, naming the key and the command, never the value", async () => {
        const { code, stdout, stderr } = await runCli(["check", "--program", path.join(FIXTURES, "example-secrets"), "--stack", "plain-token", "--format", "json"]);
        expect(code).toBe(0);
        expect(JSON.parse(stdout).summary.mandatory).toBe(0);
        expect(stderr).toContain('oic-dr: warning: stack "plain-token" holds idcsAccessToken in plain text: encrypt it with pulumi config set --secret idcsAccessToken');
        expect(stdout + stderr).not.toContain("plain-idcs-token-0123");
    });

    it("never prints a webhook URL given in the wrong field, not even its host: the error says what it looks like", async () => {
        const { code, stdout, stderr } = await runCli(["check", "--program", path.join(FIXTURES, "example-secrets"), "--stack", "misplaced-webhook"]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toContain("alarms.severity: (a URL with a path, query or credentials, not shown) is not allowed; allowed: CRITICAL, ERROR, WARNING, INFO");
        expect(stdout + stderr).not.toMatch(/hook-user|hook-pass-0123|hooks\.example\.com/);
    });
});
