/**
 * Reads a Pulumi project the way the Pulumi CLI does: `Pulumi.yaml` (name, main, stackConfigDir,
 * declared config) and the stack's `Pulumi.<stack>.yaml`, resolved into the flat key/value config
 * that the engine hands a program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

/** Anything that stops a program from being evaluated: the CLI prints the message and exits 2. */
export class ProgramError extends Error {
    override name = "ProgramError";
}

export interface ConfigDeclaration {
    readonly type?: "string" | "integer" | "boolean" | "array" | "object";
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

/** What a secret looks like to the program offline: the real value is never decrypted. */
export const OFFLINE_SECRET_PLACEHOLDER = "[secret]";

function readYaml(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ProgramError(`${what} not found: ${file}`);
    }
    try {
        return parseYaml(text);
    } catch (err) {
        throw new ProgramError(`${what} is not valid YAML (${file}): ${(err as Error).message.split("\n")[0]}`);
    }
}

/** A plain JSON/YAML object (not an array, not null). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function loadProject(dir: string): PulumiProject {
    const absDir = path.resolve(dir);
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(absDir, f)).find((f) => fs.existsSync(f));
    if (!file) throw new ProgramError(`no Pulumi.yaml in ${absDir}: pass --program with the directory of a Pulumi project`);
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

function readDeclarations(project: string, raw: unknown, file: string): Map<string, ConfigDeclaration> {
    const declarations = new Map<string, ConfigDeclaration>();
    if (raw === undefined || raw === null) return declarations;
    if (!isRecord(raw)) throw new ProgramError(`${file}: "config" must be a map of config keys`);
    for (const [key, decl] of Object.entries(raw)) {
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        // A bare value is shorthand for a default (project keys) or a value (provider keys).
        declarations.set(fullKey, isRecord(decl) ? (decl as ConfigDeclaration) : { default: decl });
    }
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

const isSecure = (v: unknown): boolean => isRecord(v) && Object.keys(v).length === 1 && typeof v.secure === "string";

/** Replaces every `{secure: ...}` leaf with the placeholder; reports whether there was one. */
function stripSecure(value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) return { value: OFFLINE_SECRET_PLACEHOLDER, secret: true };
    if (Array.isArray(value)) {
        const items = value.map(stripSecure);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (isRecord(value)) {
        const entries = Object.entries(value).map(([k, v]) => [k, stripSecure(v)] as const);
        return {
            value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
            secret: entries.some(([, v]) => v.secret),
        };
    }
    return { value, secret: false };
}

const asConfigString = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

function typeMismatch(decl: ConfigDeclaration, value: unknown): boolean {
    switch (decl.type) {
        case "string":
            return typeof value !== "string";
        case "integer":
            return !Number.isInteger(typeof value === "string" && value.trim() !== "" ? Number(value) : value);
        case "boolean":
            return !(typeof value === "boolean" || value === "true" || value === "false");
        case "array":
            return !Array.isArray(value);
        case "object":
            return !isRecord(value);
        default:
            return false;
    }
}

/**
 * The config the engine would pass for `stack`: stack values over project defaults, checked
 * against the declarations (type, required, secret) as `pulumi preview` checks them.
 */
export function loadStackConfig(project: PulumiProject, stack: string): StackConfig {
    const file = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
    const doc = readYaml(fs.existsSync(file) ? file : file.replace(/\.yaml$/, ".yml"), `stack config for "${stack}"`);
    const raw = isRecord(doc) && doc.config !== undefined && doc.config !== null ? doc.config : {};
    if (!isRecord(raw)) throw new ProgramError(`${file}: "config" must be a map`);

    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    const problems: string[] = [];
    for (const [key, rawValue] of Object.entries(raw)) {
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        const { value, secret } = stripSecure(rawValue);
        const decl = project.config.get(fullKey);
        if (decl?.secret && !secret) {
            problems.push(`${fullKey} is declared secret but is stored in plain text; set it with \`pulumi config set --secret\``);
            continue;
        }
        if (decl && !secret && typeMismatch(decl, value)) {
            problems.push(`${fullKey} must be ${decl.type}, got ${JSON.stringify(value)}`);
            continue;
        }
        values[fullKey] = asConfigString(value);
        if (secret) secretKeys.push(fullKey);
    }
    for (const [fullKey, decl] of project.config) {
        if (fullKey in values) continue;
        const fallback = fullKey.startsWith(`${project.name}:`) ? decl.default : (decl.value ?? decl.default);
        if (fallback !== undefined) {
            values[fullKey] = asConfigString(fallback);
            if (decl.secret) secretKeys.push(fullKey);
        } else if (fullKey.startsWith(`${project.name}:`)) {
            problems.push(`${fullKey} is required by Pulumi.yaml but not set in ${path.basename(file)}`);
        }
    }
    if (problems.length > 0) {
        throw new ProgramError(`stack "${stack}" config is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return { stack, values, secretKeys };
}
