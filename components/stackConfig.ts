/**
 * The spec as Pulumi stack configuration: one config key per top-level spec field.
 *
 * The table below is the single list of keys. {@link readSpecFromConfig} reads exactly these, and
 * `Pulumi.yaml` declares exactly the ones that are not secret (a test keeps them equal), so a key
 * cannot be documented and ignored, or read and undeclared. Secrets are read with `getSecret` and
 * not declared: the Pulumi CLI writes a declared default in plain text and then refuses a
 * `secret: true` key whose value is not encrypted, and requires a declared key without a default
 * (pulumi/pulumi pkg/workspace/config.go:319-347 and 128-134), so an optional secret cannot be declared; an
 * optional key declares a default meaning "not set" ("", {}, or -1 for an integer that is never negative). `previousFailoverGeneration` is left out on purpose: a
 * stack's state already holds the deployed generation, which PairRoles checks (pairRolesProvider.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { parseDrIntegrationSpec } from "./drPairedIntegration/schema";
import type { DrPairedIntegrationArgs } from "./drPairedIntegration/args";
import type { ConnectivityAgentGroupArgs } from "./agentGroup/args";
import { SPEC_CONFIG_DESCRIPTIONS } from "./specConfigDescriptions";

export type ConfigKeyType = "string" | "integer" | "boolean" | "object" | "array";

export interface ConfigKey {
    readonly key: string;
    readonly type: ConfigKeyType;
    readonly description: string;
    /** Read with `getSecret`, set with `pulumi config set --secret`; never declared in Pulumi.yaml. */
    readonly secret?: true;
    /**
     * The project-level default. Pulumi requires every declared key that has no default, so each
     * optional key declares one; "" and {} stand for "not set" and are dropped when read. Secrets
     * have none: they are not declared.
     */
    readonly default?: string | number | boolean | Record<string, never>;
}

const UNSET_TEXT = "";
const UNSET_OBJECT: Record<string, never> = {};
/** "Not set" for an optional integer whose values are >= 0 (a declared key needs a default). */
const UNSET_NUMBER = -1;

export interface SpecConfigKey extends ConfigKey {
    readonly key: keyof DrPairedIntegrationArgs & string;
}

/**
 * The spec's keys without their words: each key's description is its argument's TSDoc, rendered
 * into specConfigDescriptions.ts by `npm run docs` (scripts/generateDocs.ts).
 */
const SPEC_KEYS: readonly Omit<SpecConfigKey, "description">[] = [
    { key: "primaryRegion", type: "string" },
    { key: "homeRegion", type: "string", default: UNSET_TEXT },
    { key: "tenancyId", type: "string" },
    { key: "compartmentId", type: "string" },
    { key: "displayName", type: "string" },
    { key: "namePrefix", type: "string", default: UNSET_TEXT },
    { key: "edition", type: "string" },
    { key: "messagePacks", type: "integer" },
    { key: "isByol", type: "boolean", default: false },
    { key: "identityDomain", type: "object", default: UNSET_OBJECT },
    { key: "idcsAccessToken", type: "string", secret: true },
    { key: "consumptionModel", type: "string", default: UNSET_TEXT },
    { key: "dataRetentionPeriod", type: "string", default: UNSET_TEXT },
    { key: "fileServer", type: "boolean", default: false },
    { key: "tags", type: "object", default: UNSET_OBJECT },
    { key: "failoverGeneration", type: "integer", default: 0 },
    { key: "adoptFailoverGeneration", type: "integer", default: UNSET_NUMBER },
    { key: "protect", type: "boolean", default: true },
    { key: "usage", type: "object", default: UNSET_OBJECT },
    { key: "subscribeSecondaryRegion", type: "boolean", default: true },
    { key: "tagPolicy", type: "object", default: UNSET_OBJECT },
    { key: "instancePolicy", type: "object", default: UNSET_OBJECT },
    { key: "emailDelivery", type: "object", default: UNSET_OBJECT },
    { key: "alarms", type: "object", default: UNSET_OBJECT },
    { key: "privateEndpoints", type: "object", default: UNSET_OBJECT },
    { key: "ociProvider", type: "object", default: UNSET_OBJECT },
];

export const SPEC_CONFIG_KEYS: readonly SpecConfigKey[] = SPEC_KEYS.map((key) => ({ ...key, description: specConfigDescription(key.key) }));

function specConfigDescription(key: string): string {
    const description = (SPEC_CONFIG_DESCRIPTIONS as Record<string, string | undefined>)[key];
    // Only before the first `npm run docs` of a new key: the staleness test then fails too.
    return description ?? "";
}

/**
 * Reads the spec from stack config (the project's namespace unless another is given) and validates
 * it with the component's own schema: config holds text, and parsing is what narrows it to the
 * arguments' types (a region of a pair, an edition...). Invalid config throws the component's
 * error, naming every problem at once.
 */
export function readSpecFromConfig(config: pulumi.Config = new pulumi.Config()): DrPairedIntegrationArgs {
    const spec: Record<string, unknown> = {};
    for (const { key, type, secret } of SPEC_CONFIG_KEYS) {
        // Read secrets only through getSecret, so the value is a secret Output from here on.
        const value = secret ? config.getSecret(key) : type === "string" ? config.get(key) : readStructured(config, key);
        if (isUnset(value)) continue;
        spec[key] = value;
    }
    return parseDrIntegrationSpec(spec);
}

function isUnset(value: unknown): boolean {
    if (value === undefined || value === null || value === UNSET_TEXT || value === UNSET_NUMBER) return true;
    return typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** Structured values arrive as JSON text; text that is not JSON is kept so validation can name it. */
function readStructured(config: pulumi.Config, key: string): unknown {
    const raw = config.get(key);
    if (raw === undefined) return undefined;
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

/** The example's optional connectivity agent group: off unless `connectivityAgents` is set. */
export const AGENT_CONFIG_KEYS: readonly ConfigKey[] = [
    {
        key: "connectivityAgents",
        type: "object",
        description:
            "Optional connectivity agent group on Kubernetes: {image, agentGroupIdentifier, replicas (max 2), namespace: {name, create}, kubeContext, idcsUrl, scope, clientId, proxy: {host, port, username, nonProxyHosts, cidrs}, and the other ConnectivityAgentGroup arguments}. Off when unset.",
        default: UNSET_OBJECT,
    },
    { key: "agentClientSecret", type: "string", secret: true, description: "OAuth client secret of the agent group (required with connectivityAgents). Set it with --secret." },
    { key: "agentProxyPassword", type: "string", secret: true, description: "Password of the agents' proxy, if it needs one. Set it with --secret." },
];

/** What the example reads for the agent group: the component's arguments (less the instance's URL) and the cluster. */
export interface AgentGroupConfig {
    readonly group: Omit<ConnectivityAgentGroupArgs, "oicUrl">;
    /** The kubeconfig context of the cluster (default: the current context). */
    readonly kubeContext?: string;
}

/** The agent group's settings from stack config, or undefined when `connectivityAgents` is not set. */
export function readAgentGroupFromConfig(config: pulumi.Config = new pulumi.Config()): AgentGroupConfig | undefined {
    const raw = readStructured(config, "connectivityAgents");
    if (isUnset(raw)) return undefined;
    const { idcsUrl, scope, clientId, proxy, kubeContext, ...rest } = raw as Record<string, unknown> & { proxy?: Record<string, unknown> };
    const secret = (key: string) => config.getSecret(key);
    const proxyPassword = secret("agentProxyPassword");
    type Group = AgentGroupConfig["group"];
    return {
        kubeContext: typeof kubeContext === "string" ? kubeContext : undefined,
        group: {
            ...(rest as Omit<Group, "oauth" | "proxy">),
            // Left to the component to validate: a missing secret is reported there with every other problem.
            oauth: { idcsUrl, scope, clientId, clientSecret: secret("agentClientSecret") } as Group["oauth"],
            ...(proxy ? { proxy: { ...proxy, ...(proxyPassword ? { password: proxyPassword } : {}) } as Group["proxy"] } : {}),
        },
    };
}
