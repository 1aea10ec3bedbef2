/**
 * The version of this package, for `oic-dr --version` and the policy pack's version in `check`.
 * A module of its own: `--version` must not load the policy pack (check.ts) to print it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Found by walking up to oic-dr's package.json, as sources and dist/ sit at different depths. */
export function packageVersion(): string {
    for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (!fs.existsSync(file)) continue;
        const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "oic-dr" && pkg.version) return pkg.version;
    }
    return "0.0.0";
}
