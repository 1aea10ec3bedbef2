/**
 * Runs a Pulumi project the way `pulumi preview` has the Node.js language host run it: the process
 * the host starts (`node @pulumi/pulumi/cmd/run <args>`), with the arguments and environment the
 * host passes for the project's Pulumi.yaml, under the SDK's mocks (languageHost/mocks.cjs) and the
 * SDK's real closure serializer.
 *
 * What the host passes, pulumi/pulumi @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8:
 * - pkg/engine/project.go:45-72: `main` becomes `--pwd` and the entry point (engine/entryPoint.ts);
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
import { languageHostProgram } from "../engine/entryPoint";
import { loadProject, loadStackConfig } from "../engine/project";

export interface Registration {
    readonly type: string;
    readonly name: string;
    /** The provider text a dynamic resource registered under `__provider`. */
    readonly serializedProvider?: string;
    /** Its other inputs, as registered. */
    readonly inputs?: Record<string, unknown>;
}

export interface HostRun {
    readonly code: number;
    readonly stderr: string;
    readonly stdout: string;
    readonly registered: readonly Registration[];
}

const PRELOAD = path.join(__dirname, "languageHost", "mocks.cjs");
/** Nothing listens there: if anything dialled the engine instead of the mocks, the run would fail. */
const UNUSED_ADDRESS = "127.0.0.1:1";

/** Runs a project as `pulumi preview` would have the Node.js language host run it. */
export function runAsLanguageHost(projectDir: string, stack: string): Promise<HostRun> {
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
