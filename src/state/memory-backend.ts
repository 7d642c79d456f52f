import Keyv from 'keyv';
import type { Outcome } from '../evaluation/outcome';
import { STATE_VERSION, type StateBackend } from './backend';
import { KEPT_ANSWER, keptAnswerKey, type SubjectTraces } from './erasure';
import { keys } from './keys';
import { timerId, type IndexedTurn, type KeptAnswer, type Timer } from './turn';

interface KeyvRecord {
  value: unknown;
  expires?: number | undefined;
}

/**
 * State in this process's memory, for tests and benchmarks: values are kept as objects, each
 * operation runs without yielding, so it is atomic. Stored values must be treated as read-only.
 */
export function createMemoryBackend(): StateBackend {
  const records = new Map<string, KeyvRecord>();
  const seen = new Map<string, number>();
  const timers = new Map<string, Timer>();
  const outbox = new Map<string, Outcome>();
  const answers = new Map<string, KeptAnswer>();
  const lists = new Map<string, Set<string>>();
  const keyv = new Keyv({ store: records, useKeyPrefix: false, serialize: undefined, deserialize: undefined });
  const live = (key: string) => {
    const record = records.get(key);
    if (record?.expires !== undefined && record.expires <= Date.now()) {
      records.delete(key);
      return undefined;
    }
    return record;
  };
  const envelope = (data: unknown) => ({ value: { v: STATE_VERSION, data } });
  const isSeen = (key: string) => (seen.get(key) ?? 0) > Date.now();
  // Expired seen events are dropped at most once a minute (a lookup ignores them meanwhile), not
  // by a scan of all of them every thousand events.
  let nextSweep = 0;
  const markSeen = (key: string, ttlMs: number) => {
    const now = Date.now();
    if ((seen.get(key) ?? 0) > now) return false;
    seen.set(key, now + ttlMs);
    if (now >= nextSweep) {
      nextSweep = now + 60_000;
      for (const [old, until] of seen) if (until <= now) seen.delete(old);
    }
    return true;
  };
  const cancel = (runId: string, name: string) => {
    if (name !== '*') timers.delete(timerId(runId, name));
    else for (const timer of timers.values()) if (timer.runId === runId) timers.delete(timer.id);
  };
  const byTime = (a: Timer, b: Timer) => a.at - b.at || (a.id < b.id ? -1 : 1);
  return {
    keyv,
    async read(key) {
      const record = live(key);
      return record ? { value: record.value, token: record } : undefined;
    },
    async readMany(keys) {
      return keys.map((key) => {
        const record = live(key);
        return record ? { value: record.value, token: record } : undefined;
      });
    },
    async commit(turn: IndexedTurn) {
      const { run, before } = turn;
      if (turn.seen && isSeen(turn.seen.key)) return { result: 'duplicate' };
      const stored = live(keys.run(run.id))?.value as { data?: { seq?: number } } | undefined;
      if ((stored?.data?.seq ?? 0) !== (before?.seq ?? 0)) return { result: 'conflict' };
      const saved = { ...run, seq: (before?.seq ?? 0) + 1 };
      const record = envelope(saved);
      records.set(keys.run(run.id), record);
      const change = turn.index;
      for (const key of change.drop) if ((live(key)?.value as { data?: unknown } | undefined)?.data === run.id) records.delete(key);
      for (const key of change.set) records.set(key, envelope(run.id));
      for (const key of change.join) lists.set(key, (lists.get(key) ?? new Set()).add(run.id));
      for (const key of change.leave) lists.get(key)?.delete(run.id);
      for (const name of turn.cancelTimers) cancel(run.id, name);
      for (const timer of turn.timers) timers.set(timer.id, timer);
      if (turn.fired && timers.get(turn.fired.id)?.at === turn.fired.at) timers.delete(turn.fired.id);
      for (const outcome of turn.outcomes) outbox.set(outcome.id, outcome);
      if (turn.seen) markSeen(turn.seen.key, turn.seen.ttlMs);
      if (turn.seen && turn.answer) answers.set(turn.answer.id, turn.answer);
      return { result: 'saved', token: record, run: saved };
    },
    members: async (key) => [...(lists.get(key) ?? [])],
    markSeen: async (key, ttlMs) => markSeen(key, ttlMs),
    hasSeen: async (key) => isSeen(key),
    async increment(key) {
      const value = Number(live(key)?.value ?? 0) + 1;
      records.set(key, { value });
      return value;
    },
    schedule: async (timer) => void timers.set(timer.id, timer),
    cancel: async (runId, name) => cancel(runId, name),
    due: async (now, limit) => [...timers.values()].filter((t) => t.at <= now).sort(byTime).slice(0, limit),
    timers: async () => [...timers.values()].sort(byTime),
    timer: async (id) => timers.get(id),
    async removeTimer(id, at) {
      if (timers.get(id)?.at === at) timers.delete(id);
    },
    pendingOutcomes: async () => [...outbox.values()],
    async outcomesDelivered(ids) {
      for (const id of ids) outbox.delete(id);
    },
    async keepAnswer(seenMark, answer) {
      if (!markSeen(seenMark.key, seenMark.ttlMs)) return 'duplicate';
      answers.set(answer.id, answer);
      return 'saved';
    },
    keptAnswer: async (id) => answers.get(id),
    keptAnswers: async () => [...answers.values()],
    async answerSent(id) {
      answers.delete(id);
    },
    async findTraces(texts) {
      const holds = (text: string) => texts.some((t) => text.includes(t));
      const traces: SubjectTraces = { runs: [], keys: [], lists: [], timers: [] };
      for (const [key, record] of records) {
        if (!live(key)) continue;
        if (key.startsWith('run:')) {
          if (holds(JSON.stringify(record.value))) traces.runs.push(key.slice('run:'.length));
        } else if (holds(key) || holds(JSON.stringify(record.value))) traces.keys.push(key);
      }
      for (const key of lists.keys()) if (holds(key)) traces.lists.push(key);
      for (const timer of timers.values()) if (holds(JSON.stringify(timer))) traces.timers.push(timer);
      for (const [id, answer] of answers) if (holds(JSON.stringify(answer))) traces.keys.push(keptAnswerKey(id));
      return traces;
    },
    async erase(batch) {
      for (const { run, expectedSeq } of batch.runs) {
        const stored = live(keys.run(run.id))?.value as { data?: { seq?: number } } | undefined;
        if ((stored?.data?.seq ?? 0) !== expectedSeq) return 'conflict';
      }
      for (const { run, index } of batch.runs) {
        records.set(keys.run(run.id), envelope(run));
        for (const key of index.drop) if ((live(key)?.value as { data?: unknown } | undefined)?.data === run.id) records.delete(key);
        for (const key of index.set) records.set(key, envelope(run.id));
        for (const key of index.join) lists.set(key, (lists.get(key) ?? new Set()).add(run.id));
        for (const key of index.leave) lists.get(key)?.delete(run.id);
      }
      for (const key of batch.deleteKeys) {
        if (key.startsWith(KEPT_ANSWER)) answers.delete(key.slice(KEPT_ANSWER.length));
        records.delete(key);
        lists.delete(key);
      }
      for (const timer of batch.timers) if (timers.has(timer.id)) timers.set(timer.id, timer);
      for (const timer of batch.schedule) timers.set(timer.id, timer);
      return 'saved';
    },
    async close() {},
  };
}
