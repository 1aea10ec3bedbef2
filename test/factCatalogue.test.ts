/**
 * Every Oracle and OCI fact the product enforces carries its source (facts/catalogue.ts), and no
 * fact can slip past the registry: every constant a fact module exports, and so every constant the
 * policies import from facts/, is a registered fact or is named as no Oracle fact, with why.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ENFORCED_FACTS, NOT_ORACLE_FACTS, sourceProblems, type EnforcedFact } from "../facts/catalogue";
import { DR_AVAILABILITY_PAGE } from "../facts/factSource";
import { regionByKey, regionPairs, REGION_PAIR_SOURCES } from "../facts/regions";
import { REPO_ROOT } from "./cliRunner";

const FACTS_DIR = path.join(REPO_ROOT, "facts");
/** The registry and the source record themselves: they hold no fact of their own. */
const REGISTRY_MODULES = new Set(["catalogue.ts", "factSource.ts"]);

/** Each fact module under facts/, loaded: its file name and its exports. */
let factModules: { file: string; exports: Record<string, unknown> }[] = [];
beforeAll(async () => {
    const files = fs.readdirSync(FACTS_DIR).filter((file) => file.endsWith(".ts") && !REGISTRY_MODULES.has(file)).sort();
    factModules = await Promise.all(files.map(async (file) => ({ file, exports: (await import(path.join(FACTS_DIR, file))) as Record<string, unknown> })));
    expect(factModules.map((m) => m.file)).toEqual(expect.arrayContaining(["drSupport.ts", "ociContracts.ts", "regions.ts", "recoveryObjectives.ts"]));
});

/** The facts whose constants hold `name` with this very value (the export, not a copy). */
const registeredAs = (name: string, value: unknown) => ENFORCED_FACTS.filter((fact) => Object.hasOwn(fact.constants, name) && fact.constants[name] === value);

describe("facts carry their source", () => {
    it("every registered fact has a source with a title, a URL, a revision or the day read", () => {
        expect(ENFORCED_FACTS.length).toBeGreaterThan(0);
        expect(sourceProblems()).toEqual([]);
        for (const fact of ENFORCED_FACTS) expect(fact.sources.length, fact.id).toBeGreaterThan(0);
    });

    it("a fact without a source, or a source without its revision or day, is found", () => {
        const [first] = ENFORCED_FACTS as [EnforcedFact];
        const unsourced: EnforcedFact = { ...first, id: "no-source", sources: [] };
        const undated = { ...first, id: "undated", sources: [{ title: "A page", url: "https://docs.oracle.com/x.html" } as never] };
        const badSeed = { ...first, id: "bad-seed", sources: [{ title: "A page", url: "https://docs.oracle.com/x.html", read: "2026-12-07", seed: "seeds/not-a-file-name" }] };
        expect(sourceProblems([unsourced, undated, badSeed])).toEqual([
            "no-source has no source",
            "undated, source 1 has neither a revision nor the day it was read (YYYY-MM-DD)",
            "bad-seed, source 1 names a seed that is not a seed's file name: seeds/not-a-file-name",
        ]);
    });

    it("names the seed a fact came from, by file name, where it came from one", () => {
        const seeded = ENFORCED_FACTS.filter((fact) => fact.sources.some((s) => s.seed !== undefined)).map((fact) => fact.id);
        expect(seeded).toEqual(expect.arrayContaining(["region-pairs", "editions", "shape", "unsupported-features", "recovery-objectives", "agents-per-group"]));
        const guide = ENFORCED_FACTS.find((fact) => fact.id === "editions")!.sources[0]!;
        expect(guide).toMatchObject({ revision: "G10051-10, March 2025", seed: expect.stringMatching(/^000_26428459c018b824\.txt /) });
    });

    it("ids are unique", () => {
        const ids = ENFORCED_FACTS.map((fact) => fact.id);
        expect(new Set(ids).size).toBe(ids.length);
    });
});

describe("no fact slips past the registry", () => {
    it("every constant a fact module exports is a registered fact (the export itself) or named as no Oracle fact", () => {
        const unaccounted: string[] = [];
        for (const { file, exports } of factModules) {
            for (const [name, value] of Object.entries(exports)) {
                if (typeof value === "function") continue;
                if (registeredAs(name, value).length === 0 && !Object.hasOwn(NOT_ORACLE_FACTS, name)) unaccounted.push(`facts/${file} ${name}`);
            }
        }
        expect(unaccounted).toEqual([]);
    });

    it("every registered constant is a fact module's export, under its name, in the module the fact names", () => {
        for (const fact of ENFORCED_FACTS) {
            const module = factModules.find((m) => `facts/${m.file}` === fact.module);
            expect(module, fact.module).toBeDefined();
            for (const [name, value] of Object.entries(fact.constants)) expect(module!.exports[name], `${fact.id}: ${name}`).toBe(value);
        }
    });

    it("every constant the policies import from facts/ is registered, or named as no Oracle fact", () => {
        const rulesDir = path.join(REPO_ROOT, "policies", "rules");
        const imported: { name: string; module: string }[] = [];
        for (const file of fs.readdirSync(rulesDir).filter((f) => f.endsWith(".ts"))) {
            const source = ts.createSourceFile(file, fs.readFileSync(path.join(rulesDir, file), "utf8"), ts.ScriptTarget.ES2022, true);
            for (const statement of source.statements) {
                if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
                const specifier = statement.moduleSpecifier.text;
                if (!specifier.startsWith("../../facts/")) continue;
                const bindings = statement.importClause?.namedBindings;
                if (!bindings || !ts.isNamedImports(bindings)) continue;
                for (const element of bindings.elements) {
                    if (element.isTypeOnly) continue;
                    imported.push({ name: (element.propertyName ?? element.name).text, module: `${path.basename(specifier)}.ts` });
                }
            }
        }
        // The policies do import facts: the walk found them.
        expect(imported.map((i) => i.name)).toEqual(expect.arrayContaining(["DR_SHAPE", "DR_SUPPORTED_INSTANCE_TYPES", "DR_UNSUPPORTED_INSTANCE_FIELDS", "MAX_AGENTS_PER_GROUP"]));
        const unregistered = imported.filter(({ name, module }) => {
            const value = factModules.find((m) => m.file === module)!.exports[name];
            return typeof value !== "function" && registeredAs(name, value).length === 0 && !Object.hasOwn(NOT_ORACLE_FACTS, name);
        });
        expect(unregistered).toEqual([]);
    });
});

describe("Oracle's current names of the regions", () => {
    it("names CWL UK West (Cardiff), from the availability page read on 2026-12-07", () => {
        expect(regionByKey("CWL")).toMatchObject({ identifier: "uk-cardiff-1", location: "UK West (Cardiff)", displayName: "Cardiff" });
        const pair = regionPairs.find((p) => p.regions.some((r) => r.key === "CWL"))!;
        expect(pair.regions.map((r) => r.location)).toEqual(["UK South (London)", "UK West (Cardiff)"]);
        expect(DR_AVAILABILITY_PAGE).toMatchObject({ url: "https://docs.oracle.com/en-us/iaas/application-integration/doc/disaster-recovery-availability.html", read: "2026-12-07" });
        expect(REGION_PAIR_SOURCES.availabilityPage).toBe(DR_AVAILABILITY_PAGE);
        const regionFact = ENFORCED_FACTS.find((fact) => fact.id === "region-pairs")!;
        expect(regionFact.shown).toContain("UK South (London) / UK West (Cardiff)");
        expect(regionFact.shown).not.toMatch(/Newport/);
    });
});
