/**
 * The TypeScript examples of the README and of docs/*.md, as they mark them. Each ```ts block is
 * preceded by a comment that says what it is, so that every one of them can be compiled and the
 * programs run:
 *
 *     <!-- example: orders -->                          a whole program
 *     <!-- example: agents, after orders -->            a program that continues another one
 *     <!-- example: egress, fragment of SomeArgs -->    members of an object literal of that type
 *     <!-- example: unit-test, vitest -->               a test file of the user's, beside the program
 *     <!-- example: guard, policy pack -->              (```js) the entry of a user's policy pack
 *     <!-- example: waivers, policy config -->          (```json) a --policy-pack-config file
 *
 * Every ```ts block must be marked; a ```js or ```json block is an example when it is marked. The
 * files are read as one: the README first, then docs/ by name, so an example of docs/ may continue
 * a program of the README, and a name is used once across them all.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** A Markdown file of the documentation: its path relative to the repository root, and its text. */
export interface DocumentationFile {
    readonly file: string;
    readonly markdown: string;
}

/** README.md, then every docs/*.md by name: the documentation whose code blocks are tested. */
export function documentationFiles(root: string): DocumentationFile[] {
    const docs = fs.existsSync(path.join(root, "docs")) ? fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`) : [];
    return ["README.md", ...docs].map((file) => ({ file, markdown: fs.readFileSync(path.join(root, file), "utf8") }));
}

export interface ReadmeExample {
    readonly name: string;
    /** The file it is written in, relative to the repository root. */
    readonly file: string;
    /** 1-based line of the opening fence, for messages. */
    readonly line: number;
    readonly kind: "program" | "fragment" | "vitest" | "policy pack" | "policy config";
    /** The TypeScript source to compile (a fragment wrapped into a declaration of its type). */
    readonly source: string;
}

const MARKER = /^<!-- example: ([\w-]+)(?:, (after [\w-]+|fragment of \w+|vitest|policy pack|policy config))? -->$/;
const FENCES: Record<string, string[]> = { "```ts": ["", "after", "fragment", "vitest"], "```js": ["policy pack"], "```json": ["policy config"] };

/** The kinds of example written in TypeScript. */
export const TYPESCRIPT_KINDS: ReadonlySet<ReadmeExample["kind"]> = new Set(["program", "fragment", "vitest"]);

/** Every marked block of `files`; throws naming the file and line of a ```ts block without a valid marker. */
export function readmeExamples(files: readonly DocumentationFile[]): ReadmeExample[] {
    const examples = new Map<string, ReadmeExample>();
    for (const { file, markdown } of files) examplesOf(file, markdown, examples);
    return [...examples.values()];
}

function examplesOf(file: string, markdown: string, examples: Map<string, ReadmeExample>): void {
    const lines = markdown.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const fence = lines[i]!;
        if (!(fence in FENCES)) continue;
        const end = lines.indexOf("```", i + 1);
        if (end < 0) throw new Error(`${file}:${i + 1}: unclosed ${fence} block`);
        const body = lines.slice(i + 1, end).join("\n") + "\n";
        const marker = MARKER.exec(lines[i - 1] ?? "");
        if (!marker && fence !== "```ts") {
            i = end;
            continue;
        }
        if (!marker) throw new Error(`${file}:${i + 1}: a \`\`\`ts block without an "<!-- example: name[, after x | fragment of Type | vitest] -->" line above it`);
        const [, name, how = ""] = marker as unknown as [string, string, string | undefined];
        const form = how.startsWith("after ") ? "after" : how.startsWith("fragment of ") ? "fragment" : how;
        if (!FENCES[fence]!.includes(form)) {
            throw new Error(`${file}:${i + 1}: "${how}" does not fit a ${fence} block`);
        }
        if (examples.has(name)) throw new Error(`${file}:${i + 1}: a second example named ${name}`);
        let example: ReadmeExample;
        if (how.startsWith("after ")) {
            const previous = examples.get(how.slice("after ".length));
            if (!previous || previous.kind !== "program") throw new Error(`${file}:${i + 1}: ${name} continues ${how.slice(6)}, which is no program above it (in this file or an earlier one)`);
            example = { name, file, line: i + 1, kind: "program", source: `${previous.source}\n${body}` };
        } else if (how.startsWith("fragment of ")) {
            const type = how.slice("fragment of ".length);
            example = { name, file, line: i + 1, kind: "fragment", source: `import type { ${type} } from "oic-dr";\n\nexport const fragment: Partial<${type}> = {\n${body}};\n` };
        } else if (how === "policy pack" || how === "policy config" || how === "vitest") {
            example = { name, file, line: i + 1, kind: how, source: body };
        } else {
            example = { name, file, line: i + 1, kind: "program", source: body };
        }
        examples.set(name, example);
        i = end;
    }
}
