/**
 * Local stand-ins for the OCI services `oic-dr readiness` reads besides the Integration API, served
 * by the Integration API fake's servers (one per region, ./integrationApiServer.ts `serve`), so one
 * base URL per region answers every client, signed and checked as the Integration API is.
 *
 * Each serves only the list operations the checks call, with only the fields the SDK client's
 * parsing and the checks read, as the official clients send them (2.139.1, GET each):
 * - Identity 20160918 (https://docs.oracle.com/iaas/api/#/en/identity/20160918/):
 *   ListRegionSubscriptions `/tenancies/{tenancyId}/regionSubscriptions` (oci-identity lib/client.js:7861),
 *   body RegionSubscription[] (regionKey, regionName, status, isHomeRegion); ListDomains
 *   `/domains?compartmentId=` (:6375), body DomainSummary[] (lib/model/domain-summary.d.ts: url,
 *   homeRegionUrl, homeRegion, replicaRegions, type DEFAULT|SECONDARY). ListDomains lists "all
 *   domains that are homed or have a replica region in current region" (the API reference as the
 *   provider's data source oci_identity_domains repeats it,
 *   https://docs.oracle.com/en-us/iaas/tools/terraform-provider-oci/latest/docs/d/identity_domains.html):
 *   so does this stand-in. Identity's tenancy-wide data (subscriptions, domains) is one state that
 *   every region answers, as the tenancy's is.
 * - Email Delivery 20170907 (https://docs.oracle.com/iaas/api/#/en/emaildelivery/20170907/):
 *   ListSenders `/senders?compartmentId=` (oci-email lib/client.js:2423, SenderSummary[]),
 *   ListEmailDomains `/emailDomains?compartmentId=` (:2140, an EmailDomainCollection {items}),
 *   ListDkims `/dkims?emailDomainId=` (:2070, a DkimCollection {items}), ListSuppressions
 *   `/suppressions?compartmentId=` (:2546, SuppressionSummary[]). Suppressions are "at the customer
 *   level": their compartmentId "must be the tenancy OCID" (oci email suppression create,
 *   https://docs.cloud.oracle.com/tools/oci-cli/latest/oci_cli_docs/cmdref/email/suppression/create.html),
 *   kept per region (the console lists those "in the selected compartment and region",
 *   https://docs.oracle.com/en-us/iaas/Content/Email/Reference/managingsuppressionlist_topic-list-suppressed-addresses.htm):
 *   this stand-in answers them only for the tenancy, per region.
 * - Monitoring 20180401 (https://docs.oracle.com/iaas/api/#/en/monitoring/20180401/): ListAlarms
 *   `/alarms?compartmentId=` (oci-monitoring lib/client.js:905, AlarmSummary[]).
 * - Notifications 20181201 (https://docs.oracle.com/iaas/api/#/en/notification/20181201/): ListTopics
 *   `/topics?compartmentId=` (oci-ons lib/client.js:492, NotificationTopicSummary[]),
 *   ListSubscriptions `/subscriptions?compartmentId=&topicId=` (:1223, SubscriptionSummary[];
 *   lifecycleState PENDING until confirmed, then ACTIVE:
 *   https://docs.cloud.oracle.com/iaas/Content/Notification/Tasks/get-confirm-subscription.htm).
 * - Health Checks 20180501 (https://docs.oracle.com/iaas/api/#/en/healthchecks/20180501/):
 *   ListHttpMonitors `/httpMonitors?compartmentId=` (oci-healthchecks lib/client.js:973) and
 *   ListPingMonitors `/pingMonitors?compartmentId=` (:1199), HttpMonitorSummary[]/PingMonitorSummary[].
 *
 * Not modelled: paging (every list fits one page: no opc-next-page), filters other than the
 * compartment, topic and email domain, the services' real error bodies.
 */
import type { FakeIntegrationApi, ReceivedRequest, ServiceRoutes } from "./integrationApiServer";

export interface FakeDomain {
    id: string;
    displayName: string;
    compartmentId: string;
    /** Region-agnostic URL, e.g. https://idcs-<id>.identity.oraclecloud.com:443 */
    url: string;
    homeRegion: string;
    type: "DEFAULT" | "SECONDARY";
    replicaRegions: { region: string; state: string }[];
}

export interface FakeEmail {
    senders: { emailAddress: string; compartmentId: string; lifecycleState: string }[];
    emailDomains: { name: string; compartmentId: string; lifecycleState: string; dkims: { name: string; lifecycleState: string }[] }[];
    /** Suppressed addresses of the tenancy in this region. */
    suppressions: string[];
}

export interface FakeAlarms {
    alarms: { displayName: string; compartmentId: string; isEnabled: boolean; lifecycleState: string }[];
    topics: { name: string; compartmentId: string; lifecycleState: string; subscriptions: { protocol: string; endpoint: string; lifecycleState: string }[] }[];
    monitors: { kind: "http" | "ping"; displayName: string; compartmentId: string; isEnabled: boolean; homeRegion: string }[];
}

export interface FakeOciServices {
    /** The tenancy whose subscriptions, domains and suppressions are served. */
    tenancyId: string;
    regionSubscriptions: { regionKey: string; regionName: string; status: string; isHomeRegion: boolean }[];
    domains: FakeDomain[];
    email: Record<string, FakeEmail>;
    alarms: Record<string, FakeAlarms>;
}

type Answer = [number, unknown, Record<string, string>?];

const missing = (name: string): Answer => [400, { code: "MissingParameter", message: `${name} is required` }];
const notFound = (path: string): Answer => [404, { code: "NotAuthorizedOrNotFound", message: `no such path ${path}` }];

/** Registers the services on `fake` over `state` (tests mutate the state between runs). */
export function serveOciServices(fake: FakeIntegrationApi, state: FakeOciServices): void {
    const routes = (prefix: string, handlers: Record<string, (region: string, q: Record<string, string>) => Answer>): ServiceRoutes => ({
        prefix,
        execute(region: string, record: ReceivedRequest): Answer {
            if (record.method !== "GET") return notFound(record.path);
            const handler = handlers[record.path.slice(prefix.length)];
            return handler ? handler(region, record.query) : notFound(record.path);
        },
    });
    const inCompartment = <T extends { compartmentId: string }>(items: readonly T[], q: Record<string, string>) => items.filter((i) => i.compartmentId === q.compartmentId);
    const emailOf = (region: string): FakeEmail => state.email[region] ?? { senders: [], emailDomains: [], suppressions: [] };
    const alarmsOf = (region: string): FakeAlarms => state.alarms[region] ?? { alarms: [], topics: [], monitors: [] };
    const id = (kind: string, region: string, n: number) => `ocid1.${kind}.oc1.${region}.fake${n}`;

    fake.serve({
        prefix: "/20160918",
        execute(region, record) {
            if (record.method !== "GET") return notFound(record.path);
            const subscriptions = /^\/20160918\/tenancies\/([^/]+)\/regionSubscriptions$/.exec(record.path);
            if (subscriptions) {
                return decodeURIComponent(subscriptions[1]!) === state.tenancyId ? [200, state.regionSubscriptions] : [404, { code: "NotAuthorizedOrNotFound", message: "no such tenancy" }];
            }
            if (record.path === "/20160918/domains") {
                if (!record.query.compartmentId) return missing("compartmentId");
                const here = inCompartment(state.domains, record.query).filter((d) => d.homeRegion === region || d.replicaRegions.some((r) => r.region === region));
                return [
                    200,
                    here.map((d) => ({
                        id: d.id,
                        compartmentId: d.compartmentId,
                        displayName: d.displayName,
                        description: d.displayName,
                        url: d.url,
                        homeRegionUrl: d.url.replace(".identity.", `.identity.${d.homeRegion}.`),
                        homeRegion: d.homeRegion,
                        replicaRegions: d.replicaRegions.map((r) => ({ region: r.region, state: r.state, url: d.url, regionalUrl: d.url.replace(".identity.", `.identity.${r.region}.`) })),
                        type: d.type,
                        licenseType: "free",
                        isHiddenOnLogin: false,
                        timeCreated: "2025-01-01T00:00:00.000Z",
                        lifecycleState: "ACTIVE",
                    })),
                ];
            }
            return notFound(record.path);
        },
    });

    fake.serve(
        routes("/20170907", {
            "/senders": (region, q) =>
                q.compartmentId ? [200, inCompartment(emailOf(region).senders, q).map((s, n) => ({ id: id("emailsender", region, n), compartmentId: s.compartmentId, emailAddress: s.emailAddress, lifecycleState: s.lifecycleState }))] : missing("compartmentId"),
            "/emailDomains": (region, q) =>
                q.compartmentId
                    ? [200, { items: inCompartment(emailOf(region).emailDomains, q).map((d) => ({ id: id("emaildomain", region, emailOf(region).emailDomains.indexOf(d)), name: d.name, compartmentId: d.compartmentId, lifecycleState: d.lifecycleState })) }]
                    : missing("compartmentId"),
            "/dkims": (region, q) => {
                if (!q.emailDomainId) return missing("emailDomainId");
                const index = emailOf(region).emailDomains.findIndex((_, n) => id("emaildomain", region, n) === q.emailDomainId);
                if (index < 0) return [404, { code: "NotAuthorizedOrNotFound", message: "no such email domain" }];
                const dkims = emailOf(region).emailDomains[index]!.dkims;
                return [200, { items: dkims.map((k, n) => ({ id: id("emaildkim", region, index * 100 + n), name: k.name, emailDomainId: q.emailDomainId, lifecycleState: k.lifecycleState })) }];
            },
            "/suppressions": (region, q) => {
                if (!q.compartmentId) return missing("compartmentId");
                // "this must be the tenancy OCID" (see above): another compartment holds none.
                if (q.compartmentId !== state.tenancyId) return [400, { code: "InvalidParameter", message: "compartmentId must be the tenancy OCID" }];
                return [200, emailOf(region).suppressions.map((address, n) => ({ id: id("emailsuppression", region, n), compartmentId: state.tenancyId, emailAddress: address, reason: "MANUAL" }))];
            },
        }),
    );

    fake.serve(
        routes("/20180401", {
            "/alarms": (region, q) =>
                q.compartmentId
                    ? [
                          200,
                          inCompartment(alarmsOf(region).alarms, q).map((a, n) => ({
                              id: id("alarm", region, n),
                              displayName: a.displayName,
                              compartmentId: a.compartmentId,
                              metricCompartmentId: a.compartmentId,
                              namespace: "oci_healthchecks",
                              query: "HTTP.isHealthy[1m].mean() < 0.5",
                              severity: "CRITICAL",
                              destinations: [],
                              isEnabled: a.isEnabled,
                              lifecycleState: a.lifecycleState,
                          })),
                      ]
                    : missing("compartmentId"),
        }),
    );

    const topicId = (region: string, n: number) => id("onstopic", region, n);
    fake.serve(
        routes("/20181201", {
            "/topics": (region, q) =>
                q.compartmentId
                    ? [
                          200,
                          inCompartment(alarmsOf(region).topics, q).map((t) => ({
                              name: t.name,
                              topicId: topicId(region, alarmsOf(region).topics.indexOf(t)),
                              compartmentId: t.compartmentId,
                              lifecycleState: t.lifecycleState,
                              timeCreated: "2025-01-01T00:00:00.000Z",
                              apiEndpoint: `https://notification.${region}.oci.oraclecloud.com`,
                          })),
                      ]
                    : missing("compartmentId"),
            "/subscriptions": (region, q) => {
                if (!q.compartmentId) return missing("compartmentId");
                const topics = alarmsOf(region).topics.map((t, n) => ({ t, topicId: topicId(region, n) }));
                const chosen = topics.filter(({ t, topicId: tid }) => t.compartmentId === q.compartmentId && (!q.topicId || q.topicId === tid));
                return [
                    200,
                    chosen.flatMap(({ t, topicId: tid }) =>
                        t.subscriptions.map((s, n) => ({ id: id("onssubscription", region, n), topicId: tid, protocol: s.protocol, endpoint: s.endpoint, lifecycleState: s.lifecycleState, compartmentId: t.compartmentId })),
                    ),
                ];
            },
        }),
    );

    const monitors = (kind: "http" | "ping") => (region: string, q: Record<string, string>): Answer =>
        q.compartmentId
            ? [
                  200,
                  inCompartment(alarmsOf(region).monitors, q)
                      .filter((m) => m.kind === kind)
                      .map((m, n) => ({ id: id(`${kind}monitor`, region, n), displayName: m.displayName, compartmentId: m.compartmentId, isEnabled: m.isEnabled, homeRegion: m.homeRegion, protocol: kind === "http" ? "HTTPS" : "TCP", intervalInSeconds: 60 })),
              ]
            : missing("compartmentId");
    fake.serve(routes("/20180501", { "/httpMonitors": monitors("http"), "/pingMonitors": monitors("ping") }));
}
