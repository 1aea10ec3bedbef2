/**
 * `file-server-hostnames`: no connection reaches File Server by IP address. The guide (seed 000,
 * "Configure File Server for Disaster Recovery", a failover prerequisite) requires clients to name
 * File Server by host and port, never by IP address: after a failover the name follows the new
 * primary, an address does not. A requirement of the guide: mandatory.
 *
 * What the OIC REST API shows: each connection's `connection-properties` and adapter type ("Retrieve
 * Connections", oicRestClient.ts). File Server is reached over SFTP through the FTP adapter, so the
 * connections judged are those whose adapter type names FTP; the API does not say which host is File
 * Server, so an FTP connection to any host given as an IP address fails (if it is another SFTP
 * server, its own DR decides, and the finding says so). SFTP clients outside OIC are not visible here.
 */
import { isIP } from "node:net";
import { ORACLE_MANAGED_DR_GUIDE } from "../../../facts/factSource";
import type { ConnectionState } from "../../clients/oicRestClient";
import { notRun, type ReadinessCheck } from "../model";
import { oicPair, primaryClient } from "./oicSides";

const FTP_ADAPTER = /ftp/i;

/** The IP address a property value names as its host (a bare address, `address:port`, or a URL's host), if any. */
export function ipHostOf(value: string): string | undefined {
    const text = value.trim();
    if (isIP(text)) return text;
    const hostPort = /^\[?([^\]\s/]+?)\]?:\d+$/.exec(text)?.[1];
    if (hostPort && isIP(hostPort)) return hostPort;
    try {
        const host = new URL(text).hostname.replace(/^\[|\]$/g, "");
        if (isIP(host)) return host;
    } catch {
        // Not a URL: nothing more to read in it.
    }
    return undefined;
}

function byAddress(connection: ConnectionState): string[] {
    return connection.properties.flatMap((p) => {
        const ip = ipHostOf(p.value);
        return ip === undefined ? [] : [`${connection.id} ${p.name}=${ip}`];
    });
}

export const fileServerHostnames: ReadinessCheck = {
    id: "file-server-hostnames",
    title: "No connection reaches File Server by IP address",
    mandatory: true,
    source: { title: `${ORACLE_MANAGED_DR_GUIDE.title}: Configure File Server for Disaster Recovery`, url: ORACLE_MANAGED_DR_GUIDE.url },
    async run(context) {
        const primary = primaryClient(await oicPair(context));
        if ("notRun" in primary) return notRun(primary.notRun);
        const connections = await primary.client.listConnections();
        const ftp = connections.filter((c) => c.adapterType !== undefined && FTP_ADAPTER.test(c.adapterType));
        const offending = ftp.flatMap(byAddress);
        const region = primary.side.side.region;
        if (offending.length === 0) {
            return { status: "PASS", found: `primary ${region}: ${connections.length} connections, ${ftp.length} through the FTP adapter, none by IP address (SFTP clients outside OIC not checked)`, todo: null };
        }
        return {
            status: "FAIL",
            found: `primary ${region}: FTP connections by IP address: ${offending.join(", ")}`,
            todo: "give File Server's hostname and port in these connections (and in SFTP clients outside OIC), not its IP address; a connection to another SFTP server by IP is that server's DR to judge",
        };
    },
};
