/**
 * Stack config as the Pulumi CLI loads it (pulumi/pulumi pkg/workspace/config.go; the sources of
 * each rule are cited in engine/project.ts), and `secure:` values of the passphrase secrets provider.
 * Stack files with ciphertext are made here, by the provider's own scheme
 * (pkg/secrets/passphrase/manager.go:163-178, sdk/go/common/resource/config/crypt.go:165-182).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { loadProject, loadStackConfig, ProgramError } from "../engine/project";
import { runProgram } from "../engine/runProgram";
import { OCI_TYPES } from "../facts/drSupport";
import { parseDrIntegrationSpec } from "../components/drPairedIntegration/schema";
import { UNDECRYPTED_SECRET } from "../components/support/offlineSecret";
import { SpecValidationError } from "../components/support/validation";
import { REPO_ROOT, runCli } from "./cliRunner";
import { single, validSpec } from "./harness";

const workDirs: string[] = [];
afterAll(() => workDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A project directory with this Pulumi.yaml and these stack files; the program is the example's. */
function project(pulumiYaml: Record<string, unknown>, stacks: Record<string, Record<string, unknown>>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-config-"));
    workDirs.push(dir);
    const doc = { runtime: "nodejs", main: path.join(REPO_ROOT, "stacks", "index.ts"), ...pulumiYaml };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), toYaml(doc));
    for (const [stack, content] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), toYaml(content));
    return dir;
}

/** The passphrase provider's ciphertext: `v1:<base64 nonce>:<base64 AES-256-GCM sealed bytes, tag last>`. */
function encrypt(key: Buffer, plaintext: string): string {
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
}

/** What `pulumi stack init --secrets-provider passphrase` writes: the salt and "pulumi" encrypted with the key. */
function passphraseStack(passphrase: string): { encryptionsalt: string; secure: (plaintext: string) => { secure: string } } {
    const salt = crypto.randomBytes(8);
    const key = crypto.pbkdf2Sync(passphrase, salt, 1_000_000, 32, "sha256");
    return {
        encryptionsalt: `v1:${salt.toString("base64")}:${encrypt(key, "pulumi")}`,
        secure: (plaintext) => ({ secure: encrypt(key, plaintext) }),
    };
}

const NO_PASSPHRASE: NodeJS.ProcessEnv = {};
const load = (dir: string, stack: string, env = NO_PASSPHRASE) => loadStackConfig(loadProject(dir), stack, env);
const problemOf = (fn: () => unknown): string => {
    try {
        fn();
    } catch (err) {
        expect(err).toBeInstanceOf(ProgramError);
        return (err as Error).message;
    }
    throw new Error("expected a ProgramError");
};

describe("stack config by the CLI's rules", () => {
    it("refuses a secret key with a default the stack does not set: the default is written in plain text", () => {
        const dir = project({ name: "p", config: { token: { type: "string", secret: true, default: "" } } }, { dev: { config: {} } });
        expect(problemOf(() => load(dir, "dev"))).toMatch(/p:token is declared secret but is stored in plain text \(a declared default is written in plain text/);
    });

    it("accepts a declared secret key set with `secure:`, and refuses it set in plain text", () => {
        const decl = { name: "p", config: { token: { type: "string", secret: true } } };
        const dir = project(decl, { secure: { config: { "p:token": { secure: "v1:opaque" } } }, plain: { config: { "p:token": "in-clear" } } });
        expect(load(dir, "secure").secretKeys).toEqual(["p:token"]);
        const message = problemOf(() => load(dir, "plain"));
        expect(message).toMatch(/p:token is declared secret but is stored in plain text/);
        expect(message).not.toContain("in-clear");
    });

    it("requires every project key declared without a default, a YAML null default included", () => {
        const dir = project(
            { name: "p", config: { size: { type: "integer" }, region: { type: "string", default: null }, zone: { type: "string", default: "a" } } },
            { dev: { config: {} } },
        );
        const message = problemOf(() => load(dir, "dev"));
        expect(message).toMatch(/p:region is required by Pulumi\.yaml but not set in Pulumi\.dev\.yaml/);
        expect(message).toMatch(/p:size is required by Pulumi\.yaml but not set/);
        expect(message).not.toMatch(/p:zone/);
    });

    it("accepts keys Pulumi.yaml does not declare and passes them on as set; an unset one is simply absent", () => {
        // The example's optional secrets are undeclared: a stack that sets none gets none.
        const example = load(REPO_ROOT, "example");
        expect(Object.keys(example.values).filter((k) => /Secret|Password|Token/.test(k))).toEqual([]);
        const dir = project({ name: "p", config: { size: { type: "integer", default: 1 } } }, {
            dev: { config: { "p:isByoll": true, "p:agentClientSecret": { secure: "v1:opaque" }, "oci:region": "us-ashburn-1" } },
        });
        const config = load(dir, "dev");
        expect(config.values).toEqual({ "p:isByoll": "true", "p:agentClientSecret": UNDECRYPTED_SECRET, "oci:region": "us-ashburn-1", "p:size": "1" });
        expect(config.secretKeys).toEqual(["p:agentClientSecret"]);
    });

    it("checks declared types as the CLI does (integers by strconv.Atoi, objects as maps)", () => {
        const decl = { name: "p", config: { size: { type: "integer" }, tags: { type: "object", default: {} }, names: { type: "array", items: { type: "string" }, default: [] } } };
        const dir = project(decl, {
            ok: { config: { "p:size": "+2", "p:names": ["a"] } },
            bad: { config: { "p:size": "2.0", "p:tags": ["not", "a", "map"], "p:names": [1] } },
        });
        expect(load(dir, "ok").values).toMatchObject({ "p:size": "+2", "p:tags": "{}", "p:names": '["a"]' });
        const message = problemOf(() => load(dir, "bad"));
        expect(message).toMatch(/p:size must be integer, got "2\.0"/);
        expect(message).toMatch(/p:tags must be object/);
        expect(message).toMatch(/p:names must be array<string>/);
    });

    it("refuses a stack key without a namespace, as config.ParseKey does", () => {
        const dir = project({ name: "p" }, { dev: { config: { size: 1 } } });
        expect(problemOf(() => load(dir, "dev"))).toMatch(/"size" is not a config key; stack config keys are <namespace>:<name>, e.g\. p:size/);
    });
});

describe("secrets of the passphrase provider", () => {
    const passphrase = "correct horse battery staple";
    const provider = passphraseStack(passphrase);
    const tenancyId = "ocid1.tenancy.oc1..aaaaaaaasecrettenancy";
    const webhook = "https://hooks.slack.com/services/T000/B000/secret-token";
    const dir = project({ name: "p", config: { tenancyId: { type: "string" } } }, {
        dev: {
            encryptionsalt: provider.encryptionsalt,
            config: {
                "p:tenancyId": provider.secure(tenancyId),
                "p:alarms": { subscriptions: [{ protocol: "SLACK", endpoint: provider.secure(webhook) }] },
            },
        },
    });

    it("decrypts `secure:` values, nested ones included, with PULUMI_CONFIG_PASSPHRASE", () => {
        const config = load(dir, "dev", { PULUMI_CONFIG_PASSPHRASE: passphrase });
        expect(config.values["p:tenancyId"]).toBe(tenancyId);
        expect(JSON.parse(config.values["p:alarms"]!)).toEqual({ subscriptions: [{ protocol: "SLACK", endpoint: webhook }] });
        expect(config.secretKeys).toEqual(["p:alarms", "p:tenancyId"]);
    });

    it("reads the passphrase from PULUMI_CONFIG_PASSPHRASE_FILE, trimmed", () => {
        const file = path.join(dir, "passphrase.txt");
        fs.writeFileSync(file, `${passphrase}\n`);
        expect(load(dir, "dev", { PULUMI_CONFIG_PASSPHRASE_FILE: file }).values["p:tenancyId"]).toBe(tenancyId);
    });

    it("leaves them opaque without a passphrase", () => {
        const config = load(dir, "dev");
        expect(config.values["p:tenancyId"]).toBe(UNDECRYPTED_SECRET);
        expect([...config.secretKeys].sort()).toEqual(["p:alarms", "p:tenancyId"]);
    });

    it("refuses a wrong passphrase with a clear error that prints no value", () => {
        const message = problemOf(() => load(dir, "dev", { PULUMI_CONFIG_PASSPHRASE: "wrong" }));
        expect(message).toMatch(/incorrect passphrase: the passphrase in PULUMI_CONFIG_PASSPHRASE does not match the encryptionsalt of Pulumi\.dev\.yaml/);
        expect(message).not.toMatch(/secrettenancy|hooks\.slack|wrong/);
    });

    it("exits 2 from `oic-dr plan` on a wrong passphrase, one screen, no value", async () => {
        // runCli passes this process's environment to the command.
        process.env.PULUMI_CONFIG_PASSPHRASE = "wrong";
        const { code, stdout, stderr } = await runCli(["plan", "--program", dir]).finally(() => delete process.env.PULUMI_CONFIG_PASSPHRASE);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        expect(stderr).toMatch(/incorrect passphrase/);
        expect(stderr).not.toMatch(/secrettenancy|hooks\.slack|\n\s+at /);
    });
});

describe("an OCID kept secret", () => {
    it("skips the format check of an undecrypted secret, and still fails a malformed plain OCID", () => {
        expect(parseDrIntegrationSpec(validSpec({ tenancyId: UNDECRYPTED_SECRET, compartmentId: UNDECRYPTED_SECRET })).tenancyId).toBe(UNDECRYPTED_SECRET);
        expect(() => parseDrIntegrationSpec(validSpec({ tenancyId: "ocid1.compartment.oc1..aaaa" }))).toThrow(SpecValidationError);
    });

    it("lets the example program run with secret tenancy and compartment OCIDs and no passphrase", async () => {
        const provider = passphraseStack("not given to oic-dr");
        const dir = project({ name: "p" }, {
            dev: {
                encryptionsalt: provider.encryptionsalt,
                config: {
                    "p:primaryRegion": "us-ashburn-1",
                    "p:tenancyId": provider.secure("ocid1.tenancy.oc1..aaaaaaaasecret"),
                    "p:compartmentId": provider.secure("ocid1.compartment.oc1..aaaaaaaasecret"),
                    "p:displayName": "secret-ocids",
                    "p:edition": "ENTERPRISE",
                    "p:messagePacks": 1,
                },
            },
        });
        const run = await runProgram({ programDir: dir, stack: "dev" });
        expect(single(run.resources, OCI_TYPES.integrationInstance).name).toBeTruthy();
    }, 120_000);
});
