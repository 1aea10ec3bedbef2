/**
 * The README is the front door and docs/ holds the rest: the README stays a few screens long, links
 * every page of docs/, and every relative link of the README and docs/ reaches a file of the
 * repository (and a heading of it, when it names one). The code blocks of the same files are tested
 * where they run: ./readmeExamples.ts and installedPackage.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./cliRunner";
import { documentationFiles } from "./readmeExamples";

/** The pages generated from the args interfaces (scripts/generateDocs.ts): linked like the others. */
const GENERATED_PAGES = ["docs/components.md", "docs/stack-config.md"];

/** The text outside fenced code blocks and inline code spans, where a link is a link. */
function prose(markdown: string): string {
    return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The targets of the inline links `[text](target)` of `markdown`, outside code. */
function linkTargets(markdown: string): string[] {
    return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/**
 * The anchors GitHub gives the headings of `markdown`: the heading's text in lower case, every
 * character but letters, digits, `_`, `-` and spaces dropped, spaces made `-`, and a repeat
 * suffixed `-1`, `-2`... (github-slugger, which github.com's renderer follows).
 */
function anchorsOf(markdown: string): Set<string> {
    const anchors = new Set<string>();
    const headings = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "").match(/^#{1,6} .*$/gm) ?? [];
    for (const heading of headings) {
        const slug = heading
            .replace(/^#+ /, "")
            .trim()
            .toLowerCase()
            .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
            .replace(/ /g, "-");
        let unique = slug;
        for (let n = 1; anchors.has(unique); n++) unique = `${slug}-${n}`;
        anchors.add(unique);
    }
    return anchors;
}

describe("the README and docs/", () => {
    const files = documentationFiles(REPO_ROOT);
    const readme = files.find((f) => f.file === "README.md")!.markdown;

    it("keep the README a front door: under 250 lines, opening with the two set-up commands", () => {
        expect(readme.split("\n").length).toBeLessThan(250);
        expect(readme).toMatch(/^# oic-dr\n\n```sh\nnpm ci && npm start .*\nnpm test .*\n```/);
    });

    it("link every page of docs/ from the README, the generated reference included", () => {
        const pages = [...new Set([...files.map((f) => f.file).filter((f) => f.startsWith("docs/")), ...GENERATED_PAGES])].sort();
        const linked = new Set(linkTargets(readme).map((target) => target.split("#")[0]));
        expect(pages.length).toBeGreaterThan(GENERATED_PAGES.length);
        expect(pages.filter((page) => !linked.has(page))).toEqual([]);
    });

    it("have every relative link resolve to a file of the repository, and to a heading of it when it names one", () => {
        const broken: string[] = [];
        let checked = 0;
        for (const { file, markdown } of files) {
            for (const target of linkTargets(markdown)) {
                if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not the repository's
                checked++;
                const [relative, anchor] = target.split("#") as [string, string | undefined];
                const resolved = relative === "" ? path.join(REPO_ROOT, file) : path.resolve(REPO_ROOT, path.dirname(file), relative);
                if (!resolved.startsWith(REPO_ROOT + path.sep) || !fs.existsSync(resolved)) {
                    broken.push(`${file}: ${target}: no such file`);
                } else if (anchor !== undefined && !anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)) {
                    broken.push(`${file}: ${target}: no heading with that anchor`);
                }
            }
        }
        expect(checked).toBeGreaterThan(files.length);
        expect(broken).toEqual([]);
    });

    it("derive anchors as GitHub does", () => {
        expect([...anchorsOf("# The `oic-dr` command\n## Operating the pair: `failover`, `status`\n## Notes\n## Notes\n")]).toEqual([
            "the-oic-dr-command",
            "operating-the-pair-failover-status",
            "notes",
            "notes-1",
        ]);
    });
});
