/**
 * The drill history: `oic-dr drill --history FILE` appends one JSON line per drill (JSON Lines,
 * https://jsonlines.org), so a team keeps what each drill measured after the job that ran it is
 * gone. Lines are only ever appended, never rewritten: the file is a log a branch or an artifact can
 * keep, and a line written by an older oic-dr stays readable (`v` says which shape it has).
 *
 * A line holds what the drill measured and where (legs, seconds, checks, result, the pair's
 * instances and regions, the time) and nothing secret: the post-failover checks' details have the
 * client secret replaced as every printed message does (engine/redact.ts).
 *
 * `oic-dr drill-report` (drillReport.ts) and the readiness check `last-drill` read it back.
 */
import { accessSync, appendFileSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { redact } from "../engine/redact";
import { shownPath } from "../text/shownValue";
import type { DrillReport } from "./drill";
import { OperationError } from "./operationError";

export const DRILL_HISTORY_VERSION = 1;

const side = z.object({ instance: z.string(), region: z.string() });

const checkSchema = z.object({ check: z.string(), name: z.string(), status: z.enum(["ok", "failed", "error"]), detail: z.string() });

const legSchema = z.object({
    name: z.enum(["switchover", "switchback"]),
    instance: z.string(),
    region: z.string(),
    workRequest: z.string().nullable(),
    status: z.string(),
    seconds: z.number().nonnegative().nullable(),
    withinRto: z.boolean(),
    checks: z.array(checkSchema).nullable(),
});

/** One line of the history. */
export const drillHistoryEntrySchema = z.object({
    v: z.literal(DRILL_HISTORY_VERSION),
    /** When the drill started and ended (ISO 8601, UTC). */
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    result: z.enum(["PASSED", "FAILED", "REFUSED", "DECLINED"]),
    reason: z.string().nullable(),
    rtoSeconds: z.number().positive(),
    primary: side,
    standby: side,
    legs: z.array(legSchema),
    postFailoverChecks: z.enum(["RUN", "NOT_RUN"]),
});

export type DrillHistoryEntry = z.infer<typeof drillHistoryEntrySchema>;

/** The history line of a drill, with every secret the drill came to hold replaced. */
export function historyEntry(report: DrillReport, times: { startedAt: Date; finishedAt: Date }, secrets: readonly string[]): DrillHistoryEntry {
    const clean = (text: string) => redact(text, [...secrets]);
    return {
        v: DRILL_HISTORY_VERSION,
        startedAt: times.startedAt.toISOString(),
        finishedAt: times.finishedAt.toISOString(),
        result: report.result,
        reason: report.reason === null ? null : clean(report.reason),
        rtoSeconds: report.rtoSeconds,
        primary: { instance: report.primary.instance, region: report.primary.region },
        standby: { instance: report.standby.instance, region: report.standby.region },
        legs: report.legs.map((l) => ({ ...l, checks: l.checks && l.checks.map((c) => ({ ...c, name: clean(c.name), detail: clean(c.detail) })) })),
        postFailoverChecks: report.postFailoverChecks,
    };
}

/**
 * Whether the history can be appended to, asked before the drill starts: a path that cannot be
 * written stops the drill before anything is failed over, not after an hour of it. Nothing is
 * created yet: a drill stopped by bad input leaves no file behind.
 */
export function checkDrillHistoryWritable(file: string): void {
    try {
        if (existsSync(file)) {
            if (!statSync(file).isFile()) throw Object.assign(new Error("not a file"), { code: "not a file" });
            accessSync(file, constants.W_OK);
        } else {
            const dir = dirname(resolve(file));
            if (!statSync(dir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
            accessSync(dir, constants.W_OK);
        }
    } catch (err) {
        throw new OperationError(`--history ${shownPath(file)} cannot be appended to: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
}

/** Appends the drill's line, creating the file if missing; earlier lines are left as they are. */
export function appendDrillHistory(file: string, entry: DrillHistoryEntry): void {
    // A file whose last line lacks its end (an editor's save, a cut copy) gets one first, so the
    // new line is a line of its own and the earlier one stays as it was.
    appendFileSync(file, `${endsLine(file) ? "" : "\n"}${JSON.stringify(drillHistoryEntrySchema.parse(entry))}\n`, { mode: 0o644 });
}

/** Whether the file is missing, empty or ends with a line end: its last byte only, not the whole history. */
function endsLine(file: string): boolean {
    const size = existsSync(file) ? statSync(file).size : 0;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    const fd = openSync(file, "r");
    try {
        readSync(fd, last, 0, 1, size - 1);
    } finally {
        closeSync(fd);
    }
    return last[0] === 0x0a;
}

/**
 * The drills of a history file, oldest first. A missing file, or a line that is not a drill of a
 * known shape, is an OperationError naming the file, the line and the field (exit 2).
 */
export function readDrillHistory(file: string): DrillHistoryEntry[] {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (err) {
        throw new OperationError(`drill history ${shownPath(file)} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const entries: DrillHistoryEntry[] = [];
    text.split("\n").forEach((line, index) => {
        if (line.trim() === "") return;
        const where = `drill history ${shownPath(file)} line ${index + 1}`;
        let value: unknown;
        try {
            value = JSON.parse(line);
        } catch {
            throw new OperationError(`${where} is not JSON: each line must be one drill as \`oic-dr drill --history\` writes it`);
        }
        const parsed = drillHistoryEntrySchema.safeParse(value);
        if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            throw new OperationError(`${where}: ${issue.path.join(".") || "(the line)"}: ${issue.message}`);
        }
        entries.push(parsed.data);
    });
    return entries;
}

/**
 * The failover time a drill measured against the RTO: its slowest timed leg (each leg is one
 * failover, and Oracle's RTO is per failover); null when no leg was timed (refused, declined).
 */
export function measuredRtoSeconds(entry: DrillHistoryEntry): number | null {
    const timed = entry.legs.map((l) => l.seconds).filter((s): s is number => s !== null);
    return timed.length === 0 ? null : Math.max(...timed);
}

/** Both legs' seconds added up; null unless both legs were timed. */
export function totalSeconds(entry: DrillHistoryEntry): number | null {
    const timed = entry.legs.map((l) => l.seconds);
    return timed.length === 2 && timed.every((s) => s !== null) ? (timed as number[]).reduce((a, b) => a + b, 0) : null;
}
