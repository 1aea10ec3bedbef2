/**
 * Policy pack config in the one shape Pulumi gives it, for every source of oic-dr policy settings:
 * the arguments of `OicDrPolicies`, the file of `pulumi preview --policy-pack-config` and of
 * `oic-dr check --policy-config`, and a user's pack read by `oic-dr check --policy-pack`.
 *
 * The shape is the engine's (pulumi/pulumi pkg/resource/analyzer/config.go:124-156 @ 1b5949891b3c):
 * an object whose keys are policy names or `all`, each mapped to an enforcement level or to an
 * object of the policy's properties with an optional `enforcementLevel`. One validator reports a
 * problem in one wording whatever its source; one merge (the engine's) decides each policy's level
 * and properties.
 */
import type { EnforcementLevel, Policy, PolicyPackConfig } from "@pulumi/policy";
import { describeValue, parseWith, SpecValidationError } from "../components/support/validation";
import { atEnforcementLevel, configSchemaOf } from "./framework";

/**
 * The levels the engine accepts in a config (apitype.EnforcementLevel.IsValid,
 * sdk/go/common/apitype/policy.go:187-194). No oic-dr policy remediates: `remediate` acts as
 * `mandatory`, as @pulumi/policy runs a validating policy at that level (its server.js:234-237).
 */
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** One policy's entry once parsed (the engine's plugin.AnalyzerPolicyConfig). */
export interface PolicyConfigEntry {
    readonly enforcementLevel?: EnforcementLevel;
    /** The properties as given, `enforcementLevel` taken out. */
    readonly properties?: Record<string, unknown>;
}

/** Parsed config by policy name (and `all`). */
export type ParsedPackConfig = ReadonlyMap<string, PolicyConfigEntry>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Every problem of a config, each as `<path>: <problem>` naming the value and what is allowed,
 * and the config parsed. The one wording of a settings problem, whichever source it came from.
 * Stricter than the engine, which ignores a key that names no policy: here it is a mistake.
 */
export function parsePackConfig(raw: unknown, policies: readonly Policy[]): { config: ParsedPackConfig; problems: string[] } {
    const config = new Map<string, PolicyConfigEntry>();
    if (!isRecord(raw)) return { config, problems: [`(settings): expected an object of policy names, got ${describeValue(raw)}`] };
    const problems: string[] = [];
    const byName = new Map(policies.map((p) => [p.name, p]));
    const levelAt = (path: string, value: unknown): EnforcementLevel | undefined => {
        if (ENFORCEMENT_LEVELS.includes(value as EnforcementLevel)) return value as EnforcementLevel;
        problems.push(`${path}: ${describeValue(value)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}`);
        return undefined;
    };
    for (const [key, value] of Object.entries(raw)) {
        const policy = byName.get(key);
        if (key !== "all" && !policy) {
            problems.push(`${key}: no such policy; allowed: all, ${[...byName.keys()].join(", ")}`);
            continue;
        }
        if (typeof value === "string") {
            const enforcementLevel = levelAt(key, value);
            if (enforcementLevel) config.set(key, { enforcementLevel });
            continue;
        }
        if (!isRecord(value)) {
            problems.push(`${key}: ${describeValue(value)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}, nor an object of settings`);
            continue;
        }
        const { enforcementLevel: level, ...properties } = value;
        const enforcementLevel = level === undefined ? undefined : levelAt(`${key}.enforcementLevel`, level);
        if (key === "all") {
            // The engine applies only the level of `all` to the policies (config.go:340-348).
            for (const property of Object.keys(properties)) problems.push(`all.${property}: unknown key; allowed: enforcementLevel`);
        } else {
            problems.push(...propertyProblems(policy!, properties));
        }
        config.set(key, { ...(enforcementLevel ? { enforcementLevel } : {}), ...(Object.keys(properties).length > 0 ? { properties } : {}) });
    }
    return { config, problems };
}

/** A policy's properties checked against its config schema, each problem as `<policy>.<path>: <problem>`. */
function propertyProblems(policy: Policy, properties: Record<string, unknown>): string[] {
    try {
        parseWith(configSchemaOf(policy), properties, `config of ${policy.name}`);
        return [];
    } catch (err) {
        if (!(err instanceof SpecValidationError)) throw err;
        return err.problems.map((p) => `${policy.name}.${p.path}: ${p.message}`);
    }
}

/** The one error text for invalid settings: where they came from, then every problem. */
export function invalidSettingsMessage(source: string, problems: readonly string[]): string {
    return `${source}: invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

/** A policy's level and properties after the engine's merge. */
export interface ReconciledPolicy {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

/**
 * The engine's merge of a pack's config, transcribed from ReconcilePolicyPackConfig
 * (pkg/resource/analyzer/config.go:304-372 @ 1b5949891b3c): each policy starts at the level it
 * declares (createConfigWithDefaults, lines 275-302, whose schema defaults the policies' own
 * schemas fill in later here); the pack's initial config is applied, then the config from the
 * file. Applying a config sets `all`'s level on every policy first, then each policy's own entry:
 * its level when it gives one, its properties copied over the ones before, key by key (lines
 * 337-372). So a file's `all` overrides the levels the pack chose.
 */
export function reconcilePackConfig(policies: readonly Policy[], initial: ParsedPackConfig | undefined, config: ParsedPackConfig | undefined): Map<string, ReconciledPolicy> {
    const result = new Map<string, ReconciledPolicy>(policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel ?? "advisory", properties: {} }]));
    for (const apply of [initial, config]) {
        if (!apply) continue;
        const all = apply.get("all")?.enforcementLevel;
        if (all) for (const [name, entry] of result) result.set(name, { ...entry, enforcementLevel: all });
        for (const [name, given] of apply) {
            const before = result.get(name);
            // The engine keeps an entry for any key, `all` included (line 366); no policy reads those.
            if (!before) continue;
            result.set(name, { enforcementLevel: given.enforcementLevel ?? before.enforcementLevel, properties: { ...before.properties, ...given.properties } });
        }
    }
    return result;
}

/**
 * What a pack built from these settings hands the engine: the policies at their levels, and the
 * initial config of those given properties, each entry carrying the policy's level. An entry
 * without one would reach the engine at the protocol's default level, ADVISORY (@pulumi/policy
 * protoutil.js makeAnalyzerInfo sets a level only when the entry has one; the engine converts the
 * unset 0 to "advisory": pkg/resource/plugin/analyzer_plugin.go:550 and 937-950, 823-827), and the
 * engine applies an initial config's level over the policy's (config.go:359-361): a mandatory
 * policy given a waiver would turn advisory under `pulumi preview --policy-pack`.
 */
export function packFromSettings<P extends Policy>(policies: readonly P[], settings: ParsedPackConfig): { policies: P[]; initialConfig: PolicyPackConfig } {
    const reconciled = reconcilePackConfig(policies, undefined, settings);
    const initialConfig: PolicyPackConfig = {};
    const leveled = policies.map((policy) => {
        const { enforcementLevel } = reconciled.get(policy.name)!;
        const properties = settings.get(policy.name)?.properties;
        if (properties) initialConfig[policy.name] = { ...properties, enforcementLevel };
        return enforcementLevel === policy.enforcementLevel ? policy : atEnforcementLevel(policy, enforcementLevel);
    });
    return { policies: leveled, initialConfig };
}

/**
 * A pack's policies and initial config from its settings, as `OicDrPolicies` builds them; throws
 * one error, headed by `source`, that lists every problem.
 */
export function resolvePackSettings<P extends Policy>(policies: readonly P[], settings: unknown, source: string): { policies: P[]; initialConfig: PolicyPackConfig } {
    const { config, problems } = parsePackConfig(settings, policies);
    if (problems.length > 0) throw new Error(invalidSettingsMessage(source, problems));
    return packFromSettings(policies, config);
}
