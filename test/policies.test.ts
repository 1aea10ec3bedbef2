/**
 * The oic-dr policies, one by one, on validation args built by hand the way the engine builds them
 * (see test/policyArgs.ts), in the manner of pulumi/pulumi-policy-aws's tests: a passing resource
 * reports nothing, a failing one reports exactly what is wrong, on which resource, and what to do;
 * waivers turn a report advisory; unknown values are never taken for violations.
 */
import type { ResourceValidation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AGENT_INSTANCE_HOST_ANNOTATION, AGENT_LABELS, DR_SUPPORTED_INSTANCE_TYPES, instanceHostHash, OCI_TYPES } from "../facts/drSupport";
import { drRegionIdentifiers } from "../facts/regions";
import { configurePolicies } from "../engine/policyConfig";
import { findingIdsOf, resourceTypeOf } from "../policies/framework";
import { policies } from "../policies/policies";
import { AGENT_WORKLOAD_TYPES, agentGroupSize } from "../policies/rules/agentGroups";
import { failoverAlarm } from "../policies/rules/alarms";
import { apiAdvice, apiConstraints } from "../policies/rules/api";
import { sendersInBothRegions } from "../policies/rules/email";
import { fsdrBothRegions, fsdrMemberRegion } from "../policies/rules/fullStackDr";
import { identityDomainReplicated } from "../policies/rules/identity";
import { drEnabledPolicy, noFailoverTrigger, noUnsupportedFeatures, productionShape, protectedInstance, supportedEdition } from "../policies/rules/instance";
import { noCustomEndpoint, noNetworkAcl, privateEndpointsOnBoth } from "../policies/rules/network";
import { pairedRegion } from "../policies/rules/regions";
import {
    drInstance,
    NotApplicableError,
    reportSpy,
    resourceArgs,
    runResource,
    runResourceArgs,
    runStack,
    UNKNOWN,
    UnknownValueError,
    urnOf,
    type Reported,
    type ResourceSpec,
} from "./policyArgs";

const INSTANCE = OCI_TYPES.integrationInstance;

/** The single validation function of a resource policy. */
function validatorOf(policy: ResourceValidationPolicy): ResourceValidation {
    const [validate, ...more] = [policy.validateResource ?? []].flat();
    if (!validate || more.length > 0) throw new Error(`${policy.name} should have exactly one validateResource`);
    return validate;
}
const ORDERS_URN = urnOf(INSTANCE, "orders");

/** Exactly one unwaived report, on `urn`, whose message contains every phrase. */
function expectOneReport(reports: readonly Reported[], urn: string, phrases: readonly (string | RegExp)[]): void {
    expect(reports).toHaveLength(1);
    expectReport(reports[0]!, urn, phrases);
}

function expectReport(report: Reported, urn: string, phrases: readonly (string | RegExp)[]): void {
    expect(report.urn).toBe(urn);
    expect(report.enforcementLevel).toBeUndefined();
    for (const phrase of phrases) {
        if (typeof phrase === "string") expect(report.message).toContain(phrase);
        else expect(report.message).toMatch(phrase);
    }
}

// ------------------------------------------------------------------------------------------------
// Resource policies
// ------------------------------------------------------------------------------------------------

describe("oic-dr-supported-edition", () => {
    it.each(["ENTERPRISEX", "HEALTHCARE"])("passes a DR instance of type %s", (type) => {
        expect(runResource(supportedEdition, drInstance("orders", { integrationInstanceType: type }))).toEqual([]);
    });

    it.each(["STANDARDX", "ENTERPRISE", "STANDARD"])("rejects a DR instance of type %s", (type) => {
        expectOneReport(runResource(supportedEdition, drInstance("orders", { integrationInstanceType: type })), ORDERS_URN, [
            'Integration instance "orders"',
            `integrationInstanceType "${type}"`,
            "Oracle-managed DR does not support",
            "use ENTERPRISEX or HEALTHCARE",
        ]);
    });

    it("leaves a DR instance with no integrationInstanceType to the provider (the argument is required)", () => {
        expect(runResource(supportedEdition, drInstance("orders", { integrationInstanceType: undefined }))).toEqual([]);
    });

    it("passes a STANDARDX instance without DR", () => {
        expect(runResource(supportedEdition, drInstance("orders", { integrationInstanceType: "STANDARDX", isDisasterRecoveryEnabled: false }))).toEqual([]);
    });

    it("ignores resources that are not Integration instances", () => {
        const spec: ResourceSpec = { name: "orders", type: OCI_TYPES.sender, props: { isDisasterRecoveryEnabled: true, integrationInstanceType: "STANDARDX" } };
        expect(runResource(supportedEdition, spec)).toEqual([]);
    });

    it("names the supported types in its remediation", () => {
        for (const type of DR_SUPPORTED_INSTANCE_TYPES) expect(supportedEdition.remediationSteps).toContain(type);
    });
});

describe("oic-dr-production-shape", () => {
    it("passes PRODUCTION and an unset shape", () => {
        expect(runResource(productionShape, drInstance("orders", { shape: "PRODUCTION" }))).toEqual([]);
        expect(runResource(productionShape, drInstance("orders", { shape: undefined }))).toEqual([]);
    });

    it("rejects DEVELOPMENT", () => {
        expectOneReport(runResource(productionShape, drInstance("orders", { shape: "DEVELOPMENT" })), ORDERS_URN, [
            'Integration instance "orders"',
            'shape "DEVELOPMENT"',
            "only runs the PRODUCTION shape",
            "Set shape to PRODUCTION",
        ]);
    });

    it("passes DEVELOPMENT without DR", () => {
        expect(runResource(productionShape, drInstance("orders", { shape: "DEVELOPMENT", isDisasterRecoveryEnabled: false }))).toEqual([]);
    });
});

describe("oic-dr-no-network-acl", () => {
    const acl = { networkEndpointType: "PUBLIC", allowlistedHttpIps: ["203.0.113.0/24"], isIntegrationVcnAllowlisted: false };

    it("passes a DR instance without networkEndpointDetails", () => {
        expect(runResource(noNetworkAcl, drInstance("orders"))).toEqual([]);
    });

    it("rejects a DR instance with networkEndpointDetails", () => {
        expectOneReport(runResource(noNetworkAcl, drInstance("orders", { networkEndpointDetails: acl })), ORDERS_URN, [
            'Integration instance "orders"',
            "sets networkEndpointDetails",
            "do not support",
            "Remove it",
        ]);
    });

    it("rejects networkEndpointDetails whose contents are unknown (the block itself is set)", () => {
        const spec = drInstance("orders", { networkEndpointDetails: { networkEndpointType: "PUBLIC", allowlistedHttpIps: UNKNOWN } });
        expect(runResource(noNetworkAcl, spec)).toHaveLength(1);
    });

    it("passes networkEndpointDetails without DR", () => {
        expect(runResource(noNetworkAcl, drInstance("orders", { networkEndpointDetails: acl, isDisasterRecoveryEnabled: false }))).toEqual([]);
    });
});

describe("oic-dr-no-unsupported-features", () => {
    it("passes a DR instance with Visual Builder off and no Process Automation trigger", () => {
        expect(runResource(noUnsupportedFeatures, drInstance("orders", { isVisualBuilderEnabled: false }))).toEqual([]);
        expect(runResource(noUnsupportedFeatures, drInstance("orders", { enableProcessAutomationTrigger: 0 }))).toEqual([]);
    });

    it("rejects Visual Builder", () => {
        expectOneReport(runResource(noUnsupportedFeatures, drInstance("orders", { isVisualBuilderEnabled: true })), ORDERS_URN, [
            'Integration instance "orders"',
            "enables Visual Builder",
            "not available on DR instances",
            "Set isVisualBuilderEnabled to false",
        ]);
    });

    it("rejects a Process Automation trigger", () => {
        expectOneReport(runResource(noUnsupportedFeatures, drInstance("orders", { enableProcessAutomationTrigger: 1 })), ORDERS_URN, [
            'Integration instance "orders"',
            "enables Process Automation (enableProcessAutomationTrigger)",
            "DR does not support",
            "Remove the trigger",
        ]);
    });

    it("reports both features separately", () => {
        const reports = runResource(noUnsupportedFeatures, drInstance("orders", { isVisualBuilderEnabled: true, enableProcessAutomationTrigger: 1 }));
        expect(reports).toHaveLength(2);
        expectReport(reports[0]!, ORDERS_URN, ["Visual Builder", "isVisualBuilderEnabled to false"]);
        expectReport(reports[1]!, ORDERS_URN, ["Process Automation", "Remove the trigger"]);
    });

    it("passes both features without DR", () => {
        const spec = drInstance("orders", { isVisualBuilderEnabled: true, enableProcessAutomationTrigger: 1, isDisasterRecoveryEnabled: false });
        expect(runResource(noUnsupportedFeatures, spec)).toEqual([]);
    });
});

describe("oic-dr-paired-region", () => {
    it.each(["us-ashburn-1", "us-phoenix-1", "eu-amsterdam-1"])("passes a DR instance in %s", (region) => {
        expect(runResource(pairedRegion, drInstance("orders", {}, { region }))).toEqual([]);
    });

    it("rejects a DR instance in us-chicago-1 and lists the supported regions", () => {
        expectOneReport(runResource(pairedRegion, drInstance("orders", {}, { region: "us-chicago-1" })), ORDERS_URN, [
            'Integration instance "orders"',
            "is in us-chicago-1",
            "has no Oracle-managed DR pair",
            `Use one of: ${drRegionIdentifiers.join(", ")}`,
        ]);
    });

    it.each([
        ["no provider", { region: undefined }],
        ["a provider without region", { providerProps: { tenancyOcid: "ocid1.tenancy.oc1..example" } }],
        ["a provider with an empty region", { providerProps: { region: "" } }],
    ] as const)("is not applicable to a DR instance with %s", (_what, rest) => {
        const args = resourceArgs(drInstance("orders", {}, rest));
        const { reportViolation, reports } = reportSpy();
        expect(() => validatorOf(pairedRegion)(args, reportViolation)).toThrow(NotApplicableError);
        expect(args.notApplicable).toHaveBeenCalledTimes(1);
        expect(args.notApplicable).toHaveBeenCalledWith(expect.stringContaining("names no region"));
        expect(reports()).toEqual([]);
    });

    it("passes an instance without DR in any region, without a provider too", () => {
        expect(runResource(pairedRegion, drInstance("orders", { isDisasterRecoveryEnabled: false }, { region: "us-chicago-1" }))).toEqual([]);
        const args = resourceArgs(drInstance("orders", { isDisasterRecoveryEnabled: false }, { region: undefined }));
        expect(runResourceArgs(pairedRegion, args)).toEqual([]);
        expect(args.notApplicable).not.toHaveBeenCalled();
    });
});

describe("oic-dr-protected-instance", () => {
    it("passes a protected DR instance", () => {
        expect(runResource(protectedInstance, drInstance("orders", {}, { protect: true }))).toEqual([]);
    });

    it("reports an unprotected DR instance", () => {
        expectOneReport(runResource(protectedInstance, drInstance("orders", {}, { protect: false })), ORDERS_URN, [
            'Integration instance "orders"',
            "is not protected",
            "deletes its standby in the partner region",
            "Set protect: true",
        ]);
    });

    it("passes an unprotected instance without DR", () => {
        expect(runResource(protectedInstance, drInstance("orders", { isDisasterRecoveryEnabled: false }, { protect: false }))).toEqual([]);
    });
});

describe("oic-dr-enabled", () => {
    it("passes an instance with DR on", () => {
        expect(runResource(drEnabledPolicy, drInstance("orders"))).toEqual([]);
    });

    it.each([false, undefined])("reports an instance with isDisasterRecoveryEnabled %s", (flag) => {
        expectOneReport(runResource(drEnabledPolicy, drInstance("orders", { isDisasterRecoveryEnabled: flag })), ORDERS_URN, [
            'Integration instance "orders"',
            "has Oracle-managed DR off",
            "will not survive the loss of its region",
            "can only be enabled when the instance is created",
        ]);
    });

    it("ignores resources that are not Integration instances", () => {
        expect(runResource(drEnabledPolicy, { name: "sender", type: OCI_TYPES.sender, region: "us-ashburn-1", props: { emailAddress: "a@example.com" } })).toEqual([]);
    });
});

describe("oic-dr-no-failover-trigger (issue 20 item 1)", () => {
    it.each([1, 0])("reports a DR instance with failoverTrigger %s: the provider fails over on every create where it is set", (trigger) => {
        expectOneReport(runResource(noFailoverTrigger, drInstance("orders", { failoverTrigger: trigger })), ORDERS_URN, [
            'Integration instance "orders"',
            `sets failoverTrigger ${trigger}`,
            "a replacement or re-creation fails the new pair over",
            "the retry fails over again",
            "DrPairedIntegration's failoverGeneration",
            "`oic-dr failover` from the surviving region",
        ]);
    });

    it("passes a DR instance without failoverTrigger (DrPairedIntegration sends none)", () => {
        expect(runResource(noFailoverTrigger, drInstance("orders"))).toEqual([]);
        expect(runResource(noFailoverTrigger, drInstance("orders", { failoverTrigger: undefined }))).toEqual([]);
    });

    it("passes failoverTrigger on an instance without DR", () => {
        expect(runResource(noFailoverTrigger, drInstance("orders", { failoverTrigger: 1, isDisasterRecoveryEnabled: false }))).toEqual([]);
    });

    it("does not judge a failoverTrigger unknown during preview: no finding, the engine says it could not run", () => {
        expectUnknownError(noFailoverTrigger, drInstance("orders", { failoverTrigger: UNKNOWN }), "failoverTrigger");
    });

    it("is advisory, with one finding kind, and names what to do instead", () => {
        expect(noFailoverTrigger.enforcementLevel).toBe("advisory");
        expect(findingIdsOf(noFailoverTrigger)).toEqual(["oic-dr-no-failover-trigger[failoverTrigger]"]);
        expect(noFailoverTrigger.remediationSteps).toContain("failoverGeneration");
        expect(noFailoverTrigger.remediationSteps).toContain("oic-dr failover");
    });
});

// ------------------------------------------------------------------------------------------------
// Stack policies
// ------------------------------------------------------------------------------------------------

const PE_TYPE = OCI_TYPES.privateEndpointOutboundConnection;
const OME_TYPE = OCI_TYPES.oracleManagedCustomEndpoint;
const ORDERS_OCID = "ocid1.integrationinstance.oc1.iad.orders";

const privateEndpoint = (name: string, instance: string, props: Record<string, unknown> = {}): ResourceSpec => ({
    name,
    type: PE_TYPE,
    region: "us-ashburn-1",
    props: { integrationInstanceId: ORDERS_OCID, subnetId: "ocid1.subnet.oc1.iad.example", ...props },
    propertyDependencies: { integrationInstanceId: [instance] },
});

const managedEndpoint = (name: string, instance: string): ResourceSpec => ({
    name,
    type: OME_TYPE,
    region: "us-ashburn-1",
    props: { integrationInstanceId: ORDERS_OCID, hostname: "orders.example.com", dnsZoneName: "example.com" },
    propertyDependencies: { integrationInstanceId: [instance] },
});

describe("oic-dr-no-private-endpoint: private endpoints on both instances of a pair, or on neither", () => {
    const STANDBY_OCID = "ocid1.integrationinstance.oc1.phx.standby";
    /** The endpoint on the instance Oracle created in the partner region, its ID read from the primary's DR details. */
    const partnerEndpoint = (name: string, instance: string, props: Record<string, unknown> = {}): ResourceSpec => ({
        ...privateEndpoint(name, instance, { integrationInstanceId: STANDBY_OCID, subnetId: "ocid1.subnet.oc1.phx.example", ...props }),
        region: "us-phoenix-1",
    });
    const withStandby = { id: ORDERS_OCID, disasterRecoveryDetails: [{ role: "PRIMARY", crossRegionIntegrationInstanceDetails: [{ id: STANDBY_OCID, region: "us-phoenix-1", role: "SECONDARY" }] }] };

    it("passes a DR instance without private endpoint", () => {
        expect(runStack(privateEndpointsOnBoth, [drInstance("orders")])).toEqual([]);
    });

    it("passes a private endpoint on each instance of the pair, the partner's by dependency or by its cross-region OCID", () => {
        expect(runStack(privateEndpointsOnBoth, [drInstance("orders"), privateEndpoint("orders-pe-iad", "orders"), partnerEndpoint("orders-pe-phx", "orders")])).toEqual([]);
        const byOcid: ResourceSpec = { ...partnerEndpoint("orders-pe-phx", "orders"), propertyDependencies: {} };
        expect(runStack(privateEndpointsOnBoth, [drInstance("orders", withStandby), privateEndpoint("orders-pe-iad", "orders"), byOcid])).toEqual([]);
    });

    it("rejects a private endpoint on the instance only, naming the partner's region as the one that lacks it", () => {
        const reports = runStack(privateEndpointsOnBoth, [drInstance("orders"), privateEndpoint("orders-pe", "orders")]);
        expectOneReport(reports, urnOf(PE_TYPE, "orders-pe"), [
            'Private endpoint "orders-pe" is on integration instance "orders" in us-ashburn-1',
            "the instance in us-phoenix-1 (orders_Recovery",
            "has none",
            "only when enabled on both instances",
        ]);
    });

    it("rejects a private endpoint on the partner's instance only, naming the instance and region that lack it", () => {
        const endpoint: ResourceSpec = { ...partnerEndpoint("orders-pe-phx", "orders"), propertyDependencies: {} };
        const reports = runStack(privateEndpointsOnBoth, [drInstance("orders", withStandby), endpoint]);
        expectOneReport(reports, urnOf(PE_TYPE, "orders-pe-phx"), [
            'Private endpoint "orders-pe-phx" is on the instance in us-phoenix-1',
            'but integration instance "orders" in us-ashburn-1 has none',
        ]);
    });

    it("rejects a one-sided endpoint attached by the instance's known OCID", () => {
        const endpoint: ResourceSpec = { ...privateEndpoint("orders-pe", "orders"), propertyDependencies: {} };
        const reports = runStack(privateEndpointsOnBoth, [drInstance("orders", { id: ORDERS_OCID }), endpoint]);
        expectOneReport(reports, urnOf(PE_TYPE, "orders-pe"), ['Private endpoint "orders-pe"', 'integration instance "orders"']);
    });

    it("passes a private endpoint attached to an instance without DR", () => {
        const stack = [drInstance("orders", { isDisasterRecoveryEnabled: false, id: ORDERS_OCID }), privateEndpoint("orders-pe", "orders")];
        expect(runStack(privateEndpointsOnBoth, stack)).toEqual([]);
    });

    it("passes a private endpoint whose instance is not in the stack", () => {
        const endpoint: ResourceSpec = { ...privateEndpoint("orders-pe", "elsewhere", { integrationInstanceId: "ocid1.integrationinstance.oc1.iad.other" }) };
        expect(runStack(privateEndpointsOnBoth, [drInstance("orders", { id: ORDERS_OCID }), endpoint])).toEqual([]);
    });
});

describe("oic-dr-no-custom-endpoint", () => {
    const custom = { hostname: "orders.example.com", certificateSecretId: "ocid1.vaultsecret.oc1.iad.cert" };

    it("passes a DR instance without custom endpoints (an empty block and an empty list included)", () => {
        expect(runStack(noCustomEndpoint, [drInstance("orders")])).toEqual([]);
        expect(runStack(noCustomEndpoint, [drInstance("orders", { customEndpoint: {}, alternateCustomEndpoints: [] })])).toEqual([]);
    });

    it("rejects customEndpoint", () => {
        expectOneReport(runStack(noCustomEndpoint, [drInstance("orders", { customEndpoint: custom })]), ORDERS_URN, [
            'Integration instance "orders"',
            "sets customEndpoint",
            "do not support",
            "Remove it; the global URL follows failovers",
        ]);
    });

    it("rejects alternateCustomEndpoints", () => {
        expectOneReport(runStack(noCustomEndpoint, [drInstance("orders", { alternateCustomEndpoints: [custom] })]), ORDERS_URN, [
            'Integration instance "orders"',
            "sets alternateCustomEndpoints",
            "do not support",
            "Remove them",
        ]);
    });

    it("rejects an OracleManagedCustomEndpoint attached to a DR instance", () => {
        const reports = runStack(noCustomEndpoint, [drInstance("orders"), managedEndpoint("orders-ome", "orders")]);
        expectOneReport(reports, urnOf(OME_TYPE, "orders-ome"), [
            'Oracle-managed custom endpoint "orders-ome"',
            'DR-enabled integration instance "orders"',
            "DR does not support",
            "Remove it",
        ]);
    });

    it("reports each custom endpoint of a stack", () => {
        const reports = runStack(noCustomEndpoint, [
            drInstance("orders", { customEndpoint: custom, alternateCustomEndpoints: [custom] }),
            managedEndpoint("orders-ome", "orders"),
        ]);
        expect(reports.map((r) => r.urn)).toEqual([ORDERS_URN, ORDERS_URN, urnOf(OME_TYPE, "orders-ome")]);
    });

    it("passes the same endpoints on an instance without DR", () => {
        const stack = [
            drInstance("orders", { isDisasterRecoveryEnabled: false, customEndpoint: custom, alternateCustomEndpoints: [custom] }),
            managedEndpoint("orders-ome", "orders"),
        ];
        expect(runStack(noCustomEndpoint, stack)).toEqual([]);
    });
});

const sender = (name: string, region: string, emailAddress: unknown): ResourceSpec => ({
    name,
    type: OCI_TYPES.sender,
    region,
    props: { compartmentId: "ocid1.compartment.oc1..example", emailAddress },
});

describe("oic-dr-senders-in-both-regions", () => {
    it("rejects a sender approved in us-ashburn-1 only while a DR instance lives there", () => {
        const reports = runStack(sendersInBothRegions, [drInstance("orders"), sender("sender-iad", "us-ashburn-1", "noreply@example.com")]);
        expectOneReport(reports, urnOf(OCI_TYPES.sender, "sender-iad"), [
            "Approved sender noreply@example.com",
            "exists in us-ashburn-1 but not in us-phoenix-1",
            "after a failover to us-phoenix-1 its mail is rejected",
            "Approve it in us-phoenix-1 too",
        ]);
    });

    it("rejects a sender approved in the partner region only", () => {
        const reports = runStack(sendersInBothRegions, [drInstance("orders"), sender("sender-phx", "us-phoenix-1", "noreply@example.com")]);
        expectOneReport(reports, urnOf(OCI_TYPES.sender, "sender-phx"), ["exists in us-phoenix-1 but not in us-ashburn-1", "Approve it in us-ashburn-1 too"]);
    });

    it("passes a sender approved in both regions (addresses compared case-insensitively)", () => {
        const stack = [
            drInstance("orders"),
            sender("sender-iad", "us-ashburn-1", "noreply@example.com"),
            sender("sender-phx", "us-phoenix-1", "NoReply@Example.COM"),
        ];
        expect(runStack(sendersInBothRegions, stack)).toEqual([]);
    });

    it("passes senders in a pair the stack does not use", () => {
        const stack = [drInstance("orders"), sender("sender-fra", "eu-frankfurt-1", "noreply@example.com")];
        expect(runStack(sendersInBothRegions, stack)).toEqual([]);
    });

    it("passes senders when no instance of the stack has DR", () => {
        const stack = [drInstance("orders", { isDisasterRecoveryEnabled: false }), sender("sender-iad", "us-ashburn-1", "noreply@example.com")];
        expect(runStack(sendersInBothRegions, stack)).toEqual([]);
    });

    it("reports only the sender that is missing its partner", () => {
        const stack = [
            drInstance("orders"),
            sender("a-iad", "us-ashburn-1", "a@example.com"),
            sender("a-phx", "us-phoenix-1", "a@example.com"),
            sender("b-phx", "us-phoenix-1", "b@example.com"),
        ];
        expectOneReport(runStack(sendersInBothRegions, stack), urnOf(OCI_TYPES.sender, "b-phx"), ["b@example.com", "not in us-ashburn-1"]);
    });
});

/** An instance watched from its partner region as DrAlarms does: probe → alarm → subscribed topic. */
function watchedStack(): ResourceSpec[] {
    return [
        drInstance("orders"),
        {
            name: "orders-probe",
            type: OCI_TYPES.httpMonitor,
            region: "us-phoenix-1",
            props: { displayName: "orders-probe", protocol: "HTTPS", intervalInSeconds: 30, targets: ["orders-iad.integration.us-ashburn-1.ocp.oraclecloud.com"] },
            propertyDependencies: { targets: ["orders"] },
        },
        { name: "dr-topic-phx", type: OCI_TYPES.topic, region: "us-phoenix-1", props: { name: "oic-dr-phx" } },
        {
            name: "orders-down",
            type: OCI_TYPES.alarm,
            region: "us-phoenix-1",
            props: { namespace: "oci_healthchecks", query: "HTTP.isHealthy[1m]{resourceId = \"ocid1.httpmonitor\"}.mean() < 1", destinations: ["ocid1.onstopic.phx"], severity: "CRITICAL", isEnabled: true },
            propertyDependencies: { query: ["orders-probe"], destinations: ["dr-topic-phx"] },
        },
        {
            name: "oncall",
            type: OCI_TYPES.subscription,
            region: "us-phoenix-1",
            props: { topicId: "ocid1.onstopic.phx", protocol: "EMAIL", endpoint: "oncall@example.com" },
            propertyDependencies: { topicId: ["dr-topic-phx"] },
        },
    ];
}

/** The stack with one resource changed (or removed, when `change` returns undefined). */
function withChange(stack: ResourceSpec[], name: string, change: (spec: ResourceSpec) => ResourceSpec | undefined): ResourceSpec[] {
    return stack.flatMap((spec) => (spec.name === name ? [change(spec)].filter((s): s is ResourceSpec => s !== undefined) : [spec]));
}

describe("oic-dr-failover-alarm", () => {
    it("passes an instance watched from its partner region", () => {
        expect(runStack(failoverAlarm, watchedStack())).toEqual([]);
    });

    it("passes an instance watched by a TCP probe (a PingMonitor), the default of DrAlarms", () => {
        const stack = withChange(watchedStack(), "orders-probe", (m) => ({ ...m, type: OCI_TYPES.pingMonitor, props: { ...m.props, protocol: "TCP", port: 443 } }));
        expect(runStack(failoverAlarm, stack)).toEqual([]);
    });

    it("does not count a disabled alarm as watching", () => {
        const stack = withChange(watchedStack(), "orders-down", (alarm) => ({ ...alarm, props: { ...alarm.props, isEnabled: false } }));
        expect(runStack(failoverAlarm, stack)).toHaveLength(1);
    });

    it.each<[string, (stack: ResourceSpec[]) => ResourceSpec[]]>([
        ["no probe at all", (s) => withChange(s, "orders-probe", () => undefined)],
        ["the probe in the instance's own region", (s) => withChange(s, "orders-probe", (m) => ({ ...m, region: "us-ashburn-1" }))],
        ["a probe that does not target the instance", (s) => withChange(s, "orders-probe", (m) => ({ ...m, propertyDependencies: {} }))],
        ["no alarm", (s) => withChange(s, "orders-down", () => undefined)],
        ["the alarm in the instance's own region", (s) => withChange(s, "orders-down", (a) => ({ ...a, region: "us-ashburn-1" }))],
        ["an alarm not on the probe", (s) => withChange(s, "orders-down", (a) => ({ ...a, propertyDependencies: { destinations: ["dr-topic-phx"] } }))],
        ["an alarm without destination", (s) => withChange(s, "orders-down", (a) => ({ ...a, propertyDependencies: { query: ["orders-probe"] } }))],
        ["no topic", (s) => withChange(s, "dr-topic-phx", () => undefined)],
        ["the topic in the instance's own region", (s) => withChange(s, "dr-topic-phx", (t) => ({ ...t, region: "us-ashburn-1" }))],
        ["a topic without subscription", (s) => withChange(s, "oncall", () => undefined)],
        ["a subscription to another topic", (s) => withChange(s, "oncall", (sub) => ({ ...sub, propertyDependencies: {} }))],
    ])("reports the instance with %s", (_what, change) => {
        expect(failoverAlarm.enforcementLevel).toBe("advisory");
        expectOneReport(runStack(failoverAlarm, change(watchedStack())), ORDERS_URN, [
            'Integration instance "orders" is not watched from us-phoenix-1',
            "add a probe of its regional host in us-phoenix-1",
            "an alarm on it and a topic with a subscription there",
            "loss of us-ashburn-1",
        ]);
    });

    it("watches each DR instance separately", () => {
        const reports = runStack(failoverAlarm, [...watchedStack(), drInstance("billing", {}, { region: "us-phoenix-1" })]);
        expectOneReport(reports, urnOf(INSTANCE, "billing"), ['"billing" is not watched from us-ashburn-1', "loss of us-phoenix-1"]);
    });

    it("passes instances without DR and DR instances whose region is not known", () => {
        expect(runStack(failoverAlarm, [drInstance("orders", { isDisasterRecoveryEnabled: false })])).toEqual([]);
        expect(runStack(failoverAlarm, [drInstance("orders", {}, { region: undefined })])).toEqual([]);
    });
});

const DOMAIN = "ocid1.domain.oc1..orders";
const replication = (name: string, domainId: string, replicaRegion: string, rest: Omit<ResourceSpec, "name" | "type" | "props"> = {}): ResourceSpec => ({
    name,
    type: OCI_TYPES.domainReplication,
    region: "us-ashburn-1",
    ...rest,
    props: { domainId, replicaRegion },
});
/** The program's own `oci.identity.Domain`, homed in `homeRegion`, with the OCID DOMAIN once created. */
const domainResource = (name: string, homeRegion: string, id: string = DOMAIN): ResourceSpec => ({
    name,
    type: OCI_TYPES.domain,
    region: homeRegion,
    props: { compartmentId: "ocid1.compartment.oc1..example", displayName: name, description: "orders", homeRegion, licenseType: "oracle-apps-premium", id },
});
const REPLICATION_URN = (name: string) => urnOf(OCI_TYPES.domainReplication, name);

/** Exactly one report, advisory though the policy is mandatory, on `urn`, whose message contains every phrase. */
function expectOneAdvisory(reports: readonly Reported[], urn: string, phrases: readonly (string | RegExp)[]): void {
    expect(reports).toHaveLength(1);
    expect(reports[0]!.enforcementLevel).toBe("advisory");
    expectReport({ ...reports[0]!, enforcementLevel: undefined }, urn, phrases);
}

describe("oic-dr-identity-domain-replicated", () => {
    it("passes an instance whose domain is replicated to the partner region", () => {
        const stack = [drInstance("orders", { domainId: DOMAIN }), replication("orders-domain-phx", DOMAIN, "us-phoenix-1")];
        expect(runStack(identityDomainReplicated, stack)).toEqual([]);
    });

    it("passes an instance without domainId", () => {
        expect(runStack(identityDomainReplicated, [drInstance("orders")])).toEqual([]);
    });

    it.each<[string, ResourceSpec[]]>([
        ["no replication", []],
        ["a replication to another region", [replication("orders-domain-fra", DOMAIN, "eu-frankfurt-1")]],
        ["a replication of another domain", [replication("other-domain-phx", "ocid1.domain.oc1..other", "us-phoenix-1")]],
    ])("reports an instance whose domain has %s (advisory)", (_what, extra) => {
        expectOneAdvisory(runStack(identityDomainReplicated, [drInstance("orders", { domainId: DOMAIN }), ...extra]), ORDERS_URN, [
            'Integration instance "orders"',
            `uses identity domain ${DOMAIN}`,
            "not replicated to us-phoenix-1",
            "Replicate the domain",
            "defaultDomainIds",
        ]);
    });

    it("says when it assumed the domain's home region, and how to name it", () => {
        expectOneAdvisory(runStack(identityDomainReplicated, [drInstance("orders", { domainId: DOMAIN })]), ORDERS_URN, [
            "homed in us-ashburn-1 (assumed: the instance's region; declare the oci.identity.Domain in this program to name its home region)",
            "must be present in both regions of the pair (us-ashburn-1, us-phoenix-1)",
        ]);
    });

    it("passes a domain listed in defaultDomainIds", () => {
        expect(runStack(identityDomainReplicated, [drInstance("orders", { domainId: DOMAIN })], { defaultDomainIds: [DOMAIN] })).toEqual([]);
        expect(runStack(identityDomainReplicated, [drInstance("orders", { domainId: DOMAIN })], { defaultDomainIds: ["ocid1.domain.oc1..default"] })).toHaveLength(1);
    });

    it("passes an instance without DR", () => {
        expect(runStack(identityDomainReplicated, [drInstance("orders", { domainId: DOMAIN, isDisasterRecoveryEnabled: false })])).toEqual([]);
    });

    describe("a domain homed in the standby's region needs a replication to the primary's region only", () => {
        it("when the program declares the domain, tied by domainId's dependency", () => {
            const stack = [
                domainResource("orders-domain", "us-phoenix-1"),
                drInstance("orders", { domainId: DOMAIN }, { propertyDependencies: { domainId: ["orders-domain"] } }),
                replication("orders-domain-iad", DOMAIN, "us-ashburn-1", { region: "us-phoenix-1", propertyDependencies: { domainId: ["orders-domain"] } }),
            ];
            expect(runStack(identityDomainReplicated, stack)).toEqual([]);
        });

        it("when the program declares the domain, tied by its id", () => {
            const stack = [domainResource("orders-domain", "us-phoenix-1"), drInstance("orders", { domainId: DOMAIN }), replication("orders-domain-iad", DOMAIN, "us-ashburn-1")];
            expect(runStack(identityDomainReplicated, stack)).toEqual([]);
        });

        it("when its replication is sent from the standby's region (the home region's provider)", () => {
            const stack = [drInstance("orders", { domainId: DOMAIN }), replication("orders-domain-iad", DOMAIN, "us-ashburn-1", { region: "us-phoenix-1" })];
            expect(runStack(identityDomainReplicated, stack)).toEqual([]);
        });

        it("and is reported without it, naming the primary's region", () => {
            const stack = [domainResource("orders-domain", "us-phoenix-1"), drInstance("orders", { domainId: DOMAIN })];
            expectOneAdvisory(runStack(identityDomainReplicated, stack), ORDERS_URN, [
                'homed in us-phoenix-1 (homeRegion of oci.identity.Domain "orders-domain"), which is not replicated to us-ashburn-1;',
            ]);
        });
    });

    describe("a domain homed in neither region of the pair needs both replications", () => {
        const ordered = (home: string) => [
            replication("orders-domain-iad", DOMAIN, "us-ashburn-1", { region: home }),
            replication("orders-domain-phx", DOMAIN, "us-phoenix-1", { region: home, dependsOn: ["orders-domain-iad"] }),
        ];

        it("passes both, one after the other", () => {
            expect(runStack(identityDomainReplicated, [domainResource("orders-domain", "eu-frankfurt-1"), drInstance("orders", { domainId: DOMAIN }), ...ordered("eu-frankfurt-1")])).toEqual([]);
            expect(runStack(identityDomainReplicated, [drInstance("orders", { domainId: DOMAIN }), ...ordered("us-sanjose-1")])).toEqual([]);
        });

        it("reports the instance when one is missing (declared home)", () => {
            const stack = [domainResource("orders-domain", "eu-frankfurt-1"), drInstance("orders", { domainId: DOMAIN }), replication("orders-domain-phx", DOMAIN, "us-phoenix-1")];
            expectOneAdvisory(runStack(identityDomainReplicated, stack), ORDERS_URN, [
                `uses identity domain ${DOMAIN}, homed in eu-frankfurt-1 (homeRegion of oci.identity.Domain "orders-domain"), which is not replicated to us-ashburn-1;`,
                "Replicate the domain to us-ashburn-1",
            ]);
        });

        it("reports the instance when one is missing (home: the region its replications are sent from)", () => {
            const stack = [drInstance("orders", { domainId: DOMAIN }), replication("orders-domain-phx", DOMAIN, "us-phoenix-1", { region: "eu-frankfurt-1" })];
            expectOneAdvisory(runStack(identityDomainReplicated, stack), ORDERS_URN, ["homed in eu-frankfurt-1 (the region its replications are sent from), which is not replicated to us-ashburn-1;"]);
        });

        it("reports both regions when neither has one", () => {
            const stack = [domainResource("orders-domain", "eu-frankfurt-1"), drInstance("orders", { domainId: DOMAIN })];
            expectOneAdvisory(runStack(identityDomainReplicated, stack), ORDERS_URN, ["not replicated to us-ashburn-1 and us-phoenix-1;"]);
        });
    });

    describe("a replication to the domain's own home region (the API refuses it: mandatory)", () => {
        const stack = [
            domainResource("orders-domain", "us-ashburn-1"),
            drInstance("orders", { domainId: DOMAIN }, { propertyDependencies: { domainId: ["orders-domain"] } }),
            replication("orders-domain-phx", DOMAIN, "us-phoenix-1", { propertyDependencies: { domainId: ["orders-domain"] } }),
            replication("orders-domain-iad", DOMAIN, "us-ashburn-1", { propertyDependencies: { domainId: ["orders-domain"] }, dependsOn: ["orders-domain-phx"] }),
        ];

        it("is reported on the replication, at the policy's level", () => {
            expect(identityDomainReplicated.enforcementLevel).toBe("mandatory");
            expectOneReport(runStack(identityDomainReplicated, stack), REPLICATION_URN("orders-domain-iad"), [
                `Domain replication "orders-domain-iad" replicates identity domain ${DOMAIN} to us-ashburn-1, its home region (homeRegion of oci.identity.Domain "orders-domain")`,
                "refuses a replication to the domain's own home region (400 BAD REQUEST)",
            ]);
        });

        it("is judged during preview, when the domain's OCID is not known yet", () => {
            const preview = stack.map((spec) => (spec.type === OCI_TYPES.domainReplication ? { ...spec, props: { ...spec.props, domainId: UNKNOWN } } : spec));
            const reports = runStack(identityDomainReplicated, preview);
            expect(reports.map((r) => [r.urn, r.enforcementLevel])).toEqual([[REPLICATION_URN("orders-domain-iad"), undefined]]);
        });

        it("is not reported for a domain whose home is only assumed or inferred", () => {
            const undeclared = [drInstance("orders", { domainId: DOMAIN }), replication("orders-domain-iad", DOMAIN, "us-ashburn-1"), replication("orders-domain-phx", DOMAIN, "us-phoenix-1", { dependsOn: ["orders-domain-iad"] })];
            expect(runStack(identityDomainReplicated, undeclared)).toEqual([]);
        });
    });

    describe("two replications of one domain run one after the other", () => {
        const pair = (phx: Omit<ResourceSpec, "name" | "type" | "props"> = {}, domainId = DOMAIN) => [
            domainResource("orders-domain", "eu-frankfurt-1"),
            drInstance("orders", { domainId: DOMAIN }),
            replication("orders-domain-iad", DOMAIN, "us-ashburn-1"),
            replication("orders-domain-phx", domainId, "us-phoenix-1", phx),
        ];

        it("reports two that do not depend on each other, on the later one (advisory)", () => {
            expectOneAdvisory(runStack(identityDomainReplicated, pair()), REPLICATION_URN("orders-domain-phx"), [
                `Domain replication "orders-domain-iad" and Domain replication "orders-domain-phx" replicate identity domain ${DOMAIN} and neither depends on the other`,
                '"not currently updating or already replicating"',
                'Make "orders-domain-phx" depend on "orders-domain-iad" (dependsOn).',
            ]);
        });

        it("reports each replication once, however many pairs share the domain, and a chain of them not at all", () => {
            const regions = ["us-ashburn-1", "us-phoenix-1", "eu-frankfurt-1", "eu-amsterdam-1", "uk-london-1"];
            const loose = regions.map((region, i) => replication(`pair${i}-domain`, DOMAIN, region));
            const reports = runStack(identityDomainReplicated, [domainResource("orders-domain", "ap-tokyo-1"), ...loose]);
            // One finding per replication after the first (each names the one before it), not one per two of them.
            expect(reports.map((r) => r.urn)).toEqual(regions.slice(1).map((_, i) => REPLICATION_URN(`pair${i + 1}-domain`)));
            const chain = regions.map((region, i) => replication(`pair${i}-domain`, DOMAIN, region, i === 0 ? {} : { dependsOn: [`pair${i - 1}-domain`] }));
            expect(runStack(identityDomainReplicated, [domainResource("orders-domain", "ap-tokyo-1"), ...chain])).toEqual([]);
        });

        it("passes a dependency either way, direct or through another resource", () => {
            expect(runStack(identityDomainReplicated, pair({ dependsOn: ["orders-domain-iad"] }))).toEqual([]);
            const [domain, instance, iad, phx] = pair();
            const reversed = [domain!, instance!, { ...iad!, dependsOn: ["orders-domain-phx"] }, phx!];
            expect(runStack(identityDomainReplicated, reversed)).toEqual([]);
            const through = [...pair({ dependsOn: ["between"] }), { name: "between", type: "oic-dr:test:Between", dependsOn: ["orders-domain-iad"] }];
            expect(runStack(identityDomainReplicated, through)).toEqual([]);
        });

        it("passes replications of different domains", () => {
            const stack = [domainResource("orders-domain", "eu-frankfurt-1"), replication("orders-domain-iad", DOMAIN, "us-ashburn-1"), replication("other-domain-phx", "ocid1.domain.oc1..other", "us-phoenix-1")];
            expect(runStack(identityDomainReplicated, stack)).toEqual([]);
        });

        it("ties them to one domain by dependency while its OCID is unknown during preview", () => {
            const tied = { propertyDependencies: { domainId: ["orders-domain"] } };
            const stack = [
                domainResource("orders-domain", "eu-frankfurt-1", UNKNOWN),
                replication("orders-domain-iad", UNKNOWN, "us-ashburn-1", tied),
                replication("orders-domain-phx", UNKNOWN, "us-phoenix-1", tied),
            ];
            expectOneAdvisory(runStack(identityDomainReplicated, stack), REPLICATION_URN("orders-domain-phx"), ['replicate identity domain of oci.identity.Domain "orders-domain" and neither depends']);
        });
    });
});

// ------------------------------------------------------------------------------------------------
// Waivers, for every policy
// ------------------------------------------------------------------------------------------------

interface FailingCase {
    readonly run: (config: object) => Reported[];
    /** The resource the violation is on. */
    readonly name: string;
    readonly urn: string;
    /** For a policy that finds several kinds of thing, the finding ids its waivers must name. */
    readonly findings?: readonly string[];
}

const resourceCase = (policy: ResourceValidationPolicy, spec: ResourceSpec): FailingCase => ({
    run: (config) => runResource(policy, spec, config),
    name: spec.name,
    urn: urnOf(spec.type ?? INSTANCE, spec.name),
});

const stackCase = (policy: StackValidationPolicy, stack: ResourceSpec[], name: string): FailingCase => {
    const spec = stack.find((s) => s.name === name)!;
    return { run: (config) => runStack(policy, stack, config), name, urn: urnOf(spec.type ?? INSTANCE, name) };
};

const failing: Record<string, FailingCase> = {
    "oic-dr-supported-edition": resourceCase(supportedEdition, drInstance("orders", { integrationInstanceType: "STANDARDX" })),
    "oic-dr-production-shape": resourceCase(productionShape, drInstance("orders", { shape: "DEVELOPMENT" })),
    "oic-dr-no-network-acl": resourceCase(noNetworkAcl, drInstance("orders", { networkEndpointDetails: { networkEndpointType: "PUBLIC" } })),
    "oic-dr-no-unsupported-features": {
        ...resourceCase(noUnsupportedFeatures, drInstance("orders", { isVisualBuilderEnabled: true })),
        findings: ["oic-dr-no-unsupported-features[isVisualBuilderEnabled]"],
    },
    "oic-dr-paired-region": resourceCase(pairedRegion, drInstance("orders", {}, { region: "us-chicago-1" })),
    "oic-dr-protected-instance": resourceCase(protectedInstance, drInstance("orders", {}, { protect: false })),
    "oic-dr-enabled": resourceCase(drEnabledPolicy, drInstance("orders", { isDisasterRecoveryEnabled: false })),
    "oic-dr-no-failover-trigger": resourceCase(noFailoverTrigger, drInstance("orders", { failoverTrigger: 0 })),
    "oic-dr-no-private-endpoint": stackCase(privateEndpointsOnBoth, [drInstance("orders"), privateEndpoint("orders-pe", "orders")], "orders-pe"),
    "oic-dr-no-custom-endpoint": {
        ...stackCase(noCustomEndpoint, [drInstance("orders", { customEndpoint: { hostname: "orders.example.com" } })], "orders"),
        findings: ["oic-dr-no-custom-endpoint[customEndpoint]"],
    },
    "oic-dr-senders-in-both-regions": stackCase(
        sendersInBothRegions,
        [drInstance("orders"), sender("sender-iad", "us-ashburn-1", "noreply@example.com")],
        "sender-iad",
    ),
    "oic-dr-failover-alarm": stackCase(failoverAlarm, [drInstance("orders")], "orders"),
    "oic-dr-identity-domain-replicated": {
        ...stackCase(identityDomainReplicated, [domainResource("orders-domain", "us-ashburn-1"), replication("orders-domain-iad", DOMAIN, "us-ashburn-1")], "orders-domain-iad"),
        findings: ["oic-dr-identity-domain-replicated[replicationToHomeRegion]"],
    },
};

/** `urn:pulumi:*::*::<package>:<module>/*::<name>` for a URN. */
function urnPattern(urn: string, name: string): string {
    const type = urn.split("::")[2]!;
    return `urn:pulumi:*::*::${type.slice(0, type.indexOf("/"))}/*::${name}`;
}

describe.each(Object.entries(failing))("waivers of %s", (policyName, failingCase) => {
    const findings = failingCase.findings ? { findings: failingCase.findings } : {};
    it("has a failing case here", () => {
        expect(policies.map((p) => p.name)).toContain(policyName);
        const reports = failingCase.run({});
        expect(reports).toHaveLength(1);
        expect(reports[0]).toEqual({ message: expect.any(String), urn: failingCase.urn });
    });

    it("reports a waived violation as advisory, with the waiver's reason", () => {
        const unwaived = failingCase.run({})[0]!;
        const reports = failingCase.run({ waivers: [{ resources: [failingCase.name], ...findings, reason: "ticket OPS-1" }] });
        expect(reports).toEqual([{ message: `Waived (ticket OPS-1): ${unwaived.message}`, urn: failingCase.urn, enforcementLevel: "advisory" }]);
    });

    it("matches URN patterns", () => {
        const pattern = urnPattern(failingCase.urn, failingCase.name);
        const reports = failingCase.run({ waivers: [{ resources: ["someone-else", pattern], ...findings, reason: "ticket OPS-2" }] });
        expect(reports).toHaveLength(1);
        expect(reports[0]!.enforcementLevel).toBe("advisory");
        expect(reports[0]!.message).toMatch(/^Waived \(ticket OPS-2\): /);
    });

    it("leaves violations of other resources alone", () => {
        const reports = failingCase.run({ waivers: [{ resources: ["someone-else", "urn:pulumi:*::*::oci:Email/*::*"], ...findings, reason: "ticket OPS-3" }] });
        if (failingCase.urn.includes("::oci:Email/")) {
            expect(reports[0]!.enforcementLevel).toBe("advisory");
        } else {
            expect(reports).toHaveLength(1);
            expect(reports[0]!.enforcementLevel).toBeUndefined();
            expect(reports[0]!.message).not.toMatch(/^Waived/);
        }
    });

    it.each([
        ["without reason", { resources: ["orders"] }],
        ["with an empty reason", { resources: ["orders"], reason: "" }],
        ["with a blank reason", { resources: ["orders"], reason: "   " }],
        ["without resources", { resources: [], reason: "ticket OPS-1" }],
    ])("rejects a waiver %s (config validation)", (_what, waiver) => {
        expect(() => failingCase.run({ waivers: [waiver] })).toThrow(ZodError);
    });

    it("rejects config keys it does not know", () => {
        expect(() => failingCase.run({ waiver: [] })).toThrow(ZodError);
    });
});

it("a waiver covers only the violations of the resources it names", () => {
    const stack = [drInstance("orders", { customEndpoint: { hostname: "orders.example.com" } }), managedEndpoint("orders-ome", "orders")];
    const reports = runStack(noCustomEndpoint, stack, { waivers: [{ resources: ["orders-ome"], findings: ["oic-dr-no-custom-endpoint[oracleManagedCustomEndpoint]"], reason: "ticket OPS-4" }] });
    expect(reports).toHaveLength(2);
    expect(reports[0]).toEqual({ message: expect.stringContaining("sets customEndpoint"), urn: ORDERS_URN });
    expect(reports[1]).toEqual({
        message: expect.stringMatching(/^Waived \(ticket OPS-4\): Oracle-managed custom endpoint "orders-ome"/),
        urn: urnOf(OME_TYPE, "orders-ome"),
        enforcementLevel: "advisory",
    });
});

it("the config the engine passes with a waiver also validates the policy's own keys", () => {
    const stack = [drInstance("orders", { domainId: DOMAIN })];
    const config = { defaultDomainIds: [DOMAIN], waivers: [{ resources: ["orders"], findings: ["oic-dr-identity-domain-replicated[domainNotReplicated]"], reason: "ticket OPS-5" }] };
    expect(runStack(identityDomainReplicated, stack, config)).toEqual([]);
    expect(() => runStack(identityDomainReplicated, stack, { defaultDomainIds: DOMAIN })).toThrow(ZodError);
});

// ------------------------------------------------------------------------------------------------
// oic-dr-agent-group-size: what will run, counted (issue 13 item 9)
// ------------------------------------------------------------------------------------------------

describe("oic-dr-agent-group-size", () => {
    const K = {
        deployment: "kubernetes:apps/v1:Deployment",
        statefulSet: "kubernetes:apps/v1:StatefulSet",
        statefulSetPatch: "kubernetes:apps/v1:StatefulSetPatch",
        deploymentPatch: "kubernetes:apps/v1:DeploymentPatch",
        rc: "kubernetes:core/v1:ReplicationController",
        pod: "kubernetes:core/v1:Pod",
        daemonSet: "kubernetes:apps/v1:DaemonSet",
        hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    };
    const DEV = "dev.example.com";
    const PROD = "prod.example.com";
    /** The agent labels: component marker, group (unless undefined) and instance hash (when a host is given). */
    const labels = (group: string | undefined, host?: string) => ({
        [AGENT_LABELS.component]: AGENT_LABELS.componentValue,
        ...(group === undefined ? {} : { [AGENT_LABELS.group]: group }),
        ...(host === undefined ? {} : { [AGENT_LABELS.instance]: instanceHostHash(host) }),
    });
    interface Options {
        replicas?: unknown;
        own?: Record<string, unknown>;
        template?: Record<string, unknown>;
        strategy?: unknown;
        annotations?: Record<string, unknown>;
        namespace?: string;
    }
    /** A workload named `name` (metadata.name too), labelled as `opts` says. */
    const workload = (type: string, name: string, opts: Options = {}): ResourceSpec => ({
        name,
        type,
        providerProps: null,
        props: {
            metadata: { name, ...(opts.namespace ? { namespace: opts.namespace } : {}), ...(opts.own ? { labels: opts.own } : {}), ...(opts.annotations ? { annotations: opts.annotations } : {}) },
            spec: {
                ...(opts.replicas === undefined ? {} : { replicas: opts.replicas }),
                ...(opts.strategy === undefined ? {} : { strategy: opts.strategy }),
                template: { metadata: opts.template ? { labels: opts.template } : {}, spec: { containers: [{ name: "agent", image: "agent:1" }] } },
            },
        },
    });
    /** A workload with the same labels on the object and its template; `null` for no group label. */
    const agents = (type: string, name: string, replicas: unknown, group: string | null = "ORDERS", host?: string, extra: Options = {}) =>
        workload(type, name, { replicas, own: labels(group ?? undefined, host), template: labels(group ?? undefined, host), ...extra });
    const pod = (name: string, group = "ORDERS"): ResourceSpec => ({
        name,
        type: K.pod,
        providerProps: null,
        props: { metadata: { name, labels: labels(group) }, spec: { containers: [{ name: "agent", image: "agent:1" }] } },
    });
    const hpa = (name: string, kind: string, target: unknown, maxReplicas: number, rest: Partial<ResourceSpec> = {}): ResourceSpec => ({
        name,
        type: K.hpa,
        providerProps: null,
        props: { metadata: { name }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind, name: target }, minReplicas: 1, maxReplicas } },
        ...rest,
    });
    const mandatory = (reports: Reported[]) => reports.filter((r) => r.enforcementLevel === undefined);
    const advisory = (reports: Reported[]) => reports.filter((r) => r.enforcementLevel === "advisory");
    const urns = (reports: Reported[]) => reports.map((r) => r.urn).sort();

    it("passes two agents of one group, and ignores unlabelled workloads of any size", () => {
        expect(runStack(agentGroupSize, [agents(K.statefulSet, "agents", 2), workload(K.deployment, "web", { replicas: 10 })])).toEqual([]);
    });

    it("counts a HorizontalPodAutoscaler's maxReplicas: a labelled Deployment with maxReplicas 6 fails (6, +2 surge)", () => {
        const reports = runStack(agentGroupSize, [agents(K.deployment, "agents", 2), hpa("agents-hpa", "Deployment", "agents", 6)]);
        expect(urns(reports)).toEqual([urnOf(K.deployment, "agents"), urnOf(K.hpa, "agents-hpa")].sort());
        expectReport(reports[0]!, reports[0]!.urn!, ['Agent group "ORDERS" runs 8 agents at once', "2 replicas", 'up to 6 by HorizontalPodAutoscaler "agents-hpa"', "+2 during a rolling update", "at most 2"]);
    });

    it("finds an autoscaler's target through the spec's dependency when its name is unknown during preview", () => {
        const reports = runStack(agentGroupSize, [
            agents(K.statefulSet, "agents", 2),
            hpa("agents-hpa", "StatefulSet", UNKNOWN, 4, { propertyDependencies: { spec: ["agents"] } }),
        ]);
        expect(mandatory(reports).map((r) => r.message)).toEqual([expect.stringContaining("runs 4 agents"), expect.stringContaining("runs 4 agents")]);
    });

    it("an autoscaler that stays within the limit, or targets another object, passes", () => {
        expect(runStack(agentGroupSize, [agents(K.statefulSet, "agents", 1), hpa("hpa", "StatefulSet", "agents", 2)])).toEqual([]);
        expect(runStack(agentGroupSize, [agents(K.statefulSet, "agents", 2), hpa("hpa", "StatefulSet", "web", 6)])).toEqual([]);
        // Same name in another namespace: not the agents' autoscaler.
        expect(runStack(agentGroupSize, [agents(K.statefulSet, "agents", 2), { ...hpa("hpa", "StatefulSet", "agents", 6), props: { metadata: { name: "hpa", namespace: "other" }, spec: { scaleTargetRef: { kind: "StatefulSet", name: "agents" }, maxReplicas: 6 } } }])).toEqual([]);
    });

    it("counts bare labelled Pods: three fail", () => {
        const reports = runStack(agentGroupSize, [pod("agent-a"), pod("agent-b"), pod("agent-c")]);
        expect(urns(reports)).toEqual(["agent-a", "agent-b", "agent-c"].map((n) => urnOf(K.pod, n)));
        expect(reports[0]!.message).toMatch(/Agent group "ORDERS" runs 3 agents at once: agent-a \(a bare Pod\); agent-b \(a bare Pod\); agent-c \(a bare Pod\)/);
        expect(runStack(agentGroupSize, [pod("agent-a"), pod("agent-b")])).toEqual([]);
    });

    it("counts a ReplicationController: 4 replicas fail", () => {
        const reports = runStack(agentGroupSize, [agents(K.rc, "agents", 4)]);
        expectOneReport(reports, urnOf(K.rc, "agents"), ["runs 4 agents", "agents (4 replicas)"]);
    });

    it("counts a StatefulSetPatch raising the replicas of a declared StatefulSet, reported on both", () => {
        const patch: ResourceSpec = { name: "more-agents", type: K.statefulSetPatch, providerProps: null, props: { metadata: { name: "agents" }, spec: { replicas: 3 } } };
        const reports = runStack(agentGroupSize, [agents(K.statefulSet, "agents", 2), patch]);
        expect(urns(reports)).toEqual([urnOf(K.statefulSet, "agents"), urnOf(K.statefulSetPatch, "more-agents")].sort());
        expect(reports[0]!.message).toContain('runs 3 agents at once: agents (2 replicas, 3 set by StatefulSetPatch "more-agents")');
        // Lowering, or patching another object, passes.
        expect(runStack(agentGroupSize, [agents(K.statefulSet, "agents", 2), { ...patch, props: { metadata: { name: "agents" }, spec: { replicas: 1 } } }])).toEqual([]);
        expect(runStack(agentGroupSize, [agents(K.statefulSet, "agents", 2), { ...patch, props: { metadata: { name: "agents", namespace: "other" }, spec: { replicas: 3 } } }])).toEqual([]);
    });

    it("judges a labelled patch of an object the stack does not declare by its own count, and says when the count is on the cluster", () => {
        const patch = (spec: Record<string, unknown>): ResourceSpec => ({ name: "p", type: K.statefulSetPatch, providerProps: null, props: { metadata: { name: "agents", labels: labels("ORDERS") }, spec } });
        expect(mandatory(runStack(agentGroupSize, [patch({ replicas: 3 })]))).toHaveLength(1);
        const unknown = runStack(agentGroupSize, [patch({})]);
        expect(unknown).toEqual([{ urn: urnOf(K.statefulSetPatch, "p"), enforcementLevel: "advisory", message: expect.stringContaining('StatefulSetPatch "p" patches an object the stack does not declare, so its replica count is on the cluster') }]);
    });

    it("reads the group label on the workload when its pod template lacks it, and adds it to the group", () => {
        // "a" has the group label only on the object; the template has only the component marker.
        const a = workload(K.statefulSet, "a", { replicas: 2, own: labels("ORDERS"), template: labels(undefined) });
        const b = agents(K.statefulSet, "b", 1);
        const reports = runStack(agentGroupSize, [a, b]);
        expect(urns(reports)).toEqual([urnOf(K.statefulSet, "a"), urnOf(K.statefulSet, "b")]);
        expect(reports[0]!.message).toMatch(/^Agent group "ORDERS" runs 3 agents at once: a \(2 replicas\); b \(1 replica\)\./);
        // Labels on the template only count as well.
        expect(runStack(agentGroupSize, [workload(K.statefulSet, "t", { replicas: 3, template: labels("ORDERS") })])).toHaveLength(1);
    });

    it("counts a Deployment's rollout surge: 2 replicas run 3 pods at once with the default 25% rounded up", () => {
        expectOneReport(runStack(agentGroupSize, [agents(K.deployment, "agents", 2)]), urnOf(K.deployment, "agents"), ["runs 3 agents at once", "2 replicas, +1 during a rolling update (maxSurge)"]);
        const withStrategy = (strategy: unknown, replicas = 2) => runStack(agentGroupSize, [agents(K.deployment, "agents", replicas, "ORDERS", undefined, { strategy })]);
        expect(withStrategy({ type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } })).toEqual([]);
        expect(withStrategy({ type: "Recreate" })).toEqual([]);
        expect(withStrategy({ rollingUpdate: { maxSurge: "50%" } })).toHaveLength(1);
        expect(withStrategy({ rollingUpdate: { maxSurge: "1%" } })[0]?.message).toContain("+1 during a rolling update");
        expect(withStrategy({ rollingUpdate: { maxSurge: 1 } }, 1)).toEqual([]);
        expect(withStrategy({ rollingUpdate: { maxSurge: 2 } }, 1)[0]?.message).toContain("runs 3 agents");
        // One replica, default surge: 2 pods at once, allowed.
        expect(runStack(agentGroupSize, [agents(K.deployment, "one", 1)])).toEqual([]);
        // A StatefulSet replaces a pod before it starts the next: no surge.
        expect(runStack(agentGroupSize, [agents(K.statefulSet, "agents", 2)])).toEqual([]);
    });

    it("takes extensions/v1beta1's default surge of 1, and a maxSurge it cannot read is an advisory", () => {
        expect(runStack(agentGroupSize, [agents("kubernetes:extensions/v1beta1:Deployment", "old", 2)])[0]?.message).toContain("runs 3 agents");
        const reports = runStack(agentGroupSize, [agents(K.deployment, "odd", 1, "ORDERS", undefined, { strategy: { rollingUpdate: { maxSurge: "two" } } })]);
        expect(reports).toEqual([{ urn: urnOf(K.deployment, "odd"), enforcementLevel: "advisory", message: expect.stringContaining('maxSurge "two" is neither a whole number nor a percentage') }]);
    });

    it("scopes groups by instance: dev and prod reusing an identifier pass, the same identifier without instance labels fails", () => {
        const devAndProd = [agents(K.statefulSet, "dev", 2, "ORDERS", DEV), agents(K.statefulSet, "prod", 2, "ORDERS", PROD)];
        expect(runStack(agentGroupSize, devAndProd)).toEqual([]);
        const unscoped = runStack(agentGroupSize, [agents(K.statefulSet, "dev", 2), agents(K.statefulSet, "prod", 2)]);
        expect(mandatory(unscoped)).toHaveLength(2);
        expect(unscoped[0]!.message).toMatch(/^Agent group "ORDERS" runs 4 agents/);
        // Two workloads of one instance (one labelled, one only annotated with the host) add up.
        const annotated = workload(K.statefulSet, "more", { replicas: 1, own: labels("ORDERS"), template: labels("ORDERS"), annotations: { [AGENT_INSTANCE_HOST_ANNOTATION]: PROD } });
        const reports = runStack(agentGroupSize, [...devAndProd, annotated]);
        expect(urns(reports)).toEqual([urnOf(K.statefulSet, "more"), urnOf(K.statefulSet, "prod")]);
        expect(reports[0]!.message).toMatch(/^Agent group "ORDERS" of instance (prod\.example\.com|7405b0253a) runs 3 agents/);
    });

    it("hashes the instance host as the component does: first 10 hex digits of SHA-256 of the lower-cased host", () => {
        // Reference values from coreutils: printf %s prod.example.com | sha256sum
        expect(instanceHostHash(PROD)).toBe("7405b0253a");
        expect(instanceHostHash("Dev.Example.COM")).toBe("4fe83d68e3");
    });

    it("says, as an advisory, when a workload without an instance label may join another instance's group", () => {
        const reports = runStack(agentGroupSize, [agents(K.statefulSet, "prod", 2, "ORDERS", PROD), agents(K.statefulSet, "unlabelled", 1)]);
        expect(mandatory(reports)).toEqual([]);
        expect(advisory(reports)).toEqual([
            {
                urn: urnOf(K.statefulSet, "unlabelled"),
                enforcementLevel: "advisory",
                message: expect.stringMatching(/unlabelled runs agents of group "ORDERS" for an instance the stack does not tell .* if it serves the same instance as instance 7405b0253a .* that group runs 3 agents/),
            },
        ]);
    });

    it("reports a host annotation that does not match the instance label, and counts that workload alone", () => {
        const wrong = agents(K.statefulSet, "wrong", 1, "ORDERS", DEV, { annotations: { [AGENT_INSTANCE_HOST_ANNOTATION]: PROD } });
        const reports = runStack(agentGroupSize, [wrong]);
        expect(reports).toEqual([{ urn: urnOf(K.statefulSet, "wrong"), enforcementLevel: "advisory", message: expect.stringContaining('instance label "4fe83d68e3", which is not the hash of its oic-dr.io/instance-host "prod.example.com" (7405b0253a)') }]);
    });

    it("does not pool workloads without a group label: each is its own group", () => {
        expect(runStack(agentGroupSize, [agents(K.statefulSet, "a", 2, null), agents(K.statefulSet, "b", 2, null)])).toEqual([]);
        const reports = runStack(agentGroupSize, [agents(K.statefulSet, "a", 3, null), agents(K.statefulSet, "b", 2, null)]);
        expectOneReport(reports, urnOf(K.statefulSet, "a"), [`Connectivity agents "a" (no ${AGENT_LABELS.group} label`, "runs 3 agents"]);
    });

    it("a DaemonSet's count is unknown: an advisory alone, a violation when the rest of its group already exceeds the limit", () => {
        const daemonSet = agents(K.daemonSet, "everywhere", undefined);
        expect(runStack(agentGroupSize, [daemonSet])).toEqual([
            { urn: urnOf(K.daemonSet, "everywhere"), enforcementLevel: "advisory", message: expect.stringContaining('DaemonSet "everywhere" runs one agent per eligible node, a number the stack does not hold') },
        ]);
        const reports = runStack(agentGroupSize, [daemonSet, agents(K.statefulSet, "three", 3)]);
        expect(urns(mandatory(reports))).toEqual([urnOf(K.daemonSet, "everywhere"), urnOf(K.statefulSet, "three")].sort());
        expect(mandatory(reports)[0]!.message).toContain("runs at least 3 agents");
    });

    it("never counts a replica count unknown during preview; the framework says what it could not judge", () => {
        const reports = runStack(agentGroupSize, [agents(K.statefulSet, "known", 2), agents(K.statefulSet, "unknown", UNKNOWN)]);
        expect(reports).toEqual([{ enforcementLevel: "advisory", message: expect.stringMatching(/^can't fully run this policy during preview: .*spec\.replicas can't be known during preview/) }]);
    });

    it("scopes by the host annotation when the instance label is unknown during preview", () => {
        const unknownLabel = (name: string, host: string) =>
            workload(K.statefulSet, name, { replicas: 2, own: { ...labels("ORDERS"), [AGENT_LABELS.instance]: UNKNOWN }, template: labels("ORDERS"), annotations: { [AGENT_INSTANCE_HOST_ANNOTATION]: host } });
        expect(mandatory(runStack(agentGroupSize, [unknownLabel("dev", DEV), unknownLabel("prod", PROD)]))).toEqual([]);
        expect(mandatory(runStack(agentGroupSize, [unknownLabel("dev", DEV), unknownLabel("dev-too", DEV)]))).toHaveLength(2);
    });

    it("reads every type token it names from @pulumi/kubernetes itself", async () => {
        const k8s = (await import("@pulumi/kubernetes")) as unknown as Record<string, Record<string, Record<string, { __pulumiType?: string }>>>;
        const tokens = Object.values(AGENT_WORKLOAD_TYPES).flat();
        expect(tokens).toContain("kubernetes:apps/v1:StatefulSetPatch");
        for (const token of tokens) {
            const [, groupVersion, kind] = token.split(":") as [string, string, string];
            const [group, version] = groupVersion.split("/") as [string, string];
            expect(k8s[group]?.[version]?.[kind]?.__pulumiType, token).toBe(token);
        }
    });
});

// ------------------------------------------------------------------------------------------------
// Unknown values (preview)
// ------------------------------------------------------------------------------------------------

const RESOURCE_POLICIES: readonly ResourceValidationPolicy[] = [
    supportedEdition,
    productionShape,
    noNetworkAcl,
    noUnsupportedFeatures,
    pairedRegion,
    protectedInstance,
    drEnabledPolicy,
    noFailoverTrigger,
];
const STACK_POLICIES: readonly StackValidationPolicy[] = [privateEndpointsOnBoth, noCustomEndpoint, sendersInBothRegions, failoverAlarm, identityDomainReplicated, agentGroupSize, fsdrMemberRegion, fsdrBothRegions];

/** Validation throws the proxy's UnknownValueError (the engine makes that an advisory) and reports nothing. */
function expectUnknownError(policy: ResourceValidationPolicy, spec: ResourceSpec, path: string): void {
    const args = resourceArgs(spec);
    const { reportViolation, reports } = reportSpy();
    let thrown: unknown;
    try {
        validatorOf(policy)(args, reportViolation);
    } catch (err) {
        thrown = err;
    }
    expect(thrown).toBeInstanceOf(UnknownValueError);
    expect((thrown as Error).message).toContain(`.${path} can't be known during preview`);
    expect(reports()).toEqual([]);
    expect(args.notApplicable).not.toHaveBeenCalled();
}

describe("unknown values in resource policies", () => {
    it("the sentinel these tests use is the one the proxy recognises", () => {
        expect(UNKNOWN).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    });

    it.each(RESOURCE_POLICIES.map((p) => [p.name, p] as const))("%s cannot run on an unknown isDisasterRecoveryEnabled", (_name, policy) => {
        expectUnknownError(policy, drInstance("orders", { isDisasterRecoveryEnabled: UNKNOWN }), "isDisasterRecoveryEnabled");
    });

    it.each<[string, ResourceValidationPolicy, string]>([
        ["oic-dr-supported-edition", supportedEdition, "integrationInstanceType"],
        ["oic-dr-production-shape", productionShape, "shape"],
        ["oic-dr-no-network-acl", noNetworkAcl, "networkEndpointDetails"],
        ["oic-dr-no-unsupported-features", noUnsupportedFeatures, "isVisualBuilderEnabled"],
        ["oic-dr-no-unsupported-features", noUnsupportedFeatures, "enableProcessAutomationTrigger"],
    ])("%s cannot run on an unknown %s", (name, policy, path) => {
        expect(policy.name).toBe(name);
        expectUnknownError(policy, drInstance("orders", { [path]: UNKNOWN }), path);
    });

    it("oic-dr-paired-region cannot run on an unknown provider region (not 'not applicable')", () => {
        expectUnknownError(pairedRegion, drInstance("orders", {}, { providerProps: { region: UNKNOWN } }), "region");
    });

    it("unknown DR-only values do not matter on an instance without DR", () => {
        const spec = drInstance("orders", {
            isDisasterRecoveryEnabled: false,
            integrationInstanceType: UNKNOWN,
            shape: UNKNOWN,
            networkEndpointDetails: UNKNOWN,
            isVisualBuilderEnabled: UNKNOWN,
            enableProcessAutomationTrigger: UNKNOWN,
            failoverTrigger: UNKNOWN,
        }, { providerProps: { region: UNKNOWN }, protect: false });
        for (const policy of RESOURCE_POLICIES.filter((p) => p !== drEnabledPolicy)) expect(runResource(policy, spec)).toEqual([]);
    });
});

describe("unknown values in stack policies: no violation, no throw (a mandatory one says what it could not judge)", () => {
    /** Reports other than the advisory a mandatory stack policy gives when an unknown value kept it from judging. */
    const verdicts = (reports: ReturnType<typeof runStack>) =>
        reports.filter((r) => !(r.enforcementLevel === "advisory" && r.message.startsWith("can't fully run this policy during preview: ")));
    const runAll = (stack: ResourceSpec[]) => verdicts(STACK_POLICIES.flatMap((policy) => runStack(policy, stack)));

    it("an unknown isDisasterRecoveryEnabled", () => {
        const stack = [
            drInstance("orders", { isDisasterRecoveryEnabled: UNKNOWN, domainId: DOMAIN, customEndpoint: { hostname: "orders.example.com" }, alternateCustomEndpoints: [{ hostname: "b.example.com" }] }),
            privateEndpoint("orders-pe", "orders"),
            managedEndpoint("orders-ome", "orders"),
            sender("sender-iad", "us-ashburn-1", "noreply@example.com"),
        ];
        expect(runAll(stack)).toEqual([]);
    });

    it("an unknown emailAddress", () => {
        expect(runAll([...watchedStack(), sender("sender-iad", "us-ashburn-1", UNKNOWN)])).toEqual([]);
    });

    it("an unknown provider region on the instance", () => {
        const stack = [
            drInstance("orders", { domainId: DOMAIN }, { providerProps: { region: UNKNOWN } }),
            sender("sender-iad", "us-ashburn-1", "noreply@example.com"),
        ];
        expect(runAll(stack)).toEqual([]);
    });

    it("an unknown provider region on a sender", () => {
        const stack = [...watchedStack(), { ...sender("sender-x", "us-ashburn-1", "noreply@example.com"), providerProps: { region: UNKNOWN } }];
        expect(runAll(stack)).toEqual([]);
    });

    it("unknown custom endpoints and an unknown domain", () => {
        const stack = [...withChange(watchedStack(), "orders", () => drInstance("orders", { customEndpoint: UNKNOWN, alternateCustomEndpoints: UNKNOWN, domainId: UNKNOWN }))];
        expect(runAll(stack)).toEqual([]);
    });

    it("an unknown address or region on the partner's sender: the known sender is not reported", () => {
        const base = [drInstance("orders"), sender("sender-iad", "us-ashburn-1", "x@example.com")];
        expect(verdicts(runStack(sendersInBothRegions, [...base, sender("sender-phx", "us-phoenix-1", UNKNOWN)]))).toEqual([]);
        expect(verdicts(runStack(sendersInBothRegions, [...base, { ...sender("sender-phx", "us-phoenix-1", "x@example.com"), providerProps: { region: UNKNOWN } }]))).toEqual([]);
        // A known sender with another address does not excuse it (and is itself reported).
        const reports = runStack(sendersInBothRegions, [...base, sender("sender-phx", "us-phoenix-1", "y@example.com")]);
        expect(reports.map((r) => r.urn).sort()).toEqual([urnOf(OCI_TYPES.sender, "sender-iad"), urnOf(OCI_TYPES.sender, "sender-phx")]);
    });

    it("an unknown region on a watching resource: the instance is not reported as unwatched", () => {
        const stack = withChange(watchedStack(), "orders-probe", (probe) => ({ ...probe, providerProps: { region: UNKNOWN } }));
        expect(runStack(failoverAlarm, stack)).toEqual([]);
    });

    it("an unknown domain or region on a replication: the instance is not reported", () => {
        const instance = drInstance("orders", { domainId: DOMAIN });
        expect(runStack(identityDomainReplicated, [instance, replication("repl", UNKNOWN, "us-phoenix-1")])).toEqual([]);
        expect(runStack(identityDomainReplicated, [instance, replication("repl", DOMAIN, UNKNOWN)])).toEqual([]);
        expect(runStack(identityDomainReplicated, [instance, replication("repl", DOMAIN, "eu-frankfurt-1")])).toHaveLength(1);
    });

    it("an unknown integrationInstanceId with no dependency", () => {
        const stack = [...watchedStack(), { ...privateEndpoint("orders-pe", "orders", { integrationInstanceId: UNKNOWN }), propertyDependencies: {} }];
        expect(runAll(stack)).toEqual([]);
    });
});

// ------------------------------------------------------------------------------------------------
// The pack
// ------------------------------------------------------------------------------------------------

describe("the policies array", () => {
    const NAMES = [
        "oic-dr-supported-edition",
        "oic-dr-production-shape",
        "oic-dr-no-network-acl",
        "oic-dr-no-unsupported-features",
        "oic-dr-paired-region",
        "oic-dr-protected-instance",
        "oic-dr-enabled",
        "oic-dr-no-failover-trigger",
        "oic-dr-no-private-endpoint",
        "oic-dr-no-custom-endpoint",
        "oic-dr-senders-in-both-regions",
        "oic-dr-failover-alarm",
        "oic-dr-identity-domain-replicated",
        "oic-dr-agent-group-size",
        "oic-dr-fsdr-member-region",
        "oic-dr-fsdr-both-regions",
        "oic-dr-api-constraints",
        "oic-dr-api-advice",
    ];
    const MANDATORY = [
        "oic-dr-supported-edition",
        "oic-dr-production-shape",
        "oic-dr-no-network-acl",
        "oic-dr-no-private-endpoint",
        "oic-dr-no-custom-endpoint",
        "oic-dr-paired-region",
        "oic-dr-no-unsupported-features",
        "oic-dr-senders-in-both-regions",
        "oic-dr-identity-domain-replicated",
        "oic-dr-agent-group-size",
        "oic-dr-fsdr-member-region",
        "oic-dr-fsdr-both-regions",
        "oic-dr-api-constraints",
    ];

    it("has the 18 policies, with unique names", () => {
        const names = policies.map((p) => p.name);
        expect(names).toHaveLength(18);
        expect(new Set(names).size).toBe(18);
        expect([...names].sort()).toEqual([...NAMES].sort());
    });

    it("holds every exported policy constant, resource policies validating resources and stack policies stacks", () => {
        expect(new Set(policies)).toEqual(new Set([...RESOURCE_POLICIES, ...STACK_POLICIES, apiConstraints, apiAdvice]));
        for (const p of RESOURCE_POLICIES) expect(typeof p.validateResource).toBe("function");
        for (const p of STACK_POLICIES) expect(typeof p.validateStack).toBe("function");
    });

    it.each(NAMES)("%s describes itself and takes waivers", (name) => {
        const policy = policies.find((p) => p.name === name)!;
        expect(policy.description).toMatch(/\S/);
        expect(policy.remediationSteps).toMatch(/\S/);
        expect(["mandatory", "advisory"]).toContain(policy.enforcementLevel);
        expect(policy.configSchema?.properties).toHaveProperty("waivers");
        // The engine refuses a schema that declares enforcementLevel; waivers have a default.
        expect(policy.configSchema?.properties).not.toHaveProperty("enforcementLevel");
        expect(policy.configSchema?.required ?? []).not.toContain("waivers");
    });

    it("makes exactly the policies of unsupported configurations and refused requests mandatory", () => {
        const mandatory = policies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
        expect([...mandatory].sort()).toEqual([...MANDATORY].sort());
        expect(policies.filter((p) => p.enforcementLevel !== "mandatory").every((p) => p.enforcementLevel === "advisory")).toBe(true);
    });

    it("marks single-type resource validations with their type, also once configured, so the engine skips other types early", () => {
        const configured = configurePolicies(policies, new Map());
        for (const policy of RESOURCE_POLICIES) {
            expect(resourceTypeOf(policy.validateResource as object), policy.name).toBe(OCI_TYPES.integrationInstance);
            const after = configured.find((p) => p.name === policy.name) as ResourceValidationPolicy;
            expect(resourceTypeOf(after.validateResource as object), policy.name).toBe(OCI_TYPES.integrationInstance);
        }
    });

    it("lets oic-dr-identity-domain-replicated take defaultDomainIds", () => {
        expect(identityDomainReplicated.configSchema?.properties).toHaveProperty("defaultDomainIds");
    });
});

describe("oic-dr-api-constraints and oic-dr-api-advice", () => {
    const monitor = (props: Record<string, unknown>): ResourceSpec => ({ name: "probe", type: OCI_TYPES.httpMonitor, props });

    it("judge known values against the OCI contracts", () => {
        expect(runResource(apiConstraints, monitor({ intervalInSeconds: 300 }))).toHaveLength(1);
        expect(runResource(apiConstraints, monitor({ intervalInSeconds: 10, timeoutInSeconds: 30 }))[0]?.message).toMatch(/longer than the interval/);
        expect(runResource(apiConstraints, monitor({ intervalInSeconds: 60, timeoutInSeconds: 30 }))).toEqual([]);
        expect(runResource(apiConstraints, { name: "a", type: OCI_TYPES.alarm, props: { pendingDuration: "PT5M", repeatNotificationDuration: "P31D" } })).toHaveLength(1);
    });

    it("hold a PingMonitor to the same intervals and timeouts, naming its kind", () => {
        const ping = { name: "tcp-probe", type: OCI_TYPES.pingMonitor, props: { protocol: "TCP", intervalInSeconds: 300, timeoutInSeconds: 20 } };
        expect(runResource(apiConstraints, ping).map((r) => r.message)).toEqual([expect.stringMatching(/^PingMonitor "tcp-probe" has intervalInSeconds 300; Health Checks accepts 10, 30, 60\./)]);
        expect(runResource(apiConstraints, { ...ping, props: { protocol: "TCP", intervalInSeconds: 30, timeoutInSeconds: 20 } })).toEqual([]);
    });

    it("never take an unknown value for a violation", () => {
        expect(runResource(apiConstraints, monitor({ intervalInSeconds: UNKNOWN, timeoutInSeconds: UNKNOWN }))).toEqual([]);
        expect(runResource(apiConstraints, { name: "a", type: OCI_TYPES.alarm, props: { pendingDuration: UNKNOWN, repeatNotificationDuration: UNKNOWN } })).toEqual([]);
        expect(runResource(apiConstraints, { name: "p", type: OCI_TYPES.policy, props: { statements: UNKNOWN } })).toEqual([]);
        expect(runResource(apiConstraints, { name: "d", type: OCI_TYPES.dkim, props: { name: UNKNOWN } })).toEqual([]);
        expect(runResource(apiAdvice, { name: "orders", props: { compartmentId: UNKNOWN } })).toEqual([]);
    });

    it("leave resource types they do not know alone", () => {
        expect(runResource(apiConstraints, { name: "s", type: OCI_TYPES.sender, props: { emailAddress: "x" } })).toEqual([]);
    });

    it("refuse more than ten vantage points on either monitor (\"Creating a Ping Monitor\": up to ten)", () => {
        const points = (count: number) => Array.from({ length: count }, (_, i) => `aws-${i}`);
        const ping = { name: "tcp-probe", type: OCI_TYPES.pingMonitor, props: { protocol: "TCP", intervalInSeconds: 30, vantagePointNames: points(11) } };
        expect(runResource(apiConstraints, ping).map((r) => r.message)).toEqual([expect.stringMatching(/^PingMonitor "tcp-probe" vantagePointNames: 11 vantage points; Health Checks takes at most 10 per monitor\./)]);
        expect(runResource(apiConstraints, monitor({ intervalInSeconds: 30, vantagePointNames: points(12) }))).toHaveLength(1);
        expect(runResource(apiConstraints, { ...ping, props: { ...ping.props, vantagePointNames: points(10) } })).toEqual([]);
        expect(runResource(apiConstraints, { ...ping, props: { ...ping.props, vantagePointNames: UNKNOWN } })).toEqual([]);
    });

    describe("on a raw ONS subscription", () => {
        const subscription = (protocol: unknown, endpoint: unknown, region = "us-ashburn-1"): ResourceSpec => ({ name: "oncall", type: OCI_TYPES.subscription, region, props: { protocol, endpoint, topicId: "ocid1.onstopic.oc1.iad.aaaa" } });
        const messages = (spec: ResourceSpec) => runResource(apiConstraints, spec).map((r) => r.message);

        it.each([
            ["EMAIL", "oncall.example.com", /^Subscription "oncall" \(EMAIL\): endpoint "oncall\.example\.com" is not an email address\./],
            ["SMS", "+1 425 555 0100", /^Subscription "oncall" \(SMS\): endpoint "\+1 425 555 0100" is not a phone number in E\.164 form/],
            ["ORACLE_FUNCTIONS", "ocid1.fnapp.oc1.iad.aaaa", /^Subscription "oncall" \(ORACLE_FUNCTIONS\): endpoint "ocid1\.fnapp\.oc1\.iad\.aaaa" is not a function OCID/],
        ])("refuse a %s endpoint ONS does not deliver to", (protocol, endpoint, message) => {
            expect(messages(subscription(protocol, endpoint))).toEqual([expect.stringMatching(message)]);
        });

        it("refuse a webhook URL ONS does not take without quoting it", () => {
            const found = messages(subscription("SLACK", "https://hooks.slack.com/services/T0/B0/secret-key?channel=ops"));
            expect(found).toEqual(['Subscription "oncall" (SLACK): the endpoint has query parameters, which SLACK endpoints do not take. (finding oic-dr-api-constraints[subscription.endpoint])']);
            expect(messages(subscription("CUSTOM_HTTPS", "hooks.example.com/secret-key"))).toEqual([expect.stringMatching(/^Subscription "oncall" \(CUSTOM_HTTPS\): the endpoint is not a URL; CUSTOM_HTTPS takes an http: or https: URL\./)]);
            expect(messages(subscription("CUSTOM_HTTPS", "hooks.example.com/secret-key"))[0]).not.toContain("secret-key");
        });

        it("refuse a function of another region than the subscription's, in either way OCIDs write a region", () => {
            expect(messages(subscription("ORACLE_FUNCTIONS", "ocid1.fnfunc.oc1.phx.aaaa"))).toEqual([
                'Subscription "oncall" in us-ashburn-1: endpoint "ocid1.fnfunc.oc1.phx.aaaa" is a function in phx, not in us-ashburn-1 (iad); a topic calls functions of its own region. (finding oic-dr-api-constraints[subscription.functionRegion])',
            ]);
            expect(messages(subscription("ORACLE_FUNCTIONS", "ocid1.fnfunc.oc1.eu-amsterdam-1.aaaa", "eu-frankfurt-1"))).toHaveLength(1);
            // A region outside the DR table: its key is not known here, an identifier still is.
            expect(messages(subscription("ORACLE_FUNCTIONS", "ocid1.fnfunc.oc1.us-chicago-1.aaaa", "us-sanjose-1"))).toHaveLength(1);
            expect(messages(subscription("ORACLE_FUNCTIONS", "ocid1.fnfunc.oc1.ord.aaaa", "us-sanjose-1"))).toEqual([]);
        });

        it("take valid endpoints, and never judge an unknown one", () => {
            for (const [protocol, endpoint, region] of [
                ["EMAIL", "oncall@example.com", "us-ashburn-1"],
                ["SMS", "+14255550100", "us-ashburn-1"],
                ["PAGERDUTY", "https://events.pagerduty.com/integration/key/enqueue", "us-ashburn-1"],
                ["ORACLE_FUNCTIONS", "ocid1.fnfunc.oc1.iad.aaaa", "us-ashburn-1"],
                ["ORACLE_FUNCTIONS", "ocid1.fnfunc.oc1.us-ashburn-1.aaaa", "us-ashburn-1"],
                ["ORACLE_FUNCTIONS", "ocid1.fnfunc.oc1.eu-frankfurt-1.aaaa", "eu-frankfurt-1"],
                ["EMAIL", UNKNOWN, "us-ashburn-1"],
                [UNKNOWN, "not an address", "us-ashburn-1"],
                ["ORACLE_FUNCTIONS", "ocid1.fnfunc.oc1.phx.aaaa", UNKNOWN],
            ]) {
                expect(messages(subscription(protocol, endpoint, region)), `${protocol} ${endpoint} ${region}`).toEqual([]);
            }
        });
    });
});
