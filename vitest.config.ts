import { defineConfig } from 'vitest/config';

/** The fleet test times first responses across three bot processes: it runs alone, after the rest. */
const ALONE = ['test/operations/fleet.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ALONE, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timed', include: ALONE, sequence: { groupOrder: 1 } } },
    ],
  },
});
