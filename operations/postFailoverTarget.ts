/**
 * Where the post-failover calls go: the new primary's design-time URL and its `integrationInstance`
 * name, from the instance as `GetIntegrationInstance` returns it on the new primary
 * (`instanceDesignTimeUrl`, node_modules/oci-integration/lib/model/integration-instance.d.ts:110),
 * or from the flags, which win.
 *
 * Not verified here: the SDK documents `instanceDesignTimeUrl` only as "The Integration Instance
 * Design Time URL". Oracle's "Send Requests" page
 * (https://docs.oracle.com/en/cloud/paas/application-integration/rest-api/SendRequests.html) shows
 * the design-time URL as `https://design.integration.<region>.ocp.oraclecloud.com/?integrationInstance=<name>`;
 * the name is taken from that query when the URL carries it, and must be given as a flag otherwise.
 */
import { OperationError } from "./operationError";

export interface PostFailoverTarget {
    designUrl: URL;
    integrationInstance: string;
}

/** The new primary's design-time host or instance name cannot be found: exit 2, as any OperationError. */
export class TargetError extends OperationError {
    override readonly name = "TargetError";
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https, or plain http to this machine only: a token or secret never crosses a network in clear. */
export function isSecureEnough(url: URL): boolean {
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

export function postFailoverTarget(
    instance: { instanceDesignTimeUrl?: string; displayName?: string } | undefined,
    flags: { designHost?: URL; integrationInstance?: string },
): PostFailoverTarget {
    let fromInstance: URL | undefined;
    if (instance?.instanceDesignTimeUrl) {
        try {
            fromInstance = new URL(instance.instanceDesignTimeUrl);
        } catch {
            throw new TargetError(`the new primary's instanceDesignTimeUrl "${instance.instanceDesignTimeUrl}" is not a URL; give --design-host`);
        }
    }
    if (fromInstance && !flags.designHost && !isSecureEnough(fromInstance)) {
        throw new TargetError(`the new primary's instanceDesignTimeUrl ${fromInstance.origin} is not https; give --design-host`);
    }
    const designUrl = flags.designHost ?? (fromInstance ? new URL(fromInstance.origin) : undefined);
    if (!designUrl) {
        throw new TargetError(`no design-time host: the new primary${instance?.displayName ? ` (${instance.displayName})` : ""} reports no instanceDesignTimeUrl; give --design-host`);
    }
    const integrationInstance = flags.integrationInstance ?? fromInstance?.searchParams.get("integrationInstance") ?? undefined;
    if (!integrationInstance) {
        throw new TargetError(
            `no integrationInstance name: ${fromInstance ? `the design-time URL ${fromInstance.origin}${fromInstance.pathname} does not carry one` : "none was given"}; give --integration-instance (the Service instance field of the instance's About page)`,
        );
    }
    return { designUrl, integrationInstance };
}
