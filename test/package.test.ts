import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT } from "./cliRunner";

/**
 * The package as a consumer gets it: `npm pack`, unpacked into a separate project's node_modules
 * (its dependencies linked from ours, as no network is needed to prove the tarball itself).
 */
let workDir: string;
let consumer: string;
let packedFiles: string[];

beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-pack-"));
    const [packed] = JSON.parse(
        execFileSync("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packedFiles = packed!.files.map((f) => f.path);

    consumer = path.join(workDir, "consumer");
    fs.cpSync(path.join(FIXTURES, "consumer"), consumer, { recursive: true });
    const installed = path.join(consumer, "node_modules", "oic-dr");
    fs.mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(workDir, packed!.filename), "-C", installed, "--strip-components=1"]);
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies)) {
        const link = path.join(consumer, "node_modules", dep);
        if (fs.existsSync(link)) continue;
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dep), link, "dir");
    }
}, 120_000);

afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe("npm package", () => {
    it("ships compiled JavaScript with declarations, and no sources or tests", () => {
        expect(packedFiles).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "package.json", "README.md"]));
        expect(packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
        expect(packedFiles.filter((f) => f.includes("test"))).toEqual([]);
    });

    it("declares an executable oic-dr bin", () => {
        const installed = path.join(consumer, "node_modules", "oic-dr");
        const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { bin: Record<string, string> };
        expect(pkg.bin).toEqual({ "oic-dr": "dist/cli/main.js" });
        expect(fs.readFileSync(path.join(installed, pkg.bin["oic-dr"]!), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    });

    it("type-checks a consumer that imports the components from oic-dr", () => {
        const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
        expect(() => execFileSync(process.execPath, [tsc, "-p", consumer], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
    });

    it("plans the consumer's program with the packaged command", () => {
        const bin = path.join(consumer, "node_modules", "oic-dr", "dist", "cli", "main.js");
        const out = execFileSync(process.execPath, [bin, "plan", "--program", consumer, "--format", "json"], { encoding: "utf8", cwd: workDir });
        const report = JSON.parse(out) as { resources: Array<{ type: string; region: string | null }> };
        const instance = report.resources.find((r) => r.type === "oci:Integration/integrationInstance:IntegrationInstance");
        expect(instance?.region).toBe("ap-singapore-1");
    });

    it("checks the consumer's program with the packaged policy pack", () => {
        const bin = path.join(consumer, "node_modules", "oic-dr", "dist", "cli", "main.js");
        const out = execFileSync(process.execPath, [bin, "check", "--program", consumer, "--format", "json"], { encoding: "utf8", cwd: workDir });
        const report = JSON.parse(out) as { summary: { mandatory: number }; violations: Array<{ policy: string }> };
        expect(report.summary.mandatory).toBe(0);
        expect(report.violations.map((v) => v.policy)).not.toContain("oic-dr-supported-edition");
    });
});
