import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import type { OfflineEngine } from "../engine/offlineEngine";
import { parseDrIntegrationSpec } from "../components/drPairedIntegration/schema";
import { SpecValidationError } from "../components/support/validation";
import { DrPairedIntegration, instanceArgs } from "../components/drPairedIntegration/drPairedIntegration";
import { runbookToMarkdown } from "../components/drPairedIntegration/runbook";
import type { DrPairedIntegrationArgs } from "../components/drPairedIntegration/args";
import { DYNAMIC_TYPES, dynamicTypeToken, OCI_TYPES } from "../facts/drSupport";
import { drRegions, partnerRegion } from "../facts/regions";
import { parsePolicyStatement } from "../facts/iamPolicySyntax";
import { byType, isSecret, isSecretInput, mockEngine, providerOf, single, validSpec, valueOf } from "./harness";

const DR_DETAILS = [
    {
        role: "PRIMARY",
        regionalInstanceUrl: "https://orders-oic-iad.integration.us-ashburn-1.ocp.oraclecloud.com",
        crossRegionIntegrationInstanceDetails: [
            { id: "ocid1.integrationinstance.oc1.phx.standby", region: "us-phoenix-1", role: "SECONDARY", timeRoleChanged: "2026-11-01T00:00:00Z" },
        ],
    },
];

const STANDBY_URL = "https://orders-oic-phx.integration.us-phoenix-1.ocp.oraclecloud.com";

/** A deployed-looking engine: the instance reports its DR details and the standby its own URL. */
const deployedEngine = () =>
    mockEngine({
        preview: false,
        outputs: ({ type }) =>
            type === OCI_TYPES.integrationInstance
                ? { instanceUrl: "https://orders-oic.integration.ocp.oraclecloud.com", disasterRecoveryDetails: DR_DETAILS }
                : undefined,
        invokes: ({ token }) =>
            token === "oci:Integration/getIntegrationInstance:getIntegrationInstance"
                ? { disasterRecoveryDetails: [{ role: "SECONDARY", regionalInstanceUrl: STANDBY_URL, crossRegionIntegrationInstanceDetails: [] }] }
                : undefined,
    });

let engine: OfflineEngine;
beforeEach(async () => {
    engine = await deployedEngine();
});

async function declare(args: DrPairedIntegrationArgs, extra: { providers?: Record<string, oci.Provider> } = {}) {
    const component = new DrPairedIntegration("oic", { ...args, ...extra });
    await engine.settle();
    return component;
}

describe("DrPairedIntegration", () => {
    describe.each(drRegions.map((r) => [r.identifier, partnerRegion(r.identifier)!.identifier]))(
        "with %s as primary",
        (primary, partner) => {
            it(`creates the DR instance on the ${primary} provider and a provider for ${partner}`, async () => {
                const component = await declare(validSpec({ primaryRegion: primary, edition: "HEALTHCARE" }));
                const instance = single(engine.resources, OCI_TYPES.integrationInstance);
                expect(instance.inputs).toMatchObject({
                    isDisasterRecoveryEnabled: true,
                    integrationInstanceType: "HEALTHCARE",
                    shape: "PRODUCTION",
                    isVisualBuilderEnabled: false,
                });
                expect(providerOf(engine.resources, instance)?.inputs.region).toBe(primary);
                const providerRegions = byType(engine.resources, OCI_TYPES.provider).map((p) => p.inputs.region);
                expect(providerRegions.sort()).toEqual([primary, partner].sort());
                expect(await valueOf(component.secondaryRegion)).toBe(partner);
            });
        },
    );

    it("maps ENTERPRISE to the Oracle Integration 3 type and sets none of the options DR rejects", async () => {
        await declare(validSpec());
        const { inputs } = single(engine.resources, OCI_TYPES.integrationInstance);
        expect(inputs.integrationInstanceType).toBe("ENTERPRISEX");
        for (const unsupported of ["networkEndpointDetails", "customEndpoint", "alternateCustomEndpoints", "privateEndpointOutboundConnections"]) {
            expect(inputs).not.toHaveProperty(unsupported);
        }
    });

    it("parents every resource to the component, directly or through a child component, and names it from the component", async () => {
        const component = await declare(validSpec({ emailDelivery: { senders: ["noreply@example.com"] } }));
        const rootUrn = await valueOf(component.urn);
        const byUrn = new Map(engine.resources.map((r) => [r.urn, r]));
        const descendants = engine.resources.filter((r) => r.urn !== rootUrn);
        expect(descendants.length).toBeGreaterThanOrEqual(10);
        for (const resource of descendants) {
            let parent = resource.parent;
            while (parent && parent !== rootUrn) parent = byUrn.get(parent)?.parent;
            expect(parent, resource.urn).toBe(rootUrn);
            expect(resource.name.startsWith("oic-"), resource.name).toBe(true);
        }
    });

    it("protects the instance by default and lets the user opt out", async () => {
        await declare(validSpec());
        expect(single(engine.resources, OCI_TYPES.integrationInstance).protect).toBe(true);
        engine = await deployedEngine();
        await declare(validSpec({ protect: false }));
        expect(single(engine.resources, OCI_TYPES.integrationInstance).protect).toBe(false);
    });

    it("sends no failoverTrigger at generation 0: the provider fails over on create whenever it is set", async () => {
        await declare(validSpec());
        const instance = single(engine.resources, OCI_TYPES.integrationInstance);
        expect(instance.inputs).not.toHaveProperty("failoverTrigger");
        expect(instanceArgs(parseDrIntegrationSpec(validSpec())).failoverTrigger).toBeUndefined();
    });

    describe("failover as code is PairRoles', never the provider's failoverTrigger", () => {
        const ROLES = dynamicTypeToken(DYNAMIC_TYPES.pairRoles);

        it.each([
            ["a new pair", { failoverGeneration: 0 }],
            ["a raised generation", { failoverGeneration: 3 }],
            ["an adopted pair", { failoverGeneration: 2, adoptFailoverGeneration: 2 }],
        ])("sends the instance no failoverTrigger for %s, and ignores the one an older stack's state holds", async (_case, generation) => {
            await declare(validSpec(generation));
            const instance = single(engine.resources, OCI_TYPES.integrationInstance);
            expect(instance.inputs).not.toHaveProperty("failoverTrigger");
            expect(instance.ignoreChanges).toEqual(["failoverTrigger"]);
            expect(single(engine.resources, ROLES).inputs.generation).toBe(generation.failoverGeneration);
        });

        it("registers PairRoles before the instance, which depends on it, with the instance's inputs but its secret", async () => {
            await declare(validSpec({ failoverGeneration: 1, idcsAccessToken: pulumi.secret("idcs-token-value") }));
            const instance = single(engine.resources, OCI_TYPES.integrationInstance);
            const roles = single(engine.resources, ROLES);
            expect(engine.resources.indexOf(roles)).toBeLessThan(engine.resources.indexOf(instance));
            expect(instance.dependencies).toContain(roles.urn);
            expect(roles.inputs).toMatchObject({
                pair: "oic",
                stack: "oic-dr-test/unit",
                region: "us-ashburn-1",
                partnerRegion: "us-phoenix-1",
                compartmentId: instance.inputs.compartmentId,
                displayName: instance.inputs.displayName,
                generation: 1,
                auth: { method: "ApiKey" },
            });
            const { idcsAt, ...guarded } = instance.inputs;
            expect(idcsAt).toBeDefined();
            expect(roles.inputs.instance).toEqual(guarded);
            expect(JSON.stringify(roles.inputs)).not.toContain("idcs-token-value");
        });

        it("shows the declared roles until PairRoles has read the live ones, then the live ones, in the runbook too", async () => {
            const declared = await declare(validSpec());
            expect(await valueOf(declared.roles)).toEqual({ activeRegion: "us-ashburn-1", standbyRegion: "us-phoenix-1", since: undefined, source: "declared" });
            expect(await valueOf(declared.runbookMarkdown)).toContain("\nWhere the pair runs now: not read yet. `pulumi up` reads the roles on every run");
            engine = await mockEngine({
                preview: false,
                invokes: ({ token }) =>
                    token === "oci:Integration/getIntegrationInstance:getIntegrationInstance"
                        ? { disasterRecoveryDetails: [{ role: "SECONDARY", regionalInstanceUrl: STANDBY_URL, crossRegionIntegrationInstanceDetails: [] }] }
                        : undefined,
                outputs: ({ type }) =>
                    type === OCI_TYPES.integrationInstance
                        ? { instanceUrl: "https://orders-oic.integration.ocp.oraclecloud.com", disasterRecoveryDetails: DR_DETAILS }
                        : type === ROLES
                        ? {
                              live: {
                                  activeRegion: "us-phoenix-1",
                                  standbyRegion: "us-ashburn-1",
                                  instanceId: "ocid1.integrationinstance.oc1.iad.stack",
                                  peerId: "ocid1.integrationinstance.oc1.phx.standby",
                                  timeRoleChanged: "2026-12-01T03:00:00.000Z",
                              },
                          }
                        : undefined,
            });
            const failedOver = await declare(validSpec());
            expect(await valueOf(failedOver.roles)).toEqual({ activeRegion: "us-phoenix-1", standbyRegion: "us-ashburn-1", since: "2026-12-01T03:00:00.000Z", source: "live" });
            // The runbook says so at its top; its commands stay the same for either region lost.
            const markdown = await valueOf(failedOver.runbookMarkdown);
            expect(markdown).toContain("\nWhere the pair runs now: the primary in Phoenix (us-phoenix-1), the standby in Ashburn (us-ashburn-1) since 2026-12-01T03:00:00.000Z ");
            expect(markdown).toContain(runbookToMarkdown(failedOver.runbook).slice(runbookToMarkdown(failedOver.runbook).indexOf("\n## Fail over")));
        });
    });

    it("creates a third provider for a separate home region and reuses one when home is in the pair", async () => {
        await declare(validSpec({ homeRegion: "us-sanjose-1" }));
        expect(byType(engine.resources, OCI_TYPES.provider).map((p) => p.inputs.region)).toEqual(
            expect.arrayContaining(["us-ashburn-1", "us-phoenix-1", "us-sanjose-1"]),
        );
        engine = await deployedEngine();
        const component = await declare(validSpec({ homeRegion: "us-phoenix-1" }));
        expect(byType(engine.resources, OCI_TYPES.provider)).toHaveLength(2);
        expect(component.providers.home).toBe(component.providers.secondary);
    });

    it("uses providers passed in instead of creating them", async () => {
        const primary = new oci.Provider("given-iad", { region: "us-ashburn-1" });
        const secondary = new oci.Provider("given-phx", { region: "us-phoenix-1" });
        await declare(validSpec(), { providers: { primary, secondary } });
        const providers = byType(engine.resources, OCI_TYPES.provider);
        expect(providers.map((p) => p.name).sort()).toEqual(["given-iad", "given-phx"]);
        expect(providerOf(engine.resources, single(engine.resources, OCI_TYPES.integrationInstance))?.name).toBe("given-iad");
    });

    it("copies provider settings to the providers it creates", async () => {
        await declare(validSpec({ ociProvider: { auth: "SecurityToken", configFileProfile: "DR" }, subscribeSecondaryRegion: false }));
        for (const provider of byType(engine.resources, OCI_TYPES.provider)) {
            expect(provider.inputs).toMatchObject({ auth: "SecurityToken", configFileProfile: "DR" });
        }
    });

    it("passes identity domain, tags, retention and File Server through", async () => {
        await declare(
            validSpec({
                identityDomain: { id: "ocid1.domain.oc1..aaaadomain", isDefault: false, name: "Integrators" },
                tags: { freeform: { app: "orders" }, defined: { "ops.cost-center": "4711" } },
                tagPolicy: { groups: ["oic-admins"] },
                dataRetentionPeriod: "MONTHS_3",
                consumptionModel: "UCM",
                fileServer: true,
                isByol: true,
            }),
        );
        expect(single(engine.resources, OCI_TYPES.integrationInstance).inputs).toMatchObject({
            domainId: "ocid1.domain.oc1..aaaadomain",
            freeformTags: { app: "orders" },
            definedTags: { "ops.cost-center": "4711" },
            dataRetentionPeriod: "MONTHS_3",
            consumptionModel: "UCM",
            isFileServerEnabled: true,
            isByol: true,
        });
    });

    it("exposes the regional URL and roles from disasterRecoveryDetails", async () => {
        const component = await declare(validSpec());
        expect(await valueOf(component.instanceUrl)).toBe("https://orders-oic.integration.ocp.oraclecloud.com");
        expect(await valueOf(component.disasterRecovery)).toEqual({
            role: "PRIMARY",
            regionalUrl: "https://orders-oic-iad.integration.us-ashburn-1.ocp.oraclecloud.com",
            crossRegion: {
                id: "ocid1.integrationinstance.oc1.phx.standby",
                region: "us-phoenix-1",
                role: "SECONDARY",
                timeRoleChanged: "2026-11-01T00:00:00Z",
            },
        });
    });

    it("keeps the IDCS token secret in the instance inputs and out of every output", async () => {
        const component = await declare(validSpec({ idcsAccessToken: pulumi.secret("idcs-token-value") }));
        const instance = single(engine.resources, OCI_TYPES.integrationInstance);
        expect(isSecretInput(instance.inputs.idcsAt)).toBe(true);
        expect(await isSecret(component.instance.idcsAt)).toBe(true);
        const outputs = await valueOf(
            pulumi.output({
                runbook: component.runbook,
                markdown: component.runbookMarkdown,
                dr: component.disasterRecovery,
                url: component.instanceUrl,
            }),
        );
        expect(JSON.stringify(outputs)).not.toContain("idcs-token-value");
    });

    describe("the tag policy, declared once for the pairs of a stack that need the same one", () => {
        const POLICY = "oci:Identity/policy:Policy";
        const tagged = (overrides: Record<string, unknown> = {}) =>
            validSpec({ tags: { defined: { "ops.cost-center": "4711" } }, tagPolicy: { groups: ["oic-admins", "oic-deployers"] }, ...overrides });
        const instanceOf = (pair: string) => engine.resources.find((r) => r.type === OCI_TYPES.integrationInstance && r.name === `${pair}-instance`)!;

        it("declares one policy for two pairs, owned by the stack, and both instances depend on it", async () => {
            const orders = new DrPairedIntegration("orders", tagged({ displayName: "orders-oic" }));
            const billing = new DrPairedIntegration("billing", tagged({ displayName: "billing-oic", primaryRegion: "eu-frankfurt-1", homeRegion: "us-ashburn-1", tagPolicy: { groups: ["oic-deployers", "oic-admins"] } }));
            await engine.settle();
            const policy = single(engine.resources, POLICY);
            expect(policy.inputs.statements).toEqual(["Allow group oic-admins to use tag-namespaces in tenancy", "Allow group oic-deployers to use tag-namespaces in tenancy"]);
            expect(providerOf(engine.resources, policy)?.inputs.region).toBe("us-ashburn-1");
            const owner = engine.resources.find((r) => r.urn === policy.parent)!;
            expect(owner.type).toBe("oic-dr:index:TagPolicies");
            expect(owner.parent).toBeUndefined();
            expect(orders.tagPolicies).toBe(billing.tagPolicies);
            for (const pair of ["orders", "billing"]) expect(instanceOf(pair).dependencies, pair).toContain(policy.urn);

            // Kept per deployment: the next one in this process (a new engine) declares it again.
            engine = await deployedEngine();
            new DrPairedIntegration("orders", tagged({ displayName: "orders-oic" }));
            new DrPairedIntegration("billing", tagged({ displayName: "billing-oic" }));
            await engine.settle();
            expect(single(engine.resources, POLICY).urn).toBe(policy.urn);
        });

        it("gives it the same URN and inputs whichever pair is declared first, and keeps them when one pair is removed", async () => {
            const declared = async (pairs: string[]) => {
                engine = await deployedEngine();
                for (const pair of pairs) new DrPairedIntegration(pair, tagged({ displayName: `${pair}-oic` }));
                await engine.settle();
                const { urn, inputs } = single(engine.resources, POLICY);
                return { urn, inputs };
            };
            const first = await declared(["orders", "billing"]);
            expect(await declared(["billing", "orders"])).toEqual(first);
            expect(await declared(["billing"])).toEqual(first);
            expect(first.urn).toMatch(/::oic-dr:index:TagPolicies\$oci:Identity\/policy:Policy::tags-[0-9a-f]{8}-tag-namespaces$/);
        });

        it("declares one per distinct policy: other groups, another prefix", async () => {
            new DrPairedIntegration("orders", tagged({ displayName: "orders-oic" }));
            new DrPairedIntegration("billing", tagged({ displayName: "billing-oic", tagPolicy: { groups: ["billing-admins"] } }));
            new DrPairedIntegration("hr", tagged({ displayName: "hr-oic", namePrefix: "hr" }));
            new DrPairedIntegration("crm", tagged({ displayName: "crm-oic" }));
            await engine.settle();
            expect(byType(engine.resources, POLICY).map((p) => p.inputs.statements)).toHaveLength(3);
            expect(instanceOf("crm").dependencies).toContain(instanceOf("orders").dependencies.find((d) => d.includes("Identity/policy")));
        });
    });

    describe("the pre-install policy to manage integration instances (instancePolicy)", () => {
        const POLICY = OCI_TYPES.policy;
        const managing = () => byType(engine.resources, POLICY).filter((p) => (p.inputs.statements as string[]).some((st) => st.includes("integration-instance")));
        const instanceOf = (pair: string) => engine.resources.find((r) => r.type === OCI_TYPES.integrationInstance && r.name === `${pair}-instance`)!;

        it("declares it in IAM's grammar, in the root compartment, through the home region's provider, before the instance; none when omitted", async () => {
            await declare(validSpec({ primaryRegion: "eu-frankfurt-1", homeRegion: "us-ashburn-1", instancePolicy: { groups: ["oic-deployers"], dynamicGroups: ["ci-runners"] } }));
            const policy = single(managing(), POLICY);
            const statements = policy.inputs.statements as string[];
            expect(statements).toEqual([
                "Allow group oic-deployers to manage integration-instance in compartment id ocid1.compartment.oc1..aaaaaaaacompartment",
                "Allow dynamic-group ci-runners to manage integration-instance in compartment id ocid1.compartment.oc1..aaaaaaaacompartment",
            ]);
            for (const statement of statements) expect(parsePolicyStatement(statement), statement).toHaveProperty("statement.resourceType", "integration-instance");
            expect(policy.inputs.compartmentId).toBe("ocid1.tenancy.oc1..aaaaaaaatenancy");
            expect(providerOf(engine.resources, policy)?.inputs.region).toBe("us-ashburn-1");
            expect(instanceOf("oic").dependencies).toContain(policy.urn);

            // Omitted, none is declared: IAM is managed elsewhere.
            engine = await deployedEngine();
            await declare(validSpec());
            expect(managing()).toEqual([]);
        });

        it("writes `in tenancy` for the root compartment and qualifies the subjects with a non-default domain", async () => {
            await declare(
                validSpec({
                    compartmentId: "ocid1.tenancy.oc1..aaaaaaaatenancy",
                    identityDomain: { id: "ocid1.domain.oc1..aaaaaaaadomain", isDefault: false, name: "Integrations", replicate: false },
                    instancePolicy: { groups: ["oic-deployers"] },
                }),
            );
            expect(single(managing(), POLICY).inputs.statements).toEqual(["Allow group Integrations/oic-deployers to manage integration-instance in tenancy"]);
        });

        it("declares one for two pairs of a stack that need the same one, owned by the stack, and another for another compartment", async () => {
            const grant = { instancePolicy: { groups: ["oic-deployers"] } };
            new DrPairedIntegration("orders", validSpec({ ...grant, displayName: "orders-oic" }));
            new DrPairedIntegration("billing", validSpec({ ...grant, displayName: "billing-oic", primaryRegion: "eu-frankfurt-1", homeRegion: "us-ashburn-1" }));
            await engine.settle();
            const policy = single(managing(), POLICY);
            expect(policy.parent).toBeUndefined();
            expect(policy.name).toMatch(/^manage-instances-[0-9a-f]{8}$/);
            for (const pair of ["orders", "billing"]) expect(instanceOf(pair).dependencies, pair).toContain(policy.urn);

            engine = await deployedEngine();
            new DrPairedIntegration("orders", validSpec({ ...grant, displayName: "orders-oic" }));
            new DrPairedIntegration("hr", validSpec({ ...grant, displayName: "hr-oic", compartmentId: "ocid1.compartment.oc1..aaaaaaaahr" }));
            await engine.settle();
            expect(managing()).toHaveLength(2);
        });

        it.each([
            ["no subject", { instancePolicy: {} }, /instancePolicy: name at least one group or dynamic group/],
            ["a group name IAM would not take", { instancePolicy: { groups: ["oic deployers"] } }, /instancePolicy\.groups\.0: "oic deployers" is not a group name/],
            ["a non-default domain without its name", { instancePolicy: { groups: ["g"] }, identityDomain: { id: "ocid1.domain.oc1..aaaaaaaadomain", isDefault: false, replicate: false } }, /identityDomain\.name: required for instancePolicy/],
        ])("rejects %s before registering anything", async (_what, overrides, message) => {
            expect(() => new DrPairedIntegration("oic", validSpec(overrides))).toThrow(message);
            await engine.settle();
            expect(engine.resources).toHaveLength(0);
        });
    });

    describe("private endpoints, one on each instance of the pair (Oracle's current \"User Responsibilities\" page)", () => {
        const ENDPOINT = OCI_TYPES.privateEndpointOutboundConnection;
        const endpoints = {
            primaryRegion: { subnetId: "ocid1.subnet.oc1.iad.aaaaaaaaprimary", nsgIds: ["ocid1.networksecuritygroup.oc1.iad.aaaaaaaansg"] },
            secondaryRegion: { subnetId: "ocid1.subnet.oc1.phx.aaaaaaaapartner" },
        };

        it("declares the primary region's on the stack's instance through its provider, the partner's on the instance the DR details name there, through the partner's; none when omitted", async () => {
            const component = await declare(validSpec({ privateEndpoints: endpoints }));
            const declared = byType(engine.resources, ENDPOINT);
            expect(declared.map((r) => r.name)).toEqual(["oic-private-endpoint-iad", "oic-private-endpoint-phx"]);
            const [primary, partner] = declared as [(typeof declared)[0], (typeof declared)[0]];
            const instance = single(engine.resources, OCI_TYPES.integrationInstance);
            expect(providerOf(engine.resources, primary)?.inputs.region).toBe("us-ashburn-1");
            expect(primary.inputs).toEqual({ integrationInstanceId: await valueOf(component.instanceId), subnetId: endpoints.primaryRegion.subnetId, nsgIds: endpoints.primaryRegion.nsgIds });
            expect(primary.propertyDependencies.integrationInstanceId).toEqual([instance.urn]);
            expect(providerOf(engine.resources, partner)?.inputs.region).toBe("us-phoenix-1");
            expect(partner.inputs).toEqual({ integrationInstanceId: "ocid1.integrationinstance.oc1.phx.standby", subnetId: endpoints.secondaryRegion.subnetId });
            expect(partner.propertyDependencies.integrationInstanceId).toEqual([instance.urn]);
            expect(component.privateEndpoints).toHaveLength(2);

            // Without privateEndpoints, none.
            engine = await deployedEngine();
            await declare(validSpec());
            expect(byType(engine.resources, ENDPOINT)).toEqual([]);
        });

        it("keeps each endpoint with the instance of its region after a failover: the partner's instance is found by region, not by role", async () => {
            engine = await mockEngine({
                preview: false,
                outputs: ({ type }) =>
                    type === OCI_TYPES.integrationInstance
                        ? {
                              disasterRecoveryDetails: [
                                  { role: "SECONDARY", crossRegionIntegrationInstanceDetails: [{ id: "ocid1.integrationinstance.oc1.phx.recovery", region: "us-phoenix-1", role: "PRIMARY", timeRoleChanged: "2026-12-01T00:00:00Z" }] },
                              ],
                          }
                        : undefined,
            });
            await declare(validSpec({ privateEndpoints: endpoints, alarms: { enabled: false } }));
            const partner = byType(engine.resources, ENDPOINT).find((r) => r.name === "oic-private-endpoint-phx")!;
            expect(partner.inputs.integrationInstanceId).toBe("ocid1.integrationinstance.oc1.phx.recovery");
            expect(providerOf(engine.resources, partner)?.inputs.region).toBe("us-phoenix-1");
        });

        it.each([
            ["only the primary region's", { primaryRegion: endpoints.primaryRegion }, /privateEndpoints\.secondaryRegion: required with privateEndpoints\.primaryRegion: Oracle-managed DR supports private endpoints only when enabled on both instances .*give the subnet in us-phoenix-1/],
            ["only the partner region's", { secondaryRegion: endpoints.secondaryRegion }, /privateEndpoints\.primaryRegion: required with privateEndpoints\.secondaryRegion: .*give the subnet in us-ashburn-1/],
            ["a subnet of the wrong region", { ...endpoints, secondaryRegion: { subnetId: "ocid1.subnet.oc1.iad.aaaaaaaawrong" } }, /privateEndpoints\.secondaryRegion\.subnetId: "ocid1\.subnet\.oc1\.iad\.aaaaaaaawrong" is of iad, not of us-phoenix-1 \(phx\): the endpoint of the instance in us-phoenix-1 must be in that region/],
            ["a security group of the wrong region", { ...endpoints, primaryRegion: { subnetId: endpoints.primaryRegion.subnetId, nsgIds: ["ocid1.networksecuritygroup.oc1.phx.aaaaaaaansg"] } }, /privateEndpoints\.primaryRegion\.nsgIds\.0: .* is of phx, not of us-ashburn-1/],
            ["something that is no subnet OCID", { ...endpoints, primaryRegion: { subnetId: "subnet-1" } }, /privateEndpoints\.primaryRegion\.subnetId: "subnet-1" is not a subnet OCID/],
        ])("rejects %s before registering anything", async (_what, privateEndpoints, message) => {
            expect(() => new DrPairedIntegration("oic", validSpec({ privateEndpoints }))).toThrow(message);
            await engine.settle();
            expect(engine.resources).toHaveLength(0);
        });

        it("points at privateEndpoints when given the instance's own field, which would serve one instance only", () => {
            expect(() => new DrPairedIntegration("oic", validSpec({ privateEndpointOutboundConnections: [{ subnetId: "ocid1.subnet.oc1.iad.a" }] }))).toThrow(
                /privateEndpointOutboundConnections: set privateEndpoints instead/,
            );
        });
    });

    it.each([
        ["an unpaired region", { primaryRegion: "us-chicago-1" }, /primaryRegion: "us-chicago-1" is not a region/],
        ["the Standard edition", { edition: "STANDARD" }, /edition: "STANDARD" is not supported/],
        ["a bad OCID", { tenancyId: "tenancy" }, /tenancyId: "tenancy" is not a tenancy OCID/],
        ["zero message packs", { messagePacks: 0 }, /messagePacks: 0 message packs; at least 1 is required/],
        ["a lowered failover generation", { failoverGeneration: 0, previousFailoverGeneration: 1 }, /failoverGeneration: 0 is lower/],
    ])("rejects %s before registering anything", async (_what, overrides, message) => {
        expect(() => new DrPairedIntegration("oic", validSpec(overrides))).toThrow(SpecValidationError);
        expect(() => new DrPairedIntegration("oic", validSpec(overrides))).toThrow(message);
        await engine.settle();
        expect(engine.resources).toHaveLength(0);
    });
});
