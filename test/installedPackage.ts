/**
 * The package as users install it: the tarball `npm pack` makes (with its `prepack` build), unpacked
 * into fresh consumer projects laid out as the two kinds of package manager lay them out.
 *
 * The layouts are made here from the tarball and this checkout's node_modules rather than by running
 * a package manager, which would need the registry at test time; what each linker does is:
 * - npm (arborist's hoisting, `install-strategy=hoisted`): the package unpacked into
 *   node_modules/oic-dr, every dependency of the tree hoisted to the top of node_modules, and the
 *   bin linked as node_modules/.bin/oic-dr with its target made executable (npm's bin-links);
 * - pnpm (isolated, its default `node-linker`): only the project's direct dependencies at the top,
 *   each a symlink into node_modules/.pnpm/<name>@<version>/node_modules/<name>, beside which the
 *   package's own dependencies are linked; nothing else is visible from the project. Node and the
 *   SDK's closure serializer see the real path inside .pnpm (createClosure.js captureModuleAsync
 *   names the pnpm store case explicitly).
 * In both, every @pulumi/pulumi a program reaches is the same directory, as both managers dedupe it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./cliRunner";

export interface PackedPackage {
    readonly tarball: string;
    /** The paths the tarball holds, relative to its package/ folder. */
    readonly files: readonly string[];
    readonly manifest: { readonly name: string; readonly version: string; readonly dependencies: Record<string, string>; readonly bin: Record<string, string> };
}

/** `npm pack` of this checkout into `destination`: the build runs as `prepack`, as on publish. */
export function packPackage(destination: string): PackedPackage {
    const [packed] = JSON.parse(
        execFileSync("npm", ["pack", "--json", "--pack-destination", destination], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const tarball = path.join(destination, packed!.filename);
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" })) as PackedPackage["manifest"];
    return { tarball, files: packed!.files.map((f) => f.path), manifest };
}

export type Layout = "npm" | "pnpm";

export interface ConsumerProject {
    readonly dir: string;
    readonly layout: Layout;
    /** Where the package's files are (the real path, inside .pnpm for pnpm). */
    readonly installed: string;
    /** node_modules/.bin/oic-dr, as the package manager linked it. */
    readonly bin: string;
}

/** What a Pulumi TypeScript project that uses oic-dr depends on directly (`pulumi new typescript` plus oic-dr). */
const DIRECT_DEPENDENCIES = ["@pulumi/pulumi", "@pulumi/oci", "@pulumi/kubernetes", "@types/node", "typescript", "vitest"];

const repoModule = (name: string) => fs.realpathSync(path.join(REPO_ROOT, "node_modules", name));

function link(target: string, at: string): void {
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.symlinkSync(target, at, "dir");
}

function unpack(tarball: string, into: string): void {
    fs.mkdirSync(into, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", into, "--strip-components=1"]);
}

/** npm's bin-links: a relative symlink in node_modules/.bin, its target made executable. */
function linkBin(nodeModules: string, packageDir: string, manifest: PackedPackage["manifest"]): string {
    const [name, file] = Object.entries(manifest.bin)[0]!;
    const target = path.join(packageDir, file);
    fs.chmodSync(target, 0o755);
    const bin = path.join(nodeModules, ".bin", name);
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(bin), target), bin);
    return bin;
}

/** A fresh project in `dir` (created) with oic-dr installed from `packed` in the given layout. */
export function installConsumer(dir: string, packed: PackedPackage, layout: Layout): ConsumerProject {
    const nodeModules = path.join(dir, "node_modules");
    fs.mkdirSync(nodeModules, { recursive: true });
    const { name, version } = packed.manifest;
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: path.basename(dir), private: true, main: "index.ts", dependencies: { [name]: version, ...Object.fromEntries(DIRECT_DEPENDENCIES.map((d) => [d, "*"])) } }, null, 2),
    );
    let installed: string;
    if (layout === "npm") {
        installed = path.join(nodeModules, name);
        unpack(packed.tarball, installed);
        for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
            if (entry.startsWith(".") || entry === name) continue;
            const scoped = entry.startsWith("@") ? fs.readdirSync(path.join(REPO_ROOT, "node_modules", entry)).map((n) => `${entry}/${n}`) : [entry];
            for (const dep of scoped) link(repoModule(dep), path.join(nodeModules, dep));
        }
    } else {
        const store = path.join(nodeModules, ".pnpm", `${name}@${version}`, "node_modules");
        installed = path.join(store, name);
        unpack(packed.tarball, installed);
        for (const dep of Object.keys(packed.manifest.dependencies)) link(repoModule(dep), path.join(store, dep));
        link(path.relative(nodeModules, installed), path.join(nodeModules, name));
        for (const dep of DIRECT_DEPENDENCIES) link(repoModule(dep), path.join(nodeModules, dep));
    }
    return { dir, layout, installed, bin: linkBin(nodeModules, installed, packed.manifest) };
}

/** Writes a Pulumi project (Pulumi.yaml, a stack file, the program and a tsconfig as `pulumi new typescript` has it) into `dir`. */
export function writePulumiProject(dir: string, project: { name: string; program: string; stack?: string; config?: Record<string, unknown> }): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${project.name}\nruntime: nodejs\n`);
    // Its own package.json, so the language host runs this index.ts and not a package above it;
    // the dependencies are the consumer's, found in the node_modules above.
    if (!fs.existsSync(path.join(dir, "package.json"))) fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: project.name, private: true, main: "index.ts" }));
    const config = Object.entries(project.config ?? {}).map(([key, value]) => `  ${project.name}:${key}: ${JSON.stringify(value)}\n`);
    fs.writeFileSync(path.join(dir, `Pulumi.${project.stack ?? "dev"}.yaml`), config.length ? `config:\n${config.join("")}` : "config: {}\n");
    fs.writeFileSync(path.join(dir, "index.ts"), project.program);
    fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify(
            {
                // pulumi/templates typescript/tsconfig.json
                compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true },
                files: ["index.ts"],
            },
            null,
            2,
        ),
    );
}
