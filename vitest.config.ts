import { configDefaults, defineConfig } from 'vitest/config';

// One suite, several databases: every server test file runs once per dialect
// (Kysely's "no mocks" rule). scripts/test.mjs decides which projects run.
const serverTests = ['server/**/*.test.ts', 'cli/**/*.test.ts', 'sdk/**/*.test.ts'];
// Needs no database: runs once, with the unit tests.
const serverExclude = [...configDefaults.exclude, 'cli/launcher.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['test/fast-check-seed.ts'],
    projects: [
      // The web app's pure logic runs in Node with the unit tests, Chromium or not.
      { extends: true, test: { name: 'unit', include: ['core/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/*-logic.test.ts', 'cli/launcher.test.ts'] } },
      { extends: true, test: { name: 'pglite', include: serverTests, exclude: serverExclude, env: { TALLY_TEST_DB: 'pglite' } } },
      { extends: true, test: { name: 'postgres', include: serverTests, exclude: serverExclude, env: { TALLY_TEST_DB: 'postgres' } } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          exclude: ['e2e/*-logic.test.ts'],
          env: { TALLY_TEST_DB: 'pglite' },
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
