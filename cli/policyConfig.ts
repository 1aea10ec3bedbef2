/**
 * Policy configuration in the format of `pulumi preview --policy-pack-config`: a JSON object whose
 * keys are policy names (or `all`) and whose values are an enforcement level or an object with
 * `enforcementLevel` and the policy's own settings (including `waivers`).
 */
import * as fs from "node:fs";
import type { EnforcementLevel, Policies, Policy, ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { z } from "zod";
import { parseWith, SpecValidationError } from "../components/validation";
import { markResourceType, resourceTypeOf } from "../policies/framework";
import { isRecord, ProgramError } from "./project";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface PolicySettings {
    readonly enforcementLevel: EnforcementLevel;
    /** The policy's settings, validated, defaults filled in. */
    readonly config: Record<string, unknown>;
}

/** Zod schema of each policy's config, by policy name (the policies publish them). */
export type PolicyConfigSchemas = ReadonlyMap<string, z.ZodType>;


/** Reads and validates the file; every problem is reported at once. */
export function loadPolicyConfig(file: string | undefined, policies: Policies, schemas: PolicyConfigSchemas): Map<string, PolicySettings> {
    let raw: unknown = {};
    if (file) {
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch {
            throw new ProgramError(`policy config not found: ${file}`);
        }
        try {
            raw = JSON.parse(text);
        } catch (err) {
            throw new ProgramError(`policy config ${file} is not valid JSON: ${(err as Error).message}`);
        }
    }
    return resolvePolicyConfig(raw, policies, schemas, file ?? "policy config");
}

/** Each policy's effective level and settings, from the raw config object. */
export function resolvePolicyConfig(raw: unknown, policies: Policies, schemas: PolicyConfigSchemas, source: string): Map<string, PolicySettings> {
    if (!isRecord(raw)) throw new ProgramError(`${source} must be a JSON object of policy names`);
    const problems: string[] = [];
    const known = new Set(policies.map((p) => p.name));
    for (const key of Object.keys(raw)) {
        if (key !== "all" && !known.has(key)) problems.push(`${key}: no such policy; policies: all, ${[...known].join(", ")}`);
    }
    const levelOf = (key: string, value: unknown): EnforcementLevel | undefined => {
        const level = isRecord(value) ? value.enforcementLevel : value;
        if (level === undefined) return undefined;
        if (!ENFORCEMENT_LEVELS.includes(level as EnforcementLevel)) {
            problems.push(`${key}.enforcementLevel: ${JSON.stringify(level)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}`);
            return undefined;
        }
        return level as EnforcementLevel;
    };
    const packLevel = levelOf("all", raw.all);
    const settings = new Map<string, PolicySettings>();
    for (const policy of policies) {
        const entry = raw[policy.name];
        const level = levelOf(policy.name, entry) ?? packLevel ?? policy.enforcementLevel ?? "advisory";
        const { enforcementLevel: _level, ...props } = isRecord(entry) ? entry : {};
        let config: Record<string, unknown> = {};
        try {
            config = parseWith(schemas.get(policy.name)!, props, `config of ${policy.name}`) as Record<string, unknown>;
        } catch (err) {
            if (!(err instanceof SpecValidationError)) throw err;
            problems.push(...err.problems.map((p) => `${policy.name}.${p.path}: ${p.message}`));
        }
        settings.set(policy.name, { enforcementLevel: level, config });
    }
    if (problems.length > 0) {
        throw new ProgramError(`${source} is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return settings;
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
