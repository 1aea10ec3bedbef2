/**
 * What oic-dr says when the OCI config file or the key it names is wrong: one message naming the
 * problem (the caller adds the profile and the file), never a line of the file, the key or the
 * passphrase. The SDK's own parser quotes the line it cannot read (oci-common 2.139.1
 * lib/config-file-reader.js:150-170), and a key's passphrase is only tried when the SDK signs.
 */
import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as common from "oci-common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkAuthProvider } from "../components/support/ociSdkSetup";
import { regionClient } from "../operations/clients/ociClient";
import { OperationError } from "../operations/operationError";
import { createOciTestKey, profilesText, type OciTestKey } from "./fakes/ociApiKey";

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaafaketenancy";
const USER = "ocid1.user.oc1..aaaaaaaaconfiguser";
const PASSPHRASE = "correct-horse-battery-staple";

let key: OciTestKey;
beforeAll(() => {
    key = createOciTestKey(TENANCY, [{ name: "DEFAULT", user: USER, region: "us-ashburn-1" }]);
});
afterAll(() => key.remove());

/** A config file of `text` beside the test key; returns its path. */
function configFile(name: string, text: string): string {
    const file = join(key.dir, name);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
}

const setUp = (file: string, profile?: string) => sdkAuthProvider(common, "ApiKey", { configFile: file, profile }, "us-ashburn-1");

describe("the OCI config file's problems, restated without its content", () => {
    it("names the line that is not key=value, without quoting it (it may hold the passphrase)", async () => {
        const file = configFile("malformed", `${profilesText(TENANCY, key.fingerprint, key.keyFile, [{ name: "DEFAULT", user: USER }])}pass_phrase: ${PASSPHRASE}\n`);
        const error = await setUp(file).catch((e: Error) => e);
        expect((error as Error).message).toBe("the file is not in the OCI config format: line 6 is neither a [PROFILE] header nor key=value (its content is not shown: it may hold a secret)");
        expect((error as Error).message).not.toContain(PASSPHRASE);
    });

    it("never prints a line of a file that is no OCI config at all (--config-file /etc/passwd)", async () => {
        const file = configFile("passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        const message = ((await setUp(file).catch((e: Error) => e)) as Error).message;
        expect(message).not.toMatch(/root|daemon|bin\/bash/);
        expect(message).toMatch(/^the file is not in the OCI config format: line 1 is neither/);
    });

    it.each([
        ["a missing file", () => join(key.dir, "absent"), undefined, "the file does not exist or is not a file"],
        ["a missing profile", () => key.configFile, "OPS", "the file has no such profile"],
        ["a profile without a fingerprint", () => configFile("nofp", `[DEFAULT]\nuser=${USER}\ntenancy=${TENANCY}\nkey_file=${key.keyFile}\n`), undefined, "the profile has no fingerprint"],
        ["a key_file that is not there", () => configFile("nokey", profilesText(TENANCY, key.fingerprint, join(key.dir, "gone.pem"), [{ name: "DEFAULT", user: USER }])), undefined, "the profile's key_file cannot be read"],
    ])("says what is wrong with %s", async (_case, file, profile, message) => {
        await expect(setUp(file(), profile)).rejects.toThrow(new Error(message));
    });

    describe("the key it names, checked before any request", () => {
        const encrypted = () => {
            const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
            const pem = pair.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE }).toString();
            const keyFile = join(key.dir, "encrypted.pem");
            writeFileSync(keyFile, pem, { mode: 0o600 });
            return keyFile;
        };

        it("an encrypted key without pass_phrase", async () => {
            const file = configFile("nopass", profilesText(TENANCY, key.fingerprint, encrypted(), [{ name: "DEFAULT", user: USER }]));
            await expect(setUp(file)).rejects.toThrow(new Error("the profile's key_file is encrypted and the profile has no pass_phrase"));
        });

        it("a wrong pass_phrase, never printed", async () => {
            const file = configFile("wrongpass", `${profilesText(TENANCY, key.fingerprint, encrypted(), [{ name: "DEFAULT", user: USER }])}pass_phrase=not-${PASSPHRASE}\n`);
            const error = (await setUp(file).catch((e: Error) => e)) as Error;
            expect(error.message).toBe("the profile's pass_phrase does not decrypt its key_file");
        });

        it("a fingerprint that is not the key's", async () => {
            const wrong = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff";
            const file = configFile("badfp", profilesText(TENANCY, wrong, key.keyFile, [{ name: "DEFAULT", user: USER }]));
            await expect(setUp(file)).rejects.toThrow(new Error(`the profile's fingerprint ${wrong} is not that of its key_file's key (${key.fingerprint}): set the fingerprint the console shows for this key`));
        });

        it("a right pass_phrase and fingerprint pass", async () => {
            const keyFile = encrypted();
            const pem = (await import("node:fs")).readFileSync(keyFile, "utf8");
            const { createPrivateKey, createPublicKey, createHash } = await import("node:crypto");
            const der = createPublicKey(createPrivateKey({ key: pem, passphrase: PASSPHRASE })).export({ type: "spki", format: "der" });
            const fingerprint = createHash("md5").update(der).digest("hex").match(/../g)!.join(":");
            const file = configFile("good", `${profilesText(TENANCY, fingerprint, keyFile, [{ name: "DEFAULT", user: USER }])}pass_phrase=${PASSPHRASE}\n`);
            await expect(setUp(file)).resolves.toBeDefined();
        });
    });

    it("reaches the operations as one message naming the method, the profile and the file", async () => {
        const file = configFile("cli", `${profilesText(TENANCY, key.fingerprint, key.keyFile, [{ name: "DEFAULT", user: USER }])}pass_phrase: ${PASSPHRASE}\n`);
        const error = await regionClient({ auth: "ApiKey", configFile: file, timeoutSeconds: 5, maxAttempts: 1, retryBaseDelaySeconds: 0.01 }, "us-ashburn-1").catch((e: Error) => e);
        expect(error).toBeInstanceOf(OperationError);
        expect((error as Error).message).toBe(
            `--auth ApiKey: could not set up authentication (profile DEFAULT of ${file}): the file is not in the OCI config format: line 6 is neither a [PROFILE] header nor key=value (its content is not shown: it may hold a secret)`,
        );
    });
});
