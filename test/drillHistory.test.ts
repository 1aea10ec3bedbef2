/**
 * Drill history and trend (issue 23, item 2) and the readiness check `last-drill`, through the
 * command line (main): `oic-dr drill --history FILE` against the Integration API fake
 * (./fakes/integrationApiServer.ts, the real signed `oci-integration` client), `oic-dr drill-report`
 * on the file it wrote, and `oic-dr readiness --history FILE`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { main } from "../cli/main";
import { DRILL_REPORT_EXITS } from "../cli/drillReportCommand";
import { RTO_SECONDS } from "../facts/recoveryObjectives";
import { percentiles } from "../operations/drillReport";
import { REPO_ROOT } from "./cliRunner";
import { ASHBURN, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, useIntegrationApiFake } from "./operationsFixture";

const api = useIntegrationApiFake();
const TUNING = { retryBaseDelaySeconds: 0.001, maxAttempts: 2, pollIntervalSeconds: 0.01 };
const CLIENT_SECRET = "idcscs-planted-drill-history-secret-7f3a";
const ENV = { OIC_DR_CLIENT_SECRET: CLIENT_SECRET };

async function oicDr(args: string[], connection = true, confirm?: () => Promise<boolean>): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const fast = connection ? ["--config-file", api.key.configFile, "--profile", PROFILE, "--timeout", "10"] : [];
    const code = await main([args[0]!, ...fast, ...args.slice(1)], { out: (t) => (out += t), err: (t) => (err += t), env: ENV, confirm }, { tuning: TUNING });
    return { code, out, err };
}

const drill = (history: string, ...more: string[]) =>
    oicDr(["drill", "--instance", PRIMARY_ID, "--region", ASHBURN, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX), "--yes", "--quiet", "--history", history, ...more]);

/** A history line as `drill --history` writes it, for the report's and the check's own cases. */
function line(finishedAt: string, legSeconds: [number, number], result = "PASSED", primary = PRIMARY_ID, standby = STANDBY_ID): string {
    const leg = (name: string, instance: string, region: string, seconds: number) => ({
        name, instance, region, workRequest: "ocid1.integrationworkrequest.oc1..x", status: "SUCCEEDED", seconds, withinRto: seconds <= RTO_SECONDS, checks: null,
    });
    return JSON.stringify({
        v: 1, startedAt: finishedAt, finishedAt, result, reason: result === "PASSED" ? null : "switchover took too long", rtoSeconds: RTO_SECONDS,
        primary: { instance: primary, region: ASHBURN }, standby: { instance: standby, region: PHOENIX },
        legs: [leg("switchover", standby, PHOENIX, legSeconds[0]), leg("switchback", primary, ASHBURN, legSeconds[1])], postFailoverChecks: "NOT_RUN",
    });
}

function historyFile(name: string, lines: string[]): string {
    const file = join(api.key.dir, name);
    writeFileSync(file, lines.map((l) => `${l}\n`).join(""));
    return file;
}

describe("oic-dr drill --history", () => {
    it("appends one JSON line per drill, creating the file, the earlier line untouched; no secret in it", async () => {
        const file = join(api.key.dir, "drills.jsonl");
        expect(existsSync(file)).toBe(false);
        // With an OAuth client whose token endpoint does not answer: the checks error, the drill is recorded FAILED.
        const oauth = ["--token-url", "http://127.0.0.1:9/oauth2/v1/token", "--scope", "https://iad.example/urn:opc:resource:consumer::all", "--client-id", "drill-client"];
        const first = await drill(file, ...oauth);
        expect(first.code, first.err).toBe(1);
        const afterFirst = readFileSync(file, "utf8");
        expect(afterFirst.split("\n")).toHaveLength(2);

        const second = await drill(file);
        expect(second.code, second.err).toBe(0);
        const text = readFileSync(file, "utf8");
        expect(text.startsWith(afterFirst)).toBe(true);
        const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
        expect(lines).toHaveLength(2);
        expect(lines[1]).toMatchObject({
            v: 1,
            result: "PASSED",
            rtoSeconds: RTO_SECONDS,
            primary: { instance: PRIMARY_ID, region: ASHBURN },
            standby: { instance: STANDBY_ID, region: PHOENIX },
            postFailoverChecks: "NOT_RUN",
        });
        expect(lines[1].legs.map((l: { name: string; region: string; status: string }) => `${l.name} ${l.region} ${l.status}`)).toEqual([`switchover ${PHOENIX} SUCCEEDED`, `switchback ${ASHBURN} SUCCEEDED`]);
        expect(typeof lines[1].legs[0].seconds).toBe("number");
        expect(Date.parse(lines[1].finishedAt)).toBeGreaterThanOrEqual(Date.parse(lines[1].startedAt));
        expect(lines[0]).toMatchObject({ result: "FAILED", postFailoverChecks: "RUN" });
        expect(lines[0].legs[0].checks[0]).toMatchObject({ check: "post-failover", status: "error" });
        for (const output of [text, first.out, first.err, second.out, second.err]) expect(output).not.toContain(CLIENT_SECRET);
    });

    it("a history whose last line lost its line end (an editor's save) gets one first: the earlier line stays whole", async () => {
        const file = join(api.key.dir, "cut.jsonl");
        await drill(file);
        const earlier = readFileSync(file, "utf8").trimEnd();
        writeFileSync(file, earlier);
        const run = await drill(file);
        expect(run.code, run.err).toBe(0);
        const lines = readFileSync(file, "utf8").split("\n");
        expect(lines[0]).toBe(earlier);
        expect(lines.slice(1).filter(Boolean).map((l) => JSON.parse(l).result)).toEqual(["PASSED"]);
    });

    it("a history that cannot be written stops the drill before anything fails over (exit 2)", async () => {
        const run = await drill(join(api.key.dir, "no-such-dir", "drills.jsonl"));
        expect(run.code).toBe(2);
        expect(run.err).toMatch(/^oic-dr drill: --history \S*no-such-dir\/drills.jsonl cannot be appended to: ENOENT/);
        expect(api.fake.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
    });

    it("a drill the operator declined did not take place: nothing is appended", async () => {
        const file = join(api.key.dir, "declined.jsonl");
        const run = await oicDr(["drill", "--instance", PRIMARY_ID, "--region", ASHBURN, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX), "--quiet", "--history", file], true, async () => false);
        expect(run.code).toBe(1);
        expect(existsSync(file)).toBe(false);
    });
});

describe("oic-dr drill-report", () => {
    it("renders the history as Markdown with percentiles and the objective, and the SVG chart: one point per drill, the objective line", async () => {
        const file = historyFile("report.jsonl", [line("2026-09-01T10:00:00.000Z", [600, 700]), line("2026-10-01T10:00:00.000Z", [900, 800]), line("2026-11-01T10:00:00.000Z", [1200, 300])]);
        const chart = join(api.key.dir, "rto.svg");
        const run = await oicDr(["drill-report", file, "--chart", chart], false);
        expect(run.code, run.err).toBe(0);
        expect(run.out.split("\n")[0]).toBe("# DR drills: last PASSED on 2026-11-01");
        expect(run.out).toContain("Objective: RTO 3600 s (one hour) for each failover");
        expect(run.out).toContain(`](${chart})`);
        // Nearest rank: p50 of 600, 900, 1200 is 900; p90 and max 1200. Totals 1300, 1500, 1700.
        expect(run.out).toContain("| switchover | 3 | 900 | 1200 | 1200 |");
        expect(run.out).toContain("| switchback | 3 | 700 | 800 | 800 |");
        expect(run.out).toContain("| total | 3 | 1500 | 1700 | 1700 |");
        expect(run.out).toMatch(/\| 2026-10-01 10:00 \| PASSED \| us-ashburn-1 → us-phoenix-1 \| 900 \| 800 \| 1700 \| 15\.0 min \| not run \| - \|/);

        const svg = new DOMParser().parseFromString(readFileSync(chart, "utf8"), "image/svg+xml");
        const root = svg.documentElement!;
        expect(root.namespaceURI).toBe("http://www.w3.org/2000/svg");
        const circles = Array.from(root.getElementsByTagName("circle"));
        expect(circles.map((c) => c.getAttribute("data-seconds"))).toEqual(["700", "900", "1200"]);
        const objective = Array.from(root.getElementsByTagName("line")).filter((l) => l.getAttribute("class") === "objective");
        expect(objective).toHaveLength(1);
        expect(objective[0]!.getAttribute("y1")).toBe(objective[0]!.getAttribute("y2"));
        // Higher on the page is longer: every drill (under an hour) is drawn below the objective line.
        const objectiveY = Number(objective[0]!.getAttribute("y1"));
        for (const c of circles) expect(Number(c.getAttribute("cy"))).toBeGreaterThan(objectiveY);
        const ys = circles.map((c) => Number(c.getAttribute("cy")));
        expect(ys[0]).toBeGreaterThan(ys[1]!);
        expect(ys[1]).toBeGreaterThan(ys[2]!);
    });

    it("exits 1 when the last drill failed or ran over the RTO; 2 on a missing file or a line that is no drill", async () => {
        const over = historyFile("over.jsonl", [line("2026-10-01T10:00:00.000Z", [600, 700]), line("2026-11-01T10:00:00.000Z", [4000, 700])]);
        const overRun = await oicDr(["drill-report", over], false);
        expect(overRun.code).toBe(1);
        expect(overRun.out.split("\n")[0]).toBe("# DR drills: last PASSED (over the RTO) on 2026-11-01");
        const failed = await oicDr(["drill-report", historyFile("failed.jsonl", [line("2026-11-01T10:00:00.000Z", [600, 700], "FAILED")])], false);
        expect(failed.code).toBe(1);

        const missing = await oicDr(["drill-report", join(api.key.dir, "none.jsonl")], false);
        expect(missing.code).toBe(2);
        expect(missing.err).toMatch(/^oic-dr drill-report: drill history \S*none.jsonl cannot be read: ENOENT\n$/);
        const bad = await oicDr(["drill-report", historyFile("bad.jsonl", [line("2026-11-01T10:00:00.000Z", [600, 700]), '{"v":1,"result":"MAYBE"}'])], false);
        expect(bad.code).toBe(2);
        expect(bad.err).toMatch(/line 2: startedAt: /);
    });

    it("--help shows an example and the exit codes docs/operations.md lists", async () => {
        let out = "";
        expect(await main(["drill-report", "--help"], { out: (t) => (out += t), err: (t) => (out += t) })).toBe(0);
        expect(out).toContain("  $ oic-dr drill-report drills.jsonl --chart rto.svg > drills.md");
        const exits = out.slice(out.indexOf("\nExit codes:\n") + 13).replace(/\n {5}(?=\S)/g, " ");
        expect(exits.split("\n").filter(Boolean)).toEqual(DRILL_REPORT_EXITS.map(([code, when]) => `  ${code}  ${when}`));
        const doc = readFileSync(join(REPO_ROOT, "docs", "operations.md"), "utf8");
        const section = doc.slice(doc.indexOf("### `oic-dr drill-report`"));
        const table = section.slice(section.indexOf("| exit | when |"), section.indexOf("\n\n", section.indexOf("| exit | when |")));
        const rows = table.split("\n").slice(2).map((row) => row.split(" | ").map((cell) => cell.replace(/^\| |\|$|`/g, "").trim()));
        expect(rows).toEqual(DRILL_REPORT_EXITS.map(([code, when]) => [String(code), when]));
    });

    it("percentiles are nearest-rank: values measured, never interpolated", () => {
        expect(percentiles([])).toEqual({ count: 0, p50: null, p90: null, max: null });
        expect(percentiles([30])).toEqual({ count: 1, p50: 30, p90: 30, max: 30 });
        expect(percentiles([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({ count: 10, p50: 5, p90: 9, max: 10 });
    });
});

describe("readiness: last-drill", () => {
    const readiness = (...more: string[]) =>
        oicDr(["readiness", "--region", ASHBURN, "--instance", PRIMARY_ID, "--endpoint", api.fake.endpointOf(ASHBURN), "--peer-endpoint", api.fake.endpointOf(PHOENIX), "--format", "json", ...more]);
    const lastDrill = (out: string) => (JSON.parse(out).checks as { id: string; status: string; found: string; mandatory: boolean }[]).find((c) => c.id === "last-drill")!;
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

    it("PASS: the pair's last drill is recent, passed, each failover within the hour", async () => {
        // Another pair's later drill does not count.
        const file = historyFile("recent.jsonl", [line(daysAgo(10), [600, 700]), line(daysAgo(1), [5000, 700], "FAILED", "ocid1.integrationinstance.oc1.iad.other", "ocid1.integrationinstance.oc1.phx.other")]);
        const run = await readiness("--history", file);
        expect(run.code, run.err).toBe(0);
        expect(lastDrill(run.out)).toMatchObject({ status: "PASS", mandatory: false });
        expect(lastDrill(run.out).found).toMatch(/^last drill PASSED on \d{4}-\d\d-\d\d \(10 days ago\), slowest failover 700 s of the RTO's 3600 s$/);
    });

    it("WARN: older than --max-drill-age, or over the objective; exit still 0 (advisory)", async () => {
        const old = await readiness("--history", historyFile("old.jsonl", [line(daysAgo(40), [600, 700])]), "--max-drill-age", "30");
        expect(old.code, old.err).toBe(0);
        expect(lastDrill(old.out)).toMatchObject({ status: "WARN" });
        expect(lastDrill(old.out).found).toContain("older than 30 days (--max-drill-age)");
        const slow = await readiness("--history", historyFile("slow.jsonl", [line(daysAgo(2), [3700, 700])]));
        expect(lastDrill(slow.out)).toMatchObject({ status: "WARN" });
        expect(lastDrill(slow.out).found).toContain("a failover took longer than the RTO of one hour");
        const none = await readiness("--history", join(api.key.dir, "never.jsonl"));
        expect(lastDrill(none.out).status).toBe("WARN");
        expect(lastDrill(none.out).found).toMatch(/no drill recorded/);
    });

    it("NOT_RUN without --history", async () => {
        const run = await readiness();
        expect(lastDrill(run.out)).toMatchObject({ status: "NOT_RUN" });
        expect(lastDrill(run.out).found).toMatch(/no drill history given \(--history FILE/);
    });
});
