/**
 * Keeps secrets out of what `oic-dr` prints. Messages come from places that cannot know what is
 * secret (a zod error quoting a value, a program's exception): every message is passed through
 * here before it reaches a terminal or a CI log.
 */

import { withoutEchoedSecrets } from "../text/shownValue";

export const REDACTED = "[redacted]";

/** `scheme://user:password@host` (or `scheme://token@host`): the credentials part of a URL. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'`<>]+@/gi;

/** Each string a secret config value holds, as the program may have seen it (whole or in part). */
export function secretStrings(values: Record<string, string>, secretKeys: readonly string[]): string[] {
    const found = new Set<string>();
    const collect = (value: unknown): void => {
        if (typeof value === "string") {
            if (value.length > 0) found.add(value);
        } else if (Array.isArray(value)) value.forEach(collect);
        else if (value !== null && typeof value === "object") Object.values(value).forEach(collect);
        else if (value !== undefined && value !== null) found.add(String(value));
    };
    for (const key of secretKeys) {
        const raw = values[key];
        if (raw === undefined) continue;
        collect(raw);
        // Structured secrets (`--secret --path`) reach the program as JSON: their leaves count too.
        try {
            collect(JSON.parse(raw));
        } catch {
            // A plain string: already collected.
        }
    }
    // Short leaves (`true`, `1`) would redact ordinary words; they disclose nothing on their own.
    return [...found].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** `text` with every secret string and every URL's credentials replaced by {@link REDACTED}: for values a report shows. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
    let out = text;
    for (const secret of secrets) {
        for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) out = out.split(form).join(REDACTED);
    }
    return out.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/**
 * A message for stderr: {@link redactSecrets}, then every value shaped like a secret (a URL with a
 * path, a token, a key) or too long to quote described instead (text/shownValue.ts), for the secret
 * nobody marked secret, echoed by code that could not know. A report's values keep their words
 * (an exported endpoint URL is what the user asked to see); errors do not need them.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
    return withoutEchoedSecrets(redactSecrets(text, secrets));
}
