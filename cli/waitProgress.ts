/**
 * How `failover` and `drill` show on stderr what they wait for (operations/failover.ts reports each
 * poll as a WaitProgress), and `post-failover` the step it is at (operations/postFailover.ts): on a terminal, one live line rewritten in place; elsewhere (a CI log),
 * one line per change of step, status, percentage or role, never a line per poll that changed
 * nothing. stdout is untouched: it holds the report.
 */
import type { WaitProgress } from "../operations/failover";
import type { PostFailoverStep } from "../operations/postFailover";
import { terminalText } from "../operations/terminalText";

/** Where progress goes: process.stderr, or a stand-in with the same shape. */
export interface ProgressStream {
    write(text: string): unknown;
    isTTY?: boolean;
    columns?: number;
}

export interface ProgressRenderer {
    onProgress(event: WaitProgress): void;
    /** Ends the live line, so what is printed next starts on its own line. */
    end(): void;
}

/** Carriage return, then erase the whole line (ECMA-48 EL, "CSI 2 K"). */
const REWRITE = "\r\x1b[2K";

/** 754 s as "12:34", 3600 s as "1:00:00". */
function clock(seconds: number): string {
    const whole = Math.floor(seconds);
    const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
    const two = (n: number) => String(n).padStart(2, "0");
    return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** What changed since the last line, elapsed time aside. */
function stateOf(e: WaitProgress): string {
    return [e.step?.name, e.awaiting, e.workRequest, e.status, e.percentComplete, e.role].join(" ");
}

/** One line, without its line end; service values escaped (they come from the network). */
export function progressLine(command: string, e: WaitProgress): string {
    const step = e.step ? `${e.step.name} to ${terminalText(e.step.region)}: ` : "";
    const percent = e.percentComplete === null ? "" : ` ${e.percentComplete}%`;
    const role = e.role ?? "unknown";
    const waiting = e.awaiting !== "role PRIMARY" ? "" : role === "PRIMARY" ? ", instance PRIMARY" : `, waiting for the instance to report PRIMARY (now ${terminalText(role)})`;
    return (
        `oic-dr ${command}: ${step}work request ${terminalText(e.status)}${percent}${waiting}, ` +
        `${clock(e.elapsedSeconds)} of the ${clock(e.rtoSeconds)} RTO (${terminalText(e.workRequest)})`
    );
}

/**
 * Lines of progress on `stream`: on a terminal one live line rewritten in place, elsewhere a line
 * each time `state` changes (the elapsed time alone is no change).
 */
function progressLines(stream: ProgressStream): { show(line: string, state: string): void; end(): void } {
    let live = false;
    let lastState: string | undefined;
    return {
        show(line, state) {
            if (stream.isTTY) {
                // A line longer than the terminal wraps, and \r would then rewrite only its last row.
                const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : Infinity;
                const chars = Array.from(line);
                stream.write(REWRITE + (chars.length > width ? `${chars.slice(0, width - 1).join("")}…` : line));
                live = true;
                return;
            }
            if (state === lastState) return;
            lastState = state;
            stream.write(`${line}\n`);
        },
        end() {
            if (live) stream.write("\n");
            live = false;
        },
    };
}

export function progressRenderer(command: string, stream: ProgressStream): ProgressRenderer {
    const lines = progressLines(stream);
    return { onProgress: (event) => lines.show(progressLine(command, event), stateOf(event)), end: lines.end };
}

export interface StepRenderer {
    onStep(step: PostFailoverStep): void;
    end(): void;
}

/** One line for a step of post-failover; the integration id is the caller's, escaped all the same. */
export function stepLine(command: string, s: PostFailoverStep): string {
    const what =
        s.step === "token"
            ? "asking the identity domain for an access token"
            : s.step === "inventory"
              ? "listing the integrations with polling triggers"
              : s.step === "reactivate"
              ? `reactivating ${terminalText(s.integration ?? "", { max: 120 })} (${s.index} of ${s.of})`
              : "reading the connectivity agent groups";
    return `oic-dr ${command}: ${what}, ${clock(s.elapsedSeconds)} elapsed`;
}

/** post-failover's steps on stderr, as the waits' progress is shown. */
export function stepRenderer(command: string, stream: ProgressStream): StepRenderer {
    const lines = progressLines(stream);
    return { onStep: (s) => lines.show(stepLine(command, s), [s.step, s.integration].join(" ")), end: lines.end };
}

/** No steps shown (--quiet). */
export const SILENT_STEPS: StepRenderer = { onStep: () => undefined, end: () => undefined };

/** No progress at all (--quiet). */
export const SILENT: ProgressRenderer = { onProgress: () => undefined, end: () => undefined };
