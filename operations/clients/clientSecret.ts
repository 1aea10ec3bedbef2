/**
 * Where the confidential app's client secret may come from: an environment variable or a file.
 * Never a command-line argument: arguments are visible to every user of the machine (`ps`) and
 * stay in shell history and CI logs.
 */
import { readFileSync } from "node:fs";
import { OperationError } from "../operationError";
import { warnIfReadableByOthers } from "./filePermissions";
import { quotedPath, shownName } from "../../text/shownValue";

export const DEFAULT_SECRET_ENV = "OIC_DR_CLIENT_SECRET";

/** The secret cannot be read where it was said to be: exit 2, as any OperationError. */
export class SecretSourceError extends OperationError {
    override readonly name = "SecretSourceError";
}

export interface SecretSource {
    /** Name of the environment variable holding the secret. */
    env: string;
    /** File holding the secret (its trailing newline is not part of it); wins over `env`. */
    file?: string;
}

export function readClientSecret(source: SecretSource, environment: NodeJS.ProcessEnv): string {
    if (source.file !== undefined) {
        let text: string;
        try {
            text = readFileSync(source.file, "utf8");
        } catch (err) {
            throw new SecretSourceError(`--client-secret-file: cannot read ${quotedPath(source.file)} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
        }
        const secret = text.replace(/\r?\n$/, "");
        if (secret.length === 0) throw new SecretSourceError(`--client-secret-file: ${quotedPath(source.file)} is empty; it must hold the client secret`);
        warnIfReadableByOthers(source.file, "the client secret file");
        return secret;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(source.env)) {
        throw new SecretSourceError(`--client-secret-env: "${source.env}" is not an environment variable name (letters, digits, _)`);
    }
    const secret = environment[source.env];
    if (secret === undefined || secret.length === 0) {
        throw new SecretSourceError(
            `the client secret is missing: set the environment variable ${shownName(source.env)} (or name another with --client-secret-env), or give --client-secret-file PATH`,
        );
    }
    return secret;
}
