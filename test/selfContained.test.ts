/**
 * The repository as GitHub Actions and a new user get it: a fresh clone with nothing beside it.
 * The suite must read nothing outside the repository (a file reached through `..` exists only on
 * the machine that wrote the test), so in the clone the type-check reads only the clone and its
 * dependencies, and the tests that read the repository's files pass. It clones the commit at HEAD:
 * uncommitted edits are not part of a clone. The type-check itself is `npm test`'s (tsc --noEmit,
 * before vitest): here tsc only lists the files it would read (--listFilesOnly builds the program,
 * it does not check it), so no type-check runs twice.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./cliRunner";

// Only these run in the clone (never this file: the clone would clone again, without end).
const FILE_READING_TESTS = ["test/docs.test.ts", "test/project.test.ts", "test/workflows.test.ts"];

let workDir: string;
let clone: string;

/** The child runs as a top-level command, not as a worker of this vitest run. */
function childEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "" };
    for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
    return env;
}

function runInClone(args: readonly string[]) {
    const result = spawnSync(process.execPath, args, { cwd: clone, env: childEnv(), encoding: "utf8", timeout: 240_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-clone-"));
    clone = path.join(workDir, "oic-dr");
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    execFileSync("git", ["clone", "--quiet", "--no-checkout", REPO_ROOT, clone], { stdio: "pipe" });
    execFileSync("git", ["checkout", "--quiet", "--detach", head], { cwd: clone, stdio: "pipe" });
    // The dependencies are the only thing taken from outside: `npm ci` would install the same tree.
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
}, 120_000);

afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe("a fresh clone with nothing beside it", () => {
    it("has nothing beside it", () => {
        expect(fs.readdirSync(workDir)).toEqual(["oic-dr"]);
    });

    it("type-checks reading only the clone and its dependencies", () => {
        const tsc = runInClone([path.join(clone, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--listFilesOnly", "-p", clone]);
        expect(tsc).toMatchObject({ status: 0, stderr: "" });
        const read = tsc.stdout.trim().split("\n");
        // The program, the tests and the fixtures tsc checks, and the libraries they use.
        expect(read).toEqual(expect.arrayContaining([path.join(clone, "index.ts"), path.join(clone, "test", "fixtures", "argument-types", "index.ts")]));
        expect(read.filter((file) => file.includes(`${path.sep}node_modules${path.sep}`)).length).toBeGreaterThan(0);
        // The clone's node_modules is a link to this checkout's: tsc names those files by their real path.
        const dependencies = fs.realpathSync(path.join(REPO_ROOT, "node_modules"));
        const outside = read.filter((file) => !file.startsWith(clone + path.sep) && !file.startsWith(dependencies + path.sep));
        expect(outside).toEqual([]);
        // --listFilesOnly lists what resolves and says nothing of what does not: a source file that
        // imports one git does not track resolves here and not in the clone. The same listing in this
        // checkout must hold no file of its own that the clone lacks.
        const here = execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--listFilesOnly", "-p", REPO_ROOT], { encoding: "utf8" });
        const ownFiles = (list: string[], root: string) => list.filter((file) => file.startsWith(root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)).map((file) => path.relative(root, file));
        const missingInClone = ownFiles(here.trim().split("\n"), fs.realpathSync(REPO_ROOT)).filter((file) => !ownFiles(read, clone).includes(file));
        expect(missingInClone).toEqual([]);
    }, 300_000);

    it("passes the tests that read the repository's files", () => {
        const vitest = runInClone([path.join(clone, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=json", ...FILE_READING_TESTS]);
        const report = JSON.parse(vitest.stdout || "{}") as {
            success?: boolean;
            testResults?: Array<{ name: string; status: string; assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }>;
        };
        const failures = (report.testResults ?? []).flatMap((file) =>
            file.assertionResults.filter((a) => a.status !== "passed").map((a) => `${a.fullName}: ${a.failureMessages.map((m) => m.split("\n")[0]).join("; ")}`),
        );
        expect(failures).toEqual([]);
        expect((report.testResults ?? []).map((file) => path.relative(clone, file.name)).sort()).toEqual(FILE_READING_TESTS);
        expect(report.success).toBe(true);
        expect(vitest.status).toBe(0);
    }, 300_000);
});
