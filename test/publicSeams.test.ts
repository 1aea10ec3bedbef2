/**
 * No test seam in what users reach: the command line takes no tuning flag (tests shrink the retry
 * and poll bounds through main()'s internal options, in process), buildCli takes one options
 * object, and oic-dr/policies exports the pack and nothing a test needs. The installed package's
 * typings and bin are checked in installedPackage.test.ts.
 */
import { describe, expect, it } from "vitest";
import { buildCli, main } from "../cli/main";
import * as policiesEntry from "../policies/oicDrPolicies";

const COMMANDS = ["plan", "check", "failover", "status", "drill", "post-failover"];
/** The flags tests once passed on the command line, hidden from the help. */
const TUNING_FLAGS = ["--max-attempts", "--retry-base-delay", "--poll-interval"];

async function oicDr(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
    return { code, out, err };
}

describe("the command line", () => {
    it.each(["(the program)", ...COMMANDS])("names no tuning flag in the help of oic-dr %s", async (command) => {
        const help = await oicDr([...(COMMANDS.includes(command) ? [command] : []), "--help"]);
        expect(help.code).toBe(0);
        expect(help.out).toMatch(/^Usage: oic-dr/);
        for (const flag of [...TUNING_FLAGS, "tuning"]) expect(help.out + help.err).not.toContain(flag);
    });

    // Each flag where it was declared: the connection options of every operation, the poll of those that follow a work request.
    const declared = [
        ...["failover", "status", "drill", "post-failover"].flatMap((c) => [
            [c, "--max-attempts", "3"],
            [c, "--retry-base-delay", "0"],
        ]),
        ["failover", "--poll-interval", "0.01"],
        ["drill", "--poll-interval", "0.01"],
    ];
    it.each(declared)("refuses oic-dr %s %s as an unknown option, exit 2, before any call", async (command, flag, value) => {
        const run = await oicDr([command!, "--region", "eu-amsterdam-1", "--instance", "ocid1.integrationinstance.oc1.eu-amsterdam-1.aaaa", flag!, value!, "--yes"]);
        expect(run.code).toBe(2);
        expect(run.out).toBe("");
        expect(run.err).toContain(`error: unknown option '${flag}'`);
    });
});

describe("buildCli", () => {
    it("takes one options object: where it writes, where its exit code goes and the environment", async () => {
        let err = "";
        let exitCode: number | undefined;
        const cli = buildCli({ out: () => undefined, err: (t) => (err += t), setExitCode: (code) => (exitCode = code), env: {} });
        cli.exitOverride();
        // No address: the operation says so on err and sets exit code 2, calling nothing.
        await cli.parseAsync(["status", "--region", "eu-amsterdam-1"], { from: "user" });
        expect(exitCode).toBe(2);
        expect(err).toMatch(/^oic-dr status: /);
    });
});

describe("oic-dr/policies", () => {
    it("exports the pack, its policies and their names, and no test seam", () => {
        expect(Object.keys(policiesEntry).sort()).toEqual(["OIC_DR_ENFORCEMENT_LEVELS", "OicDrPolicies", "POLICY_PACK_NAME", "policies"]);
    });
});
