/**
 * Reads the settings of a user's own policy pack (`oic-dr check --policy-pack DIR`): the arguments
 * its entry constructs `OicDrPolicies` with, so that `check` judges with exactly the settings
 * `pulumi preview --policy-pack DIR` uses. The pack is loaded in a child process
 * (packSettingsHost.ts) that never serves it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PackSettings } from "./policyConfig";
import { endedHow, hostModuleArgs, runBoundedNode } from "./boundedChild";
import type { PackSettingsResult } from "./packSettingsHost";
import { ProgramError } from "./project";
import { shownPath } from "../text/shownValue";

/** The settings the pack in `dir` constructs `OicDrPolicies` with; a {@link ProgramError} for any pack that cannot give them. */
export async function readPackSettings(dir: string, timeoutSeconds: number): Promise<PackSettings> {
    const packDir = path.resolve(dir);
    if (!fs.existsSync(path.join(packDir, "package.json"))) {
        throw new ProgramError(`policy pack ${shownPath(dir)}: no package.json there; --policy-pack takes the directory of a pack that constructs OicDrPolicies`);
    }
    const result = await runHost(packDir, timeoutSeconds);
    if (result.ok) return { source: `policy pack ${shownPath(dir)} (OicDrPolicies)`, settings: result.settings };
    if (result.reason === "no-pack") {
        throw new ProgramError(
            `policy pack ${shownPath(dir)} constructs no OicDrPolicies: --policy-pack reads the settings of a pack whose entry does new OicDrPolicies({...}) from oic-dr/policies (of this version of oic-dr or later)`,
        );
    }
    throw new ProgramError(`policy pack ${shownPath(dir)} failed to load: ${result.message}`);
}

async function runHost(packDir: string, timeoutSeconds: number): Promise<PackSettingsResult> {
    let output = "";
    const exit = await runBoundedNode(hostModuleArgs("packSettingsHost"), { cwd: packDir, stdio: ["ignore", "ignore", 2, "pipe"] }, timeoutSeconds, (child) =>
        child.stdio[3]!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8"))),
    ).catch((err: Error) => {
        throw new ProgramError(`cannot load the policy pack: ${err.message}`);
    });
    if (exit.timedOut) return { ok: false, reason: "failed", message: `its entry did not finish within ${timeoutSeconds} s (--timeout)` };
    try {
        return JSON.parse(output) as PackSettingsResult;
    } catch {
        return { ok: false, reason: "failed", message: `its process ended without an answer (${endedHow(exit)})` };
    }
}
