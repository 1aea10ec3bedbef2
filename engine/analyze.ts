/**
 * Evaluates a policy pack against recorded resources through `@pulumi/policy`'s own analyzer
 * entry points (`makeAnalyzeRpcFun`, `makeAnalyzeStackRpcFun`), the functions the engine's gRPC
 * calls reach. Enforcement levels, unknown values during preview and not-applicable handling are
 * therefore the engine's, not a re-implementation.
 *
 * These entry points are internal to `@pulumi/policy`: the package is pinned to an exact version
 * and test/analyzerApi.test.ts fails if their shape changes.
 */
import { createRequire } from "node:module";
import type { Policies } from "@pulumi/policy";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
// The wire format's signatures, from the SDK that defines them (they are the engine's too).
import { specialResourceSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { OCI_TYPES } from "../facts/drSupport";
import { applyWaivers, splitFindingId, type FindingLevel, type Judged, type PolicyFinding, type Waiver } from "../policies/waivers";
import { providerUrn, type RecordedResource } from "./offlineEngine";
import type { Violation } from "./plan";
import type { PolicySettings } from "./policyConfig";

type Callback = (err: unknown, response?: analyzerPb.AnalyzeResponse) => void;
type AnalyzerRpc = (call: { request: unknown }, callback: Callback) => Promise<void>;

interface PolicyServer {
    makeAnalyzeRpcFun(pack: string, version: string, level: string, policies: Policies): AnalyzerRpc;
    makeAnalyzeStackRpcFun(pack: string, version: string, level: string, policies: Policies): AnalyzerRpc;
}

// The protobuf classes must be those @pulumi/policy itself loads, or its instanceof checks fail.
const policyRequire = createRequire(require.resolve("@pulumi/policy"));
const server = policyRequire("@pulumi/policy/server") as PolicyServer;
const pb = policyRequire("@pulumi/pulumi/proto/analyzer_pb") as typeof analyzerPb;
const pulumiRequire = createRequire(policyRequire.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");

const LEVELS: Record<number, FindingLevel | undefined> = {
    [pb.EnforcementLevel.ADVISORY]: "advisory",
    [pb.EnforcementLevel.MANDATORY]: "mandatory",
    [pb.EnforcementLevel.REMEDIATE]: "mandatory",
};

export interface AnalysisContext {
    readonly packName: string;
    readonly packVersion: string;
    /** Stack config, for the region of resources on the default OCI provider. */
    readonly stackConfig: Record<string, string>;
    readonly project: string;
    readonly stack: string;
}

/**
 * What the engine sends an analyzer for a value unknown during preview. The Node.js SDK sends every
 * unknown as this string; the engine reads it back as an unknown string and marshals it to the
 * analyzer as the same sentinel (pkg/resource/plugin/rpc.go: UnknownStringValue line 73,
 * MarshalPropertyValue lines 190-197 and marshalUnknownProperty lines 290-297 with KeepUnknowns,
 * which Analyze and AnalyzeStack set: pkg/resource/plugin/analyzer_plugin.go lines 306-307 and
 * 350-351; pulumi/pulumi @ 1b5949891b3c). @pulumi/policy turns a policy's read of it into an
 * advisory "can't run policy ... during preview" (its server.js and proxy.js).
 */
export const UNKNOWN_SENTINEL: string = unknownValue;

/**
 * A property value as the engine marshals it for an analyzer (MarshalOptions{KeepUnknowns: true,
 * KeepSecrets: true, SkipInternalKeys: true}, same lines): unknowns kept as the sentinel (also
 * inside secrets), secrets kept in their signature, and, as KeepResources is not set, a resource
 * reference becomes its ID, or its URN when it has none (rpc.go lines 255-263). Accepts the wire
 * form the program host records, and the SDK's deserialized form that in-process tests record.
 */
function engineValue(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => engineValue(v) ?? null);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
        // The SDK's own objects (in-process records): its unknown; anything else is not data.
        return (value as { __pulumiUnknown?: boolean }).__pulumiUnknown ? UNKNOWN_SENTINEL : undefined;
    }
    const record = value as Record<string, unknown>;
    if (record[specialSigKey] === specialResourceSig) {
        const id = record.id;
        // An ID unknown during preview is "" or the sentinel; either is unknown (rpc.go lines 518-556).
        if (id !== undefined) return id === "" ? UNKNOWN_SENTINEL : engineValue(id);
        return record.urn;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) {
        const converted = engineValue(v);
        if (converted !== undefined) out[k] = converted;
    }
    return out;
}

/** The engine skips internal (`__`-prefixed) keys at the top level only (rpc.go lines 99-108). */
function engineProperties(props: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
        if (k.startsWith("__")) continue;
        const converted = engineValue(v);
        if (converted !== undefined) out[k] = converted;
    }
    return out;
}

const toStruct = (props: Record<string, unknown>) => Struct.fromJavaScript(engineProperties(props) as Record<string, never>);

/**
 * The provider a resource runs on, as the engine describes it. Resources on the default OCI
 * provider get one built from the stack's `oci:` config, as the engine's default provider is.
 */
/**
 * The providers resources run on, as the engine describes them, built once each. Resources on the
 * default OCI provider get one built from the stack's `oci:` config, as the engine's default is.
 */
function providerDescriptions(resources: readonly RecordedResource[], ctx: AnalysisContext) {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const built = new Map<string, analyzerPb.AnalyzerProviderResource | undefined>();
    const defaultProvider = () => {
        const settings = Object.fromEntries(
            Object.entries(ctx.stackConfig)
                .filter(([key]) => key.startsWith("oci:"))
                .map(([key, value]) => [key.slice("oci:".length), value]),
        );
        return new pb.AnalyzerProviderResource()
            .setType(OCI_TYPES.provider)
            .setUrn(`urn:pulumi:${ctx.stack}::${ctx.project}::${OCI_TYPES.provider}::default`)
            .setName("default")
            .setProperties(toStruct(settings));
    };
    const explicitProvider = (urn: string) => {
        const recorded = byUrn.get(urn);
        return recorded
            ? new pb.AnalyzerProviderResource().setType(recorded.type).setUrn(recorded.urn).setName(recorded.name).setProperties(toStruct(recorded.inputs))
            : undefined;
    };
    return (resource: RecordedResource): analyzerPb.AnalyzerProviderResource | undefined => {
        const key = resource.provider ? providerUrn(resource.provider)! : resource.custom && resource.type.startsWith("oci:") ? "" : undefined;
        if (key === undefined) return undefined;
        if (!built.has(key)) built.set(key, key === "" ? defaultProvider() : explicitProvider(key));
        return built.get(key);
    };
}

function optionsFor(resource: RecordedResource): analyzerPb.AnalyzerResourceOptions {
    const options = new pb.AnalyzerResourceOptions().setProtect(resource.protect);
    if (resource.parent) options.setParent(resource.parent);
    return options;
}

/** Runs one analyzer call and returns its diagnostics. */
function call(rpc: AnalyzerRpc, request: unknown): Promise<analyzerPb.AnalyzeDiagnostic[]> {
    return new Promise((resolve, reject) => {
        void rpc({ request }, (err, response) => (err ? reject(err) : resolve(response?.getDiagnosticsList() ?? [])));
    });
}

/** The requests the engine would send for these resources: one per registration, then one for the stack. */
export function analyzerRequests(resources: readonly RecordedResource[], ctx: AnalysisContext) {
    const providerOf = providerDescriptions(resources, ctx);
    const perResource: Array<{ resource: RecordedResource; request: analyzerPb.AnalyzeRequest }> = [];
    const entries: analyzerPb.AnalyzerResource[] = [];
    for (const resource of resources) {
        // Built once, shared by the resource's request and its stack entry: both only read them.
        const properties = toStruct(resource.inputs);
        const options = optionsFor(resource);
        const provider = providerOf(resource);
        const request = new pb.AnalyzeRequest().setType(resource.type).setUrn(resource.urn).setName(resource.name).setProperties(properties).setOptions(options);
        const entry = new pb.AnalyzerResource()
            .setType(resource.type)
            .setUrn(resource.urn)
            .setName(resource.name)
            .setProperties(properties)
            .setOptions(options)
            .setDependenciesList([...resource.dependencies]);
        if (provider) {
            request.setProvider(provider);
            entry.setProvider(provider);
        }
        if (resource.parent) entry.setParent(resource.parent);
        const dependencies = entry.getPropertydependenciesMap();
        for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
            dependencies.set(property, new pb.AnalyzerPropertyDependencies().setUrnsList([...urns]));
        }
        perResource.push({ resource, request });
        entries.push(entry);
    }
    return { perResource, stack: new pb.AnalyzeStackRequest().setResourcesList(entries) };
}

/**
 * Every violation the configured policies report for these resources: resource policies on each
 * registration (as the engine does during preview), then stack policies on the whole set.
 * The policies must be configured without their waivers (`configurePolicies` leaves them out), so
 * that each finding comes back at its configured level; here the waivers of `settings` are applied
 * to the findings as data, by the function the pack itself applies.
 */
export async function analyzeResources(
    resources: readonly RecordedResource[],
    policies: Policies,
    settings: ReadonlyMap<string, PolicySettings>,
    ctx: AnalysisContext,
): Promise<Violation[]> {
    const names = new Map(resources.map((r) => [r.urn, r.name]));
    const waivers = new Map([...settings].map(([policy, { config }]) => [policy, (config.waivers ?? []) as Waiver[]]));
    const analyze = server.makeAnalyzeRpcFun(ctx.packName, ctx.packVersion, "advisory", policies);
    const analyzeStack = server.makeAnalyzeStackRpcFun(ctx.packName, ctx.packVersion, "advisory", policies);
    const requests = analyzerRequests(resources, ctx);
    const violations: Violation[] = [];
    const collect = (diagnostics: analyzerPb.AnalyzeDiagnostic[], fallbackUrn: string) => {
        for (const d of diagnostics) {
            // The finding's id travels at the end of its message, the one field the protocol gives.
            const { message, finding: id } = splitFindingId(d.getPolicyname(), d.getMessage());
            const finding = {
                policy: d.getPolicyname(),
                ...(id === undefined ? {} : { finding: id }),
                urn: d.getUrn(),
                resourceName: names.get(d.getUrn()) ?? d.getUrn(),
                enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
                message,
            };
            // What an oic-dr policy reports names its resource. A diagnostic that names none is the
            // engine's own note that a policy could not run during preview (@pulumi/policy 1.21.0
            // server.js:287-290 and 423-426 build it from the policy, which has no urn, and
            // protoutil.js:172-173 sets a URN only when there is one): the pack cannot waive it,
            // so neither does this.
            const [judged] = finding.urn ? applyWaivers([finding], waivers) : [finding];
            violations.push(toViolation(judged!, fallbackUrn));
        }
    };
    for (const { resource, request } of requests.perResource) collect(await call(analyze, request), resource.urn);
    collect(await call(analyzeStack, requests.stack), "");
    return violations;
}

/** A finding as `check` reports it: at the level the analyzer gave it, a waiver's reason beside it. */
function toViolation(finding: Judged<PolicyFinding & { enforcementLevel: FindingLevel }>, fallbackUrn: string): Violation {
    const { policy, finding: id, enforcementLevel, urn, message, waiver } = finding;
    return { policy, ...(id === undefined ? {} : { finding: id }), enforcementLevel, urn: urn || fallbackUrn, message, ...(waiver ? { waived: waiver.reason } : {}) };
}
