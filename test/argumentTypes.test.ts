/**
 * The arguments' choices are literal unions, so tsc refuses a value validation would refuse:
 * test/fixtures/argument-types/index.ts marks each refused value with `@ts-expect-error` (tsc
 * fails on a directive whose line compiles) beside valid values that must compile.
 *
 * The compile is `npm test`'s own type-check (tsc --noEmit over tsconfig.json, before vitest):
 * this test proves the fixture is part of it, under the options of its own tsconfig, so that no
 * type-check runs twice and none is left out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT } from "./cliRunner";

const FIXTURE = path.join(FIXTURES, "argument-types");

/** The files and options tsc checks for a tsconfig (parsed as `tsc -p` parses it; nothing compiled). */
function tsconfig(file: string): ts.ParsedCommandLine {
    const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")) });
    expect(parsed?.errors).toEqual([]);
    return parsed!;
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
        // `npm test` compiles the fixture: the repository's type-check includes it...
        const repository = tsconfig(path.join(REPO_ROOT, "tsconfig.json"));
        const fixture = tsconfig(path.join(FIXTURE, "tsconfig.json"));
        expect(fixture.fileNames).toEqual([path.join(FIXTURE, "index.ts")]);
        expect(repository.fileNames).toContain(fixture.fileNames[0]);
        // ...with the options the fixture's own tsconfig gives it (which adds noEmit only).
        const { configFilePath: _repositoryConfig, ...repositoryOptions } = repository.options;
        const { configFilePath: _fixtureConfig, ...fixtureOptions } = fixture.options;
        expect(fixtureOptions).toEqual({ ...repositoryOptions, noEmit: true });
        expect(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).scripts.test).toMatch(/^tsc --noEmit && /);
    });
});
