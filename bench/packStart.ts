/**
 * The policy pack's start-up under Pulumi's real policy-pack runner: the time from spawning
 * `@pulumi/pulumi/cmd/run-policy-pack` on the pack (as the Node.js language host does) to receiving
 * its policy list (GetAnalyzerInfo, the first call the engine makes), for the oic-dr pack as
 * `pulumi policy publish` ships it, next to a one-policy compiled pack started the same way.
 * Several runs each, interleaved, median. Target: the oic-dr pack within 2x of the one-policy pack.
 *
 * `tsx bench/packStart.ts` prints the result as JSON; `measurePackStart()` returns it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installPack, linkDependencies, packAsPublishDoes, startPolicyPack } from "../test/policyPackRunner";

const ROOT = path.resolve(__dirname, "..");
export const PACK_START_TARGET_RATIO = 2;

export interface PackStartResult {
    readonly runs: number;
    readonly oicDr: { readonly medianSeconds: number; readonly runsSeconds: number[]; readonly policies: number };
    readonly onePolicy: { readonly medianSeconds: number; readonly runsSeconds: number[]; readonly policies: number };
    readonly ratio: number;
    readonly targetRatio: number;
}

/** The smallest compiled pack: one resource policy, plain JavaScript, the same runner and SDK. */
function writeOnePolicyPack(dir: string): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "one-policy", version: "1.0.0", main: "index.js", dependencies: { "@pulumi/policy": "*" } }));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        [
            'const { PolicyPack } = require("@pulumi/policy");',
            'new PolicyPack("one-policy", {',
            '    policies: [{ name: "one", description: "One policy.", enforcementLevel: "advisory", validateResource: () => {} }],',
            "});",
            "",
        ].join("\n"),
    );
    linkDependencies(dir, ["@pulumi/policy", "@pulumi/pulumi"]);
    return dir;
}

/** Seconds from spawn to the policy list, and how many policies it listed. */
async function startToPolicyList(packDir: string): Promise<{ seconds: number; policies: number }> {
    const started = process.hrtime.bigint();
    const pack = await startPolicyPack(packDir);
    try {
        const info = await pack.getAnalyzerInfo();
        return { seconds: Number(process.hrtime.bigint() - started) / 1e9, policies: info.getPoliciesList().length };
    } finally {
        pack.stop();
    }
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measurePackStart(runs = Number(process.env.BENCH_RUNS ?? 5)): Promise<PackStartResult> {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-pack-start-"));
    try {
        const oicDrPack = installPack(packAsPublishDoes(path.join(ROOT, "policies"), workDir), path.join(workDir, "oic-dr"));
        const onePolicyPack = writeOnePolicyPack(path.join(workDir, "one-policy"));
        // One unmeasured start each warms the file cache, as on any machine that ran the pack before.
        await startToPolicyList(oicDrPack);
        await startToPolicyList(onePolicyPack);
        const oicDr: Array<{ seconds: number; policies: number }> = [];
        const onePolicy: Array<{ seconds: number; policies: number }> = [];
        for (let i = 0; i < runs; i++) {
            oicDr.push(await startToPolicyList(oicDrPack));
            onePolicy.push(await startToPolicyList(onePolicyPack));
        }
        const summary = (list: typeof oicDr) => ({
            medianSeconds: round(median(list.map((r) => r.seconds))),
            runsSeconds: list.map((r) => round(r.seconds)),
            policies: list[0]!.policies,
        });
        const result = { runs, oicDr: summary(oicDr), onePolicy: summary(onePolicy) };
        return { ...result, ratio: round(result.oicDr.medianSeconds / result.onePolicy.medianSeconds), targetRatio: PACK_START_TARGET_RATIO };
    } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    measurePackStart().then(
        (result) => {
            console.log(JSON.stringify(result, null, 2));
            if (result.ratio > result.targetRatio) process.exitCode = 1;
        },
        (err: unknown) => {
            console.error(err instanceof Error ? err.message : String(err));
            process.exitCode = 2;
        },
    );
}
