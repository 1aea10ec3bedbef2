/**
 * A local stand-in for the OCI Identity endpoint, enough of it for region subscriptions:
 * `GET` and `POST /20160918/tenancies/{tenancyId}/regionSubscriptions`.
 *
 * It checks every request the way OCI does: an `authorization` header carrying an HTTP signature
 * whose keyId names the expected tenancy, user and key fingerprint, verified with the public key;
 * for a POST also the body's `x-content-sha256`. A request that fails is answered 401 and recorded,
 * so a test sees both what the client sent and why it was refused.
 *
 * Tests script it: the statuses a subscription reports on successive listings, and faults
 * (429, 5xx, any status) injected before normal handling.
 *
 * Sources of the contract: OCI Identity API 20160918, ListRegionSubscriptions and
 * CreateRegionSubscription (https://docs.oracle.com/iaas/api/#/en/identity/20160918/RegionSubscription/),
 * as the client the tests drive sends them (node_modules/oci-identity 2.139.1 lib/client.js:2255 POST,
 * :7861 GET, both `/tenancies/{tenancyId}/regionSubscriptions`); request signing: ./ociSignature.ts.
 */
import type { KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { headerValue, parseSignatureHeader, readBody, sendJson as send, signatureProblem } from "./ociSignature";

const API_PREFIX = "/20160918";
const SUBSCRIPTIONS_PATH = /^\/20160918\/tenancies\/([^/]+)\/regionSubscriptions$/;

/** Region keys the fake accepts in CreateRegionSubscription (a subset of OCI's). */
const REGION_NAMES_BY_KEY: Readonly<Record<string, string>> = {
    IAD: "us-ashburn-1",
    PHX: "us-phoenix-1",
    FRA: "eu-frankfurt-1",
    AMS: "eu-amsterdam-1",
    LHR: "uk-london-1",
    CWL: "uk-cardiff-1",
};

export interface FakeSubscription {
    regionKey: string;
    regionName: string;
    isHomeRegion: boolean;
    /** Statuses reported by successive listings; the last one stays. */
    statuses: string[];
}

export interface Fault {
    /** Only requests with this method consume the fault (default: any). */
    method?: "GET" | "POST";
    status: number;
    code: string;
    message?: string;
}

/** One request as the fake received it. */
export interface ReceivedRequest {
    method: string;
    path: string;
    tenancyId: string | undefined;
    headers: Record<string, string | string[] | undefined>;
    authorization: string | undefined;
    keyId: string | undefined;
    /** Why the request's signature was refused, or undefined when it verified. */
    signatureProblem: string | undefined;
    body: unknown;
    /** The status the fake answered. */
    status: number;
}

export interface FakeIdentityOptions {
    /** The keyId every request must be signed with: `<tenancy>/<user>/<fingerprint>`. */
    expectedKeyId: string;
    /** Verifies the signatures; without it only the header's shape and keyId are checked. */
    publicKey?: KeyObject;
}

export interface FakeIdentityServer {
    /** Base URL to give the client as its endpoint (the SDK appends `/20160918`). */
    readonly endpoint: string;
    readonly requests: readonly ReceivedRequest[];
    /** Adds (or replaces) a subscription the tenancy already has. */
    subscribe(tenancyId: string, subscription: Omit<FakeSubscription, "isHomeRegion"> & { isHomeRegion?: boolean }): void;
    /** Statuses a subscription created by POST reports on the listings after it (default IN_PROGRESS, then READY). */
    statusesAfterCreate: string[];
    /** Faults answered, in order, before normal handling. */
    readonly faults: Fault[];
    /** Answer every request (matching `method`) with this fault from now on. */
    failForever(fault: Fault): void;
    /** Requests with this method, in order. */
    received(method: "GET" | "POST"): ReceivedRequest[];
    close(): Promise<void>;
}

/** The subscription as OCI reports it, moving its status script one step on. */
function report(subscription: FakeSubscription) {
    const status = subscription.statuses.length > 1 ? subscription.statuses.shift()! : subscription.statuses[0]!;
    return {
        regionKey: subscription.regionKey,
        regionName: subscription.regionName,
        status,
        isHomeRegion: subscription.isHomeRegion,
    };
}

export async function startFakeIdentity(options: FakeIdentityOptions): Promise<FakeIdentityServer> {
    const subscriptions = new Map<string, FakeSubscription[]>();
    const requests: ReceivedRequest[] = [];
    const faults: Fault[] = [];
    let permanentFault: Fault | undefined;

    const fake = {
        statusesAfterCreate: ["IN_PROGRESS", "READY"],
    };

    function takeFault(method: string): Fault | undefined {
        if (permanentFault && (!permanentFault.method || permanentFault.method === method)) return permanentFault;
        const index = faults.findIndex((f) => !f.method || f.method === method);
        return index >= 0 ? faults.splice(index, 1)[0] : undefined;
    }

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const rawBody = await readBody(req);
        const url = new URL(req.url ?? "/", "http://fake");
        const tenancyId = SUBSCRIPTIONS_PATH.exec(url.pathname)?.[1];
        const authorization = headerValue(req, "authorization");
        const record: ReceivedRequest = {
            method: req.method ?? "",
            path: url.pathname,
            tenancyId: tenancyId === undefined ? undefined : decodeURIComponent(tenancyId),
            headers: { ...req.headers },
            authorization,
            keyId: authorization?.startsWith("Signature ") ? parseSignatureHeader(authorization).keyId : undefined,
            signatureProblem: signatureProblem(req, rawBody, options),
            body: rawBody.length > 0 ? JSON.parse(rawBody.toString("utf8")) : undefined,
            status: 0,
        };
        requests.push(record);
        const answer = (status: number, body: unknown) => {
            record.status = status;
            send(res, status, body);
        };

        if (record.signatureProblem) return answer(401, { code: "NotAuthenticated", message: record.signatureProblem });
        if (!url.pathname.startsWith(API_PREFIX) || record.tenancyId === undefined) {
            return answer(404, { code: "NotAuthorizedOrNotFound", message: `no such path ${url.pathname}` });
        }
        const fault = takeFault(record.method);
        if (fault) return answer(fault.status, { code: fault.code, message: fault.message ?? `injected ${fault.status}` });

        const tenancySubscriptions = subscriptions.get(record.tenancyId) ?? [];
        if (record.method === "GET") return answer(200, tenancySubscriptions.map(report));
        if (record.method === "POST") {
            const requested = (record.body as { regionKey?: unknown } | undefined)?.regionKey;
            const regionKey = typeof requested === "string" ? requested : "";
            const regionName = REGION_NAMES_BY_KEY[regionKey];
            if (!regionName) return answer(400, { code: "InvalidParameter", message: `unknown region key ${String(requested)}` });
            if (tenancySubscriptions.some((s) => s.regionKey === regionKey)) {
                return answer(409, { code: "Conflict", message: `tenancy is already subscribed to ${regionKey}` });
            }
            const created: FakeSubscription = {
                regionKey,
                regionName,
                isHomeRegion: false,
                statuses: [...fake.statusesAfterCreate],
            };
            subscriptions.set(record.tenancyId, [...tenancySubscriptions, created]);
            // The create response reports the first status without moving the script on.
            return answer(200, { regionKey, regionName, status: created.statuses[0], isHomeRegion: false });
        }
        return answer(405, { code: "MethodNotAllowed", message: `${record.method} not supported` });
    }

    const server = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => send(res, 500, { code: "FakeBroken", message: String(err) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;

    return Object.assign(fake, {
        endpoint: `http://127.0.0.1:${port}`,
        requests,
        faults,
        subscribe(tenancyId: string, subscription: Omit<FakeSubscription, "isHomeRegion"> & { isHomeRegion?: boolean }) {
            const others = (subscriptions.get(tenancyId) ?? []).filter((s) => s.regionKey !== subscription.regionKey);
            subscriptions.set(tenancyId, [...others, { isHomeRegion: false, ...subscription, statuses: [...subscription.statuses] }]);
        },
        failForever(fault: Fault) {
            permanentFault = fault;
        },
        received(method: "GET" | "POST") {
            return requests.filter((r) => r.method === method);
        },
        close() {
            server.closeAllConnections();
            return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
        },
    });
}
