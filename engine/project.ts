/**
 * Reads a Pulumi project the way the Pulumi CLI does: `Pulumi.yaml` (name, main, stackConfigDir,
 * declared config) and the stack's `Pulumi.<stack>.yaml`, resolved into the flat key/value config
 * that the engine hands a program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { UNDECRYPTED_SECRET } from "../components/support/offlineSecret";
import { passphraseDecrypter, type Decrypt } from "./passphraseSecrets";
import { ProgramError } from "./programError";
import { shownPath, shownValue } from "../text/shownValue";

export { ProgramError };

/** `items` of an array declaration (sdk/go/common/workspace/project.go ProjectConfigItemsType). */
export interface ConfigItems {
    readonly type: string;
    readonly items?: ConfigItems;
}

export interface ConfigDeclaration {
    readonly type?: "string" | "integer" | "boolean" | "array" | "object";
    readonly items?: ConfigItems;
    readonly secret?: boolean;
    readonly default?: unknown;
    readonly value?: unknown;
}

export interface PulumiProject {
    readonly dir: string;
    readonly name: string;
    readonly runtime: string;
    /** Absolute path of the program's entry point (file or directory). */
    readonly main: string;
    readonly stackConfigDir: string;
    /** Declared config, keyed by full key (`project:key` or `provider:key`). */
    readonly config: ReadonlyMap<string, ConfigDeclaration>;
}

export interface StackConfig {
    readonly stack: string;
    /** Full key to the string the engine would pass (structured values as JSON). */
    readonly values: Record<string, string>;
    readonly secretKeys: readonly string[];
}

function readYaml(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ProgramError(`${what} not found: ${shownPath(file)}`);
    }
    try {
        return parseYaml(text);
    } catch (err) {
        throw new ProgramError(`${what} is not valid YAML (${shownPath(file)}): ${(err as Error).message.split("\n")[0]}`);
    }
}

/** A plain JSON/YAML object (not an array, not null). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function loadProject(dir: string): PulumiProject {
    const absDir = path.resolve(dir);
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(absDir, f)).find((f) => fs.existsSync(f));
    if (!file) throw new ProgramError(`no Pulumi.yaml in ${shownPath(absDir)}: pass --program with the directory of a Pulumi project`);
    const doc = readYaml(file, "Pulumi.yaml");
    if (!isRecord(doc) || typeof doc.name !== "string" || doc.name.length === 0) {
        throw new ProgramError(`${file}: "name" is required and must be a string`);
    }
    const runtime = typeof doc.runtime === "string" ? doc.runtime : isRecord(doc.runtime) ? String(doc.runtime.name) : "";
    if (runtime !== "nodejs") {
        throw new ProgramError(`${file}: runtime is ${JSON.stringify(runtime)}; oic-dr evaluates nodejs programs only`);
    }
    const main = path.resolve(absDir, typeof doc.main === "string" ? doc.main : ".");
    const stackConfigDir = path.resolve(absDir, typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : ".");
    return { dir: absDir, name: doc.name, runtime, main, stackConfigDir, config: readDeclarations(doc.name, doc.config, file) };
}

/**
 * The project's `config` block as the CLI reads it (pulumi/pulumi @ 1b5949891b3c,
 * sdk/go/common/workspace/project.go): shorthand values (486-516) and the checks of
 * Project.Validate (837-889), which the CLI runs on loading Pulumi.yaml.
 */
function readDeclarations(project: string, raw: unknown, file: string): Map<string, ConfigDeclaration> {
    const declarations = new Map<string, ConfigDeclaration>();
    if (raw === undefined || raw === null) return declarations;
    if (!isRecord(raw)) throw new ProgramError(`${file}: "config" must be a map of config keys`);
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(raw)) {
        // project.go:833-835: a key without namespace, or with the project's, is the project's own.
        const ownKey = !key.includes(":") || key.startsWith(`${project}:`);
        // project.go:498-511: a bare value is a default (project keys) or a value (any other namespace).
        // Anything else (a map, or nothing) is read as the declaration itself.
        const decl: ConfigDeclaration = isRecord(entry) || entry === null ? ((entry ?? {}) as ConfigDeclaration) : ownKey ? { default: entry } : { value: entry };
        declarations.set(projectConfigKey(project, key), decl);
        if (decl.default != null && decl.value != null) {
            problems.push(`config '${key}' cannot have both a 'default' and 'value' attribute`);
        } else if (ownKey) {
            if (decl.type === "array" && decl.items === undefined) {
                problems.push(`config '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
            } else if (decl.type !== undefined && decl.default != null && !matchesType(decl.type, decl.items, decl.default)) {
                problems.push(`the default of config '${key}' is not of the expected type '${fullTypeName(decl.type, decl.items)}'`);
            }
        } else if (decl.type !== undefined) {
            problems.push(`config '${key}' is not namespaced by the project and should not define a type`);
        } else if (decl.default != null) {
            problems.push(`config '${key}' is not namespaced by the project and should not define a default (use 'value')`);
        } else if (decl.value == null) {
            problems.push(`config '${key}' is namespaced and must provide an attribute 'value'`);
        }
    }
    if (problems.length > 0) throw new ProgramError(`${file} is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return declarations;
}

/** Stack names that have a `Pulumi.<stack>.yaml` in the project's stackConfigDir. */
export function listStacks(project: PulumiProject): string[] {
    if (!fs.existsSync(project.stackConfigDir)) return [];
    return fs
        .readdirSync(project.stackConfigDir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Picks the stack: the one named, or the only one there is. */
export function chooseStack(project: PulumiProject, requested: string | undefined): string {
    const stacks = listStacks(project);
    if (requested) {
        if (!stacks.includes(requested)) {
            throw new ProgramError(
                `no stack config for "${requested}" in ${project.stackConfigDir}; stacks: ${stacks.join(", ") || "none"}`,
            );
        }
        return requested;
    }
    if (stacks.length === 1) return stacks[0]!;
    throw new ProgramError(
        stacks.length === 0
            ? `no Pulumi.<stack>.yaml in ${project.stackConfigDir}`
            : `several stacks in ${project.stackConfigDir} (${stacks.join(", ")}): choose one with --stack`,
    );
}

/*
 * Stack config, by the rules of the Pulumi CLI (pulumi/pulumi @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8;
 * `pkg/workspace/config.go` mergeConfig and validateStackConfigValues). One difference, stated:
 * a `secure:` value oic-dr cannot decrypt (no passphrase, or another secrets provider) stays an
 * opaque secret, and whatever needs its plaintext (a declared type, a format) is not checked.
 */

/** A stack file's `config` keys are `<namespace>:<name>` (or the old `<namespace>:config:<name>`). */
function parseStackKey(key: string): string | undefined {
    // sdk/go/common/resource/config/key.go:45-70 (ParseKey).
    const parts = key.split(":");
    if (parts.length === 2) return key;
    if (parts.length === 3 && parts[1] === "config") return `${parts[0]}:${parts[2]}`;
    return undefined;
}

/** A project config key's full name: un-namespaced keys belong to the project (config.go:159-168). */
const projectConfigKey = (project: string, key: string): string => (key.includes(":") ? key : `${project}:${key}`);

const isSecure = (v: unknown): v is { secure: string } => isRecord(v) && Object.keys(v).length === 1 && typeof v.secure === "string";

/**
 * The value as the engine hands it to the program, with whether a secret is inside. Primitives
 * are their text, anything else JSON (sdk/go/common/resource/config/object.go:403-419
 * MarshalString); a value with a `secure:` leaf anywhere is secret (object.go:51-72).
 */
function engineValue(raw: unknown, key: string, decrypt: Decrypt): { text: string; secret: boolean; opaque: boolean; object: boolean } {
    let secret = false;
    let opaque = false;
    const reveal = (v: unknown): unknown => {
        if (isSecure(v)) {
            secret = true;
            const plain = decrypt(v.secure, key);
            if (plain === undefined) opaque = true;
            return plain ?? UNDECRYPTED_SECRET;
        }
        if (Array.isArray(v)) return v.map(reveal);
        if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, reveal(item)]));
        return v;
    };
    const value = reveal(raw);
    // A YAML null is Go's nil: marshalled as JSON, an object (object.go:412-417).
    const object = (isRecord(raw) && !isSecure(raw)) || Array.isArray(raw) || raw === null;
    return { text: typeof value === "string" ? value : JSON.stringify(value), secret, opaque, object };
}

/** A default written into the stack as the CLI writes it (config.go:179-193 createConfigValue): plain text. */
const defaultText = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** strconv.Atoi: an optional sign and decimal digits, within 64 bits. */
function isGoInteger(text: string): boolean {
    if (!/^[+-]?\d+$/.test(text)) return false;
    const n = BigInt(text);
    return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** sdk/go/common/workspace/project.go:771-832 (ValidateConfigValue). */
function matchesType(type: string, items: ConfigItems | undefined, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && isGoInteger(value));
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return isRecord(value);
        default:
            return Array.isArray(value) && items !== undefined && value.every((item) => matchesType(items.type, items.items, item));
    }
}

/** project.go:760-766 (InferFullTypeName). */
const fullTypeName = (type: string, items: ConfigItems | undefined): string => (items ? `array<${fullTypeName(items.type, items.items)}>` : type);

const invalidConfig = (stack: string, problems: readonly string[]) =>
    new ProgramError(`stack "${stack}" config is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);

/**
 * The config the engine would pass for `stack`: the stack file's values (decrypted when the
 * passphrase secrets provider can, see {@link passphraseDecrypter}), the project's defaults and
 * values for keys the stack does not set, checked against the declarations as `pulumi up` checks
 * them. Every problem is listed at once.
 */
export function loadStackConfig(project: PulumiProject, stack: string, env: NodeJS.ProcessEnv = process.env): StackConfig {
    const yamlFile = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
    const file = fs.existsSync(yamlFile) ? yamlFile : yamlFile.replace(/\.yaml$/, ".yml");
    const doc = readYaml(file, `stack config for "${stack}"`);
    const raw = isRecord(doc) && doc.config !== undefined && doc.config !== null ? doc.config : {};
    if (!isRecord(raw)) throw new ProgramError(`${file}: "config" must be a map`);
    const salt = isRecord(doc) && typeof doc.encryptionsalt === "string" ? doc.encryptionsalt : undefined;
    const decrypt = passphraseDecrypter(salt, env, path.basename(file));

    const problems: string[] = [];
    const values: Record<string, string> = {};
    const stackKeys = new Set<string>();
    // Keys the stack file sets with a `secure:` value somewhere inside (the only secret keys: a default never is).
    const secretKeys = new Set<string>();
    const opaqueKeys = new Set<string>();
    const objectKeys = new Set<string>();
    for (const [rawKey, rawValue] of Object.entries(raw)) {
        const key = parseStackKey(rawKey);
        if (!key) {
            problems.push(`"${rawKey}" is not a config key; stack config keys are <namespace>:<name>, e.g. ${project.name}:${rawKey}`);
            continue;
        }
        stackKeys.add(key);
        const value = engineValue(rawValue, key, decrypt);
        values[key] = value.text;
        if (value.secret) secretKeys.add(key);
        if (value.opaque) opaqueKeys.add(key);
        if (value.object) objectKeys.add(key);
    }
    // The CLI cannot even read a stack file with a malformed key: nothing else is worth checking.
    if (problems.length > 0) throw invalidConfig(stack, problems);

    // config.go:295-349: declared keys the stack does not set take the project's `default` (over
    // `value`, 330-335), written in plain text; a project key with neither is missing (319-325).
    const missing: string[] = [];
    for (const declaredKey of [...project.config.keys()].sort()) {
        const decl = project.config.get(declaredKey)!;
        if (Object.hasOwn(values, declaredKey)) continue;
        // YAML's null is Go's nil: no default, no value (config.go:316-317).
        const fallback = decl.default ?? decl.value;
        if (fallback != null) {
            values[declaredKey] = defaultText(fallback);
            if (isRecord(fallback) || Array.isArray(fallback)) objectKeys.add(declaredKey);
        } else if (declaredKey.startsWith(`${project.name}:`)) {
            missing.push(declaredKey);
        }
    }
    // config.go:351-355: missing keys are reported before anything else is checked.
    if (missing.length > 0) {
        throw new ProgramError(
            `stack "${stack}" is missing configuration:\n` +
                missing
                    .map((k) => `  - ${k} is required by Pulumi.yaml but not set in ${path.basename(file)} (declared without a default; pulumi config set ${k.split(":")[1]} <value>)`)
                    .join("\n"),
        );
    }

    // config.go:88-114 and 119-157: only explicitly typed declarations are checked (101).
    for (const [declaredKey, decl] of project.config) {
        if (decl.type === undefined || !Object.hasOwn(values, declaredKey)) continue;
        // config.go:128-134: a secret key must be `secure:`, whatever its value; a default is never.
        if (decl.secret && !secretKeys.has(declaredKey)) {
            const fromDefault = !stackKeys.has(declaredKey) && decl.default != null;
            problems.push(
                `${declaredKey} is declared secret but is stored in plain text` +
                    (fromDefault ? " (a declared default is written in plain text, so a secret key cannot have one)" : "") +
                    `; set it with \`pulumi config set --secret ${declaredKey.split(":")[1]} <value>\``,
            );
            continue;
        }
        // The plaintext of an opaque secret is unknown: its type cannot be checked here.
        if (opaqueKeys.has(declaredKey)) continue;
        // config.go:136-143: objects are checked as parsed JSON, everything else as its text.
        const content: unknown = objectKeys.has(declaredKey) ? JSON.parse(values[declaredKey]!) : values[declaredKey];
        if (!matchesType(decl.type, decl.items, content)) {
            const shown = secretKeys.has(declaredKey) ? "a secret value" : shownValue(content);
            problems.push(`${declaredKey} must be ${fullTypeName(decl.type, decl.items)}, got ${shown}`);
        }
    }
    if (problems.length > 0) throw invalidConfig(stack, problems);
    return { stack, values, secretKeys: [...secretKeys].sort() };
}
