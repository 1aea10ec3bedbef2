/**
 * The child process that reads the settings of a user's policy pack for `oic-dr check
 * --policy-pack` (see packSettings.ts). It loads the pack as Pulumi's policy-pack runner does:
 * `require` of the pack's directory (its package.json `main`, or index.js), with that directory as
 * working directory (@pulumi/pulumi cmd/run-policy-pack/run.js; the language host starts it there:
 * pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go:1655-1702 @ 1b5949891b3c). Before
 * that it registers a capture (policies/settingsCapture.ts): `OicDrPolicies` hands it its
 * arguments and stops, before a `PolicyPack` starts the analyzer's server.
 *
 * It runs alone in its process: whatever the pack's entry does beside constructing the pack ends
 * with it. Its one answer, a {@link PackSettingsResult} as JSON, is written to file descriptor 3;
 * stdout (where a served pack prints its port) is not read.
 */
import * as fs from "node:fs";
import { SETTINGS_CAPTURE, type SettingsCapture } from "../policies/settingsCapture";
import { endWithParent } from "./boundedChild";

// Gone with the command, however it ends (boundedChild.ts).
endWithParent();

export type PackSettingsResult =
    | { readonly ok: true; readonly name: string; readonly settings: unknown }
    | { readonly ok: false; readonly reason: "no-pack" }
    | { readonly ok: false; readonly reason: "failed"; readonly message: string };

const RESULT_FD = 3;

function resolveEntry(): string | undefined {
    try {
        return require.resolve(process.cwd());
    } catch {
        return undefined;
    }
}

function readSettings(): PackSettingsResult {
    let captured: { name: string; settings: unknown } | undefined;
    const stop = new Error("oic-dr: the pack's settings were read; it is not served");
    const capture: SettingsCapture = (name, settings) => {
        captured = { name, settings };
        throw stop;
    };
    (globalThis as { [SETTINGS_CAPTURE]?: SettingsCapture })[SETTINGS_CAPTURE] = capture;
    // A TypeScript entry loads as the runner's ts-node would load it, without the type-check; a
    // JavaScript one without the loader, whose hooks slow every require.
    if (!require.extensions[".ts"] && !/\.c?js$/.test(resolveEntry() ?? "")) (require("tsx/cjs/api") as { register: () => unknown }).register();
    try {
        require(process.cwd());
    } catch (err) {
        if (err !== stop) return { ok: false, reason: "failed", message: err instanceof Error ? err.message : String(err) };
    }
    if (!captured) return { ok: false, reason: "no-pack" };
    try {
        // Settings are data: what JSON cannot carry is no setting.
        return { ok: true, name: captured.name, settings: JSON.parse(JSON.stringify(captured.settings ?? {})) as unknown };
    } catch (err) {
        return { ok: false, reason: "failed", message: `its OicDrPolicies settings are not data: ${(err as Error).message}` };
    }
}

fs.writeSync(RESULT_FD, JSON.stringify(readSettings()));
// A pack that constructed another PolicyPack is serving: that is not ours to wait for.
process.exit(0);
