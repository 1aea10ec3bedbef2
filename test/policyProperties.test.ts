/**
 * Property-based tests: whatever a program declares, partially or with values unknown during
 * preview, the pack never throws out of a policy and never gives a mandatory verdict it cannot
 * justify from known values. Driven through the analyzer entry points, as `oic-dr check` runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeResources } from "../engine/analyze";
import type { RecordedResource } from "../engine/offlineEngine";
import { configurePolicies, resolvePolicyConfig } from "../engine/policyConfig";
import { DR_SHAPE, DR_SUPPORTED_INSTANCE_TYPES, OCI_TYPES } from "../facts/drSupport";
import { isDrRegion } from "../facts/regions";
import { policies } from "../policies/policies";
import { recorded } from "./harness";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const settings = resolvePolicyConfig({}, policies, "test");
const configured = configurePolicies(policies, settings);
const ctx = { packName: "oic-dr", packVersion: "0.0.0", stackConfig: {}, project: "p", stack: "s" };

/** A value that may be absent, unknown at preview, or anything JSON can hold. */
const maybe = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof(fc.constant(undefined), fc.constant(UNKNOWN), arb, fc.jsonValue());

const instanceProps = fc.record(
    {
        isDisasterRecoveryEnabled: maybe(fc.boolean()),
        integrationInstanceType: maybe(fc.constantFrom("ENTERPRISEX", "HEALTHCARE", "STANDARDX", "STANDARD", "ENTERPRISE")),
        shape: maybe(fc.constantFrom("PRODUCTION", "DEVELOPMENT")),
        networkEndpointDetails: maybe(fc.record({ networkEndpointType: fc.constant("PUBLIC") })),
        isVisualBuilderEnabled: maybe(fc.boolean()),
        enableProcessAutomationTrigger: maybe(fc.integer({ min: -2, max: 3 })),
        failoverTrigger: maybe(fc.integer({ min: 0, max: 3 })),
        customEndpoint: maybe(fc.record({ hostname: fc.domain() })),
        alternateCustomEndpoints: maybe(fc.array(fc.record({ hostname: fc.domain() }), { maxLength: 2 })),
        domainId: maybe(fc.constant("ocid1.domain.oc1..aaaa")),
        extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
);

const region = fc.oneof(fc.constantFrom("us-ashburn-1", "us-phoenix-1", "us-chicago-1", "eu-frankfurt-1"), fc.constant(UNKNOWN), fc.constant(undefined));

const strip = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));

function provider(name: string, r: string | undefined): RecordedResource {
    return recorded(OCI_TYPES.provider, name, { inputs: strip({ region: r }) });
}

function resource(type: string, name: string, inputs: Record<string, unknown>, providerName: string | undefined, extra: Partial<RecordedResource> = {}): RecordedResource {
    return recorded(type, name, {
        provider: providerName ? `urn:pulumi:s::p::pulumi:providers:oci::${providerName}::id` : undefined,
        inputs: strip(inputs),
        ...extra,
    });
}

/** Mandatory verdicts a policy may give for one instance, judged from known values only. */
function justified(policy: string, props: Record<string, unknown>, instanceRegion: unknown): boolean {
    const known = (v: unknown) => v !== undefined && v !== UNKNOWN;
    switch (policy) {
        case "oic-dr-supported-edition":
            return known(props.integrationInstanceType) && !DR_SUPPORTED_INSTANCE_TYPES.includes(props.integrationInstanceType as never);
        case "oic-dr-production-shape":
            return known(props.shape) && props.shape !== DR_SHAPE;
        case "oic-dr-no-network-acl":
            return known(props.networkEndpointDetails) && props.networkEndpointDetails !== null;
        case "oic-dr-paired-region":
            return typeof instanceRegion === "string" && instanceRegion !== UNKNOWN && !isDrRegion(instanceRegion);
        case "oic-dr-no-unsupported-features":
            return props.isVisualBuilderEnabled === true || (typeof props.enableProcessAutomationTrigger === "number" && props.enableProcessAutomationTrigger > 0);
        case "oic-dr-no-custom-endpoint":
            return known(props.customEndpoint) || known(props.alternateCustomEndpoints);
        default:
            return false;
    }
}

describe("the pack under arbitrary input", () => {
    it("never throws for an instance with random, partial or unknown properties, and gives no unjustified mandatory verdict", async () => {
        await fc.assert(
            fc.asyncProperty(instanceProps, region, fc.boolean(), async (props, r, protect) => {
                const resources = [provider("primary", r), resource(OCI_TYPES.integrationInstance, "orders", props, "primary", { protect })];
                const violations = await analyzeResources(resources, configured, settings, ctx);
                for (const v of violations.filter((v) => v.enforcementLevel === "mandatory")) {
                    expect(props.isDisasterRecoveryEnabled, v.policy).toBe(true);
                    expect(justified(v.policy, props, r), `${v.policy}: ${v.message}`).toBe(true);
                }
            }),
            { numRuns: 150 },
        );
    });

    it("never throws for random stacks of related resources, and never gives a mandatory verdict without a DR-enabled instance", async () => {
        const stackResource = fc.record({
            type: fc.constantFrom(
                OCI_TYPES.integrationInstance,
                OCI_TYPES.privateEndpointOutboundConnection,
                OCI_TYPES.oracleManagedCustomEndpoint,
                OCI_TYPES.sender,
                OCI_TYPES.httpMonitor,
                OCI_TYPES.alarm,
                OCI_TYPES.topic,
                OCI_TYPES.subscription,
                OCI_TYPES.domainReplication,
            ),
            props: fc.dictionary(
                fc.constantFrom("isDisasterRecoveryEnabled", "emailAddress", "integrationInstanceId", "domainId", "replicaRegion", "customEndpoint", "targets", "query"),
                maybe(fc.oneof(fc.boolean(), fc.emailAddress(), fc.constant("us-phoenix-1"))),
            ),
            provider: fc.constantFrom("a", "b", undefined),
            dependsOn: fc.array(fc.nat(7), { maxLength: 3 }),
        });
        await fc.assert(
            fc.asyncProperty(fc.array(stackResource, { minLength: 1, maxLength: 8 }), region, region, async (entries, regionA, regionB) => {
                const urnOf = (i: number) => `urn:pulumi:s::p::${entries[i % entries.length]!.type}::r${i % entries.length}`;
                const resources = [
                    provider("a", regionA),
                    provider("b", regionB),
                    ...entries.map((e, i) =>
                        resource(e.type, `r${i}`, e.props, e.provider, {
                            propertyDependencies: Object.fromEntries(Object.keys(e.props).map((k) => [k, e.dependsOn.map(urnOf)])),
                        }),
                    ),
                ];
                const violations = await analyzeResources(resources, configured, settings, ctx);
                const anyDrInstance = entries.some((e) => e.type === OCI_TYPES.integrationInstance && e.props.isDisasterRecoveryEnabled === true);
                if (!anyDrInstance) expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
            }),
            { numRuns: 100 },
        );
    });
});
