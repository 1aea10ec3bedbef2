/**
 * Roles move: the example stack (stacks/index.ts with stacks/Pulumi.example.yaml) through a
 * switchover and back, `pulumi up` after `pulumi up`, offline: the offline engine runs the program,
 * ./cloudStandIn.ts plays the engine's and the providers' part against the Integration API
 * stand-in, and `oic-dr failover`'s operation fails the pair over in between, as an operator would.
 * After each step: the roles the alarms, the stack outputs (runbook, drPairs) and PairRoles' guard
 * see, and exactly the failovers asked for.
 */
import * as path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { OCI_TYPES } from "../facts/drSupport";
import { loadProject, loadStackConfig } from "../engine/project";
import { runFailover } from "../operations/failover";
import { regionClient } from "../operations/clients/ociClient";
import { CloudStandIn, type UpResult } from "./cloudStandIn";
import { REPO_ROOT } from "./cliRunner";
import { createOciTestKey, type OciTestKey } from "./fakes/ociApiKey";
import { startFakeIntegrationApi, type FakeIntegrationApi } from "./fakes/integrationApiServer";

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaaexampletenancy0000000000000000000000000000000000";
const USER = "ocid1.user.oc1..aaaaaaaarolesmove";
const ASHBURN = "us-ashburn-1";
const PHOENIX = "us-phoenix-1";
const PROJECT = "oic-dr-example";

let key: OciTestKey;
let fake: FakeIntegrationApi;
let cloud: CloudStandIn;
let baseConfig: Record<string, string>;

beforeAll(() => {
    key = createOciTestKey(TENANCY, [{ name: "DEFAULT", user: USER, region: ASHBURN }]);
    baseConfig = loadStackConfig(loadProject(REPO_ROOT), "example").values;
    return () => key.remove();
});

beforeEach(async () => {
    // PairRoles signs as the example's providers do: the OCI config file's DEFAULT profile.
    vi.stubEnv("OCI_CONFIG_FILE", key.configFile);
    fake = await startFakeIntegrationApi({ expectedKeyId: key.keyIdOf(USER), publicKey: key.publicKey, regions: [ASHBURN, PHOENIX] });
    // Failovers finish by the first poll: PairRoles polls every 10 s, which this test need not wait.
    fake.workRequestStatuses = ["SUCCEEDED"];
    cloud = new CloudStandIn(fake, path.join(REPO_ROOT, "stacks", "index.ts"), { project: PROJECT, stack: "example" }, ASHBURN);
});

afterEach(async () => {
    for (const r of fake.requests) expect(r.signatureProblem, `${r.method} ${r.path}`).toBeUndefined();
    await fake.close();
    vi.unstubAllEnvs();
});

/** `pulumi up` with the example's config and these keys changed. */
const up = (changes: Record<string, string | number> = {}) =>
    cloud.up({ ...baseConfig, ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [`${PROJECT}:${k}`, String(v)])) });

/** What one run shows of the roles, wherever they are seen. */
function seen(run: UpResult) {
    expect(run.error).toBeUndefined();
    const alarms = run.resources.filter((r) => r.type === OCI_TYPES.alarm && String(r.inputs.displayName).includes(" unreachable in "));
    const severity = Object.fromEntries(alarms.map((a) => [String(a.inputs.displayName).split(" unreachable in ")[1], a.inputs.severity]));
    const pair = (run.outputs.drPairs as Record<string, { activeRegion: string }>).oic!;
    const guard = cloud.pairRolesState("oic-roles")?.live as { activeRegion: string } | undefined;
    return { severity, drPairs: pair.activeRegion, guard: guard?.activeRegion };
}

const pagesFor = (active: string, standby: string) => ({ [active]: "CRITICAL", [standby]: "WARNING" });

describe("the example stack through a switchover and back", () => {
    it("keeps alarms, outputs and guard on the live roles, and calls exactly the failovers asked for", async () => {
        // 1. Create. PairRoles comes before the instance, so the first run shows the declared roles.
        expect(seen(await up())).toEqual({ severity: pagesFor(ASHBURN, PHOENIX), drPairs: ASHBURN, guard: undefined });
        const stackInstance = cloud.state.get(`${OCI_TYPES.integrationInstance}::oic-instance`)!.id;
        const recoveryInstance = (cloud.state.get(`${OCI_TYPES.integrationInstance}::oic-instance`)!.outputs.disasterRecoveryDetails as { crossRegionIntegrationInstanceDetails: { id: string }[] }[])[0]!.crossRegionIntegrationInstanceDetails[0]!.id;
        expect(seen(await up())).toEqual({ severity: pagesFor(ASHBURN, PHOENIX), drPairs: ASHBURN, guard: ASHBURN });
        expect(fake.executedFailovers).toEqual([]);

        // 2. Switchover by code: one failover, on the standby, and the same run pages for Phoenix.
        expect(seen(await up({ failoverGeneration: 1 }))).toEqual({ severity: pagesFor(PHOENIX, ASHBURN), drPairs: PHOENIX, guard: PHOENIX });
        expect(fake.executedFailovers).toEqual([recoveryInstance]);

        // 3. Up again: nothing called. A change of the instance, now the standby, is refused and never sent.
        expect(seen(await up({ failoverGeneration: 1 }))).toEqual({ severity: pagesFor(PHOENIX, ASHBURN), drPairs: PHOENIX, guard: PHOENIX });
        const updatesBefore = cloud.instanceUpdates.length;
        const refused = await up({ failoverGeneration: 1, messagePacks: 3 });
        expect(refused.error).toMatch(new RegExp(`the instance in ${ASHBURN} is the standby since \\S+: the pair runs in ${PHOENIX}\\..*\\(messagePacks\\) is not sent`));
        expect(cloud.instanceUpdates.length).toBe(updatesBefore);
        expect(fake.executedFailovers).toEqual([recoveryInstance]);

        // 4. Failover by the CLI (Phoenix lost, say): `oic-dr failover --region us-ashburn-1`.
        const rc = await regionClient({ auth: "ApiKey", configFile: key.configFile, timeoutSeconds: 5, maxAttempts: 2, retryBaseDelaySeconds: 0.001 }, ASHBURN, fake.endpointOf(ASHBURN));
        const cli = await runFailover({ rc, instanceId: stackInstance, confirm: async () => true, waitSeconds: 5, pollIntervalSeconds: 0.01 });
        expect(cli.status).toBe("SUCCEEDED");
        expect(fake.executedFailovers).toEqual([recoveryInstance, stackInstance]);

        // 5. Up again: nothing called; everything follows the roles the CLI left.
        expect(seen(await up({ failoverGeneration: 1 }))).toEqual({ severity: pagesFor(ASHBURN, PHOENIX), drPairs: ASHBURN, guard: ASHBURN });
        expect(fake.executedFailovers).toEqual([recoveryInstance, stackInstance]);

        // 6. Switch back to Phoenix by code: one more failover, and the run after it calls nothing.
        expect(seen(await up({ failoverGeneration: 2 }))).toEqual({ severity: pagesFor(PHOENIX, ASHBURN), drPairs: PHOENIX, guard: PHOENIX });
        expect(seen(await up({ failoverGeneration: 2 }))).toEqual({ severity: pagesFor(PHOENIX, ASHBURN), drPairs: PHOENIX, guard: PHOENIX });
        expect(fake.executedFailovers).toEqual([recoveryInstance, stackInstance, recoveryInstance]);

        // The provider's failoverTrigger never fired, and no update reached the instance while it was the standby.
        expect(cloud.providerFailovers).toEqual([]);
        expect(cloud.instanceUpdates).toEqual([]);
    }, 60_000);

    it("moves a stack of the previous release (failoverTrigger in its state, switched over) without a failover", async () => {
        await up();
        // As the previous release left it: the instance's state holds failoverTrigger 1 (its
        // switchover), the pair runs in Phoenix, and no PairRoles exists yet.
        const kept = cloud.state.get(`${OCI_TYPES.integrationInstance}::oic-instance`)!;
        kept.inputs = { ...kept.inputs, failoverTrigger: 1 };
        fake.swapRoles(kept.id);
        cloud.state.clear();
        cloud.state.set(`${OCI_TYPES.integrationInstance}::oic-instance`, kept);

        const upgraded = await up({ failoverGeneration: 1 });
        expect(seen(upgraded)).toEqual({ severity: pagesFor(PHOENIX, ASHBURN), drPairs: PHOENIX, guard: PHOENIX });
        expect(fake.executedFailovers).toEqual([]);
        expect(cloud.providerFailovers).toEqual([]);
        // ignoreChanges keeps the recorded trigger: the instance sees no change at all.
        expect(cloud.instanceUpdates).toEqual([]);
    }, 60_000);
});
