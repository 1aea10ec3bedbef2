import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIntegrationApi, type FakeIntegrationApi } from "./fakes/integrationApiServer";

/** The DR pair the operations' tests act on, as the Integration API fake serves it, and the key that signs. */
export const TENANCY = "ocid1.tenancy.oc1..aaaaaaaafaketenancy";
export const USER = "ocid1.user.oc1..aaaaaaaaopsuser";
/** A profile other than DEFAULT, as on-call machines often have. */
export const PROFILE = "OPS";
export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaadrcompartment";
export const ASHBURN = "us-ashburn-1";
export const PHOENIX = "us-phoenix-1";
export const PRIMARY_ID = "ocid1.integrationinstance.oc1.iad.aaaaaaaaprimary";
export const STANDBY_ID = "ocid1.integrationinstance.oc1.phx.aaaaaaaastandby";

/** An ACTIVE instance as the Integration API fake serves it (addPair sets its role). */
export function activeInstance(id: string, region: string, displayName: string, regionalInstanceUrl = `https://${displayName}-${region}.example.com`) {
    return { id, region, displayName, compartmentId: COMPARTMENT, lifecycleState: "ACTIVE", regionalInstanceUrl };
}

/**
 * The Integration API fake of both regions with the pair above, signed with a test key: started
 * afresh for each test, and every request checked to arrive signed. Read `key` and `fake` inside
 * the tests (they are set by the hooks this registers).
 */
export function useIntegrationApiFake(displayName = "oic-dr"): { readonly key: OciTestKey; readonly fake: FakeIntegrationApi } {
    let key: OciTestKey | undefined;
    let fake: FakeIntegrationApi | undefined;
    beforeAll(() => {
        key = createOciTestKey(TENANCY, [{ name: PROFILE, user: USER, region: ASHBURN }]);
    });
    afterAll(() => key?.remove());
    beforeEach(async () => {
        fake = await startFakeIntegrationApi({ expectedKeyId: key!.keyIdOf(USER), publicKey: key!.publicKey, regions: [ASHBURN, PHOENIX] });
        fake.addPair(activeInstance(PRIMARY_ID, ASHBURN, displayName), activeInstance(STANDBY_ID, PHOENIX, displayName));
    });
    afterEach(async () => {
        for (const r of fake!.requests) expect(r.signatureProblem, `${r.method} ${r.path}`).toBeUndefined();
        await fake!.close();
    });
    return {
        get key() {
            return key!;
        },
        get fake() {
            return fake!;
        },
    };
}
