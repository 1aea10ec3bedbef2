/**
 * How a serialized dynamic provider loads the OCI SDK: from oic-dr's own install, wherever the
 * program runs. Shared by the region subscription (regionSubscriptionOci.ts) and the pair's roles
 * (pairRolesOci.ts); each holds this function in a non-exported local, so the closure
 * serializer captures it by value (see the top of regionSubscriptionProvider.ts).
 */

/** The package name in package.json: the fallback finds oic-dr as a program installs it. */
const OIC_DR_PACKAGE = "oic-dr";

/**
 * Loads `name` from `file`, where oic-dr had it when the program ran. The text in state may be run
 * again later where that file is gone (refresh and destroy run the provider text from the state,
 * node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js:229-240 and 293-297; another machine,
 * a reinstall): then from the oic-dr installed for the program in the host's working directory (its
 * real path, where pnpm puts its dependencies), and last from that directory itself (a program
 * using oic-dr's sources from a checkout, with npm's hoisting).
 */
export function loadFromOicDrInstall(name: string, file: string, who: string): unknown {
    const fs = require("fs") as typeof import("fs");
    const path = require("path") as typeof import("path");
    const { createRequire } = require("module") as typeof import("module");
    if (fs.existsSync(file)) return require(file);
    const programDir = process.cwd();
    // createRequire wants a file name; it resolves from that file's directory, the file need not exist.
    const programRequire = createRequire(path.join(programDir, "program.js"));
    // Node's own lookup list for a package required from the program's directory.
    for (const dir of programRequire.resolve.paths(OIC_DR_PACKAGE) ?? []) {
        const manifest = path.join(dir, OIC_DR_PACKAGE, "package.json");
        if (fs.existsSync(manifest)) return createRequire(fs.realpathSync(manifest))(name);
    }
    let resolved: string | undefined;
    try {
        resolved = programRequire.resolve(name);
    } catch {
        throw new Error(
            `${who}: cannot load ${name}: ${file} (where oic-dr had it when the program ran) is gone, ` +
                `and neither ${OIC_DR_PACKAGE} nor ${name} is installed in ${programDir}; install the program's dependencies there`,
        );
    }
    return require(resolved);
}
