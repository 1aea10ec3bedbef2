/**
 * Guards the internal `@pulumi/policy` API that `oic-dr check` drives. If an upgrade changes any
 * of this, `oic-dr check` would silently diverge from `pulumi preview --policy-pack`: this test
 * fails first. `@pulumi/policy` is pinned to an exact version for the same reason.
 */
import { createRequire } from "node:module";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { specialResourceSig, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { analyzerRequests, UNKNOWN_SENTINEL } from "../engine/analyze";
import type { RecordedResource } from "../engine/offlineEngine";
import { recorded } from "./harness";

const policyRequire = createRequire(require.resolve("@pulumi/policy"));
const server = policyRequire("@pulumi/policy/server") as Record<string, unknown>;
const pb = policyRequire("@pulumi/pulumi/proto/analyzer_pb") as typeof analyzerPb;
const { Struct } = createRequire(policyRequire.resolve("@pulumi/pulumi/proto/analyzer_pb"))(
    "google-protobuf/google/protobuf/struct_pb",
) as typeof import("google-protobuf/google/protobuf/struct_pb");

type Rpc = (call: { request: unknown }, cb: (err: unknown, res?: analyzerPb.AnalyzeResponse) => void) => Promise<void>;
const run = (rpc: Rpc, request: unknown) =>
    new Promise<analyzerPb.AnalyzeDiagnostic[]>((resolve, reject) =>
        void rpc({ request }, (err, res) => (err ? reject(err) : resolve(res!.getDiagnosticsList()))),
    );

describe("@pulumi/policy analyzer entry points", () => {
    it("is the pinned version", () => {
        const pkg = JSON.parse(require("node:fs").readFileSync(policyRequire.resolve("@pulumi/policy/package.json"), "utf8"));
        // The published package.json says "v1.21.0".
        expect(pkg.version.replace(/^v/, "")).toBe("1.21.0");
        const ours = JSON.parse(require("node:fs").readFileSync(require.resolve("../package.json"), "utf8"));
        expect(ours.dependencies["@pulumi/policy"]).toBe("1.21.0");
    });

    it("exports makeAnalyzeRpcFun and makeAnalyzeStackRpcFun taking (pack, version, level, policies)", () => {
        expect(typeof server.makeAnalyzeRpcFun).toBe("function");
        expect(typeof server.makeAnalyzeStackRpcFun).toBe("function");
        expect((server.makeAnalyzeRpcFun as Function).length).toBe(4);
        expect((server.makeAnalyzeStackRpcFun as Function).length).toBe(4);
    });

    it("builds resource args from an AnalyzeRequest and honours a per-violation enforcement level", async () => {
        const seen: Record<string, unknown> = {};
        const policy: ResourceValidationPolicy = {
            name: "probe",
            description: "probe policy",
            enforcementLevel: "mandatory",
            validateResource: (args, report) => {
                Object.assign(seen, { type: args.type, urn: args.urn, name: args.name, protect: args.opts.protect, region: args.provider?.props.region, value: args.props.value });
                report("plain message", args.urn);
                (report as unknown as (d: object) => void)({ message: "object message", urn: args.urn, enforcementLevel: "advisory" });
            },
        };
        const rpc = (server.makeAnalyzeRpcFun as (...a: unknown[]) => Rpc)("pack", "1.0.0", "advisory", [policy]);
        const request = new pb.AnalyzeRequest()
            .setType("oci:Test/thing:Thing")
            .setUrn("urn:pulumi:s::p::oci:Test/thing:Thing::t")
            .setName("t")
            .setProperties(Struct.fromJavaScript({ value: 42 }))
            .setOptions(new pb.AnalyzerResourceOptions().setProtect(true))
            .setProvider(new pb.AnalyzerProviderResource().setType("pulumi:providers:oci").setUrn("u").setName("p").setProperties(Struct.fromJavaScript({ region: "us-ashburn-1" })));
        const diagnostics = await run(rpc, request);
        expect(seen).toEqual({ type: "oci:Test/thing:Thing", urn: "urn:pulumi:s::p::oci:Test/thing:Thing::t", name: "t", protect: true, region: "us-ashburn-1", value: 42 });
        expect(diagnostics.map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage(), d.getUrn()])).toEqual([
            ["probe", pb.EnforcementLevel.MANDATORY, "probe policy\nplain message", "urn:pulumi:s::p::oci:Test/thing:Thing::t"],
            ["probe", pb.EnforcementLevel.ADVISORY, "object message", "urn:pulumi:s::p::oci:Test/thing:Thing::t"],
        ]);
    });

    it("turns an unknown value into an advisory 'cannot run during preview', not a failure", async () => {
        const policy: ResourceValidationPolicy = {
            name: "reads-unknown",
            description: "reads a value",
            enforcementLevel: "mandatory",
            validateResource: (args, report) => {
                if (args.props.value !== "x") report("violation");
            },
        };
        const rpc = (server.makeAnalyzeRpcFun as (...a: unknown[]) => Rpc)("pack", "1.0.0", "advisory", [policy]);
        const request = new pb.AnalyzeRequest()
            .setType("t")
            .setUrn("u")
            .setName("n")
            .setProperties(Struct.fromJavaScript({ value: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }))
            .setOptions(new pb.AnalyzerResourceOptions());
        const [diagnostic, ...rest] = await run(rpc, request);
        expect(rest).toEqual([]);
        expect(diagnostic!.getEnforcementlevel()).toBe(pb.EnforcementLevel.ADVISORY);
        expect(diagnostic!.getMessage()).toMatch(/can't run policy 'reads-unknown' .* during preview/);
    });

    it("links stack resources' parents, dependencies and property dependencies", async () => {
        let links: unknown;
        const policy: StackValidationPolicy = {
            name: "links",
            description: "links",
            enforcementLevel: "advisory",
            validateStack: (args) => {
                const child = args.resources.find((r) => r.name === "child")!;
                links = { parent: child.parent?.name, dependencies: child.dependencies.map((d) => d.name), topicId: child.propertyDependencies.topicId?.map((d) => d.name) };
            },
        };
        const resource = (name: string) =>
            new pb.AnalyzerResource().setType("t").setUrn(`urn:${name}`).setName(name).setProperties(Struct.fromJavaScript({})).setOptions(new pb.AnalyzerResourceOptions());
        const child = resource("child").setParent("urn:parent").setDependenciesList(["urn:topic"]);
        child.getPropertydependenciesMap().set("topicId", new pb.AnalyzerPropertyDependencies().setUrnsList(["urn:topic"]));
        const rpc = (server.makeAnalyzeStackRpcFun as (...a: unknown[]) => Rpc)("pack", "1.0.0", "advisory", [policy]);
        await run(rpc, new pb.AnalyzeStackRequest().setResourcesList([resource("parent"), resource("topic"), child]));
        expect(links).toEqual({ parent: "parent", dependencies: ["topic"], topicId: ["topic"] });
    });
});

describe("the requests oic-dr check builds, as the engine marshals them", () => {
    const SIG = specialSigKey;
    const SECRET = specialSecretSig;
    const RESOURCE = specialResourceSig;
    const resource = (inputs: Record<string, unknown>): RecordedResource => recorded("kubernetes:core/v1:Secret", "agent", { inputs });
    const ctx = { packName: "pack", packVersion: "1.0.0", stackConfig: {}, project: "p", stack: "s" };

    it("keeps an unknown (inside a secret too) as the engine's sentinel, and a resource reference as its ID or URN", () => {
        const [{ request }] = analyzerRequests(
            [
                resource({
                    stringData: { [SIG]: SECRET, value: UNKNOWN_SENTINEL },
                    replicas: UNKNOWN_SENTINEL,
                    created: { [SIG]: RESOURCE, urn: "urn:pulumi:s::p::t::a", id: "" },
                    component: { [SIG]: RESOURCE, urn: "urn:pulumi:s::p::c::b" },
                    known: { [SIG]: RESOURCE, urn: "urn:pulumi:s::p::t::c", id: "id-c" },
                    __internal: "dropped",
                }),
            ],
            ctx,
        ).perResource;
        expect(request!.getProperties()!.toJavaScript()).toEqual({
            stringData: { [SIG]: SECRET, value: UNKNOWN_SENTINEL },
            replicas: UNKNOWN_SENTINEL,
            created: UNKNOWN_SENTINEL,
            component: "urn:pulumi:s::p::c::b",
            known: "id-c",
        });
    });

    it("lets a policy that reads an unknown secret get the engine's advisory, not a crash", async () => {
        const policy: ResourceValidationPolicy = {
            name: "reads-secret",
            description: "reads a secret",
            enforcementLevel: "mandatory",
            validateResource: (args, report) => {
                if (args.props.stringData === "") report("empty");
            },
        };
        const rpc = (server.makeAnalyzeRpcFun as (...a: unknown[]) => Rpc)("pack", "1.0.0", "advisory", [policy]);
        const [{ request }] = analyzerRequests([resource({ stringData: { [SIG]: SECRET, value: UNKNOWN_SENTINEL } })], ctx).perResource;
        const [diagnostic, ...rest] = await run(rpc, request);
        expect(rest).toEqual([]);
        expect(diagnostic!.getEnforcementlevel()).toBe(pb.EnforcementLevel.ADVISORY);
        expect(diagnostic!.getMessage()).toMatch(/can't run policy 'reads-secret' .* during preview: string value at \.stringData can't be known during preview/);
    });
});
