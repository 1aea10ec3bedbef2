/**
 * The arguments' words are written once, in the args interfaces' TSDoc; the files generated from
 * them (scripts/generateDocs.ts, `npm run docs`) must be committed as the generator renders them now.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { SPEC_CONFIG_KEYS } from "../components/stackConfig";
import { ENFORCED_FACTS } from "../facts/catalogue";
import { FACTS_TABLE_MARKERS, generatedFiles, readInterfaces, renderReadme } from "../scripts/generateDocs";
import { REPO_ROOT } from "./cliRunner";

describe("generated docs", () => {
    const files = generatedFiles();

    it.each([...files.keys()])("%s is up to date (run `npm run docs`)", (file) => {
        const committed = path.join(REPO_ROOT, file);
        expect(fs.existsSync(committed), file).toBe(true);
        expect(fs.readFileSync(committed, "utf8")).toBe(files.get(file));
    });

    it("takes each argument's words from its interface, in the reference, the config table and Pulumi.yaml", () => {
        const primaryRegion = readInterfaces().get("PortableDrPairedIntegrationArgs")!.members.find((m) => m.name === "primaryRegion")!;
        expect(primaryRegion.doc).toMatch(/^Region of the primary instance/);
        expect(files.get("docs/components.md")).toContain(`| \`primaryRegion\` | \`DrRegionIdentifier\` | yes |  | ${primaryRegion.doc} |`);
        const firstSentence = primaryRegion.doc.slice(0, primaryRegion.doc.indexOf(".") + 1);
        expect(files.get("docs/stack-config.md")).toContain(`| \`primaryRegion\` | string | yes |  | ${firstSentence} |`);
        const declared = (parseYaml(files.get("Pulumi.yaml")!) as { config: Record<string, { description: string }> }).config;
        expect(declared.primaryRegion!.description).toBe(firstSentence);
        // Every spec key has words, and the runtime table holds the generated ones.
        expect(SPEC_CONFIG_KEYS.filter((k) => k.description === "").map((k) => k.key)).toEqual([]);
    });

    it("reads defaults from the zod schemas and links nested argument types", () => {
        const reference = files.get("docs/components.md")!;
        expect(reference).toMatch(/\| `intervalInSeconds` \| `number` \|  \| `60` \|/);
        expect(reference).toMatch(/\| `kind` \| `ProbeKind` \|  \| `tcp` \|/);
        expect(reference).toContain("`TagsArgs` ([TagsArgs](#tagsargs))");
        expect(reference).toContain("### TagsArgs");
    });

    it("renders the README's \"What Oracle-managed DR allows\" table from the registry of enforced facts, with their sources", () => {
        const readme = files.get("README.md")!;
        const { begin, end } = FACTS_TABLE_MARKERS;
        const table = readme.slice(readme.indexOf(begin) + begin.length, readme.indexOf(end));
        const rows = table.trim().split("\n").slice(2);
        const shownFacts = ENFORCED_FACTS.filter((fact) => fact.readmeRow !== undefined);
        expect(rows.map((row) => row.split(" | ")[0])).toEqual(shownFacts.map((fact) => `| ${fact.readmeRow}`));
        expect(rows.map((row) => row.split(" | ")[0])).toEqual(["| Regions", "| Editions", "| Shape", "| Not supported", "| Private endpoints", "| Objectives"]);
        for (const [i, fact] of shownFacts.entries()) {
            expect(rows[i]).toContain(fact.shown);
            for (const source of fact.sources) expect(rows[i]).toContain(`](${source.url}) (${source.revision ?? `read ${source.read}`}`);
        }
        expect(rows[0]).toContain("UK South (London) / UK West (Cardiff)");
        expect(rows[0]).toContain("(https://docs.oracle.com/en-us/iaas/application-integration/doc/disaster-recovery-availability.html) (read 2026-12-07)");
        expect(rows[5]).toContain("RPO one hour, RTO one hour; failover is started by the user");
        // Only what lies between the markers is rendered: the rest of the README is kept.
        expect(renderReadme(`intro\n${begin}\nstale\n${end}\noutro\n`)).toBe(`intro\n${begin}\n${table.trim()}\n${end}\noutro\n`);
        expect(() => renderReadme("no markers")).toThrow(/README.md has no <!-- facts/);
    });
});
