/**
 * `Retry-After`, honoured up to a cap, by every client of the operations: a 429 or 503 carrying it
 * is retried no sooner than the server asked (RFC 9110 section 10.2.3: a number of seconds or an
 * HTTP-date), and no later than {@link RETRY_AFTER_CAP_SECONDS} after it, nor past the deadline of
 * the wait the call belongs to (a failover's --wait).
 *
 * The OCI SDK does not expose the header to its retrier: the delay strategy is handed only the
 * attempt count and start time (node_modules/oci-common 2.139.1 lib/retrier.js:181 calls
 * `delayStrategy.delay(waitContext)`; lib/waiter.d.ts:11-14), and the error the retry condition sees
 * keeps only `opc-request-id` of the response's headers (lib/helper.js:30-46). So the SDK's client
 * is given an HttpClient (oci-integration lib/client.js, `params.httpClient`) that notes the header
 * of each answer in the store of the call it is answering ({@link withRetryAfterScope}, an
 * AsyncLocalStorage, so calls in flight at once do not read each other's), and the delay strategy
 * reads it there.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** The longest a server's Retry-After is waited before the next attempt. */
export const RETRY_AFTER_CAP_SECONDS = 60;

/** The seconds a Retry-After value asks for; undefined when absent or not a number or HTTP-date. */
export function retryAfterSeconds(value: string | null | undefined, now: number = Date.now()): number | undefined {
    if (value === null || value === undefined || value.trim() === "") return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text)) return Number(text);
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

/**
 * The pause before the next attempt: the backoff, or what the server asked when that is longer, at
 * most {@link RETRY_AFTER_CAP_SECONDS} and never past `deadline` (epoch ms).
 */
export function retryDelaySeconds(backoffSeconds: number, askedSeconds: number | undefined, deadline?: number, now: number = Date.now()): number {
    let seconds = askedSeconds === undefined ? backoffSeconds : Math.max(backoffSeconds, Math.min(askedSeconds, RETRY_AFTER_CAP_SECONDS));
    if (deadline !== undefined) seconds = Math.min(seconds, Math.max(0, (deadline - now) / 1000));
    return seconds;
}

/** What one call's answers said about waiting, and the deadline it must not wait past. */
interface RetryAfterScope {
    askedSeconds: number | undefined;
    deadline: number | undefined;
}

const scopes = new AsyncLocalStorage<RetryAfterScope>();

/** Runs one call (with every retry the SDK makes of it) in a scope of its own. */
export function withRetryAfterScope<T>(deadline: number | undefined, run: () => Promise<T>): Promise<T> {
    return scopes.run({ askedSeconds: undefined, deadline }, run);
}

/** Notes the Retry-After of an answer in the current call's scope (the last answer's counts). */
export function noteRetryAfter(response: { headers: { get(name: string): string | null } }): void {
    const scope = scopes.getStore();
    if (scope) scope.askedSeconds = retryAfterSeconds(response.headers.get("retry-after"));
}

/** The pause before the next attempt of the current call, given the backoff's. */
export function scopedRetryDelaySeconds(backoffSeconds: number): number {
    const scope = scopes.getStore();
    return retryDelaySeconds(backoffSeconds, scope?.askedSeconds, scope?.deadline);
}
