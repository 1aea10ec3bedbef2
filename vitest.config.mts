import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * The two tiers of the suite (projects "fast" and "slow" below). The test files that start a
 * process (the CLI, a program host, a policy pack, a language host, git, npm, a shell) are the slow
 * tier. `npm test` runs both tiers; `npm run test:fast` runs the rest, in process, under a guard
 * that fails any test starting a process (test/noChildProcess.ts).
 */
export const SLOW_TEST_FILES: readonly string[] = [
    "test/agentGroupInitScript.test.ts",
    "test/argumentSchemas.test.ts",
    "test/cli.check.test.ts",
    "test/cli.plan.test.ts",
    "test/childCleanup.test.ts",
    "test/componentSchema.test.ts",
    "test/dynamicProviderHost.test.ts",
    "test/installedPackage.test.ts",
    "test/languageHostRun.test.ts",
    "test/noSecretInErrors.test.ts",
    "test/operations.test.ts",
    "test/pairRoles.test.ts",
    "test/operationsWired.test.ts",
    "test/policyPackLevels.test.ts",
    "test/policyPackPublished.test.ts",
    "test/policyPackServer.test.ts",
    "test/policySettings.test.ts",
    "test/runProgram.test.ts",
    "test/sarif.test.ts",
    "test/selfContained.test.ts",
    "test/stackConfigRules.test.ts",
];

export default defineConfig({
    test: {
        // Pulumi's runtime state is per process: every test file gets its own, with its own mocks.
        pool: "forks",
        isolate: true,
        // A mocking mistake hangs instead of failing; these bounds turn the hang into a failure.
        testTimeout: 60_000,
        hookTimeout: 60_000,
        // Unhandled rejections (a mock that throws, a failed registration) fail the run.
        dangerouslyIgnoreUnhandledErrors: false,
        projects: [
            {
                extends: true,
                test: {
                    name: "fast",
                    include: ["test/**/*.test.ts"],
                    exclude: [...configDefaults.exclude, ...SLOW_TEST_FILES],
                    setupFiles: ["test/noChildProcess.ts"],
                    // Vitest leaves a core to its main process by default (one worker on two cores);
                    // the fast tier's workers start no children and the main process mostly waits.
                    maxWorkers: availableParallelism(),
                    // Projects with their own maxWorkers run one after the other: in `npm test` the fast tier first.
                    sequence: { groupOrder: 0 },
                },
            },
            { extends: true, test: { name: "slow", include: [...SLOW_TEST_FILES], sequence: { groupOrder: 1 } } },
        ],
    },
});
