/**
 * The file a Pulumi program starts from, found by the same rules as `pulumi up`: the engine turns
 * the project's `main` into a working directory and an entry point, the Node.js language host
 * passes both to `@pulumi/pulumi/cmd/run`, and `cmd/run` turns them into the module it requires.
 * `oic-dr plan`/`check` must evaluate the very file `pulumi up` runs, or they vouch for another
 * program (with `main: stacks/` and a built `dist/`, `pulumi up` ran the library, not the stack).
 *
 * Sources, pulumi/pulumi @ 1b5949891b3cefcb9974752b24a5ecef0acc86c8:
 * - pkg/engine/project.go:45-72 (getPwdMain): `main` unset is pwd = project root, entry point ".";
 *   a directory is pwd = that directory, entry point "."; a file is pwd = its directory, entry
 *   point = its base name. A `main` that does not exist is an error.
 * - pkg/resource/deploy/program_source.go:120-124: that pwd is the program directory of the run.
 * - sdk/nodejs/cmd/pulumi-language-nodejs/main.go:1086-1115 (constructArguments): the host passes
 *   `--pwd <program directory>` (1103) and the entry point as the first positional argument (1112).
 * And the installed SDK, node_modules/@pulumi/pulumi/cmd/run/run.js (3.270.0):
 * - 229-248: chdir to pwd; the program is the entry point joined to it; "." means "no entry point";
 * - 249-275: with no entry point, the nearest package.json/package.yaml upwards (72-92, via
 *   runtime/manifest.js searchupPackageManifest) decides: `exports` (a string, or `exports["."]`
 *   as a string or its default/require/import) or else `main`, if that file exists (207-216);
 * - 445-492: the program is then loaded by `import` ("type": "module": a directory's index.js,
 *   index.mjs, index.ts or index.mts) or by `require` (Node's own file and directory rules, with
 *   ts-node's `.ts` registered after `.js`, `.json` and `.node`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { ProgramError } from "./project";

/** What the language host hands `cmd/run` for a project's `main` (pkg/engine/project.go:45-72). */
export interface LanguageHostProgram {
    /** `--pwd`: the directory the program runs in. */
    readonly pwd: string;
    /** The positional entry point: "." or a file name inside `pwd`. */
    readonly entryPoint: string;
}

/** `main` as written in Pulumi.yaml (undefined when absent), relative to the project root. */
export function languageHostProgram(projectRoot: string, main: string | undefined): LanguageHostProgram {
    if (main === undefined || main === "") return { pwd: projectRoot, entryPoint: "." };
    const target = path.resolve(projectRoot, main);
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch {
        throw new ProgramError(`project 'main' could not be read: ${target} does not exist`);
    }
    return stat.isDirectory() ? { pwd: target, entryPoint: "." } : { pwd: path.dirname(target), entryPoint: path.basename(target) };
}

interface PackageManifest {
    readonly type?: unknown;
    readonly main?: unknown;
    readonly exports?: unknown;
}

/** runtime/manifest.js: package.json before package.yaml, from `startDir` up to the root. */
function nearestPackageManifest(startDir: string): { dir: string; manifest: PackageManifest } | undefined {
    for (let dir = startDir; ; dir = path.dirname(dir)) {
        for (const name of ["package.json", "package.yaml"]) {
            const file = path.join(dir, name);
            if (!fs.existsSync(file)) continue;
            let manifest: unknown;
            try {
                const text = fs.readFileSync(file, "utf8");
                manifest = name.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
            } catch {
                // cmd/run reads an unreadable manifest as an empty one (run.js:93-101).
                manifest = {};
            }
            return { dir, manifest: typeof manifest === "object" && manifest !== null ? (manifest as PackageManifest) : {} };
        }
        if (path.dirname(dir) === dir) return undefined;
    }
}

/** run.js:253-275: the package's `exports` or `main` stands in for ".", if that file exists. */
function packageEntry(manifest: PackageManifest): string | undefined {
    const { exports, main } = manifest;
    if (typeof exports === "string") return exports;
    if (typeof exports === "object" && exports !== null) {
        const dot = (exports as Record<string, unknown>)["."];
        if (typeof dot === "string") return dot;
        if (typeof dot === "object" && dot !== null) {
            const conditions = dot as Record<string, unknown>;
            const chosen = conditions.default || conditions.require || conditions.import;
            return typeof chosen === "string" ? chosen : undefined;
        }
        return undefined;
    }
    return typeof main === "string" && main !== "" ? main : undefined;
}

/** The extensions `require` tries, in order, once ts-node has registered `.ts` (Module._extensions). */
const REQUIRE_EXTENSIONS = [".js", ".json", ".node", ".ts"];

/** Node's LOAD_AS_FILE then LOAD_AS_DIRECTORY for `require(program)` (run.js:487-491). */
function requireResolution(target: string): string | undefined {
    if (fs.existsSync(target) && fs.statSync(target).isFile()) return target;
    for (const ext of REQUIRE_EXTENSIONS) if (fs.existsSync(target + ext)) return target + ext;
    if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) return undefined;
    const pkgFile = path.join(target, "package.json");
    if (fs.existsSync(pkgFile)) {
        let main: unknown;
        try {
            main = (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as PackageManifest).main;
        } catch {
            // Node's require refuses a directory whose package.json does not parse.
            throw new ProgramError(`${pkgFile} is not valid JSON`);
        }
        const viaMain = typeof main === "string" && main !== "" ? requireResolution(path.resolve(target, main)) : undefined;
        if (viaMain) return viaMain;
    }
    return REQUIRE_EXTENSIONS.map((ext) => path.join(target, `index${ext}`)).find((f) => fs.existsSync(f));
}

/** run.js:448-470: `import` of a directory under "type": "module". */
function importResolution(target: string): string | undefined {
    if (!fs.existsSync(target)) return undefined;
    if (!fs.statSync(target).isDirectory()) return target;
    return ["index.js", "index.mjs", "index.ts", "index.mts"].map((f) => path.join(target, f)).find((f) => fs.existsSync(f));
}

/** The module `cmd/run` loads for this language-host program. */
export function programModule({ pwd, entryPoint }: LanguageHostProgram): string {
    // run.js:243-248: "." is "no entry point"; anything else is taken as given.
    let program = path.join(pwd, entryPoint);
    const pkg = nearestPackageManifest(fs.existsSync(program) && fs.statSync(program).isDirectory() ? program : path.dirname(program));
    if (entryPoint === "." && pkg) {
        const entry = packageEntry(pkg.manifest);
        // run.js:207-216: a missing `exports`/`main` file only warns, and "." stays the program.
        if (entry !== undefined && fs.existsSync(path.join(pkg.dir, entry))) program = path.join(pkg.dir, entry);
    }
    const resolved = pkg?.manifest.type === "module" ? importResolution(program) : requireResolution(program);
    if (!resolved) throw new ProgramError(`program entry point not found: ${program}`);
    return resolved;
}

/** Where `pulumi up` runs a program, and which file it loads. */
export interface ResolvedProgram {
    /** The language host's `--pwd`, where cmd/run chdirs before loading the program (run.js:230-232). */
    readonly pwd: string;
    readonly file: string;
}

/**
 * The program `pulumi up` runs for a project whose `main` resolves to `main` (an absolute path, as
 * {@link import("./project").loadProject} gives it; the project directory when `main` is unset).
 */
export function resolveProgram(main: string): ResolvedProgram {
    const host = languageHostProgram(path.dirname(main), path.basename(main));
    return { pwd: host.pwd, file: programModule(host) };
}
