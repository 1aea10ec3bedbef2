/**
 * The arguments' choices are literal unions, so tsc refuses a value validation would refuse:
 * test/fixtures/argument-types/index.ts marks each refused value with `@ts-expect-error` (tsc
 * fails on a directive whose line compiles) beside valid values that must compile.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT } from "./cliRunner";

const FIXTURE = path.join(FIXTURES, "argument-types");

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

describe("argument types", () => {
    it("refuse edition STANDARD, a region outside the pairs, a bad severity, protocol, probe kind or agent location, and take the valid ones", () => {
        const source = fs.readFileSync(path.join(FIXTURE, "index.ts"), "utf8");
        // The fixture holds the cases the issue names; a directive removed would make this test vacuous.
        for (const bad of ['edition: "STANDARD"', 'primaryRegion: "sa-saopaulo-1"', 'severity: "FATAL"', 'protocol: "TEAMS"', 'connectivityAgent: "on-prem"', 'kind: "icmp"']) {
            const line = source.split("\n").findIndex((l) => l.includes(bad));
            expect(line, bad).toBeGreaterThan(0);
            expect(source.split("\n")[line - 1], bad).toMatch(/^\s*\/\/ @ts-expect-error/);
        }
        expect(compile()).toBe("");
    }, 120_000);
});
