/** Jest: ts-jest without type checking (tsc --noEmit runs in the lint step). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { diagnostics: false }],
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  testTimeout: 120000,
  // Two workers even on 2 cores: the emulator lifecycle (__tests__/emulator)
  // spends most of its minutes in the AWS provider's waiters (RDS), so the
  // other test files run beside it instead of after it.
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js"],
};
