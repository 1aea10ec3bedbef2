/**
 * `oic-dr facts` through main(), in process: every enforced fact with its sources, as a table and
 * as JSON, exit 0; a wrong --format exits 2; --help shows an example and the exit codes.
 */
import { describe, expect, it } from "vitest";
import { renderFactsTable } from "../cli/factsCommand";
import { main } from "../cli/main";
import { ENFORCED_FACTS, type EnforcedFact } from "../facts/catalogue";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
    return { code, out, err };
}

describe("oic-dr facts", () => {
    it("prints every fact with what it says, its value and each source's page and revision or day read (table)", async () => {
        const { code, out, err } = await run("facts");
        expect(code).toBe(0);
        expect(err).toBe("");
        for (const fact of ENFORCED_FACTS) {
            expect(out.split("\n")).toContain(fact.id);
            for (const source of fact.sources) expect(out).toContain(source.url);
        }
        expect(out).toMatch(/^region-pairs\n {2}fact {7}Oracle-managed DR runs only in fixed region pairs/);
        expect(out).toContain("UK South (London) / UK West (Cardiff)");
        expect(out).toContain(
            "  source     Disaster Recovery Availability (Oracle Integration 3) (read 2026-12-07); https://docs.oracle.com/en-us/iaas/application-integration/doc/disaster-recovery-availability.html",
        );
        expect(out).toContain("What's Supported? (G10051-10, March 2025); https://docs.oracle.com/en/cloud/paas/application-integration/oracle-disaster-recovery/; seed 000_26428459c018b824.txt");
        expect(out).toContain("  value      RPO one hour, RTO one hour; failover is started by the user");
    });

    it("prints the registry as JSON: ids, values and sources, a pattern as its source text", async () => {
        const { code, out } = await run("facts", "--format", "json");
        expect(code).toBe(0);
        const facts = JSON.parse(out) as { id: string; constants: Record<string, unknown>; sources: { url: string; revision?: string; read?: string; seed?: string }[] }[];
        expect(facts.map((f) => f.id)).toEqual(ENFORCED_FACTS.map((f) => f.id));
        for (const fact of facts) {
            expect(fact.sources.length, fact.id).toBeGreaterThan(0);
            for (const source of fact.sources) expect(source.revision ?? source.read, fact.id).toBeTruthy();
        }
        const objectives = facts.find((f) => f.id === "recovery-objectives")!;
        expect(objectives.constants).toEqual({ RTO_SECONDS: 3600, RPO_SECONDS: 3600 });
        expect(objectives.sources[0]).toMatchObject({ revision: "G10051-10, March 2025", section: "What's Supported?", seed: expect.stringMatching(/^000_26428459c018b824\.txt/) });
        const dkim = facts.find((f) => f.id === "dkim-selectors")!;
        expect((dkim.constants.DKIM as { guideSelector: unknown }).guideSelector).toBe("^[a-z0-9-]{1,63}$");
        const pairs = facts.find((f) => f.id === "region-pairs")!;
        expect(JSON.stringify(pairs.constants.regionPairs)).toContain('"location":"UK West (Cardiff)"');
    });

    it("refuses an unknown format with exit 2, naming the value and what is allowed", async () => {
        const { code, err, out } = await run("facts", "--format", "xml");
        expect(code).toBe(2);
        expect(out).toBe("");
        expect(err).toContain('"xml" is not one of table, json.');
    });

    it("--help shows an example and the exit codes", async () => {
        const { code, out } = await run("facts", "--help");
        expect(code).toBe(0);
        expect(out).toContain("$ oic-dr facts --format json");
        expect(out).toMatch(/Exit codes:\n {2}0 {2}the facts were printed\n {2}2 {2}the command line is wrong/);
    });

    it("escapes and bounds each cell as every renderer does", () => {
        const hostile: EnforcedFact = { ...ENFORCED_FACTS[0]!, id: "x\u001b[2Jy", statement: `a\u202eb ${"z".repeat(3000)}` };
        const table = renderFactsTable([hostile]);
        expect(table).not.toContain("\u001b");
        expect(table).toContain("x\\x1b[2Jy");
        expect(table).toContain("a\\u202eb");
        expect(table).toMatch(/… \(3004 characters; in full with --format json\)/);
    });
});
