/**
 * Property values as a reviewer may read them: resource inputs and stack outputs, from the engine's
 * wire form (what the program host records) to plain JSON with every secret masked, every value
 * unknown during preview marked, and resource references shown as their URN. Applied once, where
 * the plan report is built (plan.ts): renderers print what they are given.
 */
import { redactSecrets } from "../engine/redact";

/** Shown for a secret value, whatever it holds (an unknown inside a secret included). */
export const SECRET_MASK = "[secret]";
/** Shown for a value a provider computes, unknown until `pulumi up`. */
export const UNKNOWN_MASK = "[unknown]";

/**
 * The engine's wire format (@pulumi/pulumi runtime/rpc.js:273-315, 3.270.0): values here, not
 * imported, because loading runtime/rpc loads most of the SDK, half a second of `plan`'s start.
 * test/cli.planValues.test.ts checks them against the installed SDK.
 */
export const WIRE = {
    unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    sigKey: "4dabf18193072939515e22adb298388d",
    secretSig: "1b47061264138c4ac30d75fd1eb44270",
    resourceSig: "5cf8f73096256a8f31e491e813e4eb8e",
    outputValueSig: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
    assetSig: "c44067f5952c0a294b673a41bacd8c17",
    archiveSig: "0def7320c3a5731c473e5ecbe6d01bc7",
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * One value made readable. `secrets` are the plaintexts of the stack's secret config
 * (redact.ts secretStrings): a program may pass one on without marking it secret (a secret key
 * read with `config.get`), and it must not be printed then either.
 */
export function displayValue(value: unknown, secrets: readonly string[]): Json {
    if (value === null || value === undefined) return null;
    if (typeof value === "string") return value === WIRE.unknown ? UNKNOWN_MASK : redactSecrets(value, secrets);
    if (typeof value === "number" || typeof value === "boolean") return secrets.includes(String(value)) ? SECRET_MASK : value;
    if (Array.isArray(value)) return value.map((item) => displayValue(item, secrets));
    if (typeof value !== "object") return null;
    const record = value as Record<string, unknown>;
    switch (record[WIRE.sigKey]) {
        case WIRE.secretSig:
            return SECRET_MASK;
        case WIRE.resourceSig:
            // A resource passed as a value: the engine's reference (urn, id); the URN says which.
            return typeof record.urn === "string" ? record.urn : UNKNOWN_MASK;
        case WIRE.outputValueSig:
            if (record.secret === true) return SECRET_MASK;
            return "value" in record ? displayValue(record.value, secrets) : UNKNOWN_MASK;
        case WIRE.assetSig:
        case WIRE.archiveSig: {
            const kind = record[WIRE.sigKey] === WIRE.assetSig ? "asset" : "archive";
            const where = typeof record.path === "string" ? record.path : typeof record.uri === "string" ? record.uri : undefined;
            return where === undefined ? `[${kind}]` : `[${kind} ${redactSecrets(where, secrets)}]`;
        }
    }
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(record)) out[key] = displayValue(item, secrets);
    return out;
}

/**
 * A resource's inputs (or the stack's outputs) made readable, keys sorted so that a plan reads the
 * same whatever order a program set them in. Top-level `__` keys are the SDK's machinery (a dynamic
 * resource's serialized provider under `__provider`), not the program's values: the engine leaves
 * them out of what analyzers see too (pkg/resource/plugin/rpc.go lines 99-108, pulumi/pulumi @ 1b5949891b3c).
 */
export function displayProperties(props: Record<string, unknown>, secrets: readonly string[]): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(props).sort()) {
        if (key.startsWith("__")) continue;
        out[key] = displayValue(props[key], secrets);
    }
    return out;
}
