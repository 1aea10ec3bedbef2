/**
 * `secure:` stack values, read as the Pulumi CLI's passphrase secrets provider reads them, so that
 * `oic-dr` validates a secret OCID like any other value when the user gives the passphrase.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ProgramError } from "./programError";

/** Decrypts one `secure:` ciphertext, or returns undefined when the value must stay opaque. */
export type Decrypt = (ciphertext: string, key: string) => string | undefined;

/*
 * The passphrase secrets provider (pulumi/pulumi @ 1b5949891b3c):
 * - pkg/secrets/passphrase/manager.go:378-396 (readPassphrase): PULUMI_CONFIG_PASSPHRASE, set even
 *   if empty, else the trimmed contents of PULUMI_CONFIG_PASSPHRASE_FILE;
 * - manager.go:48-73: the stack's `encryptionsalt` is `v1:<base64 salt>:<ciphertext of "pulumi">`;
 *   a passphrase that does not decrypt it to "pulumi" is incorrect;
 * - sdk/go/common/resource/config/crypt.go:165-171: key = PBKDF2-SHA256(passphrase, salt,
 *   1,000,000 iterations, 32 bytes);
 * - crypt.go:179-225: a ciphertext is `v1:<base64 nonce>:<base64 sealed>`, AES-256-GCM with a
 *   12-byte nonce, the 16-byte tag at the end of the sealed bytes (Go's gcm.Seal), no additional data.
 */
const PBKDF2_ITERATIONS = 1_000_000;
const GCM_TAG_BYTES = 16;
const GCM_NONCE_BYTES = 12;

/** Go's base64.StdEncoding is strict: padded, standard alphabet. */
function strictBase64(text: string): Buffer | undefined {
    return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) ? Buffer.from(text, "base64") : undefined;
}

/** crypt.go:189-225 (symmetricCrypter.DecryptValue); undefined for anything it would refuse. */
function decryptValue(key: Buffer, ciphertext: string): string | undefined {
    const parts = ciphertext.split(":");
    if (parts.length !== 3 || parts[0] !== "v1") return undefined;
    const nonce = strictBase64(parts[1]!);
    const sealed = strictBase64(parts[2]!);
    if (!nonce || !sealed || nonce.length !== GCM_NONCE_BYTES || sealed.length < GCM_TAG_BYTES) return undefined;
    try {
        const decipher = crypto.createDecipheriv("aes-256-gcm", key, nonce);
        decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
        return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
        return undefined;
    }
}

/** The PBKDF2 derivation is slow on purpose; as the CLI caches its secrets managers (manager.go:139-160), so does this. */
const derivedKeys = new Map<string, Buffer>();

function readPassphrase(env: NodeJS.ProcessEnv): string | undefined {
    if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return env.PULUMI_CONFIG_PASSPHRASE;
    const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
    if (!file) return undefined;
    try {
        return fs.readFileSync(path.resolve(file), "utf8").trim();
    } catch {
        throw new ProgramError(`unable to read PULUMI_CONFIG_PASSPHRASE_FILE (${file})`);
    }
}

/**
 * How `secure:` values of a stack file are read: decrypted with the passphrase when the stack uses
 * the passphrase provider (an `encryptionsalt`) and a passphrase is given; otherwise left opaque.
 */
export function passphraseDecrypter(salt: string | undefined, env: NodeJS.ProcessEnv, stackFile: string): Decrypt {
    const opaque: Decrypt = () => undefined;
    const passphrase = salt === undefined ? undefined : readPassphrase(env);
    if (salt === undefined || passphrase === undefined) return opaque;
    const [version, saltText] = salt.split(":", 2);
    const saltBytes = saltText === undefined ? undefined : strictBase64(saltText);
    if (version !== "v1" || !saltBytes) throw new ProgramError(`${stackFile}: encryptionsalt is not a v1 passphrase salt (v1:<base64 salt>:<ciphertext>)`);
    const cacheKey = `${passphrase}\0${salt}`;
    let key = derivedKeys.get(cacheKey);
    if (!key) {
        key = crypto.pbkdf2Sync(passphrase, saltBytes, PBKDF2_ITERATIONS, 32, "sha256");
        if (decryptValue(key, salt.slice(salt.indexOf(":", salt.indexOf(":") + 1) + 1)) !== "pulumi") {
            throw new ProgramError(
                `incorrect passphrase: the passphrase in ${env.PULUMI_CONFIG_PASSPHRASE !== undefined ? "PULUMI_CONFIG_PASSPHRASE" : "PULUMI_CONFIG_PASSPHRASE_FILE"} ` +
                    `does not match the encryptionsalt of ${stackFile}; set the stack's passphrase, or unset it to evaluate with secrets left opaque`,
            );
        }
        derivedKeys.set(cacheKey, key);
    }
    const derived = key;
    return (ciphertext, configKey) => {
        const plain = decryptValue(derived, ciphertext);
        // The passphrase is right (it opened the salt), so this value was not encrypted with it.
        if (plain === undefined) throw new ProgramError(`${stackFile}: failed to decrypt ${configKey}: it was not encrypted with this stack's passphrase`);
        return plain;
    };
}
