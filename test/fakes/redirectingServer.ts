/**
 * A host that answers every request `307 Temporary Redirect` to another host, and that other host,
 * which records whatever reaches it: the stand-in for a misconfigured endpoint or proxy, or a
 * hostile one luring a signed request (a failover) or a bearer token elsewhere.
 *
 * The contract it checks: OCI's APIs do not redirect (the SDK sends each request to the regional
 * endpoint it is given and has no redirect handling of its own: node_modules/oci-common 2.139.1
 * lib/http.js:67-101 builds one Request and hands it to fetch), so a client of oic-dr must never
 * re-send a request where a redirect points. fetch's own default is to follow ("follow", WHATWG
 * Fetch, RequestInit.redirect).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
}

export interface RedirectingPair {
    /** `http://127.0.0.1:<port>` of the host that redirects. */
    readonly redirectingUrl: string;
    readonly redirectingHost: string;
    /** What the redirecting host was asked. */
    readonly redirected: readonly RecordedRequest[];
    /** What reached the host the redirects point to (must stay empty). */
    readonly received: readonly RecordedRequest[];
    close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startRedirectingPair(status: 301 | 302 | 303 | 307 | 308 = 307): Promise<RedirectingPair> {
    const received: RecordedRequest[] = [];
    const redirected: RecordedRequest[] = [];
    const target = createServer((req, res) => {
        received.push({ method: req.method ?? "", url: req.url ?? "", headers: { ...req.headers } });
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
    });
    const targetHost = await listen(target);
    const redirecting = createServer((req, res) => {
        redirected.push({ method: req.method ?? "", url: req.url ?? "", headers: { ...req.headers } });
        res.writeHead(status, { location: `http://${targetHost}${req.url ?? "/"}`, "content-type": "application/json" });
        res.end(JSON.stringify({ code: "Redirect", message: "moved" }));
    });
    const redirectingHost = await listen(redirecting);
    const close = (server: Server) => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
    };
    return {
        redirectingUrl: `http://${redirectingHost}`,
        redirectingHost,
        redirected,
        received,
        close: async () => {
            await Promise.all([close(target), close(redirecting)]);
        },
    };
}
