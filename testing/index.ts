/**
 * `oic-dr/testing`: the offline engine that oic-dr's own tests and `oic-dr plan`/`check` run on,
 * for your tests of programs that use oic-dr. No Pulumi CLI, no cloud account.
 *
 *     import { single, startOfflineEngine, valueOf } from "oic-dr/testing";
 *
 *     const engine = await startOfflineEngine({ project: "orders", stack: "test" });
 *     const outputs = await engine.runProgram(() => import("../index"));   // your program
 *     const instance = single(engine.resources, "oci:Integration/integrationInstance:IntegrationInstance");
 *     expect(instance.inputs.isDisasterRecoveryEnabled).toBe(true);
 *     expect(await valueOf(outputs.secondaryRegion)).toBe("us-phoenix-1");
 *
 * The engine is Pulumi's own mock monitor (`pulumi.runtime.setMocks`) plus a record of every
 * registration as the engine receives it: type, name, engine URN, parent, provider, dependencies,
 * inputs (secrets wrapped, unknowns kept). It is installed on the `@pulumi/pulumi` your code loads,
 * found from your project directory: mocks set on another copy of the SDK would not be the ones
 * your resources register through. That copy must be in {@link SUPPORTED_PULUMI_RANGE} (the range
 * oic-dr depends on): the engine uses SDK internals ({@link PULUMI_INTERNALS}), and starting it on
 * any other version fails with {@link UnsupportedPulumiError}, naming the version found.
 *
 * Pulumi's runtime state is global to a process: one engine at a time, and each test file in a
 * process of its own (vitest's default pool, "forks", does that).
 */
import type * as pulumiSdk from "@pulumi/pulumi";
import { isSecret as sdkIsSecret } from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { duplicateUrnMessage, providerUrn, startOfflineEngine as startEngine, type OfflineEngine, type OfflineEngineOptions, type RecordedResource } from "../engine/offlineEngine";
import { assertSupportedPulumi, findPulumi } from "./supportedPulumi";

export { PULUMI_INTERNALS, SUPPORTED_PULUMI_RANGE, UnsupportedPulumiError, assertSupportedPulumi, findPulumi, type FoundPulumi } from "./supportedPulumi";
export type { RecordedResource };

type PulumiSdk = typeof pulumiSdk;

export interface TestEngineOptions extends Pick<OfflineEngineOptions, "config" | "secretKeys" | "preview" | "invokes" | "outputs"> {
    /** Default "test". */
    readonly project?: string;
    /** Default "test". */
    readonly stack?: string;
    /**
     * The directory whose `@pulumi/pulumi` the engine drives: the copy Node resolves from there.
     * Default: the working directory, which test runners set to the project's root. Set it when
     * the tests run elsewhere (a workspace of a monorepo: its package's directory).
     */
    readonly resolveFrom?: string;
}

export interface TestEngine extends OfflineEngine {
    /** The `@pulumi/pulumi` the mocks are installed on. */
    readonly pulumi: PulumiSdk;
    /** Its version (within {@link SUPPORTED_PULUMI_RANGE}). */
    readonly pulumiVersion: string;
    /**
     * Resolves once every registration issued so far has completed; rejects when one URN was
     * registered twice, as the engine refuses such a program (see duplicateUrnMessage).
     */
    settle(): Promise<void>;
    /**
     * Runs `program` as the language host runs a Pulumi program: inside the root stack resource,
     * whatever it returns (an object, or a module's exports) becoming the stack's outputs. Resolves
     * once every registration has completed, with each stack output as an Output (read it with
     * {@link valueOf}; one unknown output leaves the others readable). Rejects with the program's
     * error, and, as the engine refuses such a program, when it registered one URN twice. Once per
     * engine: a second run would register the stack again under the same URN.
     */
    runProgram(program: () => unknown): Promise<Record<string, pulumiSdk.Output<unknown>>>;
}

/**
 * Installs the offline engine on your `@pulumi/pulumi` and starts recording with an empty record.
 * Call it before the code under test registers anything. Refuses an SDK outside
 * {@link SUPPORTED_PULUMI_RANGE} with an {@link UnsupportedPulumiError}.
 */
export async function startOfflineEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
    const found = findPulumi(options.resolveFrom ?? process.cwd());
    assertSupportedPulumi(found);
    // The require of this module, not one made with createRequire: a test runner that keeps a
    // module registry of its own hands out, through it, the instance the code under test gets.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require(found.entry) as PulumiSdk;
    const { resolveFrom: _, project = "test", stack = "test", ...engineOptions } = options;
    const engine = await startEngine(sdk, { ...engineOptions, project, stack });
    const settle = async () => {
        await engine.settle();
        if (engine.duplicateUrns.length > 0) throw new Error(engine.duplicateUrns.map(duplicateUrnMessage).join("\n"));
    };
    return {
        // The engine appends to these arrays as registrations arrive: they stay current.
        resources: engine.resources,
        duplicateUrns: engine.duplicateUrns,
        get stackOutputs() {
            return engine.stackOutputs;
        },
        settle,
        pulumi: sdk,
        pulumiVersion: found.version,
        async runProgram(program) {
            let returned: unknown;
            await sdk.runtime.runInPulumiStack(async () => {
                returned = await program();
                return returned as pulumiSdk.Inputs | undefined;
            });
            await settle();
            // One Output per key, as the engine keeps stack outputs: the stack's own combined
            // output is unknown as a whole as soon as one value in it is.
            const exported = typeof returned === "object" && returned !== null ? (returned as Record<string, unknown>) : {};
            return Object.fromEntries(Object.entries(exported).map(([key, value]) => [key, sdk.output(value)]));
        },
    };
}

/** How long helpers wait for a value before failing: a mocking mistake hangs instead of failing. */
export const DEFAULT_WAIT_MS = 10_000;

/** `promise`, or a rejection naming `what` once `ms` have passed. */
export function withTimeout<T>(promise: Promise<T>, what: string, ms = DEFAULT_WAIT_MS): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The value of an output, within `ms`. Rejects when the value is unknown, as values a provider
 * computes are during a preview (start the engine with `preview: false`, or supply them with
 * the `outputs` option), rather than waiting for a value that never comes.
 */
export function valueOf<T>(output: pulumiSdk.Output<T>, what = "an output", ms = DEFAULT_WAIT_MS): Promise<T> {
    // `isKnown` is internal to the SDK's Output (see PULUMI_INTERNALS); apply alone would never
    // call back for an unknown value.
    const isKnown = (output as unknown as { isKnown: Promise<boolean> }).isKnown;
    return withTimeout(
        isKnown.then(
            (known) =>
                known
                    ? new Promise<T>((resolve) => {
                          output.apply((value) => {
                              resolve(value);
                              return value;
                          });
                      })
                    : Promise.reject(new Error(`${what} is unknown (a preview leaves provider-computed values unknown)`)),
        ),
        what,
        ms,
    );
}

/** Whether an output is marked secret, within `ms`. */
export function isSecret(output: pulumiSdk.Output<unknown>, ms = DEFAULT_WAIT_MS): Promise<boolean> {
    return withTimeout(sdkIsSecret(output), "isSecret", ms);
}

/** True when a recorded input is wrapped as a secret; its plain value is then `value.value`. */
export function isSecretInput(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** The recorded resources of one type token (`oci:Integration/integrationInstance:IntegrationInstance`). */
export function byType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one recorded resource of a type; throws when there are none or several. */
export function single(resources: readonly RecordedResource[], type: string): RecordedResource {
    const found = byType(resources, type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0]!;
}

/** The provider resource a recorded resource names, if it names one. */
export function providerOf(resources: readonly RecordedResource[], resource: RecordedResource): RecordedResource | undefined {
    const urn = providerUrn(resource.provider);
    return resources.find((r) => r.urn === urn);
}
