/**
 * The two tiers of the suite (vitest.config.mts, projects "fast" and "slow"). The test files that
 * start a process (the CLI, a program host, a policy pack, a language host, git, npm, a shell) are
 * the slow tier. `npm test` runs both tiers; `npm run test:fast` runs the rest, in process, under a
 * guard that fails any test starting a process (test/noChildProcess.ts).
 */
export const SLOW_TEST_FILES: readonly string[] = [
    "test/agentGroupInitScript.test.ts",
    "test/cli.check.test.ts",
    "test/cli.plan.test.ts",
    "test/componentSchema.test.ts",
    "test/dynamicProviderHost.test.ts",
    "test/installedPackage.test.ts",
    "test/languageHostRun.test.ts",
    "test/operations.test.ts",
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
