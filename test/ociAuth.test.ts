/**
 * One auth vocabulary (components/ociAuth.ts): the component's `ociProvider.auth`, the region
 * subscription's `auth.method` and the operations' `--auth` take the same words, and the former
 * spellings a user or a stack's state could hold still name the same methods.
 */
import { Command, type Option } from "commander";
import { describe, expect, it } from "vitest";
import { buildCli } from "../cli/main";
import { withConnectionOptions } from "../cli/operationOptions";
import { drPairedIntegrationArgsSchema } from "../components/drPairedIntegration/schema";
import { FORMER_AUTH_SPELLINGS, OCI_PROVIDER_AUTH_METHODS, SDK_AUTH_METHODS, sdkAuthMethod } from "../facts/ociAuth";
import { regionSubscriptionProvider as provider, type RegionSubscriptionInputs, type RegionSubscriptionOutputs } from "../components/dynamic/regionSubscriptionProvider";
import { CLIENT_DEFAULTS } from "../operations/clients/ociClient";

const TENANCY = "ocid1.tenancy.oc1..aaaaaaaafaketenancy";

function subscriptionInputs(auth: RegionSubscriptionInputs["auth"]): RegionSubscriptionInputs {
    return { tenancyId: TENANCY, homeRegion: "us-ashburn-1", region: "us-phoenix-1", auth };
}

/** Every `--auth` option of the command line, with the command that has it. */
function authOptions(): Array<{ command: string; option: Option }> {
    const found: Array<{ command: string; option: Option }> = [];
    const visit = (command: Command, path: string) => {
        for (const option of command.options) if (option.long === "--auth") found.push({ command: path, option });
        for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`.trim());
    };
    visit(buildCli(), "");
    return found;
}

function parseAuth(value: string): unknown {
    const command = withConnectionOptions(new Command("t").exitOverride().configureOutput({ writeErr: () => undefined }));
    command.parse(["--region", "us-phoenix-1", "--auth", value], { from: "user" });
    return command.opts().auth;
}

describe("one auth vocabulary", () => {
    it("the component's ociProvider.auth takes the OCI provider's words, and the SDK's methods are among them", () => {
        const ociProvider = drPairedIntegrationArgsSchema.shape.ociProvider.unwrap();
        expect(ociProvider.shape.auth.unwrap().options).toEqual([...OCI_PROVIDER_AUTH_METHODS]);
        expect(OCI_PROVIDER_AUTH_METHODS).toEqual(expect.arrayContaining([...SDK_AUTH_METHODS]));
        // @pulumi/oci 4.20 provider.d.ts:115 names these; its default is ApiKey.
        expect(SDK_AUTH_METHODS).toEqual(["ApiKey", "InstancePrincipal", "ResourcePrincipal"]);
    });

    it("every command's --auth offers exactly the SDK methods, defaulting to ApiKey", () => {
        const options = authOptions();
        expect(options.map((o) => o.command).sort()).toEqual(["drill", "failover", "post-failover", "readiness", "status"]);
        for (const { option } of options) {
            expect(option.argChoices).toEqual([...SDK_AUTH_METHODS]);
            expect(option.defaultValue).toBe("ApiKey");
        }
        expect(CLIENT_DEFAULTS.auth).toBe("ApiKey");
    });

    it("--auth takes the words and the OCI CLI's spellings, and gives the word", () => {
        for (const method of SDK_AUTH_METHODS) expect(parseAuth(method)).toBe(method);
        expect(parseAuth("api_key")).toBe("ApiKey");
        expect(parseAuth("instance_principal")).toBe("InstancePrincipal");
        expect(parseAuth("resource_principal")).toBe("ResourcePrincipal");
        expect(() => parseAuth("SecurityToken")).toThrow('"SecurityToken" is not one of ApiKey, InstancePrincipal, ResourcePrincipal.');
    });

    it("the region subscription accepts what --auth accepts, and its state's former ConfigFile", async () => {
        for (const method of [...SDK_AUTH_METHODS, ...Object.keys(FORMER_AUTH_SPELLINGS)]) {
            const { failures } = await provider.check!({} as RegionSubscriptionInputs, subscriptionInputs({ method }));
            expect(failures, method).toEqual([]);
        }
        expect(FORMER_AUTH_SPELLINGS.ConfigFile).toBe("ApiKey");
        for (const method of OCI_PROVIDER_AUTH_METHODS.filter((m) => sdkAuthMethod(m) === undefined)) {
            const { failures } = await provider.check!({} as RegionSubscriptionInputs, subscriptionInputs({ method }));
            expect(failures).toEqual([
                { property: "auth.method", reason: `auth.method "${method}" is not supported; allowed: ${SDK_AUTH_METHODS.join(", ")}` },
            ]);
        }
    });

    it("an existing stack whose state says ConfigFile sees no change when the program says ApiKey", async () => {
        const stored: RegionSubscriptionOutputs = {
            ...subscriptionInputs({ method: "ConfigFile", profile: "DR" }),
            regionKey: "PHX",
            regionName: "us-phoenix-1",
            status: "READY",
            adopted: false,
        };
        const diff = await provider.diff!("id", stored, subscriptionInputs({ method: "ApiKey", profile: "DR" }));
        expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
        // Another method, or another profile, is still a change.
        expect((await provider.diff!("id", stored, subscriptionInputs({ method: "InstancePrincipal" }))).changes).toBe(true);
        expect((await provider.diff!("id", stored, subscriptionInputs({ method: "ApiKey", profile: "OTHER" }))).changes).toBe(true);
    });
});
