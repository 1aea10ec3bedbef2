/**
 * `npm run bench`: times the offline `plan` and `check` as users run them (the compiled `oic-dr`
 * command, a whole process per run) on programs of 1, 10 and 50 DR pairs, next to their floor: a
 * program registering the same number of bare resources under the same mocks and the same command.
 *
 * Writes bench/results.json and the table in bench/README.md. Targets (see README): `check` of the
 * example within 1.5 s; 50 pairs within 1.3x of the floor and under 1 GiB; `check` within 1.2x of
 * `plan`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { measurePackStart, PACK_START_TARGET_RATIO } from "./packStart";
import { describeReadiness, measureReadiness, READINESS_TARGETS } from "./readiness";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [1, 10, 50, 500];
const TARGETS = {
    exampleCheckSeconds: 1.5,
    /** `check` of the example against loading @pulumi/pulumi and @pulumi/oci in a bare process. */
    exampleCheckOverSdkLoad: 3,
    floorRatio: 1.3,
    peakMiB: 1024,
    checkOverPlan: 1.2,
    packStartRatio: PACK_START_TARGET_RATIO,
    /** Test time the installed-package tests of issue 18 add to the suite. */
    installedPackageAddedSeconds: 60,
    readinessOverheadSeconds: READINESS_TARGETS.overheadSeconds,
};
/** `BENCH_PARTS=example,installed` measures only those parts and keeps the others' last results. */
const PARTS = new Set((process.env.BENCH_PARTS ?? "example,sizes,pack,readiness,installed").split(","));

interface Measurement {
    readonly medianSeconds: number;
    readonly runsSeconds: number[];
    readonly peakRssMiB: number;
    readonly resources: number;
}

/** One whole-process run: wall time from spawn to exit, peak RSS as GNU time reports it. */
function runOnce(args: string[]): { seconds: number; peakKiB: number; stdout: string } {
    const started = process.hrtime.bigint();
    const result = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, CLI, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0 && result.status !== 1) throw new Error(`oic-dr ${args.join(" ")} failed:\n${result.stderr}`);
    const peakKiB = Number(result.stderr.trim().split("\n").pop());
    return { seconds, peakKiB, stdout: result.stdout };
}

/** A bare process that loads the two SDKs every oic-dr program loads: the floor of any offline evaluation. */
function measureSdkLoad(): Pick<Measurement, "medianSeconds" | "runsSeconds"> {
    const script = 'require("@pulumi/pulumi"); require("@pulumi/oci");';
    const runs = Array.from({ length: RUNS }, () => {
        const started = process.hrtime.bigint();
        execFileSync(process.execPath, ["-e", script], { cwd: ROOT });
        return round(Number(process.hrtime.bigint() - started) / 1e9);
    });
    const sorted = [...runs].sort((a, b) => a - b);
    return { medianSeconds: sorted[Math.floor(sorted.length / 2)]!, runsSeconds: runs };
}

/**
 * test/installedPackage.test.ts once, with vitest's JSON report: the file's wall time, and the
 * test time of the tests that run the installed package's user paths (added by issue 18; the pack
 * and the package checks before them were there already, as test/package.test.ts).
 */
function measureInstalledPackageTests() {
    const started = process.hrtime.bigint();
    const out = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=json", "test/installedPackage.test.ts"], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    const fileSeconds = round(Number(process.hrtime.bigint() - started) / 1e9);
    const report = JSON.parse(out.stdout) as { testResults: Array<{ assertionResults: Array<{ ancestorTitles: string[]; title: string; duration: number; status: string }> }> };
    const tests = report.testResults.flatMap((f) => f.assertionResults);
    const added = tests.filter((t) => t.ancestorTitles.some((a) => a.startsWith("installed with") || a.startsWith("a user's own tests")));
    return {
        fileSeconds,
        addedTests: added.length,
        addedSeconds: round(added.reduce((sum, t) => sum + t.duration, 0) / 1000),
        failed: tests.filter((t) => t.status !== "passed").map((t) => t.title),
    };
}

function measure(args: string[]): Measurement {
    const runs = Array.from({ length: RUNS }, () => runOnce([...args, "--format", "json"]));
    const sorted = runs.map((r) => r.seconds).sort((a, b) => a - b);
    const report = JSON.parse(runs[0]!.stdout) as { summary: { resources: number } };
    return {
        medianSeconds: round(sorted[Math.floor(sorted.length / 2)]!),
        runsSeconds: runs.map((r) => round(r.seconds)),
        peakRssMiB: Math.round(Math.max(...runs.map((r) => r.peakKiB)) / 1024),
        resources: report.summary.resources,
    };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** A Pulumi project in `dir` with the given program and one stack, `bench`. */
function writeProject(dir: string, name: string, program: string): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.ts\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), "config: {}\n");
    fs.writeFileSync(path.join(dir, "index.ts"), program);
    return dir;
}

/** N DR pairs, each as the example declares it: instance, prerequisites, email and alarms in both regions. */
function pairsProgram(pairs: number): string {
    return `import { DrPairedIntegration, drRegionIdentifiers } from ${JSON.stringify(path.join(ROOT, "index"))};
for (let i = 0; i < ${pairs}; i++) {
    new DrPairedIntegration(\`oic\${i}\`, {
        primaryRegion: drRegionIdentifiers[i % drRegionIdentifiers.length]!,
        tenancyId: "ocid1.tenancy.oc1..aaaaaaaabench",
        compartmentId: "ocid1.compartment.oc1..aaaaaaaabench",
        displayName: \`bench-\${i}\`,
        edition: "ENTERPRISE",
        messagePacks: 1,
        identityDomain: { id: "ocid1.domain.oc1..aaaaaaaabench", isDefault: false, name: "Integrators" },
        tags: { defined: { "ops.cost-center": "1" } },
        tagPolicy: { groups: ["oic-admins"] },
        emailDelivery: { senders: ["noreply@example.com"], domain: { name: "example.com" }, suppressions: ["x@example.net"] },
        alarms: { subscriptions: [{ protocol: "EMAIL", endpoint: "oncall@example.com" }] },
    });
}
`;
}

/** The floor: as many bare resources, registered under the same mocks by the same command. */
function floorProgram(resources: number): string {
    return `import * as pulumi from "@pulumi/pulumi";
class Bare extends pulumi.CustomResource {
    constructor(name: string) { super("bench:index:Bare", name, { value: name }); }
}
// The root stack counts as one resource in the plan, as in the measured program.
for (let i = 0; i < ${resources - 1}; i++) new Bare(\`r\${i}\`);
`;
}

/**
 * A second reference: as many resources of a real provider (@pulumi/oci topics), to separate what
 * the provider SDK's resources cost under mocks from what the components add.
 */
function ociFloorProgram(resources: number): string {
    return `import * as oci from "@pulumi/oci";
const provider = new oci.Provider("p", { region: "us-ashburn-1" });
for (let i = 0; i < ${resources - 2}; i++) {
    new oci.ons.NotificationTopic(\`t\${i}\`, { compartmentId: "ocid1.compartment.oc1..aaaaaaaabench", name: \`t\${i}\` }, { provider });
}
`;
}

async function main(): Promise<void> {
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
    // Inside the repository, so the programs resolve this package's own @pulumi/pulumi.
    const work = fs.mkdtempSync(path.join(ROOT, "bench", ".work-"));
    const resultsFile = path.join(ROOT, "bench", "results.json");
    try {
        const previous = (fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, "utf8")) : {}) as Record<string, unknown>;
        const results: Record<string, unknown> = {
            ...previous,
            machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
            runs: RUNS,
            targets: TARGETS,
        };
        if (PARTS.has("example")) {
            const example = measure(["check", "--program", ROOT, "--stack", "example"]);
            const examplePlan = measure(["plan", "--program", ROOT, "--stack", "example"]);
            const sdkLoad = measureSdkLoad();
            results.example = {
                check: example,
                plan: examplePlan,
                checkOverPlan: round(example.medianSeconds / examplePlan.medianSeconds),
                sdkLoad,
                checkOverSdkLoad: round(example.medianSeconds / sdkLoad.medianSeconds),
            };
            console.log(`example: check ${example.medianSeconds}s, loading @pulumi/pulumi and @pulumi/oci ${sdkLoad.medianSeconds}s`);
        }
        if (PARTS.has("installed")) {
            results.installedPackageTests = measureInstalledPackageTests();
            console.log(`installed-package tests: ${JSON.stringify(results.installedPackageTests)}`);
        }
        if (PARTS.has("pack")) {
            // The policy pack under Pulumi's own runner: start to policy list, next to a one-policy compiled pack.
            results.packStart = await measurePackStart(RUNS);
            console.log(`pack start: ${(results.packStart as { ratio: number }).ratio}x a one-policy pack`);
        }
        if (PARTS.has("readiness")) {
            // oic-dr readiness of one pair against the stand-ins: its overhead, and the regions asked at once.
            results.readiness = await measureReadiness(RUNS);
            console.log(describeReadiness(results.readiness as Awaited<ReturnType<typeof measureReadiness>>));
        }
        const sizes: Record<string, unknown>[] = [];
        for (const pairs of PARTS.has("sizes") ? SIZES : []) {
            const program = writeProject(path.join(work, `pairs-${pairs}`), `bench-pairs-${pairs}`, pairsProgram(pairs));
            const plan = measure(["plan", "--program", program, "--stack", "bench"]);
            const check = measure(["check", "--program", program, "--stack", "bench"]);
            const floorDir = writeProject(path.join(work, `floor-${pairs}`), `bench-floor-${pairs}`, floorProgram(plan.resources));
            const floor = measure(["plan", "--program", floorDir, "--stack", "bench"]);
            const ociFloorDir = writeProject(path.join(work, `oci-floor-${pairs}`), `bench-oci-floor-${pairs}`, ociFloorProgram(plan.resources));
            const ociFloor = measure(["plan", "--program", ociFloorDir, "--stack", "bench"]);
            sizes.push({
                pairs,
                plan,
                check,
                floor,
                ociFloor,
                planOverOciFloor: round(plan.medianSeconds / ociFloor.medianSeconds),
                planOverFloor: round(plan.medianSeconds / floor.medianSeconds),
                checkOverFloor: round(check.medianSeconds / floor.medianSeconds),
                checkOverPlan: round(check.medianSeconds / plan.medianSeconds),
            });
            console.log(`${pairs} pairs: plan ${plan.medianSeconds}s, check ${check.medianSeconds}s, floor ${floor.medianSeconds}s, OCI floor ${ociFloor.medianSeconds}s (${plan.resources} resources)`);
        }
        if (PARTS.has("sizes")) results.sizes = sizes;
        fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
        writeReadmeTable(results);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

function writeReadmeTable(results: Record<string, any>): void {
    const file = path.join(ROOT, "bench", "README.md");
    const rows = (results.sizes as any[]).map(
        (s) =>
            `| ${s.pairs} | ${s.plan.resources} | ${s.plan.medianSeconds} | ${s.check.medianSeconds} | ${s.floor.medianSeconds} | ${s.ociFloor.medianSeconds} | ${s.planOverFloor} | ${s.checkOverFloor} | ${s.planOverOciFloor} | ${s.checkOverPlan} | ${Math.max(s.plan.peakRssMiB, s.check.peakRssMiB)} |`,
    );
    const ex = results.example;
    const table = [
        "<!-- results:start -->",
        `Measured on ${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}, median of ${results.runs} whole-process runs.`,
        "",
        `Policy pack under Pulumi's runner, start to policy list: ${results.packStart.oicDr.medianSeconds} s, a one-policy compiled pack ${results.packStart.onePolicy.medianSeconds} s: ${results.packStart.ratio}x (target ${TARGETS.packStartRatio}x).`,
        "",
        `Example stack: \`check\` ${ex.check.medianSeconds} s (target ${TARGETS.exampleCheckSeconds} s), \`plan\` ${ex.plan.medianSeconds} s, check/plan ${ex.checkOverPlan}, peak ${ex.check.peakRssMiB} MiB; ` +
            `loading @pulumi/pulumi and @pulumi/oci in a bare process ${ex.sdkLoad?.medianSeconds ?? "?"} s, check/load ${ex.checkOverSdkLoad ?? "?"}x (target ${TARGETS.exampleCheckOverSdkLoad}x).`,
        "",
        ...(results.readiness ? [describeReadiness(results.readiness), ""] : []),
        ...(results.installedPackageTests
            ? [
                  `Installed-package tests (test/installedPackage.test.ts, one run): the file ${results.installedPackageTests.fileSeconds} s; the ${results.installedPackageTests.addedTests} tests of the installed package's user paths ${results.installedPackageTests.addedSeconds} s of test time (target: at most ${TARGETS.installedPackageAddedSeconds} s added).`,
                  "",
              ]
            : []),
        "| DR pairs | resources | plan (s) | check (s) | floor (s) | OCI floor (s) | plan/floor | check/floor | plan/OCI floor | check/plan | peak RSS (MiB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
        "<!-- results:end -->",
    ].join("\n");
    const current = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, current.replace(/<!-- results:start -->[\s\S]*<!-- results:end -->/, table));
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
});
