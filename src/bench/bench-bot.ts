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
import type { StateStore } from '../state/store';

/**
 * The bot the core benchmark drives, and its driver: only what a bot process loads (no benchmark
 * baseline), so that a process holding open runs can be measured on its own.
 */

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
/**
 * Conversations run before timing, on each side alike (commonground and botbuilder-dialogs): enough
 * for the JIT to have compiled the turn's code, so the figures measure the turn rather than warm-up.
 */
export const WARM_UP_CONVERSATIONS = 1000;

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
