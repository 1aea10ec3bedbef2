import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { FIXTURES, REPO_ROOT, runCli } from "./cliRunner";
import { documentationFiles, readmeExamples } from "./readmeExamples";

const variants = path.join(FIXTURES, "example-variants");
const planValues = path.join(FIXTURES, "plan-values");
/** The passphrase of the plan-values fixture's stack: its secrets are decrypted, as `pulumi up` decrypts them. */
const PASSPHRASE = { PULUMI_CONFIG_PASSPHRASE: "plan-values-fixture" };
/** The plaintexts of that stack's secrets (see its stack file). */
const PLAINTEXTS = /idcs-token-PLAINTEXT|WEBHOOK-PLAINTEXT/;
const workDirs: string[] = [];
afterAll(() => workDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

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
    it("prints the example stack's resources grouped by region, the primary and standby marked, the DR instance's key inputs and the outputs", async () => {
        const { code, stdout, stderr } = await runCli(["plan", "--stack", "example"]);
        expect(stderr).toBe("");
        expect(code).toBe(0);
        expect(stdout).toMatch(/^Program \., stack example: \d+ resources\n/);
        expect(stdout).toContain(
            "\nDR instance oic-instance: primary us-ashburn-1 (Ashburn), standby us-phoenix-1 (Phoenix), created by Oracle\n" +
                "  roles                    declared; live roles: pulumi up reads them, pass --stack-outputs\n",
        );
        const keyInputs = stdout.slice(stdout.indexOf("\nDR instance"), stdout.indexOf("\nus-ashburn-1, primary ("));
        expect(keyInputs).toMatch(/\n  integrationInstanceType +ENTERPRISEX\n/);
        expect(keyInputs).toMatch(/\n  shape +PRODUCTION\n/);
        expect(keyInputs).toMatch(/\n  messagePacks +2\n/);
        expect(keyInputs).toMatch(/\n  isByol +false\n/);
        expect(keyInputs).toMatch(/\n  compartmentId +ocid1\.compartment\.oc1\.\.aaaaaaaaexamplecompartment0+\n/);
        const ashburn = stdout.slice(stdout.indexOf("\nus-ashburn-1, primary ("), stdout.indexOf("\nus-phoenix-1, standby ("));
        expect(ashburn).toMatch(/oci:Integration\/integrationInstance:IntegrationInstance\s+oic-instance\s+oic/);
        expect(stdout).toMatch(/\nus-phoenix-1, standby \(\d+\)\n/);
        expect(stdout).toMatch(/\n\(no region\) \(\d+\)\n[\s\S]*oic-dr:index:DrPairedIntegration\s+oic\s+oic-dr-example-example/);
        const outputs = stdout.slice(stdout.indexOf("\nOutputs ("));
        // The global URL is computed by OCI; the runbook's steps are summarised (JSON has them in
        // full); its Markdown is headed by where the pair runs: not read yet, offline.
        expect(outputs).toMatch(/\n  instanceUrl +\[unknown\]\n/);
        expect(outputs).toMatch(/\n  runbook +displayName: orders-oic\n/);
        expect(outputs).toMatch(/\n  runbookMarkdown +# Failover runbook: orders-oic … \(\d+ lines; in full with --format json\)\n/);
        expect(outputs).toMatch(/\n  dkimDnsRecords +/);
        expect(outputs).toMatch(/\n  smtpEndpoints +us-ashburn-1: smtp\.email\.us-ashburn-1\.oci\.oraclecloud\.com\n +us-phoenix-1: smtp/);
        expect(stdout).toMatch(/\n\[unknown\]: computed by OCI, known after pulumi up\n$/);
    });

    it("prints exactly the documented JSON shape", async () => {
        const { code, stdout } = await runCli(["plan", "--program", ".", "--stack", "example", "--format", "json"]);
        expect(code).toBe(0);
        const report = JSON.parse(stdout);
        expect(Object.keys(report)).toEqual(["program", "stack", "resources", "drInstances", "outputs", "violations", "summary"]);
        expect(report).toMatchObject({ program: ".", stack: "example", violations: [] });
        expect(Object.keys(report.summary)).toEqual(["resources", "mandatory", "advisory"]);
        expect(report.summary).toEqual({ resources: report.resources.length, mandatory: 0, advisory: 0 });
        for (const r of report.resources) expect(Object.keys(r)).toEqual(["urn", "type", "name", "region", "parent", "inputs"]);
        const instance = report.resources.find((r: { type: string }) => r.type === "oci:Integration/integrationInstance:IntegrationInstance");
        expect(instance).toEqual({
            urn: "urn:pulumi:example::oic-dr-example::oic-dr:index:DrPairedIntegration$oci:Integration/integrationInstance:IntegrationInstance::oic-instance",
            type: "oci:Integration/integrationInstance:IntegrationInstance",
            name: "oic-instance",
            region: "us-ashburn-1",
            parent: "urn:pulumi:example::oic-dr-example::oic-dr:index:DrPairedIntegration::oic",
            inputs: expect.objectContaining({
                compartmentId: "ocid1.compartment.oc1..aaaaaaaaexamplecompartment00000000000000000000000000000",
                displayName: "orders-oic",
                integrationInstanceType: "ENTERPRISEX",
                shape: "PRODUCTION",
                messagePacks: 2,
                isByol: false,
                isDisasterRecoveryEnabled: true,
                domainId: "ocid1.domain.oc1..aaaaaaaaexampledomain000000000000000000000000000000000000",
            }),
        });
        const component = report.resources.find((r: { name: string }) => r.name === "oic");
        expect(component.region).toBeNull();
        // The example's outputs: the global URL unknown until OCI creates the instance, the runbook in full.
        expect(report.outputs).toMatchObject({ instanceUrl: "[unknown]", primaryRegion: "us-ashburn-1", secondaryRegion: "us-phoenix-1" });
        // The map the operations read (--stack-outputs FILE --pair oic): the standby's OCID is OCI's to report.
        expect(report.outputs.drPairs).toMatchObject({ oic: { primaryRegion: "us-ashburn-1", secondaryRegion: "us-phoenix-1", crossRegionInstanceId: "[unknown]" } });
        expect(report.outputs.runbookMarkdown).toMatch(/^# Failover runbook: orders-oic\n\nPair: Ashburn \(us-ashburn-1\) and Phoenix \(us-phoenix-1\)\.\n\nWhere the pair runs now: not read yet\./);
        expect(report.outputs.runbook).toMatchObject({ displayName: "orders-oic", steps: expect.arrayContaining([expect.objectContaining({ id: "start-failover" })]) });
        // Each DR instance with its pair's roles: declared, as no --stack-outputs was given.
        expect(report.drInstances).toEqual([
            {
                urn: instance.urn,
                name: "oic-instance",
                pair: "oic",
                region: "us-ashburn-1",
                roles: { activeRegion: "us-ashburn-1", standbyRegion: "us-phoenix-1", since: null, source: "declared", note: "declared; live roles: pulumi up reads them, pass --stack-outputs" },
            },
        ]);
        expect(report.outputs).toHaveProperty("dkimDnsRecords");
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
            "oci:HealthChecks/pingMonitor:PingMonitor",
            "oci:Monitoring/alarm:Alarm",
        ]) {
            expect(regionsOf(type), type).toEqual(["us-ashburn-1", "us-phoenix-1"]);
        }
        // IAM goes to the home region; the subscription (a dynamic resource, no OCI provider) is the standby region's.
        expect(regionsOf("oci:Identity/policy:Policy")).toEqual(["us-ashburn-1"]);
        expect(regionsOf("oci:Identity/domainReplicationToRegion:DomainReplicationToRegion")).toEqual(["us-ashburn-1"]);
        expect(regionsOf("pulumi-nodejs:dynamic/oic-dr:RegionSubscription")).toEqual(["us-phoenix-1"]);
        expect(regionsOf("oci:Integration/integrationInstance:IntegrationInstance")).toEqual(["us-ashburn-1"]);
    });

    it("draws the example as Mermaid: two regions, probes across them, alarms to topics (docs/components-guide.md shows the same)", async () => {
        const { code, stdout } = await runCli(["plan", "--stack", "example", "--format", "mermaid"]);
        expect(code).toBe(0);
        expect(stdout).toMatch(/^flowchart LR\n/);
        expect(stdout).toContain('subgraph r0["us-ashburn-1 (Ashburn), primary"]');
        expect(stdout).toContain('subgraph r1["us-phoenix-1 (Phoenix), standby"]');
        const node = (name: string) => new RegExp(`(\\w+)\\["\\w+<br/>${name}(<br/>[^"]*)?"\\]`).exec(stdout)?.[1];
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
        const guide = fs.readFileSync(path.join(REPO_ROOT, "docs", "components-guide.md"), "utf8");
        expect(guide).toContain("```mermaid\n" + stdout + "```");
    });

    it("with --stack-outputs of a failed-over stack, shows the partner's region as the primary's (exit 0); a file it cannot use exits 2", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-plan-roles-"));
        workDirs.push(dir);
        const file = path.join(dir, "outputs.json");
        const oic = { primaryRegion: "us-ashburn-1", secondaryRegion: "us-phoenix-1", instanceId: "ocid1.integrationinstance.oc1.iad.aaaaaaaaprimary" };
        fs.writeFileSync(file, JSON.stringify({ drPairs: { oic: { ...oic, activeRegion: "us-phoenix-1", rolesSince: "2026-12-01T03:00:00.000Z" } } }));
        const { code, stdout, stderr } = await runCli(["plan", "--stack", "example", "--stack-outputs", file]);
        expect(stderr).toBe("");
        expect(code).toBe(0);
        expect(stdout).toContain(
            "\nDR instance oic-instance: primary us-phoenix-1 (Phoenix), created by Oracle; standby us-ashburn-1 (Ashburn), the instance the program declares\n" +
                "  roles                    as the stack outputs recorded them at the last pulumi up, since 2026-12-01T03:00:00.000Z\n",
        );
        expect(stdout.indexOf("\nus-phoenix-1, primary (")).toBeGreaterThan(0);
        expect(stdout.indexOf("\nus-phoenix-1, primary (")).toBeLessThan(stdout.indexOf("\nus-ashburn-1, standby ("));

        fs.writeFileSync(file, JSON.stringify({ drPairs: { oic: { ...oic, activeRegion: "eu-frankfurt-1" } } }));
        const bad = await runCli(["plan", "--stack", "example", "--stack-outputs", file, "--format", "json"]);
        expect(bad.stdout).toBe("");
        expect(bad.stderr).toBe(`oic-dr: --stack-outputs "${file}": drPairs.oic.activeRegion: "eu-frankfurt-1" is not a region of the pair (allowed: us-ashburn-1, us-phoenix-1)\n`);
        expect(bad.code).toBe(2);
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

    it("never prints a secret config value, nor its ciphertext", async () => {
        for (const format of ["table", "json"]) {
            const { code, stdout, stderr } = await runCli(["plan", "--program", variants, "--stack", "secret", "--format", format]);
            expect(code).toBe(0);
            expect(stdout + stderr).not.toMatch(/c2VjcmV0|secret-idcs-token/);
            if (format === "json") {
                const instance = JSON.parse(stdout).resources.find((r: { name: string }) => r.name === "oic-instance");
                expect(instance.inputs.idcsAt).toBe("[secret]");
            }
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

interface PlannedJson {
    urn: string;
    type: string;
    name: string;
    region: string | null;
    inputs: Record<string, unknown>;
}

describe("a plan a reviewer can read", () => {
    const runs = new Map<string, Promise<string>>();
    /** One run per format, shared by the tests that read it. */
    const plan = (format: string) => {
        if (!runs.has(format)) {
            runs.set(
                format,
                runCli(["plan", "--program", planValues, "--format", format], REPO_ROOT, PASSPHRASE).then((result) => {
                    expect(result.stderr).toBe("");
                    expect(result.code).toBe(0);
                    return result.stdout;
                }),
            );
        }
        return runs.get(format)!;
    };

    it("gives each resource's inputs in JSON: secrets masked, unknowns marked, a resource passed as a value by its URN", async () => {
        const stdout = await plan("json");
        expect(stdout).not.toMatch(PLAINTEXTS);
        const resources = JSON.parse(stdout).resources as PlannedJson[];
        const named = (name: string) => resources.find((r) => r.name === name)!;
        expect(named("orders").inputs).toEqual({
            compartmentId: "ocid1.compartment.oc1..aaaaaaaaplanvalues",
            displayName: "orders",
            idcsAt: "[secret]",
            integrationInstanceType: "ENTERPRISEX",
            isByol: false,
            isDisasterRecoveryEnabled: true,
            messagePacks: 2,
            shape: "PRODUCTION",
        });
        // The program passed a secret on without marking it: its plaintext is still not printed.
        expect(named("webhook").inputs.endpoint).toBe("[redacted]");
        expect(named("pager").inputs.topicId).toBe("urn:pulumi:review::plan-values::oci:Ons/notificationTopic:NotificationTopic::alerts");
        expect(named("probe").inputs.targets).toEqual(["[unknown]"]);
        expect(named("primary").inputs).toEqual({ region: "ca-toronto-1" });
    });

    it("gives the stack's outputs in JSON: secret ones masked, unknown ones marked, long ones in full", async () => {
        const { outputs } = JSON.parse(await plan("json")) as { outputs: Record<string, unknown> };
        expect(outputs).toEqual({
            dkimDnsRecords: [{ name: "orders-yyz._domainkey.example.com", region: "ca-toronto-1", type: "CNAME", value: "orders-yyz.dkim.yyz1.oracleemaildelivery.com" }],
            idcsToken: "[secret]",
            instanceUrl: "[unknown]",
            runbookMarkdown: ["# Failover runbook: orders", "", ...Array.from({ length: 20 }, (_, i) => `${i + 1}. Step ${i + 1}.`)].join("\n"),
        });
    });

    it("marks the primary and the standby region in the table, primary first, with the DR instance's key inputs and the outputs summarised", async () => {
        const stdout = await plan("table");
        expect(stdout).not.toMatch(PLAINTEXTS);
        expect(stdout).toContain(
            [
                "DR instance orders: primary ca-toronto-1 (Toronto), standby ca-montreal-1 (Montreal), created by Oracle",
                "  roles                    declared",
                "  displayName              orders",
                "  integrationInstanceType  ENTERPRISEX",
                "  shape                    PRODUCTION",
                "  messagePacks             2",
                "  isByol                   false",
                "  compartmentId            ocid1.compartment.oc1..aaaaaaaaplanvalues",
                "",
                "ca-toronto-1, primary (2)",
            ].join("\n"),
        );
        // Toronto before Montreal: the primary first, although the standby comes first by name.
        expect(stdout.indexOf("\nca-toronto-1, primary (2)\n")).toBeLessThan(stdout.indexOf("\nca-montreal-1, standby (5)\n"));
        expect(stdout).toContain(
            [
                "Outputs (4)",
                "  dkimDnsRecords   - name: orders-yyz._domainkey.example.com",
                "                     region: ca-toronto-1",
                "                     type: CNAME",
                "                     value: orders-yyz.dkim.yyz1.oracleemaildelivery.com",
                "  idcsToken        [secret]",
                "  instanceUrl      [unknown]",
                "  runbookMarkdown  # Failover runbook: orders … (22 lines; in full with --format json)",
                "",
                "[unknown]: computed by OCI, known after pulumi up; [secret]: a secret, never printed",
            ].join("\n"),
        );
    });

    it("gives two stacks of the example in one tenancy no tenancy-wide name in common", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-stacks-"));
        workDirs.push(dir);
        const project = parseYaml(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), toYaml({ ...project, main: path.join(REPO_ROOT, "stacks", "index.ts"), stackConfigDir: undefined }));
        const example = fs.readFileSync(path.join(REPO_ROOT, "stacks", "Pulumi.example.yaml"), "utf8");
        // Topic and IAM policy names are unique across the tenancy (@pulumi/oci ons/notificationTopic.d.ts:95, identity/policy.d.ts:100).
        const tenancyWide = new Set(["oci:Ons/notificationTopic:NotificationTopic", "oci:Identity/policy:Policy"]);
        const namesOf = async (stack: string) => {
            fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), example);
            const { code, stdout } = await runCli(["plan", "--format", "json", "--program", dir, "--stack", stack]);
            expect(code).toBe(0);
            const report = JSON.parse(stdout) as { resources: Array<{ type: string; inputs: { name?: string } }> };
            return report.resources.filter((r) => tenancyWide.has(r.type)).map((r) => r.inputs.name!);
        };
        const [dev, prod] = [await namesOf("dev"), await namesOf("prod")];
        expect(dev).toHaveLength(3);
        expect(dev.filter((name) => prod.includes(name))).toEqual([]);
        expect(dev).toContain("oic-dr-example-dev-orders-oic-dr-iad");
    });

    it("shows a pull request that raises message packs from 2 to 1,000,000,000,000 in JSON, table and Markdown, and nothing else", async () => {
        // The example program, with the example stack's config as a pull request would change it.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-pr-"));
        workDirs.push(dir);
        const project = parseYaml(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), toYaml({ ...project, main: path.join(REPO_ROOT, "stacks", "index.ts"), stackConfigDir: undefined }));
        const stackFile = parseYaml(fs.readFileSync(path.join(REPO_ROOT, "stacks", "Pulumi.example.yaml"), "utf8")) as { config: Record<string, unknown> };
        const key = "oic-dr-example:messagePacks";
        expect(stackFile.config[key]).toBe(2);
        const outputsWith = async (messagePacks: number) => {
            fs.writeFileSync(path.join(dir, "Pulumi.example.yaml"), toYaml({ config: { ...stackFile.config, [key]: messagePacks } }));
            const runs = [["plan", "--format", "json"], ["plan"], ["check", "--format", "markdown"]].map((args) => runCli([...args, "--program", dir]));
            const [json, table, markdown] = (await Promise.all(runs)).map((r) => {
                expect(r.code).toBe(0);
                return r.stdout;
            });
            return { json: json!, table: table!, markdown: markdown! };
        };
        const before = await outputsWith(2);
        const after = await outputsWith(1_000_000_000_000);

        expect(after.json).not.toBe(before.json);
        const instanceOf = (json: string) => (JSON.parse(json).resources as PlannedJson[]).find((r) => r.type === "oci:Integration/integrationInstance:IntegrationInstance")!;
        expect(instanceOf(before.json).inputs.messagePacks).toBe(2);
        expect(instanceOf(after.json).inputs.messagePacks).toBe(1_000_000_000_000);
        // The value shows twice: on the instance, and in PairRoles' copy of its inputs (the guard
        // that refuses a change while the instance is the standby). Nothing else changes.
        const only = (text: string) => text.split("1000000000000").join("2");
        expect(after.json.split("1000000000000")).toHaveLength(3);
        expect(only(after.json)).toBe(before.json);

        expect(after.table).toMatch(/\n  messagePacks +1000000000000\n/);
        expect(only(after.table)).toBe(before.table);

        expect(before.markdown).toContain("| messagePacks | `2` |");
        expect(after.markdown).toContain("| messagePacks | `1000000000000` |");
        expect(only(after.markdown)).toBe(before.markdown);
    }, 180_000);
});

/** The README's first library example ("orders"): the program a new user starts from. */
function readmeLibraryExample(): string {
    const example = readmeExamples(documentationFiles(REPO_ROOT)).find((e) => e.name === "orders");
    expect(example?.file, "the README's orders example").toBe("README.md");
    return example!.source;
}

/**
 * A Pulumi project holding `program` as its index.ts, `oic-dr` resolved to this checkout's source
 * (tsconfig paths, which the program's TypeScript loader follows), as an installed package would be.
 */
function readmeProject(program: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-readme-"));
    workDirs.push(dir);
    fs.writeFileSync(path.join(dir, "index.ts"), program);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: readme-library\nruntime: nodejs\nmain: index.ts\n");
    fs.writeFileSync(path.join(dir, "Pulumi.readme.yaml"), "config:\n  oci:region: eu-frankfurt-1\n");
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "oic-dr": [path.join(REPO_ROOT, "index.ts")] } } }));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** Every string in a parsed report. */
const stringsIn = (value: unknown): string[] =>
    typeof value === "string" ? [value] : value !== null && typeof value === "object" ? Object.values(value).flatMap(stringsIn) : [];

/**
 * The ids Pulumi's mocks would give the report's resources (`<name>-id`) found in `text`: a real
 * preview knows no id of a resource it would create, so a plan must show none.
 */
function mockIdsIn(text: string, report: { resources: Array<{ name: string }> }): string[] {
    const escaped = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return report.resources.map((r) => `${r.name}-id`).filter((id) => new RegExp(`(^|[^\\w-])${escaped(id)}($|[^\\w-])`).test(text));
}

describe("preview semantics: ids and computed outputs of resources the program creates are unknown, as in pulumi preview", () => {
    it("plans the README's first library example, its compartment id and instance URL unknown, no mock id anywhere", async () => {
        const dir = readmeProject(readmeLibraryExample());
        const [json, table, markdown] = await Promise.all(
            [["plan", "--format", "json"], ["plan"], ["check", "--format", "markdown"]].map((args) => runCli([...args, "--program", dir, "--stack", "readme"])),
        );
        for (const run of [json!, table!, markdown!]) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
        const report = JSON.parse(json!.stdout) as { resources: PlannedJson[]; outputs: Record<string, unknown> };
        const instance = report.resources.find((r) => r.type === "oci:Integration/integrationInstance:IntegrationInstance")!;
        // The compartment is created by the program: its id is unknown; what the program gave is known.
        expect(instance.inputs).toMatchObject({ compartmentId: "[unknown]", displayName: "orders-oic", domainId: "ocid1.domain.oc1..aaaaaaaayourdomain" });
        expect(report.resources.find((r) => r.name === "team")!.inputs).toMatchObject({ compartmentId: "ocid1.tenancy.oc1..aaaaaaaayourtenancy", name: "team" });
        expect(report.outputs).toMatchObject({ url: "[unknown]" });
        expect(table!.stdout).toMatch(/\n  compartmentId +\[unknown\]\n/);
        expect(table!.stdout).toMatch(/\n  url +\[unknown\]\n/);
        expect(markdown!.stdout).toContain("| compartmentId | `[unknown]` |");
        expect(markdown!.stdout).toContain("| url | `[unknown]` |");
        // The policies judge what a preview knows and pass over what it does not, unremarked: the one
        // finding is the example's own (it subscribes no one to its alarm topics).
        expect(markdown!.stdout).toMatch(/^## oic-dr check: ✅ PASSED: 0 mandatory, 1 advisory, 0 waived\n/);
        expect(markdown!.stdout).toMatch(/\| `oic-dr-failover-alarm` \| advisory \| `orders-instance` \| .*a topic with a subscription there/);
        expect(markdown!.stdout).not.toContain("can't");
        for (const run of [json!, table!, markdown!]) expect(mockIdsIn(run.stdout, report)).toEqual([]);
    });

    it("shows no mock id in the plan of the example stack: the instance's id and the topics' ids are unknown", async () => {
        const [json, table, markdown] = await Promise.all(
            [["plan", "--format", "json"], ["plan"], ["check", "--format", "markdown"]].map((args) => runCli([...args, "--stack", "example"])),
        );
        for (const run of [json!, table!, markdown!]) expect(run.code).toBe(0);
        const report = JSON.parse(json!.stdout) as { resources: PlannedJson[]; outputs: Record<string, unknown> };
        expect(report.outputs).toMatchObject({ instanceId: "[unknown]", alertTopicIds: "[unknown]" });
        // Alarms name their topics by id: unknown until the topics exist.
        const alarms = report.resources.filter((r) => r.type === "oci:Monitoring/alarm:Alarm");
        expect(alarms.length).toBeGreaterThan(0);
        for (const alarm of alarms) expect(alarm.inputs.destinations).toEqual(["[unknown]"]);
        expect(stringsIn(report).filter((value) => value.endsWith("-id"))).toEqual([]);
        for (const run of [json!, table!, markdown!]) expect(mockIdsIn(run.stdout, report)).toEqual([]);
    });

    it("still checks a value the preview knows: an invalid compartment OCID from a created resource's input fails, naming the field", async () => {
        const example = readmeLibraryExample();
        expect(example).toContain("compartmentId: team.id,");
        // The compartment's name is an input the program gives: known in a preview, and not an OCID.
        const dir = readmeProject(example.replace("compartmentId: team.id,", "compartmentId: team.name,"));
        const { code, stdout, stderr } = await runCli(["plan", "--program", dir, "--stack", "readme"]);
        expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
        expect(stderr).toBe(
            "oic-dr: cannot evaluate the program\n" +
                "Invalid DrPairedIntegration arguments (1 problem):\n" +
                '  - compartmentId: "team" is not a compartment OCID; expected ocid1.compartment.oc1..<unique id> or ocid1.tenancy.oc1..<unique id> (the value of an Output, checked once known)\n',
        );
    });
});

describe("oic-dr --version", () => {
    it("prints the package's version and exits 0", async () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
        const { code, stdout, stderr } = await runCli(["--version"]);
        expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    });
});
