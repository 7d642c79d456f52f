/**
 * Benchmark of the tone guard: `commonground tone` on 10,000 sentences as a user runs it (a new
 * process reading stdin, start-up included), and the detector alone in this process. The
 * sentences are the development set's, repeated, with empty and very long lines mixed in.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { PROMPTS_DIR } from '../paths';
import { checkTone, loadToneLexicon, type ToneLocale } from '../mediation/tone';
import { quantile, timeIt } from './figures';
import type { BenchFigure, BenchSuite } from './figures';

const LINES = 10_000;
const RUNS = 3;
// the repository root: prompts/ sits in it, whether this runs from src/bench/ or bundled in dist/
const root = join(PROMPTS_DIR, '..', sep);

function sentences(locale: ToneLocale): string[] {
  const read = (half: string): string[] =>
    readFileSync(`${root}test/fixtures/tone/${half}/${locale}.tsv`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('\t')[1] ?? '');
  const pool = [...read('tune'), ...read('holdout')];
  const long = pool.slice(0, 40).join(' ').repeat(20);
  return Array.from({ length: LINES }, (_unused, i) => (i % 1000 === 0 ? '' : i % 1000 === 500 ? long : (pool[i % pool.length] ?? '')));
}

/**
 * Milliseconds of CPU used by this process's finished children (Linux: from /proc/self/stat, in
 * clock ticks of 10 ms), or NaN elsewhere. On a busy machine the wall time of a child grows with
 * the load; its CPU time much less so.
 */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface CommandRun {
  wallMs: number;
  cpuMs: number;
}

/** Runs `commonground tone` in a new process with the lines on stdin; resolves with the wall and CPU time it took. */
function runCommand(locale: ToneLocale, input: string): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [`${root}bin/commonground.js`, 'tone', '--locale', locale], { stdio: ['pipe', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines += 1;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || lines !== LINES) reject(new Error(`tone command ended with ${code} after ${lines} lines`));
      else resolve({ wallMs: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: childrenCpuMs() - cpuBefore });
    });
    child.stdin.end(input);
  });
}

export const toneBench: BenchSuite = async (progress) => {
  const figures: BenchFigure[] = [];
  for (const locale of ['en', 'zh-CN'] as const) {
    const lines = sentences(locale);
    progress(`tone ${locale}: the command on ${LINES} lines`);
    const command: CommandRun[] = [];
    for (let run = 1; run <= RUNS; run += 1) command.push(await runCommand(locale, `${lines.join('\n')}\n`));
    progress(`tone ${locale}: the detector in process`);
    let lexicon = loadToneLexicon(locale);
    const load = await timeIt(() => {
      lexicon = loadToneLexicon(locale);
    });
    const each: number[] = [];
    const all = await timeIt(() => {
      for (const line of lines) {
        const start = process.hrtime.bigint();
        checkTone(line, lexicon);
        each.push(Number(process.hrtime.bigint() - start) / 1e3);
      }
    });
    figures.push(
      { name: `tone ${locale}: command, ${LINES} lines (median of ${RUNS})`, value: Math.round(quantile(command.map((r) => r.wallMs), 0.5)), unit: 'ms', goal: '< 2000 ms' },
      { name: `tone ${locale}: command, CPU time of the same runs`, value: Math.round(quantile(command.map((r) => r.cpuMs), 0.5)), unit: 'ms' },
      { name: `tone ${locale}: detector, ${LINES} lines in process`, value: Math.round(all), unit: 'ms' },
      { name: `tone ${locale}: lexicon load`, value: Math.round(load), unit: 'ms' },
      { name: `tone ${locale}: p99 per message`, value: Math.round(quantile(each, 0.99)), unit: 'µs' },
    );
  }
  return figures;
};
