/**
 * `plan --format mermaid`: the two regions of the pair, what lives in each, and what watches
 * what (probes across regions, alarms to topics, subscriptions), as a Mermaid flowchart.
 *
 * Edges come from the engine's property dependencies, so they show what the program wires, not
 * what its names suggest.
 */
import { OCI_TYPES } from "../facts/drSupport";
import { drRegion } from "../facts/regions";
import type { RecordedResource } from "../engine/offlineEngine";
import { compareRegions, drInstances, NO_REGION, type PlanReport } from "../engine/plan";

/** Property dependencies drawn as edges: from the dependent resource, labelled. */
const EDGES: ReadonlyArray<{ type: string; property: string; label: string }> = [
    { type: OCI_TYPES.pingMonitor, property: "targets", label: "probes" },
    { type: OCI_TYPES.httpMonitor, property: "targets", label: "probes" },
    { type: OCI_TYPES.alarm, property: "query", label: "alarms on" },
    { type: OCI_TYPES.alarm, property: "destinations", label: "notifies" },
    { type: OCI_TYPES.subscription, property: "topicId", label: "delivers" },
    { type: OCI_TYPES.dkim, property: "emailDomainId", label: "signs" },
];

const shortType = (type: string) => type.slice(type.lastIndexOf(":") + 1);
/** Mermaid labels: quotes and brackets would end them. */
const text = (value: string) => value.replace(/["[\]{}<>]/g, "'");

function regionTitle(region: string): string {
    const known = drRegion(region);
    return known ? `${region} (${known.displayName})` : region;
}

export function renderMermaid(report: PlanReport, resources: readonly RecordedResource[]): string {
    const recorded = new Map(resources.map((r) => [r.urn, r]));
    // Draw what exists in a region: custom resources, not providers, components or the stack.
    // Sorted, so the drawing does not depend on the order in which registrations completed.
    const shown = report.resources
        .filter((r) => recorded.get(r.urn)?.custom && !r.type.startsWith("pulumi:providers:"))
        .sort((a, b) => shortType(a.type).localeCompare(shortType(b.type)) || a.name.localeCompare(b.name));
    const ids = new Map(shown.map((r, i) => [r.urn, `n${i}`]));
    const byRegion = new Map<string, string[]>();
    const place = (region: string, line: string) => byRegion.set(region, [...(byRegion.get(region) ?? []), line]);
    const edges: string[] = [];

    for (const r of shown) place(r.region ?? NO_REGION, `${ids.get(r.urn)}["${text(shortType(r.type))}<br/>${text(r.name)}"]`);

    // Oracle creates the standby itself: draw it in the standby region, fed by the primary.
    const standbyRegions = new Map(drInstances(report).map((dr) => [dr.resource.urn, dr.standby]));
    const standbyOf = new Map<string, string>();
    shown
        .filter((r) => standbyRegions.has(r.urn))
        .forEach((r, i) => {
            const standby = standbyRegions.get(r.urn);
            if (!standby) return;
            const id = `s${i}`;
            standbyOf.set(r.urn, id);
            place(standby, `${id}(["standby of ${text(r.name)}<br/>Oracle-managed"])`);
            edges.push(`${ids.get(r.urn)} -. replicates to .-> ${id}`);
        });

    for (const r of shown) {
        const from = ids.get(r.urn)!;
        for (const { property, label } of EDGES.filter((e) => e.type === r.type)) {
            for (const target of recorded.get(r.urn)?.propertyDependencies[property] ?? []) {
                const targetPlan = shown.find((s) => s.urn === target);
                if (!targetPlan) continue;
                // A probe in the instance's own region watches the standby, reached through the primary's details.
                const watchesStandby = label === "probes" && targetPlan.region === r.region && standbyOf.has(target);
                edges.push(`${from} -- ${label} --> ${watchesStandby ? standbyOf.get(target) : ids.get(target)}`);
            }
        }
    }

    const regions = [...byRegion.keys()].sort(compareRegions);
    const lines = ["flowchart LR"];
    regions.forEach((region, i) => {
        lines.push(`  subgraph r${i}["${text(region === NO_REGION ? "no region" : regionTitle(region))}"]`);
        lines.push(...byRegion.get(region)!.map((node) => `    ${node}`));
        lines.push("  end");
    });
    lines.push(...[...new Set(edges)].sort().map((edge) => `  ${edge}`));
    return lines.join("\n") + "\n";
}
