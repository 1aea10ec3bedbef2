/**
 * The arguments' words live once, in the TSDoc of the args interfaces (components/ and its folders). This
 * script renders everything else that describes them from there:
 * - docs/components.md, each component's arguments: name, type, required, default, doc;
 * - docs/stack-config.md, the example's stack config keys;
 * - components/specConfigDescriptions.ts, the config keys' descriptions as data (SPEC_CONFIG_KEYS
 *   reads them at runtime, where TSDoc no longer exists);
 * - the `config` descriptions of the example's Pulumi.yaml;
 * - the README's "What Oracle-managed DR allows" table, between its markers, from the registry of
 *   enforced facts (facts/catalogue.ts), each row with its sources.
 * The multi-language schema needs nothing generated: Pulumi's analyzer reads the same TSDoc from
 * the interfaces provider/index.ts imports (analyzer.ts analyzeSymbol, `valueDeclaration.jsDoc`).
 *
 * The interfaces are read as syntax (no type checker): the type column is the type as written, and
 * a program over @pulumi/oci's declarations would take seconds to build for nothing. Defaults come
 * from the zod schemas, which apply them, not from the words.
 *
 * `npm run docs` writes the files; test/generatedDocs.test.ts fails when one is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { drAlarmsArgsSchema } from "../components/drAlarms/schema";
import { fullStackDrArgsSchema } from "../components/fullStackDr/schema";
import { drPairedIntegrationArgsSchema } from "../components/drPairedIntegration/schema";
import { emailDeliveryArgsSchema } from "../components/emailDelivery/schema";
import { identityDomainReplicationArgsSchema } from "../components/identityDomainReplication/schema";
import { tagPoliciesArgsSchema } from "../components/tagPolicies/schema";
import { agentGroupArgsSchema } from "../components/agentGroup/schema";
import { AGENT_CONFIG_KEYS, SPEC_CONFIG_KEYS, type ConfigKey } from "../components/stackConfig";
import { ENFORCED_FACTS, type EnforcedFact } from "../facts/catalogue";
import type { FactSource } from "../facts/factSource";

export const REPO_ROOT = path.resolve(__dirname, "..");

/** One property of an args interface, as written. */
interface Member {
    readonly name: string;
    readonly type: string;
    readonly optional: boolean;
    readonly doc: string;
}

interface InterfaceDoc {
    readonly name: string;
    readonly doc: string;
    readonly extends: readonly string[];
    readonly members: readonly Member[];
}

/** The components of the reference, in the order of the README: the args interface and the schema that validates it. */
const COMPONENTS: readonly { readonly name: string; readonly args: string; readonly schema?: z.ZodType }[] = [
    { name: "DrPairedIntegration", args: "DrPairedIntegrationArgs", schema: drPairedIntegrationArgsSchema },
    { name: "EmailDelivery", args: "EmailDeliveryArgs", schema: emailDeliveryArgsSchema },
    { name: "DrAlarms", args: "DrAlarmsArgs", schema: drAlarmsArgsSchema },
    { name: "FullStackDr", args: "FullStackDrArgs", schema: fullStackDrArgsSchema },
    { name: "TagPolicies", args: "TagPoliciesArgs", schema: tagPoliciesArgsSchema },
    { name: "IdentityDomainReplication", args: "IdentityDomainReplicationArgs", schema: identityDomainReplicationArgsSchema },
    { name: "ConnectivityAgentGroup", args: "ConnectivityAgentGroupArgs", schema: agentGroupArgsSchema },
    // Validated by its dynamic provider's `check`, without zod: no schema to read defaults from.
    { name: "RegionSubscription", args: "RegionSubscriptionArgs" },
];

/** The text of a node's JSDoc, on one line (tags dropped: the words are the comment). */
function docOf(node: ts.Node): string {
    const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
    return docs
        .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "")
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
}

/** Every exported interface of components/ (its folders included), by name. */
export function readInterfaces(root = REPO_ROOT): Map<string, InterfaceDoc> {
    const dir = path.join(root, "components");
    const found = new Map<string, InterfaceDoc>();
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).sort();
    for (const file of files) {
        const source = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.ES2022, true);
        for (const statement of source.statements) {
            if (!ts.isInterfaceDeclaration(statement)) continue;
            const members = statement.members.filter(ts.isPropertySignature).map((member) => ({
                name: member.name.getText(source),
                type: member.type ? member.type.getText(source).replace(/\s+/g, " ") : "any",
                optional: member.questionToken !== undefined,
                doc: docOf(member),
            }));
            const bases = (statement.heritageClauses ?? []).flatMap((clause) => clause.types.map((t) => t.expression.getText(source)));
            found.set(statement.name.text, { name: statement.name.text, doc: docOf(statement), extends: bases, members });
        }
    }
    return found;
}

/** An interface's properties with the inherited ones, its own first (as a reader looks for them). */
function membersOf(name: string, interfaces: ReadonlyMap<string, InterfaceDoc>): Member[] {
    const declared = interfaces.get(name);
    if (!declared) throw new Error(`interface ${name} not found in components/`);
    const inherited = declared.extends.flatMap((base) => membersOf(base, interfaces));
    const own = new Set(declared.members.map((m) => m.name));
    return [...declared.members, ...inherited.filter((m) => !own.has(m.name))];
}

/** The interfaces of components/ a type names, in order. */
function referencedInterfaces(type: string, interfaces: ReadonlyMap<string, InterfaceDoc>): string[] {
    return (type.match(/[A-Za-z_]\w*/g) ?? []).filter((word) => interfaces.has(word));
}

type ZodDef = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; element?: z.ZodType; defaultValue?: unknown };
const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** The default zod applies to a field, if any (looking through optional, pipes and transforms). */
function zodDefault(schema: z.ZodType | undefined): { readonly value: unknown } | undefined {
    for (let current = schema; current; ) {
        const def = defOf(current);
        if (def.type === "default" || def.type === "prefault") return { value: def.defaultValue };
        current = def.type === "optional" || def.type === "nullable" ? def.innerType : def.type === "pipe" ? (defOf(def.in!).type === "transform" ? def.out : def.in) : undefined;
    }
    return undefined;
}

/** The object schema inside a field's schema (for nested interfaces), or the element's of an array. */
function zodObject(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
    for (let current = schema; current; ) {
        const def = defOf(current);
        if (def.type === "object") return def.shape;
        current =
            def.type === "optional" || def.type === "default" || def.type === "prefault" || def.type === "nullable"
                ? def.innerType
                : def.type === "pipe"
                  ? (defOf(def.in!).type === "transform" ? def.out : def.in)
                  : def.type === "array"
                    ? def.element
                    : undefined;
    }
    return undefined;
}

function renderDefault(found: { readonly value: unknown } | undefined): string {
    if (!found) return "";
    const { value } = found;
    if (Array.isArray(value) && value.length === 0) return "`[]`";
    // An object default is its fields' defaults, shown on the fields.
    if (typeof value === "object" && value !== null) return "its fields' defaults";
    return `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");
const anchor = (name: string) => name.toLowerCase();

/** The type as written, with the interfaces it names linked to their section. */
function renderType(type: string, interfaces: ReadonlyMap<string, InterfaceDoc>): string {
    const linked = referencedInterfaces(type, interfaces);
    const code = `\`${cell(type)}\``;
    return linked.length === 0 ? code : `${code} (${linked.map((name) => `[${name}](#${anchor(name)})`).join(", ")})`;
}

function argumentTable(name: string, shape: Record<string, z.ZodType> | undefined, interfaces: ReadonlyMap<string, InterfaceDoc>): string[] {
    const declared = interfaces.get(name)!;
    // A property without words of its own is described by its type's interface.
    const wordsOf = (m: Member) => m.doc || referencedInterfaces(m.type, interfaces).map((ref) => interfaces.get(ref)!.doc)[0] || "";
    const rows = membersOf(name, interfaces).map(
        (m) => `| \`${m.name}\` | ${renderType(m.type, interfaces)} | ${m.optional ? "" : "yes"} | ${renderDefault(zodDefault(shape?.[m.name]))} | ${cell(wordsOf(m))} |`,
    );
    return [
        ...(declared.doc ? [declared.doc, ""] : []),
        "| argument | type | required | default | description |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
    ];
}

const GENERATED_NOTE = "<!-- Generated by scripts/generateDocs.ts from the TSDoc of the args interfaces in components/: edit those and run `npm run docs`. -->";

export function renderComponentsReference(interfaces = readInterfaces()): string {
    const lines = [
        GENERATED_NOTE,
        "",
        "# Components reference",
        "",
        "Each component's arguments, as its args interface declares them (the TypeScript names; other",
        "languages get the same arguments, but `providers`, from the plugin's schema). Defaults are the",
        "ones validation applies.",
        "",
    ];
    const nested: { readonly name: string; readonly shape: Record<string, z.ZodType> | undefined }[] = [];
    const seen = new Set<string>();
    const visit = (name: string, shape: Record<string, z.ZodType> | undefined) => {
        for (const m of membersOf(name, interfaces)) {
            for (const ref of referencedInterfaces(m.type, interfaces)) {
                if (seen.has(ref)) continue;
                seen.add(ref);
                const inner = zodObject(shape?.[m.name]);
                nested.push({ name: ref, shape: inner });
                visit(ref, inner);
            }
        }
    };
    for (const component of COMPONENTS) {
        const shape = component.schema ? zodObject(component.schema) : undefined;
        lines.push(`## ${component.name}`, "", ...argumentTable(component.args, shape, interfaces), "");
        visit(component.args, shape);
    }
    lines.push("## Argument types", "");
    for (const { name, shape } of nested) lines.push(`### ${name}`, "", ...argumentTable(name, shape, interfaces), "");
    return `${lines.join("\n").trimEnd()}\n`;
}

/** The first sentence of a doc: a config key's description is short. */
function firstSentence(doc: string): string {
    const end = doc.search(/\.(\s|$)/);
    return end < 0 ? doc : doc.slice(0, end + 1);
}

/**
 * A config key's description from the argument of the same name: its first sentence (or its
 * interface's, when the property has none), the fields of an object, and the default validation
 * applies.
 */
export function renderConfigDescriptions(interfaces = readInterfaces()): Record<string, string> {
    const shape = zodObject(drPairedIntegrationArgsSchema)!;
    const members = new Map(membersOf("DrPairedIntegrationArgs", interfaces).map((m) => [m.name, m]));
    const descriptions: Record<string, string> = {};
    for (const { key, secret } of SPEC_CONFIG_KEYS) {
        const member = members.get(key);
        if (!member) throw new Error(`config key ${key} is not an argument of DrPairedIntegrationArgs`);
        const [nested] = referencedInterfaces(member.type, interfaces);
        const words = firstSentence(member.doc || (nested ? interfaces.get(nested)!.doc : ""));
        const fields = nested ? ` Fields: ${membersOf(nested, interfaces).map((m) => m.name).join(", ")}.` : "";
        const found = zodDefault(shape[key]);
        // The default, unless the words say it already.
        const stated = /\bdefault\b/i.test(words);
        const defaultText = found && !stated && (typeof found.value !== "object" || found.value === null) ? ` Default ${JSON.stringify(found.value)}.` : "";
        descriptions[key] = `${words}${fields}${defaultText}${secret ? " Set it with --secret." : ""}`;
    }
    return descriptions;
}

export function renderConfigDescriptionsModule(descriptions = renderConfigDescriptions()): string {
    return [
        "// Generated by scripts/generateDocs.ts from the TSDoc of PortableDrPairedIntegrationArgs: edit",
        "// the interface's words and run `npm run docs`.",
        "export const SPEC_CONFIG_DESCRIPTIONS = {",
        ...Object.entries(descriptions).map(([key, text]) => `    ${key}: ${JSON.stringify(text)},`),
        "} as const;",
        "",
    ].join("\n");
}

/** Pulumi.yaml with its `config` section rendered from the keys (comments and the rest kept). */
export function renderPulumiYaml(current: string, keys: readonly ConfigKey[] = [...SPEC_CONFIG_KEYS, ...AGENT_CONFIG_KEYS]): string {
    const doc = parseDocument(current);
    const declared = keys.filter((k) => !k.secret).map((k) => [k.key, { type: k.type, description: k.description, ...(k.default !== undefined ? { default: k.default } : {}) }]);
    doc.set("config", doc.createNode(Object.fromEntries(declared), { aliasDuplicateObjects: false }));
    return doc.toString({ lineWidth: 0 });
}

export function renderStackConfig(keys: readonly ConfigKey[] = [...SPEC_CONFIG_KEYS, ...AGENT_CONFIG_KEYS], interfaces = readInterfaces()): string {
    const members = new Map(membersOf("DrPairedIntegrationArgs", interfaces).map((m) => [m.name, m]));
    const rows = keys.map((k) => {
        const required = members.get(k.key)?.optional === false && k.default === undefined ? "yes" : "";
        const declared = k.secret ? "secret, not declared" : `\`${JSON.stringify(k.default ?? null) === "null" ? "" : JSON.stringify(k.default)}\``;
        return `| \`${k.key}\` | ${k.type} | ${required} | ${k.secret ? declared : k.default === undefined ? "" : declared} | ${cell(k.description)} |`;
    });
    return [
        "<!-- Generated by scripts/generateDocs.ts from components/stackConfig.ts and the TSDoc of DrPairedIntegrationArgs: run `npm run docs`. -->",
        "",
        "# Stack configuration",
        "",
        "The example program (`stacks/index.ts`) reads one config key per top-level argument of",
        "[DrPairedIntegration](components.md#drpairedintegration), and `connectivityAgents` for the",
        "optional agent group. `Pulumi.yaml` declares every key but the secrets, each optional one with a",
        'default that means "not set" (`""`, `{}`, or -1 for an integer that is never negative); set the',
        "secrets with `pulumi config set --secret`.",
        "",
        "| key | type | required | declared default | description |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
}

/** Where the README's facts table starts and ends; what lies between is generated. */
export const FACTS_TABLE_MARKERS = {
    begin: "<!-- facts: generated by scripts/generateDocs.ts from facts/catalogue.ts; edit the facts and run `npm run docs` -->",
    end: "<!-- /facts -->",
} as const;

/** A source in a cell: its section (or title) linked, and its revision or the day it was read. */
const sourceCell = (source: FactSource) =>
    `[${source.section ?? source.title}](${source.url}) (${source.revision ?? `read ${source.read}`}${source.seed === undefined ? "" : `, seed ${source.seed.split(" ")[0]}`})`;

/** The README's "What Oracle-managed DR allows" table: the registry's facts that have a README row. */
export function renderFactsTable(facts: readonly EnforcedFact[] = ENFORCED_FACTS): string {
    const rows = facts
        .filter((fact) => fact.readmeRow !== undefined)
        .map((fact) => `| ${fact.readmeRow} | ${cell(fact.shown)} | ${fact.sources.map(sourceCell).map(cell).join("; ")} |`);
    return ["| | | source |", "| --- | --- | --- |", ...rows].join("\n");
}

/** README.md with the text between the facts markers rendered from the registry (the rest kept). */
export function renderReadme(current: string, facts: readonly EnforcedFact[] = ENFORCED_FACTS): string {
    const { begin, end } = FACTS_TABLE_MARKERS;
    const from = current.indexOf(begin);
    const to = current.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${begin} ... ${end} markers`);
    return `${current.slice(0, from + begin.length)}\n${renderFactsTable(facts)}\n${current.slice(to)}`;
}

/** Every generated file, by path relative to the repository root, as it should read now. */
export function generatedFiles(root = REPO_ROOT): Map<string, string> {
    const interfaces = readInterfaces(root);
    const descriptions = renderConfigDescriptions(interfaces);
    // The descriptions as just rendered, not as the (possibly stale) generated module holds them.
    const keys = [...SPEC_CONFIG_KEYS.map((k) => ({ ...k, description: descriptions[k.key]! })), ...AGENT_CONFIG_KEYS];
    return new Map([
        ["docs/components.md", renderComponentsReference(interfaces)],
        ["docs/stack-config.md", renderStackConfig(keys, interfaces)],
        ["components/specConfigDescriptions.ts", renderConfigDescriptionsModule(descriptions)],
        ["Pulumi.yaml", renderPulumiYaml(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"), keys)],
        ["README.md", renderReadme(fs.readFileSync(path.join(root, "README.md"), "utf8"))],
    ]);
}

if (require.main === module) {
    for (const [file, text] of generatedFiles()) {
        const target = path.join(REPO_ROOT, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
        console.log(`wrote ${file}`);
    }
}
