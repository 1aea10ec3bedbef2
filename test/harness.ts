/**
 * Test helpers: an offline engine on this package's `@pulumi/pulumi`, and bounded reads of outputs
 * (a mocking mistake otherwise hangs instead of failing).
 */
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import type { DrPairedIntegrationArgs } from "../components/drPairedIntegration";
import { duplicateUrnMessage, startOfflineEngine, providerUrn, type OfflineEngine, type OfflineEngineOptions, type RecordedResource } from "../cli/offlineEngine";

export type { RecordedResource };


/**
 * A fresh engine (empty record) for one test. Its `settle` fails on a URN registered twice, as the
 * engine refuses such a program (see duplicateUrnMessage): a collision cannot pass a test here.
 */
export async function mockEngine(options: Partial<OfflineEngineOptions> = {}): Promise<OfflineEngine> {
    const engine = await startOfflineEngine(pulumi, { project: "oic-dr-test", stack: "unit", ...options });
    return {
        get resources() {
            return engine.resources;
        },
        get duplicateUrns() {
            return engine.duplicateUrns;
        },
        get stackOutputs() {
            return engine.stackOutputs;
        },
        async settle() {
            await engine.settle();
            if (engine.duplicateUrns.length > 0) throw new Error(engine.duplicateUrns.map(duplicateUrnMessage).join("\n"));
        },
    };
}

export function withTimeout<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The value of an output (undefined when unknown), read through apply with a bound. */
export function valueOf<T>(output: pulumi.Output<T>, what = "an output"): Promise<T> {
    return withTimeout(
        new Promise<T>((resolve) => {
            output.apply((v) => {
                resolve(v);
                return v;
            });
        }),
        what,
    );
}

/** Whether an output is marked secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return withTimeout((output as unknown as { isSecret: Promise<boolean> }).isSecret, "isSecret");
}

/** True when an input recorded by the engine is wrapped as a secret. */
export function isSecretInput(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
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
        dependencies: [],
        propertyDependencies: {},
        inputs: {},
        ...fields,
    };
}

export function byType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

export function single(resources: readonly RecordedResource[], type: string): RecordedResource {
    const found = byType(resources, type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0]!;
}

/** The provider resource a resource names. */
export function providerOf(resources: readonly RecordedResource[], resource: RecordedResource): RecordedResource | undefined {
    const urn = providerUrn(resource.provider);
    return resources.find((r) => r.urn === urn);
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
