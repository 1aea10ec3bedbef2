/**
 * Builds the policy pack into policies/dist as JavaScript, so that Pulumi's policy-pack runner
 * loads it without type-checking: the runner registers ts-node with `typeCheck: true` for
 * TypeScript (@pulumi/pulumi cmd/run-policy-pack/run.js), which only compiles `.ts` files.
 *
 * The facts the policies import from ../components (pairs, editions, types) have their one source
 * there; they are bundled into dist/oicDrPolicies.js so that the pack, packed alone by
 * `pulumi policy publish`, imports nothing outside itself but its declared dependencies.
 * dist/index.js (the runner entry) stays a plain file that requires ./oicDrPolicies.
 *
 * Run in a checkout: `npm run build` here, or `npm run build:policies` at the repository root.
 */
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";

const PACK_DIR = __dirname;

/** The package an import names: `@scope/name/sub` -> `@scope/name`, `zod/v4` -> `zod`. */
const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** Writes each output through a rename, so a concurrent build or `npm pack` never sees half a file. */
function writeAtomically(files: readonly esbuild.OutputFile[]): void {
    for (const file of files) {
        fs.mkdirSync(path.dirname(file.path), { recursive: true });
        const temporary = `${file.path}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, file.contents);
        fs.renameSync(temporary, file.path);
    }
}

export async function buildPolicyPack(): Promise<void> {
    const outdir = path.join(PACK_DIR, "dist");
    const common = { platform: "node", format: "cjs", target: "es2022", write: false, logLevel: "silent" } as const;
    const library = await esbuild.build({
        ...common,
        entryPoints: [path.join(PACK_DIR, "oicDrPolicies.ts")],
        outfile: path.join(outdir, "oicDrPolicies.js"),
        bundle: true,
        // npm packages stay imports, resolved from the pack's own dependencies once installed.
        packages: "external",
        metafile: true,
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const undeclared = Object.values(library.metafile.outputs)
        .flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path))
        .filter((specifier) => !specifier.startsWith("node:") && !builtinModules.includes(specifier) && !declared.has(packageOf(specifier)));
    if (undeclared.length > 0) {
        throw new Error(`the policy pack imports ${[...new Set(undeclared)].join(", ")}, which policies/package.json does not declare in dependencies`);
    }
    const entry = await esbuild.build({ ...common, entryPoints: [path.join(PACK_DIR, "index.ts")], outfile: path.join(outdir, "index.js"), bundle: false });
    writeAtomically([...library.outputFiles, ...entry.outputFiles]);
}

if (require.main === module) {
    buildPolicyPack().catch((err: unknown) => {
        console.error(`policy pack build failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(2);
    });
}
