/**
 * The zod schemas and the args interfaces name the same fields: test/argumentSchemas.ts checks it
 * at compile time, and test/fixtures/argument-drift/index.ts marks with `@ts-expect-error` each
 * drift that check must refuse (tsc fails on a directive whose line compiles), beside the real
 * arguments, which must pass.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT } from "./cliRunner";

const FIXTURE = path.join(FIXTURES, "argument-drift");

/** tsc's diagnostics for the fixture ("" when it finds none). */
function compile(): string {
    const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    try {
        execFileSync(process.execPath, [tsc, "-p", FIXTURE], { encoding: "utf8", stdio: "pipe" });
        return "";
    } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        return `${stdout ?? ""}${stderr ?? ""}` || String(error);
    }
}

describe("zod schemas and args interfaces", () => {
    it("refuse a field added to the interface only, to a nested interface only, to the schema only, or dropped from an array's elements", () => {
        const lines = fs.readFileSync(path.join(FIXTURE, "index.ts"), "utf8").split("\n");
        // A directive removed would make this test vacuous.
        for (const drift of ["ExtraInterfaceField", "ExtraNestedField", "ExtraSchemaField", "MissingElementField"]) {
            const line = lines.findIndex((l) => l.includes(`type ${drift} =`));
            expect(line, drift).toBeGreaterThan(0);
            expect(lines[line - 1], drift).toMatch(/^\/\/ @ts-expect-error/);
        }
        // The real arguments are checked without a directive.
        expect(lines.find((l) => l.includes("type Agrees ="))).toBeDefined();
        expect(compile()).toBe("");
    }, 120_000);
});
