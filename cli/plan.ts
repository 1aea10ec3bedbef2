/**
 * The plan report: every resource a program declares, with the region it lands in. `check` fills
 * in the violations; `plan` leaves them empty.
 */
import * as path from "node:path";
import { OCI_TYPES } from "../components/drSupport";
import { providerUrn, type RecordedResource } from "./offlineEngine";
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
    /** Region of the resource's OCI provider, or null (components, other clouds, unknown). */
    readonly region: string | null;
    readonly parent: string | null;
}

export interface Violation {
    readonly policy: string;
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
    readonly violations: readonly Violation[];
    readonly summary: { readonly resources: number; readonly mandatory: number; readonly advisory: number };
}

/** Region of each resource: its provider's `region` input, or `oci:region` for OCI resources on the default provider. */
export function resolveRegions(resources: readonly RecordedResource[], config: Record<string, string>): Map<string, string | null> {
    const providerRegions = new Map<string, string>();
    for (const r of resources) {
        if (r.type === OCI_TYPES.provider && typeof r.inputs.region === "string") providerRegions.set(r.urn, r.inputs.region);
    }
    const defaultRegion = config["oci:region"] ?? null;
    const regions = new Map<string, string | null>();
    for (const r of resources) {
        let region: string | null = null;
        if (r.type === OCI_TYPES.provider) region = providerRegions.get(r.urn) ?? null;
        else if (r.custom && r.provider) region = providerRegions.get(providerUrn(r.provider)!) ?? null;
        else if (r.custom && r.type.startsWith("oci:")) region = defaultRegion;
        regions.set(r.urn, region);
    }
    return regions;
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

export function buildPlanReport(run: ProgramRun, violations: readonly Violation[] = []): PlanReport {
    const regions = resolveRegions(run.resources, run.stackConfig.values);
    const resources = run.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        region: regions.get(r.urn) ?? null,
        parent: r.parent ?? null,
    }));
    return {
        program: path.relative(process.cwd(), run.project.dir) || ".",
        stack: run.stackConfig.stack,
        resources,
        violations,
        summary: summarize(resources.length, violations),
    };
}
