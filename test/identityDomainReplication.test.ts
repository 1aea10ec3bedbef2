/**
 * Identity domains as OCI has them: a non-default domain has a home region of its own (default:
 * the tenancy's), is replicated to each region of the pair that is not that home, and one
 * replication after another, since OCI replicates a domain only while it is "not currently
 * updating or already replicating" (OCI CLI reference, `oci iam domain enable-replication-to-region`).
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { OfflineEngine, RecordedResource } from "../engine/offlineEngine";
import { DrPairedIntegration } from "../components/drPairedIntegration/drPairedIntegration";
import { IdentityDomainReplication } from "../components/identityDomainReplication/identityDomainReplication";
import { SpecValidationError } from "../components/support/validation";
import { OCI_TYPES } from "../facts/drSupport";
import * as oci from "@pulumi/oci";
import * as pulumi from "@pulumi/pulumi";
import { byType, mockEngine, providerOf, single, validSpec } from "./harness";

const DOMAIN = "ocid1.domain.oc1..aaaadomain";
const COMPONENT = "oic-dr:index:IdentityDomainReplication";
const SUBSCRIPTION = "pulumi-nodejs:dynamic/oic-dr:RegionSubscription";
const INSTANCE = "oci:Integration/integrationInstance:IntegrationInstance";
const PREFIX = "urn:pulumi:unit::oic-dr-test::oic-dr:index:DrPairedIntegration";

let engine: OfflineEngine;
beforeEach(async () => {
    engine = await mockEngine({ preview: false });
});

const domain = (extra: Record<string, unknown> = {}) => ({ id: DOMAIN, isDefault: false, name: "Integrators", ...extra });

// Alarms off: they probe the instances' regional URLs, which this engine does not make up.
async function declare(primaryRegion: string, homeRegion: string | undefined, identityDomain = domain()) {
    const component = new DrPairedIntegration("orders", validSpec({ primaryRegion, homeRegion, identityDomain, alarms: { enabled: false } }));
    await engine.settle();
    return component;
}

const replications = () => byType(engine.resources, OCI_TYPES.domainReplication);
/** The replication to `region`: the record is in the order registrations complete, not a plan's. */
const replicationTo = (region: string) => single(replications().filter((r) => r.inputs.replicaRegion === region), OCI_TYPES.domainReplication);
const regionOf = (r: RecordedResource) => providerOf(engine.resources, r)?.inputs.region;

const byUrn = <T extends { urn: string }>(records: readonly T[]) => [...records].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
/** What a stack's state holds of its replications: URNs, inputs, providers, dependencies; by URN. */
const recorded = () => byUrn([...byType(engine.resources, COMPONENT), ...replications()].map((r) => ({ urn: r.urn, inputs: r.inputs, provider: r.provider, dependencies: r.dependencies })));

describe("a domain homed in the tenancy's home region (the default): what stacks have today", () => {
    // Recorded with the code before the domain's home region became an input (main at 3dded4a):
    // a stack deployed then must see the same URNs, inputs and providers.
    const subscriptionAms = `${PREFIX}$${SUBSCRIPTION}::orders-subscription-ams`;
    const subscriptionNrt = `${PREFIX}$${SUBSCRIPTION}::orders-subscription-nrt`;
    const before = {
        homePrimary: [
            { urn: `${PREFIX}$${COMPONENT}::orders-domain-replication`, inputs: {}, provider: undefined, dependencies: [subscriptionAms] },
            {
                urn: `${PREFIX}$${COMPONENT}$${OCI_TYPES.domainReplication}::orders-domain-replication-ams`,
                inputs: { domainId: DOMAIN, replicaRegion: "eu-amsterdam-1" },
                provider: `${PREFIX}$pulumi:providers:oci::orders-fra::orders-fra-id`,
                dependencies: [subscriptionAms],
            },
        ],
        homeStandby: [
            { urn: `${PREFIX}$${COMPONENT}::orders-domain-replication-fra`, inputs: {}, provider: undefined, dependencies: [] },
            {
                urn: `${PREFIX}$${COMPONENT}$${OCI_TYPES.domainReplication}::orders-domain-replication-fra`,
                inputs: { domainId: DOMAIN, replicaRegion: "eu-frankfurt-1" },
                provider: `${PREFIX}$pulumi:providers:oci::orders-ams::orders-ams-id`,
                dependencies: [],
            },
        ],
    };

    it.each([
        ["the primary region", "eu-frankfurt-1", undefined, before.homePrimary],
        ["the primary region, said explicitly", "eu-frankfurt-1", "eu-frankfurt-1", before.homePrimary],
        ["the standby region", "eu-amsterdam-1", undefined, before.homeStandby],
        ["the standby region, said explicitly", "eu-amsterdam-1", "eu-amsterdam-1", before.homeStandby],
    ])("tenancy homed in %s: URNs, inputs, providers and dependencies unchanged", async (_where, tenancyHome, domainHome, expected) => {
        await declare("eu-frankfurt-1", tenancyHome === "eu-frankfurt-1" ? undefined : tenancyHome, domain(domainHome ? { homeRegion: domainHome } : {}));
        expect(recorded()).toEqual(byUrn(expected));
    });

    it("tenancy homed outside the pair: the same URNs, inputs and providers, the standby's now after the primary's", async () => {
        await declare("ap-singapore-1", "us-ashburn-1");
        const iad = `${PREFIX}$pulumi:providers:oci::orders-iad::orders-iad-id`;
        expect(recorded().map(({ urn, inputs, provider }) => ({ urn, inputs, provider }))).toEqual(byUrn([
            { urn: `${PREFIX}$${COMPONENT}$${OCI_TYPES.domainReplication}::orders-domain-replication-nrt`, inputs: { domainId: DOMAIN, replicaRegion: "ap-tokyo-1" }, provider: iad },
            { urn: `${PREFIX}$${COMPONENT}$${OCI_TYPES.domainReplication}::orders-domain-replication-sin`, inputs: { domainId: DOMAIN, replicaRegion: "ap-singapore-1" }, provider: iad },
            { urn: `${PREFIX}$${COMPONENT}::orders-domain-replication`, inputs: {}, provider: undefined },
            { urn: `${PREFIX}$${COMPONENT}::orders-domain-replication-sin`, inputs: {}, provider: undefined },
        ]));
        expect(single(engine.resources, SUBSCRIPTION).urn).toBe(subscriptionNrt);
    });
});

describe("a domain homed in the standby's region", () => {
    it("is replicated once, to the primary region, on the standby region's provider, and never to its own region", async () => {
        const component = await declare("eu-frankfurt-1", undefined, domain({ homeRegion: "eu-amsterdam-1" }));
        const replication = single(engine.resources, OCI_TYPES.domainReplication);
        expect(replication.inputs).toEqual({ domainId: DOMAIN, replicaRegion: "eu-frankfurt-1" });
        expect(regionOf(replication)).toBe("eu-amsterdam-1");
        // The tenancy's home region, Frankfurt, keeps the tag policy and the subscription.
        expect(single(engine.resources, SUBSCRIPTION).inputs).toMatchObject({ homeRegion: "eu-frankfurt-1", region: "eu-amsterdam-1" });
        expect(single(engine.resources, INSTANCE).dependencies).toContain(replication.urn);
        expect(component.identityDomainReplication).toBeUndefined();
        expect(component.identityDomainReplications).toHaveLength(1);
    });
});

describe("a domain homed in neither region of the pair", () => {
    it("is replicated to both, the primary's first and the standby's after it and after the subscription", async () => {
        const component = await declare("ap-singapore-1", "us-ashburn-1");
        expect(replications()).toHaveLength(2);
        const [first, second] = [replicationTo("ap-singapore-1"), replicationTo("ap-tokyo-1")];
        expect(second.dependencies).toContain(first.urn);
        expect(second.dependencies).toContain(single(engine.resources, SUBSCRIPTION).urn);
        expect(first.dependencies).not.toContain(second.urn);
        expect(regionOf(first)).toBe("us-ashburn-1");
        expect(regionOf(second)).toBe("us-ashburn-1");
        const instance = single(engine.resources, INSTANCE);
        expect(instance.dependencies).toEqual(expect.arrayContaining([first.urn, second.urn]));
        expect(component.identityDomainReplications).toHaveLength(2);
        expect(component.identityDomainReplication).toBe(component.identityDomainReplications[1]);
    });

    it("homed apart from the tenancy's home too, uses the tenancy home's provider and still runs one after another", async () => {
        await declare("eu-frankfurt-1", undefined, domain({ homeRegion: "us-ashburn-1" }));
        expect(replications()).toHaveLength(2);
        const [first, second] = [replicationTo("eu-frankfurt-1"), replicationTo("eu-amsterdam-1")];
        expect(second.dependencies).toContain(first.urn);
        expect([regionOf(first), regionOf(second)]).toEqual(["eu-frankfurt-1", "eu-frankfurt-1"]);
    });

    it("a domain homed in the primary region while the tenancy is homed elsewhere gets only the standby's", async () => {
        await declare("ap-singapore-1", "us-ashburn-1", domain({ homeRegion: "ap-singapore-1" }));
        const replication = single(engine.resources, OCI_TYPES.domainReplication);
        expect(replication.inputs.replicaRegion).toBe("ap-tokyo-1");
        expect(regionOf(replication)).toBe("ap-singapore-1");
    });
});

describe("an invalid identityDomain.homeRegion", () => {
    it.each([
        ["not a region", "mars-1", /identityDomain\.homeRegion: "mars-1" is not an OCI region identifier such as "us-ashburn-1"/],
        ["a region of another realm", "us-langley-1", /identityDomain\.homeRegion: "us-langley-1" is in realm oc2, but primaryRegion us-ashburn-1 is in oc1/],
    ])("is refused (%s) before anything is registered, naming field, value and what is allowed", async (_what, homeRegion, message) => {
        expect(() => new DrPairedIntegration("orders", validSpec({ identityDomain: domain({ homeRegion }) }))).toThrow(SpecValidationError);
        expect(() => new DrPairedIntegration("orders", validSpec({ identityDomain: domain({ homeRegion }) }))).toThrow(message);
        await engine.settle();
        expect(engine.resources).toHaveLength(0);
    });

    it("is refused for the Default domain anywhere but the tenancy's home region", async () => {
        const args = validSpec({ homeRegion: "us-ashburn-1", identityDomain: { id: DOMAIN, isDefault: true, homeRegion: "us-phoenix-1" } });
        expect(() => new DrPairedIntegration("orders", args)).toThrow(
            /identityDomain\.homeRegion: "us-phoenix-1" is not the tenancy's home region us-ashburn-1: the Default domain is homed there; allowed: us-ashburn-1 or unset/,
        );
        await engine.settle();
        expect(engine.resources).toHaveLength(0);
    });
});

describe("IdentityDomainReplication on its own", () => {
    it("keeps its arguments, and chains with dependsOn for several regions", async () => {
        const home = new oci.Provider("home", { region: "us-ashburn-1" });
        const first = new IdentityDomainReplication("to-sin", { domainId: DOMAIN, isDefaultDomain: false, replicaRegion: "ap-singapore-1" }, { provider: home });
        new IdentityDomainReplication("to-nrt", { domainId: DOMAIN, isDefaultDomain: false, replicaRegion: "ap-tokyo-1" }, { provider: home, dependsOn: [first] });
        await engine.settle();
        const [sin, nrt] = [replicationTo("ap-singapore-1"), replicationTo("ap-tokyo-1")];
        expect(nrt.dependencies).toContain(sin.urn);
    });
});

describe("pairs of one stack that share a domain", () => {
    const pairIn = (name: string, primaryRegion: string, identityDomain: Record<string, unknown> = domain()) =>
        new DrPairedIntegration(name, validSpec({ primaryRegion, homeRegion: "us-ashburn-1", identityDomain, displayName: `${name}-oic`, alarms: { enabled: false } }));
    const replicationNamed = (name: string) => single(replications().filter((r) => r.name === name), OCI_TYPES.domainReplication);
    const instanceOf = (name: string) => single(byType(engine.resources, INSTANCE).filter((r) => r.name === `${name}-instance`), INSTANCE);

    it("replicate it one region after another across the pairs, not side by side", async () => {
        pairIn("orders", "us-ashburn-1");
        pairIn("billing", "eu-frankfurt-1");
        await engine.settle();
        // Homed in Ashburn: orders replicates it to Phoenix; billing to Frankfurt, then Amsterdam.
        expect(replications().map((r) => r.inputs.replicaRegion).sort()).toEqual(["eu-amsterdam-1", "eu-frankfurt-1", "us-phoenix-1"]);
        const phx = replicationTo("us-phoenix-1");
        const fra = replicationTo("eu-frankfurt-1");
        const ams = replicationTo("eu-amsterdam-1");
        // (A dependency on a component reaches the engine as its custom children.)
        expect(fra.dependencies).toContain(phx.urn);
        expect(ams.dependencies).toContain(fra.urn);
    });

    it("replicate it to a region once: a second pair in the same regions depends on the first pair's replication", async () => {
        pairIn("orders", "eu-frankfurt-1");
        pairIn("billing", "eu-frankfurt-1");
        await engine.settle();
        expect(replications().map((r) => r.name).sort()).toEqual(["orders-domain-replication-ams", "orders-domain-replication-fra"]);
        // Billing's standby is created only once the domain is in Amsterdam (and Frankfurt).
        const billing = instanceOf("billing");
        for (const region of ["eu-frankfurt-1", "eu-amsterdam-1"]) expect(billing.dependencies).toContain(replicationTo(region).urn);
        expect(replicationNamed("orders-domain-replication-fra").inputs.domainId).toBe(DOMAIN);
    });

    it("keep a chain per pair when the domain's OCID is another resource's output (unknown while the pairs are declared)", async () => {
        const fromOutput = domain({ id: pulumi.output(DOMAIN) });
        pairIn("orders", "eu-frankfurt-1", fromOutput);
        pairIn("billing", "eu-frankfurt-1", fromOutput);
        await engine.settle();
        expect(replications()).toHaveLength(4);
    });
});
