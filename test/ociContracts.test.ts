/**
 * The inputs the library sends meet the OCI API's contracts (facts/ociContracts.ts): values
 * users set are refused at validation, naming field, value and the allowed range; values the
 * library generates (queries, selectors, statements) meet their contract.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import type { OfflineEngine } from "../engine/offlineEngine";
import { parseDrIntegrationSpec } from "../components/drPairedIntegration/schema";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { probeAlarmQuery } from "../components/drAlarms/drAlarms";
import { OCI_TYPES } from "../facts/drSupport";
import { dkimSelector } from "../components/emailDelivery/emailDelivery";
import { parsePolicyStatement } from "../facts/iamPolicySyntax";
import { ALARM, DKIM, HTTP_MONITOR, isoDurationSeconds, PING_MONITOR } from "../facts/ociContracts";
import { drRegionIdentifiers } from "../facts/regions";
import { tagNamespaceStatements } from "../components/tagPolicies/tagPolicies";
import { SpecValidationError } from "../components/support/validation";
import { byType, mockEngine, validSpec } from "./harness";

/** The problem validation reports at `path`, or undefined when the spec is valid there. */
function problemAt(overrides: Record<string, unknown>, path: string): string | undefined {
    try {
        parseDrIntegrationSpec(validSpec(overrides));
        return undefined;
    } catch (err) {
        if (!(err instanceof SpecValidationError)) throw err;
        return err.problems.find((p) => p.path === path)?.message;
    }
}

describe("HttpMonitor (healthchecks/httpMonitor.d.ts:97, :133)", () => {
    it.each([300, 900, 3600, 45])("refuses the interval %i, naming the allowed ones", (interval) => {
        expect(problemAt({ alarms: { probe: { intervalInSeconds: interval } } }, "alarms.probe.intervalInSeconds")).toBe(
            `${interval} is not a Health Checks interval; allowed: 10, 30, 60`,
        );
    });

    it("refuses a timeout Health Checks does not offer, and one longer than the interval", () => {
        expect(problemAt({ alarms: { probe: { timeoutInSeconds: 45 } } }, "alarms.probe.timeoutInSeconds")).toBe("45 is not a Health Checks timeout; allowed: 10, 20, 30, 60");
        expect(problemAt({ alarms: { probe: { intervalInSeconds: 10, timeoutInSeconds: 30 } } }, "alarms.probe.timeoutInSeconds")).toBe(
            "30 s is longer than the interval (10 s); the timeout must be at most the interval",
        );
    });

    it.each(HTTP_MONITOR.intervalsInSeconds.map((interval) => [interval]))("defaults the timeout to one that fits an interval of %i s", (interval) => {
        const { probe } = parseDrIntegrationSpec(validSpec({ alarms: { probe: { intervalInSeconds: interval } } })).alarms;
        expect(HTTP_MONITOR.timeoutsInSeconds).toContain(probe.timeoutInSeconds);
        expect(probe.timeoutInSeconds).toBeLessThanOrEqual(interval);
        expect(probe.timeoutInSeconds).toBe(Math.min(interval, 30));
    });
});

describe("Alarm (monitoring/alarm.d.ts:177, :209)", () => {
    it.each([
        ["pendingDuration", "PT2H", ALARM.pendingDuration],
        ["pendingDuration", "PT30S", ALARM.pendingDuration],
        ["repeatNotificationDuration", "P31D", ALARM.repeatNotificationDuration],
        ["repeatNotificationDuration", "PT30S", ALARM.repeatNotificationDuration],
    ])("refuses %s %s, naming the allowed range", (field, value, range) => {
        expect(problemAt({ alarms: { [field]: value } }, `alarms.${field}`)).toBe(
            `"${value}" is out of range; allowed: an ISO-8601 duration from ${range.minimum} to ${range.maximum}`,
        );
    });

    it("refuses text that is no duration", () => {
        expect(problemAt({ alarms: { pendingDuration: "5 minutes" } }, "alarms.pendingDuration")).toMatch(/^"5 minutes" is not an ISO-8601 duration from PT1M to PT1H/);
    });

    it("reads durations in days, hours, minutes and seconds", () => {
        expect([isoDurationSeconds("PT1M"), isoDurationSeconds("PT1H"), isoDurationSeconds("P30D"), isoDurationSeconds("P1DT1H30M5S")]).toEqual([60, 3600, 2_592_000, 91_805]);
        expect(isoDurationSeconds("P")).toBeUndefined();
        expect(isoDurationSeconds("PT")).toBeUndefined();
    });

    it("groups the vantage points' streams before averaging them, on the metric of the probe's kind", () => {
        expect(probeAlarmQuery("tcp", "ocid1.pingmonitor.oc1..x", 0.5)).toBe('PING.isHealthy[1m]{resourceId = "ocid1.pingmonitor.oc1..x"}.grouping().mean() < 0.5');
        expect(probeAlarmQuery("https", "ocid1.httpmonitor.oc1..x", 0.25)).toBe('HTTP.isHealthy[1m]{resourceId = "ocid1.httpmonitor.oc1..x"}.grouping().mean() < 0.25');
    });
});

describe("the generated values, held to their contracts", () => {
    let engine: OfflineEngine;
    beforeEach(async () => {
        engine = await mockEngine({
            preview: false,
            outputs: ({ type }) =>
                type === OCI_TYPES.integrationInstance
                    ? { disasterRecoveryDetails: [{ role: "PRIMARY", regionalInstanceUrl: "https://oic-primary.example.com", crossRegionIntegrationInstanceDetails: [] }] }
                    : undefined,
        });
    });

    it("every monitor and alarm of the defaults meets the PingMonitor and Alarm contracts", async () => {
        new DrPairedIntegration("oic", validSpec({ alarms: { probe: { intervalInSeconds: 10, standbyUrl: "https://standby.example.com" } } }));
        await engine.settle();
        const monitors = byType(engine.resources, OCI_TYPES.pingMonitor);
        expect(monitors).toHaveLength(2);
        for (const monitor of monitors) {
            expect(PING_MONITOR.protocols).toContain(monitor.inputs.protocol);
            expect(monitor.inputs).toMatchObject({ intervalInSeconds: 10, timeoutInSeconds: 10 });
        }
        const seconds = (text: unknown) => isoDurationSeconds(text as string)!;
        for (const alarm of byType(engine.resources, OCI_TYPES.alarm)) {
            expect(seconds(alarm.inputs.pendingDuration)).toBeGreaterThanOrEqual(seconds(ALARM.pendingDuration.minimum));
            expect(seconds(alarm.inputs.pendingDuration)).toBeLessThanOrEqual(seconds(ALARM.pendingDuration.maximum));
            expect(seconds(alarm.inputs.repeatNotificationDuration)).toBeLessThanOrEqual(seconds(ALARM.repeatNotificationDuration.maximum));
            expect(alarm.inputs.query).toMatch(/\.grouping\(\)\.mean\(\) < /);
        }
    });

    it("DKIM selectors meet the guide's rule and the API's, in every DR region, even from the longest domain label", () => {
        const longLabel = "a".repeat(63);
        for (const region of drRegionIdentifiers) {
            for (const domain of [{ name: `${longLabel}.example.com` }, { name: "mail.example.com", dkimSelectorPrefix: "x".repeat(59) }]) {
                const selector = dkimSelector({ domain }, region)!;
                expect(selector, selector).toMatch(DKIM.guideSelector);
                expect(selector).toMatch(DKIM.apiSelector);
            }
        }
    });

    it("refuses a prefix the guide would refuse, naming the rule", () => {
        for (const prefix of ["Mail", "mail_2026", "x".repeat(60), "-mail"]) {
            expect(problemAt({ emailDelivery: { senders: ["a@example.com"], domain: { name: "example.com", dkimSelectorPrefix: prefix } } }, "emailDelivery.domain.dkimSelectorPrefix")).toMatch(
                /is not a DKIM selector prefix: 1 to 59 lower-case letters, digits and dashes/,
            );
        }
    });
});

describe("ONS subscriptions whose endpoint lives in one region", () => {
    const FN = { primary: "ocid1.fnfunc.oc1.iad.aaaaprimary", secondary: "ocid1.fnfunc.oc1.phx.aaaasecondary" };

    it("refuses one ORACLE_FUNCTIONS endpoint for both regions, and asks for one per region", () => {
        expect(problemAt({ alarms: { subscriptions: [{ protocol: "ORACLE_FUNCTIONS", endpoint: FN.primary }] } }, "alarms.subscriptions.0.endpoints")).toMatch(
            /^ORACLE_FUNCTIONS endpoints live in one region: give endpoints: \{ primary, secondary \}.*\(endpoint is refused\)$/,
        );
        expect(problemAt({ alarms: { subscriptions: [{ protocol: "EMAIL" }] } }, "alarms.subscriptions.0.endpoint")).toMatch(/give endpoint .* or endpoints/);
    });

    it("subscribes each region's topic to that region's function", async () => {
        const engine = await mockEngine();
        new DrPairedIntegration("oic", validSpec({ alarms: { subscriptions: [{ protocol: "ORACLE_FUNCTIONS", endpoints: FN }] } }));
        await engine.settle();
        const endpoints = byType(engine.resources, OCI_TYPES.subscription).map((s) => s.inputs.endpoint).sort();
        expect(endpoints).toEqual([FN.primary, FN.secondary]);
    });
});

describe("ONS subscription endpoints ONS refuses or never delivers to (ons/subscription.d.ts:77, Notifications' subscription pages)", () => {
    const endpointProblem = (subscription: Record<string, unknown>, field = "endpoint") => problemAt({ alarms: { subscriptions: [subscription] } }, `alarms.subscriptions.0.${field}`);

    it.each([
        ["EMAIL", "oncall.example.com", '"oncall.example.com" is not an email address'],
        ["EMAIL", "on call@example.com", '"on call@example.com" is not an email address'],
        ["SMS", "14255550100", '"14255550100" is not a phone number in E.164 form'],
        ["SMS", "+1 425 555 0100", '"+1 425 555 0100" is not a phone number in E.164 form'],
        ["SMS", "+0014255550100", '"+0014255550100" is not a phone number in E.164 form'],
        ["SMS", "+1234567890123456", '"+1234567890123456" is not a phone number in E.164 form'],
    ])("refuses the %s endpoint %j, naming the value and the form", (protocol, endpoint, problem) => {
        expect(endpointProblem({ protocol, endpoint })).toMatch(new RegExp(`^${problem.replace(/[+.]/g, "\\$&")}`));
    });

    it("takes an address, an E.164 number and an https or http URL", () => {
        for (const [protocol, endpoint] of [
            ["EMAIL", "oncall@example.com"],
            ["SMS", "+14255550100"],
            ["SLACK", "https://hooks.slack.com/services/T0/B0/key"],
            ["PAGERDUTY", "https://events.pagerduty.com/integration/key/enqueue"],
            ["CUSTOM_HTTPS", "http://user:pass@hooks.example.com/oic"],
        ]) {
            expect(endpointProblem({ protocol, endpoint }), `${protocol} ${endpoint}`).toBeUndefined();
        }
    });

    it.each([
        ["SLACK", "hooks.slack.com/services/T0/B0/secret-key", "the endpoint is not a URL; SLACK takes an http: or https: URL"],
        ["PAGERDUTY", "ftp://events.pagerduty.com/secret-key", "the endpoint is not an http: or https: URL; PAGERDUTY takes one"],
        ["CUSTOM_HTTPS", "https://hooks.example.com/oic?token=secret-key", "the endpoint has query parameters, which CUSTOM_HTTPS endpoints do not take"],
        ["HTTPS", `https://hooks.example.com/secret-key/${"x".repeat(500)}`, "the endpoint is 537 characters long; a URL endpoint takes at most 512"],
    ])("refuses a %s URL ONS does not take, never quoting it", (protocol, endpoint, problem) => {
        expect(endpointProblem({ protocol, endpoint })).toBe(problem);
    });

    it("refuses a webhook URL per region the same way, naming the side", () => {
        const endpoints = { primary: "https://hooks.slack.com/services/T0/B0/key", secondary: "slack-secret-key" };
        expect(endpointProblem({ protocol: "SLACK", endpoints }, "endpoints.secondary")).toBe("the endpoint is not a URL; SLACK takes an http: or https: URL");
        expect(endpointProblem({ protocol: "SLACK", endpoints }, "endpoints.primary")).toBeUndefined();
    });

    it("checks an endpoint given as an Output once known, without quoting it", async () => {
        const spec = parseDrIntegrationSpec(validSpec({ alarms: { subscriptions: [{ protocol: "SMS", endpoint: pulumi.secret("0044 7700 900123") }] } }));
        const endpoint = spec.alarms.subscriptions[0]!.endpoint as pulumi.Output<string>;
        const internals = endpoint as unknown as { promise(): Promise<string>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
        const [value] = await Promise.allSettled([internals.promise(), internals.isKnown, internals.isSecret]);
        expect(value).toMatchObject({
            status: "rejected",
            reason: { problems: [{ path: "alarms.subscriptions.0.endpoint", message: expect.stringMatching(/^the value is not a phone number in E\.164 form.*\(the value of an Output, checked once known\)$/) }] },
        });
        expect((value as PromiseRejectedResult).reason.message).not.toContain("7700");
    });
});

describe("ORACLE_FUNCTIONS endpoints of the region they are declared for (Resource Identifiers: the region part is `phx`, `iad` or `eu-frankfurt-1`)", () => {
    const functionIn = (region: string) => `ocid1.fnfunc.oc1.${region}.aaaaaaaafunction`;
    const problemsFor = (primaryRegion: string, endpoints: Record<string, unknown>) =>
        (["primary", "secondary"] as const).map((side) => problemAt({ primaryRegion, alarms: { subscriptions: [{ protocol: "ORACLE_FUNCTIONS", endpoints }] } }, `alarms.subscriptions.0.endpoints.${side}`));

    it("refuses functions swapped between the regions, naming each value and the region it must be in", () => {
        expect(problemsFor("us-ashburn-1", { primary: functionIn("phx"), secondary: functionIn("iad") })).toEqual([
            `"${functionIn("phx")}" is a function in phx, not in us-ashburn-1 (iad), the primary region`,
            `"${functionIn("iad")}" is a function in iad, not in us-phoenix-1 (phx), the secondary region`,
        ]);
        expect(problemsFor("eu-frankfurt-1", { primary: functionIn("eu-amsterdam-1"), secondary: functionIn("eu-frankfurt-1") })[0]).toBe(
            `"${functionIn("eu-amsterdam-1")}" is a function in eu-amsterdam-1, not in eu-frankfurt-1 (fra), the primary region`,
        );
    });

    it("refuses an endpoint that is no function OCID", () => {
        expect(problemsFor("us-ashburn-1", { primary: "ocid1.compartment.oc1..aaaa", secondary: functionIn("phx") })[0]).toBe(
            '"ocid1.compartment.oc1..aaaa" is not a function OCID (ocid1.fnfunc.<realm>.<region>.<unique id>)',
        );
    });

    it("takes the region written as its key or as its identifier", () => {
        expect(problemsFor("us-ashburn-1", { primary: functionIn("iad"), secondary: functionIn("us-phoenix-1") })).toEqual([undefined, undefined]);
        expect(problemsFor("eu-amsterdam-1", { primary: functionIn("ams"), secondary: functionIn("eu-frankfurt-1") })).toEqual([undefined, undefined]);
    });

    it("checks a function given as an Output once known", async () => {
        const spec = parseDrIntegrationSpec(validSpec({ alarms: { subscriptions: [{ protocol: "ORACLE_FUNCTIONS", endpoints: { primary: pulumi.output(functionIn("phx")), secondary: functionIn("phx") } }] } }));
        const internals = spec.alarms.subscriptions[0]!.endpoints!.primary as unknown as { promise(): Promise<string>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
        const [value] = await Promise.allSettled([internals.promise(), internals.isKnown, internals.isSecret]);
        expect(value).toMatchObject({
            status: "rejected",
            reason: { problems: [{ path: "alarms.subscriptions.0.endpoints.primary", message: "the value is a function in phx, not in us-ashburn-1 (iad) (the value of an Output, checked once known)" }] },
        });
    });
});

describe("Health Checks vantage points (\"Creating a Ping Monitor\": up to ten)", () => {
    const names = (count: number) => Array.from({ length: count }, (_, i) => `aws-${i}`);

    it("refuses more than ten, and takes ten", () => {
        expect(problemAt({ alarms: { probe: { vantagePointNames: names(11) } } }, "alarms.probe.vantagePointNames")).toBe("11 vantage points; Health Checks takes at most 10 per monitor");
        expect(problemAt({ alarms: { probe: { vantagePointNames: names(10) } } }, "alarms.probe.vantagePointNames")).toBeUndefined();
        expect(PING_MONITOR.maxVantagePoints).toBe(10);
    });
});

describe("IAM policy statements (Policy Syntax, docs.oracle.com/iaas/Content/Identity/Concepts/policysyntax.htm)", () => {
    it.each([
        "Allow group A-Admins to manage all-resources in compartment Project-A",
        "Allow group A-Admins, B-Admins to manage all-resources in compartment Projects-A-and-B",
        "Allow group id ocid1.group.oc1..aaaaaaaaqjihfhvxmum to manage all-resources in compartment Project-A",
        "Allow any-user to inspect users in tenancy",
        "Allow any-group to read objects in compartment Apps where request.principal.type='disworkspace'",
        "Allow dynamic-group FunctionsDG to use secret-family in compartment id ocid1.compartment.oc1..aaaa",
        "Allow group 'Default'/'GroupA' to manage users in tenancy",
        "allow group Integrators/oic-admins to use tag-namespaces in tenancy",
    ])("accepts %s", (statement) => {
        expect(parsePolicyStatement(statement)).toHaveProperty("statement");
    });

    it("reads a comma-separated list of groups as groups", () => {
        expect(parsePolicyStatement("Allow group A-Admins, B-Admins to manage all-resources in compartment P")).toMatchObject({ statement: { subjects: ["group A-Admins", "group B-Admins"] } });
    });

    it("refuses a statement without `to`, as Oracle's DR guide prints it", () => {
        expect(parsePolicyStatement("allow group G use tag-namespaces in tenancy")).toEqual({
            problem: '"allow group G use tag-namespaces in tenancy" is not "Allow <subject> to <verb> <resource-type> in <location> [where <conditions>]"',
        });
    });

    it.each([
        ["an unknown verb", "Allow group G to administer users in tenancy", /"administer" is not a verb/],
        ["a subject without its kind", "Allow Admins to manage users in tenancy", /"Admins" is not a subject/],
        ["a location that is no compartment", "Allow group G to manage users in region us-ashburn-1", /is not a location/],
    ])("refuses %s", (_what, statement, problem) => {
        expect(parsePolicyStatement(statement)).toEqual({ problem: expect.stringMatching(problem) });
    });

    it("the tag policy's statements parse, for the Default domain and for another", () => {
        for (const domainName of [undefined, "Integrators"]) {
            for (const statement of tagNamespaceStatements({ groups: ["oic-admins", "OIC_Deployers"], domainName })) {
                expect(parsePolicyStatement(statement), statement).toMatchObject({ statement: { verb: "use", resourceType: "tag-namespaces", location: "tenancy" } });
            }
        }
        void pulumi;
    });
});
