/**
 * A tenancy where the pair is ready for a failover, as the readiness stand-ins serve it: both
 * regions subscribed, the instance's non-default domain replicated, email alike in both regions,
 * the pair's topics, probes and alarms in place. Shared by the readiness tests and the benchmark
 * (bench/readiness.ts), which must measure the same run the tests prove.
 */
import type { FakeOciServices } from "./fakes/ociServices";
import { ASHBURN, COMPARTMENT, PHOENIX, TENANCY } from "./operationsPair";

export const DOMAIN_HOST = "idcs-0a1b2c3d4e5f.identity.oraclecloud.com";
export const DEFAULT_DOMAIN_HOST = "idcs-ffffdefault00.identity.oraclecloud.com";

/** A pair ready for a failover: every check of this file passes on it. */
export function readyTenancy(): FakeOciServices {
    const email = () => ({
        senders: [{ emailAddress: "alerts@example.com", compartmentId: COMPARTMENT, lifecycleState: "ACTIVE" }],
        emailDomains: [{ name: "example.com", compartmentId: COMPARTMENT, lifecycleState: "ACTIVE", dkims: [{ name: "example-oicdr", lifecycleState: "ACTIVE" }] }],
        suppressions: ["bounced@example.org"],
    });
    const alerting = (region: string, key: string, partnerKey: string) => ({
        topics: [{ name: `orders-prod-oic-dr-dr-${key}`, compartmentId: COMPARTMENT, lifecycleState: "ACTIVE", subscriptions: [{ protocol: "EMAIL", endpoint: "oncall@example.com", lifecycleState: "ACTIVE" }] }],
        monitors: [{ kind: "http" as const, displayName: `oic-dr-${partnerKey}-from-${key}`, compartmentId: COMPARTMENT, isEnabled: true, homeRegion: region }],
        alarms: [{ displayName: `oic-dr unreachable in ${region === ASHBURN ? PHOENIX : ASHBURN}`, compartmentId: COMPARTMENT, isEnabled: true, lifecycleState: "ACTIVE" }],
    });
    return {
        tenancyId: TENANCY,
        regionSubscriptions: [
            { regionKey: "IAD", regionName: ASHBURN, status: "READY", isHomeRegion: true },
            { regionKey: "PHX", regionName: PHOENIX, status: "READY", isHomeRegion: false },
        ],
        domains: [
            { id: "ocid1.domain.oc1..default", displayName: "Default", compartmentId: TENANCY, url: `https://${DEFAULT_DOMAIN_HOST}:443`, homeRegion: ASHBURN, type: "DEFAULT", replicaRegions: [{ region: PHOENIX, state: "REPLICATION_ENABLED" }] },
            { id: "ocid1.domain.oc1..oic", displayName: "oic-users", compartmentId: TENANCY, url: `https://${DOMAIN_HOST}:443`, homeRegion: ASHBURN, type: "SECONDARY", replicaRegions: [{ region: PHOENIX, state: "REPLICATION_ENABLED" }] },
        ],
        email: { [ASHBURN]: email(), [PHOENIX]: email() },
        alarms: { [ASHBURN]: alerting(ASHBURN, "iad", "phx"), [PHOENIX]: alerting(PHOENIX, "phx", "iad") },
    };
}

