/**
 * The plan report: every resource a program declares, with the region it lands in and its inputs,
 * and the stack's outputs. `check` fills in the violations; `plan` leaves them empty.
 */
import * as path from "node:path";
import { OCI_TYPES } from "../facts/drSupport";
import { partnerRegion } from "../facts/regions";
import { asRegion, regionValue, type RegionReader } from "../facts/resourceRegion";
import { displayProperties, WIRE } from "./displayValues";
import { providerUrn, type RecordedResource } from "./offlineEngine";
import { secretStrings } from "./redact";
import type { ProgramRun } from "./runProgram";

/** How resources without a region are grouped and labelled. */
export const NO_REGION = "(no region)";

/** Regions by name, resources without one last: the same program always reads the same way. */
export function compareRegions(a: string, b: string): number {
    return Number(a === NO_REGION) - Number(b === NO_REGION) || a.localeCompare(b);
}

export interface PlannedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** The region it is in (facts/resourceRegion.ts), or null (components, other clouds, unknown). */
    readonly region: string | null;
    readonly parent: string | null;
    /** Its inputs as a reviewer may read them (displayValues.ts): secrets and unknowns masked. */
    readonly inputs: Readonly<Record<string, unknown>>;
}

export interface Violation {
    readonly policy: string;
    /**
     * The finding's id, `<policy>[<finding>]`, as a waiver names it; absent for the engine's own
     * note that a policy could not run during preview. The message does not repeat it.
     */
    readonly finding?: string;
    readonly enforcementLevel: "mandatory" | "advisory";
    readonly urn: string;
    readonly message: string;
    /** The reason a waiver gave, when the violation is waived. */
    readonly waived?: string;
}

export interface PlanReport {
    readonly program: string;
    readonly stack: string;
    readonly resources: readonly PlannedResource[];
    /** What the program exports (the stack's outputs), masked as inputs are. */
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly violations: readonly Violation[];
    readonly summary: { readonly resources: number; readonly mandatory: number; readonly advisory: number };
}

/**
 * The region of each resource, by the one rule (facts/resourceRegion.ts), read from the
 * recorded registrations: a resource's provider is the OCI provider it names, or for an OCI
 * resource naming none, the default provider the engine builds from the stack's `oci:` config.
 */
export function resolveRegions(resources: readonly RecordedResource[], config: Record<string, string>): Map<string, string | null> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const reader = (r: RecordedResource): RegionReader => ({ type: r.type, read: (property) => r.inputs[property] });
    const defaultProvider: RegionReader = { type: OCI_TYPES.provider, read: (property) => config[`oci:${property}`] };
    const providerOf = (r: RecordedResource): RegionReader | undefined => {
        if (!r.custom) return undefined;
        if (r.provider) {
            const provider = byUrn.get(providerUrn(r.provider)!);
            return provider && reader(provider);
        }
        return r.type.startsWith("oci:") ? defaultProvider : undefined;
    };
    return new Map(resources.map((r) => [r.urn, asRegion(regionValue(reader(r), providerOf(r)), WIRE.unknown) ?? null]));
}

/** A DR-enabled instance of the plan, with the region of its primary and of its Oracle-managed standby. */
export interface DrInstance {
    readonly resource: PlannedResource;
    readonly primary: string;
    /** The partner region (facts/regions.ts), or null when the primary's region has none. */
    readonly standby: string | null;
}

/**
 * The DR-enabled instances: the instance is created in its provider's region, the primary;
 * Oracle creates the standby in the partner region.
 */
export function drInstances(report: Pick<PlanReport, "resources">): DrInstance[] {
    return report.resources
        .filter((r) => r.type === OCI_TYPES.integrationInstance && r.inputs.isDisasterRecoveryEnabled === true && r.region !== null)
        .map((r) => ({ resource: r, primary: r.region!, standby: partnerRegion(r.region!)?.identifier ?? null }));
}

export type RegionRole = "primary" | "standby";

/** The role(s) each region plays for the plan's DR instances (a region can hold the primary of one pair and the standby of another). */
export function regionRoles(report: Pick<PlanReport, "resources">): Map<string, RegionRole[]> {
    const roles = new Map<string, Set<RegionRole>>();
    const add = (region: string, role: RegionRole) => roles.set(region, (roles.get(region) ?? new Set()).add(role));
    for (const dr of drInstances(report)) {
        add(dr.primary, "primary");
        if (dr.standby) add(dr.standby, "standby");
    }
    return new Map([...roles].map(([region, set]) => [region, (["primary", "standby"] as const).filter((role) => set.has(role))]));
}

/** Counts only violations that are not waived: a waived one is reported but does not fail the run. */
export function summarize(resourceCount: number, violations: readonly Violation[]): PlanReport["summary"] {
    const open = violations.filter((v) => v.waived === undefined);
    return {
        resources: resourceCount,
        mandatory: open.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: open.filter((v) => v.enforcementLevel === "advisory").length,
    };
}

/**
 * The report of a run. Values are made displayable here and only here: every input and output
 * masked (secrets, unknowns) and redacted (secret config plaintexts, URL credentials) once.
 */
export function buildPlanReport(run: ProgramRun, violations: readonly Violation[] = []): PlanReport {
    const regions = resolveRegions(run.resources, run.stackConfig.values);
    const secrets = secretStrings(run.stackConfig.values, run.stackConfig.secretKeys);
    const resources = run.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        region: regions.get(r.urn) ?? null,
        parent: r.parent ?? null,
        inputs: displayProperties(r.inputs, secrets),
    }));
    return {
        program: path.relative(process.cwd(), run.project.dir) || ".",
        stack: run.stackConfig.stack,
        resources,
        outputs: displayProperties(run.stackOutputs, secrets),
        violations,
        summary: summarize(resources.length, violations),
    };
}
