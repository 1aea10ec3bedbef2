import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import type { OfflineEngine, RecordedResource } from "../engine/offlineEngine";
import { SpecValidationError } from "../components/support/validation";
import { DrAlarms, HEALTH_CHECKS_NAMESPACE } from "../components/drAlarms/drAlarms";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { EmailDelivery, smtpEndpoint } from "../components/emailDelivery/emailDelivery";
import { IdentityDomainReplication } from "../components/identityDomainReplication/identityDomainReplication";
import { TagPolicies, tagNamespaceStatements } from "../components/tagPolicies/tagPolicies";
import { byType, isSecretInput, mockEngine, providerOf, single, validSpec, valueOf } from "./harness";

const T = {
    subscription: "pulumi-nodejs:dynamic/oic-dr:RegionSubscription",
    replication: "oci:Identity/domainReplicationToRegion:DomainReplicationToRegion",
    policy: "oci:Identity/policy:Policy",
    sender: "oci:Email/sender:Sender",
    suppression: "oci:Email/suppression:Suppression",
    emailDomain: "oci:Email/emailDomain:EmailDomain",
    dkim: "oci:Email/dkim:Dkim",
    topic: "oci:Ons/notificationTopic:NotificationTopic",
    onsSubscription: "oci:Ons/subscription:Subscription",
    monitor: "oci:HealthChecks/pingMonitor:PingMonitor",
    httpMonitor: "oci:HealthChecks/httpMonitor:HttpMonitor",
    alarm: "oci:Monitoring/alarm:Alarm",
    instance: "oci:Integration/integrationInstance:IntegrationInstance",
};

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy";
const urlOf = (region: string) => `https://orders-oic-${region}.integration.${region}.ocp.oraclecloud.com`;

/** Engine where each instance knows its regional URL and its standby's. */
function deployedEngine(primary: string, secondary: string) {
    return mockEngine({
        preview: false,
        outputs: ({ type }) =>
            type === T.instance
                ? {
                      disasterRecoveryDetails: [
                          {
                              role: "PRIMARY",
                              regionalInstanceUrl: urlOf(primary),
                              crossRegionIntegrationInstanceDetails: [{ id: "ocid1.integrationinstance.oc1..standby", region: secondary, role: "SECONDARY", timeRoleChanged: "" }],
                          },
                      ],
                  }
                : type === T.monitor
                  ? { id: undefined }
                  : undefined,
        invokes: ({ token }) =>
            token === "oci:Integration/getIntegrationInstance:getIntegrationInstance"
                ? { disasterRecoveryDetails: [{ role: "SECONDARY", regionalInstanceUrl: urlOf(secondary), crossRegionIntegrationInstanceDetails: [] }] }
                : undefined,
    });
}

const fullSpec = (primaryRegion: string) =>
    validSpec({
        primaryRegion,
        tenancyId: TENANCY,
        homeRegion: "eu-frankfurt-1",
        identityDomain: { id: "ocid1.domain.oc1..aaaadomain", isDefault: false, name: "Integrators" },
        tags: { defined: { "ops.cost-center": "4711" } },
        tagPolicy: { groups: ["oic-admins", "oic-deployers"] },
        emailDelivery: {
            senders: ["noreply@orders.example.com", "alerts@orders.example.com"],
            domain: { name: "orders.example.com" },
            suppressions: ["bounced@partner.example.com"],
        },
        alarms: {
            subscriptions: [
                { protocol: "EMAIL", endpoint: "oncall@example.com" },
                { protocol: "SLACK", endpoint: "https://hooks.slack.com/services/T000/B000/secret-webhook-key" },
            ],
            customAlarms: [{ name: "instance-down", regions: "primary", namespace: "oci_integration", query: "X[1m].count() < 1" }],
        },
    });

let engine: OfflineEngine;
const regionOf = (r: RecordedResource) => providerOf(engine.resources, r)?.inputs.region;
const inRegion = (type: string, region: string) => byType(engine.resources, type).filter((r) => regionOf(r) === region);

describe.each([
    ["eu-frankfurt-1", "eu-amsterdam-1"],
    ["eu-amsterdam-1", "eu-frankfurt-1"],
])("DrPairedIntegration prerequisites with %s primary and %s standby", (primary, secondary) => {
    beforeEach(async () => {
        engine = await deployedEngine(primary, secondary);
        new DrPairedIntegration("oic", fullSpec(primary));
        await engine.settle();
    });

    it("subscribes the home region's tenancy to the standby region before the instance", () => {
        const subscription = single(engine.resources, T.subscription);
        expect(subscription.inputs).toMatchObject({ tenancyId: TENANCY, homeRegion: "eu-frankfurt-1", region: secondary });
        expect(single(engine.resources, T.instance).dependencies).toContain(subscription.urn);
    });

    it("replicates the identity domain, from the home region, to the region of the pair that is not the home region, before the instance", () => {
        // The home region (eu-frankfurt-1) holds the domain already; replicating there is refused (400).
        const replication = single(engine.resources, T.replication);
        const target = primary === "eu-frankfurt-1" ? secondary : primary;
        expect(replication.inputs).toEqual({ domainId: "ocid1.domain.oc1..aaaadomain", replicaRegion: target });
        expect(regionOf(replication)).toBe("eu-frankfurt-1");
        if (target === secondary) expect(replication.dependencies).toContain(single(engine.resources, T.subscription).urn);
        expect(single(engine.resources, T.instance).dependencies).toContain(replication.urn);
    });

    it.each([
        ["us-ashburn-1", "us-phoenix-1", ["us-ashburn-1"]],
        ["us-ashburn-1", "us-ashburn-1", ["us-phoenix-1"]],
        ["ap-singapore-1", "us-ashburn-1", ["ap-singapore-1", "ap-tokyo-1"]],
    ])("with primary %s and home %s, replicates to %j and never to the home region", async (primaryRegion, homeRegion, targets) => {
        engine = await deployedEngine(primaryRegion, secondary);
        new DrPairedIntegration("oic", validSpec({ primaryRegion, homeRegion, identityDomain: { id: "ocid1.domain.oc1..aaaadomain", isDefault: false, name: "D" } }));
        await engine.settle();
        expect(byType(engine.resources, T.replication).map((r) => r.inputs.replicaRegion).sort()).toEqual(targets);
    });

    it("writes the domain-qualified tag policy in the home region before the instance", () => {
        const policy = single(engine.resources, T.policy);
        expect(regionOf(policy)).toBe("eu-frankfurt-1");
        expect(policy.inputs.compartmentId).toBe(TENANCY);
        expect(policy.inputs.statements).toEqual([
            "Allow group Integrators/oic-admins to use tag-namespaces in tenancy",
            "Allow group Integrators/oic-deployers to use tag-namespaces in tenancy",
        ]);
        expect(single(engine.resources, T.instance).dependencies).toContain(policy.urn);
    });

    it("declares the same senders, domain and suppressions in both regions, each on its region's provider", () => {
        for (const type of [T.sender, T.suppression, T.emailDomain, T.dkim]) {
            expect(inRegion(type, primary).length).toBeGreaterThan(0);
            expect(inRegion(type, primary).length).toBe(inRegion(type, secondary).length);
        }
        const addresses = (type: string, region: string) => inRegion(type, region).map((r) => r.inputs.emailAddress).sort();
        expect(addresses(T.sender, primary)).toEqual(["alerts@orders.example.com", "noreply@orders.example.com"]);
        expect(addresses(T.sender, secondary)).toEqual(addresses(T.sender, primary));
        expect(addresses(T.suppression, secondary)).toEqual(addresses(T.suppression, primary));
        for (const suppression of byType(engine.resources, T.suppression)) expect(suppression.inputs.compartmentId).toBe(TENANCY);
        expect(inRegion(T.emailDomain, primary)[0]!.inputs.name).toBe("orders.example.com");
        expect(inRegion(T.emailDomain, secondary)[0]!.inputs.name).toBe("orders.example.com");
        const selector = (region: string) => inRegion(T.dkim, region)[0]!.inputs.name;
        expect(selector("eu-frankfurt-1")).toBe("orders-oicdr-fra");
        expect(selector("eu-amsterdam-1")).toBe("orders-oicdr-ams");
    });

    it("creates a topic per region with distinct names and the same subscriptions, keeping webhooks secret", () => {
        const topics = byType(engine.resources, T.topic);
        expect(topics.map(regionOf).sort()).toEqual([primary, secondary].sort());
        expect(new Set(topics.map((t) => t.inputs.name)).size).toBe(2);
        for (const region of [primary, secondary]) {
            const subscriptions = inRegion(T.onsSubscription, region);
            expect(subscriptions.map((s) => s.inputs.protocol).sort()).toEqual(["EMAIL", "SLACK"]);
            const slack = subscriptions.find((s) => s.inputs.protocol === "SLACK")!;
            expect(isSecretInput(slack.inputs.endpoint)).toBe(true);
            expect(subscriptions.find((s) => s.inputs.protocol === "EMAIL")!.inputs.endpoint).toBe("oncall@example.com");
        }
    });

    it("probes each region's endpoint from the other region, with the alarm and its topic there", () => {
        const monitors = byType(engine.resources, T.monitor);
        expect(monitors).toHaveLength(2);
        for (const [watched, watcher] of [
            [primary, secondary],
            [secondary, primary],
        ] as const) {
            const monitor = monitors.find((m) => (m.inputs.targets as string[])[0] === new URL(urlOf(watched)).hostname)!;
            expect(monitor, `probe of ${watched}`).toBeDefined();
            expect(regionOf(monitor)).toBe(watcher);
            expect(monitor.inputs).toMatchObject({ protocol: "TCP", port: 443, intervalInSeconds: 60, timeoutInSeconds: 30 });
            expect(monitor.inputs.path).toBeUndefined();
            const alarm = byType(engine.resources, T.alarm).find((a) => a.name.endsWith(`-unreachable-${monitor.name.split("-probe-")[1]!.split("-from-")[0]}`))!;
            expect(regionOf(alarm)).toBe(watcher);
            expect(alarm.inputs).toMatchObject({
                namespace: HEALTH_CHECKS_NAMESPACE,
                // The standby's alarm warns: an unreachable standby is no outage.
                severity: watched === primary ? "CRITICAL" : "WARNING",
                pendingDuration: "PT5M",
                repeatNotificationDuration: "PT30M",
            });
            expect(alarm.inputs.query).toMatch(/^PING\.isHealthy\[1m\]\{resourceId = ".*"\}\.grouping\(\)\.mean\(\) < 0\.5$/);
            expect(alarm.inputs.body).toContain(`the endpoint in ${watched} has failed its health checks from ${watcher}`);
            expect(alarm.inputs.body).toContain(`fail over from ${watcher} with oic-dr failover --region ${watcher}`);
            expect(alarm.inputs.body).toContain(`a failover back to ${watched} would fail now`);
            expect(alarm.inputs.body).toContain("runbookMarkdown");
            const topic = inRegion(T.topic, watcher)[0]!;
            expect(alarm.inputs.destinations).toEqual([`${topic.name}-id`]);
        }
    });

    it("places custom alarms only where asked", () => {
        const custom = byType(engine.resources, T.alarm).filter((a) => a.name.includes("instance-down"));
        expect(custom.map(regionOf)).toEqual([primary]);
    });
});

describe("switching parts off", () => {
    beforeEach(async () => {
        engine = await deployedEngine("us-ashburn-1", "us-phoenix-1");
    });

    it("creates no subscription, replication, tag policy, email or alarms when the spec does not ask", async () => {
        new DrPairedIntegration("oic", validSpec({
                subscribeSecondaryRegion: false,
                identityDomain: { id: "ocid1.domain.oc1..aaaadomain", isDefault: true },
                tags: { freeform: { app: "orders" } },
                alarms: { enabled: false },
            }));
        await engine.settle();
        for (const type of [T.subscription, T.replication, T.policy, T.sender, T.topic, T.monitor, T.alarm]) {
            expect(byType(engine.resources, type), type).toHaveLength(0);
        }
        expect(byType(engine.resources, T.instance)).toHaveLength(1);
    });

    it("requires the groups for the tag policy when defined tags are used", async () => {
        expect(() => new DrPairedIntegration("oic", validSpec({ tags: { defined: { "ops.cc": "1" } } }))).toThrow(
            /tagPolicy\.groups: defined or default tags are used/,
        );
        expect(() => new DrPairedIntegration("oic", validSpec({ tags: { usesDefaultTags: true }, tagPolicy: { enabled: false } }))).not.toThrow();
        await engine.settle();
        expect(byType(engine.resources, T.policy)).toHaveLength(0);
    });
});

describe("the components on their own", () => {
    beforeEach(async () => {
        engine = await mockEngine({ preview: false });
    });

    it("TagPolicies writes the statements in IAM's grammar (with `to`), on the home provider from opts.provider", async () => {
        const home = new oci.Provider("home", { region: "us-ashburn-1" });
        const tags = new TagPolicies("tags", { tenancyId: TENANCY, groups: ["OIC_Admins"] }, { provider: home });
        await engine.settle();
        expect(await valueOf(tags.statements)).toEqual(["Allow group OIC_Admins to use tag-namespaces in tenancy"]);
        const policy = single(engine.resources, T.policy);
        expect(policy.inputs.statements).toEqual(["Allow group OIC_Admins to use tag-namespaces in tenancy"]);
        expect(regionOf(policy)).toBe("us-ashburn-1");
        expect(tagNamespaceStatements({ groups: ["G"], domainName: "D" })).toEqual(["Allow group D/G to use tag-namespaces in tenancy"]);
    });

    it("IdentityDomainReplication creates nothing for the Default domain", async () => {
        const home = new oci.Provider("home", { region: "us-ashburn-1" });
        const replication = new IdentityDomainReplication("idr", {
            domainId: "ocid1.domain.oc1..aaaa",
            isDefaultDomain: true,
            replicaRegion: "us-phoenix-1",
        }, { provider: home });
        await engine.settle();
        expect(replication.replication).toBeUndefined();
        expect(byType(engine.resources, T.replication)).toHaveLength(0);
    });

    it("EmailDelivery outputs each region's SMTP endpoint and the DKIM CNAME records", async () => {
        engine = await mockEngine({
            preview: false,
            outputs: ({ type, inputs }) =>
                type === T.dkim ? { dnsSubdomainName: `${inputs.name}._domainkey.mail.example.com`, cnameRecordValue: `${inputs.name}.dkim.example` } : undefined,
        });
        const email = new EmailDelivery("mail", {
            primaryRegion: "ap-singapore-1",
            compartmentId: "ocid1.compartment.oc1..aaaa",
            tenancyId: TENANCY,
            senders: ["noreply@mail.example.com"],
            domain: { name: "mail.example.com", dkimSelectorPrefix: "oic" },
        });
        await engine.settle();
        expect(await valueOf(email.smtpEndpoints)).toEqual({
            "ap-singapore-1": "smtp.email.ap-singapore-1.oci.oraclecloud.com",
            "ap-tokyo-1": smtpEndpoint("ap-tokyo-1"),
        });
        expect(await valueOf(email.dkimDnsRecords)).toEqual([
            { region: "ap-singapore-1", type: "CNAME", name: "oic-sin._domainkey.mail.example.com", value: "oic-sin.dkim.example" },
            { region: "ap-tokyo-1", type: "CNAME", name: "oic-nrt._domainkey.mail.example.com", value: "oic-nrt.dkim.example" },
        ]);
        expect(byType(engine.resources, "pulumi:providers:oci").map((p) => p.inputs.region).sort()).toEqual(["ap-singapore-1", "ap-tokyo-1"]);
    });

    it("DrAlarms takes severity, pending duration and repeat overrides", async () => {
        new DrAlarms("alarms", {
            primaryRegion: "ca-toronto-1",
            compartmentId: "ocid1.compartment.oc1..aaaa",
            displayName: "orders",
            regionalUrls: { primary: urlOf("ca-toronto-1") },
            severity: "ERROR",
            pendingDuration: "PT10M",
            repeatNotificationDuration: "PT2H",
            runbookUrl: "https://wiki.example.com/oic-dr",
        });
        await engine.settle();
        const alarm = single(engine.resources, T.alarm);
        expect(alarm.inputs).toMatchObject({ severity: "ERROR", pendingDuration: "PT10M", repeatNotificationDuration: "PT2H" });
        expect(alarm.inputs.body).toContain("the runbook at https://wiki.example.com/oic-dr");
        expect(regionOf(alarm)).toBe("ca-montreal-1");
    });

    it.each([
        ["EmailDelivery with a bad sender", () => new EmailDelivery("m", { primaryRegion: "us-ashburn-1", compartmentId: "c", tenancyId: TENANCY, senders: ["not-an-address"] }), /senders\.0: "not-an-address" is not an email address/],
        ["EmailDelivery with a duplicate sender", () => new EmailDelivery("m", { primaryRegion: "us-ashburn-1", compartmentId: "c", tenancyId: TENANCY, senders: ["a@b.co", "A@b.co"] }), /senders\.1: "A@b\.co" is listed twice/],
        ["EmailDelivery outside the pairs", () => new EmailDelivery("m", { primaryRegion: "us-chicago-1" as never, compartmentId: "c", tenancyId: TENANCY, senders: ["a@b.co"] }), /primaryRegion: "us-chicago-1" is not a region of an Oracle-managed DR pair/],
        ["DrAlarms with an interval Health Checks refuses", () => new DrAlarms("a", { primaryRegion: "us-ashburn-1", compartmentId: "c", displayName: "x", regionalUrls: {}, probe: { intervalInSeconds: 45 } }), /probe\.intervalInSeconds: 45 is not a Health Checks interval; allowed: 10, 30, 60/],
        ["DrAlarms with a bad duration", () => new DrAlarms("a", { primaryRegion: "us-ashburn-1", compartmentId: "c", displayName: "x", regionalUrls: {}, pendingDuration: "5 minutes" }), /pendingDuration: "5 minutes" is not an ISO-8601 duration/],
        [
            "DrAlarms with a function of the partner region for the primary",
            () =>
                new DrAlarms("a", {
                    primaryRegion: "ca-toronto-1",
                    compartmentId: "c",
                    displayName: "x",
                    regionalUrls: {},
                    subscriptions: [{ protocol: "ORACLE_FUNCTIONS", endpoints: { primary: "ocid1.fnfunc.oc1.ca-montreal-1.aaaa", secondary: "ocid1.fnfunc.oc1.ca-montreal-1.bbbb" } }],
                }),
            /subscriptions\.0\.endpoints\.primary: "ocid1\.fnfunc\.oc1\.ca-montreal-1\.aaaa" is a function in ca-montreal-1, not in ca-toronto-1 \(yyz\), the primary region$/,
        ],
        [
            "DrAlarms with eleven vantage points",
            () => new DrAlarms("a", { primaryRegion: "us-ashburn-1", compartmentId: "c", displayName: "x", regionalUrls: {}, probe: { vantagePointNames: Array.from({ length: 11 }, (_, i) => `aws-${i}`) } }),
            /probe\.vantagePointNames: 11 vantage points; Health Checks takes at most 10 per monitor/,
        ],
        ["TagPolicies without groups", () => new TagPolicies("t", { tenancyId: TENANCY, groups: [] }), /groups: name at least one group/],
    ])("rejects %s before registering anything", async (_what, construct, message) => {
        expect(construct).toThrow(SpecValidationError);
        expect(construct).toThrow(message);
        await engine.settle();
        expect(engine.resources).toHaveLength(0);
    });

    it("never echoes a webhook URL in an error", () => {
        let message = "";
        try {
            new DrAlarms("a", {
                primaryRegion: "us-ashburn-1",
                compartmentId: "c",
                displayName: "x",
                regionalUrls: {},
                subscriptions: [{ protocol: "TEAMS" as never, endpoint: "https://hooks.example/secret-key" }],
            });
        } catch (err) {
            message = (err as Error).message;
        }
        expect(message).toMatch(/subscriptions\.0\.protocol/);
        expect(message).not.toContain("secret-key");
        void pulumi;
    });
});

describe("the standby's probe", () => {
    const monitors = () => byType(engine.resources, T.monitor).map((m) => ({ region: regionOf(m), target: (m.inputs.targets as string[])[0] }));

    it("takes the standby's URL from the spec instead of reading the standby", async () => {
        engine = await deployedEngine("us-ashburn-1", "us-phoenix-1");
        new DrPairedIntegration("oic", validSpec({ alarms: { probe: { standbyUrl: "https://standby.example.com/" } } }));
        await engine.settle();
        expect(monitors()).toContainEqual({ region: "us-ashburn-1", target: "standby.example.com" });
    });

    it("probes a path over HTTPS only when asked, and then needs the path", async () => {
        engine = await deployedEngine("us-ashburn-1", "us-phoenix-1");
        new DrPairedIntegration("oic", validSpec({ alarms: { probe: { kind: "https", path: "/health", watchStandby: false } } }));
        await engine.settle();
        const [monitor] = byType(engine.resources, T.httpMonitor);
        expect(monitor!.inputs).toMatchObject({ protocol: "HTTPS", method: "GET", port: 443, path: "/health" });
        expect(byType(engine.resources, T.monitor)).toEqual([]);
        expect(byType(engine.resources, T.alarm)[0]!.inputs.query).toMatch(/^HTTP\.isHealthy\[1m\]/);
    });

    it.each([
        [{ kind: "https" }, /alarms\.probe\.path: required for an https probe: a path that answers 2xx without credentials/],
        [{ path: "/" }, /alarms\.probe\.path: "\/" is set, but a tcp probe has no path; set kind: "https" to probe a path/],
        [{ kind: "http" }, /alarms\.probe\.kind/],
    ])("refuses the probe %j, naming the field", (probe, message) => {
        expect(() => new DrPairedIntegration("oic", validSpec({ alarms: { probe } }))).toThrow(message);
    });

    it("can leave the standby unprobed", async () => {
        engine = await deployedEngine("us-ashburn-1", "us-phoenix-1");
        new DrPairedIntegration("oic", validSpec({ alarms: { probe: { watchStandby: false } } }));
        await engine.settle();
        expect(monitors()).toEqual([{ region: "us-phoenix-1", target: new URL(urlOf("us-ashburn-1")).hostname }]);
    });
});
