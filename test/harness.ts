/**
 * Test helpers: oic-dr/testing (testing/index.ts), the module users get for their own tests, on
 * this checkout's `@pulumi/pulumi`; plus what only oic-dr's tests need (hand-made registrations,
 * a valid spec).
 */
import type { DrPairedIntegrationArgs } from "../components/drPairedIntegration/args";
import { startOfflineEngine, type RecordedResource, type TestEngine, type TestEngineOptions } from "../testing/index";

export { byType, isSecret, isSecretInput, providerOf, single, valueOf, withTimeout, type RecordedResource } from "../testing/index";

/** A fresh engine (empty record) for one test; its `settle` fails on a URN registered twice. */
export function mockEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
    return startOfflineEngine({ project: "oic-dr-test", stack: "unit", ...options });
}

/** A registration as the offline engine records it (project "p", stack "s"), for stacks built by hand. */
export function recorded(type: string, name: string, fields: Partial<RecordedResource> = {}): RecordedResource {
    return {
        urn: `urn:pulumi:s::p::${type}::${name}`,
        type,
        name,
        custom: true,
        parent: undefined,
        provider: undefined,
        protect: false,
        ignoreChanges: [],
        dependencies: [],
        propertyDependencies: {},
        inputs: {},
        ...fields,
    };
}

/** DrPairedIntegration arguments that pass validation; tests override one field at a time. */
export function validSpec(overrides: Record<string, unknown> = {}): DrPairedIntegrationArgs {
    // Tests pass invalid values on purpose: the cast lets them reach the runtime validation.
    return {
        primaryRegion: "us-ashburn-1",
        tenancyId: "ocid1.tenancy.oc1..aaaaaaaatenancy",
        compartmentId: "ocid1.compartment.oc1..aaaaaaaacompartment",
        displayName: "orders-oic",
        edition: "ENTERPRISE",
        messagePacks: 2,
        ...overrides,
    } as DrPairedIntegrationArgs;
}
