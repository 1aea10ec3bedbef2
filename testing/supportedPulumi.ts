/**
 * Which `@pulumi/pulumi` the offline engine can drive, and finding the copy a user's code loads.
 *
 * The engine (engine/offlineEngine.ts) installs the SDK's own mocks but also reaches into SDK
 * internals that carry no compatibility promise ({@link PULUMI_INTERNALS}). It therefore supports
 * the range oic-dr itself depends on, read from oic-dr's package.json so that the two cannot drift.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";
import { ownManifest } from "../engine/ownPackage";

const SDK_PACKAGE = "@pulumi/pulumi";

/**
 * What the offline engine uses beyond Pulumi's documented testing surface (`runtime.setMocks`):
 * by module (relative to the SDK's root), export and, where it is one, the member. None of it
 * carries a compatibility promise. test/testing.test.ts checks each against the installed SDK, so
 * that when one moves, oic-dr's tests fail before users' tests do.
 */
export const PULUMI_INTERNALS = [
    { module: "./runtime/mocks", name: "MockMonitor", member: "registerResource", use: "wrapped to record each registration (returned by runtime.getMonitor() once mocks are set)" },
    { module: "./runtime/mocks", name: "MockMonitor", member: "newUrn", use: "replaced to give the engine's URNs (the parent's type qualifies a child's)" },
    { module: "./runtime/settings", name: "waitForRPCs", use: "settle(): waits for every registration issued so far (marked @internal, absent from the SDK's typings)" },
    { module: "./runtime/rpc", name: "deserializeProperties", use: "a registration's protobuf Struct back into inputs, unknowns kept" },
    { module: "./runtime/rpc", name: "specialSigKey", use: "recognises a secret among recorded inputs (isSecretInput)" },
    { module: "./runtime/rpc", name: "specialSecretSig", use: "recognises a secret among recorded inputs (isSecretInput)" },
    { module: "./proto/resource_pb", name: "RegisterResourceRequest", use: "its getters (type, name, parent, provider, dependencies, object) are what is recorded" },
    { module: "./output", name: "Output", member: "isKnown", use: "valueOf refuses an unknown value instead of waiting for it forever (marked @internal)" },
] as const;

/** The `@pulumi/pulumi` versions the offline engine supports: oic-dr's dependency range. */
export const SUPPORTED_PULUMI_RANGE: string = ownManifest().dependencies[SDK_PACKAGE]!;

/** A copy of the SDK as found on disk. */
export interface FoundPulumi {
    readonly version: string;
    /** Its entry file, as `require` resolves it; absent when the version came from elsewhere. */
    readonly entry?: string;
}

export class UnsupportedPulumiError extends Error {
    override readonly name = "UnsupportedPulumiError";
}

/**
 * Throws {@link UnsupportedPulumiError} unless `found` is in {@link SUPPORTED_PULUMI_RANGE}. The
 * message names the version found, where, and the range, since the fix is an install command.
 */
export function assertSupportedPulumi(found: FoundPulumi): void {
    // Prereleases of a supported line (3.271.0-alpha...) carry the same internals as its releases.
    if (semver.satisfies(found.version, SUPPORTED_PULUMI_RANGE, { includePrerelease: true })) return;
    const where = found.entry ? ` (${found.entry})` : "";
    throw new UnsupportedPulumiError(
        `oic-dr/testing supports ${SDK_PACKAGE} ${SUPPORTED_PULUMI_RANGE}, but found ${SDK_PACKAGE} ${found.version}${where}. ` +
            `Its offline engine uses SDK internals that change between versions; install a supported one: ` +
            `npm install ${SDK_PACKAGE}@"${SUPPORTED_PULUMI_RANGE}"`,
    );
}

/**
 * The `@pulumi/pulumi` that code in `fromDir` loads: where Node resolves it from there, with the
 * version of that copy. Mocks must be installed on the copy the code under test registers through.
 */
export function findPulumi(fromDir: string): Required<FoundPulumi> {
    let entry: string;
    try {
        entry = require.resolve(SDK_PACKAGE, { paths: [fromDir] });
    } catch {
        throw new UnsupportedPulumiError(`oic-dr/testing: cannot find ${SDK_PACKAGE} from ${fromDir}; install it there: npm install ${SDK_PACKAGE}@"${SUPPORTED_PULUMI_RANGE}"`);
    }
    // The entry's package.json, found upwards: the SDK's main is index.js at its root today, but
    // nothing promises it stays there, nor that package.json stays requireable through "exports".
    for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (!fs.existsSync(file)) continue;
        const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (manifest.name === SDK_PACKAGE && manifest.version) return { version: manifest.version, entry };
    }
    throw new UnsupportedPulumiError(`oic-dr/testing: ${entry} belongs to no ${SDK_PACKAGE} package.json`);
}
