/**
 * The oic-dr policies as a pack to instantiate, in the manner of pulumi-policy-aws's `AwsGuard`
 * (src/awsGuard.ts: `new AwsGuard({ all: "mandatory", <policy>: level | { ...config } })`).
 *
 * Importing this module constructs nothing: a `PolicyPack` starts the analyzer's gRPC server when
 * it is constructed, so only a pack's entry file (policies/index.ts, or the user's own) does that:
 *
 *     import { OicDrPolicies } from "oic-dr/policies";
 *     new OicDrPolicies({ all: "mandatory", "oic-dr-enabled": "disabled" });
 */
import { PolicyPack } from "@pulumi/policy";
import type { configInput } from "./framework";
import { resolvePackSettings } from "./packConfig";
import { SETTINGS_CAPTURE, type SettingsCapture } from "./settingsCapture";
import { policies, POLICY_PACK_NAME } from "./policies";

export { policies, POLICY_PACK_NAME, type OicDrPolicyName } from "./policies";

/** The levels an oic-dr policy can run at (none of them remediates). */
export const OIC_DR_ENFORCEMENT_LEVELS = ["advisory", "mandatory", "disabled"] as const;
export type OicDrEnforcementLevel = (typeof OIC_DR_ENFORCEMENT_LEVELS)[number];

/**
 * One policy's setting, as in a `--policy-pack-config` file: a level, or the policy's config
 * (e.g. `waivers`) with an optional `enforcementLevel`.
 */
export type OicDrPolicySetting<Config> = OicDrEnforcementLevel | ({ readonly enforcementLevel?: OicDrEnforcementLevel } & Config);

type PackPolicy = (typeof policies)[number];

/**
 * The shape of `pulumi preview --policy-pack-config`, typed: `all` sets every policy's level; a
 * policy's own entry wins over `all`. A file of the same content works with `oic-dr check
 * --policy-config`, and `oic-dr check --policy-pack <your pack>` reads these arguments.
 */
export type OicDrPoliciesArgs = { readonly all?: OicDrEnforcementLevel } & {
    readonly [P in PackPolicy as P["name"]]?: OicDrPolicySetting<NonNullable<P[typeof configInput]>>;
};

/**
 * The oic-dr pack. Levels are set on the policies themselves (so the engine lists each at the level
 * chosen here); config is the pack's initial config, each entry carrying its policy's level, which
 * the engine merges with `--policy-pack-config` and hands to the policies through the analyzer's
 * Configure call (pulumi/pulumi pkg/engine/update.go:1031-1038, pkg/resource/analyzer/config.go:304-372
 * @ 1b5949891b3c).
 */
export class OicDrPolicies extends PolicyPack {
    constructor(args?: OicDrPoliciesArgs);
    constructor(name: string, args?: OicDrPoliciesArgs);
    constructor(nameOrArgs?: string | OicDrPoliciesArgs, args?: OicDrPoliciesArgs) {
        const name = typeof nameOrArgs === "string" ? nameOrArgs : POLICY_PACK_NAME;
        const settings = typeof nameOrArgs === "string" ? args : nameOrArgs;
        // `oic-dr check --policy-pack` reading this pack: it takes the settings and stops us here.
        (globalThis as { [SETTINGS_CAPTURE]?: SettingsCapture })[SETTINGS_CAPTURE]?.(name, settings);
        const { policies: configured, initialConfig } = resolvePackSettings(policies, settings ?? {}, "OicDrPolicies");
        super(name, { description: "Rejects what Oracle-managed disaster recovery for Oracle Integration 3 does not support.", policies: configured }, initialConfig);
    }
}
