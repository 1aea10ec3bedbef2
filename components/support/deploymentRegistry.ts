/**
 * What the pairs of one stack share, declared once by the first pair that needs it: the tag policy
 * (tagPolicies.ts) and the replications of an identity domain (identityDomainReplication.ts).
 *
 * Module state is shared by every component of one program, but one process may run several
 * deployments: tests set new mocks per test, and the automation API runs a program again against a
 * new engine. So each registry is kept per engine: by its address (a multi-language plugin gets a
 * new monitor client at the same address for each Construct call: @pulumi/pulumi
 * provider/server.js configureRuntime), or by the monitor itself when it has no address (mocks).
 */
import * as pulumi from "@pulumi/pulumi";

const byAddress = new Map<string, Map<string, unknown>>();
const byMonitor = new WeakMap<object, Map<string, unknown>>();

/** The registry named `kind` of the running deployment: the same map for every call within it. */
export function deploymentRegistry<T>(kind: string): Map<string, T> {
    const monitor = pulumi.runtime.getMonitor() as { getChannel?: () => { getTarget?: () => string } } | undefined;
    const address = monitor?.getChannel?.()?.getTarget?.();
    const scope = `${pulumi.getProject()}/${pulumi.getStack()}`;
    let registries: Map<string, unknown> | undefined;
    if (monitor === undefined || address !== undefined) {
        const key = `${scope}@${address ?? ""}`;
        registries = byAddress.get(key);
        if (!registries) byAddress.set(key, (registries = new Map()));
    } else {
        registries = byMonitor.get(monitor);
        if (!registries) byMonitor.set(monitor, (registries = new Map()));
    }
    let registry = registries.get(kind) as Map<string, T> | undefined;
    if (!registry) registries.set(kind, (registry = new Map<string, T>()));
    return registry;
}
