import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { BenchFigure, BenchSuite } from './figures';
import { BenchUnavailable } from './unavailable';

/** The benchmark suites, by name, loaded only when asked for. */
const CORE_SUITES: Record<string, () => Promise<BenchSuite>> = {
  core: async () => (await import('./core-bench')).coreBench,
  consensus: async () => (await import('./consensus-bench')).consensusBench,
  polis: async () => (await import('./polis-bench')).polisBench,
  summaries: async () => (await import('./summaries-bench')).summariesBench,
  evaluation: async () => (await import('./evaluation-bench')).evaluationBench,
  tone: async () => (await import('./tone-bench')).toneBench,
  fleet: async () => (await import('./fleet-bench')).fleetBench,
};

/** Packages of the development install that a suite needs (the core suite compares with botbuilder-dialogs). */
const DEV_PACKAGES: Record<string, string[]> = {
  core: ['botbuilder-core', 'botbuilder-dialogs'],
};

/** Whether a package can be found from here, without loading it. */
export function packageInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Whether a figure meets a goal written like `< 1`, `>= 10` (true when there is no goal to check). */
export function meetsGoal(value: number, goal: string | undefined): boolean {
  const match = /^\s*(<=|>=|<|>)\s*([\d.]+)/.exec(goal ?? '');
  if (!match) return true;
  const target = Number(match[2]);
  switch (match[1]) {
    case '<':
      return value < target;
    case '<=':
      return value <= target;
    case '>':
      return value > target;
    default:
      return value >= target;
  }
}

function formatFigure(figure: BenchFigure): string {
  const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(figure.value < 10 ? 3 : 1);
  const goal = figure.goal ? ` goal ${figure.goal}   ${meetsGoal(figure.value, figure.goal) ? 'goal met' : 'GOAL NOT MET'}` : '';
  return `  ${figure.name.padEnd(58)} ${value.padStart(12)} ${figure.unit.padEnd(10)}${goal}`;
}

/**
 * Runs the chosen suites (all by default) and prints each figure with its goal. Suites that measure
 * an adapter come from main.ts (`extra`), since the core never imports an adapter.
 */
export async function runBenchmarks(
  only: string[] | undefined,
  print: (line: string) => void,
  extra: Record<string, () => Promise<BenchSuite>> = {},
  installed: (name: string) => boolean = packageInstalled,
): Promise<number> {
  const SUITES = { ...CORE_SUITES, ...extra };
  const names = only && only.length > 0 ? only : Object.keys(SUITES);
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length > 0) {
    print(`Unknown suite(s): ${unknown.join(', ')}. Choose from: ${Object.keys(SUITES).join(', ')}.`);
    return 2;
  }
  // Said before anything runs: a suite that needs the development install would fail at its end.
  const missing = [...new Set(names.flatMap((n) => DEV_PACKAGES[n] ?? []))].filter((p) => !installed(p));
  if (missing.length > 0) {
    print(`The ${names.filter((n) => DEV_PACKAGES[n]?.some((p) => missing.includes(p))).join(', ')} benchmark compares with ${missing.join(' and ')}, which only the development install has. Run "npm install" (without --omit=dev) in the project folder, or choose other suites with --only.`);
    return 1;
  }
  if (names.length > 1) {
    // Each suite runs in a process of its own, so memory figures are not shared between suites.
    for (const name of names) {
      const code = await runInChild(name, print);
      if (code !== 0) return code;
    }
    return 0;
  }
  const name = names[0] as string;
  // The suite's name heads its lines once it has something to say, so a suite that cannot run says so in one line.
  let headed = false;
  const under = (line: string) => {
    if (!headed) print(`${name}:`);
    headed = true;
    print(line);
  };
  let figures: BenchFigure[];
  try {
    const suite = await (SUITES[name] as () => Promise<BenchSuite>)();
    figures = await suite((line) => under(`  … ${line}`));
  } catch (error) {
    if (error instanceof BenchUnavailable) {
      // A service the suite measures is not running (the fleet suite needs Redis and PostgreSQL).
      print(error.message);
      return 1;
    }
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    // The core suite measures against botbuilder-dialogs, which only a development install has.
    print(`The ${name} benchmark needs the development dependencies (${(error as Error).message.split('\n')[0]}). Run "npm install" without --omit=dev, then try again.`);
    return 1;
  }
  if (!headed) print(`${name}:`);
  for (const figure of figures) print(formatFigure(figure));
  return 0;
}

function runInChild(name: string, print: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] as string, 'bench', '--only', name], { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', print);
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
