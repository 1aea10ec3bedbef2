/**
 * The example stack runs the way `pulumi up` runs it: the process the Node.js language host starts
 * (./languageHost.ts), with a `dist/` beside the program. The package as a user installs it runs the
 * same way in installedPackage.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, REPO_ROOT } from "./cliRunner";
import { runAsLanguageHost } from "./languageHost";

let workDir: string;
let exampleProject: string;

/**
 * A copy of the repository's project (sources, Pulumi.yaml, stacks, package.json) with a `dist/`
 * as `npm run build` leaves it: its index.js is the library, which declares components and
 * registers nothing. The dependencies are the repository's own node_modules, linked.
 */
beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-langhost-"));
    exampleProject = path.join(workDir, "oic-dr");
    for (const entry of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "text", "facts", "components", "stacks"]) {
        fs.cpSync(path.join(REPO_ROOT, entry), path.join(exampleProject, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(exampleProject, "node_modules"), "dir");
    fs.mkdirSync(path.join(exampleProject, "dist"));
    // Stands for the compiled library (tsc output of index.ts): the same exports, nothing registered.
    fs.writeFileSync(path.join(exampleProject, "dist", "index.js"), 'module.exports = require("../index");\n');
});

afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const INSTANCE = "oci:Integration/integrationInstance:IntegrationInstance";

describe("pulumi up's own entry point (cmd/run) with the language host's arguments", () => {
    it("runs stacks/index.ts of the example, not the library in dist/, and registers the DR pair", async () => {
        const run = await runAsLanguageHost(exampleProject, "example");
        expect(run.stderr).not.toMatch(/error/i);
        expect(run.code).toBe(0);
        // cmd/run's root stack, then the example's instance (Oracle places the standby itself) and its component.
        expect(run.registered[0]).toMatchObject({ type: "pulumi:pulumi:Stack", name: "oic-dr-example-example" });
        expect(run.registered.filter((r) => r.type === INSTANCE).map((r) => r.name)).toEqual(["oic-instance"]);
        expect(run.registered.map((r) => r.type)).toContain("oic-dr:index:DrPairedIntegration");
        // The region subscription's provider went through the SDK's real closure serializer.
        const subscription = run.registered.find((r) => r.serializedProvider !== undefined);
        expect(subscription?.serializedProvider).toMatch(/exports\.handler/);
    }, 300_000);

    it("prints an invalid spec as one message, without a stack trace, and registers nothing of it", async () => {
        // The language host prints a RunError's message alone (cmd/run/run.js:377-379); any other error
        // as "Running program ... failed with an unhandled exception:" and its stack.
        const run = await runAsLanguageHost(path.join(FIXTURES, "invalid-spec"), "dev");
        expect(run.code).not.toBe(0);
        const output = run.stdout + run.stderr;
        // Under the mocks no engine takes the log: the SDK writes the error to stderr itself.
        expect(output).toMatch(/^error: \[runtime\] Invalid DrPairedIntegration arguments \(2 problems\):\n/);
        expect(output).toContain('displayName: "orders oic" is not a valid instance name');
        expect(output).toContain("messagePacks: 0 message packs; at least 1 is required");
        expect(output.split("Invalid DrPairedIntegration arguments")).toHaveLength(2);
        expect(output).not.toMatch(/unhandled exception/);
        expect(output).not.toMatch(/\n\s+at /);
        expect(run.registered.filter((r) => r.type === INSTANCE)).toEqual([]);
    }, 300_000);
});
