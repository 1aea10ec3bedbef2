/**
 * DrAlarms when the roles of the pair move (issue 20): the severity of each unreachable alarm
 * follows the region that hosts the primary now (`activeRegion`), and the bodies, which stay in
 * OCI until the next `pulumi up`, assert no role.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import type { OfflineEngine, RecordedResource } from "../engine/offlineEngine";
import { activeRegionOf, DrAlarms, UNREACHABLE_BODY_MAX_CHARS, type DrAlarmsArgs } from "../components/drAlarms/drAlarms";
import { SpecValidationError } from "../components/support/validation";
import { byType, mockEngine, providerOf } from "./harness";

const ALARM = "oci:Monitoring/alarm:Alarm";
const PRIMARY = "us-ashburn-1";
const PARTNER = "us-phoenix-1";
const urlOf = (region: string) => `https://orders-oic-${region}.integration.${region}.ocp.oraclecloud.com`;

let engine: OfflineEngine;

const alarmsArgs = (overrides: Partial<DrAlarmsArgs> = {}): DrAlarmsArgs => ({
    primaryRegion: PRIMARY,
    compartmentId: "ocid1.compartment.oc1..aaaa",
    displayName: "orders",
    regionalUrls: { primary: urlOf(PRIMARY), secondary: urlOf(PARTNER) },
    ...overrides,
});

/** The unreachable alarm on `watched`'s endpoint. */
function alarmOn(watched: string): RecordedResource {
    const alarm = byType(engine.resources, ALARM).find((a) => a.inputs.displayName === `orders unreachable in ${watched}`);
    expect(alarm, `the alarm on ${watched}`).toBeDefined();
    return alarm!;
}

/** Constructs DrAlarms in a fresh engine and returns its unreachable alarms, by the region they watch. */
async function alarmsWith(overrides: Partial<DrAlarmsArgs>): Promise<Record<string, RecordedResource>> {
    engine = await mockEngine({ preview: false });
    new DrAlarms("alarms", alarmsArgs(overrides));
    await engine.settle();
    return { [PRIMARY]: alarmOn(PRIMARY), [PARTNER]: alarmOn(PARTNER) };
}

describe("DrAlarms severities follow the region that hosts the primary now", () => {
    it("pages for primaryRegion and warns for the partner when activeRegion is absent or primaryRegion", async () => {
        for (const activeRegion of [undefined, PRIMARY]) {
            const alarms = await alarmsWith({ activeRegion });
            expect(alarms[PRIMARY]!.inputs.severity, String(activeRegion)).toBe("CRITICAL");
            expect(alarms[PARTNER]!.inputs.severity, String(activeRegion)).toBe("WARNING");
        }
    });

    it.each([
        ["text", PARTNER],
        ["an Output", pulumi.output(PARTNER)],
    ])("after a failover (activeRegion the partner, as %s), pages for the partner's region and warns for primaryRegion", async (_form, activeRegion) => {
        const alarms = await alarmsWith({ activeRegion });
        expect(alarms[PARTNER]!.inputs.severity).toBe("CRITICAL");
        expect(alarms[PRIMARY]!.inputs.severity).toBe("WARNING");
        // Each alarm stays in the region that probes the other one.
        expect(providerOf(engine.resources, alarms[PARTNER]!)?.inputs.region).toBe(PRIMARY);
        expect(providerOf(engine.resources, alarms[PRIMARY]!)?.inputs.region).toBe(PARTNER);
    });

    it("takes severity and probe.standbySeverity for the roles of now", async () => {
        const alarms = await alarmsWith({ activeRegion: PARTNER, severity: "ERROR", probe: { standbySeverity: "INFO" } });
        expect(alarms[PARTNER]!.inputs.severity).toBe("ERROR");
        expect(alarms[PRIMARY]!.inputs.severity).toBe("INFO");
    });

    it("keeps every resource, its URN and everything but the severity when the roles move", async () => {
        await alarmsWith({});
        const before = engine.resources.map((r) => ({ urn: r.urn, inputs: { ...r.inputs, severity: undefined } }));
        await alarmsWith({ activeRegion: PARTNER });
        const after = engine.resources.map((r) => ({ urn: r.urn, inputs: { ...r.inputs, severity: undefined } }));
        expect(after.map((r) => r.urn).sort()).toEqual(before.map((r) => r.urn).sort());
        expect(after).toEqual(before);
    });

    it("with watchStandby false probes only the instance in primaryRegion, which warns once it is the standby", async () => {
        engine = await mockEngine({ preview: false });
        new DrAlarms("alarms", alarmsArgs({ activeRegion: PARTNER, probe: { watchStandby: false } }));
        await engine.settle();
        expect(byType(engine.resources, ALARM).map((a) => a.inputs.displayName)).toEqual([`orders unreachable in ${PRIMARY}`]);
        expect(alarmOn(PRIMARY).inputs.severity).toBe("WARNING");
    });
});

describe("DrAlarms activeRegion that is not a region of the pair", () => {
    beforeEach(async () => {
        engine = await mockEngine({ preview: false });
    });

    it("is refused as text before anything is registered, naming the field, the value and the allowed regions", async () => {
        const construct = () => new DrAlarms("alarms", alarmsArgs({ activeRegion: "eu-frankfurt-1" }));
        expect(construct).toThrow(SpecValidationError);
        expect(construct).toThrow('activeRegion: "eu-frankfurt-1" is not a region of this pair; allowed: us-ashburn-1, us-phoenix-1');
        await engine.settle();
        expect(engine.resources).toHaveLength(0);
    });

    it("is refused once known when it comes as an Output; empty or absent counts as primaryRegion", () => {
        expect(() => activeRegionOf("eu-frankfurt-1", [PRIMARY, PARTNER])).toThrow(
            'DrAlarms activeRegion: "eu-frankfurt-1" is not a region of this pair; allowed: us-ashburn-1, us-phoenix-1',
        );
        expect(activeRegionOf(undefined, [PRIMARY, PARTNER])).toBe(PRIMARY);
        expect(activeRegionOf("", [PRIMARY, PARTNER])).toBe(PRIMARY);
        expect(activeRegionOf(PARTNER, [PRIMARY, PARTNER])).toBe(PARTNER);
    });
});

describe("DrAlarms bodies are right whatever the roles", () => {
    it("are the same for either activeRegion, and say how to tell the roles and what to do in each case", async () => {
        const asCreated = await alarmsWith({});
        const failedOver = await alarmsWith({ activeRegion: PARTNER });
        for (const [watched, probe] of [
            [PRIMARY, PARTNER],
            [PARTNER, PRIMARY],
        ] as const) {
            const body = asCreated[watched]!.inputs.body as string;
            expect(failedOver[watched]!.inputs.body).toBe(body);
            expect(body).toContain(`oic-dr status --region ${probe} --stack-outputs outputs.json`);
            expect(body).toContain(`If ${watched} does, users are affected: fail over from ${probe} with oic-dr failover --region ${probe} `);
            expect(body).toContain(`If ${probe} does, users are not affected, but a failover back to ${watched} would fail now.`);
            // No role asserted: the body never names the watched instance's role, and never sends
            // a failover to a region (the one probing may already host the primary).
            expect(body).not.toMatch(/\b(primary|secondary|standby) instance's\b|while the primary in|fail over to\b|failover to\b/i);
        }
        expect(asCreated[PRIMARY]!.inputs.body).toBe(
            "Oracle Integration orders: the endpoint in us-ashburn-1 has failed its health checks from us-phoenix-1. " +
                "Which region hosts the primary now: oic-dr status --region us-phoenix-1 --stack-outputs outputs.json --pair <pair>. " +
                "If us-ashburn-1 does, users are affected: fail over from us-phoenix-1 with oic-dr failover --region us-phoenix-1 --stack-outputs outputs.json --pair <pair> " +
                "(or Start failover on the standby in us-phoenix-1's console), then oic-dr post-failover. " +
                "If us-phoenix-1 does, users are not affected, but a failover back to us-ashburn-1 would fail now. " +
                "Follow the runbook in the stack output runbookMarkdown.",
        );
    });

    it.each([
        ["a short runbookUrl", "https://wiki.example.com/oic-dr", true],
        ["a runbookUrl too long for the body", `https://wiki.example.com/${"runbook/".repeat(200)}`, false],
    ])("stay within the body budget with the longest displayName and %s", async (_what, runbookUrl, linked) => {
        const displayName = `o${"r".repeat(49)}`;
        engine = await mockEngine({ preview: false });
        new DrAlarms("alarms", alarmsArgs({ displayName, runbookUrl, primaryRegion: "ap-melbourne-1", regionalUrls: { primary: urlOf("ap-melbourne-1"), secondary: urlOf("ap-sydney-1") } }));
        await engine.settle();
        const bodies = byType(engine.resources, ALARM).map((a) => a.inputs.body as string);
        expect(bodies).toHaveLength(2);
        for (const body of bodies) {
            expect(body.length).toBeLessThanOrEqual(UNREACHABLE_BODY_MAX_CHARS);
            expect(body).toContain(displayName);
            expect(body.includes(runbookUrl)).toBe(linked);
            if (!linked) expect(body).toMatch(/Follow the runbook in the stack output runbookMarkdown\.$/);
        }
    });
});
