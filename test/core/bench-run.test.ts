import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureOpenRuns } from '../../src/bench/open-runs';
import { meetsGoal, packageInstalled, runBenchmarks } from '../../src/bench/run';
import { storeTurns } from '../../src/bench/store-turns';
import { keys } from '../../src/state/keys';
import { createMemoryStateStore, openStateStore, type StateStore } from '../../src/state/store';

describe('commonground bench', () => {
  it('says at once, in one line, that the core suite needs the development install when botbuilder is missing', async () => {
    const lines: string[] = [];
    const code = await runBenchmarks(['core'], (line) => lines.push(line), {}, (name) => !name.startsWith('botbuilder'));
    expect(code).toBe(1);
    expect(lines).toEqual([
      'The core benchmark compares with botbuilder-core and botbuilder-dialogs, which only the development install has. Run "npm install" (without --omit=dev) in the project folder, or choose other suites with --only.',
    ]);
  });

  it('finds the packages of this (development) install without loading them', () => {
    expect(packageInstalled('botbuilder-dialogs')).toBe(true);
    expect(packageInstalled('no-such-package-here')).toBe(false);
  });

  it('names the suites there are when asked for one that is not', async () => {
    const lines: string[] = [];
    expect(await runBenchmarks(['cores'], (line) => lines.push(line))).toBe(2);
    expect(lines[0]).toMatch(/^Unknown suite\(s\): cores\. Choose from: core, consensus/);
  });

  it('measures open runs with the bot alone and reports the latency and memory figures the core suite prints', async () => {
    const figures = await measureOpenRuns(50);
    expect(figures.p99).toBeGreaterThan(0);
    expect(figures.rssLoaded).toBeGreaterThan(0);
    expect(figures.rss).toBeGreaterThan(0);
    expect(figures.heapUsed).toBeGreaterThan(0);
    expect(figures.heapUsed).toBeLessThanOrEqual(figures.heapTotal);
    expect(figures.youngCommitted).toBeGreaterThan(0);
    expect(figures.oldUsed).toBeLessThanOrEqual(figures.oldCommitted);
    expect(figures.youngCommitted + figures.oldCommitted).toBeLessThanOrEqual(figures.heapTotal);
  });

  it('drives a turn\'s reads and writes on a store alone, leaving each run where the turns took it and no answer unsent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-store-turns-'));
    const check = async (open: () => StateStore) => {
      const state = open();
      const figures = await storeTurns(state, 3, 4, 'check-');
      expect(figures.perSecond).toBeGreaterThan(0);
      expect(figures.perCpuSecond).toBeGreaterThan(0);
      for (let c = 0; c < 3; c += 1) {
        const run = await state.getRun(`check-r${c}`);
        // Four turns after the run was started: four saves after the first, the last answer saved.
        expect(run?.seq).toBe(5);
        expect(run?.vars.a4).toBe('the lift is slow');
        expect((await state.getPointed(keys.awaiting(`dm:bench:check-${c}`, `check-${c}`))).runId).toBe(`check-r${c}`);
      }
      expect(await state.hasSeen('bench', 'check-e12')).toBe(true);
      expect(await state.answers.pending()).toEqual([]);
      await state.close();
    };
    try {
      await check(() => createMemoryStateStore());
      await check(() => openStateStore(`sqlite://${join(dir, 'state.sqlite')}`, dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks figures against goals written like "< 1" or ">= 10"', () => {
    expect(meetsGoal(0.4, '< 1')).toBe(true);
    expect(meetsGoal(9.9, '>= 10')).toBe(false);
    expect(meetsGoal(10, '>= 10')).toBe(true);
    expect(meetsGoal(5, undefined)).toBe(true);
  });
});

describe('commonground bench --only fleet', () => {
  it('is a suite of its own', async () => {
    const lines: string[] = [];
    expect(await runBenchmarks(['no-such'], (line) => lines.push(line))).toBe(2);
    expect(lines[0]).toMatch(/Choose from: .*\bfleet\b/);
  });

  it('says in one line, with a failing exit code, when Redis and PostgreSQL cannot be reached', async () => {
    const saved = { store: process.env.STORE_URL, outcomes: process.env.EVAL_DB_URL };
    // Port 9 (discard) has nothing listening here.
    process.env.STORE_URL = 'redis://127.0.0.1:9';
    process.env.EVAL_DB_URL = 'postgres://postgres:secret@127.0.0.1:9/test';
    try {
      const lines: string[] = [];
      expect(await runBenchmarks(['fleet'], (line) => lines.push(line))).toBe(1);
      expect(lines).toEqual([
        'The fleet benchmark needs Redis at redis://127.0.0.1:9 (STORE_URL) and PostgreSQL at postgres://postgres@127.0.0.1:9/test (EVAL_DB_URL), which could not be reached. Start them, or set STORE_URL and EVAL_DB_URL to ones that run, then try again.',
      ]);
    } finally {
      for (const [name, value] of [['STORE_URL', saved.store], ['EVAL_DB_URL', saved.outcomes]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('the summaries benchmark\'s command runs', () => {
  it('time the project\'s own program, and a run that fails is an error rather than a (fast) figure', async () => {
    const { runCli } = await import('../../src/bench/summaries-bench');
    const dir = mkdtempSync(join(tmpdir(), 'cg-bench-cli-'));
    try {
      const file = join(dir, 'thread.jsonl');
      writeFileSync(file, `${JSON.stringify({ id: 'm1', text: 'The lift is broken again.' })}\n${JSON.stringify({ id: 'm2', text: 'The lift on the east side is broken.' })}\n`);
      expect(runCli(['summarize', '--file', file]).ms).toBeGreaterThan(0);
      expect(() => runCli(['summarize', '--file', join(dir, 'missing.jsonl')])).toThrow(/^commonground summarize did not finish \(.+\), so it was not timed$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
