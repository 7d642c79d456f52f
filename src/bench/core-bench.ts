import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from '../core/bot';
import { createMemoryStateStore, openStateStore, type StateStore } from '../state/store';
import { createBenchBot, drive, TURNS_PER_CONVERSATION, WARM_UP_CONVERSATIONS } from './bench-bot';
import { quantile, type BenchFigure, type BenchSuite } from './figures';
import type { OpenRunsFigures } from './open-runs';
import { storeTurns } from './store-turns';

/** A file system held in memory (Linux), where SQLite's work can be measured without a disk under it. */
const MEMORY_FILE_SYSTEM = '/dev/shm';

async function measure(label: string, bot: Bot, conversations: number, progress: (l: string) => void) {
  progress(`${label}: ${conversations} conversations of ${TURNS_PER_CONVERSATION} turns`);
  await drive(bot, WARM_UP_CONVERSATIONS, TURNS_PER_CONVERSATION, `${label}-warm-`);
  const { latencies, seconds, cpuSeconds } = await drive(bot, conversations, TURNS_PER_CONVERSATION, `${label}-`);
  return { perSecond: latencies.length / seconds, perCpuSecond: latencies.length / cpuSeconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** The store's share of the benchmark's turns: warmed on 1,000 conversations, then 1,000 conversations of 8 turns. */
async function storeAlone(state: StateStore) {
  await storeTurns(state, WARM_UP_CONVERSATIONS, TURNS_PER_CONVERSATION, 'warm-');
  const figures = await storeTurns(state, 1000, TURNS_PER_CONVERSATION, 'timed-');
  await state.close();
  return figures;
}

/** Runs `commonground bench-open-runs` (the same program, same node options) and reads its figures. */
function openRunsInChild(): Promise<OpenRunsFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] as string, 'bench-open-runs'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = output.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`the open-runs process ended with code ${code}`));
      else resolve(JSON.parse(line) as OpenRunsFigures);
    });
  });
}

/** Opens a state store holding 1,000,000 expired seen events and handles one: old events are not read at start. */
async function startWithOldEvents(dir: string): Promise<number> {
  const file = join(dir, 'old-events.sqlite');
  await openStateStore(`sqlite://${file}`, dir).close();
  const db = new Database(file);
  const insert = db.prepare('INSERT INTO seen (key, expires) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 1_000_000; i += 1) insert.run(`seen:slack:old-${i}`, 1);
  })();
  db.close();
  const started = process.hrtime.bigint();
  const state = openStateStore(`sqlite://${file}`, dir);
  await state.markSeen('slack', 'new-event');
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await state.close();
  return ms;
}

export const coreBench: BenchSuite = async (progress) => {
  const figures: BenchFigure[] = [];
  // First, in a process of its own that loads only the bot (not botbuilder, not this suite):
  // 10,000 runs started and answered once, none finished.
  progress('10,000 open runs in memory (a process of its own, loading only the bot)');
  const open = await openRunsInChild();
  figures.push({ name: 'in memory with 10,000 open runs: p99 turn latency', value: open.p99, unit: 'ms', goal: '< 1' });
  figures.push({ name: 'in memory with 10,000 open runs: RSS of the bot process', value: open.rss, unit: 'MB', goal: '< 120' });
  figures.push({ name: 'in memory with 10,000 open runs: RSS with the bot loaded, no run', value: open.rssLoaded, unit: 'MB' });
  figures.push({ name: 'in memory with 10,000 open runs: V8 heap in use', value: open.heapUsed, unit: 'MB' });
  figures.push({ name: 'in memory with 10,000 open runs: V8 heap committed', value: open.heapTotal, unit: 'MB' });
  figures.push({ name: 'in memory with 10,000 open runs: of it, young generation committed', value: open.youngCommitted, unit: 'MB' });
  figures.push({ name: 'in memory with 10,000 open runs: of it, old generation committed', value: open.oldCommitted, unit: 'MB' });
  figures.push({ name: 'in memory with 10,000 open runs: old generation in use', value: open.oldUsed, unit: 'MB' });
  figures.push({ name: 'in memory with 10,000 open runs: RSS before collecting', value: open.rssBusy, unit: 'MB' });

  const memory = await measure('memory', createBenchBot(createMemoryStateStore()), 2000, progress);
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
  // The stores' share of a turn, alone, each on a store of its own: the ceiling of each store's turn figure.
  progress('the state stores alone: the reads and writes of 8,000 turns');
  const memoryAlone = await storeAlone(createMemoryStateStore());
  const sqliteAlone = await storeAlone(openStateStore(`sqlite://${join(dir, 'alone.sqlite')}`, dir));
  // The same on a file system held in memory, where one is mounted: SQLite's own work with no disk
  // under it, so the difference from the figure above is what the disk costs.
  const memoryFolder = existsSync(MEMORY_FILE_SYSTEM) ? mkdtempSync(join(MEMORY_FILE_SYSTEM, 'cg-bench-')) : undefined;
  const sqliteNoDisk = memoryFolder ? await storeAlone(openStateStore(`sqlite://${join(memoryFolder, 'alone.sqlite')}`, memoryFolder)) : undefined;
  if (memoryFolder) rmSync(memoryFolder, { recursive: true, force: true });
  const sqliteState = openStateStore(`sqlite://${join(dir, 'state.sqlite')}`, dir);
  const sqlite = await measure('sqlite', createBenchBot(sqliteState), 1000, progress);
  await sqliteState.close();
  figures.push({ name: 'start with 1,000,000 old seen events (SQLite)', value: await startWithOldEvents(dir), unit: 'ms', goal: '< 1000' });
  rmSync(dir, { recursive: true, force: true });

  const { botbuilderConversations } = await import('./botbuilder-baseline');
  const baseline = await botbuilderConversations(Number(process.env.BENCH_CONVERSATIONS ?? 2000), progress, WARM_UP_CONVERSATIONS);
  figures.push({ name: 'botbuilder-dialogs 4.23.3 (MemoryStorage): turns/s', value: baseline.perSecond, unit: 'turns/s' });
  figures.push({ name: 'botbuilder-dialogs: p50 / p99 turn latency', value: baseline.p50, unit: 'ms' });
  figures.push({ name: 'botbuilder-dialogs: p99 turn latency', value: baseline.p99, unit: 'ms' });
  figures.push({ name: 'commonground, in-memory store: turns/s', value: memory.perSecond, unit: 'turns/s' });
  figures.push({ name: 'commonground, in-memory store: ratio to botbuilder', value: memory.perSecond / baseline.perSecond, unit: 'x', goal: '>= 10' });
  figures.push({ name: 'commonground, in-memory store: p50 turn latency', value: memory.p50, unit: 'ms' });
  figures.push({ name: 'commonground, in-memory store: p99 turn latency', value: memory.p99, unit: 'ms' });
  figures.push({ name: 'commonground, SQLite store: turns/s', value: sqlite.perSecond, unit: 'turns/s' });
  figures.push({ name: 'commonground, SQLite store: ratio to botbuilder', value: sqlite.perSecond / baseline.perSecond, unit: 'x', goal: '>= 3' });
  figures.push({ name: 'commonground, SQLite store: p50 turn latency', value: sqlite.p50, unit: 'ms' });
  figures.push({ name: 'commonground, SQLite store: p99 turn latency', value: sqlite.p99, unit: 'ms' });
  figures.push({ name: 'in-memory store alone (a turn\'s reads and writes, no bot): turns/s', value: memoryAlone.perSecond, unit: 'turns/s' });
  figures.push({ name: 'SQLite store alone (a turn\'s reads and writes, no bot): turns/s', value: sqliteAlone.perSecond, unit: 'turns/s' });
  figures.push({ name: 'SQLite store alone: ratio to botbuilder (the most a whole turn can reach)', value: sqliteAlone.perSecond / baseline.perSecond, unit: 'x' });
  if (sqliteNoDisk) {
    figures.push({ name: `SQLite store alone, its file in memory (${MEMORY_FILE_SYSTEM}): turns/s`, value: sqliteNoDisk.perSecond, unit: 'turns/s' });
    figures.push({ name: 'SQLite store alone, its file in memory: ratio to botbuilder', value: sqliteNoDisk.perSecond / baseline.perSecond, unit: 'x' });
  }
  // On a machine busy with other work, wall time is partly waiting for a core: the same ratios by
  // the CPU time each side used show what is ours.
  figures.push({ name: 'by CPU time: botbuilder-dialogs turns per CPU-second', value: baseline.perCpuSecond, unit: 'turns/s' });
  figures.push({ name: 'by CPU time: in-memory store, ratio to botbuilder', value: memory.perCpuSecond / baseline.perCpuSecond, unit: 'x' });
  figures.push({ name: 'by CPU time: SQLite store, ratio to botbuilder', value: sqlite.perCpuSecond / baseline.perCpuSecond, unit: 'x' });
  figures.push({ name: 'by CPU time: SQLite store alone, ratio to botbuilder', value: sqliteAlone.perCpuSecond / baseline.perCpuSecond, unit: 'x' });
  return figures;
};
