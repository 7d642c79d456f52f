/**
 * The core benchmark's open-runs figures, measured in a process of its own that loads only what the
 * bot loads (the bot, its in-memory store and the outcome store; no benchmark baseline, no
 * adapters): 10,000 runs started and answered once, none finished, then one more answer in 2,000 of
 * them, timed. Run as `commonground bench-open-runs` by the core suite; prints one JSON line.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { createMemoryStateStore } from '../state/store';
import { createBenchBot, drive } from './bench-bot';
import { quantile } from './figures';

export interface OpenRunsFigures {
  p99: number;
  /** RSS once garbage collection has settled (MB). */
  rss: number;
  /** RSS with the bot loaded and no run yet (MB). */
  rssLoaded: number;
  /** RSS right after the runs were answered, before any collection (MB). */
  rssBusy: number;
  heapUsed: number;
  heapTotal: number;
  /** Of the committed heap, what the young generation (V8's new space) holds on to (MB). */
  youngCommitted: number;
  /** Of the committed heap, the old generation's (MB) and what it holds (MB). */
  oldCommitted: number;
  oldUsed: number;
  external: number;
}

const MB = 1024 * 1024;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureOpenRuns(runs = 10_000): Promise<OpenRunsFigures> {
  const bot = createBenchBot(createMemoryStateStore());
  global.gc?.();
  const rssLoaded = process.memoryUsage().rss / MB;
  await drive(bot, runs, 2, 'open-');
  const open = await drive(bot, Math.min(2000, runs), 1, 'open-');
  const rssBusy = process.memoryUsage().rss / MB;
  // The memory of a process holding these runs once the garbage of handling them is collected: V8
  // gives freed pages back on a background thread, so the figure is read after it had a moment.
  for (let i = 0; i < 3; i += 1) {
    global.gc?.();
    await pause(50);
  }
  const memory = process.memoryUsage();
  const spaces = new Map(getHeapSpaceStatistics().map((space) => [space.space_name, space]));
  return {
    p99: quantile(open.latencies, 0.99),
    rss: memory.rss / MB,
    rssLoaded,
    rssBusy,
    heapUsed: memory.heapUsed / MB,
    heapTotal: memory.heapTotal / MB,
    youngCommitted: (spaces.get('new_space')?.physical_space_size ?? 0) / MB,
    oldCommitted: (spaces.get('old_space')?.physical_space_size ?? 0) / MB,
    oldUsed: (spaces.get('old_space')?.space_used_size ?? 0) / MB,
    external: memory.external / MB,
  };
}

/** The `bench-open-runs` command: measures, prints the figures as one JSON line. */
export async function serveOpenRuns(): Promise<void> {
  process.stdout.write(`${JSON.stringify(await measureOpenRuns())}\n`);
}
