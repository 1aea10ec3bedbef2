/**
 * An access token for the Oracle Integration 3 REST API, from the identity domain's OAuth server,
 * by the client-credentials grant of a confidential application.
 *
 * Oracle's contract ("Call the Developer APIs with Client Credentials",
 * https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/call-developer-apis-client-credentials.html):
 * POST https://<domain host>/oauth2/v1/token, `Authorization: Basic base64(<client id>:<client secret>)`,
 * form body `grant_type=client_credentials&scope=<the instance's scope>`; the answer carries
 * `access_token` (a bearer token) and `expires_in`. The identity domain's token endpoint is
 * documented in "Working with OAuth 2 to Access the REST API"
 * (https://docs.oracle.com/en/cloud/paas/identity-cloud/idcsa/OATOAuthClientWebApp.html).
 */
import { z } from "zod";
import { OicRestError, quoteServerMessage, unreachableMessage } from "./restError";

export interface ClientCredentials {
    /** The identity domain's token endpoint, `https://<domain host>/oauth2/v1/token`. */
    tokenUrl: URL;
    clientId: string;
    clientSecret: string;
    /** The scope granted to the confidential app for the instance (`<audience>urn:opc:resource:consumer::all`). */
    scope: string;
    timeoutMs: number;
}

export interface AccessToken {
    /** Secret: never printed. */
    readonly value: string;
    readonly expiresInSeconds: number | undefined;
}

const TOKEN_RESPONSE = z.object({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: z.number().optional(),
});

export async function fetchClientCredentialsToken(credentials: ClientCredentials): Promise<AccessToken> {
    const secrets = [credentials.clientSecret];
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, "utf8").toString("base64");
    secrets.push(basic);
    let response: Response;
    try {
        response = await fetch(credentials.tokenUrl, {
            method: "POST",
            headers: {
                authorization: `Basic ${basic}`,
                "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
                accept: "application/json",
            },
            body: new URLSearchParams({ grant_type: "client_credentials", scope: credentials.scope }).toString(),
            redirect: "error",
            signal: AbortSignal.timeout(credentials.timeoutMs),
        });
    } catch (err) {
        throw new OicRestError(unreachableMessage("token request", credentials.tokenUrl, err), "unreachable");
    }
    const text = await response.text();
    if (!response.ok) {
        // 400/401 from the identity domain: wrong client id, secret or scope. Nothing else can be done.
        const kind = response.status === 400 || response.status === 401 || response.status === 403 ? "unauthorized" : "unreachable";
        throw new OicRestError(
            `token request to ${credentials.tokenUrl.origin}${credentials.tokenUrl.pathname} refused with HTTP ${response.status} (client id ${credentials.clientId}, scope ${credentials.scope}): ${quoteServerMessage(text, secrets)}`,
            kind,
            response.status,
        );
    }
    let parsed: z.infer<typeof TOKEN_RESPONSE>;
    try {
        parsed = TOKEN_RESPONSE.parse(JSON.parse(text));
    } catch {
        throw new OicRestError(`token request to ${credentials.tokenUrl.origin}: the answer carries no access_token`, "unreachable", response.status);
    }
    return { value: parsed.access_token, expiresInSeconds: parsed.expires_in };
}

/** Renewed this long before `expires_in` runs out: 60 s, or a tenth of a shorter life. */
const RENEWAL_MARGIN_MS = 60_000;
const RENEWAL_MARGIN_SHARE = 0.1;

/**
 * The access token of one run, renewed before it expires and on demand (after a 401). `expires_in`
 * is counted from when the token request was sent, so the server's clock and the network's delay
 * can only make it renew early. Without `expires_in` the token is kept until the API refuses it.
 */
export class ClientCredentialsTokens {
    private current: { token: AccessToken; renewAtMs: number } | undefined;
    private pending: Promise<AccessToken> | undefined;
    private readonly issued: string[] = [];

    constructor(
        private readonly credentials: ClientCredentials,
        private readonly now: () => number = Date.now,
    ) {}

    /** The token to send now: the one held, unless it is within the margin of its expiry. */
    async token(): Promise<AccessToken> {
        if (this.current && this.now() < this.current.renewAtMs) return this.current.token;
        return this.renew();
    }

    /** A new token, whatever the one held says (the API refused it). */
    renew(): Promise<AccessToken> {
        // One request for callers that ask at the same time.
        this.pending ??= this.request().finally(() => {
            this.pending = undefined;
        });
        return this.pending;
    }

    /** Every token of this run: secrets to remove from whatever a server says. */
    secrets(): readonly string[] {
        return this.issued;
    }

    private async request(): Promise<AccessToken> {
        const sentAtMs = this.now();
        const token = await fetchClientCredentialsToken(this.credentials);
        this.issued.push(token.value);
        const lifeMs = token.expiresInSeconds === undefined ? Infinity : token.expiresInSeconds * 1000;
        this.current = { token, renewAtMs: sentAtMs + lifeMs - Math.min(RENEWAL_MARGIN_MS, lifeMs * RENEWAL_MARGIN_SHARE) };
        return token;
    }
}
