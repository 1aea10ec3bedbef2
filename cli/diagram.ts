/**
 * `plan --format mermaid`: the two regions of the pair, what lives in each, and what watches
 * what (probes across regions, alarms to topics, subscriptions), as a Mermaid flowchart.
 *
 * Edges come from the engine's property dependencies, so they show what the program wires, not
 * what its names suggest. Each DR instance and the one Oracle creates say which is primary: as the
 * stack's outputs recorded it (`--stack-outputs`), else as declared, and labelled so.
 */
import { OCI_TYPES } from "../facts/drSupport";
import { drRegion } from "../facts/regions";
import type { RecordedResource } from "../engine/offlineEngine";
import { NAME_WIDTH, terminalText } from "../operations/terminalText";
import { compareRegions, drInstances, NO_REGION, regionRoles, type DrInstance, type PlanReport } from "../engine/plan";

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
/**
 * Mermaid labels: quotes and brackets would end them, a backtick open Markdown, a line break end
 * the statement; `#` starts an entity code (`#quot;`), so it is written as one (`#35;`: Mermaid's
 * decimal entity codes, as `#quot;` and `#9829;` in knsv/mermaid issue 193, released in 0.5.2). Control and bidi characters are escaped
 * and long names cut, as in the table (operations/terminalText.ts).
 */
const text = (value: string) =>
    terminalText(value, { max: NAME_WIDTH })
        .replace(/#/g, "#35;")
        .replace(/["[\]{}<>`]/g, "'");

function regionTitle(region: string, roles: ReadonlyMap<string, readonly string[]>): string {
    const known = drRegion(region);
    const role = roles.get(region);
    return (known ? `${region} (${known.displayName})` : region) + (role?.length ? `, ${role.join(" and ")}` : "");
}

/** The role of the pair's instance in `region`: "primary since <time>", or "standby (declared)". */
function roleIn(dr: DrInstance, region: string): string {
    const role = region === dr.roles.activeRegion ? "primary" : "standby";
    if (dr.roles.source === "declared") return `${role} (declared)`;
    return dr.roles.since === null ? role : `${role} since ${dr.roles.since}`;
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

    const instances = new Map(drInstances(report).map((dr) => [dr.resource.urn, dr]));
    const roleLine = (r: (typeof shown)[number]) => {
        const dr = instances.get(r.urn);
        return dr ? `<br/>${text(roleIn(dr, dr.primary))}` : "";
    };
    for (const r of shown) place(r.region ?? NO_REGION, `${ids.get(r.urn)}["${text(shortType(r.type))}<br/>${text(r.name)}${roleLine(r)}"]`);

    // Oracle creates the other instance itself: draw it in the partner region; the primary, whichever it is, replicates to the standby.
    const partnerOf = new Map<string, string>();
    shown
        .filter((r) => instances.has(r.urn))
        .forEach((r, i) => {
            const dr = instances.get(r.urn)!;
            if (!dr.standby) return;
            const id = `s${i}`;
            partnerOf.set(r.urn, id);
            place(dr.standby, `${id}(["${text(r.name)}, Oracle-managed<br/>${text(roleIn(dr, dr.standby))}"])`);
            const declaredOne = ids.get(r.urn)!;
            edges.push(dr.roles.activeRegion === dr.primary ? `${declaredOne} -. replicates to .-> ${id}` : `${id} -. replicates to .-> ${declaredOne}`);
        });

    for (const r of shown) {
        const from = ids.get(r.urn)!;
        for (const { property, label } of EDGES.filter((e) => e.type === r.type)) {
            for (const target of recorded.get(r.urn)?.propertyDependencies[property] ?? []) {
                const targetPlan = shown.find((s) => s.urn === target);
                if (!targetPlan) continue;
                // A probe in the instance's own region watches the instance Oracle created, reached through the declared one's details.
                const watchesPartner = label === "probes" && targetPlan.region === r.region && partnerOf.has(target);
                edges.push(`${from} -- ${label} --> ${watchesPartner ? partnerOf.get(target) : ids.get(target)}`);
            }
        }
    }

    const regions = [...byRegion.keys()].sort(compareRegions);
    const roles = regionRoles(report);
    const lines = ["flowchart LR"];
    regions.forEach((region, i) => {
        lines.push(`  subgraph r${i}["${text(region === NO_REGION ? "no region" : regionTitle(region, roles))}"]`);
        lines.push(...byRegion.get(region)!.map((node) => `    ${node}`));
        lines.push("  end");
    });
    lines.push(...[...new Set(edges)].sort().map((edge) => `  ${edge}`));
    return lines.join("\n") + "\n";
}
