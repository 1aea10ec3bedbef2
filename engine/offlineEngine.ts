/**
 * An offline stand-in for the Pulumi engine: Pulumi's own mock monitor, plus a record of every
 * resource registration (with its parent, provider, options and inputs) and engine-accurate URNs.
 *
 * It drives whichever copy of `@pulumi/pulumi` it is given. The CLI passes the copy the user's
 * program resolves, because a second copy of the SDK would never see the mocks; tests pass ours.
 */
import type * as pulumiSdk from "@pulumi/pulumi";

type PulumiSdk = typeof pulumiSdk;
type MaybePromise<T> = T | Promise<T>;

/** One resource as the engine would see it at registration. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** True for custom (provider-backed) resources, false for components and the stack. */
    readonly custom: boolean;
    readonly parent: string | undefined;
    /** Provider reference `urn::id`, when the resource names a provider. */
    readonly provider: string | undefined;
    readonly protect: boolean;
    /** Input properties whose changes the engine ignores (`ignoreChanges`). */
    readonly ignoreChanges: readonly string[];
    readonly dependencies: readonly string[];
    /** For each input property, the URNs of the resources its value came from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /**
     * Inputs with secrets wrapped in Pulumi's secret signature and unknowns kept: as the SDK sees
     * them (unknowns and resource references as SDK objects), or, with `wireInputs`, exactly as
     * the engine receives them (plain JSON; unknowns as the engine's sentinel string).
     */
    readonly inputs: Record<string, unknown>;
}

export interface OfflineEngineOptions {
    readonly project: string;
    readonly stack: string;
    /** Full keys (`project:key`, `oci:region`) to string values, as the engine passes config. */
    readonly config?: Record<string, string>;
    readonly secretKeys?: readonly string[];
    /**
     * Preview semantics (the default), as `pulumi preview` of a new stack: the ids of custom
     * resources and the outputs a provider would compute stay unknown, the inputs the program gave
     * are known. With false, as after `pulumi up`: each custom resource's id is `<name>-id`.
     */
    readonly preview?: boolean;
    /** Results of invokes (data sources) by token; unlisted invokes return {}. May answer asynchronously. */
    readonly invokes?: (call: { token: string; inputs: Record<string, unknown> }) => MaybePromise<Record<string, unknown> | undefined>;
    /**
     * Extra output state per resource, for tests that need provider-computed values; a string `id`
     * is the resource's id, in a preview too. May answer asynchronously (a stand-in of a provider
     * that calls a fake service); a rejection fails the registration, as a provider's error does.
     */
    readonly outputs?: (resource: { type: string; name: string; inputs: Record<string, unknown> }) => MaybePromise<Record<string, unknown> | undefined>;
    /**
     * Record inputs (and the stack's outputs) in the wire form the engine receives (the request's
     * protobuf Struct as JSON) rather than deserialized by the SDK: plain data that crosses a
     * process boundary, with secrets, unknowns and resource references as the engine sees them.
     */
    readonly wireInputs?: boolean;
}

export interface OfflineEngine {
    /** Registrations so far, in order. */
    readonly resources: readonly RecordedResource[];
    /** Resolves once every registration issued so far (and any they caused) has completed. */
    settle(): Promise<void>;
    /** URNs registered more than once: the engine refuses such a program (see duplicateUrnMessage). */
    readonly duplicateUrns: readonly string[];
    /**
     * The root stack's outputs (what the program exports), in the form of `inputs`; undefined
     * until the SDK registers them, which it does once the program has returned.
     */
    readonly stackOutputs: Record<string, unknown> | undefined;
}

/**
 * The engine's words for a second registration of one URN: pkg/resource/deploy/step_generator.go
 * (generateURN, lines 282-284) bails with diag.GetDuplicateResourceURNError,
 * sdk/go/common/diag/errors.go line 33 (pulumi/pulumi @ 1b5949891b3c).
 */
export const duplicateUrnMessage = (urn: string) => `Duplicate resource URN '${urn}'; try giving it a unique name`;

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The id a mocked custom resource gets: the one an `outputs` stub gives; else, in a preview,
 * none, so that it is unknown as the id of a resource a real preview would create; else (an
 * update) `<name>-id`. A mock's missing id reaches the SDK as "" (runtime/mocks.js:121,
 * `response.setId(result.id || "")`), which the SDK resolves as an unknown id
 * (runtime/resource.js:624-626, `resp.getId() || undefined` passed as not known), @pulumi/pulumi
 * 3.270.0: the resource's `id` Output is unknown and a value built from it (a compartment OCID
 * checked once known) is not judged.
 */
function resourceId(name: string, stubbed: unknown, preview: boolean): string | undefined {
    if (typeof stubbed === "string") return stubbed;
    return preview ? undefined : `${name}-id`;
}

/** The URN the engine gives a resource: the parent's qualified type is kept unless the parent is the stack. */
export function engineUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    let qualifiedType = type;
    if (parentUrn) {
        const parentType = parentUrn.split("::")[2];
        if (parentType && parentType !== ROOT_STACK_TYPE) qualifiedType = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

interface RegisterOutputsRequest {
    getUrn(): string;
    getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getProtect(): boolean | undefined;
    getIgnorechangesList(): string[];
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> } | undefined;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/**
 * Installs the mocks on `sdk` and starts recording. Call before the program (or component under
 * test) registers anything. Each call starts a fresh engine with an empty record.
 */
export async function startOfflineEngine(sdk: PulumiSdk, options: OfflineEngineOptions): Promise<OfflineEngine> {
    const { project, stack } = options;
    const resources: RecordedResource[] = [];
    const seenUrns = new Set<string>();
    const duplicateUrns: string[] = [];
    const runtime = sdk.runtime as PulumiSdk["runtime"] & {
        waitForRPCs(): Promise<void>;
        deserializeProperties(struct: unknown, keepUnknowns?: boolean): Record<string, unknown>;
    };

    const preview = options.preview ?? true;
    await runtime.setMocks(
        {
            // The SDK's mock monitor awaits both (runtime/mocks.js:59, :74, :107, @pulumi/pulumi 3.270.0).
            async newResource(args) {
                const { id, ...extra } = (await options.outputs?.({ type: args.type, name: args.name, inputs: args.inputs })) ?? {};
                return {
                    id: args.custom ? resourceId(args.name, id, preview) : undefined,
                    // What a preview gives for a resource it would create: the inputs the program
                    // gave, known; every output the provider computes absent from the state, which
                    // the SDK resolves as unknown during a dry run (runtime/rpc.js:253-267,
                    // resolveProperties, and runtime/resource.js:1014, resolveOutputs merges the
                    // inputs back only outside a dry run; @pulumi/pulumi 3.270.0).
                    state: { ...args.inputs, ...extra },
                };
            },
            async call(args) {
                return (await options.invokes?.({ token: args.token, inputs: args.inputs })) ?? {};
            },
        },
        project,
        stack,
        preview,
    );
    runtime.setAllConfig({ ...(options.config ?? {}) }, [...(options.secretKeys ?? [])]);

    const monitor = runtime.getMonitor() as unknown as {
        newUrn(parent: string, type: string, name: string): string;
        registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): Promise<void>;
        registerResourceOutputs(req: RegisterOutputsRequest, callback: (err: unknown, res: unknown) => void): void;
    };
    const properties = (struct: { toJavaScript(): Record<string, unknown> } | undefined) =>
        options.wireInputs ? (struct?.toJavaScript() ?? {}) : runtime.deserializeProperties(struct, true);
    monitor.newUrn = (parent, type, name) => engineUrn(stack, project, parent || undefined, type, name);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const urn = engineUrn(stack, project, req.getParent() || undefined, req.getType(), req.getName());
        // Recorded, not refused: the program host fails the run on it, as the engine fails the
        // program; tests that declare a resource twice under one engine keep working.
        if (seenUrns.has(urn)) duplicateUrns.push(urn);
        seenUrns.add(urn);
        resources.push({
            urn,
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent() || undefined,
            provider: req.getProvider() || undefined,
            protect: req.getProtect() ?? false,
            ignoreChanges: req.getIgnorechangesList(),
            dependencies: req.getDependenciesList(),
            propertyDependencies: Object.fromEntries(
                [...(req.getPropertydependenciesMap()?.entries() ?? [])].map(([key, deps]) => [key, deps.getUrnsList()]),
            ),
            inputs: properties(req.getObject()),
        });
        return register(req, callback);
    };
    // The stack's outputs reach the monitor as the root stack resource's registered outputs: the
    // SDK's Stack registers what the program returned (runtime/stack.js:70-88, Stack.initialize),
    // serialized as any resource's (runtime/resource.js:1034-1083, registerResourceOutputs: a
    // RegisterResourceOutputsRequest with the URN and an `outputs` Struct). The mock monitor only
    // stores that Struct as the resource's state (runtime/mocks.js:132-143,
    // MockMonitor.registerResourceOutputs), @pulumi/pulumi 3.270.0; it is read here on its way in,
    // as registrations are.
    let stackOutputs: Record<string, unknown> | undefined;
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        if (req.getUrn().split("::")[2] === ROOT_STACK_TYPE) stackOutputs = properties(req.getOutputs());
        return registerOutputs(req, callback);
    };

    return {
        resources,
        settle: () => runtime.waitForRPCs(),
        duplicateUrns,
        get stackOutputs() {
            return stackOutputs;
        },
    };
}

/** The URN half of a provider reference (`urn::id`). */
export function providerUrn(reference: string | undefined): string | undefined {
    if (!reference) return undefined;
    const cut = reference.lastIndexOf("::");
    return cut > 0 ? reference.slice(0, cut) : reference;
}
