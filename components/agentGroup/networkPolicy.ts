/**
 * The agents' egress, as NetworkPolicy rules: what the agents exist to reach, and nothing else.
 *
 * - DNS (UDP and TCP 53: large answers fall back to TCP, RFC 7766) only to the cluster's DNS
 *   pods, found by a namespace and pod selector. The default matches kube-dns and CoreDNS as
 *   kubeadm, k3s and the managed services deploy them (namespace kube-system, label
 *   k8s-app=kube-dns); other distributions (OpenShift: openshift-dns) set their own.
 * - 443: to the OIC and identity-domain CIDRs when given (the agents fetch tokens from
 *   `oic_IDCS_URL` as well as calling `oic_URL`), else to any address. Oracle asks for exactly
 *   this allow-list when outbound traffic is filtered by address
 *   (https://docs.oracle.com/en/cloud/paas/application-integration/integrations-user/agent-download-and-installation.html).
 * - With a proxy, the proxy's port on the proxy's addresses instead: the agents reach Oracle
 *   through it. A NetworkPolicy matches addresses, not names, so the proxy's CIDRs are required
 *   unless its host is an IP address.
 * - Every configured target: a CIDR (optionally with exceptions) or a namespace/pod selector,
 *   on its own ports (databases 1521, SFTP 22, MQ 1414, Kafka 9092...).
 *
 * Shapes from the Kubernetes API (networking.k8s.io/v1 NetworkPolicyEgressRule, NetworkPolicyPeer,
 * NetworkPolicyPort: https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/);
 * the rendered policy is validated against the OpenAPI schema in test/agentGroupManifests.test.ts.
 */
import { isIP } from "node:net";

export interface EgressPortSettings {
    port: number;
    endPort?: number;
    protocol: "TCP" | "UDP" | "SCTP";
}

export interface EgressTargetSettings {
    cidr?: string;
    except?: string[];
    namespaceSelector?: Record<string, string>;
    podSelector?: Record<string, string>;
    ports: EgressPortSettings[];
}

export interface EgressSettings {
    targets: EgressTargetSettings[];
    dnsNamespaceSelector: Record<string, string>;
    dnsPodSelector: Record<string, string>;
    oracleCidrs?: string[];
    proxy?: { host: string; port: number; cidrs?: string[] };
}

interface Peer {
    ipBlock?: { cidr: string; except?: string[] };
    namespaceSelector?: { matchLabels: Record<string, string> };
    podSelector?: { matchLabels: Record<string, string> };
}
export interface EgressRule {
    to?: Peer[];
    ports: { protocol: string; port: number; endPort?: number }[];
}

/** The single address of an IP literal as a CIDR. */
export function hostCidr(host: string): string | undefined {
    const version = isIP(host);
    return version === 4 ? `${host}/32` : version === 6 ? `${host}/128` : undefined;
}

const ipBlocks = (cidrs: readonly string[]): Peer[] => cidrs.map((cidr) => ({ ipBlock: { cidr } }));

function targetPeer(target: EgressTargetSettings): Peer {
    if (target.cidr) return { ipBlock: { cidr: target.cidr, ...(target.except?.length ? { except: target.except } : {}) } };
    return {
        // An empty namespace selector would mean every namespace: absent means the agents' own.
        ...(target.namespaceSelector ? { namespaceSelector: { matchLabels: target.namespaceSelector } } : {}),
        ...(target.podSelector ? { podSelector: { matchLabels: target.podSelector } } : {}),
    };
}

/** The proxy's addresses: its CIDRs, or its host when that is an IP address. */
export function proxyCidrs(proxy: NonNullable<EgressSettings["proxy"]>): string[] | undefined {
    if (proxy.cidrs?.length) return proxy.cidrs;
    const single = hostCidr(proxy.host);
    return single ? [single] : undefined;
}

export function egressRules(settings: EgressSettings): EgressRule[] {
    const rules: EgressRule[] = [
        {
            to: [{ namespaceSelector: { matchLabels: settings.dnsNamespaceSelector }, podSelector: { matchLabels: settings.dnsPodSelector } }],
            ports: [
                { protocol: "UDP", port: 53 },
                { protocol: "TCP", port: 53 },
            ],
        },
    ];
    if (settings.proxy) {
        const cidrs = proxyCidrs(settings.proxy);
        // Validation refuses a proxy named by host without CIDRs while the policy is on.
        if (!cidrs) throw new Error(`proxy ${settings.proxy.host}: no addresses to allow (set proxy.cidrs)`);
        rules.push({ to: ipBlocks(cidrs), ports: [{ protocol: "TCP", port: settings.proxy.port }] });
    }
    if (settings.oracleCidrs?.length) {
        rules.push({ to: ipBlocks(settings.oracleCidrs), ports: [{ protocol: "TCP", port: 443 }] });
    } else if (!settings.proxy) {
        rules.push({ ports: [{ protocol: "TCP", port: 443 }] });
    }
    for (const target of settings.targets) {
        rules.push({
            to: [targetPeer(target)],
            ports: target.ports.map((p) => ({ protocol: p.protocol, port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}) })),
        });
    }
    return rules;
}
