/**
 * What Oracle-managed disaster recovery supports, as data. The components build instances from
 * these values and the policy pack rejects anything outside them, so the two cannot drift apart.
 */
import { createHash } from "node:crypto";

/** The edition names users write, mapped to the provider's `integrationInstanceType` for Oracle Integration 3. */
export const DR_EDITIONS = {
    ENTERPRISE: "ENTERPRISEX",
    HEALTHCARE: "HEALTHCARE",
} as const;

export type DrEdition = keyof typeof DR_EDITIONS;
export type DrInstanceType = (typeof DR_EDITIONS)[DrEdition];

/** `integrationInstanceType` values Oracle-managed DR accepts. `STANDARDX` (Standard) and the Gen 2 types do not qualify. */
export const DR_SUPPORTED_INSTANCE_TYPES: readonly DrInstanceType[] = Object.freeze(Object.values(DR_EDITIONS));

/** The only shape a DR instance can have; `DEVELOPMENT` is rejected by the service. */
export const DR_SHAPE = "PRODUCTION";


/** Type tokens the DR rules talk about, named once for components, policies and the CLI. */
export const OCI_TYPES = {
    integrationInstance: "oci:Integration/integrationInstance:IntegrationInstance",
    privateEndpointOutboundConnection:
        "oci:Integration/privateEndpointOutboundConnection:PrivateEndpointOutboundConnection",
    oracleManagedCustomEndpoint: "oci:Integration/oracleManagedCustomEndpoint:OracleManagedCustomEndpoint",
    provider: "pulumi:providers:oci",
    sender: "oci:Email/sender:Sender",
    suppression: "oci:Email/suppression:Suppression",
    dkim: "oci:Email/dkim:Dkim",
    httpMonitor: "oci:HealthChecks/httpMonitor:HttpMonitor",
    pingMonitor: "oci:HealthChecks/pingMonitor:PingMonitor",
    alarm: "oci:Monitoring/alarm:Alarm",
    topic: "oci:Ons/notificationTopic:NotificationTopic",
    subscription: "oci:Ons/subscription:Subscription",
    domainReplication: "oci:Identity/domainReplicationToRegion:DomainReplicationToRegion",
    policy: "oci:Identity/policy:Policy",
} as const;

/**
 * The module our dynamic resources register under and their types. The engine's type token is
 * `pulumi-nodejs:dynamic/<module>:<type>` (@pulumi/pulumi 3.270 dynamic/index.js:82, the dynamic
 * `Resource` constructor): see {@link dynamicTypeToken}.
 */
export const DYNAMIC_MODULE = "oic-dr";
export const DYNAMIC_TYPES = {
    regionSubscription: "RegionSubscription",
    failoverGenerationGuard: "FailoverGenerationGuard",
    failoverBaseline: "FailoverBaseline",
} as const;

/** The type token the engine (and the policy pack) sees for one of our dynamic resources. */
export function dynamicTypeToken(type: (typeof DYNAMIC_TYPES)[keyof typeof DYNAMIC_TYPES]): string {
    return `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:${type}`;
}

/** Oracle Integration accepts at most two connectivity agents in one agent group (they run active-active). */
export const MAX_AGENTS_PER_GROUP = 2;

/**
 * The labels that mark a Kubernetes workload as connectivity agents of one agent group: set by
 * ConnectivityAgentGroup, read by the `oic-dr-agent-group-size` policy (on hand-written workloads too).
 */
export const AGENT_LABELS = {
    component: "app.kubernetes.io/component",
    componentValue: "oic-connectivity-agent",
    group: "oic-dr.io/agent-group",
    /**
     * Which Oracle Integration instance the group belongs to: two instances (dev and prod) may
     * reuse a group identifier. A label value holds at most 63 characters, too few for a host,
     * so the label carries `instanceHostHash(host)` and the annotation below the host itself.
     */
    instance: "oic-dr.io/instance-hash",
} as const;

/** Annotation with the full OIC host of an agent group (see AGENT_LABELS.instance). */
export const AGENT_INSTANCE_HOST_ANNOTATION = "oic-dr.io/instance-host";

/**
 * A short, stable hash of an OIC host for the instance label: the first 10 hex digits of the
 * SHA-256 of the lower-cased host (hosts are case-insensitive). node:crypto is Node's own: the
 * pack's bundle leaves it to Node.
 */
export function instanceHostHash(host: string): string {
    return createHash("sha256").update(host.trim().toLowerCase()).digest("hex").slice(0, 10);
}
