/**
 * oic-dr's own package.json: its version (for `oic-dr --version` and the policy pack's version in
 * `check`) and its dependency ranges (the `@pulumi/pulumi` range oic-dr/testing supports).
 * A module of its own: `--version` must not load the policy pack (check.ts) to print it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface OwnManifest {
    readonly version: string;
    readonly dependencies: Readonly<Record<string, string>>;
}

let cached: OwnManifest | undefined;

/** Found by walking up to oic-dr's package.json, as sources and dist/ sit at different depths. */
export function ownManifest(): OwnManifest {
    if (cached) return cached;
    for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (!fs.existsSync(file)) continue;
        const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string; dependencies?: Record<string, string> };
        if (manifest.name === "oic-dr" && manifest.version && manifest.dependencies) {
            cached = { version: manifest.version, dependencies: manifest.dependencies };
            return cached;
        }
    }
    throw new Error(`oic-dr: cannot find its own package.json above ${__dirname}`);
}

/** The version of this package. */
export function packageVersion(): string {
    return ownManifest().version;
}
