/**
 * No secret in any error: every option of every `oic-dr` command, given a value shaped like each
 * kind of secret a user pastes in the wrong place (a webhook URL, an access token, a private key, an
 * API key, a value far too long), and the files the commands read (stack config, stack outputs,
 * policy config, OCI config) holding them. Whatever the command answers, the planted value is not
 * in it, nor any long piece of it, and the answer is one screen.
 *
 * The operations run against the Integration API fake (so a run that gets past its options reaches
 * a service that answers); plan and check run their program through the real program host.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Option } from "commander";
import { buildCli, main } from "../cli/main";
import { FIXTURES, REPO_ROOT, runCli } from "./cliRunner";
import { ASHBURN, PHOENIX, PROFILE, STANDBY_ID, useIntegrationApiFake } from "./operationsFixture";

const PLANTED = {
    webhook: "https://hooks.slack.com/services/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",
    jwt: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkLXVzZXIifQ.UGxhbnRlZFNpZ25hdHVyZVZhbHVl",
    key: "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ-----END PRIVATE KEY-----",
    apiKey: "Zx9Qw2Lk7Rt4Yp1Mn8Bv3Cx6Hj5Gf0Ds",
    long: `tenancy-${"x".repeat(10_000)}`,
} as const;

/** The planted value, or a piece of it long enough to identify it, is in `printed`. */
function leaked(printed: string, secret: string): string | undefined {
    if (printed.includes(secret)) return "the whole value";
    // Pieces of 16 characters at every offset: a cut or escaped quotation still identifies it.
    const distinctive = secret.replace(/x{20,}/g, "");
    for (let i = 0; i + 16 <= distinctive.length; i++) {
        const piece = distinctive.slice(i, i + 16);
        if (/^(https:\/\/hooks|-----BEGIN PRIV|-----END PRIVAT|PRIVATE KEY-----)/.test(piece)) continue;
        if (printed.includes(piece)) return `the piece ${JSON.stringify(piece)}`;
    }
    return undefined;
}

const api = useIntegrationApiFake();
const TUNING = { retryBaseDelaySeconds: 0.001, maxAttempts: 2, pollIntervalSeconds: 0.01 };

/**
 * `oic-dr args`: the operations in this process (main, with the retries shrunk), plan and check as
 * the separate process they are (their program host loads modules main requires lazily).
 */
async function oicDr(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; printed: string }> {
    if (args[0] === "plan" || args[0] === "check") {
        const run = await runCli(args, REPO_ROOT, env);
        return { code: run.code, printed: run.stdout + run.stderr };
    }
    let printed = "";
    const write = (t: string) => (printed += t);
    const code = await main(args, { out: write, err: write, progress: { write }, env: { ...env }, confirm: async () => false }, { tuning: TUNING });
    return { code, printed };
}

function expectNothingLeaked(printed: string, what: string): void {
    for (const [kind, secret] of Object.entries(PLANTED)) {
        const found = leaked(printed, secret);
        expect(found, `${what}: the planted ${kind} is printed (${found}):\n${printed.slice(0, 2000)}`).toBeUndefined();
    }
    // One screen: no planted value stretches a message.
    expect(printed.length, `${what}: ${printed.length} characters printed`).toBeLessThan(6000);
}

const scratch = mkdtempSync(join(tmpdir(), "oic-dr-planted-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What each command needs to get past its options, so each planted option is judged in a run that would otherwise go on. */
function baseline(command: string): string[] {
    const connection = ["--config-file", api.key.configFile, "--profile", PROFILE, "--timeout", "2"];
    const address = ["--region", PHOENIX, "--instance", STANDBY_ID, "--endpoint", api.fake.endpointOf(PHOENIX), "--peer-endpoint", api.fake.endpointOf(ASHBURN)];
    const oauth = ["--token-url", "http://127.0.0.1:9/oauth2/v1/token", "--scope", "urn:opc:resource:consumer::all", "--client-id", "ops-app", "--client-secret-env", "OIC_DR_TEST_SECRET"];
    switch (command) {
        case "plan":
        case "check":
            return ["--program", join(FIXTURES, "invalid-spec"), "--timeout", "60"];
        case "status":
            return [...address, ...connection];
        case "failover":
            return [...address, ...connection, "--wait", "1", "--quiet"];
        case "drill":
            return [...address, ...connection, "--wait", "1", "--quiet", ...oauth];
        case "post-failover":
            return [...address.filter((_, i) => i < 6), ...connection, ...oauth];
        default:
            return [];
    }
}

/** `args` with `flag`'s value replaced by `value`, or with `flag value` added. */
function withOption(args: readonly string[], flag: string, value: string): string[] {
    const at = args.indexOf(flag);
    return at >= 0 ? [...args.slice(0, at + 1), value, ...args.slice(at + 2)] : [...args, flag, value];
}

const commands = buildCli({ out: () => undefined, err: () => undefined }).commands;
const valued = (option: Option) => (option.required || option.optional) && option.long !== undefined && option.long !== "--help";

describe("no planted secret in what any command prints", () => {
    it("covers the commands users run", () => {
        expect(commands.map((c) => c.name())).toEqual(expect.arrayContaining(["plan", "check", "status", "failover", "drill", "post-failover"]));
    });

    for (const command of commands) {
        const options = command.options.filter(valued);
        it(`${command.name()}: each of its ${options.length} options given each planted value`, async () => {
            for (const option of options) {
                for (const [kind, secret] of Object.entries(PLANTED)) {
                    // Plan and check would run the program for most values: one kind each keeps the run short.
                    if ((command.name() === "plan" || command.name() === "check") && kind !== "webhook" && kind !== "long") continue;
                    const args = [command.name(), ...withOption(baseline(command.name()), option.long!, secret)];
                    const run = await oicDr(args, { OIC_DR_TEST_SECRET: "env-secret-value-0123456789" });
                    expectNothingLeaked(run.printed, `${command.name()} ${option.long} <${kind}>`);
                }
            }
        }, 600_000);
    }

    it("unknown options and stray arguments carrying a secret", async () => {
        for (const command of commands) {
            // A command that takes arguments (drill-report FILE) is given them first: what follows is stray.
            const taken = command.registeredArguments.map((argument) => `placeholder-${argument.name()}`);
            for (const form of [["--client-secrt", PLANTED.apiKey], [`--client-secrt=${PLANTED.jwt}`], [PLANTED.webhook]]) {
                const run = await oicDr([command.name(), ...taken, ...form]);
                expect(run.code, `${command.name()} ${form.join(" ")}`).toBe(2);
                expectNothingLeaked(run.printed, `${command.name()} ${form[0]}`);
                // One screen: the error and where the usage is, not the whole help.
                expect(run.printed.trimEnd().split("\n").length, run.printed).toBeLessThanOrEqual(3);
                expect(run.printed).toContain("add --help for the usage");
            }
        }
    });
});

describe("no planted secret from the files the commands read", () => {
    it("a stack outputs file whose fields hold secrets", async () => {
        const file = join(scratch, "outputs.json");
        const pair = {
            primaryInstanceId: PLANTED.jwt,
            secondaryInstanceId: PLANTED.webhook,
            primaryRegion: PLANTED.apiKey,
            secondaryRegion: PLANTED.key,
            activeRegion: PLANTED.webhook,
            rolesSince: PLANTED.jwt,
        };
        for (const outputs of [{ drPairs: { orders: pair } }, { drPairs: { [PLANTED.webhook]: pair } }, pair]) {
            writeFileSync(file, JSON.stringify(outputs));
            for (const command of ["status", "failover", "drill"]) {
                const run = await oicDr([command, "--stack-outputs", file, "--region", PHOENIX, "--config-file", api.key.configFile, "--profile", PROFILE, "--yes"]);
                expect(run.code, command).toBe(2);
                expectNothingLeaked(run.printed, `${command} --stack-outputs`);
            }
            const planned = await oicDr(["plan", "--program", join(FIXTURES, "invalid-spec"), "--stack-outputs", file]);
            expectNothingLeaked(planned.printed, "plan --stack-outputs");
        }
    });

    it("an OCI config file whose lines and values hold secrets", async () => {
        const file = join(scratch, "oci-config");
        writeFileSync(
            file,
            [`[DEFAULT]`, `pass_phrase: ${PLANTED.apiKey}`, `user=${PLANTED.jwt}`, `key_file=${join(scratch, PLANTED.apiKey)}`, `fingerprint=${PLANTED.webhook}`, `tenancy=ocid1.tenancy.oc1..aaaa`, `region=${ASHBURN}`].join("\n"),
            { mode: 0o600 },
        );
        for (const profile of ["DEFAULT", PROFILE]) {
            const run = await oicDr(["status", "--config-file", file, "--profile", profile, "--region", PHOENIX, "--instance", STANDBY_ID, "--endpoint", api.fake.endpointOf(PHOENIX)]);
            expect(run.code).toBe(2);
            expectNothingLeaked(run.printed, `status with profile ${profile}`);
        }
    });

    it("a policy config whose settings hold secrets", async () => {
        const file = join(scratch, "policy-config.json");
        writeFileSync(file, JSON.stringify({ "oic-dr-dr-enabled": PLANTED.webhook, [PLANTED.jwt]: "mandatory", "oic-dr-no-network-acl": { enforcementLevel: PLANTED.apiKey } }));
        const run = await oicDr(["check", "--program", join(FIXTURES, "invalid-spec"), "--policy-config", file]);
        expect(run.code).toBe(2);
        expectNothingLeaked(run.printed, "check --policy-config");
    });
});

describe("no planted secret from a program's arguments", () => {
    it("a webhook URL, a token and a key in plain-text config passed to fields that are not secret", async () => {
        const run = await oicDr(["check", "--program", join(FIXTURES, "planted-secrets"), "--stack", "dev", "--format", "json"]);
        expect(run.code).toBe(2);
        // The error still says which fields are wrong and why.
        for (const field of ["displayName", "tenancyId", "primaryRegion", "emailDelivery.senders.0", "emailDelivery.suppressions.0", "namePrefix"]) {
            expect(run.printed, field).toContain(`${field}:`);
        }
        expect(run.printed).toMatch(/a URL with a path, query or credentials, not shown/);
        expectNothingLeaked(run.printed, "check of planted-secrets");
    });
});
