/**
 * A local stand-in for the OCI Integration API 20190131 in the two regions of a DR pair: one HTTP
 * server per region, sharing the state of the pair, as OCI's regional endpoints share it.
 *
 * The contract it stands for, as the official client the tests drive sends it (node_modules/
 * oci-integration 2.139.1 lib/client.js; the client appends `/20190131` to its endpoint, :119-120):
 * - GetIntegrationInstance: `GET /integrationInstances/{id}` (:974-998), body an IntegrationInstance
 *   (lib/model/integration-instance.d.ts: `lifecycleState`, `instanceUrl`, `isDisasterRecoveryEnabled`,
 *   `disasterRecoveryDetails`; lib/model/disaster-recovery-details.d.ts: `role`, `regionalInstanceUrl`,
 *   `crossRegionIntegrationInstanceDetails`; lib/model/cross-region-integration-instance-details.d.ts:
 *   `role`, `id`, `region`, `timeRoleChanged`).
 * - ListIntegrationInstances: `GET /integrationInstances?compartmentId=&displayName=` (:1106-1138),
 *   body an array of IntegrationInstanceSummary.
 * - DisasterRecoveryFailover: `POST /integrationInstances/{id}/actions/failover` (:788-816) with the
 *   `opc-retry-token` header; answered 202 with `opc-work-request-id` (read at :821).
 * - GetWorkRequest: `GET /workRequests/{id}` (:1037-1063), body a WorkRequest
 *   (lib/model/work-request.d.ts: `status` ACCEPTED|IN_PROGRESS|FAILED|SUCCEEDED|CANCELING|CANCELED;
 *   `percentComplete`, "Percentage of the request completed", :44-47).
 * API reference: https://docs.oracle.com/iaas/api/#/en/integration/20190131/
 *
 * Semantics it models:
 * - An instance is served only by its own region's endpoint; elsewhere it is 404, as OCI answers
 *   for a resource of another region.
 * - A failover swaps the roles of the pair when its work request reaches SUCCEEDED (seed 000 and
 *   DESIGN.md: the API is called on an instance in its own region and swaps the roles; the
 *   standby's call is what the day a region is lost needs).
 * - Retry tokens (https://docs.oracle.com/en-us/iaas/Content/API/Concepts/usingapi.htm#retrytoken):
 *   a failover carrying a token already seen for that instance returns the first request's work
 *   request and executes nothing. That is what makes a retried failover safe.
 * - Signatures are checked with ./ociSignature.ts; a refused request is answered 401 and recorded.
 *
 * Scriptable: the statuses the next failover's work request reports on successive reads (succeed,
 * fail, stall), and its percentComplete with them; faults answered before normal handling (429, 500...), optionally after executing
 * the request (a response lost on the way back); a region whose port refuses connections; a region
 * that accepts connections and never answers.
 *
 * Not modelled (cannot be verified here): how long OCI takes, its real error bodies beyond
 * code/message, the instance states during a failover (kept ACTIVE here).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { headerValue, keyIdOf, readBody, sendJson, signatureProblem, type SignatureExpectation } from "./ociSignature";

const API_PREFIX = "/20190131";
const INSTANCE_PATH = /^\/20190131\/integrationInstances\/([^/]+)$/;
const FAILOVER_PATH = /^\/20190131\/integrationInstances\/([^/]+)\/actions\/failover$/;
const LIST_PATH = /^\/20190131\/integrationInstances$/;
const WORK_REQUEST_PATH = /^\/20190131\/workRequests\/([^/]+)$/;

export type Role = "PRIMARY" | "SECONDARY";

export interface FakeInstance {
    id: string;
    region: string;
    displayName: string;
    compartmentId: string;
    role: Role;
    lifecycleState: string;
    regionalInstanceUrl: string;
    timeRoleChanged: string;
    /**
     * Answered as `instanceDesignTimeUrl` (lib/model/integration-instance.d.ts:110) when set. Its
     * real form is not documented beyond "Design Time URL"; tests give Oracle's example shape
     * (`https://<design host>/?integrationInstance=<name>`, see operations/postFailoverTarget.ts).
     */
    designTimeUrl?: string;
    /** Answered as `idcsInfo` (lib/model/idcs-info-details.d.ts) when set: the identity domain's app of the instance. */
    idcsAppLocationUrl?: string;
}

export interface FaultSpec {
    method?: "GET" | "POST";
    /** Only requests whose path contains this consume the fault (default: any). */
    pathContains?: string;
    status: number;
    code: string;
    /** Execute the request, then answer the fault: a response lost on the way back. */
    afterExecute?: boolean;
    /**
     * Sent as `Retry-After` (seconds or an HTTP-date, RFC 9110 section 10.2.3). OCI's API guide asks
     * clients to back off on 429 (https://docs.oracle.com/en-us/iaas/Content/API/References/apierrors.htm,
     * "429 TooManyRequests"); whether OCI sends the header is not documented there (unverified):
     * this is the stand-in for a service or proxy that does.
     */
    retryAfter?: string;
}

export interface ReceivedRequest {
    region: string;
    method: string;
    path: string;
    query: Record<string, string>;
    retryToken: string | undefined;
    keyId: string | undefined;
    authorization: string | undefined;
    signatureProblem: string | undefined;
    status: number;
    /** When it arrived (epoch ms). */
    at: number;
    /** When it was answered (epoch ms); absent while unanswered. */
    answeredAt?: number;
}

interface FakeWorkRequest {
    id: string;
    instanceId: string;
    compartmentId: string;
    statuses: string[];
    /** percentComplete on successive reads, in step with `statuses`; empty: 100 once SUCCEEDED, else 50. */
    percents: number[];
    timeAccepted: string;
    swapped: boolean;
    /** Epoch ms from which it reports SUCCEEDED (IN_PROGRESS before); overrides `statuses`. */
    succeedsAt: number | undefined;
}

/**
 * Another OCI service answered by the same servers, under its API version's path: each generated
 * client appends its version to the one base URL (`set endpoint` in each oci-* lib/client.js), so
 * one server per region serves every service, as `--endpoint` gives the CLI. Its requests are
 * signed, recorded, and subject to the same faults, hangs and refused connections as the
 * Integration API's (./ociServices.ts registers Identity, Email, Monitoring, ONS, Health Checks).
 */
export interface ServiceRoutes {
    /** The API version path the SDK client appends, e.g. `/20160918` (Identity). */
    readonly prefix: string;
    /** Normal handling of a signed request: [status, body, headers]. */
    execute(region: string, record: ReceivedRequest): [number, unknown, Record<string, string>?];
}

export interface FakeIntegrationApi {
    /** Endpoint of a region's server (give it to the client as `endpoint`). */
    endpointOf(region: string): string;
    /** Held before every answer, in milliseconds (default 0): a distant region's round trip (bench/readiness.ts). */
    answerDelayMs: number;
    readonly requests: readonly ReceivedRequest[];
    /** Serves another OCI service under its API version's path on every region's server (see ServiceRoutes). */
    serve(routes: ServiceRoutes): void;
    /** Adds a DR pair: `primary` and `standby` in their regions. */
    addPair(primary: Omit<FakeInstance, "role" | "timeRoleChanged">, standby: Omit<FakeInstance, "role" | "timeRoleChanged">): void;
    instance(id: string): FakeInstance;
    /** Statuses the next failovers' work requests report on successive reads; the last stays. */
    workRequestStatuses: string[];
    /**
     * percentComplete the next failovers' work requests report, read by read in step with
     * workRequestStatuses (the last stays); empty (the default): 100 once SUCCEEDED, else 50.
     */
    workRequestPercents: number[];
    /**
     * When set, the next failovers' work requests report IN_PROGRESS until this many ms after they
     * were accepted and SUCCEEDED from then on, however often they are read: a failover that takes
     * wall time, for the waits that are bounded by it.
     */
    workRequestSucceedsAfterMs: number | undefined;
    /** Faults a region answers, in order, before normal handling. */
    faults(region: string): FaultSpec[];
    /** A region that accepts connections and never answers (a timeout, not a refusal). */
    hang(region: string): void;
    /** Closes a region's server: its port refuses connections from now on. */
    refuseConnections(region: string): Promise<void>;
    /** Failovers executed (not answered from a retry token), by instance id. */
    readonly executedFailovers: readonly string[];
    /** Rewrites what an existing work request reports on its next reads (the last stays). */
    scriptWorkRequest(id: string, statuses: string[]): void;
    /** Ends a work request with SUCCEEDED now, its failover done (the roles swapped). */
    completeWorkRequest(id: string): void;
    /** Removes an instance and its partner, as a deletion outside the stack would. */
    removePair(id: string): void;
    /** Swaps the roles of the pair at once, as a failover by the console or another tool does. */
    swapRoles(id: string): void;
    received(filter: { region?: string; method?: string; pathContains?: string }): ReceivedRequest[];
    close(): Promise<void>;
}

export async function startFakeIntegrationApi(
    options: SignatureExpectation & { regions: readonly string[]; globalUrl?: string },
): Promise<FakeIntegrationApi> {
    const instances = new Map<string, FakeInstance>();
    const partners = new Map<string, string>();
    const workRequests = new Map<string, FakeWorkRequest>();
    /** `${instanceId} ${retryToken}` -> work request id. */
    const retryTokens = new Map<string, string>();
    const requests: ReceivedRequest[] = [];
    const executedFailovers: string[] = [];
    const faultQueues = new Map<string, FaultSpec[]>(options.regions.map((r) => [r, []]));
    const servers = new Map<string, { server: Server; endpoint: string; open: boolean }>();
    const globalUrl = options.globalUrl ?? "https://oic-dr-test.integration.ocp.oraclecloud.com";
    const hanging = new Set<string>();
    const services: ServiceRoutes[] = [];
    let counter = 0;
    const api = {
        /** Held before every answer, as a distant region's round trip would be (bench/readiness.ts). */
        answerDelayMs: 0,
        workRequestStatuses: ["ACCEPTED", "IN_PROGRESS", "SUCCEEDED"],
        workRequestPercents: [] as number[],
        workRequestSucceedsAfterMs: undefined as number | undefined,
    };

    function view(instance: FakeInstance) {
        const partner = instances.get(partners.get(instance.id)!)!;
        return {
            id: instance.id,
            displayName: instance.displayName,
            compartmentId: instance.compartmentId,
            integrationInstanceType: "ENTERPRISEX",
            shape: "PRODUCTION",
            lifecycleState: instance.lifecycleState,
            instanceUrl: globalUrl,
            ...(instance.designTimeUrl === undefined ? {} : { instanceDesignTimeUrl: instance.designTimeUrl }),
            ...(instance.idcsAppLocationUrl === undefined
                ? {}
                : { idcsInfo: { idcsAppLocationUrl: instance.idcsAppLocationUrl, idcsAppDisplayName: `${instance.displayName}-app`, idcsAppId: "app-id", idcsAppName: "app-name", instancePrimaryAudienceUrl: globalUrl } }),
            isDisasterRecoveryEnabled: true,
            timeCreated: "2025-01-01T00:00:00.000Z",
            disasterRecoveryDetails: {
                role: instance.role,
                regionalInstanceUrl: instance.regionalInstanceUrl,
                crossRegionIntegrationInstanceDetails: {
                    id: partner.id,
                    region: partner.region,
                    role: partner.role,
                    timeRoleChanged: partner.timeRoleChanged,
                },
            },
        };
    }

    function takeFault(region: string, method: string, path: string, afterExecute: boolean): FaultSpec | undefined {
        const queue = faultQueues.get(region)!;
        const index = queue.findIndex(
            (f) => (!f.method || f.method === method) && (!f.pathContains || path.includes(f.pathContains)) && !!f.afterExecute === afterExecute,
        );
        return index >= 0 ? queue.splice(index, 1)[0] : undefined;
    }

    function swap(id: string) {
        const a = instances.get(id)!;
        const b = instances.get(partners.get(a.id)!)!;
        const now = new Date().toISOString();
        [a.role, b.role] = [b.role, a.role];
        a.timeRoleChanged = b.timeRoleChanged = now;
    }

    /** The work request's status on this read, moving its script on; SUCCEEDED swaps the roles once. */
    function readWorkRequest(wr: FakeWorkRequest) {
        const scripted = wr.statuses.length > 1 ? wr.statuses.shift()! : wr.statuses[0]!;
        const scriptedPercent = wr.percents.length > 1 ? wr.percents.shift() : wr.percents[0];
        const status = wr.succeedsAt === undefined ? scripted : Date.now() >= wr.succeedsAt ? "SUCCEEDED" : "IN_PROGRESS";
        if (status === "SUCCEEDED" && !wr.swapped) {
            wr.swapped = true;
            swap(wr.instanceId);
        }
        return {
            id: wr.id,
            operationType: "DISASTER_RECOVERY_FAILOVER",
            status,
            compartmentId: wr.compartmentId,
            resources: [{ entityType: "integration", actionType: "UPDATED", identifier: wr.instanceId, entityUri: `/integrationInstances/${wr.instanceId}` }],
            percentComplete: scriptedPercent ?? (status === "SUCCEEDED" ? 100 : 50),
            timeAccepted: wr.timeAccepted,
        };
    }

    /** Normal handling: [status, body, headers]. */
    function execute(region: string, record: ReceivedRequest): [number, unknown, Record<string, string>?] {
        const local = (id: string) => {
            const found = instances.get(decodeURIComponent(id));
            return found && found.region === region ? found : undefined;
        };
        const notFound: [number, unknown] = [404, { code: "NotAuthorizedOrNotFound", message: `not found in ${region}` }];
        let m: RegExpExecArray | null;
        if (record.method === "GET" && LIST_PATH.test(record.path)) {
            if (!record.query.compartmentId) return [400, { code: "MissingParameter", message: "compartmentId is required" }];
            const items = [...instances.values()]
                .filter((i) => i.region === region && i.compartmentId === record.query.compartmentId)
                .filter((i) => !record.query.displayName || i.displayName === record.query.displayName)
                .map(view);
            return [200, items];
        }
        if (record.method === "GET" && (m = INSTANCE_PATH.exec(record.path))) {
            const instance = local(m[1]!);
            return instance ? [200, view(instance), { etag: `etag-${instance.role}` }] : notFound;
        }
        if (record.method === "POST" && (m = FAILOVER_PATH.exec(record.path))) {
            const instance = local(m[1]!);
            if (!instance) return notFound;
            const tokenKey = `${instance.id} ${record.retryToken ?? ""}`;
            const earlier = record.retryToken ? retryTokens.get(tokenKey) : undefined;
            if (earlier) return [202, {}, { "opc-work-request-id": earlier }];
            const id = `ocid1.integrationworkrequest.oc1.${region}.wr${++counter}`;
            workRequests.set(id, {
                id,
                instanceId: instance.id,
                compartmentId: instance.compartmentId,
                statuses: [...api.workRequestStatuses],
                percents: [...api.workRequestPercents],
                timeAccepted: new Date().toISOString(),
                swapped: false,
                succeedsAt: api.workRequestSucceedsAfterMs === undefined ? undefined : Date.now() + api.workRequestSucceedsAfterMs,
            });
            if (record.retryToken) retryTokens.set(tokenKey, id);
            executedFailovers.push(instance.id);
            return [202, {}, { "opc-work-request-id": id }];
        }
        if (record.method === "GET" && (m = WORK_REQUEST_PATH.exec(record.path))) {
            const wr = workRequests.get(decodeURIComponent(m[1]!));
            if (!wr || instances.get(wr.instanceId)!.region !== region) return notFound;
            return [200, readWorkRequest(wr)];
        }
        return [404, { code: "NotAuthorizedOrNotFound", message: `no such path ${record.path}` }];
    }

    async function handle(region: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
        const rawBody = await readBody(req);
        const url = new URL(req.url ?? "/", "http://fake");
        const record: ReceivedRequest = {
            region,
            method: req.method ?? "",
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            retryToken: headerValue(req, "opc-retry-token"),
            keyId: keyIdOf(req),
            authorization: headerValue(req, "authorization"),
            signatureProblem: signatureProblem(req, rawBody, options),
            status: 0,
            at: Date.now(),
        };
        requests.push(record);
        const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
            record.status = status;
            record.answeredAt = Date.now();
            sendJson(res, status, body, headers);
        };
        if (hanging.has(region)) return;
        if (api.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, api.answerDelayMs));
        if (record.signatureProblem) return answer(401, { code: "NotAuthenticated", message: record.signatureProblem });
        const service = record.path.startsWith(API_PREFIX) ? execute : services.find((s) => record.path.startsWith(`${s.prefix}/`))?.execute;
        if (!service) return answer(404, { code: "NotAuthorizedOrNotFound", message: `no such path ${record.path}` });
        const before = takeFault(region, record.method, record.path, false);
        if (before) return answer(before.status, { code: before.code, message: `injected ${before.status}` }, before.retryAfter === undefined ? undefined : { "retry-after": before.retryAfter });
        const [status, body, headers] = service(region, record);
        const after = takeFault(region, record.method, record.path, true);
        if (after) return answer(after.status, { code: after.code, message: `injected ${after.status} after executing` });
        answer(status, body, headers);
    }

    for (const region of options.regions) {
        const server = createServer((req, res) => {
            handle(region, req, res).catch((err: unknown) => sendJson(res, 500, { code: "FakeBroken", message: String(err) }));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const { port } = server.address() as AddressInfo;
        servers.set(region, { server, endpoint: `http://127.0.0.1:${port}`, open: true });
    }

    const closeServer = (entry: { server: Server; open: boolean }) => {
        if (!entry.open) return Promise.resolve();
        entry.open = false;
        entry.server.closeAllConnections();
        return new Promise<void>((resolve, reject) => entry.server.close((err) => (err ? reject(err) : resolve())));
    };

    return Object.assign(api, {
        endpointOf(region: string) {
            const entry = servers.get(region);
            if (!entry) throw new Error(`the fake serves no region ${region}`);
            return entry.endpoint;
        },
        requests,
        executedFailovers,
        serve(routes: ServiceRoutes) {
            if (routes.prefix === API_PREFIX || services.some((s) => s.prefix === routes.prefix)) throw new Error(`the fake already serves ${routes.prefix}`);
            services.push(routes);
        },
        addPair(primary: Omit<FakeInstance, "role" | "timeRoleChanged">, standby: Omit<FakeInstance, "role" | "timeRoleChanged">) {
            const created = "2025-01-01T00:00:00.000Z";
            instances.set(primary.id, { ...primary, role: "PRIMARY", timeRoleChanged: created });
            instances.set(standby.id, { ...standby, role: "SECONDARY", timeRoleChanged: created });
            partners.set(primary.id, standby.id);
            partners.set(standby.id, primary.id);
        },
        scriptWorkRequest(id: string, statuses: string[]) {
            const wr = workRequests.get(id);
            if (!wr) throw new Error(`no work request ${id}`);
            wr.statuses = [...statuses];
            wr.percents = [];
            wr.succeedsAt = undefined;
        },
        completeWorkRequest(id: string) {
            const wr = workRequests.get(id);
            if (!wr) throw new Error(`no work request ${id}`);
            wr.statuses = ["SUCCEEDED"];
            wr.percents = [];
            wr.succeedsAt = undefined;
            readWorkRequest(wr);
        },
        removePair(id: string) {
            const partner = partners.get(id);
            for (const gone of [id, partner]) {
                if (gone === undefined) continue;
                instances.delete(gone);
                partners.delete(gone);
            }
        },
        swapRoles(id: string) {
            swap(id);
        },
        instance(id: string) {
            const found = instances.get(id);
            if (!found) throw new Error(`no instance ${id}`);
            return found;
        },
        faults(region: string) {
            return faultQueues.get(region)!;
        },
        hang(region: string) {
            hanging.add(region);
        },
        refuseConnections(region: string) {
            return closeServer(servers.get(region)!);
        },
        received(filter: { region?: string; method?: string; pathContains?: string }) {
            return requests.filter(
                (r) =>
                    (!filter.region || r.region === filter.region) &&
                    (!filter.method || r.method === filter.method) &&
                    (!filter.pathContains || r.path.includes(filter.pathContains)),
            );
        },
        async close() {
            await Promise.all([...servers.values()].map(closeServer));
        },
    });
}
