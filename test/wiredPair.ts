/**
 * The pair wired end to end for the tests that reach the OIC REST API: the Integration API fake
 * reports each instance's design-time URL, which names an OIC REST fake of its own (one per
 * instance, sharing the Ashburn one's identity domain), as Oracle's hosts are laid out. Used by the
 * post-failover/drill tests and the readiness OIC checks alike.
 */
import type { FakeIntegrationApi } from "./fakes/integrationApiServer";
import { startFakeOic, type FakeAgentGroup, type FakeConnection, type FakeIntegration, type FakeOicServer } from "./fakes/oicRestServer";
import { ASHBURN, COMPARTMENT, PHOENIX, PRIMARY_ID, STANDBY_ID } from "./operationsPair";

// Names as Oracle's example shows them: the standby's carries "remote" (seed 000, built-in API calls).
export const IAD_NAME = "orders-oic-bxffubagcv29-to";
export const PHX_NAME = "orders-oic-remote-bxffubagcv29-yu";
export const IAD_SCOPE = "https://AAAA0000.integration.us-ashburn-1.ocp.oraclecloud.com:443urn:opc:resource:consumer::all";
export const PHX_SCOPE = "https://BBBB1111.integration.us-phoenix-1.ocp.oraclecloud.com:443urn:opc:resource:consumer::all";
export const CLIENT_ID = "5f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b_APPID";
export const CLIENT_SECRET = "idcscs-7c1e2f9a-0b4d-4c6e-9f3a-2d8b7e6c5a41";

/** What both instances hold (the design is replicated); the standby's agent groups may differ. */
export interface WiredDesign {
    integrations?: FakeIntegration[];
    connections?: FakeConnection[];
    agentGroups?: FakeAgentGroup[];
    standbyGroups?: FakeAgentGroup[];
    maxPageSize?: number;
}

/** The two OIC fakes, and the pair added to `oci` with their design-time URLs. */
export async function startWiredPair(oci: FakeIntegrationApi, design: WiredDesign): Promise<{ iad: FakeOicServer; phx: FakeOicServer }> {
    const common = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, integrations: design.integrations ?? [], connections: design.connections ?? [], maxPageSize: design.maxPageSize };
    const iad = await startFakeOic({ ...common, agentGroups: design.agentGroups ?? [], integrationInstance: IAD_NAME, scope: IAD_SCOPE });
    const phx = await startFakeOic({ ...common, agentGroups: design.standbyGroups ?? design.agentGroups ?? [], integrationInstance: PHX_NAME, scope: PHX_SCOPE, identityDomain: iad });
    iad.grantScope(PHX_SCOPE);
    oci.addPair(
        {
            id: PRIMARY_ID, region: ASHBURN, displayName: "oic-dr", compartmentId: COMPARTMENT, lifecycleState: "ACTIVE",
            regionalInstanceUrl: "https://oic-dr-iad.example.com", designTimeUrl: `${iad.url}/?integrationInstance=${IAD_NAME}`,
        },
        {
            id: STANDBY_ID, region: PHOENIX, displayName: "oic-dr", compartmentId: COMPARTMENT, lifecycleState: "ACTIVE",
            regionalInstanceUrl: "https://oic-dr-phx.example.com", designTimeUrl: `${phx.url}/?integrationInstance=${PHX_NAME}`,
        },
    );
    return { iad, phx };
}
