import { createHash } from 'node:crypto';
import Keyv from 'keyv';
import type { Outcome } from '../evaluation/outcome';
import type { StateBackend, StoredValue } from './backend';
import { envelopeText } from './backend';
import { keys } from './keys';
import { loadPackage } from '../core/load-package';
import { keptAnswerKey, type SettleResult, type SubjectTraces } from './erasure';
import { ERASE } from './redis-erase';
import { CANCEL, COMMIT_TURN, GIVE_LEASE, INCREMENT, KEEP_ANSWER, REMOVE_TIMER, RENEW_LEASE, SCHEDULE } from './redis-scripts';
import type { AnswerResult, KeptAnswer, Timer, TurnResult } from './turn';

type Reply = string | number | null | Reply[];
interface RedisClient {
  sendCommand(args: string[]): Promise<unknown>;
}
interface Subscriber {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  destroy(): void;
}

/**
 * State on Redis, shared safely by several bot processes: a turn, a counter step or a timer change
 * is one Lua script, a seen event one `SET NX PX`. Plain keys go through keyv (@keyv/redis).
 * `namespace` separates installations (and tests) sharing one Redis.
 */
export function createRedisBackend(url: string, namespace = 'cg'): StateBackend {
  // Loaded here, so that a process on SQLite or memory never loads the Redis client.
  const { default: KeyvRedis } = loadPackage<typeof import('@keyv/redis')>('@keyv/redis');
  const adapter = new KeyvRedis(url);
  const keyv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, serialize: JSON.stringify, deserialize: JSON.parse });
  keyv.on('error', () => {
    /* surfaced by the failing call */
  });
  const p = `${namespace}::`;
  const dueKey = `${p}timers:due`;
  const answersKey = `${p}answers`;
  const namesKey = (runId: string) => `${p}timers:of:${runId}`;
  // One connection promise, so that commands are sent in the order they were asked for.
  let connection: Promise<RedisClient> | undefined;
  const client = () => (connection ??= adapter.getClient() as unknown as Promise<RedisClient>);
  const command = async (...args: string[]) => (await (await client()).sendCommand(args)) as Reply;
  // The first call sends the script itself (Redis keeps it), later ones its hash; calls go out in order.
  const shas = new Map<string, string>();
  const script = async (source: string, keyNames: string[], args: string[]): Promise<Reply> => {
    const sha = shas.get(source);
    if (!sha) {
      shas.set(source, createHash('sha1').update(source).digest('hex'));
      return command('EVAL', source, String(keyNames.length), ...keyNames, ...args);
    }
    try {
      return await command('EVALSHA', sha, String(keyNames.length), ...keyNames, ...args);
    } catch (error) {
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      return command('EVAL', source, String(keyNames.length), ...keyNames, ...args);
    }
  };
  const record = (value: unknown) => JSON.stringify({ value: JSON.parse(envelopeText(value)) as unknown });
  const parseTimers = (texts: Reply) => (Array.isArray(texts) ? texts : []).filter((t): t is string => typeof t === 'string').map((t) => JSON.parse(t) as Timer);
  const timersOf = async (ids: Reply) => {
    const list = (Array.isArray(ids) ? ids : []).map(String);
    return list.length === 0 ? [] : parseTimers(await command('MGET', ...list.map((id) => `${p}timer:${id}`)));
  };
  /**
   * A keyv record as read. Parsed only when asked (a record the store has checked before is known
   * by its text), unless it has an expiry (`"expires":` appears in the text only as a key then,
   * since quotes inside stored strings are escaped).
   */
  const stored = (text: Reply): StoredValue | undefined => {
    if (typeof text !== 'string') return undefined;
    if (text.includes('"expires":')) {
      const record = JSON.parse(text) as { value: unknown; expires?: number };
      if (typeof record.expires === 'number' && record.expires <= Date.now()) return undefined;
      return { value: record.value, token: text };
    }
    return {
      token: text,
      get value(): unknown {
        return (JSON.parse(text) as { value: unknown }).value;
      },
    };
  };
  // Leases given back are announced on one channel; a process waiting for one is woken at once.
  const givenChannel = `${p}lease-given`;
  const waiting = new Map<string, Set<() => void>>();
  let subscriber: Subscriber | undefined;
  let subscribed: Promise<void> | undefined;
  let closed = false;
  const subscribe = (): Promise<void> => {
    subscribed = (async () => {
      const listener = ((await client()) as unknown as { duplicate(): Subscriber }).duplicate();
      if (closed) throw new Error('the store is closed');
      listener.on('error', () => {
        /* a lost subscription only makes waiting a plain sleep */
      });
      subscriber = listener;
      await listener.connect();
      await listener.subscribe(givenChannel, (key) => {
        for (const wake of [...(waiting.get(key) ?? [])]) wake();
      });
    })();
    subscribed.catch(() => undefined);
    return subscribed;
  };
  const nameOf = (id: string) => id.slice(id.indexOf('.') + 1);
  const runOf = (id: string) => id.slice(0, id.indexOf('.'));

  return {
    keyv,
    read: async (key) => stored(await command('GET', p + key)),
    async readMany(list) {
      if (list.length === 0) return [];
      const texts = await command('MGET', ...list.map((key) => p + key));
      return (Array.isArray(texts) ? texts : []).map(stored);
    },
    async commit(turn) {
      const { run, before } = turn;
      const change = turn.index;
      const expectedSeq = before?.seq ?? 0;
      const saved = { ...run, seq: expectedSeq + 1 };
      const runText = record(saved);
      const payload = {
        runId: run.id,
        expectedSeq: String(expectedSeq),
        nextSeq: String(expectedSeq + 1),
        runText,
        pointer: record(run.id),
        set: change.set,
        drop: change.drop,
        join: change.join,
        leave: change.leave,
        cancel: turn.cancelTimers,
        timers: turn.timers.map((timer) => ({ id: timer.id, name: timer.name, at: String(timer.at), text: JSON.stringify(timer) })),
        ...(turn.fired ? { fired: { id: turn.fired.id, name: nameOf(turn.fired.id), at: String(turn.fired.at) } } : {}),
        outcomes: turn.outcomes.map((outcome) => ({ id: outcome.id, text: JSON.stringify(outcome) })),
        ...(turn.seen ? { seen: turn.seen.key, seenTtl: String(turn.seen.ttlMs) } : {}),
        ...(turn.answer ? { answer: { id: turn.answer.id, text: JSON.stringify(turn.answer) } } : {}),
      };
      // cjson reads an empty array as an object; the script only iterates, so both work.
      const result = (await script(COMMIT_TURN, [p + keys.run(run.id)], [p, JSON.stringify(payload)])) as TurnResult;
      return result === 'saved' ? { result, token: runText, run: saved } : { result };
    },
    async members(key) {
      const ids = await command('ZRANGE', p + key, '0', '-1');
      return Array.isArray(ids) ? ids.map(String) : [];
    },
    markSeen: async (key, ttlMs) => (await command('SET', p + key, '1', 'NX', 'PX', String(ttlMs))) === 'OK',
    hasSeen: async (key) => (await command('EXISTS', p + key)) === 1,
    increment: async (key) => Number(await script(INCREMENT, [p + key], [])),
    async schedule(timer) {
      await script(SCHEDULE, [dueKey, `${p}timer:${timer.id}`, namesKey(timer.runId)], [timer.id, timer.name, String(timer.at), JSON.stringify(timer)]);
    },
    async cancel(runId, name) {
      await script(CANCEL, [dueKey, namesKey(runId)], [p, runId, name]);
    },
    due: async (now, limit) => timersOf(await command('ZRANGE', dueKey, '-inf', String(now), 'BYSCORE', 'LIMIT', '0', String(limit))),
    timers: async () => timersOf(await command('ZRANGE', dueKey, '0', '-1')),
    async timer(id) {
      const text = await command('GET', `${p}timer:${id}`);
      return typeof text === 'string' ? (JSON.parse(text) as Timer) : undefined;
    },
    async removeTimer(id, at) {
      await script(REMOVE_TIMER, [dueKey, `${p}timer:${id}`, namesKey(runOf(id))], [id, nameOf(id), String(at)]);
    },
    async pendingOutcomes() {
      const values = await command('HVALS', `${p}outbox`);
      return (Array.isArray(values) ? values : []).map((text) => JSON.parse(String(text)) as Outcome);
    },
    async outcomesDelivered(ids) {
      if (ids.length > 0) await command('HDEL', `${p}outbox`, ...ids);
    },
    keepAnswer: async (seen, answer) => (await script(KEEP_ANSWER, [p + seen.key, answersKey], [String(seen.ttlMs), answer.id, JSON.stringify(answer)])) as AnswerResult,
    async keptAnswer(id) {
      const text = await command('HGET', answersKey, id);
      return typeof text === 'string' ? (JSON.parse(text) as KeptAnswer) : undefined;
    },
    async keptAnswers() {
      const values = await command('HVALS', answersKey);
      return (Array.isArray(values) ? values : []).map((text) => JSON.parse(String(text)) as KeptAnswer);
    },
    async answerSent(id) {
      await command('HDEL', answersKey, id);
    },
    async findTraces(texts) {
      // The store looks through its own keys a batch at a time (SCAN), reading string values only.
      const holds = (text: string) => texts.some((t) => text.includes(t));
      const traces: SubjectTraces = { runs: [], keys: [], lists: [], timers: [] };
      let cursor = '0';
      do {
        const reply = (await command('SCAN', cursor, 'MATCH', `${p}*`, 'COUNT', '1000')) as [string, string[]];
        cursor = String(reply[0]);
        const names = reply[1].map(String);
        if (names.length === 0) continue;
        const values = (await command('MGET', ...names)) as (string | null)[];
        names.forEach((full, i) => {
          const key = full.slice(p.length);
          const value = values[i];
          if (key.startsWith('run:')) {
            if (typeof value === 'string' && holds(value)) traces.runs.push(key.slice('run:'.length));
          } else if (key.startsWith('timer:')) {
            if (typeof value === 'string' && holds(value)) traces.timers.push(JSON.parse(value) as Timer);
          } else if (key.startsWith('list:')) {
            if (holds(key)) traces.lists.push(key);
          } else if (holds(key) || (typeof value === 'string' && holds(value))) traces.keys.push(key);
        });
      } while (cursor !== '0');
      // Answers kept until sent live in one hash.
      const ids = ((await command('HKEYS', answersKey)) as unknown[]).map(String);
      const answers = ids.length > 0 ? ((await command('HMGET', answersKey, ...ids)) as (string | null)[]) : [];
      ids.forEach((id, i) => {
        const text = answers[i];
        if (typeof text === 'string' && holds(text)) traces.keys.push(keptAnswerKey(id));
      });
      return traces;
    },
    async erase(batch) {
      const payload = {
        runs: batch.runs.map(({ run, expectedSeq, index }) => ({
          runId: run.id,
          expectedSeq: String(expectedSeq),
          nextSeq: String(expectedSeq + 1),
          runText: record(run),
          pointer: record(run.id),
          ...index,
        })),
        deleteKeys: batch.deleteKeys,
        timers: batch.timers.map((timer) => ({ id: timer.id, text: JSON.stringify(timer) })),
        schedule: batch.schedule.map((timer) => ({ id: timer.id, runId: timer.runId, name: timer.name, at: String(timer.at), text: JSON.stringify(timer) })),
      };
      return (await script(ERASE, [], [p, JSON.stringify(payload)])) as 'saved' | 'conflict';
    },
    async settle() {
      return rewritePersistence(command);
    },
    async close() {
      closed = true;
      const listener = subscriber;
      subscriber = undefined;
      listener?.destroy();
      await keyv.disconnect();
    },
    leases: {
      take: async (key, token, ttlMs) => (await command('SET', `${p}lease:${key}`, token, 'NX', 'PX', String(ttlMs))) === 'OK',
      renew: async (key, token, ttlMs) => Number(await script(RENEW_LEASE, [`${p}lease:${key}`], [token, String(ttlMs)])) === 1,
      async give(key, token) {
        await script(GIVE_LEASE, [`${p}lease:${key}`], [token, givenChannel, key]);
      },
      async released(key, ms) {
        // The first wait subscribes; until the subscription holds, waiting is a plain sleep.
        const listening = subscribed ?? subscribe();
        await new Promise<void>((resolve) => {
          const wakers = waiting.get(key) ?? new Set<() => void>();
          waiting.set(key, wakers);
          const wake = () => {
            clearTimeout(timer);
            wakers.delete(wake);
            if (wakers.size === 0 && waiting.get(key) === wakers) waiting.delete(key);
            resolve();
          };
          const timer = setTimeout(wake, ms);
          wakers.add(wake);
          listening.catch(wake);
        });
      },
    },
  };
}

/** A setting from `CONFIG GET` (an array of name and value, or a map under RESP3). */
function configValue(reply: unknown, name: string): string {
  if (Array.isArray(reply)) return String(reply[1] ?? '');
  if (reply && typeof reply === 'object') return String((reply as Record<string, unknown>)[name] ?? '');
  return '';
}

/**
 * Redis keeps old values in its append-only file and its snapshot until it writes them anew. With
 * persistence on, this asks for both to be rewritten from what the server holds now (in the
 * background; Redis replaces the old files when done). A server that refuses `CONFIG` (managed
 * Redis often does) cannot say how it persists: that is reported, and nothing else is tried.
 */
export async function rewritePersistence(command: (...args: string[]) => Promise<unknown>): Promise<SettleResult> {
  let appendOnly: string;
  let save: string;
  try {
    appendOnly = configValue(await command('CONFIG', 'GET', 'appendonly'), 'appendonly');
    save = configValue(await command('CONFIG', 'GET', 'save'), 'save');
  } catch {
    return { kind: 'unknown', reason: 'CONFIG GET refused' };
  }
  const commands: string[] = [];
  const asks: string[][] = [...(appendOnly === 'yes' ? [['BGREWRITEAOF']] : []), ...(save.trim() !== '' ? [['BGSAVE', 'SCHEDULE']] : [])];
  for (const ask of asks) {
    try {
      // BGSAVE SCHEDULE: if a rewrite is under way, the snapshot follows it instead of failing.
      await command(...ask);
      commands.push(ask[0] as string);
    } catch (error) {
      return { kind: 'unknown', reason: `${ask[0] as string} refused: ${(error as Error).message}` };
    }
  }
  return commands.length > 0 ? { kind: 'rewriting', commands } : { kind: 'done' };
}
