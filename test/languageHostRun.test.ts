/**
 * The example stack and the consumer fixture run the way `pulumi up` runs them: the process the
 * Node.js language host starts (`node @pulumi/pulumi/cmd/run <args>`), with the arguments and
 * environment the host passes for the project's Pulumi.yaml, under the SDK's mocks (see
 * languageHost/mocks.cjs) and the SDK's real closure serializer, with a `dist/` beside the program.
 *
 * What the host passes, pulumi/pulumi @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8:
 * - pkg/engine/project.go:45-72: `main` becomes `--pwd` and the entry point (cli/entryPoint.ts);
 * - sdk/nodejs/cmd/pulumi-language-nodejs/main.go:1086-1115 (constructArguments): `<runPath>`
 *   `--monitor <addr> --engine <addr> --sync <dir> --organization <o> --project <p>`
 *   `--root-directory <dir> --stack <s> --pwd <dir> [--dry-run] --parallel <n> <entry point>`;
 * - main.go:913-914: the stack config as PULUMI_CONFIG (JSON) and PULUMI_CONFIG_SECRET_KEYS;
 * - main.go:921-923 and 291-296: PULUMI_NODEJS_TYPESCRIPT=true (the `typescript` option defaults to true);
 * - main.go:98 and 858: the run path is `@pulumi/pulumi/cmd/run`, located from the program directory.
 * cmd/run runs in its own process: it chdirs, installs process-wide handlers and exits on failure.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageHostProgram } from "../cli/entryPoint";
import { loadProject, loadStackConfig } from "../cli/project";
import { FIXTURES, REPO_ROOT } from "./cliRunner";

interface Registration {
    readonly type: string;
    readonly name: string;
    readonly serializedProvider?: string;
}

interface HostRun {
    readonly code: number;
    readonly stderr: string;
    readonly stdout: string;
    readonly registered: readonly Registration[];
}

const PRELOAD = path.join(__dirname, "languageHost", "mocks.cjs");
/** Nothing listens there: if anything dialled the engine instead of the mocks, the run would fail. */
const UNUSED_ADDRESS = "127.0.0.1:1";

/** Runs a project as `pulumi preview` would have the Node.js language host run it. */
function runAsLanguageHost(projectDir: string, stack: string): Promise<HostRun> {
    const project = loadProject(projectDir);
    const config = loadStackConfig(project, stack);
    const { pwd, entryPoint } = languageHostProgram(projectDir, path.relative(projectDir, project.main));
    const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [pwd] });
    const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-host-")), "registered.json");
    const args = [
        runPath,
        ...["--monitor", UNUSED_ADDRESS, "--engine", UNUSED_ADDRESS, "--sync", path.dirname(resultFile)],
        ...["--organization", "organization", "--project", project.name, "--root-directory", projectDir],
        ...["--stack", stack, "--pwd", pwd, "--dry-run", "--parallel", "16"],
        entryPoint,
    ];
    const env = {
        ...process.env,
        NODE_OPTIONS: "",
        PULUMI_CONFIG: JSON.stringify(config.values),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys),
        PULUMI_NODEJS_TYPESCRIPT: "true",
        OIC_DR_TEST_LANGUAGE_HOST: JSON.stringify({ resultFile, programDirectory: pwd, project: project.name, stack }),
    };
    return new Promise((resolve) => {
        execFile(process.execPath, ["--require", PRELOAD, ...args], { cwd: os.tmpdir(), env, timeout: 280_000 }, (error, stdout, stderr) => {
            const registered = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, "utf8")) as Registration[]) : [];
            fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
            resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr, registered });
        });
    });
}

let workDir: string;
let exampleProject: string;
let consumerProject: string;

/**
 * A copy of the repository's project (sources, Pulumi.yaml, stacks, package.json) with a `dist/`
 * as `npm run build` leaves it: its index.js is the library, which declares components and
 * registers nothing. The dependencies are the repository's own node_modules, linked.
 */
beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-langhost-"));
    exampleProject = path.join(workDir, "oic-dr");
    for (const entry of ["Pulumi.yaml", "package.json", "tsconfig.json", "index.ts", "components", "stacks"]) {
        fs.cpSync(path.join(REPO_ROOT, entry), path.join(exampleProject, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(exampleProject, "node_modules"), "dir");
    fs.mkdirSync(path.join(exampleProject, "dist"));
    // Stands for the compiled library (tsc output of index.ts): the same exports, nothing registered.
    fs.writeFileSync(path.join(exampleProject, "dist", "index.js"), 'module.exports = require("../index");\n');

    // The consumer: a project that installed oic-dr (this copy, dist and all) next to its own SDK.
    consumerProject = path.join(workDir, "consumer");
    fs.cpSync(path.join(FIXTURES, "consumer"), consumerProject, { recursive: true });
    fs.mkdirSync(path.join(consumerProject, "node_modules"));
    fs.symlinkSync(exampleProject, path.join(consumerProject, "node_modules", "oic-dr"), "dir");
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi"), path.join(consumerProject, "node_modules", "@pulumi"), "dir");
});

afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const INSTANCE = "oci:Integration/integrationInstance:IntegrationInstance";

describe.concurrent("pulumi up's own entry point (cmd/run) with the language host's arguments", () => {
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

    it("runs the consumer fixture, which imports the installed package, and registers its instance", async () => {
        const run = await runAsLanguageHost(consumerProject, "dev");
        expect(run.code).toBe(0);
        expect(run.registered.filter((r) => r.type === INSTANCE).length).toBeGreaterThan(0);
    }, 300_000);
});
