/**
 * Multi-language use: the components as Pulumi YAML, Python and the other languages get them,
 * through Pulumi's component provider for TypeScript (`@pulumi/pulumi/provider/experimental`) and
 * the plugin package in provider/.
 *
 * Nothing here is a stand-in (pulumi/pulumi @ 1b5949891b3c for the Go side, @pulumi/pulumi 3.270 for
 * the rest):
 * - The plugin is started as the Node.js language host starts a source plugin: `node
 *   @pulumi/pulumi/cmd/run-plugin <plugin dir> <engine address>`, the runner resolved from the plugin
 *   directory (sdk/nodejs/cmd/pulumi-language-nodejs/main.go:1660-1700, RunPlugin), in the
 *   consumer's working directory (main.go:1748, `cmd.Dir = req.Pwd`). The consumer here is an
 *   empty directory, as a YAML or Python project is to Node: no tsconfig.json, so run-plugin
 *   compiles the plugin with ts-node's type-checking defaults (cmd/run-plugin/run.ts:169-190).
 * - The schema is asked for over gRPC with the SDK's own ResourceProvider client, as the engine
 *   asks (GetSchema); the plugin answers with ComponentProvider.getSchema, i.e. the SDK's analyzer
 *   over provider/'s sources (provider/experimental/provider.ts:218-231).
 * - The schema is validated against Pulumi's package metaschema, vendored in schemas/ (the CLI
 *   validates every bound schema against it: pkg/codegen/schema/bind.go:170-179), and its
 *   references against the binder's rules (bind.go:707-790, 1069-1091).
 * - Each component is also analyzed on its own with the same analyzer over the same sources, so
 *   that a failure names each component's own first problem instead of only the first one found.
 *
 * What the analyzer accepts (provider/experimental/analyzer.ts) is summed up in provider/README.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import type * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { generateSchema, type PackageSpec, type Resource } from "@pulumi/pulumi/provider/experimental/schema";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { CONNECTIVITY_AGENT_GROUP_TYPE } from "../components/connectivityAgentGroup";
import { DR_ALARMS_TYPE } from "../components/drAlarms";
import { DR_PAIRED_INTEGRATION_TYPE } from "../components/drPairedIntegration";
import { EMAIL_DELIVERY_TYPE } from "../components/emailDelivery";
import { IDENTITY_DOMAIN_REPLICATION_TYPE } from "../components/identityDomainReplication";
import { REGION_SUBSCRIPTION_TYPE } from "../components/regionSubscription";
import { TAG_POLICIES_TYPE } from "../components/tagPolicies";
import { REPO_ROOT } from "./cliRunner";
import { withTimeout } from "./harness";

/**
 * What other languages see of each component: edit this table when a component's arguments or
 * outputs change. Inputs are the properties of the constructor's `args` interface; outputs are
 * EVERY property declared on the class, public or not, Output or not (analyzer.ts:336-343 takes
 * the class symbol's members, and analyzeSymbols, :378-390, keeps every property): state a
 * component keeps for itself must live in a getter, a method or a closure, which the analyzer skips.
 *
 * Deliberately absent, because the schema cannot carry them (see provider/README.md):
 * - provider-typed arguments (`providers`, `homeProvider`, `provider`): a provider argument becomes
 *   a reference to the resource `oci`, which no schema has (the provider's token is
 *   `pulumi:providers:oci`), and a provider passed as an input does not reach a Node.js component
 *   as a provider (pulumi/pulumi#15926, open). Single-region components take `opts.provider`; the
 *   construct request carries providers as `opts.providers`, a map by package
 *   (provider/server.ts:403-409, 437-448), which children inherit through `parent: this`.
 * - arguments or outputs typed with this package's own classes (`integration`, the child
 *   components of DrPairedIntegration): the analyzer references only resources of `@pulumi/*`
 *   packages (analyzer.ts:1003-1036).
 */
interface ExpectedComponent {
    /** The type the class registers (its `super()`): the engine constructs `oic-dr:index:<ClassName>`. */
    readonly registers: string;
    readonly requiredInputs: readonly string[];
    readonly optionalInputs: readonly string[];
    readonly outputs: readonly string[];
}

const EXPECTED: Record<string, ExpectedComponent> = {
    DrPairedIntegration: {
        registers: DR_PAIRED_INTEGRATION_TYPE,
        requiredInputs: ["compartmentId", "displayName", "edition", "messagePacks", "primaryRegion", "tenancyId"],
        optionalInputs: [
            "alarms",
            "consumptionModel",
            "dataRetentionPeriod",
            "emailDelivery",
            "failoverGeneration",
            "fileServer",
            "homeRegion",
            "idcsAccessToken",
            "identityDomain",
            "isByol",
            "ociProvider",
            "previousFailoverGeneration",
            "protect",
            "subscribeSecondaryRegion",
            "tagPolicy",
            "tags",
            "usage",
        ],
        outputs: [
            "alertTopicIds",
            "designTimeUrl",
            "disasterRecovery",
            "dkimDnsRecords",
            "homeRegion",
            "instance",
            "instanceId",
            "instanceUrl",
            "primaryRegion",
            "runbookMarkdown",
            "secondaryRegion",
            "smtpEndpoints",
        ],
    },
    RegionSubscription: {
        registers: REGION_SUBSCRIPTION_TYPE,
        requiredInputs: ["homeRegion", "region", "tenancyId"],
        optionalInputs: ["auth", "endpoint", "maxAttempts", "pollIntervalSeconds", "waitTimeoutSeconds"],
        outputs: ["adopted", "homeRegion", "region", "regionKey", "regionName", "status", "tenancyId"],
    },
    IdentityDomainReplication: {
        registers: IDENTITY_DOMAIN_REPLICATION_TYPE,
        requiredInputs: ["domainId", "isDefaultDomain", "replicaRegion"],
        optionalInputs: [],
        outputs: ["replicaRegion", "replication"],
    },
    TagPolicies: {
        registers: TAG_POLICIES_TYPE,
        requiredInputs: ["groups", "tenancyId"],
        optionalInputs: ["domainName", "freeformTags"],
        outputs: ["policy", "statements"],
    },
    EmailDelivery: {
        registers: EMAIL_DELIVERY_TYPE,
        requiredInputs: ["compartmentId", "primaryRegion", "senders", "tenancyId"],
        optionalInputs: ["domain", "freeformTags", "ociProvider", "suppressions"],
        outputs: ["dkimDnsRecords", "dkims", "emailDomains", "senders", "smtpEndpoints", "suppressions"],
    },
    DrAlarms: {
        registers: DR_ALARMS_TYPE,
        requiredInputs: ["compartmentId", "displayName", "primaryRegion", "regionalUrls"],
        optionalInputs: [
            "customAlarms",
            "enabled",
            "freeformTags",
            "ociProvider",
            "pendingDuration",
            "probe",
            "repeatNotificationDuration",
            "runbookUrl",
            "severity",
            "subscriptions",
        ],
        outputs: ["customAlarms", "subscriptions", "topicIds", "topics", "watches"],
    },
    ConnectivityAgentGroup: {
        registers: CONNECTIVITY_AGENT_GROUP_TYPE,
        requiredInputs: ["agentGroupIdentifier", "image", "oauth", "oicUrl"],
        optionalInputs: [
            "command",
            "distributionPath",
            "imagePullSecrets",
            "javaOptions",
            "namespace",
            "proxy",
            "replicas",
            "resources",
            "runAsUser",
            "storage",
            "zoneTopologyKey",
        ],
        outputs: ["disruptionBudget", "namespace", "networkPolicy", "oicUrl", "oicUrlRegion", "profileSecret", "service", "statefulSet"],
    },
};

const COMPONENTS = Object.keys(EXPECTED).sort();
const PLUGIN_DIR = path.join(REPO_ROOT, "provider");
const pluginManifest = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8")) as { name: string; version: string; main: string };
const rootManifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { name: string; version: string };
/** The package name: package.json's name, without a scope (cmd/run-plugin/run.ts:283-297). */
const PACKAGE = pluginManifest.name;
const tokenOf = (component: string) => `${PACKAGE}:index:${component}`;
const sorted = (names: Iterable<string>) => [...names].sort();

// The SDK's own gRPC stack, loaded from the SDK so the messages are the classes its server uses.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const { ResourceProviderClient } = pulumiRequire("./proto/provider_grpc_pb") as typeof providerGrpc;
const pb = pulumiRequire("./proto/provider_pb") as typeof providerPb;

interface Plugin {
    /** The port the plugin announced, once it has. */
    port: Promise<string>;
    /** Everything the plugin wrote besides its port. */
    output(): string;
    stop(): void;
}

/** Starts the plugin as the language host does, in `cwd` (the consumer's directory). */
function startPlugin(cwd: string): Plugin {
    // The language host resolves the runner from the plugin's directory (main.go:1669, locateModule).
    const runner = createRequire(path.join(PLUGIN_DIR, pluginManifest.main)).resolve("@pulumi/pulumi/cmd/run-plugin");
    const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" }; // main.go:1647-1649
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS; // vitest's loader hooks are no part of what the language host starts
    // Arguments: the runner, the program directory, then the plugin's own arguments, for a
    // resource plugin the engine's address (main.go:1693-1700). Nothing listens there: schema
    // inference never calls the engine.
    const child: ChildProcess = spawn(process.execPath, [runner, PLUGIN_DIR, "127.0.0.1:1"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const port = new Promise<string>((resolve, reject) => {
        // The provider server announces its port as the first line on stdout (provider/server.ts, main).
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const newline = stdout.indexOf("\n");
            if (newline >= 0) resolve(stdout.slice(0, newline).trim());
        });
        child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before announcing a port:\n${stdout}${stderr}`)));
    });
    return {
        port,
        output: () => `${stdout.slice(stdout.indexOf("\n") + 1)}${stderr}`,
        stop: () => child.kill(),
    };
}

function getSchema(port: string): Promise<string> {
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Promise<string>((resolve, reject) =>
        client.getSchema(new pb.GetSchemaRequest(), (error, response) => {
            if (error) reject(new Error(error.details || error.message));
            else resolve(response!.getSchema());
        }),
    ).finally(() => client.close());
}

type Outcome = { spec: PackageSpec; error?: undefined } | { spec?: undefined; error: string };

/**
 * Each component analyzed on its own. `analyze()` stops at the first component it cannot express
 * (analyzer.ts:113-173), so it is asked for one component at a time; the names it looks for are the
 * constructor's (private in the typings only), set per run so that the TypeScript program is built once.
 */
function analyzeEach(): Record<string, Outcome> {
    const analyzer = new Analyzer(PLUGIN_DIR, PACKAGE, pluginManifest, new Set(COMPONENTS));
    const outcomes: Record<string, Outcome> = {};
    for (const component of COMPONENTS) {
        (analyzer as unknown as { componentNames: Set<string> }).componentNames = new Set([component]);
        try {
            const { components, typeDefinitions, dependencies } = analyzer.analyze();
            outcomes[component] = { spec: generateSchema(PACKAGE, pluginManifest.version, "", components, typeDefinitions, dependencies) };
        } catch (error) {
            outcomes[component] = { error: (error as Error).message };
        }
    }
    return outcomes;
}

/** Every `$ref` in a schema, with where it is. */
function refsIn(value: unknown, at: string): Array<{ at: string; ref: string }> {
    if (Array.isArray(value)) return value.flatMap((item, i) => refsIn(item, `${at}/${i}`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([key, child]) =>
        key === "$ref" && typeof child === "string" ? [{ at, ref: child }] : refsIn(child, `${at}/${key}`),
    );
}

/** The references of a resource and of the types it uses, transitively. */
function reachableRefs(resource: Resource, spec: PackageSpec, at: string): Array<{ at: string; ref: string }> {
    const found = refsIn(resource, at);
    const seen = new Set<string>();
    for (let i = 0; i < found.length; i++) {
        const local = /^#\/types\/(.+)$/.exec(found[i]!.ref);
        const token = local && decodeURIComponent(local[1]!);
        if (!token || seen.has(token) || !(token in spec.types)) continue;
        seen.add(token);
        found.push(...refsIn(spec.types[token], `#/types/${token}`));
    }
    return found;
}

/**
 * Why a reference would not bind, or undefined when it binds. The binder parses
 * `/<package>/v<version>/schema.json#/<kind>/<token>` with kind `resources`, `types` or `provider`
 * (bind.go:707-790) and looks the token up in that package (bind.go:1069-1091); a provider is
 * `#/provider`, its token `pulumi:providers:<package>`. Tokens have three parts (bind.go:605-619).
 */
function unresolvable(ref: string, spec: PackageSpec): string | undefined {
    if (["pulumi.json#/Any", "pulumi.json#/Archive", "pulumi.json#/Asset", "pulumi.json#/Json"].includes(ref)) return undefined;
    const local = /^#\/(types|resources)\/(.+)$/.exec(ref);
    if (local) {
        const token = decodeURIComponent(local[2]!);
        const table = local[1] === "types" ? spec.types : spec.resources;
        return token in table ? undefined : `${local[1]} has no ${token}`;
    }
    const external = /^\/([^/]+)\/v[^/]+\/schema\.json#\/(provider|resources|types)(?:\/(.+))?$/.exec(ref);
    if (!external) return "not a reference the binder parses";
    if (external[2] === "provider") return external[3] === undefined ? undefined : "a provider reference takes no token";
    const token = decodeURIComponent(external[3] ?? "");
    return token.split(":").length === 3 ? undefined : `"${token}" is no type token of package ${external[1]} (a provider is #/provider)`;
}

let consumerDir: string;
let plugin: Plugin | undefined;
let served: { schema?: PackageSpec; error?: string };
let analyzed: Record<string, Outcome>;

beforeAll(async () => {
    consumerDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-consumer-"));
    plugin = startPlugin(consumerDir);
    // In this process while the plugin starts in its own.
    analyzed = analyzeEach();
    try {
        const port = await withTimeout(plugin.port, "the plugin's port", 240_000);
        served = { schema: JSON.parse(await withTimeout(getSchema(port), "GetSchema", 240_000)) as PackageSpec };
    } catch (error) {
        served = { error: `${(error as Error).message}\n${plugin.output()}` };
    }
}, 600_000);

afterAll(() => {
    plugin?.stop();
    if (consumerDir) fs.rmSync(consumerDir, { recursive: true, force: true });
});

/** A component's resource in its own analysis; the analyzer's message when there is none. */
function analyzedResource(component: string): { resource: Resource; spec: PackageSpec } {
    const outcome = analyzed[component]!;
    if (outcome.error !== undefined) throw new Error(`the analyzer rejects ${component}: ${outcome.error}`);
    return { resource: outcome.spec.resources[tokenOf(component)]!, spec: outcome.spec };
}

describe("the plugin package (provider/)", () => {
    it("is a Node.js plugin in a directory of its own, named and versioned as the library", () => {
        const manifest = parseYaml(fs.readFileSync(path.join(PLUGIN_DIR, "PulumiPlugin.yaml"), "utf8")) as { runtime: unknown };
        // The CLI requires only the runtime (sdk/go/common/workspace/project.go:990-996).
        expect(manifest.runtime).toBe("nodejs");
        // Beside a Pulumi.yaml, `pulumi install` and `pulumi package ...` refuse the directory (loaders.go:313-326).
        expect(fs.existsSync(path.join(PLUGIN_DIR, "Pulumi.yaml"))).toBe(false);
        // The schema's name and version (provider.ts:204-207).
        expect({ name: pluginManifest.name, version: pluginManifest.version }).toEqual({ name: rootManifest.name, version: rootManifest.version });
        expect(pluginManifest.main.endsWith(".ts")).toBe(true);
    });

    it("exports exactly the components other languages get, each a ComponentResource", async () => {
        // What the language host hands to componentProviderHost (run.ts:276-305).
        const exported = getPulumiComponents(await import("../provider/index"));
        expect(sorted(exported.map((component) => component.name))).toEqual(COMPONENTS);
    });

    it("answers the engine's GetSchema with a package that Pulumi's metaschema accepts", () => {
        expect(served.error).toBeUndefined();
        // The metaschema is draft 2020-12, where formats are annotations; the CLI's compiler
        // (santhosh-tekuri/jsonschema v5) asserts them only when told to, and bind.go:50-59 does not.
        const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
        const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schemas", "pulumi-package.schema.json"), "utf8")));
        validate(served.schema);
        expect(validate.errors ?? []).toEqual([]);
        expect(served.schema).toMatchObject({ name: PACKAGE, version: pluginManifest.version });
    });

    it("serves every component, as analyzed one by one", () => {
        expect(served.error).toBeUndefined();
        expect(sorted(Object.keys(served.schema!.resources))).toEqual(COMPONENTS.map(tokenOf));
        for (const component of COMPONENTS) {
            expect(served.schema!.resources[tokenOf(component)], component).toEqual(analyzedResource(component).resource);
        }
    });
});

describe.each(COMPONENTS)("%s in the schema", (component) => {
    const expected = EXPECTED[component]!;

    it("registers the type the engine asks the plugin to construct", () => {
        // construct() takes the class named by the type's last part and instantiates it under that
        // request (provider.ts:179-197, 243-255); a component registering another type answers with another URN.
        expect(expected.registers).toBe(tokenOf(component));
    });

    it("is one the analyzer can express", () => {
        expect(analyzed[component]!.error).toBeUndefined();
    });

    it("takes the expected inputs, the required ones required", () => {
        const { resource } = analyzedResource(component);
        expect(sorted(Object.keys(resource.inputProperties ?? {}))).toEqual(sorted([...expected.requiredInputs, ...expected.optionalInputs]));
        expect(sorted(resource.requiredInputs ?? [])).toEqual(sorted(expected.requiredInputs));
    });

    it("has the expected outputs", () => {
        const { resource } = analyzedResource(component);
        expect(sorted(Object.keys(resource.properties ?? {}))).toEqual(sorted(expected.outputs));
    });

    it("references only types and resources the schema binder resolves", () => {
        const { resource, spec } = analyzedResource(component);
        const broken = reachableRefs(resource, spec, `#/resources/${tokenOf(component)}`).flatMap(({ at, ref }) => {
            const why = unresolvable(ref, spec);
            return why === undefined ? [] : [`${at}: ${ref}: ${why}`];
        });
        expect(broken).toEqual([]);
    });
});
