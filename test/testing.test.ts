/**
 * oic-dr/testing as oic-dr's own checkout uses it (the packed package is exercised from a consumer
 * in package.test.ts): the supported SDK range, the internals it relies on, the engine.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import {
    PULUMI_INTERNALS,
    SUPPORTED_PULUMI_RANGE,
    UnsupportedPulumiError,
    assertSupportedPulumi,
    findPulumi,
    isSecret,
    isSecretInput,
    providerOf,
    single,
    startOfflineEngine,
    valueOf,
} from "../testing/index";
import { REPO_ROOT } from "./cliRunner";

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const installedSdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const installedVersion = (JSON.parse(fs.readFileSync(path.join(installedSdk, "package.json"), "utf8")) as { version: string }).version;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-testing-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("the supported @pulumi/pulumi range", () => {
    it("is the range oic-dr depends on", () => {
        expect(SUPPORTED_PULUMI_RANGE).toBe(manifest.dependencies["@pulumi/pulumi"]);
    });

    it("accepts the installed SDK and a prerelease of a supported line", () => {
        expect(() => assertSupportedPulumi({ version: installedVersion })).not.toThrow();
        expect(() => assertSupportedPulumi({ version: "3.999.0-alpha.1" })).not.toThrow();
    });

    it.each(["3.100.0", "4.0.0", "2.25.2"])("refuses %s, naming it, where it was found and the supported range", (version) => {
        const found = { version, entry: "/home/me/app/node_modules/@pulumi/pulumi/index.js" };
        expect(() => assertSupportedPulumi(found)).toThrow(UnsupportedPulumiError);
        expect(() => assertSupportedPulumi(found)).toThrow(
            `oic-dr/testing supports @pulumi/pulumi ${manifest.dependencies["@pulumi/pulumi"]}, but found @pulumi/pulumi ${version} (/home/me/app/node_modules/@pulumi/pulumi/index.js).`,
        );
    });
});

describe("finding the user's @pulumi/pulumi", () => {
    /** A project whose node_modules holds an SDK of `version`: a manifest and an entry, nothing more. */
    function projectWithSdk(version: string): string {
        const project = fs.mkdtempSync(path.join(scratch, "project-"));
        const sdk = path.join(project, "node_modules", "@pulumi", "pulumi");
        fs.mkdirSync(sdk, { recursive: true });
        fs.writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ name: "@pulumi/pulumi", version, main: "index.js" }));
        // Loading it would be a mistake: the version is checked first.
        fs.writeFileSync(path.join(sdk, "index.js"), 'throw new Error("an unsupported SDK was loaded");');
        return project;
    }

    it("finds the copy Node resolves from the given directory, with its version", () => {
        const project = projectWithSdk("3.271.5");
        expect(findPulumi(path.join(project))).toEqual({ version: "3.271.5", entry: fs.realpathSync(path.join(project, "node_modules", "@pulumi", "pulumi", "index.js")) });
    });

    it("refuses to start on an SDK outside the range, before loading it", async () => {
        const project = projectWithSdk("3.120.0");
        await expect(startOfflineEngine({ resolveFrom: project })).rejects.toThrow(/supports @pulumi\/pulumi \^3\.270\.0, but found @pulumi\/pulumi 3\.120\.0 \(.*project-.*\)/);
    });

    it("says where it looked when no SDK is installed there", () => {
        const empty = fs.mkdtempSync(path.join(scratch, "empty-"));
        // Node also searches the directories above: the scratch directory has none.
        expect(() => findPulumi(empty)).toThrow(`cannot find @pulumi/pulumi from ${empty}`);
    });
});

/**
 * The engine drives SDK internals (PULUMI_INTERNALS). Pinned to the installed SDK: on an upgrade
 * this fails until each is checked again.
 */
describe("the SDK internals the offline engine relies on", () => {
    const sdkRequire = createRequire(path.join(installedSdk, "index.js"));

    it.each(PULUMI_INTERNALS.map((i) => [i.module, i.name, "member" in i ? i.member : undefined]))("%s exports %s (%s)", (module, name, member) => {
        const exported = (sdkRequire(module) as Record<string, unknown>)[name!];
        expect(exported).toBeDefined();
        if (!member) return;
        // Members are methods of MockMonitor's prototype, or properties of each Output.
        const holder = name === "Output" ? pulumi.output(1) : (exported as { prototype: object }).prototype;
        expect(holder).toHaveProperty(member);
    });
});

/** A provider-backed resource of a made-up package: its outputs are whatever the mocks return. */
class Thing extends pulumi.CustomResource {
    declare readonly size: pulumi.Output<number>;
    declare readonly arn: pulumi.Output<string>;
    declare readonly key: pulumi.Output<string>;
    constructor(type: string, name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super(type, name, { arn: undefined, ...args }, opts);
    }
}

describe("the offline engine", () => {
    it("runs a program inside the root stack on this checkout's SDK, records what it registers and returns its outputs", async () => {
        const engine = await startOfflineEngine({ project: "shop", stack: "dev", preview: false, config: { "shop:size": "3" } });
        expect(engine.pulumiVersion).toBe(installedVersion);
        // The SDK the engine found is the very module instance this file imported (an ESM import
        // of a CommonJS module gets a namespace of its own around the same exports).
        expect(engine.pulumi.CustomResource).toBe(pulumi.CustomResource);
        let bucket: Thing | undefined;
        const outputs = await engine.runProgram(() => {
            const group = new pulumi.ComponentResource("shop:index:Group", "g");
            bucket = new Thing("test:index:Bucket", "b", { size: new pulumi.Config().requireNumber("size"), key: pulumi.secret("k") }, { parent: group });
            return { size: bucket.size, key: pulumi.secret("s") };
        });
        expect(Object.keys(outputs)).toEqual(["size", "key"]);
        expect(await valueOf(outputs.size!)).toBe(3);
        expect(await isSecret(outputs.key!)).toBe(true);
        expect(engine.resources.map((r) => r.urn)).toEqual([
            "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev",
            "urn:pulumi:dev::shop::shop:index:Group::g",
            "urn:pulumi:dev::shop::shop:index:Group$test:index:Bucket::b",
        ]);
        const recorded = single(engine.resources, "test:index:Bucket");
        expect(recorded.parent).toBe("urn:pulumi:dev::shop::shop:index:Group::g");
        expect(recorded.inputs.size).toBe(3);
        expect(isSecretInput(recorded.inputs.key)).toBe(true);
        expect(isSecretInput(recorded.inputs.size)).toBe(false);
        expect(await valueOf(bucket!.size)).toBe(3);
        // After `pulumi up` (preview: false) every resource has an id: the mocks' `<name>-id`.
        expect(await valueOf(bucket!.id)).toBe("b-id");
        expect(await isSecret(bucket!.size)).toBe(false);
        expect(await isSecret(bucket!.key)).toBe(true);
    });

    it("runs a program's module, imported as the README shows, with the stack's config", async () => {
        const engine = await startOfflineEngine({ project: "raw-oci", stack: "clean", config: { "raw-oci:scenario": "clean" } });
        const outputs = await engine.runProgram(() => import("./fixtures/raw-oci/index"));
        expect(outputs).toEqual({});
        const instance = single(engine.resources, "oci:Integration/integrationInstance:IntegrationInstance");
        expect(instance.urn).toBe("urn:pulumi:clean::raw-oci::oci:Integration/integrationInstance:IntegrationInstance::orders");
        expect(instance.parent).toBe("urn:pulumi:clean::raw-oci::pulumi:pulumi:Stack::raw-oci-clean");
        expect(instance.inputs.isDisasterRecoveryEnabled).toBe(true);
        expect(providerOf(engine.resources, instance)?.inputs.region).toBe("us-ashburn-1");
    });

    it("fails a program that registers one URN twice, as the engine does", async () => {
        const engine = await startOfflineEngine({ project: "shop", stack: "dev" });
        const program = () => {
            new Thing("test:index:Bucket", "b", { size: 1 });
            new Thing("test:index:Bucket", "b", { size: 2 });
        };
        await expect(engine.runProgram(program)).rejects.toThrow("Duplicate resource URN 'urn:pulumi:dev::shop::test:index:Bucket::b'; try giving it a unique name");
    });

    it("leaves the id of a resource the program creates unknown in a preview, as pulumi preview does; an outputs stub still gives its id and values", async () => {
        const engine = await startOfflineEngine({
            outputs: ({ name }) => (name === "stubbed" ? { id: "ocid1.thing.oc1..stubbed", arn: "arn:stubbed" } : undefined),
        });
        let created: Thing | undefined;
        let stubbed: Thing | undefined;
        let user: Thing | undefined;
        await engine.runProgram(() => {
            created = new Thing("test:index:Thing", "created", { size: 1 });
            stubbed = new Thing("test:index:Thing", "stubbed", { size: 2 });
            user = new Thing("test:index:User", "user", { thingId: created.id, stubbedId: stubbed.id });
        });
        await expect(valueOf(created!.id, "the created id", 5_000)).rejects.toThrow("the created id is unknown");
        await expect(valueOf(created!.arn, "the created arn", 5_000)).rejects.toThrow("the created arn is unknown");
        // Inputs the program gave stay known, as in a preview.
        expect(await valueOf(created!.size)).toBe(1);
        expect(await valueOf(stubbed!.id)).toBe("ocid1.thing.oc1..stubbed");
        expect(await valueOf(stubbed!.arn)).toBe("arn:stubbed");
        expect(user).toBeDefined();
        // Recorded as the engine receives them: the unknown id as the SDK's unknown, the stubbed one as its value.
        const recorded = single(engine.resources, "test:index:User");
        expect(pulumi.isUnknown(recorded.inputs.thingId)).toBe(true);
        expect(recorded.inputs.stubbedId).toBe("ocid1.thing.oc1..stubbed");
    });

    it("refuses to read an unknown value rather than waiting for it, and leaves the other outputs readable", async () => {
        const engine = await startOfflineEngine({ preview: true });
        let thing: Thing | undefined;
        const outputs = await engine.runProgram(() => {
            thing = new Thing("test:index:Thing", "t", { size: 1 });
            return { arn: thing.arn, size: thing.size };
        });
        expect(await valueOf(outputs.size!)).toBe(1);
        const started = Date.now();
        await expect(valueOf(thing!.arn, "the arn", 5_000)).rejects.toThrow("the arn is unknown");
        await expect(valueOf(outputs.arn!, "the arn output", 5_000)).rejects.toThrow("the arn output is unknown");
        expect(Date.now() - started).toBeLessThan(5_000);
    });
});
