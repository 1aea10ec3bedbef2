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
import { OCI_TYPES } from "../components/drSupport";
import { findWaiver, waivedMessage, type Waiver } from "../policies/waivers";
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

const LEVELS: Record<number, Violation["enforcementLevel"] | undefined> = {
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

/** Plain JSON for a protobuf Struct: drops undefined and anything that is not data (resource objects). */
function toStructValue(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => toStructValue(v) ?? null);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
            .map(([k, v]) => [k, toStructValue(v)] as const)
            .filter(([, v]) => v !== undefined),
    );
}

const toStruct = (props: Record<string, unknown>) => Struct.fromJavaScript(toStructValue(props) as Record<string, never>);

/**
 * The provider a resource runs on, as the engine describes it. Resources on the default OCI
 * provider get one built from the stack's `oci:` config, as the engine's default provider is.
 */
function providerFor(resource: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>, ctx: AnalysisContext) {
    const provider = new pb.AnalyzerProviderResource();
    if (resource.provider) {
        const recorded = byUrn.get(providerUrn(resource.provider)!);
        if (!recorded) return undefined;
        return provider.setType(recorded.type).setUrn(recorded.urn).setName(recorded.name).setProperties(toStruct(recorded.inputs));
    }
    if (!resource.custom || !resource.type.startsWith("oci:")) return undefined;
    const defaults = Object.fromEntries(
        Object.entries(ctx.stackConfig)
            .filter(([key]) => key.startsWith("oci:"))
            .map(([key, value]) => [key.slice("oci:".length), value]),
    );
    return provider
        .setType(OCI_TYPES.provider)
        .setUrn(`urn:pulumi:${ctx.stack}::${ctx.project}::${OCI_TYPES.provider}::default`)
        .setName("default")
        .setProperties(toStruct(defaults));
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
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const perResource = resources.map((resource) => {
        const request = new pb.AnalyzeRequest()
            .setType(resource.type)
            .setUrn(resource.urn)
            .setName(resource.name)
            .setProperties(toStruct(resource.inputs))
            .setOptions(optionsFor(resource));
        const provider = providerFor(resource, byUrn, ctx);
        if (provider) request.setProvider(provider);
        return { resource, request };
    });
    const stack = new pb.AnalyzeStackRequest().setResourcesList(
        resources.map((resource) => {
            const entry = new pb.AnalyzerResource()
                .setType(resource.type)
                .setUrn(resource.urn)
                .setName(resource.name)
                .setProperties(toStruct(resource.inputs))
                .setOptions(optionsFor(resource))
                .setDependenciesList([...resource.dependencies]);
            if (resource.parent) entry.setParent(resource.parent);
            const provider = providerFor(resource, byUrn, ctx);
            if (provider) entry.setProvider(provider);
            const dependencies = entry.getPropertydependenciesMap();
            for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
                dependencies.set(property, new pb.AnalyzerPropertyDependencies().setUrnsList([...urns]));
            }
            return entry;
        }),
    );
    return { perResource, stack };
}

/**
 * Every violation the configured policies report for these resources: resource policies on each
 * registration (as the engine does during preview), then stack policies on the whole set.
 * Waived violations come back as advisory from the policies; here they get their configured
 * level back and carry the waiver's reason.
 */
export async function analyzeResources(
    resources: readonly RecordedResource[],
    policies: Policies,
    settings: ReadonlyMap<string, PolicySettings>,
    ctx: AnalysisContext,
): Promise<Violation[]> {
    const names = new Map(resources.map((r) => [r.urn, r.name]));
    const analyze = server.makeAnalyzeRpcFun(ctx.packName, ctx.packVersion, "advisory", policies);
    const analyzeStack = server.makeAnalyzeStackRpcFun(ctx.packName, ctx.packVersion, "advisory", policies);
    const requests = analyzerRequests(resources, ctx);
    const violations: Violation[] = [];
    const collect = (diagnostics: analyzerPb.AnalyzeDiagnostic[], fallbackUrn: string) => {
        for (const d of diagnostics) {
            const urn = d.getUrn() || fallbackUrn;
            violations.push(toViolation(d, urn, names.get(urn) ?? urn, settings));
        }
    };
    for (const { resource, request } of requests.perResource) collect(await call(analyze, request), resource.urn);
    collect(await call(analyzeStack, requests.stack), "");
    return violations;
}

function toViolation(d: analyzerPb.AnalyzeDiagnostic, urn: string, name: string, settings: ReadonlyMap<string, PolicySettings>): Violation {
    const policy = d.getPolicyname();
    const reported = LEVELS[d.getEnforcementlevel()] ?? "advisory";
    const message = d.getMessage();
    const waivers = (settings.get(policy)?.config.waivers ?? []) as Waiver[];
    const waiver = reported === "advisory" ? findWaiver(waivers, { urn, name }) : undefined;
    const prefix = waiver ? waivedMessage(waiver.reason, "") : undefined;
    if (waiver && prefix && message.startsWith(prefix)) {
        const configured = settings.get(policy)?.enforcementLevel;
        return {
            policy,
            enforcementLevel: configured === "advisory" ? "advisory" : "mandatory",
            urn,
            message: message.slice(prefix.length),
            waived: waiver.reason,
        };
    }
    return { policy, enforcementLevel: reported, urn, message };
}
