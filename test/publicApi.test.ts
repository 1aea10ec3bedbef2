/**
 * The public API as a Pulumi user meets it: flat arguments, Inputs where other resources' outputs
 * go, the provider idiom, names that cannot collide, and validation once, at the edge.
 */
import * as k8s from "@pulumi/kubernetes";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { OfflineEngine } from "../engine/offlineEngine";
import { drAlarmsArgsSchema } from "../components/drAlarms/schema";
import { drPairedIntegrationArgsSchema, parseDrIntegrationSpec } from "../components/drPairedIntegration/schema";
import { emailDeliveryArgsSchema } from "../components/emailDelivery/schema";
import { identityDomainReplicationArgsSchema } from "../components/identityDomainReplication/schema";
import { tagPoliciesArgsSchema } from "../components/tagPolicies/schema";
import { ConnectivityAgentGroup } from "../components/agentGroup/connectivityAgentGroup";
import type { ConnectivityAgentGroupArgs } from "../components/agentGroup/args";
import { DrAlarms } from "../components/drAlarms/drAlarms";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { DYNAMIC_TYPES, dynamicTypeToken, OCI_TYPES } from "../facts/drSupport";
import { EmailDelivery } from "../components/emailDelivery/emailDelivery";
import { IdentityDomainReplication } from "../components/identityDomainReplication/identityDomainReplication";
import { TagPolicies } from "../components/tagPolicies/tagPolicies";
import { SpecValidationError } from "../components/support/validation";
import { byType, mockEngine, providerOf, single, validSpec } from "./harness";

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy";
const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaacompartment";
const DOMAIN = "ocid1.domain.oc1..aaaaaaaadomain";

let engine: OfflineEngine;
beforeEach(async () => {
    // Preview: what the provider computes (the instance's regional URL) stays unknown.
    engine = await mockEngine();
});

/** The problems of the SpecValidationError `construct` throws. */
function problemsOf(construct: () => unknown): Array<{ path: string; message: string }> {
    try {
        construct();
    } catch (err) {
        if (err instanceof SpecValidationError) return [...err.problems];
        throw err;
    }
    throw new Error("expected a SpecValidationError, nothing was thrown");
}

async function expectNothingRegistered(): Promise<void> {
    await engine.settle();
    expect(engine.resources).toEqual([]);
}

/** A full deployment: every child that takes a compartment or a tenancy. */
const everyChild = (overrides: Record<string, unknown> = {}) =>
    validSpec({
        identityDomain: { id: DOMAIN, isDefault: false, name: "Integrators" },
        tags: { defined: { "ops.costCenter": "42" } },
        tagPolicy: { groups: ["oic-admins"] },
        emailDelivery: { senders: ["noreply@mail.example.com"], domain: { name: "mail.example.com" }, suppressions: ["bounce@example.com"] },
        alarms: { subscriptions: [{ protocol: "EMAIL", endpoint: "oncall@example.com" }], probe: { standbyUrl: "https://standby.example.com" } },
        ...overrides,
    });

describe("flat arguments", () => {
    it("takes the deployment's fields as its arguments", async () => {
        const oic = new DrPairedIntegration("orders", validSpec({ primaryRegion: "ca-toronto-1" }));
        await engine.settle();
        expect(oic.spec.primaryRegion).toBe("ca-toronto-1");
        expect(single(engine.resources, OCI_TYPES.integrationInstance).inputs).toMatchObject({ displayName: "orders-oic", messagePacks: 2 });
    });

    it.each([
        ["undefined", undefined],
        ["null", null],
        ["a string", "ca-toronto-1"],
    ])("rejects %s arguments with a validation error, not a TypeError", async (_what, args) => {
        const problems = problemsOf(() => new DrPairedIntegration("orders", args as never));
        expect(problems[0]).toMatchObject({ path: "", message: expect.stringMatching(/^expected an object of arguments, got /) });
        await expectNothingRegistered();
    });

    it("rejects the old { spec } shape by naming the unknown key and every missing field", async () => {
        const problems = problemsOf(() => new DrPairedIntegration("orders", { spec: validSpec() } as never));
        expect(problems).toContainEqual({ path: "spec", message: expect.stringMatching(/^unknown key/) });
        expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(["primaryRegion", "tenancyId", "compartmentId", "displayName", "edition", "messagePacks"]));
        await expectNothingRegistered();
    });

    it.each([
        ["EmailDelivery", () => new EmailDelivery("mail", undefined as never)],
        ["DrAlarms", () => new DrAlarms("alarms", null as never)],
        ["TagPolicies", () => new TagPolicies("tags", undefined as never)],
        ["IdentityDomainReplication", () => new IdentityDomainReplication("idr", undefined as never)],
        ["ConnectivityAgentGroup", () => new ConnectivityAgentGroup("agents", undefined as never)],
    ])("%s rejects missing arguments with a validation error", async (name, construct) => {
        const problems = problemsOf(construct);
        expect(problems[0]?.message).toMatch(/^expected an object of arguments, got /);
        expect(() => construct()).toThrow(new RegExp(`^Invalid ${name} arguments`));
        await expectNothingRegistered();
    });
});

describe("Inputs where other resources' outputs go", () => {
    it("flows a compartment and a tenancy created in the same program into every child", async () => {
        // The instance reports its regional URL, which the probes need.
        engine = await mockEngine({
            preview: false,
            outputs: ({ type }) =>
                type === OCI_TYPES.integrationInstance
                    ? { disasterRecoveryDetails: [{ role: "PRIMARY", regionalInstanceUrl: "https://orders-iad.example.com", crossRegionIntegrationInstanceDetails: [] }] }
                    : type === "oci:Identity/compartment:Compartment"
                      ? { id: COMPARTMENT }
                      : undefined,
        });
        const compartment = new oci.identity.Compartment("team", { compartmentId: TENANCY, description: "team", name: "team" });
        const tenancyId = pulumi.output(TENANCY);
        new DrPairedIntegration("orders", everyChild({ compartmentId: compartment.id, tenancyId }));
        await engine.settle();

        const compartmentUrn = single(engine.resources, "oci:Identity/compartment:Compartment").urn;
        const takingCompartment = engine.resources.filter((r) => r.custom && "compartmentId" in r.inputs && r.type !== "oci:Identity/compartment:Compartment");
        const expectedTypes = [OCI_TYPES.integrationInstance, OCI_TYPES.sender, OCI_TYPES.topic, OCI_TYPES.subscription, OCI_TYPES.pingMonitor, OCI_TYPES.alarm];
        expect(new Set(takingCompartment.map((r) => r.type)), JSON.stringify(engine.resources.map((r) => r.type))).toEqual(new Set([...expectedTypes, "oci:Email/emailDomain:EmailDomain", OCI_TYPES.suppression, "oci:Identity/policy:Policy", dynamicTypeToken(DYNAMIC_TYPES.pairRoles)]));
        for (const resource of takingCompartment) {
            const rootCompartment = resource.type === OCI_TYPES.suppression || resource.type === "oci:Identity/policy:Policy";
            expect(resource.inputs.compartmentId, `${resource.type} ${resource.name}`).toBe(rootCompartment ? TENANCY : COMPARTMENT);
            if (!rootCompartment) expect(resource.propertyDependencies.compartmentId, resource.name).toEqual([compartmentUrn]);
        }
    });

    it("checks an Output's format once its value is known, naming the field", async () => {
        const spec = parseDrIntegrationSpec(
            validSpec({ compartmentId: pulumi.output("not-an-ocid"), identityDomain: { id: pulumi.output("ocid1.compartment.oc1..aaaaaaaanotadomain"), isDefault: false } }),
        );
        expect(pulumi.Output.isInstance(spec.compartmentId)).toBe(true);
        // The SDK awaits an Output through its internal promises (promise(), isKnown, isSecret): the
        // check throws inside them, and all three are observed so none is left unhandled.
        const settled = (output: unknown) => {
            const internals = output as { promise(): Promise<string>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
            return Promise.allSettled([internals.promise(), internals.isKnown, internals.isSecret]).then(([value]) => value);
        };
        expect(await settled(spec.compartmentId)).toMatchObject({
            status: "rejected",
            reason: {
                name: "SpecValidationError",
                message: expect.stringMatching(/^Invalid DrPairedIntegration arguments \(1 problem\):\n  - compartmentId: "not-an-ocid" is not a compartment OCID/),
                problems: [{ path: "compartmentId", message: expect.stringMatching(/^"not-an-ocid" is not a compartment OCID/) }],
            },
        });
        expect(await settled(spec.identityDomain!.id)).toMatchObject({
            status: "rejected",
            reason: { problems: [{ path: "identityDomain.id", message: expect.stringMatching(/is not an identity domain OCID/) }] },
        });
    });

    it("checks text at once, with every other problem", () => {
        const problems = problemsOf(() => new DrPairedIntegration("orders", validSpec({ compartmentId: "team", tenancyId: pulumi.output(TENANCY) })));
        expect(problems).toEqual([{ path: "compartmentId", message: expect.stringMatching(/^"team" is not a compartment OCID/) }]);
    });
});

describe("the provider idiom", () => {
    it("single-region components take opts.provider and pass it to their children", async () => {
        const home = new oci.Provider("home", { region: "us-phoenix-1" });
        new TagPolicies("tags", { tenancyId: TENANCY, groups: ["admins"] }, { provider: home });
        new IdentityDomainReplication("idr", { domainId: DOMAIN, isDefaultDomain: false, replicaRegion: "us-ashburn-1" }, { provider: home });
        await engine.settle();
        for (const type of ["oci:Identity/policy:Policy", OCI_TYPES.domainReplication]) {
            expect(providerOf(engine.resources, single(engine.resources, type))?.inputs.region, type).toBe("us-phoenix-1");
        }
    });

    it("the agent group takes the cluster's provider as opts.provider", async () => {
        const cluster = new k8s.Provider("cluster", { kubeconfig: "{}" });
        new ConnectivityAgentGroup("agents", agentArgs(), { provider: cluster });
        await engine.settle();
        const workloads = engine.resources.filter((r) => r.type.startsWith("kubernetes:"));
        expect(workloads.length).toBeGreaterThan(3);
        for (const workload of workloads) expect(providerOf(engine.resources, workload)?.name, workload.type).toBe("cluster");
    });

    it("a single-region component refuses a provider of another package", async () => {
        const cluster = new k8s.Provider("cluster", { kubeconfig: "{}" });
        const problems = problemsOf(() => new TagPolicies("tags", { tenancyId: TENANCY, groups: ["admins"] }, { provider: cluster }));
        expect(problems).toEqual([{ path: "opts.provider", message: expect.stringMatching(/^expected a oci provider/) }]);
        const k8sProblems = problemsOf(() => new ConnectivityAgentGroup("agents", agentArgs(), { provider: new oci.Provider("p", { region: "us-ashburn-1" }) }));
        expect(k8sProblems).toEqual([{ path: "opts.provider", message: expect.stringMatching(/^expected a kubernetes provider/) }]);
    });

    it.each([
        ["DrPairedIntegration", (opts: pulumi.ComponentResourceOptions) => new DrPairedIntegration("orders", validSpec(), opts)],
        ["EmailDelivery", (opts: pulumi.ComponentResourceOptions) => new EmailDelivery("mail", { primaryRegion: "us-ashburn-1", compartmentId: COMPARTMENT, tenancyId: TENANCY, senders: ["a@example.com"] }, opts)],
        ["DrAlarms", (opts: pulumi.ComponentResourceOptions) => new DrAlarms("alarms", { primaryRegion: "us-ashburn-1", compartmentId: COMPARTMENT, displayName: "orders" }, opts)],
    ])("%s refuses an OCI provider in opts: it acts in two regions", async (_name, construct) => {
        const provider = new oci.Provider("p", { region: "us-ashburn-1" });
        expect(problemsOf(() => construct({ provider }))).toEqual([{ path: "opts.provider", message: expect.stringMatching(/pass providers: \{ primary, secondary, home \}/) }]);
        expect(problemsOf(() => construct({ providers: { oci: provider } }))).toEqual([{ path: "opts.providers.oci", message: expect.any(String) }]);
        // A provider of another package is not theirs to refuse: Pulumi hands it to other packages' children.
        expect(() => construct({ providers: [new k8s.Provider("k", { kubeconfig: "{}" })] })).not.toThrow();
        await engine.settle();
    });

    it("paired components take providers per role", async () => {
        const primary = new oci.Provider("iad", { region: "us-ashburn-1" });
        const secondary = new oci.Provider("phx", { region: "us-phoenix-1" });
        new EmailDelivery("mail", { primaryRegion: "us-ashburn-1", compartmentId: COMPARTMENT, tenancyId: TENANCY, senders: ["a@example.com"], providers: { primary, secondary } });
        await engine.settle();
        const senders = byType(engine.resources, OCI_TYPES.sender).map((s) => providerOf(engine.resources, s)?.name).sort();
        expect(senders).toEqual(["iad", "phx"]);
        expect(byType(engine.resources, "pulumi:providers:oci")).toHaveLength(2);
    });
});

describe("names that cannot collide", () => {
    it("rejects senders whose names would collide, before anything is registered", async () => {
        const construct = () =>
            new EmailDelivery("mail", { primaryRegion: "us-ashburn-1", compartmentId: COMPARTMENT, tenancyId: TENANCY, senders: ["a.b@x.com", "a-b@x.com"] });
        const problems = problemsOf(construct);
        expect(problems).toEqual([
            { path: "senders.1", message: expect.stringMatching(/^"a-b@x\.com" gives the oci:Email\/sender:Sender name "mail-sender-a-b-x-com-iad", as senders\.0 \("a\.b@x\.com"\) does/) },
        ]);
        await expectNothingRegistered();
    });

    it("rejects them inside DrPairedIntegration too, with the path of the argument", async () => {
        const problems = problemsOf(() => new DrPairedIntegration("orders", validSpec({ emailDelivery: { senders: ["a.b@x.com", "a-b@x.com"] } })));
        expect(problems.map((p) => p.path)).toEqual(["emailDelivery.senders.1"]);
        await expectNothingRegistered();
    });

    it("reserves the built-in alarm names and requires unique custom ones", async () => {
        const custom = (name: string) => ({ name, namespace: "oci_integration", query: "x[1m].mean() > 1" });
        const problems = problemsOf(() => new DrPairedIntegration("orders", validSpec({ alarms: { customAlarms: [custom("unreachable"), custom("errors"), custom("Errors")] } })));
        expect(problems).toEqual([
            { path: "alarms.customAlarms.0.name", message: expect.stringMatching(/is the name of a built-in alarm/) },
            { path: "alarms.customAlarms.2.name", message: expect.stringMatching(/is also the name of customAlarms\.1; alarm names must be unique/) },
        ]);
        await expectNothingRegistered();
    });

    it("the test engine refuses a URN registered twice, as the Pulumi engine does", async () => {
        new oci.ons.NotificationTopic("same", { compartmentId: COMPARTMENT, name: "a" });
        new oci.ons.NotificationTopic("same", { compartmentId: COMPARTMENT, name: "b" });
        await expect(engine.settle()).rejects.toThrow(/Duplicate resource URN 'urn:pulumi:unit::oic-dr-test::oci:Ons\/notificationTopic:NotificationTopic::same'/);
    });
});

/** Agent group arguments that pass validation. */
function agentArgs(overrides: Partial<ConnectivityAgentGroupArgs> = {}): ConnectivityAgentGroupArgs {
    return {
        image: "registry.example.com/oic/agent:1",
        agentGroupIdentifier: "ORDERS",
        oicUrl: "https://orders.integration.ocp.oraclecloud.com",
        oauth: { idcsUrl: "https://idcs-1.identity.oraclecloud.com", scope: "scope", clientId: "client", clientSecret: pulumi.secret("s3cret") },
        ...overrides,
    };
}

describe("validate once, at the edge", () => {
    it("ConnectivityAgentGroup reports four problems, across settings, OAuth and proxy, in one error", async () => {
        const { clientSecret: _missing, ...oauthWithoutSecret } = agentArgs().oauth;
        const problems = problemsOf(
            () =>
                new ConnectivityAgentGroup("agents", agentArgs({ replicas: 3, image: "", oauth: oauthWithoutSecret as never, proxy: { host: "proxy", port: 0 } })),
        );
        expect(problems).toEqual([
            { path: "replicas", message: "3 agents; an agent group holds at most 2" },
            { path: "image", message: expect.stringMatching(/^an image is required/) },
            // Missing is said as missing, not as "never plain text".
            { path: "oauth.clientSecret", message: "required" },
            { path: "proxy.port", message: expect.stringMatching(/^0 is too small/) },
        ]);
        await expectNothingRegistered();
    });

    it("EmailDelivery reports four problems, its own checks included, in one error", async () => {
        const problems = problemsOf(
            () => new EmailDelivery("mail", { primaryRegion: "us-chicago-1" as never, compartmentId: "team", tenancyId: TENANCY, senders: ["a@x.com", "A@x.com", "nobody"] }),
        );
        expect(problems.map((p) => p.path).sort()).toEqual(["compartmentId", "primaryRegion", "senders.1", "senders.2"]);
        await expectNothingRegistered();
    });

    it("a plain-text secret is refused without echoing it", () => {
        const problems = problemsOf(() => new ConnectivityAgentGroup("agents", agentArgs({ oauth: { ...agentArgs().oauth, clientSecret: "hunter2" } })));
        expect(problems).toEqual([{ path: "oauth.clientSecret", message: expect.stringMatching(/must be a Pulumi secret/) }]);
        expect(JSON.stringify(problems)).not.toContain("hunter2");
    });

    it("children composed by DrPairedIntegration parse nothing again", async () => {
        const parsed = [emailDeliveryArgsSchema, drAlarmsArgsSchema, tagPoliciesArgsSchema, identityDomainReplicationArgsSchema].map((schema) =>
            vi.spyOn(schema, "safeParse"),
        );
        const whole = vi.spyOn(drPairedIntegrationArgsSchema, "safeParse");
        const oic = new DrPairedIntegration("orders", everyChild());
        await engine.settle();
        expect([oic.emailDelivery, oic.alarms, oic.tagPolicies, oic.identityDomainReplication].every((child) => child !== undefined)).toBe(true);
        expect(whole).toHaveBeenCalledTimes(1);
        for (const spy of parsed) expect(spy).not.toHaveBeenCalled();
    });
});
