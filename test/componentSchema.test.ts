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
 * - When the plugin serves no schema, each component is analyzed on its own with the same analyzer
 *   over the same sources, so that a failure names each component's own first problem instead of
 *   only the first one found (not otherwise: building the analyzer's program twice doubles the time).
 * - The served inputs are compared, level by level, with what validation accepts (the zod schemas
 *   of components/<component>/schema.ts), and each served class is constructed as the plugin's construct()
 *   does, under the offline engine: it registers its type and holds every output the schema names.
 *
 * What the analyzer accepts (provider/experimental/analyzer.ts) is summed up in provider/README.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { generateSchema, type PackageSpec, type Property, type Resource } from "@pulumi/pulumi/provider/experimental/schema";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ALARM_SEVERITIES, PROBE_KINDS, drAlarmsArgsSchema } from "../components/drAlarms/schema";
import { NOTIFICATION_PROTOCOLS } from "../facts/ociContracts";
import { AGENT_LOCATIONS, drPairedIntegrationArgsSchema } from "../components/drPairedIntegration/schema";
import { emailDeliveryArgsSchema } from "../components/emailDelivery/schema";
import { identityDomainReplicationArgsSchema } from "../components/identityDomainReplication/schema";
import { tagPoliciesArgsSchema } from "../components/tagPolicies/schema";
import { fullStackDrArgsSchema } from "../components/fullStackDr/schema";
import { agentGroupArgsSchema } from "../components/agentGroup/schema";
import { DrEdition } from "../facts/drSupport";
import { drRegionIdentifiers } from "../facts/regions";
import * as pluginEntry from "../provider/index";
import { REPO_ROOT } from "./cliRunner";
import { mockEngine, validSpec, valueOf, withTimeout } from "./harness";

/**
 * What other languages see of each component: edit this table when a component's arguments or
 * outputs change. Inputs are the properties of the served constructor's `args` interface (the
 * portable arguments: inherited properties count); outputs are EVERY property the served class
 * declares itself (analyzer.ts:336-343 takes the class symbol's own members, and analyzeSymbols,
 * :378-390, keeps every property), which provider/index.ts re-declares from the library's class.
 *
 * Deliberately absent, because the schema cannot carry them (see provider/README.md):
 * - `providers` of the paired components (and any provider-typed value): a provider argument
 *   becomes a reference to the resource `oci`, which no schema has (the provider's token is
 *   `pulumi:providers:oci`), and a provider passed as an input does not reach a Node.js component
 *   as a provider (pulumi/pulumi#15926, open). Paired components create theirs from region names
 *   (`ociProvider`); single-region components take the engine's `opts.providers`, a map by
 *   package (provider/server.ts:403-409, 437-448), which children inherit through `parent: this`.
 * - what the library's classes keep besides: validated settings (`spec`, `settings`), `providers`,
 *   the runbook as an object (its Markdown is an output), and the children DrPairedIntegration
 *   composes, which are this package's own classes (the analyzer references only resources of
 *   `@pulumi/*` packages, analyzer.ts:1003-1036).
 */
interface ExpectedComponent {
    readonly requiredInputs: readonly string[];
    readonly optionalInputs: readonly string[];
    readonly outputs: readonly string[];
    /**
     * The schema validation parses the arguments with (components/<component>/schema.ts, the authority), and
     * the arguments it takes that other languages cannot pass. None for RegionSubscription, whose
     * dynamic provider validates its inputs itself.
     */
    readonly validatedBy?: { readonly schema: z.ZodType; readonly typeScriptOnly: readonly string[] };
    /** Arguments that pass validation, to construct it with. */
    readonly validArgs: () => Record<string, unknown>;
}

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy";
const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaacompartment";

const EXPECTED: Record<string, ExpectedComponent> = {
    DrPairedIntegration: {
        requiredInputs: ["compartmentId", "displayName", "edition", "messagePacks", "primaryRegion", "tenancyId"],
        optionalInputs: [
            "adoptFailoverGeneration",
            "alarms",
            "consumptionModel",
            "dataRetentionPeriod",
            "emailDelivery",
            "failoverGeneration",
            "fileServer",
            "fullStackDr",
            "homeRegion",
            "idcsAccessToken",
            "identityDomain",
            "instancePolicy",
            "isByol",
            "namePrefix",
            "ociProvider",
            "previousFailoverGeneration",
            "privateEndpoints",
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
            "roles",
            "runbookMarkdown",
            "secondaryRegion",
            "smtpEndpoints",
        ],
        validatedBy: { schema: drPairedIntegrationArgsSchema, typeScriptOnly: ["providers"] },
        validArgs: () => ({ ...validSpec(), emailDelivery: { senders: ["noreply@mail.example.com"], domain: { name: "mail.example.com" } } }),
    },
    RegionSubscription: {
        requiredInputs: ["homeRegion", "region", "tenancyId"],
        optionalInputs: ["auth", "endpoint", "maxAttempts", "pollIntervalSeconds", "waitTimeoutSeconds"],
        outputs: ["adopted", "homeRegion", "region", "regionKey", "regionName", "status", "tenancyId"],
        validArgs: () => ({ tenancyId: TENANCY, homeRegion: "us-ashburn-1", region: "us-phoenix-1" }),
    },
    FullStackDr: {
        requiredInputs: ["compartmentId", "displayName", "instanceId", "primaryRegion", "standbyInstanceId", "tenancyId"],
        optionalInputs: ["domainName", "freeformTags", "homeRegion", "namePrefix", "objectStorageNamespace", "ociProvider", "policy"],
        outputs: ["logBuckets", "plans", "policy", "precheckCommands", "protectionGroups"],
        validatedBy: { schema: fullStackDrArgsSchema, typeScriptOnly: ["providers"] },
        validArgs: () => ({
            primaryRegion: "us-ashburn-1",
            tenancyId: TENANCY,
            compartmentId: COMPARTMENT,
            displayName: "orders",
            instanceId: "ocid1.integrationinstance.oc1.iad.aaaaaaaaprimary",
            standbyInstanceId: "ocid1.integrationinstance.oc1.phx.aaaaaaaastandby",
            objectStorageNamespace: "tenancyns",
            policy: { groups: ["dr-operators"] },
        }),
    },
    IdentityDomainReplication: {
        requiredInputs: ["domainId", "isDefaultDomain", "replicaRegion"],
        optionalInputs: [],
        outputs: ["replicaRegion", "replication"],
        validatedBy: { schema: identityDomainReplicationArgsSchema, typeScriptOnly: [] },
        validArgs: () => ({ domainId: "ocid1.domain.oc1..aaaaaaaadomain", isDefaultDomain: false, replicaRegion: "us-phoenix-1" }),
    },
    TagPolicies: {
        requiredInputs: ["groups", "tenancyId"],
        optionalInputs: ["domainName", "freeformTags", "namePrefix"],
        outputs: ["policy", "statements"],
        validatedBy: { schema: tagPoliciesArgsSchema, typeScriptOnly: [] },
        validArgs: () => ({ tenancyId: TENANCY, groups: ["oic-admins"] }),
    },
    EmailDelivery: {
        requiredInputs: ["compartmentId", "primaryRegion", "senders", "tenancyId"],
        optionalInputs: ["domain", "freeformTags", "ociProvider", "suppressions"],
        outputs: ["dkimDnsRecords", "dkims", "emailDomains", "senders", "smtpEndpoints", "suppressions"],
        validatedBy: { schema: emailDeliveryArgsSchema, typeScriptOnly: ["providers"] },
        validArgs: () => ({ primaryRegion: "us-ashburn-1", compartmentId: COMPARTMENT, tenancyId: TENANCY, senders: ["noreply@mail.example.com"] }),
    },
    DrAlarms: {
        requiredInputs: ["compartmentId", "displayName", "primaryRegion"],
        optionalInputs: [
            "activeRegion",
            "customAlarms",
            "freeformTags",
            "namePrefix",
            "ociProvider",
            "pendingDuration",
            "probe",
            "regionalUrls",
            "repeatNotificationDuration",
            "runbookUrl",
            "severity",
            "subscriptions",
        ],
        outputs: ["customAlarms", "subscriptions", "topicIds", "topics", "watches"],
        validatedBy: { schema: drAlarmsArgsSchema, typeScriptOnly: ["providers"] },
        validArgs: () => ({
            primaryRegion: "us-ashburn-1",
            compartmentId: COMPARTMENT,
            displayName: "orders",
            regionalUrls: { primary: "https://orders-iad.example.com", secondary: "https://orders-phx.example.com" },
        }),
    },
    ConnectivityAgentGroup: {
        requiredInputs: ["agentGroupIdentifier", "image", "oauth", "oicUrl"],
        optionalInputs: [
            "agentVersionFile",
            "command",
            "distributionPath",
            "dnsNamespaceSelector",
            "dnsPodSelector",
            "egressTargets",
            "imagePullSecrets",
            "javaOptions",
            "namespace",
            "networkPolicy",
            "nodeSpread",
            "oracleCidrs",
            "proxy",
            "replicas",
            "resources",
            "runAsUser",
            "sharedVolume",
            "storage",
            "zoneSpread",
            "zoneTopologyKey",
        ],
        outputs: ["disruptionBudget", "namespace", "networkPolicy", "oicUrl", "oicUrlRegion", "profileSecret", "service", "statefulSet"],
        validatedBy: { schema: agentGroupArgsSchema, typeScriptOnly: [] },
        validArgs: () => ({
            agentGroupIdentifier: "orders-agents",
            image: "registry.example.com/oic-agent:1",
            oicUrl: "https://orders.integration.ocp.oraclecloud.com",
            oauth: { idcsUrl: "https://idcs-1.identity.oraclecloud.com", scope: "scope", clientId: "client", clientSecret: pulumi.secret("s3cret") },
        }),
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
 * (analyzer.ts:113-173), so it is asked for one component at a time. The names it looks for and
 * what it has found so far are fields (private in the typings only) set afresh per run, so that the
 * TypeScript program is built once and no run inherits another's half-analyzed types.
 */
function analyzeEach(): Record<string, Outcome> {
    const analyzer = new Analyzer(PLUGIN_DIR, PACKAGE, pluginManifest, new Set(COMPONENTS));
    const outcomes: Record<string, Outcome> = {};
    for (const component of COMPONENTS) {
        Object.assign(analyzer, { componentNames: new Set([component]), components: {}, typeDefinitions: {}, dependencies: [] });
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
/** Each component's own analysis, made only when the plugin serves no schema. */
let ownAnalysis: Record<string, Outcome> = {};

beforeAll(async () => {
    consumerDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-consumer-"));
    plugin = startPlugin(consumerDir);
    try {
        const port = await withTimeout(plugin.port, "the plugin's port", 240_000);
        served = { schema: JSON.parse(await withTimeout(getSchema(port), "GetSchema", 240_000)) as PackageSpec };
    } catch (error) {
        served = { error: `${(error as Error).message}\n${plugin.output()}` };
        ownAnalysis = analyzeEach();
    }
}, 600_000);

afterAll(() => {
    plugin?.stop();
    if (consumerDir) fs.rmSync(consumerDir, { recursive: true, force: true });
});

/** A component's resource in the served schema; when there is none, why, from its own analysis. */
function servedResource(component: string): { resource: Resource; spec: PackageSpec } {
    if (served.error !== undefined) {
        const own = ownAnalysis[component];
        throw new Error(
            own?.error !== undefined
                ? `the analyzer rejects ${component}: ${own.error}`
                : `the plugin serves no schema, although ${component} on its own is analyzed without error: ${served.error}`,
        );
    }
    const resource = served.schema!.resources[tokenOf(component)];
    if (!resource) throw new Error(`the served schema has no ${tokenOf(component)}`);
    return { resource, spec: served.schema! };
}

type ZodNode = z.core.$ZodType;

/** The object shape or the array element a zod schema validates, through optional, default and pipes. */
function zodStructure(schema: ZodNode): { shape: Record<string, ZodNode> } | { element: ZodNode } | undefined {
    const def = schema._zod.def as unknown as { type: string; shape?: Record<string, ZodNode>; element?: ZodNode; innerType?: ZodNode; in?: ZodNode; out?: ZodNode };
    switch (def.type) {
        case "object":
            return { shape: def.shape! };
        case "array":
            return { element: def.element! };
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "readonly":
            return zodStructure(def.innerType!);
        case "pipe":
            return zodStructure(def.in!) ?? zodStructure(def.out!);
        default:
            return undefined;
    }
}

/** The values a zod enum accepts, through optional, default and pipes (a preprocess included). */
function zodEnumValues(schema: ZodNode): string[] | undefined {
    const def = schema._zod.def as unknown as { type: string; entries?: Record<string, string>; innerType?: ZodNode; in?: ZodNode; out?: ZodNode };
    switch (def.type) {
        case "enum":
            return Object.values(def.entries!);
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "readonly":
            return zodEnumValues(def.innerType!);
        case "pipe":
            return zodEnumValues(def.in!) ?? zodEnumValues(def.out!);
        default:
            return undefined;
    }
}

/**
 * Where the arguments the schema offers and the ones validation accepts differ, level by level:
 * a property on one side only, a property required on one side only, an object or a list on one
 * side only, an enum whose values differ. A field validation requires is one that refuses `undefined`.
 */
function divergences(
    spec: PackageSpec,
    at: string,
    properties: Record<string, Property>,
    required: readonly string[],
    shape: Record<string, ZodNode>,
    typeScriptOnly: readonly string[] = [],
): string[] {
    const problems: string[] = [];
    const names = new Set([...Object.keys(properties), ...Object.keys(shape).filter((name) => !typeScriptOnly.includes(name))]);
    for (const name of sorted(names)) {
        const where = at ? `${at}.${name}` : name;
        const property = properties[name];
        const field = shape[name];
        if (!field) {
            problems.push(`${where}: in the schema, refused by validation`);
            continue;
        }
        if (!property) {
            problems.push(`${where}: accepted by validation, not in the schema`);
            continue;
        }
        const validationRequires = !z.safeParse(field, undefined).success;
        if (validationRequires !== required.includes(name)) {
            problems.push(`${where}: ${validationRequires ? "required by validation, optional in the schema" : "optional for validation, required in the schema"}`);
        }
        problems.push(...structureDivergences(spec, where, property, field));
    }
    return problems;
}

function structureDivergences(spec: PackageSpec, where: string, property: Property, field: ZodNode): string[] {
    const structure = zodStructure(field);
    const refText = "$ref" in property ? property.$ref : undefined;
    const ref = refText === undefined ? null : /^#\/types\/(.+)$/.exec(refText);
    if (ref) {
        const type = spec.types[decodeURIComponent(ref[1]!)];
        if (!type) return [`${where}: the schema references a type it does not have, ${refText}`];
        const schemaEnum = (type as { enum?: Array<{ value: unknown }> }).enum;
        if (schemaEnum) {
            const inSchema = sorted(schemaEnum.map((member) => String(member.value)));
            const forValidation = zodEnumValues(field);
            if (!forValidation) return [`${where}: an enum in the schema, not for validation`];
            return JSON.stringify(inSchema) === JSON.stringify(sorted(forValidation)) ? [] : [`${where}: the schema's enum ${inSchema.join("|")}, validation's ${sorted(forValidation).join("|")}`];
        }
        if (!structure || !("shape" in structure)) return [`${where}: an object in the schema, not for validation`];
        return divergences(spec, where, type.properties ?? {}, type.required ?? [], structure.shape);
    }
    if ("type" in property && property.type === "array" && property.items) {
        if (!structure || !("element" in structure)) return [`${where}: a list in the schema, not for validation`];
        return structureDivergences(spec, `${where}[]`, property.items, structure.element);
    }
    return structure ? [`${where}: ${"shape" in structure ? "an object" : "a list"} for validation, not in the schema`] : [];
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

    it("exports exactly the components other languages get, each a ComponentResource", () => {
        // What the language host hands to componentProviderHost (run.ts:276-305).
        const exported = getPulumiComponents(pluginEntry);
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

    it("serves every component and nothing else", () => {
        expect(served.error).toBeUndefined();
        expect(sorted(Object.keys(served.schema!.resources))).toEqual(COMPONENTS.map(tokenOf));
    });
});

describe("choices in the schema", () => {
    /**
     * The analyzer turns a union of string literals into a schema enum when the union is
     * `(typeof X)[keyof typeof X]` of an object literal `X` declared `as const` before the type
     * (analyzer.js:447-495, 583-636); it refuses a plain union. The arguments' choices take that form.
     */
    const CHOICES: ReadonlyArray<readonly [string, readonly string[]]> = [
        ["DrEdition", Object.values(DrEdition)],
        ["DrRegionIdentifier", drRegionIdentifiers],
        ["NotificationProtocol", NOTIFICATION_PROTOCOLS],
        ["AlarmSeverity", ALARM_SEVERITIES],
        ["ProbeKind", PROBE_KINDS],
        ["ConnectivityAgentLocation", AGENT_LOCATIONS],
    ];

    it.each(CHOICES)("%s is an enum of the values validation accepts", (name, values) => {
        expect(served.error).toBeUndefined();
        const type = served.schema!.types[tokenOf(name)] as { type?: string; enum?: Array<{ value: unknown }> } | undefined;
        expect(type?.type).toBe("string");
        expect(sorted((type?.enum ?? []).map((member) => String(member.value)))).toEqual(sorted(values));
    });

    it("is what the arguments refer to", () => {
        expect(served.error).toBeUndefined();
        const { resources, types } = served.schema!;
        const refOf = (property: Property | undefined) => (property && "$ref" in property ? property.$ref : undefined);
        const typeRef = (name: string) => `#/types/${tokenOf(name)}`;
        const inputs = (component: string) => resources[tokenOf(component)]!.inputProperties ?? {};
        const fields = (type: string) => types[tokenOf(type)]?.properties ?? {};
        expect(refOf(inputs("DrPairedIntegration").edition)).toBe(typeRef("DrEdition"));
        for (const component of ["DrPairedIntegration", "DrAlarms", "EmailDelivery"]) {
            expect(refOf(inputs(component).primaryRegion), component).toBe(typeRef("DrRegionIdentifier"));
        }
        expect(refOf(inputs("DrAlarms").severity)).toBe(typeRef("AlarmSeverity"));
        expect(refOf(fields("IntegrationUsageArgs").connectivityAgent)).toBe(typeRef("ConnectivityAgentLocation"));
        expect(refOf(fields("NotificationSubscriptionArgs").protocol)).toBe(typeRef("NotificationProtocol"));
        expect(refOf(fields("ProbeArgs").kind)).toBe(typeRef("ProbeKind"));
        expect(refOf(fields("ProbeArgs").standbySeverity)).toBe(typeRef("AlarmSeverity"));
        expect(refOf(fields("CustomAlarmArgs").severity)).toBe(typeRef("AlarmSeverity"));
    });
});

describe.each(COMPONENTS)("%s in the schema", (component) => {
    const expected = EXPECTED[component]!;

    it("takes the expected inputs, the required ones required", () => {
        const { resource } = servedResource(component);
        expect(sorted(Object.keys(resource.inputProperties ?? {}))).toEqual(sorted([...expected.requiredInputs, ...expected.optionalInputs]));
        expect(sorted(resource.requiredInputs ?? [])).toEqual(sorted(expected.requiredInputs));
    });

    // RegionSubscription has no zod schema: its dynamic provider's check validates its inputs.
    const validatedBy = expected.validatedBy;
    if (validatedBy) it("takes, at every level, what validation accepts, but TypeScript's provider objects", () => {
        const { resource, spec } = servedResource(component);
        const { schema, typeScriptOnly } = validatedBy;
        const structure = zodStructure(schema);
        expect(structure && "shape" in structure).toBe(true);
        const shape = (structure as { shape: Record<string, ZodNode> }).shape;
        expect(divergences(spec, "", resource.inputProperties ?? {}, resource.requiredInputs ?? [], shape, typeScriptOnly)).toEqual([]);
    });

    it("has the expected outputs", () => {
        const { resource } = servedResource(component);
        expect(sorted(Object.keys(resource.properties ?? {}))).toEqual(sorted(expected.outputs));
    });

    it("references only types and resources the schema binder resolves", () => {
        const { resource, spec } = servedResource(component);
        const broken = reachableRefs(resource, spec, `#/resources/${tokenOf(component)}`).flatMap(({ at, ref }) => {
            const why = unresolvable(ref, spec);
            return why === undefined ? [] : [`${at}: ${ref}: ${why}`];
        });
        expect(broken).toEqual([]);
    });

    it("constructed as the plugin constructs it, registers the type the engine asked for and holds every output", async () => {
        const engine = await mockEngine();
        // construct() instantiates the class named by the type's last part with the request's name,
        // inputs and options, then answers with its URN and, for each output of the schema, the
        // instance's property of that name (provider.ts:179-197, getComponentOutputs :28-34).
        const Served = (pluginEntry as unknown as Record<string, new (name: string, args: unknown, opts: pulumi.ComponentResourceOptions) => pulumi.ComponentResource>)[component]!;
        const instance = new Served("constructed", expected.validArgs(), {});
        await engine.settle();
        const urn = await valueOf(instance.urn, "the component's URN");
        expect(engine.resources.find((r) => r.urn === urn)?.type).toBe(tokenOf(component));
        const missing = expected.outputs.filter((output) => (instance as unknown as Record<string, unknown>)[output] === undefined);
        expect(missing).toEqual([]);
        if (component === "RegionSubscription") {
            // The library's dynamic resource, unchanged, as the component's child.
            expect(engine.resources.filter((r) => r.parent === urn).map((r) => `${r.type} ${r.name}`)).toEqual([
                "pulumi-nodejs:dynamic/oic-dr:RegionSubscription constructed",
            ]);
        }
    });
});
