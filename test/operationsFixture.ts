import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIntegrationApi, type FakeIntegrationApi } from "./fakes/integrationApiServer";

export { ASHBURN, COMPARTMENT, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, USER, activeInstance } from "./operationsPair";
import { activeInstance, ASHBURN, PHOENIX, PRIMARY_ID, PROFILE, STANDBY_ID, TENANCY, USER } from "./operationsPair";

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
