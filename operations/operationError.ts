/**
 * An operation that could not do its job (bad input, a service that does not answer or refuses):
 * the CLI prints its message, one screen, and exits 2. Messages name the field, the value and what
 * is allowed, and never carry credentials.
 */
/** The exit codes of every operation: 0 done; 1 it did its job and the answer is no; 2 it could not do its job. */
export const OPERATION_EXIT = { ok: 0, answerIsNo: 1, couldNotDoIt: 2 } as const;

export class OperationError extends Error {
    override readonly name: string = "OperationError";
}

/** A region whose endpoint did not answer within the timeout, or refused the connection. */
export class RegionUnreachable extends OperationError {
    constructor(
        readonly region: string,
        detail: string,
    ) {
        super(`region ${region} is unreachable: ${detail}`);
    }
}
