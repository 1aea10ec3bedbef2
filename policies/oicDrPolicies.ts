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
import { PolicyPack, type PolicyPackConfig } from "@pulumi/policy";
import { z } from "zod";
import { atEnforcementLevel, configSchemaOf, type configInput } from "./framework";
import { policies, POLICY_PACK_NAME } from "./policies";

export { policies, POLICY_PACK_NAME, type OicDrPolicyName } from "./policies";

/** The levels an oic-dr policy can run at (none of them remediates). */
export const OIC_DR_ENFORCEMENT_LEVELS = ["advisory", "mandatory", "disabled"] as const;
export type OicDrEnforcementLevel = (typeof OIC_DR_ENFORCEMENT_LEVELS)[number];

/** One policy's setting: a level, or a level and the policy's config (e.g. `waivers`). */
export type OicDrPolicySetting<Config> = OicDrEnforcementLevel | { readonly level?: OicDrEnforcementLevel; readonly config?: Config };

type PackPolicy = (typeof policies)[number];

/** `all` sets every policy's level; a policy's own entry wins over `all`. */
export type OicDrPoliciesArgs = { readonly all?: OicDrEnforcementLevel } & {
    readonly [P in PackPolicy as P["name"]]?: OicDrPolicySetting<NonNullable<P[typeof configInput]>>;
};

/**
 * The oic-dr pack. Levels are set on the policies themselves (so the engine lists each at the level
 * chosen here); config is the pack's initial config, which the engine merges with
 * `--policy-pack-config` and hands to the policies through the analyzer's Configure call
 * (pulumi/pulumi pkg/engine/update.go:311-323, pkg/resource/analyzer/config.go:307-335 @ 1b5949891b3c).
 */
export class OicDrPolicies extends PolicyPack {
    constructor(args?: OicDrPoliciesArgs);
    constructor(name: string, args?: OicDrPoliciesArgs);
    constructor(nameOrArgs?: string | OicDrPoliciesArgs, args?: OicDrPoliciesArgs) {
        const name = typeof nameOrArgs === "string" ? nameOrArgs : POLICY_PACK_NAME;
        const { policies: configured, initialConfig } = resolveOicDrPolicies(typeof nameOrArgs === "string" ? args : nameOrArgs);
        super(name, { description: "Rejects what Oracle-managed disaster recovery for Oracle Integration 3 does not support.", policies: configured }, initialConfig);
    }
}

const levelSchema = z.enum(OIC_DR_ENFORCEMENT_LEVELS);

/**
 * The policies at their chosen levels and the initial config, from the arguments of
 * `OicDrPolicies`; every problem is reported at once, naming the setting, its value and what is
 * allowed. Separate from the class so that it can be checked without starting a server.
 */
export function resolveOicDrPolicies(args: OicDrPoliciesArgs = {}): { policies: PackPolicy[]; initialConfig: PolicyPackConfig } {
    const settings = args as Record<string, unknown>;
    const names = policies.map((p) => p.name as string);
    const problems: string[] = [];
    for (const key of Object.keys(settings)) {
        if (key !== "all" && !names.includes(key)) problems.push(`${key}: no such policy; allowed: all, ${names.join(", ")}`);
    }
    const levelOf = (key: string, value: unknown): OicDrEnforcementLevel | undefined => {
        if (value === undefined) return undefined;
        const parsed = levelSchema.safeParse(value);
        if (!parsed.success) problems.push(`${key}: ${show(value)} is not one of ${OIC_DR_ENFORCEMENT_LEVELS.join(", ")}`);
        return parsed.data;
    };
    const all = levelOf("all", settings.all);
    const initialConfig: PolicyPackConfig = {};
    const configured = policies.map((policy) => {
        const setting = settings[policy.name];
        let level: OicDrEnforcementLevel | undefined;
        if (typeof setting === "object" && setting !== null) {
            const { level: ownLevel, config, ...rest } = setting as { level?: unknown; config?: unknown };
            for (const key of Object.keys(rest)) problems.push(`${policy.name}.${key}: not a setting; allowed: level, config`);
            level = levelOf(`${policy.name}.level`, ownLevel);
            if (config !== undefined) {
                const parsed = configSchemaOf(policy).safeParse(config);
                if (parsed.success) initialConfig[policy.name] = config as Record<string, unknown>;
                else problems.push(...parsed.error.issues.map((issue) => describeIssue(`${policy.name}.config`, config, issue)));
            }
        } else {
            level = levelOf(policy.name, setting);
        }
        const chosen = level ?? all;
        return chosen && chosen !== policy.enforcementLevel ? atEnforcementLevel(policy, chosen) : policy;
    });
    if (problems.length > 0) throw new Error(`OicDrPolicies: invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return { policies: configured, initialConfig };
}

/** A config problem with its path and the value found there (waivers and policy settings hold no secrets). */
function describeIssue(prefix: string, input: unknown, issue: z.core.$ZodIssue): string {
    const at = issue.path.reduce<unknown>((value, key) => (typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);
    const path = [prefix, ...issue.path.map(String)].join(".");
    return issue.code === "unrecognized_keys" ? `${path}: ${issue.message}` : `${path}: ${show(at)}: ${issue.message}`;
}

const show = (value: unknown): string => {
    const text = value === undefined ? "unset" : JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};
