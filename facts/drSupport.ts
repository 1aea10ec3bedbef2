/**
 * What Oracle-managed disaster recovery supports, as data. The components build instances from
 * these values and the policy pack rejects anything outside them, so the two cannot drift apart.
 */
import { createHash } from "node:crypto";

/**
 * The editions Oracle-managed DR supports, as users name them. An object literal `as const`
 * declared before the type of the same name: the form Pulumi's component analyzer turns into an
 * enum of the multi-language schema (@pulumi/pulumi 3.270 provider/experimental/analyzer.js:447-495
 * and 583-636; a plain union of literals is refused).
 */
export const DrEdition = {
    ENTERPRISE: "ENTERPRISE",
    HEALTHCARE: "HEALTHCARE",
} as const;

export type DrEdition = (typeof DrEdition)[keyof typeof DrEdition];

/** The editions mapped to the provider's `integrationInstanceType` for Oracle Integration 3. */
export const DR_EDITIONS = {
    ENTERPRISE: "ENTERPRISEX",
    HEALTHCARE: "HEALTHCARE",
} as const satisfies Record<DrEdition, string>;

export type DrInstanceType = (typeof DR_EDITIONS)[DrEdition];

/** `integrationInstanceType` values Oracle-managed DR accepts. `STANDARDX` (Standard) and the Gen 2 types do not qualify. */
export const DR_SUPPORTED_INSTANCE_TYPES: readonly DrInstanceType[] = Object.freeze(Object.values(DR_EDITIONS));

/** The only shape a DR instance can have; `DEVELOPMENT` is rejected by the service. */
export const DR_SHAPE = "PRODUCTION";

/** Where the list of what Oracle-managed DR does not support comes from. */
export const DR_NOT_SUPPORTED_SOURCE = 'Oracle Integration 3 DR guide G10051-10, "What\'s Not Supported?"';

/**
 * Where Oracle allows private endpoints on a DR pair: "If you are using private endpoints, you must
 * manually enable this feature on your primary and secondary instances" (read 2026-12-07; the
 * seed, G10051-10 of March 2025, listed them as not supported).
 */
export const DR_PRIVATE_ENDPOINTS_SOURCE =
    'Oracle Integration 3 Oracle-managed DR guide, "User Responsibilities", https://docs.oracle.com/en/cloud/paas/application-integration/oracle-disaster-recovery/user-responsibilities.html (read 2026-12-07)';

/** A feature Oracle-managed DR does not support, and what to do instead. */
export interface DrUnsupportedFeature {
    /** The feature as Oracle's guide names it. */
    readonly feature: string;
    /** Whether the feature's name is plural (for "is"/"are"). */
    readonly plural: boolean;
    /** What to do instead. */
    readonly instead: string;
}

const NETWORK_ACLS: DrUnsupportedFeature = { feature: "network access ACLs", plural: true, instead: "restrict access at the callers or in the connected systems" };
const CUSTOM_ENDPOINTS: DrUnsupportedFeature = { feature: "custom endpoints", plural: true, instead: "clients use the instance's global URL, which follows failovers" };
const SEPARATE_INSTANCE = "run it on a separate instance without DR";

/**
 * What Oracle-managed DR does not support, by the `oci.integration.IntegrationInstance` field that
 * turns it on. Private endpoints are not among them: Oracle's current "User Responsibilities" page
 * supports them enabled on both instances ({@link DR_PRIVATE_ENDPOINTS_SOURCE}). The policy pack rejects these on a DR-enabled instance, and DrPairedIntegration's arguments name
 * them as unsupported when given, in the same words ({@link drUnsupportedMessage}).
 */
export const DR_UNSUPPORTED_INSTANCE_FIELDS = {
    networkEndpointDetails: NETWORK_ACLS,
    customEndpoint: CUSTOM_ENDPOINTS,
    alternateCustomEndpoints: CUSTOM_ENDPOINTS,
    isVisualBuilderEnabled: { feature: "Visual Builder", plural: false, instead: SEPARATE_INSTANCE },
    enableProcessAutomationTrigger: { feature: "Process Automation", plural: false, instead: SEPARATE_INSTANCE },
} as const satisfies Record<string, DrUnsupportedFeature>;

export type DrUnsupportedInstanceField = keyof typeof DR_UNSUPPORTED_INSTANCE_FIELDS;

/**
 * What the guide also lists as not supported ("What's Not Supported?") but no instance input
 * turns on, so nothing can reject it: said in the README and by `oic-dr facts`, in our words.
 */
export const DR_UNSUPPORTED_UNCHECKED: readonly string[] = Object.freeze([
    "B2B",
    "RPA",
    "event-based integrations (their event definitions are recreated by hand after a failover)",
    "moving either instance to another compartment",
]);

/** "network access ACLs are not supported by Oracle-managed DR (<source>); <what to do instead>". */
export function drUnsupportedMessage({ feature, plural, instead }: DrUnsupportedFeature): string {
    return `${feature} ${plural ? "are" : "is"} not supported by Oracle-managed DR (${DR_NOT_SUPPORTED_SOURCE}); ${instead}`;
}


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
    domain: "oci:Identity/domain:Domain",
    domainReplication: "oci:Identity/domainReplicationToRegion:DomainReplicationToRegion",
    policy: "oci:Identity/policy:Policy",
    drProtectionGroup: "oci:DisasterRecovery/drProtectionGroup:DrProtectionGroup",
    drPlan: "oci:DisasterRecovery/drPlan:DrPlan",
    bucket: "oci:ObjectStorage/bucket:Bucket",
} as const;

/**
 * The module our dynamic resources register under and their types. The engine's type token is
 * `pulumi-nodejs:dynamic/<module>:<type>` (@pulumi/pulumi 3.270 dynamic/index.js:82, the dynamic
 * `Resource` constructor): see {@link dynamicTypeToken}.
 */
export const DYNAMIC_MODULE = "oic-dr";
export const DYNAMIC_TYPES = {
    regionSubscription: "RegionSubscription",
    pairRoles: "PairRoles",
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
