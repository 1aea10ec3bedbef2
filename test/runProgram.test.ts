import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runProgram } from "../cli/runProgram";
import { OCI_TYPES } from "../components/drSupport";
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
