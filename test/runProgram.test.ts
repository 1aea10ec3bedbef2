import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PATCHED_SDK_INTERNALS } from "../engine/programHost";
import { ProgramError } from "../engine/project";
import { runProgram } from "../engine/runProgram";
import { OCI_TYPES } from "../facts/drSupport";
import { FIXTURES } from "./cliRunner";
import { isSecretInput, single } from "./harness";

describe("runProgram", () => {
    it("hands secret config to the program as a secret and keeps it secret in the instance inputs", async () => {
        const run = await runProgram({ programDir: path.join(FIXTURES, "example-variants"), stack: "secret" });
        expect(run.stackConfig.secretKeys).toEqual(["oic-dr-fixture:idcsAccessToken"]);
        // The ciphertext is never passed on: offline, the program sees a placeholder.
        expect(JSON.stringify(run.stackConfig.values)).not.toContain("c2VjcmV0");
        const instance = single(run.resources, OCI_TYPES.integrationInstance);
        expect(isSecretInput(instance.inputs.idcsAt)).toBe(true);
        expect(instance.inputs.domainId).toBeUndefined();
        // The root stack comes first, as under the engine.
        expect(run.resources[0]).toMatchObject({ type: "pulumi:pulumi:Stack", name: "oic-dr-fixture-secret" });
    });
});

describe("runProgram twice in one process", () => {
    it("evaluates the program again, with the second stack's config", async () => {
        const first = await runProgram({ programDir: path.join(FIXTURES, "raw-oci"), stack: "clean" });
        const second = await runProgram({ programDir: path.join(FIXTURES, "raw-oci"), stack: "private-endpoint" });
        const types = (run: typeof first) => run.resources.map((r) => r.type);
        expect(types(first)).not.toContain(OCI_TYPES.privateEndpointOutboundConnection);
        expect(types(second)).toContain(OCI_TYPES.privateEndpointOutboundConnection);
    });
});

describe("the program runs in a process of its own", () => {
    const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));

    it("leaves this process's SDK unpatched and no process handler behind, after a failed run too", async () => {
        const debuggable = sdkRequire("./runtime/debuggable") as Record<string, unknown>;
        const config = sdkRequire("./runtime/config") as Record<string, unknown>;
        const before = { debuggablePromise: debuggable.debuggablePromise, getConfig: config.getConfig, rejection: process.listenerCount("unhandledRejection") };
        await runProgram({ programDir: path.join(FIXTURES, "raw-oci"), stack: "clean" });
        await expect(runProgram({ programDir: path.join(FIXTURES, "throwing") })).rejects.toThrow(ProgramError);
        expect({ debuggablePromise: debuggable.debuggablePromise, getConfig: config.getConfig, rejection: process.listenerCount("unhandledRejection") }).toEqual(before);
    });

    it("reports the config keys the program read", async () => {
        const run = await runProgram({ programDir: path.join(FIXTURES, "raw-oci"), stack: "clean" });
        expect(run.configKeysRead).toEqual(["raw-oci:scenario"]);
    });
});

/**
 * The program host replaces SDK internals (programHost.ts, PATCHED_SDK_INTERNALS). Pinned to the
 * installed @pulumi/pulumi: on an upgrade this fails until each patch is checked again.
 */
describe("the SDK internals the program host patches", () => {
    const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const sdkRequire = createRequire(path.join(sdkDir, "index.js"));
    const source = (file: string) => fs.readFileSync(path.join(sdkDir, file), "utf8");

    it("are those of the version they were written for", () => {
        expect(JSON.parse(source("package.json")).version).toBe("3.270.0");
    });

    it.each(PATCHED_SDK_INTERNALS.map((p) => [p.module, p.name]))("%s exports %s as a function", (module, name) => {
        expect(typeof (sdkRequire(module) as Record<string, unknown>)[name]).toBe("function");
    });

    it("are still called through their module object, where a replacement is seen", () => {
        // Leak tracking wraps every registration's promise.
        expect(source("runtime/resource.js")).toMatch(/debuggable_1\.debuggablePromise\(/);
        // Dynamic providers are serialized through the module, loaded on demand.
        expect(source("dynamic/index.js")).toMatch(/const sc = require\("\.\.\/runtime\/closure\/serializeClosure"\);\s+const sfPromise = sc\.serializeFunction\(/);
        // pulumi.Config reads every key through runtime/config's getConfig.
        expect(source("config.js")).toMatch(/return config_1\.getConfig\(k\);/);
        expect(source("config.js")).toMatch(/const v = getConfig\(fullKey\);/);
        // pulumi.runtime copies runtime/config's exports when it loads.
        expect(source("runtime/index.js")).toMatch(/__export\(require\("\.\/config"\)\);/);
    });
});
