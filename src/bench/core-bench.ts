import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot, type Bot } from '../core/bot';
import { createCatalogue } from '../core/catalogue';
import type { CommandSpec } from '../core/commands';
import type { InboundEvent } from '../core/events';
import { silentLogger } from '../core/log';
import { checkCommunity } from '../config/load';
import { createSqliteOutcomeStore } from '../evaluation/sqlite-store';
import { createPseudonymiser } from '../evaluation/pseudonym';
import { Flow } from '../flows/schema';
import { createScheduler, systemClock } from '../state/scheduler';
import { createMemoryStateStore, openStateStore, type StateStore } from '../state/store';
import { quantile, type BenchFigure, type BenchSuite } from './figures';

/** The 8-turn conversation: a command, then seven answers (text, choice, scale, confirm...). */
export const BENCH_FLOW = Flow.parse({
  id: 'bench',
  version: 1,
  mechanism: 'service',
  title: 'bench.q',
  roles: ['guest'],
  start: 's1',
  steps: {
    s1: { kind: 'ask', to: 'actor', input: 'text', message: 'bench.q', save: 'a1', next: 's2' },
    s2: { kind: 'ask', to: 'actor', input: 'choice', message: 'bench.q', options: [{ value: 'a', label: 'bench.a' }, { value: 'b', label: 'bench.b' }], save: 'a2', next: 's3' },
    s3: { kind: 'ask', to: 'actor', input: 'text', message: 'bench.q', save: 'a3', next: 's4' },
    s4: { kind: 'ask', to: 'actor', input: 'scale', message: 'bench.q', save: 'a4', next: 's5' },
    s5: { kind: 'ask', to: 'actor', input: 'text', message: 'bench.q', save: 'a5', next: 's6' },
    s6: { kind: 'ask', to: 'actor', input: 'confirm', message: 'bench.q', save: 'a6', next: 's7' },
    s7: { kind: 'ask', to: 'actor', input: 'text', message: 'bench.q', save: 'a7', next: 'done' },
    done: { kind: 'end', to: 'actor', message: 'bench.done' },
  },
});
const ANSWERS = ['Mei', '2', 'the lift is slow', '4', 'mornings', 'yes'];
export const TURNS_PER_CONVERSATION = 8;

const messages = new Map([
  ['en' as const, new Map([['bench.q', 'Question {a1}?'], ['bench.a', 'A'], ['bench.b', 'B'], ['bench.done', 'Thank you.'], ['core.answer.yes', 'Yes'], ['core.answer.no', 'No'], ['core.input.choose', 'Choose: {options}'], ['core.only_you', '(Only you can see this)']])],
  ['zh-CN' as const, new Map([['bench.q', '问题 {a1}？'], ['bench.a', '甲'], ['bench.b', '乙'], ['bench.done', '谢谢。'], ['core.answer.yes', '是'], ['core.answer.no', '否'], ['core.input.choose', '请选择：{options}'], ['core.only_you', '（仅您可见）']])],
]);

const community = checkCommunity({ name: 'Bench', projects: [{ id: 'bench', name: 'Bench', stages: [{ id: 's', name: 'S', start: '2026-01-01', end: '2027-01-01' }] }] });

const startCommand: CommandSpec = {
  name: 'bench',
  roles: ['resident'],
  description: 'bench.q',
  async run(ctx) {
    await ctx.startFlow('bench', { participants: [{ platform: 'bench', userId: ctx.event.user.id, name: 'guest', role: 'guest', active: true }] });
  },
};

export function createBenchBot(state: StateStore): Bot {
  const bot = createBot({
    community,
    catalogue: createCatalogue(messages),
    flows: new Map([['bench', BENCH_FLOW]]),
    functions: {},
    commands: [startCommand],
    state,
    outcomes: createSqliteOutcomeStore(':memory:'),
    scheduler: createScheduler(state),
    clock: systemClock,
    pseudonymise: createPseudonymiser('bench'),
    log: silentLogger(),
  });
  bot.attach('bench', { perform: async () => ({ kind: 'sent', messageRef: 'm' }) });
  return bot;
}

let sequence = 0;
function turn(user: string, index: number): InboundEvent {
  const base = { eventId: `e${(sequence += 1)}`, ref: { platform: 'bench', space: 's', channel: `c-${user}`, direct: true }, user: { id: user, name: user, platformRoles: [] }, canOpenForm: false };
  if (index === 0) return { kind: 'command', name: 'bench', args: [], options: {}, ...base };
  return { kind: 'message', text: ANSWERS[index - 1] ?? 'thanks', ...base };
}

/** Drives `conversations` conversations turn by turn, interleaved, and times every turn. */
export async function drive(bot: Bot, conversations: number, turns: number, prefix: string): Promise<{ latencies: number[]; seconds: number; cpuSeconds: number }> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let t = 0; t < turns; t += 1) {
    for (let c = 0; c < conversations; c += 1) {
      const before = process.hrtime.bigint();
      await bot.handle(turn(`${prefix}${c}`, t));
      latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
    }
  }
  const used = process.cpuUsage(cpu);
  return { latencies, seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function measure(label: string, bot: Bot, conversations: number, progress: (l: string) => void) {
  progress(`${label}: ${conversations} conversations of ${TURNS_PER_CONVERSATION} turns`);
  await drive(bot, 200, TURNS_PER_CONVERSATION, `${label}-warm-`);
  const { latencies, seconds, cpuSeconds } = await drive(bot, conversations, TURNS_PER_CONVERSATION, `${label}-`);
  return { perSecond: latencies.length / seconds, perCpuSecond: latencies.length / cpuSeconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
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
  // First, in a fresh process: 10,000 runs started and answered once, none finished.
  progress('10,000 open runs in memory');
  const openBot = createBenchBot(createMemoryStateStore());
  await drive(openBot, 10_000, 2, 'open-');
  const open = await drive(openBot, 2000, 1, 'open-');
  global.gc?.();
  const rss = process.memoryUsage().rss / 1024 / 1024;
  figures.push({ name: 'in memory with 10,000 open runs: p99 turn latency', value: quantile(open.latencies, 0.99), unit: 'ms', goal: '< 1' });
  figures.push({ name: 'in memory with 10,000 open runs: RSS of the process', value: rss, unit: 'MB', goal: '< 120' });

  const memory = await measure('memory', createBenchBot(createMemoryStateStore()), 2000, progress);
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
  const sqliteState = openStateStore(`sqlite://${join(dir, 'state.sqlite')}`, dir);
  const sqlite = await measure('sqlite', createBenchBot(sqliteState), 1000, progress);
  await sqliteState.close();
  figures.push({ name: 'start with 1,000,000 old seen events (SQLite)', value: await startWithOldEvents(dir), unit: 'ms', goal: '< 1000' });
  rmSync(dir, { recursive: true, force: true });

  // botbuilder-dialogs is loaded only now, so its memory does not count above.
  const { botbuilderConversations } = await import('./botbuilder-baseline');
  const baseline = await botbuilderConversations(Number(process.env.BENCH_CONVERSATIONS ?? 2000), progress);
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
  // On a machine busy with other work, wall time is partly waiting for a core: the same ratios by
  // the CPU time each side used show what is ours.
  figures.push({ name: 'by CPU time: botbuilder-dialogs turns per CPU-second', value: baseline.perCpuSecond, unit: 'turns/s' });
  figures.push({ name: 'by CPU time: in-memory store, ratio to botbuilder', value: memory.perCpuSecond / baseline.perCpuSecond, unit: 'x' });
  figures.push({ name: 'by CPU time: SQLite store, ratio to botbuilder', value: sqlite.perCpuSecond / baseline.perCpuSecond, unit: 'x' });
  return figures;
};
