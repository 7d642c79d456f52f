import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Community } from '../config/schema';
import { METRICS } from '../evaluation/metrics';
import type { Outcome, OutcomeStore } from '../evaluation/outcome';
import { createPostgresOutcomeStore } from '../evaluation/postgres-store';
import { buildReport } from '../evaluation/report';
import { createSqliteOutcomeStore } from '../evaluation/sqlite-store';
import { timeIt, type BenchFigure, type BenchSuite } from './figures';

const APPEND = 100_000;
const REPORT = 1_000_000;
const BATCH = 10_000;
const START = Date.UTC(2026, 8, 1);
const STAGES = ['listening', 'building', 'review'];
const PARTIES = ['housing', 'property', 'committee'];

const community = Community.parse({
  name: 'Bench community',
  parties: PARTIES.map((id) => ({ id, name: id, channel: id })),
  projects: [
    {
      id: 'bench',
      name: 'Bench project',
      stages: STAGES.map((id, i) => ({ id, name: id, start: `2026-${String(9 + i).padStart(2, '0')}-01`, end: `2026-${String(9 + i).padStart(2, '0')}-28` })),
      charter: PARTIES.map((party) => ({ party })),
      indicators: Object.values(METRICS).map((m) => ({ id: m.id.replace(/_/g, '-'), metric: m.id, target: 1, direction: 'at_least', scope: 'project', mechanism: m.mechanism })),
    },
  ],
});

const TYPES = [
  'feedback.filed', 'feedback.acknowledged', 'feedback.status_changed', 'feedback.resolved', 'feedback.confirmed', 'feedback.me_too',
  'notice.understood', 'notice.question_asked', 'notice.question_answered', 'dialogue.joined', 'dialogue.closed', 'poll.closed',
  'action.done', 'mediation.consented', 'mediation.follow_up', 'mediation.ended',
];

/** The k-th synthetic outcome: a mix of every mechanism, spread over three stages and parties. */
export function syntheticOutcome(k: number, prefix: string): Outcome {
  const type = TYPES[k % TYPES.length] as string;
  const stage = STAGES[Math.floor((k / REPORT) * STAGES.length) % STAGES.length] as string;
  const ref = `FB-${Math.floor(k / TYPES.length)}`;
  const hours = (k % 977) / 10;
  const data: Outcome['data'] = { ref, category: 'repairs', hours, rating: 1 + (k % 5), notice: `N-${k % 50}`, question: `Q-${k % 997}` };
  if (type === 'dialogue.closed') Object.assign(data, { dialogue: `D-${k}`, gini: (k % 10) / 10, consensus: k % 4 });
  if (type === 'poll.closed') Object.assign(data, { poll: `P-${k}`, voters: k % 40 });
  if (type === 'action.done') Object.assign(data, { action: `A-${k}`, on_time: k % 3 !== 0 });
  if (type.startsWith('mediation.')) Object.assign(data, { mediation: `M-${k % 500}`, answer: k % 2 ? 'kept' : 'partly', how: k % 3 ? 'agreement' : 'withdrawn' });
  return {
    id: `${prefix}${k}`,
    at: START + k * 7_000,
    mechanism: type.startsWith('feedback') ? 'service' : type.startsWith('notice') ? 'policy' : type.startsWith('mediation') ? 'mediation' : 'problem_solving',
    project: 'bench',
    stage,
    flow: 'bench',
    step: null,
    run: null,
    type,
    actors: [`p_${(k % 5000).toString(16).padStart(16, '0')}`],
    party: type.startsWith('feedback') ? (PARTIES[k % PARTIES.length] as string) : null,
    data,
  };
}

async function fill(store: OutcomeStore, from: number, to: number, progress: (line: string) => void, label: string) {
  for (let start = from; start < to; start += BATCH) {
    const batch: Outcome[] = [];
    for (let k = start; k < Math.min(to, start + BATCH); k += 1) batch.push(syntheticOutcome(k, 'o'));
    await store.append(batch);
    if ((start + BATCH) % 100_000 === 0) progress(`${label}: ${(start + BATCH).toLocaleString('en')} outcomes written`);
  }
}

async function measure(store: OutcomeStore, label: string, progress: (line: string) => void): Promise<BenchFigure[]> {
  const append = await timeIt(() => fill(store, 0, APPEND, progress, label));
  await fill(store, APPEND, REPORT, progress, label);
  progress(`${label}: building the project report`);
  const now = Date.UTC(2026, 10, 15);
  const report = await timeIt(() => buildReport(store, community, { project: 'bench', now, evidence: false }));
  return [
    { name: `evaluation: append ${APPEND.toLocaleString('en')} outcomes (${label})`, value: Math.round(append), unit: 'ms' },
    { name: `evaluation: project report over ${REPORT.toLocaleString('en')} outcomes (${label})`, value: Math.round(report), unit: 'ms', goal: '< 2000 ms' },
  ];
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export const evaluationBench: BenchSuite = async (progress) => {
  const figures: BenchFigure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cg-eval-bench-'));
  const sqlite = createSqliteOutcomeStore(join(dir, 'outcomes.db'));
  try {
    figures.push(...(await measure(sqlite, 'SQLite', progress)));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.EVAL_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (!(await reachable(url))) {
    figures.push({ name: 'evaluation on PostgreSQL: not measured, server unreachable', value: 0, unit: 'ms' });
    return figures;
  }
  const schema = `cg_bench_${process.pid}_${Date.now().toString(36)}`;
  const postgres = await createPostgresOutcomeStore(url, { schema });
  try {
    figures.push(...(await measure(postgres, 'PostgreSQL', progress)));
  } finally {
    await postgres.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
  return figures;
};
