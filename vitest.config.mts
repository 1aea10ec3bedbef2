import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";
import { SLOW_TEST_FILES } from "./test/tiers";

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
                },
            },
            { extends: true, test: { name: "slow", include: [...SLOW_TEST_FILES] } },
        ],
    },
});
