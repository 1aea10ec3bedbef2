/**
 * Policy configuration in the format of `pulumi preview --policy-pack-config`, read as the engine
 * reads it (pulumi/pulumi pkg/resource/analyzer/config.go:93-158 @ 1b5949891b3c), validated by the
 * pack's own validator (policies/packConfig.ts), so a problem reads the same in a file and in
 * `OicDrPolicies`' arguments, and merged over a pack's settings as the engine merges them.
 */
import * as fs from "node:fs";
import { shownPath } from "../text/shownValue";
import type { EnforcementLevel, Policies, Policy, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { parseWith, SpecValidationError } from "../components/support/validation";
import { configSchemaOf, markResourceType, resourceTypeOf } from "../policies/framework";
import { invalidSettingsMessage, packFromSettings, parsePackConfig, reconcilePackConfig, type ParsedPackConfig } from "../policies/packConfig";
import { ProgramError } from "./project";

export { ENFORCEMENT_LEVELS } from "../policies/packConfig";

export interface PolicySettings {
    readonly enforcementLevel: EnforcementLevel;
    /** The policy's settings, validated, defaults filled in. */
    readonly config: Record<string, unknown>;
}

/** Settings of a user's pack: the arguments it constructs `OicDrPolicies` with, and where they came from. */
export interface PackSettings {
    readonly source: string;
    readonly settings: unknown;
}

/**
 * Reads and validates the file; every problem is reported at once. As the engine reads it: an
 * empty file is no config (config.go:96-99), and `environments` names ESC environments
 * (config.go:106-122), whose variables reach the pack's process. No oic-dr policy reads one, so
 * offline they are checked for their shape and not opened.
 */
export function loadPolicyConfig(file: string, policies: Policies): ParsedPackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ProgramError(`policy config not found: ${shownPath(file)}`);
    }
    if (text.trim() === "") return new Map();
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (err) {
        // JSON.parse quotes the text around the mistake: say where it is, not what is there.
        throw new ProgramError(`policy config ${shownPath(file)} is not valid JSON${jsonErrorPlace(err)}`);
    }
    const problems: string[] = [];
    if (typeof raw === "object" && raw !== null && !Array.isArray(raw) && "environments" in raw) {
        const { environments, ...rest } = raw as Record<string, unknown>;
        if (!Array.isArray(environments) || !environments.every((e) => typeof e === "string")) {
            problems.push(`environments: ${JSON.stringify(environments)} is not allowed; allowed: an array of ESC environment names`);
        }
        raw = rest;
    }
    const parsed = parsePackConfig(raw, policies);
    problems.push(...parsed.problems);
    if (problems.length > 0) throw new ProgramError(invalidSettingsMessage(file, problems));
    return parsed.config;
}

/**
 * Each policy's level and settings as the engine would configure the pack: the pack's policies
 * and initial config built from the user's `OicDrPolicies` settings (the default pack without
 * them), then the config file merged over them (config.go:304-372; see reconcilePackConfig).
 */
export function policySettings(policies: Policies, pack: PackSettings | undefined, fromFile: ParsedPackConfig | undefined): Map<string, PolicySettings> {
    let packPolicies: readonly Policy[] = policies;
    let initialConfig: ParsedPackConfig | undefined;
    if (pack) {
        const parsed = parsePackConfig(pack.settings, policies);
        if (parsed.problems.length > 0) throw new ProgramError(invalidSettingsMessage(pack.source, parsed.problems));
        const built = packFromSettings(policies, parsed.config);
        packPolicies = built.policies;
        initialConfig = parsePackConfig(built.initialConfig, policies).config;
    }
    const problems: string[] = [];
    const settings = new Map<string, PolicySettings>();
    for (const [name, { enforcementLevel, properties }] of reconcilePackConfig(packPolicies, initialConfig, fromFile)) {
        const policy = policies.find((p) => p.name === name)!;
        let config: Record<string, unknown> = {};
        try {
            // The engine validates the merged config against the schema (config.go:326-333); here
            // the schema also fills in defaults.
            config = parseWith(configSchemaOf(policy), properties, `config of ${name}`) as Record<string, unknown>;
        } catch (err) {
            if (!(err instanceof SpecValidationError)) throw err;
            problems.push(...err.problems.map((p) => `${name}.${p.path}: ${p.message}`));
        }
        settings.set(name, { enforcementLevel, config });
    }
    if (problems.length > 0) throw new ProgramError(invalidSettingsMessage("policy config", problems));
    return settings;
}

/** Each policy's effective level and settings, from a raw config object. */
export function resolvePolicyConfig(raw: unknown, policies: Policies, source: string): Map<string, PolicySettings> {
    const parsed = parsePackConfig(raw, policies);
    if (parsed.problems.length > 0) throw new ProgramError(invalidSettingsMessage(source, parsed.problems));
    return policySettings(policies, undefined, parsed.config);
}

/**
 * The policies as the engine would run them under this config, but for waivers: disabled ones
 * dropped, levels set, and `getConfig()` answering with each policy's settings without its
 * `waivers`. The policies then report every finding as found, at its configured level, and
 * `analyzeResources` applies the waivers to those findings as data (`applyWaivers`, as the pack does).
 */
export function configurePolicies(policies: Policies, settings: ReadonlyMap<string, PolicySettings>): Policies {
    return policies.flatMap((policy): Policies => {
        const { enforcementLevel, config: withWaivers } = settings.get(policy.name) ?? { enforcementLevel: policy.enforcementLevel ?? "advisory", config: {} };
        if (enforcementLevel === "disabled") return [];
        const { waivers: _appliedByTheCaller, ...config } = withWaivers;
        const getConfig = <T extends object>() => config as T;
        const base: Policy = { ...policy, enforcementLevel };
        if ("validateStack" in policy && policy.validateStack) {
            const validateStack = policy.validateStack;
            return [{ ...base, validateStack: (args, report) => validateStack({ ...args, getConfig }, report) } as StackValidationPolicy];
        }
        const configure = (validate: ResourceValidation): ResourceValidation => {
            const configured: ResourceValidation = (args, report) => validate({ ...args, getConfig }, report);
            markResourceType(configured, resourceTypeOf(validate));
            return configured;
        };
        const { validateResource } = policy as ResourceValidationPolicy;
        return [
            {
                ...base,
                // One function stays one function: only then does the engine skip other types early.
                validateResource: Array.isArray(validateResource) ? validateResource.map(configure) : validateResource && configure(validateResource),
            } as ResourceValidationPolicy,
        ];
    });
}

/** " (at position 12)" from a JSON.parse error, or nothing: where the mistake is, without the text there. */
function jsonErrorPlace(err: unknown): string {
    const position = /position (\d+)/.exec(String((err as Error)?.message))?.[1];
    return position === undefined ? "" : ` (at position ${position})`;
}
