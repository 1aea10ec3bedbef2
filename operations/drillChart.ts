/**
 * The RTO trend of the drill history as an SVG file a browser and GitHub show (GitHub renders an
 * SVG in a repository's Markdown as an image: no script, no external reference, no font file, all
 * of which this one avoids). One point per drill that timed a failover (its slowest leg, the
 * failover Oracle's RTO applies to), in the order they ran, joined by a line; the objective (RTO one
 * hour) drawn as a dashed line across.
 *
 * Written here rather than with a charting library: the libraries that draw such a chart headless
 * (vega with vega-lite, ~40 packages) or that help draw it (d3-scale, d3-shape) are ES modules
 * only, and the first would be a runtime dependency of every project that installs oic-dr for one
 * chart; d3 would still leave every element, the axes and the escaping to be written here. What is
 * drawn is a handful of elements: the text in it is escaped (xmlText), every number is finite and
 * rounded, and a test parses the file with a W3C DOM parser.
 */
import { RTO_SECONDS } from "../facts/recoveryObjectives";
import { measuredRtoSeconds, type DrillHistoryEntry } from "./drillHistory";
import { drillMetObjective } from "./drillReport";

const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 24, bottom: 56, left: 64 };

/** Text and attribute values as XML needs them (XML 1.0, section 2.4 and 3.1). */
function xmlText(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The y axis in minutes: up to the objective or the slowest drill, whichever is higher, in steps of 15 or a multiple. */
function minuteTicks(maxSeconds: number): number[] {
    const top = Math.max(RTO_SECONDS, maxSeconds) / 60;
    const step = 15 * Math.max(1, Math.ceil(top / 15 / 6));
    const ticks: number[] = [];
    for (let m = 0; m < top + step; m += step) ticks.push(m);
    return ticks;
}

export function renderDrillChart(entries: readonly DrillHistoryEntry[]): string {
    const points = entries.flatMap((e) => {
        const s = measuredRtoSeconds(e);
        return s === null ? [] : [{ entry: e, seconds: s }];
    });
    const ticks = minuteTicks(Math.max(0, ...points.map((p) => p.seconds)));
    const topSeconds = ticks.at(-1)! * 60;
    const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const y = (seconds: number) => round(MARGIN.top + plotHeight - (seconds / topSeconds) * plotHeight);
    // Drills evenly spaced in the order they ran: a trend over drills, with each one's date below it.
    const x = (i: number) => round(MARGIN.left + (points.length === 1 ? plotWidth / 2 : (i / (points.length - 1)) * plotWidth));
    const labelEvery = Math.max(1, Math.ceil(points.length / 8));
    const bottom = MARGIN.top + plotHeight;
    const right = MARGIN.left + plotWidth;
    const title = `RTO trend: ${points.length} drill${points.length === 1 ? "" : "s"}, slowest failover of each, against the objective of ${RTO_SECONDS / 60} minutes`;

    const parts = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="title" font-family="sans-serif" font-size="12">`,
        `<title id="title">${xmlText(title)}</title>`,
        `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
        `<text x="${MARGIN.left}" y="24" font-size="14" font-weight="bold">${xmlText("RTO trend (minutes, slowest failover of each drill)")}</text>`,
        ...ticks.map(
            (m) =>
                `<line x1="${MARGIN.left}" x2="${right}" y1="${y(m * 60)}" y2="${y(m * 60)}" stroke="#e5e5e5"/>` +
                `<text x="${MARGIN.left - 8}" y="${y(m * 60) + 4}" text-anchor="end" fill="#444444">${m}</text>`,
        ),
        `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}" stroke="#444444"/>`,
        `<line x1="${MARGIN.left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#444444"/>`,
        `<line class="objective" data-seconds="${RTO_SECONDS}" x1="${MARGIN.left}" x2="${right}" y1="${y(RTO_SECONDS)}" y2="${y(RTO_SECONDS)}" stroke="#c62828" stroke-width="2" stroke-dasharray="6 4"/>`,
        `<text x="${right}" y="${y(RTO_SECONDS) - 6}" text-anchor="end" fill="#c62828">${xmlText(`objective: RTO ${RTO_SECONDS / 60} min`)}</text>`,
    ];
    if (points.length > 1) {
        parts.push(`<polyline fill="none" stroke="#1565c0" stroke-width="2" points="${points.map((p, i) => `${x(i)},${y(p.seconds)}`).join(" ")}"/>`);
    }
    points.forEach((p, i) => {
        const met = drillMetObjective(p.entry);
        const label = `${p.entry.finishedAt.slice(0, 16).replace("T", " ")} UTC ${p.entry.result}: ${Math.round(p.seconds)} s`;
        parts.push(
            `<circle class="drill" data-seconds="${round(p.seconds)}" cx="${x(i)}" cy="${y(p.seconds)}" r="5" fill="${met ? "#2e7d32" : "#c62828"}"><title>${xmlText(label)}</title></circle>`,
        );
        if (i % labelEvery === 0 || i === points.length - 1) {
            parts.push(`<text x="${x(i)}" y="${bottom + 18}" text-anchor="middle" fill="#444444">${xmlText(p.entry.finishedAt.slice(0, 10))}</text>`);
        }
    });
    if (points.length === 0) parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle">no drill timed a failover yet</text>`);
    parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle" fill="#444444">drill (finished, UTC)</text>`, "</svg>", "");
    return parts.join("\n");
}
