import { defineConfig } from 'vitest/config';

/** The fleet test times first responses across three bot processes: it runs alone, after the rest. */
const ALONE = ['test/operations/fleet.test.ts'];
/**
 * Files that drive the real discord.js client share a module graph among themselves, apart from the
 * other files: discord.js brings its own copy of undici, and a graph shared with files that load
 * Slack's libraries (which bring a newer undici) can hand discord.js that one (a file upload then
 * fails inside undici). Files that drive both platforms each start with fresh modules.
 */
const DISCORD = ['test/adapters/discord/**/*.test.ts', 'test/doubles/discord/**/*.test.ts'];
const BOTH_PLATFORMS = ['test/operations/shutdown.test.ts', 'test/operations/kept-answer-platforms.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Both cores (vitest's default leaves one free): many files spend most of their time waiting on
    // child processes, Chromium or the servers, so two files at a time use the machine fully.
    maxWorkers: 2,
    // Each worker process keeps the modules it has loaded from one file to the next: loading the
    // bot's ~150 modules again for every file was most of the suite's time. Files restore what they
    // change in the process (environment variables, spies, standard input).
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
    // The command line speaks the operator's language (LC_ALL, LC_MESSAGES, LANG): the tests expect
    // English whatever the machine's locale, and set a language themselves where they check one.
    env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: [...ALONE, ...DISCORD, ...BOTH_PLATFORMS], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'discord', include: DISCORD, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'both-platforms', include: BOTH_PLATFORMS, isolate: true, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timed', include: ALONE, sequence: { groupOrder: 1 } } },
    ],
  },
});
