/**
 * The state store's share of a turn, without the bot: the reads and the writes the core benchmark's
 * turn makes, in the same order, on runs shaped like its runs. Whatever the bot does around them, a
 * whole turn cannot be faster than these, so this figure is the ceiling of the turn's figure on the
 * same store.
 *
 * One answered message: is the event new (seen check), which run waits for this person here (its
 * key and the run), the person's language settings, the turn's one write (the run with
 * compare-and-set, the event seen, its answer kept), and the answer forgotten once sent.
 */
import { PreferredLocale } from '../core/delivery';
import { RUN_SCHEMA_VERSION, type Run } from '../flows/run';
import { keys } from '../state/keys';
import { SEEN_TTL_MS, type StateStore } from '../state/store';

function runOf(id: string, user: string, now: number): Run {
  const where = `dm:bench:${user}`;
  return {
    schema: RUN_SCHEMA_VERSION,
    id,
    flowId: 'bench',
    flowVersion: 1,
    locale: 'en',
    status: 'active',
    step: 's1',
    trail: ['s1'],
    home: { platform: 'bench', space: 's', channel: `c-${user}`, direct: true },
    space: null,
    project: null,
    stage: null,
    participants: [{ platform: 'bench', userId: user, name: 'guest', role: 'guest', active: true }],
    vars: {},
    pending: { step: 's1', waitingFor: [user], where: { [user]: where } },
    messages: {},
    startedAt: now,
    updatedAt: now,
    seq: 0,
  };
}

/** Runs `conversations` conversations of `turns` turns on the store alone; turns per second (wall and CPU). */
export async function storeTurns(state: StateStore, conversations: number, turns: number, prefix: string): Promise<{ perSecond: number; perCpuSecond: number }> {
  const now = Date.now();
  for (let c = 0; c < conversations; c += 1) {
    const run = runOf(`${prefix}r${c}`, `${prefix}${c}`, now);
    await state.commitTurn({ before: null, run, cancelTimers: [], timers: [], outcomes: [] });
  }
  let event = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let t = 1; t <= turns; t += 1) {
    for (let c = 0; c < conversations; c += 1) {
      const user = `${prefix}${c}`;
      const eventId = `${prefix}e${(event += 1)}`;
      if (await state.hasSeen('bench', eventId)) throw new Error('an event was seen twice');
      // As the router reads it: a store that reads the key and the run in one statement gives both.
      const pointed = await state.getPointed(keys.awaiting(`dm:bench:${user}`, user));
      const run = pointed.run ?? (pointed.runId ? await state.getRun(pointed.runId) : undefined);
      if (!run) throw new Error('a run was not found by its key');
      await state.getMany([keys.prefs(`bench:${user}`), keys.platformLocale(`bench:${user}`)], PreferredLocale);
      const step = `s${(t % 7) + 1}`;
      const next: Run = { ...run, step, trail: [...run.trail, step], vars: { ...run.vars, [`a${t}`]: 'the lift is slow' }, pending: { step, waitingFor: [user], where: { [user]: `dm:bench:${user}` } }, updatedAt: Date.now() };
      const seen = keys.seen('bench', eventId);
      const answer = { id: seen, lock: `conv:${user}`, actions: [{ kind: 'send', to: { kind: 'conversation', ref: run.home, userId: user }, text: `Question ${t}?`, replyTo: eventId, keptAs: `${seen}#0` }] };
      if ((await state.commitTurn({ before: run, run: next, cancelTimers: [], timers: [], outcomes: [], seen: { key: seen, ttlMs: SEEN_TTL_MS }, answer })) !== 'saved') throw new Error('a turn was not saved');
      await state.answers.sent(seen);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const count = conversations * turns;
  return { perSecond: count / seconds, perCpuSecond: count / ((used.user + used.system) / 1e6) };
}
