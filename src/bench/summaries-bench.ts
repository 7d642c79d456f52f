/**
 * Benchmark of the offline summaries: the topic summary of a long thread and themes in a large
 * feedback set, in the process and as the CLI runs them (process start included), and the largest
 * memory (max RSS) of `summarize` on a 100 MB file. The data is synthetic but has real structure:
 * messages and reports are built from topic word pools with a seeded generator, so every run
 * measures the same input.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findThemes } from '../summaries/themes';
import { arraySource, offlineTopicSummary } from '../summaries/topics';
import type { SourceMessage } from '../summaries/extract';
import type { BenchFigure, BenchSuite } from './figures';
import { quantile, timeIt } from './figures';
import { seededRandom } from '../core/seeded-random';
import { PROJECT_ROOT } from '../paths';

const THREAD_MESSAGES = 10_000;
const FEEDBACK_REPORTS = 5_000;
const RUNS = 3;

interface Topic {
  subjects: string[];
  problems: string[];
  wishes: string[];
}

const TOPICS: Topic[] = [
  {
    subjects: ['the lift', 'the elevator', 'the lift in block 3', 'the lift button'],
    problems: ['is broken again', 'stopped between floors', 'makes a grinding noise', 'does not close', 'has been out of service for days'],
    wishes: ['please send a lift engineer', 'older residents cannot climb the stairs', 'the lift needs regular maintenance'],
  },
  {
    subjects: ['the rubbish bins', 'the recycling bins', 'the bins by the gate', 'the food waste bins', 'the rubbish collection'],
    problems: ['are overflowing', 'smell terrible in the heat', 'were not emptied this week', 'attract flies and foxes', 'was missed again'],
    wishes: ['please collect the rubbish more often', 'we need more bins', 'the bins should be cleaned'],
  },
  {
    subjects: ['the street light', 'the light in the underpass', 'the lamp post by the corner', 'the path lighting'],
    problems: ['is out', 'flickers all night', 'has been dark for weeks', 'is broken', 'stays on during the day'],
    wishes: ['walking home in the dark feels unsafe', 'please replace the bulb', 'the council should fix the lights'],
  },
  {
    subjects: ['the music upstairs', 'the building site', 'the bar on the corner', 'the karaoke next door', 'the drilling'],
    problems: ['is loud until midnight', 'starts at six in the morning', 'keeps the whole block awake', 'goes on past midnight', 'never stops at weekends'],
    wishes: ['quiet hours should be respected', 'please talk to the neighbours about the noise', 'nobody can sleep'],
  },
  {
    subjects: ['the playground', 'the park benches', 'the swings', 'the sandpit', 'the football pitch'],
    problems: ['is damaged', 'needs repainting', 'has broken glass around it', 'is closed for repairs', 'floods after rain'],
    wishes: ['children need a safe place to play', 'please repair the playground', 'more benches for parents would help'],
  },
  {
    subjects: ['the bicycle shed', 'the parking spaces', 'the car park gate', 'the electric scooters', 'the delivery vans'],
    problems: ['is full every evening', 'block the fire lane', 'is broken and stays open', 'are parked on the pavement', 'park across the entrance'],
    wishes: ['we need more bicycle racks', 'the fire lane must stay clear', 'parking rules should be enforced'],
  },
];

const FILLERS = ['I agree.', 'Thanks for raising this.', 'Same here.', 'Good point.', 'Any news on this?'];

function pick<T>(random: () => number, values: T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function report(random: () => number, topic: Topic): string {
  const first = `${capitalise(pick(random, topic.subjects))} ${pick(random, topic.problems)}.`;
  return random() < 0.6 ? `${first} ${capitalise(pick(random, topic.wishes))}.` : first;
}

/** A long discussion that drifts between topics, with short replies in between. */
export function syntheticThread(size: number, seed = 1): SourceMessage[] {
  const random = seededRandom(seed);
  const messages: SourceMessage[] = [];
  let topic = pick(random, TOPICS);
  for (let i = 0; i < size; i += 1) {
    if (random() < 0.02) topic = pick(random, TOPICS);
    const text = random() < 0.15 ? pick(random, FILLERS) : report(random, topic);
    messages.push({ id: `m${i + 1}`, text });
  }
  return messages;
}

/** Feedback reports spread over the topics. */
export function syntheticReports(size: number, seed = 2): SourceMessage[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, i) => ({ id: `FB-${i + 1}`, text: report(random, pick(random, TOPICS)) }));
}

const MEGABYTE = 1024 * 1024;
const BIG_FILE_BYTES = 100 * MEGABYTE;
const TIME = '/usr/bin/time';

function jsonl(items: SourceMessage[]): string {
  return items.map((m, i) => `${JSON.stringify({ id: m.id, author: `resident${i % 300}`, text: m.text })}\n`).join('');
}

/** A JSONL thread of about `bytes`, written in pieces so it is never all in memory. */
async function writeBigThread(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  let written = 0;
  let round = 0;
  while (written < bytes) {
    const piece = jsonl(syntheticThread(10_000, 100 + round).map((m) => ({ ...m, id: `r${round}-${m.id}` })));
    written += Buffer.byteLength(piece);
    round += 1;
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * Wall time (ms) and, when /usr/bin/time is there, CPU time (user + system, ms) and max RSS (MB)
 * of one CLI run. On a machine shared with other work the CPU time is the steadier figure. A run
 * that fails is an error, not a figure: a command that stops at once would look fast.
 */
export function runCli(args: string[]): { ms: number; cpuMs?: number; maxRssMb?: number } {
  // The project's own program, whether this runs from src/bench/ or bundled in dist/.
  const bin = join(PROJECT_ROOT, 'bin', 'commonground.js');
  const timed = existsSync(TIME);
  const start = process.hrtime.bigint();
  const result = timed ? spawnSync(TIME, ['-f', 'maxrss=%M cpu=%U+%S', process.execPath, bin, ...args], { encoding: 'utf8' }) : spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    const said = (result.stderr ?? '').split('\n').find((line) => line.trim() !== '' && !line.startsWith('maxrss=')) ?? `exit code ${result.status}`;
    throw new Error(`commonground ${args[0]} did not finish (${said.trim()}), so it was not timed`);
  }
  const rss = /maxrss=(\d+)/u.exec(result.stderr ?? '')?.[1];
  const cpu = /cpu=([\d.]+)\+([\d.]+)/u.exec(result.stderr ?? '');
  return { ms, ...(rss ? { maxRssMb: Number(rss) / 1024 } : {}), ...(cpu ? { cpuMs: (Number(cpu[1]) + Number(cpu[2])) * 1000 } : {}) };
}

export const summariesBench: BenchSuite = async (progress) => {
  const thread = syntheticThread(THREAD_MESSAGES);
  const reports = syntheticReports(FEEDBACK_REPORTS);

  progress(`topic summary of a ${THREAD_MESSAGES}-message thread`);
  const summaryTimes: number[] = [];
  let topicCount = 0;
  for (let run = 0; run < RUNS; run += 1) {
    summaryTimes.push(await timeIt(async () => {
      topicCount = (await offlineTopicSummary(arraySource(thread))).topics.length;
    }));
  }
  progress(`found ${topicCount} topics`);

  progress(`themes in ${FEEDBACK_REPORTS} feedback reports`);
  const themeTimes: number[] = [];
  let themeCount = 0;
  for (let run = 0; run < RUNS; run += 1) {
    themeTimes.push(await timeIt(() => {
      themeCount = findThemes(reports).length;
    }));
  }
  progress(`found ${themeCount} themes`);
  const memory = process.memoryUsage();

  const dir = mkdtempSync(join(tmpdir(), 'cg-summaries-bench-'));
  const cli: BenchFigure[] = [];
  try {
    const threadFile = join(dir, 'thread.jsonl');
    const reportsFile = join(dir, 'reports.jsonl');
    writeFileSync(threadFile, jsonl(thread));
    writeFileSync(reportsFile, jsonl(reports));
    progress('commonground summarize and themes, process start included');
    const summarize = [0, 1, 2].map(() => runCli(['summarize', '--file', threadFile]));
    const themes = [0, 1, 2].map(() => runCli(['themes', '--file', reportsFile]));
    cli.push(
      { name: `summarize ${THREAD_MESSAGES} messages, with process start (median)`, value: round(quantile(summarize.map((r) => r.ms), 0.5)), unit: 'ms', goal: '< 2000 ms' },
      { name: `themes ${FEEDBACK_REPORTS} reports, with process start (median)`, value: round(quantile(themes.map((r) => r.ms), 0.5)), unit: 'ms', goal: '< 2000 ms' },
    );
    const cpu = (runs: { cpuMs?: number }[]) => runs.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
    if (cpu(summarize).length > 0) cli.push({ name: `summarize ${THREAD_MESSAGES} messages, CPU time user+sys (median)`, value: round(quantile(cpu(summarize), 0.5)), unit: 'ms' });
    if (cpu(themes).length > 0) cli.push({ name: `themes ${FEEDBACK_REPORTS} reports, CPU time user+sys (median)`, value: round(quantile(cpu(themes), 0.5)), unit: 'ms' });
    progress('writing a 100 MB thread');
    const bigFile = join(dir, 'big.jsonl');
    await writeBigThread(bigFile, BIG_FILE_BYTES);
    progress('commonground summarize on the 100 MB thread');
    const big = runCli(['summarize', '--file', bigFile]);
    cli.push({ name: 'summarize 100 MB file, wall time', value: round(big.ms), unit: 'ms' });
    if (big.maxRssMb !== undefined) cli.push({ name: 'summarize 100 MB file, max RSS', value: round(big.maxRssMb), unit: 'MB', goal: '< 300 MB' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const figures: BenchFigure[] = [
    { name: `topic summary ${THREAD_MESSAGES} messages, in process (median)`, value: round(quantile(summaryTimes, 0.5)), unit: 'ms', goal: '< 1000 ms' },
    { name: `themes ${FEEDBACK_REPORTS} reports, in process (median)`, value: round(quantile(themeTimes, 0.5)), unit: 'ms', goal: '< 1000 ms' },
    ...cli,
    { name: 'summaries process RSS', value: round(memory.rss / MEGABYTE), unit: 'MB', goal: '< 300 MB' },
    { name: 'summaries heap used', value: round(memory.heapUsed / MEGABYTE), unit: 'MB', goal: '< 300 MB' },
  ];
  return figures;
};

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
