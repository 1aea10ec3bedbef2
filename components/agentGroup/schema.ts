/** The schema of ConnectivityAgentGroup's arguments. */
import { isIP } from "node:net";
import { z } from "zod";
import { kubernetesName, LABEL_KEY, LABEL_VALUE, LABEL_VALUE_OR_EMPTY, NAME_RULES } from "./kubernetesNames";
import { DEFAULT_AGENT_VERSION_FILE } from "./initScript";
import { proxyCidrs } from "./networkPolicy";
import { secretOutput } from "../support/argumentFields";
import { MAX_AGENTS_PER_GROUP } from "../../facts/drSupport";
import { describeValue, stringInput } from "../support/validation";

/** Where the optional shared volume is mounted by default. */
export const SHARED_MOUNT = "/u01/oic-shared";

const QUANTITY = /^(\d+(\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const quantity = z.string().regex(QUANTITY, { error: "is not a Kubernetes quantity such as 500m, 4Gi" });
const UNIT: Record<string, number> = { "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
/** A quantity's value, to compare a request with its limit (the API server refuses request > limit). */
export function quantityValue(text: string): number {
    const match = QUANTITY.exec(text);
    return match ? Number(match[1]) * UNIT[match[3] ?? ""]! : Number.NaN;
}
const ONE_LINE = "must be one line: InstallerProfile.cfg holds one key=value per line";
const text = stringInput((value) => (value.length === 0 ? "must not be empty" : /[\r\n]/.test(value) ? ONE_LINE : undefined));
// The WHATWG parser drops line breaks inside a URL, so they are refused before parsing.
const url = stringInput((value) =>
    /[\r\n]/.test(value) ? ONE_LINE : URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) ? undefined : `${describeValue(value)} is not an http(s) URL`,
);
const oneLine = (what: string) =>
    z.string().min(1).refine((value) => !/[\r\n]/.test(value), { error: `${what} ${ONE_LINE}` });
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9A-Fa-f:.]+\/\d{1,3})$/;
const cidr = z.string().refine(
    (value) => {
        if (!CIDR.test(value)) return false;
        const [address, bits] = value.split("/") as [string, string];
        const version = isIP(address);
        return version !== 0 && Number(bits) <= (version === 4 ? 32 : 128);
    },
    { error: (iss) => `${describeValue(iss.input)} is not a CIDR such as 10.20.0.0/16` },
);
const labels = z.record(
    z.string().regex(LABEL_KEY, { error: (iss) => `${describeValue(iss.input)} is not a label key` }),
    z.string().regex(LABEL_VALUE_OR_EMPTY, { error: (iss) => `${describeValue(iss.input)} is not a label value` }),
);
const port = z.number().int().min(1).max(65535);
// The agent group's choices are still typed `string` in its argument interface (the DR
// components' choices are literal unions, and enums of the multi-language schema: see
// provider/README.md); validation holds the values.
/** How hard the agents are kept apart: the scheduler prefers it, or requires it. */
const spread = z.enum(["preferred", "required"]);

const egressTarget = z
    .strictObject({
        cidr: cidr.optional(),
        except: z.array(cidr).optional(),
        namespaceSelector: labels.optional(),
        podSelector: labels.optional(),
        ports: z
            .array(
                z
                    .strictObject({
                        port,
                        endPort: port.optional(),
                        protocol: z.enum(["TCP", "UDP", "SCTP"]).default("TCP"),
                    })
                    .refine((p) => p.endPort === undefined || p.endPort >= p.port, { error: "endPort must not be below port", path: ["endPort"] }),
            )
            .min(1, { error: "list the ports the agents reach on this target: no ports would mean every port" }),
    })
    .superRefine((target, ctx) => {
        const selected = target.namespaceSelector !== undefined || target.podSelector !== undefined;
        if ((target.cidr === undefined) === !selected) {
            ctx.addIssue({ code: "custom", message: "give either cidr, or namespaceSelector and/or podSelector (not both, not neither)" });
        }
        if (target.except && target.cidr === undefined) ctx.addIssue({ code: "custom", path: ["except"], message: "except applies to a cidr only" });
    });

/** The agent group's arguments: one schema, so every problem is reported in one run. */
export const agentGroupArgsSchema = z
    .strictObject({
        /** The identifier of the agent group created in Oracle Integration. */
        agentGroupIdentifier: z.string().regex(LABEL_VALUE, {
            error: "must be 1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
        }),
        /** Agents in the group; Oracle Integration allows at most two. */
        replicas: z
            .number()
            .int()
            .min(1)
            .max(MAX_AGENTS_PER_GROUP, {
                error: (iss) => `${describeValue(iss.input)} agents; an agent group holds at most ${MAX_AGENTS_PER_GROUP}`,
            })
            .default(MAX_AGENTS_PER_GROUP),
        image: z.string().min(1, { error: "an image is required: Oracle publishes no connectivity agent image" }),
        imagePullSecrets: z.array(z.string().min(1)).default([]),
        /** Namespace to create, or an existing one (create: false). Default: one named after the component. */
        namespace: z.strictObject({ name: kubernetesName(NAME_RULES.dns1123Label), create: z.boolean().default(true) }).optional(),
        distributionPath: z.string().startsWith("/").default("/opt/oic-agent"),
        /** Relative to the install directory; see agentGroup/initScript.ts (its location is unverified). */
        agentVersionFile: z
            .string()
            .min(1)
            .refine((value) => !value.startsWith("/") && !value.split("/").includes("..") && !/[\r\n]/.test(value), {
                error: "must be a path inside the install directory (relative, no '..')",
            })
            .default(DEFAULT_AGENT_VERSION_FILE),
        command: z.array(z.string().min(1)).min(1).default(["java", "-jar", "connectivityagent.jar"]),
        /** JVM options, passed as JAVA_TOOL_OPTIONS: Oracle's 4 GB heap, and a heap dump on OutOfMemoryError. */
        javaOptions: z.string().default("-Xmx4g -XX:+HeapDumpOnOutOfMemoryError"),
        runAsUser: z.number().int().min(1, { error: "the agent must not run as root (uid 0)" }).default(1000),
        resources: z
            .strictObject({
                cpu: quantity.default("1"),
                memory: quantity.default("8Gi"),
                memoryLimit: quantity.default("8Gi"),
            })
            .refine((r) => quantityValue(r.memory) <= quantityValue(r.memoryLimit), {
                error: (iss) => {
                    const r = iss.input as { memory: string; memoryLimit: string };
                    return `memory request ${r.memory} is above the limit ${r.memoryLimit}; the API server refuses it (Oracle's minimum is 8Gi for both)`;
                },
                path: ["memory"],
            })
            .prefault({}),
        storage: z.strictObject({ size: quantity.default("10Gi"), storageClassName: z.string().min(1).optional() }).prefault({}),
        /** Node label of the failure domain the agents are spread over. */
        zoneTopologyKey: z.string().regex(LABEL_KEY, { error: (iss) => `${describeValue(iss.input)} is not a node label key` }).default("topology.kubernetes.io/zone"),
        zoneSpread: spread.default("preferred"),
        nodeSpread: spread.default("preferred"),
        networkPolicy: z.boolean().default(true),
        egressTargets: z.array(egressTarget).default([]),
        dnsNamespaceSelector: labels.default({ "kubernetes.io/metadata.name": "kube-system" }),
        dnsPodSelector: labels.default({ "k8s-app": "kube-dns" }),
        oracleCidrs: z.array(cidr).min(1).optional(),
        sharedVolume: z
            .strictObject({
                existingClaim: kubernetesName(NAME_RULES.dns1123Subdomain).optional(),
                size: quantity.optional(),
                storageClassName: z.string().min(1).optional(),
                mountPath: z.string().startsWith("/").default(SHARED_MOUNT),
            })
            .superRefine((v, ctx) => {
                if (v.existingClaim && (v.size || v.storageClassName)) {
                    ctx.addIssue({ code: "custom", message: "size and storageClassName apply to a claim created here, not to existingClaim" });
                }
                if (!v.existingClaim && !v.size) ctx.addIssue({ code: "custom", path: ["size"], message: "required to create a ReadWriteMany claim (or give existingClaim)" });
            })
            .optional(),
        oicUrl: url,
        oauth: z.strictObject({
            idcsUrl: url,
            scope: text,
            clientId: text,
            clientSecret: secretOutput,
        }),
        proxy: z
            .strictObject({
                host: oneLine("host").refine((h) => !/[\s/]/.test(h), { error: "host must be a host name or IP address, without scheme or path" }),
                port,
                username: oneLine("username").optional(),
                password: secretOutput.optional(),
                nonProxyHosts: oneLine("nonProxyHosts").optional(),
                cidrs: z.array(cidr).min(1).optional(),
            })
            .optional(),
    })
    .superRefine((settings, ctx) => {
        if (settings.networkPolicy && settings.proxy && !proxyCidrs(settings.proxy)) {
            ctx.addIssue({
                code: "custom",
                path: ["proxy", "cidrs"],
                message: `required when proxy.host ${describeValue(settings.proxy.host)} is a name: a NetworkPolicy allows addresses, not names (or set networkPolicy: false)`,
            });
        }
    });
export type AgentGroupSettings = z.output<typeof agentGroupArgsSchema>;
