/**
 * The readiness context: the pair as read, and the clients every check reads through, each made on
 * first use and once. OCI services go through clients/ociClient.ts serviceClient (signed, bounded,
 * retried like every operation's client; `--endpoint` and `--peer-endpoint` are each region's base
 * URL). The OIC REST API of an instance is reached at the host its design-time URL names, as
 * post-failover finds it (postFailoverTarget.ts), with the OAuth client given for that instance's
 * scope; without one, the checks that need it are NOT_RUN.
 */
import type * as common from "oci-common";
import { retryConfiguration, serviceClient, type ClientSettings, type RegionClient, type ServiceClientClass } from "../clients/ociClient";
import { ClientCredentialsTokens, type ClientCredentials } from "../clients/oauthToken";
import { OicRestClient } from "../clients/oicRestClient";
import { OperationError } from "../operationError";
import { postFailoverTarget } from "../postFailoverTarget";
import type { OicAccess, ReadinessContext, ReadinessOptions } from "./model";
import type { InstanceSide } from "../instancePair";

export interface ContextSettings {
    readonly sides: readonly InstanceSide[];
    readonly clientSettings: ClientSettings;
    readonly integration: (region: string) => Promise<RegionClient>;
    /** The base URL of a region's services, when one was given (--endpoint for --region, --peer-endpoint for the other). */
    readonly endpointOf: (region: string) => string | undefined;
    /** The OAuth client for the instance in a region (its scope names the instance), or none given. */
    readonly oauthFor: (region: string) => ClientCredentials | undefined;
    readonly tenancyId: string | undefined;
    readonly options: ReadinessOptions;
    readonly retryDelayMs?: number;
    readonly now?: Date;
}

export function readinessContext(settings: ContextSettings): ReadinessContext {
    const services = new Map<string, Promise<unknown>>();
    const oicAccess = new Map<string, Promise<OicAccess | { unavailable: string }>>();
    const classIds = new Map<unknown, number>();
    return {
        sides: settings.sides,
        tenancyId: settings.tenancyId,
        options: settings.options,
        now: settings.now ?? new Date(),
        integration: settings.integration,
        retryConfiguration: retryConfiguration(settings.clientSettings),
        service<C extends { endpoint: string; region: common.Region }>(region: string, Client: ServiceClientClass<C>): Promise<C> {
            if (!classIds.has(Client)) classIds.set(Client, classIds.size);
            const key = `${region} ${classIds.get(Client)}`;
            let client = services.get(key) as Promise<C> | undefined;
            if (!client) {
                client = serviceClient(Client, settings.clientSettings, region, settings.endpointOf(region));
                services.set(key, client);
            }
            return client;
        },
        oic(region: string) {
            let access = oicAccess.get(region);
            if (!access) {
                access = oicOf(settings, region);
                oicAccess.set(region, access);
            }
            return access;
        },
    };
}

async function oicOf(settings: ContextSettings, region: string): Promise<OicAccess | { unavailable: string }> {
    const side = settings.sides.find((s) => s.region === region);
    if (!side?.instance) return { unavailable: `the instance in ${region} could not be read` };
    const credentials = settings.oauthFor(region);
    if (!credentials) return { unavailable: "no OAuth client given (--token-url, --scope, --client-id; --peer-scope for the partner)" };
    let target;
    try {
        target = postFailoverTarget({ instanceDesignTimeUrl: side.instance.instanceDesignTimeUrl, displayName: side.instance.displayName }, {});
    } catch (err) {
        if (err instanceof OperationError) return { unavailable: err.message };
        throw err;
    }
    const client = new ReadOnceOicRestClient({
        designUrl: target.designUrl,
        integrationInstance: target.integrationInstance,
        tokens: new ClientCredentialsTokens(credentials),
        timeoutMs: credentials.timeoutMs,
        retryDelayMs: settings.retryDelayMs,
    });
    return { client, designHost: target.designUrl.host };
}

/**
 * The OIC REST client of a readiness run, each list read once: the checks run at once and several
 * read the same list (agents and file-server-hostnames both read the connections), and readiness
 * changes nothing, so one answer serves them all.
 */
class ReadOnceOicRestClient extends OicRestClient {
    private readonly reads = new Map<string, Promise<unknown>>();

    private once<T>(name: string, read: () => Promise<T>): Promise<T> {
        let answer = this.reads.get(name) as Promise<T> | undefined;
        if (!answer) {
            answer = read();
            this.reads.set(name, answer);
        }
        return answer;
    }

    override listAgentGroups() {
        return this.once("agentGroups", () => super.listAgentGroups());
    }

    override listConnections() {
        return this.once("connections", () => super.listConnections());
    }

    override listIntegrations() {
        return this.once("integrations", () => super.listIntegrations());
    }
}
