/**
 * Whether a value may be quoted back in an error message, and what is said instead when it may not.
 *
 * Errors are read in CI logs and pull-request comments. A value given in the wrong field is still
 * whatever it was meant to be: a webhook URL pasted into `displayName`, a token into `tenancyId`,
 * a key into a sender's address. Marked `secure:` it is redacted where it is known (engine/redact.ts);
 * given in plain text by mistake, nothing knows it is secret. So the rule goes by shape, not by
 * field: a value is quoted only when it is short and has none of the shapes secrets have (a URL
 * with a path, query or credentials; a token; a key). Otherwise the message says what is wrong
 * with it ("a URL with a path", "a 312-character value") and leaves the value out.
 *
 * OCIDs are quoted at any length: they identify, they do not authorise, and an error that names
 * the wrong OCID is the one a user can act on.
 *
 * Pulumi-free and dependency-free: facts/, components/, the pack and the CLI all echo values.
 */

/** Longest value quoted back (a region, a name, a shape); anything longer is described. */
export const LONGEST_SHOWN = 64;

/** An OCID (`ocid1.<type>.<realm>.[region][.future].<unique>`, facts/ocid.ts has the full rule). */
const OCID_SHAPE = /^ocid1\.[a-z0-9]+\.[a-z0-9-]+\.[a-z0-9-]*(\.[a-z0-9-]*)?\.[a-z0-9]+$/;

/** Scheme, `://`, a host, then a path, query, fragment or credentials: where webhook secrets live. */
const URL_WITH_MORE_THAN_A_HOST = /[a-z][a-z0-9+.-]*:\/\/(?:[^\s/?#@]+@|[^\s/?#]+[/?#]\S)/i;

/** A JWT (an OAuth access token, an IDCS token): three base64url segments, the first a JSON header (`{"` is `eyJ`). */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

/** PEM armour, an OpenSSH key or an `ssh-rsa AAAA...` public key. */
const KEY_SHAPE = /-----BEGIN [A-Z ]+-----|PRIVATE KEY|\b(?:ssh-(?:rsa|ed25519)|ecdsa-sha2-\S+) AAAA/;

/**
 * Runs of 20 or more letters and digits: where an API key, a client secret or a digest would be
 * (base64's `+` and `/` split a key into runs that are still long; they would join a path's words).
 */
const OPAQUE_RUN = /[A-Za-z0-9]{20,}/g;

/**
 * Whether a run reads as random: letters and digits (and, with `mixedCase`, both cases), changing
 * kind at least every third character. A random key changes kind about every other character;
 * names change it once per word (`ordersPrimaryInstance2` five times in 22).
 */
function looksRandom(run: string, mixedCase: boolean): boolean {
    if (!/[0-9]/.test(run) || !/[A-Za-z]/.test(run)) return false;
    if (mixedCase && !(/[a-z]/.test(run) && /[A-Z]/.test(run))) return false;
    const kind = (c: string) => (/[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : /[0-9]/.test(c) ? 2 : 3);
    let changes = 0;
    for (let i = 1; i < run.length; i++) if (kind(run[i]!) !== kind(run[i - 1]!)) changes++;
    return changes * 3 >= run.length;
}
const looksOpaque = (run: string): boolean => looksRandom(run, false);

/** Why `text` is not quoted back, or undefined when it may be (`longest`: the length rule). */
export function whyNotShown(text: string, longest = LONGEST_SHOWN): string | undefined {
    if (OCID_SHAPE.test(text) && text.length <= 255) return undefined;
    if (KEY_SHAPE.test(text)) return "a key";
    if (URL_WITH_MORE_THAN_A_HOST.test(text)) return "a URL with a path, query or credentials";
    // OCIDs inside a longer text (an IAM statement) are identifiers too, not opaque runs.
    const withoutOcids = text.replace(/ocid1\.[a-z0-9.-]+/g, "ocid1");
    if (JWT_SHAPE.test(withoutOcids)) return "a token";
    if ((withoutOcids.match(OPAQUE_RUN) ?? []).some(looksOpaque)) return "a token-like string";
    if (Array.from(text).length > longest) return `a ${Array.from(text).length}-character value`;
    return undefined;
}

/**
 * `text` as an error message may show it: JSON-quoted when it may be quoted back, else what it
 * looks like, said as `(a URL with a path, query or credentials, not shown)`.
 */
export function shownText(text: string): string {
    const why = whyNotShown(text);
    return why === undefined ? JSON.stringify(text) : `(${why}, not shown)`;
}

/** A name (a profile, a key) as messages write it, unquoted; described instead when it may not be shown. */
export function shownName(text: string): string {
    const why = whyNotShown(text);
    return why === undefined ? text : `(${why}, not shown)`;
}

/** Longest file path shown: deep CI checkouts are long, and a path is where the user must look. */
const LONGEST_PATH_SHOWN = 240;

/**
 * A file or directory path as given, unquoted, as messages name the file they could not use; a
 * path shaped like a secret (a URL pasted as `--config-file`) is described instead. Longer than
 * values, since a path is only shown because the user must find that file.
 */
export function shownPath(path: string): string {
    const why = whyNotShown(path, LONGEST_PATH_SHOWN);
    return why === undefined ? path : `(${why}, not shown)`;
}

/** {@link shownPath} in double quotes when it is shown (a path with spaces stays one thing). */
export function quotedPath(path: string): string {
    const shown = shownPath(path);
    return shown === path ? `"${path}"` : shown;
}

/**
 * Any value as an error message may show it: strings as {@link shownText}; numbers, booleans and
 * null as written; lists and objects as their JSON when that is short and shows nothing secret-shaped,
 * else by their kind and size.
 */
export function shownValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (typeof value === "string") return shownText(value);
    if (value === null || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
    let json: string | undefined;
    try {
        json = JSON.stringify(value);
    } catch {
        json = undefined;
    }
    if (json !== undefined && whyNotShown(json) === undefined) return json;
    if (Array.isArray(value)) return `(a list of ${value.length}, not shown)`;
    if (typeof value === "object") return `(an object with ${Object.keys(value).length} key${Object.keys(value).length === 1 ? "" : "s"}, not shown)`;
    return `(a ${typeof value}, not shown)`;
}

/**
 * A double-quoted JSON string or a single-quoted commander argument. The echo formats: what a
 * message quotes of a value, this file's own and commander's `argument '...' is invalid`.
 */
const QUOTED = /"(?:[^"\\\n]|\\.)*"|'[^'\n]*'/g;

/**
 * Hosts whose URLs messages name on purpose (documentation, Oracle's service hosts in examples):
 * never where a webhook lives. Their URLs are still held to the token rules, so a pre-authenticated
 * Object Storage URL (`.../p/<token>/...`) is not shown.
 */
const NAMED_HOSTS = /(^|\.)(oraclecloud\.com|oracle\.com|pulumi\.com|github\.com|npmjs\.com|oasis-open\.org)$/i;

const ANY_URL = /[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>()]+/gi;
const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g;
const JWT_ANYWHERE = new RegExp(JWT_SHAPE.source, "g");
/**
 * Random-looking runs in both cases: what keys and tokens look like, and names, words, OCIDs and
 * hex digests (lower case) do not. Stricter than a quoted value's rule: this reads the prose too.
 */
const isMixed = (run: string): boolean => looksRandom(run, true);

/**
 * `message` with every value that may not be shown described instead: each quoted value that may
 * not be quoted back (secret-shaped, or longer than a path may be), then, anywhere in the text, private keys, JWTs,
 * URLs with a path on hosts messages do not name on purpose, and mixed-case runs of 20 or more
 * base64 characters (OCIDs aside). The last guard, for messages built by code that cannot know (a
 * library's, commander's, a field check written before this rule); prose, paths and the links
 * messages give keep their words.
 */
export function withoutEchoedSecrets(message: string): string {
    const unquoted = message.replace(QUOTED, (quoted) => {
        const inner = quoted.startsWith('"') ? parsedJsonString(quoted) : quoted.slice(1, -1);
        // A path's length here: what others quote (a URN, a module path) is what the reader must see.
        const why = whyNotShown(inner, LONGEST_PATH_SHOWN);
        return why === undefined ? quoted : `(${why}, not shown)`;
    });
    return unquoted
        .replace(PEM_BLOCK, "(a key, not shown)")
        .replace(ANY_URL, (url) => {
            const why = whyNotShown(url);
            if (why === undefined) return url;
            const host = /:\/\/([^/?#@:]+)/.exec(url)?.[1] ?? "";
            return NAMED_HOSTS.test(host) && !/:\/\/[^/?#]*@/.test(url) && !tokenShaped(url) ? url : `(${why}, not shown)`;
        })
        .replace(JWT_ANYWHERE, "(a token, not shown)")
        .replace(/ocid1\.[a-z0-9.-]+|[A-Za-z0-9]{20,}/g, (run) => (!run.startsWith("ocid1") && isMixed(run) ? "(a token-like string, not shown)" : run));
}

function tokenShaped(text: string): boolean {
    const withoutOcids = text.replace(/ocid1\.[a-z0-9.-]+/g, "ocid1");
    return JWT_SHAPE.test(withoutOcids) || (withoutOcids.match(OPAQUE_RUN) ?? []).some(isMixed);
}

function parsedJsonString(quoted: string): string {
    try {
        return JSON.parse(quoted) as string;
    } catch {
        return quoted.slice(1, -1);
    }
}
