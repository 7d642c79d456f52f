import Keyv from 'keyv';
import type { Outcome } from '../evaluation/outcome';
import { STATE_VERSION, type StateBackend, type StoredValue } from './backend';
import { KEPT_ANSWER, keptAnswerKey, type SubjectTraces } from './erasure';
import { keys } from './keys';
import { timerId, type IndexedTurn, type KeptAnswer, type Timer } from './turn';

interface KeyvRecord {
  value: unknown;
  expires?: number | undefined;
  /** A run saved by a turn: its version, beside its text. */
  seq?: number;
}

const BEYOND_LATIN1 = /[\u0100-\uffff]/g;
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON text in as little memory as V8 can keep it. A string holding any character beyond Latin-1
 * takes two bytes for every character, so a run with two Chinese labels among 640 ASCII characters
 * is kept with those characters escaped (`\u7532`), which JSON reads back the same, whenever that
 * is shorter than twice its length; the escaped text is copied once more through Latin-1 because
 * V8 keeps the result of a replacement in the two-byte form of the text it replaced in.
 */
function compactJson(value: unknown): string {
  const text = JSON.stringify(value);
  const narrow = text.replace(BEYOND_LATIN1, escaped);
  if (narrow === text || narrow.length >= 2 * text.length) return text;
  return Buffer.from(narrow, 'latin1').toString('latin1');
}

/**
 * State in this process's memory, for tests and benchmarks; each operation runs without yielding,
 * so it is atomic. Runs are kept as the durable stores keep them, as JSON text: 10,000 open runs
 * cost their text (about 650 bytes each in the benchmark's conversation) rather than about 2.4 KB
 * each as objects, and every read hands out a copy of its own, so changing a run read cannot change
 * the stored one. Other values are kept as objects and must be treated as read-only.
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
  const saveRun = (run: { id: string; seq?: unknown }, seq: number) => records.set(keys.run(run.id), { value: compactJson({ v: STATE_VERSION, data: run }), seq });
  /** A run's version: beside its text, or inside a record written through keyv (as tests do). */
  const seqOf = (record: KeyvRecord | undefined) => record?.seq ?? (record?.value as { data?: { seq?: number } } | undefined)?.data?.seq ?? 0;
  const stored = (record: KeyvRecord | undefined): StoredValue | undefined => {
    if (!record) return undefined;
    if (record.seq !== undefined) return { value: JSON.parse(record.value as string), token: record, own: true };
    return { value: record.value, token: record };
  };
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
    read: async (key) => stored(live(key)),
    readMany: async (keys) => keys.map((key) => stored(live(key))),
    async commit(turn: IndexedTurn) {
      const { run, before } = turn;
      if (turn.seen && isSeen(turn.seen.key)) return { result: 'duplicate' };
      if (seqOf(live(keys.run(run.id))) !== (before?.seq ?? 0)) return { result: 'conflict' };
      const seq = (before?.seq ?? 0) + 1;
      saveRun({ ...run, seq }, seq);
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
      return { result: 'saved' };
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
          if (holds(JSON.stringify(record.seq !== undefined ? JSON.parse(record.value as string) : record.value))) traces.runs.push(key.slice('run:'.length));
        } else if (holds(key) || holds(JSON.stringify(record.value))) traces.keys.push(key);
      }
      for (const key of lists.keys()) if (holds(key)) traces.lists.push(key);
      for (const timer of timers.values()) if (holds(JSON.stringify(timer))) traces.timers.push(timer);
      for (const [id, answer] of answers) if (holds(JSON.stringify(answer))) traces.keys.push(keptAnswerKey(id));
      return traces;
    },
    async erase(batch) {
      for (const { run, expectedSeq } of batch.runs) if (seqOf(live(keys.run(run.id))) !== expectedSeq) return 'conflict';
      for (const { run, index, expectedSeq } of batch.runs) {
        saveRun(run, expectedSeq + 1);
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
