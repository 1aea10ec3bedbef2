/**
 * The plan report: every resource a program declares, with the region it lands in and its inputs,
 * and the stack's outputs. `check` fills in the violations; `plan` leaves them empty.
 */
import * as path from "node:path";
import type { DrPairOutputs } from "../components/drPairedIntegration/stackOutputs";
import { OCI_TYPES } from "../facts/drSupport";
import { partnerRegion } from "../facts/regions";
import { asRegion, regionValue, type RegionReader } from "../facts/resourceRegion";
import { displayProperties, WIRE } from "./displayValues";
import { providerUrn, ROOT_STACK_TYPE, type RecordedResource } from "./offlineEngine";
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
    /**
     * The stack's pairs as its outputs recorded them at the last `pulumi up` (`--stack-outputs`: the
     * `drPairs` entries by pair name, operations/addressing.ts readDrPairs); undefined without it.
     */
    readonly recordedPairs?: Readonly<Record<string, DrPairOutputs>>;
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

/**
 * Where a pair runs. The program runs offline: it declares the roles (the instance it creates is
 * primary) but cannot know the live ones, which move with every failover (DESIGN.md "Roles move");
 * the stack's outputs record them as the last `pulumi up` read them.
 */
export interface DrRoles {
    /** The region hosting the primary. */
    readonly activeRegion: string;
    /** The region hosting the standby; null when the instance's region has no DR partner. */
    readonly standbyRegion: string | null;
    /** When the roles last changed (RFC 3339), as recorded; null for declared roles or when not recorded. */
    readonly since: string | null;
    readonly source: "stack-outputs" | "declared";
    /** For declared roles: why the stack's are not shown. */
    readonly note?: string;
}

/** A DR-enabled instance of the plan, with the region it is created in and its partner's. */
export interface DrInstance {
    readonly resource: PlannedResource;
    /** The region the instance is created in: the primary as declared. */
    readonly primary: string;
    /** The partner region (facts/regions.ts), where Oracle creates the other instance; null when the primary's region has none. */
    readonly standby: string | null;
    /** The name of the component the instance belongs to: for a DrPairedIntegration, its key in `drPairs`. */
    readonly pair: string | null;
    readonly roles: DrRoles;
}

export const DECLARED_ROLES_NOTE = "declared; live roles: pulumi up reads them, pass --stack-outputs";

/** The roles of a pair: those the stack's outputs recorded when they name it in these regions, else the declared ones, saying why. */
function rolesOf(
    primary: string,
    standby: string | null,
    pair: string | null,
    recorded: PlanReport["recordedPairs"],
): DrRoles {
    const declared = (note: string): DrRoles => ({ activeRegion: primary, standbyRegion: standby, since: null, source: "declared", note });
    // An instance outside any component is no DrPairedIntegration's: no drPairs entry records its roles.
    if (pair === null) return declared("declared");
    if (recorded === undefined) return declared(DECLARED_ROLES_NOTE);
    const entry = recorded[pair];
    if (entry === undefined) return declared(`declared; the stack outputs record no pair "${pair}"`);
    if (entry.primaryRegion !== primary || entry.secondaryRegion !== standby) {
        return declared(`declared; the stack outputs' pair "${pair}" is in ${entry.primaryRegion} and ${entry.secondaryRegion}, not these regions`);
    }
    if (entry.activeRegion === undefined) {
        return declared(`declared; the stack outputs' pair "${pair}" records no activeRegion (a stack of an earlier release: pulumi up records it)`);
    }
    const activeRegion = entry.activeRegion;
    return { activeRegion, standbyRegion: activeRegion === primary ? standby : primary, since: entry.rolesSince ?? null, source: "stack-outputs" };
}

/**
 * The DR-enabled instances: the instance is created in its provider's region, the declared
 * primary; Oracle creates the other in the partner region. Their roles are the stack outputs'
 * when the report has them (matched by the instance's parent component's name, the pair's key in
 * `drPairs`), else the declared ones.
 */
export function drInstances(report: Pick<PlanReport, "resources" | "recordedPairs">): DrInstance[] {
    // A component's name; the stack (root of every resource without a parent component) is none.
    const names = new Map(report.resources.filter((r) => r.type !== ROOT_STACK_TYPE).map((r) => [r.urn, r.name]));
    return report.resources
        .filter((r) => r.type === OCI_TYPES.integrationInstance && r.inputs.isDisasterRecoveryEnabled === true && r.region !== null)
        .map((r) => {
            const primary = r.region!;
            const standby = partnerRegion(primary)?.identifier ?? null;
            const pair = (r.parent !== null && names.get(r.parent)) || null;
            return { resource: r, primary, standby, pair, roles: rolesOf(primary, standby, pair, report.recordedPairs) };
        });
}

export type RegionRole = "primary" | "standby";

/** The role(s) each region plays for the plan's DR instances (a region can hold the primary of one pair and the standby of another). */
export function regionRoles(report: Pick<PlanReport, "resources" | "recordedPairs">): Map<string, RegionRole[]> {
    const roles = new Map<string, Set<RegionRole>>();
    const add = (region: string, role: RegionRole) => roles.set(region, (roles.get(region) ?? new Set()).add(role));
    for (const { roles: dr } of drInstances(report)) {
        add(dr.activeRegion, "primary");
        if (dr.standbyRegion) add(dr.standbyRegion, "standby");
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
 * `recordedPairs`: the stack outputs' pairs (`--stack-outputs`), whose roles the report shows.
 */
export function buildPlanReport(run: ProgramRun, violations: readonly Violation[] = [], recordedPairs?: PlanReport["recordedPairs"]): PlanReport {
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
        ...(recordedPairs === undefined ? {} : { recordedPairs }),
    };
}
