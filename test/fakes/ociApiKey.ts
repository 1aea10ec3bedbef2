/**
 * A throwaway OCI API signing key and the OCI config file that points at it, as `oci setup config`
 * writes them (https://docs.oracle.com/en-us/iaas/Content/API/Concepts/sdkconfig.htm): a profile
 * names user, fingerprint, tenancy, region and key_file. The real `oci-common`
 * ConfigFileAuthenticationDetailsProvider reads it and signs with the key; the Identity fake
 * (./ociIdentityServer.ts) verifies those signatures with the public key.
 */
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OciTestKey {
    /** Directory holding the key and the config file; `remove()` deletes it. */
    readonly dir: string;
    readonly configFile: string;
    readonly keyFile: string;
    readonly privateKeyPem: string;
    readonly publicKey: KeyObject;
    /** OCI's key fingerprint: MD5 of the DER public key, as colon-separated hex pairs. */
    readonly fingerprint: string;
    /** The keyId requests signed as `user` carry: `<tenancy>/<user>/<fingerprint>`. */
    keyIdOf(user: string): string;
    /** The base64 body of the private key, as it would appear if anything printed or captured it. */
    readonly privateKeyBody: string;
    remove(): void;
}

export interface OciTestProfile {
    name: string;
    user: string;
    /** Omitted when undefined: the SDK then needs OCI_REGION or a region from the caller. */
    region?: string;
}

/** Generates a key and writes a config file with `profiles`, all signing with that key. */
export function createOciTestKey(tenancy: string, profiles: readonly OciTestProfile[]): OciTestKey {
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const privateKeyPem = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const fingerprint = createHash("md5")
        .update(keys.publicKey.export({ type: "spki", format: "der" }))
        .digest("hex")
        .match(/../g)!
        .join(":");
    const dir = mkdtempSync(join(tmpdir(), "oic-dr-oci-key-"));
    const keyFile = join(dir, "oci_api_key.pem");
    writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
    const configFile = join(dir, "config");
    writeFileSync(configFile, profilesText(tenancy, fingerprint, keyFile, profiles), { mode: 0o600 });
    return {
        dir,
        configFile,
        keyFile,
        privateKeyPem,
        publicKey: keys.publicKey,
        fingerprint,
        keyIdOf: (user) => `${tenancy}/${user}/${fingerprint}`,
        privateKeyBody: privateKeyPem.split("\n").slice(1, 3).join(""),
        remove: () => rmSync(dir, { recursive: true, force: true }),
    };
}

/** The text of an OCI config file with these profiles, all signing with the same key. */
export function profilesText(tenancy: string, fingerprint: string, keyFile: string, profiles: readonly OciTestProfile[]): string {
    return profiles
        .flatMap((p) => [
            `[${p.name}]`,
            `user=${p.user}`,
            `fingerprint=${fingerprint}`,
            `tenancy=${tenancy}`,
            ...(p.region === undefined ? [] : [`region=${p.region}`]),
            `key_file=${keyFile}`,
            "",
        ])
        .join("\n");
}
