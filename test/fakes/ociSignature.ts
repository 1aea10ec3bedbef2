/**
 * How OCI checks a request's HTTP signature, shared by the local fakes of OCI services
 * (./ociIdentityServer.ts, ./integrationApiServer.ts).
 *
 * Source of the contract: request signing as documented
 * (https://docs.oracle.com/en-us/iaas/Content/API/Concepts/signingrequests.htm) and as oci-common
 * 2.139.1 signs (node_modules/oci-common/lib/signer.js:157 x-date, (request-target), host; :127
 * content-type, content-length, x-content-sha256 for a request with a body).
 */
import { createHash, verify, type KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface SignatureExpectation {
    /** The keyId every request must be signed with: `<tenancy>/<user>/<fingerprint>`. */
    expectedKeyId: string;
    /** Verifies the signatures; without it only the header's shape and keyId are checked. */
    publicKey?: KeyObject;
}

/** Parses `Signature version="1",keyId="...",...` into its fields. */
export function parseSignatureHeader(header: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const match of header.slice("Signature ".length).matchAll(/(\w+)="([^"]*)"/g)) {
        fields[match[1]!] = match[2]!;
    }
    return fields;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
}

/** The keyId of a request's signature, if it carries one. */
export function keyIdOf(req: IncomingMessage): string | undefined {
    const authorization = headerValue(req, "authorization");
    return authorization?.startsWith("Signature ") ? parseSignatureHeader(authorization).keyId : undefined;
}

/**
 * Why the request is not properly signed, or undefined. Follows the OCI request-signing spec: a
 * POST or PUT signs its body headers too (an empty body included: the SDK sends `{}` or nothing,
 * and signs what it sends).
 */
export function signatureProblem(req: IncomingMessage, rawBody: Buffer, options: SignatureExpectation): string | undefined {
    const authorization = headerValue(req, "authorization");
    if (!authorization?.startsWith("Signature ")) return "no authorization header starting with 'Signature '";
    const fields = parseSignatureHeader(authorization);
    if (fields.keyId !== options.expectedKeyId) return `keyId ${fields.keyId} is not ${options.expectedKeyId}`;
    if (fields.algorithm !== "rsa-sha256") return `algorithm ${fields.algorithm} is not rsa-sha256`;
    // The SDK lists some names in mixed case ("Content-Type"); the signing string uses them lowercased.
    const signedHeaders = (fields.headers ?? "").split(" ").map((h) => h.toLowerCase());
    const required = ["(request-target)", "host"];
    const hasBody = req.method === "POST" || req.method === "PUT";
    if (hasBody) required.push("content-length", "content-type", "x-content-sha256");
    const missing = required.filter((h) => !signedHeaders.includes(h));
    if (!signedHeaders.includes("date") && !signedHeaders.includes("x-date")) missing.push("date or x-date");
    if (missing.length > 0) return `headers not signed: ${missing.join(", ")}`;
    if (hasBody) {
        const digest = createHash("sha256").update(rawBody).digest("base64");
        if (headerValue(req, "x-content-sha256") !== digest) return "x-content-sha256 does not match the body";
    }
    if (!options.publicKey) return undefined;
    const signingString = signedHeaders
        .map((h) => (h === "(request-target)" ? `(request-target): ${req.method!.toLowerCase()} ${req.url}` : `${h}: ${headerValue(req, h) ?? ""}`))
        .join("\n");
    const valid = verify("RSA-SHA256", Buffer.from(signingString), options.publicKey, Buffer.from(fields.signature ?? "", "base64"));
    return valid ? undefined : "signature does not verify with the public key";
}

/** Answers as OCI does: JSON, with an opc-request-id. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
        "content-type": "application/json",
        "opc-request-id": `fake-${Math.random().toString(16).slice(2)}`,
        ...headers,
    });
    res.end(JSON.stringify(body));
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}
