/**
 * The one error the OIC REST calls raise. `kind` decides the exit code of the command that made the
 * call: a service that cannot be reached, or refuses our credentials, means the command could not do
 * its job (2); a refusal of one operation (an activation that fails) is an answer (reported, 1).
 *
 * Messages are built here from what we sent and the HTTP status, never from a request's headers;
 * a server's own message is quoted only after the caller's secrets are removed from it.
 */
import { redact } from "../../engine/redact";
import { OperationError } from "../operationError";

export type RestErrorKind = "unreachable" | "unauthorized" | "refused";

/** An OperationError (the CLI prints it and exits 2 unless the caller reports it as an answer). */
export class OicRestError extends OperationError {
    override readonly name = "OicRestError";
    constructor(
        message: string,
        readonly kind: RestErrorKind,
        readonly status?: number,
        /** What the answer's Retry-After asked for, in seconds (./retryAfter.ts). */
        readonly retryAfterSeconds?: number,
    ) {
        super(message);
    }
    /** No answer came before the request's timeout (not retried: the timeout is the bound). */
    timedOut = false;
}

/** At most this much of a server's message is quoted: one screen, whatever the server sends. */
const QUOTED_CHARS = 200;

/** A server's error body reduced to one short line with every secret replaced. */
export function quoteServerMessage(body: string, secrets: readonly string[]): string {
    let text = body;
    try {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        // OIC answers {"title","detail"}, the identity domain {"error","error_description"}.
        const parts = [parsed.title, parsed.detail, parsed.error, parsed.error_description, parsed.message].filter(
            (v): v is string => typeof v === "string" && v.length > 0,
        );
        if (parts.length > 0) text = parts.join(": ");
    } catch {
        // Not JSON: quoted as text.
    }
    const oneLine = redact(text.replace(/\s+/g, " ").trim(), secrets);
    return oneLine.length > QUOTED_CHARS ? `${oneLine.slice(0, QUOTED_CHARS)}...` : oneLine;
}

/** Why a request did not get an answer: timeout, refused connection, DNS. Never the URL's query. */
export function unreachableMessage(what: string, url: URL, err: unknown): string {
    const cause = (err as { cause?: { code?: string } })?.cause?.code ?? (err as Error)?.name ?? "error";
    const reason = cause === "TimeoutError" ? "no answer before the timeout" : cause;
    return `${what}: ${url.origin} did not answer (${reason})`;
}
