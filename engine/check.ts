/**
 * `oic-dr check`: runs the program as `plan` does, then evaluates the oic-dr policy pack through
 * `@pulumi/policy`'s analyzer, with the settings of the user's own pack (`--policy-pack`) and the
 * same config file as `pulumi preview --policy-pack-config`, merged as the engine merges them.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { policies, POLICY_PACK_NAME } from "../policies/policies";
import { analyzeResources } from "./analyze";
import { packageVersion } from "./ownPackage";
import { buildPlanReport, type PlanReport } from "./plan";
import { configurePolicies, loadPolicyConfig, policySettings, type PackSettings } from "./policyConfig";
import type { ProgramRun } from "./runProgram";

/** The pack's version is the package's. */
const PACK_VERSION = packageVersion();

/** Validates the pack's settings and the policy config file, and merges them; a bad one fails before the program's verdict. */
export function loadCheckConfig(policyConfigFile: string | undefined, pack?: PackSettings) {
    return policySettings(policies, pack, policyConfigFile === undefined ? undefined : loadPolicyConfig(policyConfigFile, policies));
}

/** The program's report with the pack's violations; `recordedPairs` as buildPlanReport takes them (`--stack-outputs`). */
export async function checkProgram(run: ProgramRun, settings: ReturnType<typeof loadCheckConfig>, recordedPairs?: PlanReport["recordedPairs"]): Promise<PlanReport> {
    const violations = await analyzeResources(run.resources, configurePolicies(policies, settings), settings, {
        packName: POLICY_PACK_NAME,
        packVersion: PACK_VERSION,
        stackConfig: run.stackConfig.values,
        project: run.project.name,
        stack: run.stackConfig.stack,
    });
    return buildPlanReport(run, violations, recordedPairs);
}

/** A policy of the pack as a rule, as the SARIF report describes it: its own level, and the level the check evaluated it at. */
export interface SarifRule {
    readonly name: string;
    readonly description: string;
    readonly defaultLevel: EnforcementLevel;
    readonly level: EnforcementLevel;
}

/** The tool that produced the findings: the pack and its policies. */
export interface SarifTool {
    readonly name: string;
    readonly version: string;
    readonly informationUri: string;
    readonly rules: readonly SarifRule[];
}

/** The pack as `--format sarif` describes it: each policy with its own level and the level this check evaluated it at. */
export function sarifTool(settings: ReturnType<typeof loadCheckConfig>): SarifTool {
    const evaluated = new Map(configurePolicies(policies, settings).map((p) => [p.name, p.enforcementLevel ?? "advisory"]));
    return {
        name: POLICY_PACK_NAME,
        version: PACK_VERSION,
        informationUri: "https://www.npmjs.com/package/oic-dr",
        rules: policies.map((p) => ({ name: p.name, description: p.description, defaultLevel: p.enforcementLevel ?? "advisory", level: evaluated.get(p.name) ?? "disabled" })),
    };
}
