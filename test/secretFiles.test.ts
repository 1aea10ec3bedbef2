/**
 * Secrets kept like secrets: a file holding one that its group or others can read gets a warning
 * naming the file and the mode to set (the OCI CLI warns the same way about its files); a secret the
 * components read with getSecret, held in plain text in a stack file, gets a warning naming the key
 * and the command that encrypts it. Never the value.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SECRET_CONFIG_KEYS } from "../components/secretConfigKeys";
import { AGENT_CONFIG_KEYS, SPEC_CONFIG_KEYS } from "../components/stackConfig";
import { plainTextSecretKeys, type ProgramRun } from "../engine/runProgram";
import { readClientSecret } from "../operations/clients/clientSecret";
import { regionClient } from "../operations/clients/ociClient";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";

const SECRET = "s3cr3t-client-value";
let key: OciTestKey;
let written: string[];

beforeAll(() => {
    key = createOciTestKey("ocid1.tenancy.oc1..aaaaaaaasecretfiles", [{ name: "DEFAULT", user: "ocid1.user.oc1..aaaaaaaasecretfiles", region: "us-ashburn-1" }]);
});
afterAll(() => key.remove());
const captureStderr = () => {
    written = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (written.push(String(chunk)), true));
};
afterEach(() => vi.restoreAllMocks());

describe("files holding a secret", () => {
    it("warns when the client secret file can be read by others, naming the file and the mode, never the secret", () => {
        const file = join(key.dir, "client-secret");
        writeFileSync(file, `${SECRET}\n`, { mode: 0o644 });
        chmodSync(file, 0o644);
        captureStderr();
        expect(readClientSecret({ env: "UNUSED", file }, {})).toBe(SECRET);
        expect(written).toEqual([`oic-dr: warning: the client secret file ${file} can be read by its group or others (mode 0644): run chmod 600 ${file}\n`]);
        chmodSync(file, 0o600);
        written.length = 0;
        readClientSecret({ env: "UNUSED", file }, {});
        expect(written).toEqual([]);
    });

    it("warns when the OCI config file or its key_file can be read by others", async () => {
        chmodSync(key.keyFile, 0o640);
        chmodSync(key.configFile, 0o644);
        captureStderr();
        await regionClient({ auth: "ApiKey", configFile: key.configFile, timeoutSeconds: 5, maxAttempts: 1, retryBaseDelaySeconds: 0.01 }, "us-ashburn-1");
        expect(written).toEqual([
            `oic-dr: warning: the OCI config file ${key.configFile} can be read by its group or others (mode 0644): run chmod 600 ${key.configFile}\n`,
            `oic-dr: warning: the key_file of profile [DEFAULT] ${key.keyFile} can be read by its group or others (mode 0640): run chmod 600 ${key.keyFile}\n`,
        ]);
        expect(written.join("")).not.toContain(key.privateKeyBody);
        chmodSync(key.keyFile, 0o600);
        chmodSync(key.configFile, 0o600);
    });
});

describe("secrets in a stack file", () => {
    it("lists exactly the keys the components read as secrets", () => {
        const marked = [...SPEC_CONFIG_KEYS, ...AGENT_CONFIG_KEYS].filter((k) => k.secret).map((k) => k.key);
        expect([...SECRET_CONFIG_KEYS].sort()).toEqual(marked.sort());
    });

    it("finds those held in plain text, not those encrypted", () => {
        const run = {
            project: { name: "orders" },
            stackConfig: { stack: "prod", values: { "orders:idcsAccessToken": "plain-token", "orders:agentClientSecret": "[secret]", "orders:displayName": "x" }, secretKeys: ["orders:agentClientSecret"] },
        } as unknown as ProgramRun;
        expect(plainTextSecretKeys(run)).toEqual(["orders:idcsAccessToken"]);
    });
});
