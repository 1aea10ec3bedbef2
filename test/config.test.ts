import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parseDrIntegrationSpec } from "../components/drPairedIntegration/schema";
import { SpecValidationError } from "../components/support/validation";
import { validSpec } from "./harness";

function problemsOf(input: unknown): Record<string, string> {
    try {
        parseDrIntegrationSpec(input);
    } catch (err) {
        expect(err).toBeInstanceOf(SpecValidationError);
        return Object.fromEntries((err as SpecValidationError).problems.map((p) => [p.path, p.message]));
    }
    throw new Error("expected the spec to be rejected");
}

describe("parseDrIntegrationSpec", () => {
    it("fills in defaults for a minimal spec", () => {
        const spec = parseDrIntegrationSpec(validSpec());
        expect(spec).toMatchObject({
            isByol: false,
            fileServer: false,
            failoverGeneration: 0,
            protect: true,
            usage: {
                ownEmailTenancy: false,
                pollingTriggerIntegrations: true,
                eventBasedIntegrations: false,
                designTimeApiClients: false,
                connectivityAgent: "none",
            },
        });
    });

    it("accepts editions case-insensitively", () => {
        expect(parseDrIntegrationSpec(validSpec({ edition: "healthcare" })).edition).toBe("HEALTHCARE");
    });

    it("rejects a region outside the pairs and lists the supported ones", () => {
        expect(problemsOf(validSpec({ primaryRegion: "us-chicago-1" })).primaryRegion).toMatch(
            /^"us-chicago-1" is not a region of an Oracle-managed DR pair; allowed: us-ashburn-1, us-phoenix-1, .*me-jeddah-1$/,
        );
    });

    it("rejects the Standard edition and names the allowed ones", () => {
        expect(problemsOf(validSpec({ edition: "STANDARD" })).edition).toBe(
            '"STANDARD" is not supported by Oracle-managed DR; allowed: ENTERPRISE, HEALTHCARE (Standard edition has no DR)',
        );
        expect(problemsOf(validSpec({ edition: "ENTERPRISEX" })).edition).toMatch(/allowed: ENTERPRISE, HEALTHCARE$/);
    });

    it("checks OCID formats", () => {
        const problems = problemsOf(
            validSpec({ tenancyId: "ocid1.compartment.oc1..aaaa", compartmentId: "my-compartment", identityDomain: { id: "x", isDefault: false } }),
        );
        expect(problems.tenancyId).toBe('"ocid1.compartment.oc1..aaaa" is not a tenancy OCID; expected ocid1.tenancy.oc1..<unique id>');
        expect(problems.compartmentId).toMatch(/^"my-compartment" is not a compartment OCID/);
        expect(problems["identityDomain.id"]).toMatch(/^"x" is not an identity domain OCID; expected ocid1\.domain\.oc1\.\.<unique id>/);
        // The root compartment is the tenancy itself.
        expect(() => parseDrIntegrationSpec(validSpec({ compartmentId: "ocid1.tenancy.oc1..aaaa" }))).not.toThrow();
    });

    it("requires at least one message pack", () => {
        expect(problemsOf(validSpec({ messagePacks: 0 })).messagePacks).toBe("0 message packs; at least 1 is required");
        expect(problemsOf(validSpec({ messagePacks: 1.5 })).messagePacks).toMatch(/1\.5/);
    });

    it("rejects a lowered or skipped failover generation against the deployed one", () => {
        expect(problemsOf(validSpec({ failoverGeneration: 1, previousFailoverGeneration: 2 })).failoverGeneration).toBe(
            "1 is lower than the deployed generation 2; it can only be raised (by one to fail over)",
        );
        expect(problemsOf(validSpec({ failoverGeneration: 4, previousFailoverGeneration: 2 })).failoverGeneration).toMatch(
            /raise it by one \(to 3\)/,
        );
        expect(problemsOf(validSpec({ failoverGeneration: -1 })).failoverGeneration).toMatch(/-1 is too small; minimum 0/);
        expect(parseDrIntegrationSpec(validSpec({ failoverGeneration: 3, previousFailoverGeneration: 2 })).failoverGeneration).toBe(3);
    });

    it("names missing required fields and unknown keys", () => {
        const problems = problemsOf({ primaryRegion: "us-ashburn-1", editon: "ENTERPRISE" });
        expect(problems).toMatchObject({
            tenancyId: "required",
            compartmentId: "required",
            displayName: "required",
            edition: "required",
            messagePacks: "required",
            editon: "unknown key; did you mean edition?",
        });
    });

    it("suggests the nearest known key for a misspelt one, at any level, and nothing for a key near none", () => {
        const problems = problemsOf(
            validSpec({ dispalyName: "orders", usage: { conectivityAgent: "kubernetes" }, alarms: { probe: { knid: "tcp" } }, colour: "blue" }),
        );
        expect(problems).toMatchObject({
            dispalyName: "unknown key; did you mean displayName?",
            "usage.conectivityAgent": "unknown key; did you mean connectivityAgent?",
            "alarms.probe.knid": "unknown key; did you mean kind?",
            colour: "unknown key (check its spelling against the arguments' documentation)",
        });
    });

    it("names the instance fields Oracle-managed DR does not support as unsupported, with the reason, not as unknown keys (private endpoints: privateEndpoints)", () => {
        const problems = problemsOf(
            validSpec({
                networkEndpointDetails: { networkEndpointType: "PUBLIC", allowlistedHttpIps: ["203.0.113.0/24"] },
                customEndpoint: { hostname: "orders.example.com" },
                alternateCustomEndpoints: [{ hostname: "orders2.example.com" }],
                privateEndpointOutboundConnections: [{ subnetId: "ocid1.subnet.oc1..a" }],
                isVisualBuilderEnabled: true,
                enableProcessAutomationTrigger: 1,
            }),
        );
        const source = '(Oracle Integration 3 DR guide G10051-10, "What\'s Not Supported?")';
        expect(problems).toEqual({
            networkEndpointDetails: `network access ACLs are not supported by Oracle-managed DR ${source}; restrict access at the callers or in the connected systems`,
            customEndpoint: `custom endpoints are not supported by Oracle-managed DR ${source}; clients use the instance's global URL, which follows failovers`,
            alternateCustomEndpoints: `custom endpoints are not supported by Oracle-managed DR ${source}; clients use the instance's global URL, which follows failovers`,
            privateEndpointOutboundConnections: "set privateEndpoints instead: Oracle-managed DR supports private endpoints only on both instances, and it declares one on each",
            isVisualBuilderEnabled: `Visual Builder is not supported by Oracle-managed DR ${source}; run it on a separate instance without DR`,
            enableProcessAutomationTrigger: `Process Automation is not supported by Oracle-managed DR ${source}; run it on a separate instance without DR`,
        });
    });

    it("throws a pulumi.RunError, so that `pulumi up` prints its message without a stack trace, and keeps its problems", () => {
        let error: unknown;
        try {
            parseDrIntegrationSpec(validSpec({ messagePacks: 0 }));
        } catch (err) {
            error = err;
        }
        // The language host's own test (cmd/run/run.js:377), which works across copies of the SDK.
        expect(pulumi.RunError.isInstance(error)).toBe(true);
        expect(error).toBeInstanceOf(SpecValidationError);
        expect((error as SpecValidationError).name).toBe("SpecValidationError");
        expect((error as SpecValidationError).problems).toEqual([{ path: "messagePacks", message: "0 message packs; at least 1 is required" }]);
    });

    it("lists every problem of one spec in one error", () => {
        let error: SpecValidationError | undefined;
        try {
            parseDrIntegrationSpec(validSpec({ primaryRegion: "us-chicago-1", edition: "STANDARD", messagePacks: 0 }));
        } catch (err) {
            error = err as SpecValidationError;
        }
        expect(error?.problems.map((p) => p.path)).toEqual(["primaryRegion", "edition", "messagePacks"]);
        expect(error?.message).toMatch(/^Invalid DrPairedIntegration arguments \(3 problems\):\n  - primaryRegion: /);
    });

    it("takes the IDCS token only as a Pulumi secret and never echoes it", () => {
        const plain = problemsOf(validSpec({ idcsAccessToken: "eyJhbGciOi-plain-token" }));
        expect(plain.idcsAccessToken).toMatch(/must be a Pulumi secret/);
        expect(JSON.stringify(plain)).not.toContain("eyJhbGciOi-plain-token");
        const both = problemsOf(
            validSpec({ idcsAccessToken: pulumi.secret("t"), identityDomain: { id: "ocid1.domain.oc1..aaaa", isDefault: true } }),
        );
        expect(both.idcsAccessToken).toMatch(/give identityDomain or idcsAccessToken, not both/);
    });

    it("takes a home region from OCI's region catalogue (oci-common), in the primary's realm", () => {
        expect(parseDrIntegrationSpec(validSpec({ homeRegion: "ap-chuncheon-1" })).homeRegion).toBe("ap-chuncheon-1");
        expect(problemsOf(validSpec({ homeRegion: "Ashburn" })).homeRegion).toMatch(/is not an OCI region identifier/);
        expect(problemsOf(validSpec({ homeRegion: "eu-atlantis-7" })).homeRegion).toMatch(/^"eu-atlantis-7" is not an OCI region identifier .*oci-common/);
        // A multi-word region of another realm is a region, but not one an oc1 pair can use.
        expect(problemsOf(validSpec({ homeRegion: "uk-gov-london-1" })).homeRegion).toBe('"uk-gov-london-1" is in realm oc4, but primaryRegion us-ashburn-1 is in oc1');
    });

    it("refuses OCIDs of another realm than the primary region's", () => {
        const problems = problemsOf(validSpec({ tenancyId: "ocid1.tenancy.oc2..aaaaaaaatenancy", identityDomain: { id: "ocid1.domain.oc3..aaaadomain", isDefault: true } }));
        expect(problems.tenancyId).toBe('"ocid1.tenancy.oc2..aaaaaaaatenancy" is in realm oc2, but primaryRegion us-ashburn-1 is in oc1');
        expect(problems["identityDomain.id"]).toMatch(/is in realm oc3/);
    });

    it("rejects a display name the service would refuse", () => {
        expect(problemsOf(validSpec({ displayName: "9 lives" })).displayName).toMatch(/^"9 lives" is not a valid instance name/);
    });
});
