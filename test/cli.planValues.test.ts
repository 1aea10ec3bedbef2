/**
 * The values a plan shows: the stack's outputs as the SDK registers them, and inputs and outputs in
 * the engine's wire form made readable (cli/displayValues.ts), produced here by the SDK itself
 * under the offline engine. The region rule (facts/resourceRegion.ts) as the policies read it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { displayProperties, displayValue, WIRE } from "../engine/displayValues";
import { startOfflineEngine } from "../engine/offlineEngine";
import { OCI_TYPES } from "../facts/drSupport";
import { REGION_SUBSCRIPTION_TOKEN } from "../facts/resourceRegion";
import { PreviewReads, UNKNOWN, UNNOTED_READS } from "../policies/framework";
import { regionOf, regionState } from "../policies/rules/inspect";
import { withTimeout } from "./harness";


/** An OCI provider whose region is unknown during preview: reading it throws what @pulumi/policy's proxy throws (read() tells it by name). */
function providerOfUnknownRegion(message: string) {
    return {
        type: OCI_TYPES.provider,
        urn: "urn:p",
        name: "p",
        props: Object.defineProperty({}, "region", {
            get() {
                throw new (class UnknownValueError extends Error {})(message);
            },
        }),
    };
}

describe("the wire format displayValues reads", () => {
    it("is the installed SDK's (runtime/rpc)", () => {
        expect(WIRE).toEqual({
            unknown: rpc.unknownValue,
            sigKey: rpc.specialSigKey,
            secretSig: rpc.specialSecretSig,
            resourceSig: rpc.specialResourceSig,
            outputValueSig: rpc.specialOutputValueSig,
            assetSig: rpc.specialAssetSig,
            archiveSig: rpc.specialArchiveSig,
        });
    });
});

/** A provider-backed resource of any type; `url` is an output its provider would compute. */
class Thing extends pulumi.CustomResource {
    declare readonly url: pulumi.Output<string>;
    constructor(type: string, name: string, props: pulumi.Inputs) {
        super(type, name, props);
    }
}

describe("a program's values, as the offline engine records them", () => {
    it("captures the root stack's outputs and shows them, and the inputs, masked", async () => {
        const engine = await startOfflineEngine(pulumi, { project: "values", stack: "dev", wireInputs: true });
        // What a program exports: the SDK's Stack registers it as the root resource's outputs.
        await withTimeout(
            pulumi.runtime.runInPulumiStack(async () => {
                const topic = new Thing("oci:Ons/notificationTopic:NotificationTopic", "alerts", { name: "alerts", url: undefined });
                new Thing("oci:Ons/subscription:Subscription", "pager", {
                    endpoint: pulumi.secret("pager-token-4711"),
                    topic,
                    target: topic.url,
                    template: new pulumi.asset.FileAsset("/srv/templates/page.txt"),
                    ownerToken: "owner-token-0815",
                });
                return {
                    count: 1_000_000_000_000,
                    token: pulumi.secret("stack-token-4711"),
                    url: topic.url,
                    regions: { primary: "ca-toronto-1" },
                };
            }),
            "the program",
        );
        await withTimeout(engine.settle(), "registrations");

        const outputs = engine.stackOutputs!;
        expect(outputs.count).toBe(1_000_000_000_000);
        expect(outputs.token).toEqual({ [rpc.specialSigKey]: rpc.specialSecretSig, value: "stack-token-4711" });
        expect(outputs.url).toBe(rpc.unknownValue);
        expect(displayProperties(outputs, [])).toEqual({ count: 1_000_000_000_000, regions: { primary: "ca-toronto-1" }, token: "[secret]", url: "[unknown]" });

        const pager = engine.resources.find((r) => r.name === "pager")!;
        // A secret of the stack's config that the program passed on unmarked is redacted too.
        expect(displayProperties(pager.inputs, ["owner-token-0815"])).toEqual({
            endpoint: "[secret]",
            ownerToken: "[redacted]",
            target: "[unknown]",
            template: "[asset /srv/templates/page.txt]",
            topic: "urn:pulumi:dev::values::oci:Ons/notificationTopic:NotificationTopic::alerts",
        });
    });
});

describe("displayValue", () => {
    it("masks a number or a boolean that is a secret's plaintext, and a URL's credentials", () => {
        expect(displayValue(4711, ["4711"])).toBe("[secret]");
        expect(displayValue(4711, [])).toBe(4711);
        expect(displayValue({ hook: "https://user:pass@hooks.example.com/x" }, [])).toEqual({ hook: "https://[redacted]@hooks.example.com/x" });
    });

    it("shows an output value by its value, or masked", () => {
        const sig = { [WIRE.sigKey]: WIRE.outputValueSig };
        expect(displayValue({ ...sig, value: 2 }, [])).toBe(2);
        expect(displayValue({ ...sig, value: 2, secret: true }, [])).toBe("[secret]");
        expect(displayValue(sig, [])).toBe("[unknown]");
    });
});

describe("the region of a resource, as the policies read it", () => {
    const provider = (region: unknown) => ({ type: OCI_TYPES.provider, props: { region }, urn: "urn:p", name: "p" });

    it("is a region subscription's own region input, and any other resource's provider's", () => {
        expect(regionOf({ type: REGION_SUBSCRIPTION_TOKEN, props: { region: "us-phoenix-1", homeRegion: "us-ashburn-1" } }, UNNOTED_READS)).toBe("us-phoenix-1");
        expect(regionOf({ type: OCI_TYPES.topic, props: { region: "ignored" }, provider: provider("us-ashburn-1") }, UNNOTED_READS)).toBe("us-ashburn-1");
        expect(regionOf({ type: OCI_TYPES.topic, props: {} }, UNNOTED_READS)).toBeUndefined();
        // Only an OCI provider places a resource.
        expect(regionOf({ type: "kubernetes:core/v1:Secret", props: {}, provider: { ...provider("us-ashburn-1"), type: "pulumi:providers:kubernetes" } }, UNNOTED_READS)).toBeUndefined();
    });

    it("is UNKNOWN when the engine says the provider's region is unknown during preview", () => {
        const unknownRegion = providerOfUnknownRegion("unknown");
        expect(regionState({ type: OCI_TYPES.topic, props: {}, provider: unknownRegion }, UNNOTED_READS)).toBe(UNKNOWN);
    });

    it("notes an unknown region in the reads of the stack check's run that read it, and in no other", () => {
        const unknownRegion = providerOfUnknownRegion("the provider's region is unknown");
        const topic = { type: OCI_TYPES.topic, props: {}, provider: unknownRegion };
        const run = new PreviewReads();
        const otherRun = new PreviewReads();
        expect(regionState(topic, run)).toBe(UNKNOWN);
        expect(otherRun.withoutUnknownNote(() => regionOf(topic, otherRun))).toBeUndefined();
        expect(run.unknowns).toEqual(["the provider's region is unknown"]);
        // Read without the note: a value that, unknown, cannot change the verdict.
        expect(otherRun.unknowns).toEqual([]);
        expect(regionState(topic, otherRun)).toBe(UNKNOWN);
        expect(otherRun.unknowns).toEqual(["the provider's region is unknown"]);
        expect(run.unknowns).toHaveLength(1);
    });
});
