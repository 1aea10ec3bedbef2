import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Pulumi's runtime state is per process: every test file gets its own, with its own mocks.
        pool: "forks",
        isolate: true,
        // A mocking mistake hangs instead of failing; these bounds turn the hang into a failure.
        testTimeout: 60_000,
        hookTimeout: 60_000,
        // Unhandled rejections (a mock that throws, a failed registration) fail the run.
        dangerouslyIgnoreUnhandledErrors: false,
    },
});
