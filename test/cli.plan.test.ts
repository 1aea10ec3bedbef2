import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT, runCli } from "./cliRunner";

const variants = path.join(FIXTURES, "example-variants");

describe("the README's first command", () => {
    it("npm start plans the example stack offline", async () => {
        const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
            execFile("npm", ["start", "--silent"], { cwd: REPO_ROOT, timeout: 60_000 }, (err, out) => (err ? reject(err) : resolve({ stdout: out }))),
        );
        expect(stdout).toMatch(/^Program \., stack example: \d+ resources\n/);
        expect(stdout).toContain("oci:Integration/integrationInstance:IntegrationInstance");
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        expect(readme).toMatch(/^# oic-dr\n\n```sh\nnpm ci && npm start .*\nnpm test .*\n```/);
    });
});

describe("oic-dr plan", () => {
    it("prints the example stack's resources grouped by region", async () => {
        const { code, stdout, stderr } = await runCli(["plan", "--stack", "example"]);
        expect(stderr).toBe("");
        expect(code).toBe(0);
        expect(stdout).toMatch(/^Program \., stack example: \d+ resources\n/);
        const ashburn = stdout.slice(stdout.indexOf("\nus-ashburn-1 ("), stdout.indexOf("\nus-phoenix-1 ("));
        expect(ashburn).toMatch(/oci:Integration\/integrationInstance:IntegrationInstance\s+oic-instance\s+oic/);
        expect(stdout).toMatch(/\nus-phoenix-1 \(\d+\)\n/);
        expect(stdout).toMatch(/\n\(no region\) \(\d+\)\n[\s\S]*oic-dr:index:DrPairedIntegration\s+oic\s+oic-dr-example-example/);
    });

    it("prints exactly the documented JSON shape", async () => {
        const { code, stdout } = await runCli(["plan", "--program", ".", "--stack", "example", "--format", "json"]);
        expect(code).toBe(0);
        const report = JSON.parse(stdout);
        expect(Object.keys(report)).toEqual(["program", "stack", "resources", "violations", "summary"]);
        expect(report).toMatchObject({ program: ".", stack: "example", violations: [] });
        expect(Object.keys(report.summary)).toEqual(["resources", "mandatory", "advisory"]);
        expect(report.summary).toEqual({ resources: report.resources.length, mandatory: 0, advisory: 0 });
        for (const r of report.resources) expect(Object.keys(r)).toEqual(["urn", "type", "name", "region", "parent"]);
        const instance = report.resources.find((r: { type: string }) => r.type === "oci:Integration/integrationInstance:IntegrationInstance");
        expect(instance).toEqual({
            urn: "urn:pulumi:example::oic-dr-example::oic-dr:index:DrPairedIntegration$oci:Integration/integrationInstance:IntegrationInstance::oic-instance",
            type: "oci:Integration/integrationInstance:IntegrationInstance",
            name: "oic-instance",
            region: "us-ashburn-1",
            parent: "urn:pulumi:example::oic-dr-example::oic-dr:index:DrPairedIntegration::oic",
        });
        const component = report.resources.find((r: { name: string }) => r.name === "oic");
        expect(component.region).toBeNull();
    });

    it("lists the prerequisites and operations of the example stack in both regions", async () => {
        const { code, stdout } = await runCli(["plan", "--stack", "example", "--format", "json"]);
        expect(code).toBe(0);
        const resources = JSON.parse(stdout).resources as Array<{ type: string; region: string | null }>;
        const regionsOf = (type: string) => [...new Set(resources.filter((r) => r.type === type).map((r) => r.region))].sort();
        for (const type of [
            "oci:Email/sender:Sender",
            "oci:Email/suppression:Suppression",
            "oci:Email/emailDomain:EmailDomain",
            "oci:Email/dkim:Dkim",
            "oci:Ons/notificationTopic:NotificationTopic",
            "oci:Ons/subscription:Subscription",
            "oci:HealthChecks/httpMonitor:HttpMonitor",
            "oci:Monitoring/alarm:Alarm",
        ]) {
            expect(regionsOf(type), type).toEqual(["us-ashburn-1", "us-phoenix-1"]);
        }
        // IAM goes to the home region; the subscription is a dynamic resource that calls the home region itself.
        expect(regionsOf("oci:Identity/policy:Policy")).toEqual(["us-ashburn-1"]);
        expect(regionsOf("oci:Identity/domainReplicationToRegion:DomainReplicationToRegion")).toEqual(["us-ashburn-1"]);
        expect(regionsOf("pulumi-nodejs:dynamic/oic-dr:RegionSubscription")).toEqual([null]);
        expect(regionsOf("oci:Integration/integrationInstance:IntegrationInstance")).toEqual(["us-ashburn-1"]);
    });

    it("draws the example as Mermaid: two regions, probes across them, alarms to topics (the README shows the same)", async () => {
        const { code, stdout } = await runCli(["plan", "--stack", "example", "--format", "mermaid"]);
        expect(code).toBe(0);
        expect(stdout).toMatch(/^flowchart LR\n/);
        expect(stdout).toContain('subgraph r0["us-ashburn-1 (Ashburn)"]');
        expect(stdout).toContain('subgraph r1["us-phoenix-1 (Phoenix)"]');
        const node = (name: string) => new RegExp(`(\\w+)\\["\\w+<br/>${name}"\\]`).exec(stdout)?.[1];
        const [instance, probeFromPhx, probeFromIad, alarmInPhx, topicPhx] = [
            "oic-instance",
            "oic-alarms-probe-iad-from-phx",
            "oic-alarms-probe-phx-from-iad",
            "oic-alarms-unreachable-iad",
            "oic-alarms-topic-phx",
        ].map(node);
        expect(stdout).toContain(`${probeFromPhx} -- probes --> ${instance}\n`);
        expect(stdout).toMatch(new RegExp(`${probeFromIad} -- probes --> s0\\n`));
        expect(stdout).toContain(`${alarmInPhx} -- alarms on --> ${probeFromPhx}\n`);
        expect(stdout).toContain(`${alarmInPhx} -- notifies --> ${topicPhx}\n`);
        expect(stdout).toContain(`${instance} -. replicates to .-> s0\n`);
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        expect(readme).toContain("```mermaid\n" + stdout + "```");
    });

    it("runs another program directory and picks its region from the pair table", async () => {
        const { code, stdout } = await runCli(["plan", "--program", variants, "--stack", "secret", "--format", "json"]);
        expect(code).toBe(0);
        const report = JSON.parse(stdout);
        const instance = report.resources.find((r: { name: string }) => r.name === "oic-instance");
        expect(instance.region).toBe("eu-amsterdam-1");
        expect(report.resources.filter((r: { type: string }) => r.type === "pulumi:providers:oci").map((r: { region: string }) => r.region).sort()).toEqual([
            "eu-amsterdam-1",
            "eu-frankfurt-1",
        ]);
    });

    it("adds the connectivity agent group when the stack configures one, and keeps its secret out of the output", async () => {
        const { code, stdout, stderr } = await runCli(["plan", "--program", variants, "--stack", "agents", "--format", "json"]);
        expect(code).toBe(0);
        const types = (JSON.parse(stdout).resources as Array<{ type: string }>).map((r) => r.type);
        expect(types).toEqual(
            expect.arrayContaining([
                "oic-dr:index:ConnectivityAgentGroup",
                "kubernetes:apps/v1:StatefulSet",
                "kubernetes:policy/v1:PodDisruptionBudget",
                "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                "kubernetes:core/v1:Secret",
            ]),
        );
        expect(stdout + stderr).not.toMatch(/QUdFTlQ|AGENT-CLIENT-SECRET/);
        const example = await runCli(["plan", "--stack", "example", "--format", "json"]);
        expect(JSON.parse(example.stdout).resources.map((r: { type: string }) => r.type)).not.toContain("oic-dr:index:ConnectivityAgentGroup");
    });

    it("never prints a secret config value", async () => {
        for (const format of ["table", "json"]) {
            const { code, stdout, stderr } = await runCli(["plan", "--program", variants, "--stack", "secret", "--format", format]);
            expect(code).toBe(0);
            expect(stdout + stderr).not.toMatch(/c2VjcmV0|secret-idcs-token|\[secret\]/);
        }
    });

    it("exits 2 with every spec problem, and no stack trace, when the spec is invalid", async () => {
        const { code, stdout, stderr } = await runCli(["plan", "--program", variants, "--stack", "invalid"]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(/^oic-dr: cannot evaluate the program\nInvalid DrPairedIntegration arguments \(4 problems\):\n/);
        expect(stderr).toContain('primaryRegion: "us-chicago-1" is not a region of an Oracle-managed DR pair');
        expect(stderr).toContain('edition: "STANDARD" is not supported');
        expect(stderr).toContain("messagePacks: 0 message packs");
        expect(stderr).toContain("idcsAccessToken: give identityDomain or idcsAccessToken, not both");
        expect(stderr).not.toMatch(/\n\s+at /);
        expect(stderr).not.toMatch(/c2VjcmV0/);
    });

    it("exits 2 when the program throws, naming the error and where it came from", async () => {
        const { code, stderr } = await runCli(["plan", "--program", path.join(FIXTURES, "throwing")]);
        expect(code).toBe(2);
        expect(stderr).toMatch(/Missing required configuration variable 'throwing:missingKey'/);
        expect(stderr).toMatch(/at test\/fixtures\/throwing\/index\.ts:5\)/);
        expect(stderr).not.toMatch(/\n\s+at /);
    });

    it.each([
        [["plan", "--program", "/nonexistent"], /no Pulumi\.yaml in \/nonexistent/],
        [["plan", "--stack", "prod"], /no stack config for "prod" in .*stacks; stacks: example/],
        [["plan", "--program", path.join(FIXTURES, "declared"), "--stack", "plaintext-secret"], /declared:idcsAccessToken is declared secret but is stored in plain text/],
        [["plan", "--program", path.join(FIXTURES, "declared"), "--stack", "wrong-type"], /declared:messagePacks must be integer, got "two"/],
        [["plan", "--program", path.join(FIXTURES, "declared"), "--stack", "missing"], /declared:messagePacks is required by Pulumi\.yaml but not set/],
        [["plan", "--program", path.join(FIXTURES, "declared")], /several stacks .*: choose one with --stack/],
        [["plan", "--format", "yaml"], /"yaml" is not one of table, json/],
    ])("exits 2 for %j", async (args, message) => {
        const { code, stdout, stderr } = await runCli(args);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(message);
        expect(stderr).not.toContain("this-token-was-committed-in-plain-text");
    });

    it("runs what pulumi would run for a main without a package.json, and warns that it is the package above", async () => {
        // A project directory inside a package whose main is a library (the trap of `main: stacks/`
        // beside a built dist/): the language host runs the package's main, not the project's index.ts.
        const pkg = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-entry-"));
        try {
            fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "lib", main: "lib.js" }));
            fs.writeFileSync(path.join(pkg, "lib.js"), "module.exports = { aLibrary: true };\n");
            fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(pkg, "node_modules"), "dir");
            const project = path.join(pkg, "program");
            fs.mkdirSync(project);
            fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: entry\nruntime: nodejs\n");
            fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), "config: {}\n");
            fs.writeFileSync(path.join(project, "index.ts"), 'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.ComponentResource("x:index:Meant", "meant");\n');
            const { code, stdout, stderr } = await runCli(["plan", "--program", project, "--format", "json"], pkg);
            expect(code).toBe(0);
            expect((JSON.parse(stdout) as { resources: Array<{ type: string }> }).resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
            expect(stderr).toContain("oic-dr: warning: Pulumi.yaml's main (program) is a directory without a package.json of its own, so pulumi runs lib.js");
        } finally {
            fs.rmSync(pkg, { recursive: true, force: true });
        }
    });
});
