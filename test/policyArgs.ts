/**
 * Validation args built by hand the way `@pulumi/policy`'s analyzer builds them
 * (`makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` in `@pulumi/policy/server.js`): properties go
 * through the real `deserializeProperties` and `unknownCheckingProxy`, provider properties too,
 * and stack resources get `parent`, `dependencies` and `propertyDependencies` as object
 * references resolved by URN. A `report` spy collects what the policies report.
 */
import { createRequire } from "node:module";
import type {
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { vi, type Mock } from "vitest";
import { OCI_TYPES } from "../facts/drSupport";

/** `@pulumi/policy/proxy`: internal to the package, so its published typings are empty. */
interface ProxyModule {
    unknownCheckingProxy<T extends object>(toProxy: T): T;
    UnknownValueError: new (sentinel: string, props: string[]) => Error & { props: string[] };
    unknownStringValue: string;
}

/** `@pulumi/policy/deserialize`: likewise internal. It only calls `toJavaScript()` on the Struct. */
interface DeserializeModule {
    deserializeProperties(struct: { toJavaScript(): Record<string, unknown> }, proxySecrets: boolean): Record<string, unknown>;
}

const policyRequire = createRequire(require.resolve("@pulumi/policy"));
const proxyModule = policyRequire("@pulumi/policy/proxy") as ProxyModule;
const deserializeModule = policyRequire("@pulumi/policy/deserialize") as DeserializeModule;

export const { UnknownValueError } = proxyModule;

/** The engine's sentinel for a value that is unknown during preview. */
export const UNKNOWN: string = unknownValue;

/** What `notApplicable` throws (the server's own `NotApplicableError` is not exported). */
export class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
        this.name = "NotApplicableError";
    }
}

export const PROJECT = "oic-dr-test";
export const STACK = "dev";

export const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

/** Properties as the analyzer hands them over: deserialized (undefined keys dropped), then proxied. */
function engineProps(props: Record<string, unknown>): Record<string, unknown> {
    const deserialized = deserializeModule.deserializeProperties({ toJavaScript: () => props }, false);
    return proxyModule.unknownCheckingProxy(deserialized);
}

/** One resource as a test describes it. */
export interface ResourceSpec {
    readonly name: string;
    /** Defaults to an Integration instance. */
    readonly type?: string;
    readonly props?: Record<string, unknown>;
    /** Shorthand for a provider whose props are `{ region }`. */
    readonly region?: string;
    /** Explicit provider props (win over `region`); `null` for a resource without provider. */
    readonly providerProps?: Record<string, unknown> | null;
    readonly protect?: boolean;
    /** Name of the parent resource (stack checks only resolve it to an object). */
    readonly parent?: string;
    /** Names of the resources this one depends on. */
    readonly dependsOn?: readonly string[];
    /** Property name → names of the resources its value came from. */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** A DR-enabled instance spec, valid for every policy unless overridden. */
export function drInstance(name: string, props: Record<string, unknown> = {}, rest: Omit<ResourceSpec, "name" | "props"> = {}): ResourceSpec {
    return {
        name,
        type: OCI_TYPES.integrationInstance,
        region: "us-ashburn-1",
        protect: true,
        ...rest,
        props: {
            compartmentId: "ocid1.compartment.oc1..example",
            displayName: name,
            integrationInstanceType: "ENTERPRISEX",
            isByol: false,
            messagePacks: 1,
            shape: "PRODUCTION",
            isDisasterRecoveryEnabled: true,
            ...props,
        },
    };
}

const typeOf = (spec: ResourceSpec) => spec.type ?? OCI_TYPES.integrationInstance;

function providerOf(spec: ResourceSpec): PolicyProviderResource | undefined {
    const props = spec.providerProps === undefined ? (spec.region === undefined ? undefined : { region: spec.region }) : spec.providerProps;
    if (props === null || props === undefined) return undefined;
    const name = typeof props.region === "string" && props.region !== UNKNOWN ? props.region : "oci";
    return { type: OCI_TYPES.provider, props: engineProps(props), urn: urnOf(OCI_TYPES.provider, name), name };
}

function optionsOf(spec: ResourceSpec, urns: ReadonlyMap<string, string>): PolicyResourceOptions {
    const opts: PolicyResourceOptions = {
        protect: spec.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    const parent = spec.parent === undefined ? undefined : urns.get(spec.parent);
    if (parent) opts.parent = parent;
    return opts;
}

/** The engine's `isTypeOf`: the class's Pulumi type token, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: object): boolean {
    const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
    if (typeof token === "string") return token === type;
    const isInstance = (resourceClass as { isInstance?: unknown }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

export type NotApplicableSpy = Mock<(reason?: string) => never>;

const notApplicableSpy = (): NotApplicableSpy =>
    vi.fn((reason?: string): never => {
        throw new NotApplicableError(reason);
    });

/** The args `validateResource` gets for one resource. */
export function resourceArgs(spec: ResourceSpec, config: object = {}): ResourceValidationArgs & { notApplicable: NotApplicableSpy } {
    const type = typeOf(spec);
    const props = engineProps(spec.props ?? {});
    const urns = new Map<string, string>(spec.parent ? [[spec.parent, urnOf("oic-dr:test:Parent", spec.parent)]] : []);
    const args: ResourceValidationArgs & { notApplicable: NotApplicableSpy } = {
        type,
        props,
        urn: urnOf(type, spec.name),
        name: spec.name,
        opts: optionsOf(spec, urns),
        stackTags: new Map(),
        isType: (resourceClass: object) => isTypeOf(type, resourceClass),
        asType: <T>(resourceClass: object): T | undefined => (isTypeOf(type, resourceClass) ? (props as T) : undefined),
        getConfig: <T extends object>() => config as T,
        notApplicable: notApplicableSpy(),
    };
    const provider = providerOf(spec);
    if (provider) args.provider = provider;
    return args;
}

/** The args `validateStack` gets for these resources (names unique within the list). */
export function stackArgs(specs: readonly ResourceSpec[], config: object = {}): StackValidationArgs & { notApplicable: NotApplicableSpy } {
    const urns = new Map(specs.map((s) => [s.name, urnOf(typeOf(s), s.name)]));
    const byUrn = new Map<string, PolicyResource>();
    const resources = specs.map((spec) => {
        const type = typeOf(spec);
        const props = engineProps(spec.props ?? {});
        const resource: PolicyResource = {
            type,
            props,
            urn: urns.get(spec.name)!,
            name: spec.name,
            opts: optionsOf(spec, urns),
            dependencies: [],
            propertyDependencies: {},
            isType: (resourceClass: object) => isTypeOf(type, resourceClass),
            asType: <T>(resourceClass: object): T | undefined => (isTypeOf(type, resourceClass) ? (props as T) : undefined),
        };
        const provider = providerOf(spec);
        if (provider) resource.provider = provider;
        byUrn.set(resource.urn, resource);
        return resource;
    });
    // As the engine does: URNs resolved to the resource objects, unknown URNs dropped.
    const resolve = (names: readonly string[] | undefined) =>
        (names ?? []).map((n) => byUrn.get(urns.get(n) ?? urnOf("missing", n))).filter((r): r is PolicyResource => r !== undefined);
    specs.forEach((spec, i) => {
        const resource = resources[i]!;
        const parent = spec.parent === undefined ? [] : resolve([spec.parent]);
        if (parent[0]) resource.parent = parent[0];
        resource.dependencies = resolve(spec.dependsOn);
        for (const [property, names] of Object.entries(spec.propertyDependencies ?? {})) {
            resource.propertyDependencies[property] = resolve(names);
        }
    });
    return {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: notApplicableSpy(),
    };
}

/** A violation as the framework reports it (the object form of `reportViolation`). */
export interface Reported {
    readonly message: string;
    readonly urn?: string;
    readonly enforcementLevel?: "advisory" | "mandatory";
}

export interface ReportSpy {
    readonly reportViolation: ReportViolation;
    readonly reports: () => Reported[];
}

/** A `reportViolation` spy; a plain-string report is recorded as `{ message, urn }`. */
export function reportSpy(): ReportSpy {
    const spy = vi.fn((_violation: string | Reported, _urn?: string): void => undefined);
    return {
        reportViolation: spy as unknown as ReportViolation,
        reports: () =>
            spy.mock.calls.map(([violation, urn]) => (typeof violation === "string" ? { message: violation, ...(urn ? { urn } : {}) } : violation)),
    };
}

/** Runs a resource policy on one resource and returns what it reported (throws what it throws). */
export function runResource(policy: ResourceValidationPolicy, spec: ResourceSpec, config: object = {}): Reported[] {
    return runResourceArgs(policy, resourceArgs(spec, config));
}

export function runResourceArgs(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Reported[] {
    const { reportViolation, reports } = reportSpy();
    const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
    for (const validate of validations) {
        const result = validate(args, reportViolation);
        if (result instanceof Promise) throw new Error(`${policy.name} validated asynchronously; these helpers expect synchronous checks`);
    }
    return reports();
}

/** Runs a stack policy on these resources and returns what it reported (throws what it throws). */
export function runStack(policy: StackValidationPolicy, specs: readonly ResourceSpec[], config: object = {}): Reported[] {
    const { reportViolation, reports } = reportSpy();
    const result = policy.validateStack(stackArgs(specs, config), reportViolation);
    if (result instanceof Promise) throw new Error(`${policy.name} validated asynchronously; these helpers expect synchronous checks`);
    return reports();
}
