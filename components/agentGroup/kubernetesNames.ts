/**
 * The Kubernetes names the agent group derives from its Pulumi name (naming.ts, agentObjectNames)
 * and the label syntax its arguments are held to, checked before anything is registered: an
 * invalid name is otherwise accepted by Pulumi and refused by the API server at deploy, after the
 * other objects of the group exist.
 *
 * Rules (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/):
 * - DNS-1123 label (namespaces, and here the StatefulSet, whose pod names become host names):
 *   at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit;
 * - DNS-1035 label (Services): the same, but starting with a letter;
 * - DNS-1123 subdomain (Secrets, PodDisruptionBudgets, NetworkPolicies, claims): at most 253
 *   lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a
 *   letter or digit.
 * - StatefulSet: at most 52 characters. Its pods carry the label `controller-revision-hash:
 *   <name>-<10-character hash>`, a label value of at most 63 characters, so a longer name
 *   creates no pod at all (kubernetes/kubernetes#64023, open).
 */
import { z } from "zod";
import { agentObjectNames, type AgentObjectNames } from "../support/naming";
import type { SpecProblem } from "../support/validation";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_SOURCE = String.raw`[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_SOURCE}$`);

/**
 * Label syntax (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set):
 * a value is at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or
 * digit (or empty); a key is such a name, optionally after a DNS-1123 subdomain prefix and '/'.
 */
const LABEL_NAME_SOURCE = String.raw`[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?`;
export const LABEL_VALUE = new RegExp(`^${LABEL_NAME_SOURCE}$`);
export const LABEL_VALUE_OR_EMPTY = new RegExp(`^(${LABEL_NAME_SOURCE})?$`);
export const LABEL_KEY = new RegExp(`^(${DNS1123_SUBDOMAIN_SOURCE}/)?${LABEL_NAME_SOURCE}$`);

/** kubernetes/kubernetes#64023: 63 (label value) - 1 ('-') - 10 (revision hash). */
export const STATEFULSET_NAME_MAX = 52;

interface NameRule {
    readonly pattern: RegExp;
    readonly max: number;
    readonly rule: string;
}

export const NAME_RULES = {
    dns1123Label: {
        pattern: DNS1123_LABEL,
        max: 63,
        rule: "a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit",
    },
    dns1035Label: {
        pattern: DNS1035_LABEL,
        max: 63,
        rule: "a DNS-1035 label: at most 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
    },
    statefulSet: {
        pattern: DNS1123_LABEL,
        max: STATEFULSET_NAME_MAX,
        rule: `a DNS-1123 label of at most ${STATEFULSET_NAME_MAX} characters (its pods' controller-revision-hash label adds 11): lower-case letters, digits and '-', starting and ending with a letter or digit`,
    },
    dns1123Subdomain: {
        pattern: DNS1123_SUBDOMAIN,
        max: 253,
        rule: "a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
    },
} as const satisfies Record<string, NameRule>;

/** A zod string held to one of the rules, the rule in its error. */
export function kubernetesName(rule: NameRule) {
    return z.string().refine((value) => value.length <= rule.max && rule.pattern.test(value), { error: `must be ${rule.rule}` });
}

const KIND_RULES: Record<keyof AgentObjectNames, { kind: string; rule: NameRule }> = {
    namespace: { kind: "Namespace", rule: NAME_RULES.dns1123Label },
    statefulSet: { kind: "StatefulSet", rule: NAME_RULES.statefulSet },
    service: { kind: "Service", rule: NAME_RULES.dns1035Label },
    disruptionBudget: { kind: "PodDisruptionBudget", rule: NAME_RULES.dns1123Subdomain },
    profileSecret: { kind: "Secret", rule: NAME_RULES.dns1123Subdomain },
    networkPolicy: { kind: "NetworkPolicy", rule: NAME_RULES.dns1123Subdomain },
    sharedClaim: { kind: "PersistentVolumeClaim", rule: NAME_RULES.dns1123Subdomain },
};

const fits = (value: string, rule: NameRule) => value.length <= rule.max && rule.pattern.test(value);

/**
 * Problems with the names `name` gives, one per object kind that would be refused. `namespaceGiven`:
 * the namespace is the user's (`namespace.name`), not derived from the Pulumi name.
 */
export function kubernetesNameProblems(name: string, options: { namespaceGiven: boolean; sharedClaim: boolean }): SpecProblem[] {
    const names = agentObjectNames(name);
    const problems: SpecProblem[] = [];
    for (const key of Object.keys(KIND_RULES) as (keyof AgentObjectNames)[]) {
        if (key === "namespace" && options.namespaceGiven) continue;
        if (key === "sharedClaim" && !options.sharedClaim) continue;
        const { kind, rule } = KIND_RULES[key];
        const value = names[key];
        if (fits(value, rule)) continue;
        problems.push({
            path: "(name)",
            message: `the Pulumi name ${JSON.stringify(name)} gives the ${kind} name ${JSON.stringify(value)} (${value.length} characters), which must be ${rule.rule}; choose a shorter lower-case name such as "orders-agents"`,
        });
    }
    return problems;
}
