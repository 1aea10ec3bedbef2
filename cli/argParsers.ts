/**
 * The command line's value parsers, one of each for every command: commander calls them on each
 * option's text, and their InvalidArgumentError names the value (when it may be shown:
 * text/shownValue.ts) and what is allowed (exit 2).
 */
import { InvalidArgumentError } from "commander";
import { shownText } from "../text/shownValue";
import { SDK_AUTH_METHODS, sdkAuthMethod, type SdkAuthMethod } from "../facts/ociAuth";

/** One of `allowed`, worded `"x" is not one of a, b`. */
export function oneOf<T extends string>(allowed: readonly T[]) {
    return (value: string): T => {
        if (!(allowed as readonly string[]).includes(value)) {
            throw new InvalidArgumentError(`${shownText(value)} is not one of ${allowed.join(", ")}.`);
        }
        return value as T;
    };
}

/**
 * `--auth`: a method in the components' words (ApiKey, ...), or as the OCI CLI's `--auth` spells it
 * (api_key, ...), which this option took before (components/ociAuth.ts); the result is the word.
 */
export function authMethod(value: string): SdkAuthMethod {
    const method = sdkAuthMethod(value);
    if (method === undefined) throw new InvalidArgumentError(`${shownText(value)} is not one of ${SDK_AUTH_METHODS.join(", ")}.`);
    return method;
}

/** A number above 0, refused as `"x" is not <what>.` */
function aboveZero(what: string) {
    return (value: string): number => {
        const n = Number(value);
        if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError(`${shownText(value)} is not ${what}.`);
        return n;
    };
}

export const positive = aboveZero("a number greater than 0");
/** plan's and check's --timeout. */
export const seconds = aboveZero("a number of seconds greater than 0");

export function nonNegative(value: string): number {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError(`${shownText(value)} is not a number of 0 or more.`);
    return n;
}

export function whole(value: string): number {
    if (!/^[1-9]\d*$/.test(value.trim())) throw new InvalidArgumentError(`${shownText(value)} is not a whole number of 1 or more.`);
    return Number(value);
}

export function nonEmpty(flag: string) {
    return (value: string): string => {
        if (value.trim().length === 0) throw new InvalidArgumentError(`${flag} must not be empty.`);
        return value.trim();
    };
}
