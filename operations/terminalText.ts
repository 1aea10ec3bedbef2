/**
 * Text a terminal, a CI log or a rendered Markdown page can show as it is. What `oic-dr` prints
 * for people quotes what others wrote: a program's exported values, resource names and inputs,
 * stack outputs files, error messages. A value holding an escape sequence (`ESC[2J` clears the
 * screen, OSC 8 forges a link) or a bidi override (U+202E makes `exe.txt` read `txt.exe`) would
 * act on the reader's terminal instead of being read; a 10,000-character value would bury the
 * rest of the report.
 *
 * So each such character is shown escaped, as JavaScript writes it: `\x1b` for a C0 or C1 control
 * character or DEL, `\u202e` for an invisible format character (bidi controls, zero-width
 * characters, U+2028/U+2029 line breaks); never dropped, so the reader sees that it is there.
 * A backslash already in the text is left as it is (a Windows path, a pattern). And text longer
 * than its place is cut, saying how long it was and where it is in full. JSON and SARIF output
 * keep every value whole: JSON's own escaping makes control characters inert there.
 */

/**
 * Characters shown escaped: every control character (Unicode category Cc: C0, DEL, C1), every
 * format character (Cf: the bidi embeddings, overrides and isolates U+202A-U+202E, U+2066-U+2069,
 * the marks U+200E, U+200F, U+061C, zero-width characters, tag characters) and the line and
 * paragraph separators (Zl, Zp), which some terminals and viewers break lines at.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** `\x1b` up to U+00FF, `\u202e` up to U+FFFF, `\u{e0041}` beyond. */
function escaped(char: string): string {
    const code = char.codePointAt(0)!;
    const hex = code.toString(16);
    if (code <= 0xff) return `\\x${hex.padStart(2, "0")}`;
    return code <= 0xffff ? `\\u${hex.padStart(4, "0")}` : `\\u{${hex}}`;
}

/** Where the full text is, said after a cut one: the JSON report for a value. */
export const IN_FULL_WITH_JSON = "in full with --format json";

export interface TerminalTextOptions {
    /** Longest text shown, in characters (escapes included); longer text is cut with a note. */
    max?: number;
    /** Whether line breaks (`\n`) are kept, where a cell or message may span lines; else escaped. */
    multiline?: boolean;
    /** Where the whole text can be read, said after a cut: {@link IN_FULL_WITH_JSON} unless told. */
    whereInFull?: string;
}

/** At most `max` characters of `text`, each unsafe character escaped; when cut, it ends with `…`. */
export function shownPart(text: string, max: number, multiline = false): { text: string; cut: boolean } {
    // Code point by code point: a character outside the BMP is escaped or kept whole, never split.
    const pieces = Array.from(text, (char) => (UNSAFE.test(char) && !(multiline && char === "\n") ? escaped(char) : char));
    const whole = pieces.join("");
    if (whole.length <= max) return { text: whole, cut: false };
    // Cut between pieces, room kept for the ellipsis: an escape is never cut in half.
    let shown = "";
    for (const piece of pieces) {
        if (shown.length + piece.length > max - 1) break;
        shown += piece;
    }
    return { text: `${shown}…`, cut: true };
}

/**
 * `text` safe to print: each unsafe character escaped ({@link UNSAFE}), and at most `max`
 * characters of it shown, then `… (10000 characters; in full with --format json)`.
 */
export function terminalText(text: string, options: TerminalTextOptions = {}): string {
    const { max = Infinity, multiline = false, whereInFull = IN_FULL_WITH_JSON } = options;
    const shown = shownPart(text, max, multiline);
    return shown.cut ? `${shown.text} (${text.length} characters; ${whereInFull})` : shown.text;
}

/** Longest name shown in a cell (a resource, a type, a key, a region): longer ones are cut. */
export const NAME_WIDTH = 120;
/** Longest message shown, in a cell or on stderr: about one screen. */
export const MESSAGE_WIDTH = 2_000;
/** Most lines of a message on stderr: one screen. */
const MESSAGE_LINES = 40;

/** An error or warning for stderr: line breaks kept, everything else escaped, one screen at most. */
export function screenMessage(text: string): string {
    const lines = text.split("\n");
    const kept = lines.length > MESSAGE_LINES ? `${lines.slice(0, MESSAGE_LINES).join("\n")}\n… (${lines.length} lines; cut to one screen)` : text;
    return terminalText(kept, { max: MESSAGE_WIDTH, multiline: true, whereInFull: "cut to one screen" });
}
