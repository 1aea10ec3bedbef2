/**
 * The README's TypeScript examples, as the README marks them. Each ```ts block is preceded by a
 * comment that says what it is, so that every one of them can be compiled and the programs run:
 *
 *     <!-- example: orders -->                          a whole program
 *     <!-- example: agents, after orders -->            a program that continues another one
 *     <!-- example: egress, fragment of SomeArgs -->    members of an object literal of that type
 *     <!-- example: unit-test, vitest -->               a test file of the user's, beside the program
 *     <!-- example: guard, policy pack -->              (```js) the entry of a user's policy pack
 *     <!-- example: waivers, policy config -->          (```json) a --policy-pack-config file
 *
 * Every ```ts block must be marked; a ```js or ```json block is an example when it is marked.
 */
export interface ReadmeExample {
    readonly name: string;
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

/** Every marked block of `markdown`; throws naming the line of a ```ts block without a valid marker. */
export function readmeExamples(markdown: string): ReadmeExample[] {
    const lines = markdown.split("\n");
    const examples = new Map<string, ReadmeExample>();
    for (let i = 0; i < lines.length; i++) {
        const fence = lines[i]!;
        if (!(fence in FENCES)) continue;
        const end = lines.indexOf("```", i + 1);
        if (end < 0) throw new Error(`README.md:${i + 1}: unclosed ${fence} block`);
        const body = lines.slice(i + 1, end).join("\n") + "\n";
        const marker = MARKER.exec(lines[i - 1] ?? "");
        if (!marker && fence !== "```ts") {
            i = end;
            continue;
        }
        if (!marker) throw new Error(`README.md:${i + 1}: a \`\`\`ts block without an "<!-- example: name[, after x | fragment of Type | vitest] -->" line above it`);
        const [, name, how = ""] = marker as unknown as [string, string, string | undefined];
        const form = how.startsWith("after ") ? "after" : how.startsWith("fragment of ") ? "fragment" : how;
        if (!FENCES[fence]!.includes(form)) {
            throw new Error(`README.md:${i + 1}: "${how}" does not fit a ${fence} block`);
        }
        if (examples.has(name)) throw new Error(`README.md:${i + 1}: a second example named ${name}`);
        let example: ReadmeExample;
        if (how.startsWith("after ")) {
            const previous = examples.get(how.slice("after ".length));
            if (!previous || previous.kind !== "program") throw new Error(`README.md:${i + 1}: ${name} continues ${how.slice(6)}, which is no program above it`);
            example = { name, line: i + 1, kind: "program", source: `${previous.source}\n${body}` };
        } else if (how.startsWith("fragment of ")) {
            const type = how.slice("fragment of ".length);
            example = { name, line: i + 1, kind: "fragment", source: `import type { ${type} } from "oic-dr";\n\nexport const fragment: Partial<${type}> = {\n${body}};\n` };
        } else if (how === "policy pack" || how === "policy config" || how === "vitest") {
            example = { name, line: i + 1, kind: how, source: body };
        } else {
            example = { name, line: i + 1, kind: "program", source: body };
        }
        examples.set(name, example);
        i = end;
    }
    return [...examples.values()];
}
