import type Keyv from 'keyv';
import { join } from 'node:path';
import { z } from 'zod';
import type { Outcome } from '../evaluation/outcome';
import { Run } from '../flows/run';
import { STATE_VERSION, type Leases, type StateBackend, type StoredValue } from './backend';
import type { ErasureResult, SettleResult, SubjectTraces } from './erasure';
import { keys } from './keys';
import { privateFolder } from './private-files';
import { createMemoryBackend } from './memory-backend';
import { createRedisBackend } from './redis-backend';
import { createSqliteBackend } from './sqlite-backend';
import { basicIndexOf, entriesChange, indexChange, type IndexEntries, type IndexOf } from './index-keys';
import type { AnswerResult, KeptAnswer, Timer, Turn, TurnResult } from './turn';

export { STATE_VERSION } from './backend';

/**
 * The bot's durable state: runs, their index keys, seen events, counters, timers and the outcome
 * outbox, each change atomic, and a whole turn in one write (`commitTurn`). Plain keys with TTLs go
 * through keyv. Records are versioned and validated on read.
 */
export interface StateStore {
  readonly keyv: Keyv;
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  /** Several records of one kind read at once (one round trip on Redis), in the order asked. */
  getMany<T>(keys: string[], schema: z.ZodType<T>): Promise<(T | undefined)[]>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  getRun(runId: string): Promise<Run | undefined>;
  /**
   * The run id an index key points to and, where the store reads both at once (SQLite: one
   * statement), that run as stored; `run` is left out otherwise, or when no such run is stored.
   */
  getPointed(key: string): Promise<{ runId?: string; run?: Run }>;
  /** Several runs read at once (one round trip on Redis), in the order asked; undefined where none is stored. */
  getRuns(runIds: string[]): Promise<(Run | undefined)[]>;
  /** Saves a run (moving its index keys); refuses (returns false) when someone saved a newer version meanwhile. */
  saveRun(run: Run, expectedSeq: number): Promise<boolean>;
  /**
   * Saves a whole turn in one write, or nothing: the run, the index entries it implies (moved from
   * `before`'s), timers, outcomes and the event it answers. On `saved`, `turn.run.seq` is the new sequence.
   */
  commitTurn(turn: Turn): Promise<TurnResult>;
  /** The run ids in one of the index's lists (e.g. a person's runs), oldest first. */
  members(key: string): Promise<string[]>;
  /** Atomically marks a platform event as seen (for a day by default); false if it was seen before. */
  markSeen(platform: string, eventId: string, ttlMs?: number): Promise<boolean>;
  hasSeen(platform: string, eventId: string): Promise<boolean>;
  /** The next number of a named counter (1, 2, 3...). */
  next(counter: string): Promise<number>;
  readonly timers: Pick<StateBackend, 'schedule' | 'cancel' | 'due' | 'timers' | 'timer' | 'removeTimer'>;
  /**
   * Answers kept with the event they answer until sent: `keep` marks the event seen and keeps its
   * answer in one write (`duplicate`, writing nothing, when it was seen); a turn keeps its answer in
   * its own write (`Turn.answer`).
   */
  readonly answers: {
    keep(answer: KeptAnswer, ttlMs?: number): Promise<AnswerResult>;
    get(id: string): Promise<KeptAnswer | undefined>;
    pending(): Promise<KeptAnswer[]>;
    sent(id: string): Promise<void>;
  };
  /** Outcomes saved with their turn, not yet in the evaluation store. */
  readonly outbox: { pending(): Promise<Outcome[]>; delivered(ids: string[]): Promise<void> };
  /** For the privacy rights: where a person appears, and their erasure in one atomic write. */
  readonly traces: {
    find(texts: string[]): Promise<SubjectTraces>;
    /**
     * Saves the rewritten runs (each compared with the version it was made from), removes keys,
     * rewrites timers and schedules new ones (`schedule`), all or nothing.
     */
    erase(change: { runs: { before: Run; run: Run }[]; deleteKeys: string[]; timers: Timer[]; schedule?: Timer[] }): Promise<ErasureResult>;
    /** Leaves nothing removed in the files (after an erasure or a retention sweep). */
    settle(): Promise<SettleResult>;
  };
  close(): Promise<void>;
  /** Leases shared by every process on the store (Redis only). */
  readonly leases?: Leases;
}

/** What an index key holds: the id of the run it finds. */
const RunId = z.string();

/** How long a seen event is remembered: a day (platforms retry within minutes). */
export const SEEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Opens the store from STORE_URL: `redis://...` for Redis (`?namespace=name` to share one Redis
 * between installations), `sqlite://path` for a file, `memory` for tests and benchmarks; by default
 * a SQLite file in the data directory.
 */
export function openStateStore(url: string | undefined, dataDir: string, options: StateStoreOptions = {}): StateStore {
  if (url === 'memory') return createStateStore(createMemoryBackend(), options);
  const redis = redisLocation(url);
  if (redis) return createStateStore(createRedisBackend(redis.url, redis.namespace), options);
  const file = url?.startsWith('sqlite://') ? url.slice('sqlite://'.length) : join(dataDir, 'state.sqlite');
  privateFolder(dataDir);
  return createStateStore(createSqliteBackend(file), options);
}

/** The Redis server and namespace a STORE_URL names (`redis://host:6379?namespace=name`), or undefined for other stores. */
export function redisLocation(url: string | undefined): { url: string; namespace: string } | undefined {
  if (!url?.startsWith('redis://') && !url?.startsWith('rediss://')) return undefined;
  const parsed = new URL(url);
  const namespace = parsed.searchParams.get('namespace') ?? 'cg';
  parsed.searchParams.delete('namespace');
  return { url: parsed.toString(), namespace };
}

/** An in-memory store for tests and benchmarks. */
export function createMemoryStateStore(options: StateStoreOptions = {}): StateStore {
  return createStateStore(createMemoryBackend(), options);
}

export interface StateStoreOptions {
  cacheSize?: number;
  /** The index entries of a run; by default those every run has (waiting answers, its space). */
  indexOf?: IndexOf;
}

export function createStateStore(backend: StateBackend, options: StateStoreOptions = {}): StateStore {
  const indexOf = options.indexOf ?? basicIndexOf;
  // 5,000 records (runs, the keys that find them, preferences) as objects: about 10 MB with runs of
  // the benchmark's size, where 50,000 held 38 MB for 10,000 open runs; a run read after it dropped
  // out is parsed and checked again (about 15 µs).
  const cache = createRecordCache(options.cacheSize ?? 5_000);
  // The index entries of runs this process saved, by the (read-only) saved run: the next turn of
  // the run starts from that same object and need not work them out again.
  const indexed = new WeakMap<Run, IndexEntries>();
  // Work still reaching the backend, counted (not kept) so that close() can wait for it.
  let pending = 0;
  let drained: (() => void)[] = [];
  const settled = () => {
    if ((pending -= 1) > 0 || drained.length === 0) return;
    const waiting = drained;
    drained = [];
    for (const resolve of waiting) resolve();
  };
  const track = <T>(work: Promise<T>): Promise<T> => {
    pending += 1;
    work.then(settled, settled);
    return work;
  };
  /** A stored record, validated; one read before and unchanged since (same stored text or object) is not checked again. */
  const checked = <T>(key: string, stored: StoredValue | undefined, schema: z.ZodType<T>): T | undefined => {
    if (stored === undefined) return undefined;
    const known = stored.own ? undefined : cache.read(key, stored.token);
    if (known !== undefined) return known as T;
    const raw = stored.value as { v?: unknown; data?: unknown } | null;
    if (typeof raw !== 'object' || raw === null || raw.v !== STATE_VERSION) throw new Error(`stored record "${key.split(':')[0]}" has an unknown version`);
    if (stored.own) return raw.data as T;
    const parsed = schema.safeParse(raw.data);
    if (!parsed.success) throw new Error(`stored record "${key.split(':')[0]}" does not match its schema`);
    cache.write(key, stored.token, parsed.data);
    return parsed.data;
  };
  const store: StateStore = {
    keyv: backend.keyv,
    async get(key, schema) {
      return checked(key, await track(backend.read(key)), schema);
    },
    async getMany(names, schema) {
      const list = await track(backend.readMany(names));
      return list.map((stored, i) => checked(names[i] as string, stored, schema));
    },
    getRuns: (runIds) => store.getMany(runIds.map(keys.run), Run),
    async set(key, value, ttlMs) {
      await track(backend.keyv.set(key, { v: STATE_VERSION, data: value }, ttlMs));
    },
    async delete(key) {
      await track(backend.keyv.delete(key));
    },
    getRun: (runId) => store.get(keys.run(runId), Run),
    async getPointed(key) {
      if (!backend.readPointed) return { runId: await store.get(key, RunId) };
      const [pointer, stored] = await track(backend.readPointed(key));
      const runId = checked(key, pointer, RunId);
      if (runId === undefined) return {};
      // A run that does not read back is left to whoever reads it next, as before (they are told why).
      let run: Run | undefined;
      try {
        run = checked(keys.run(runId), stored, Run);
      } catch {
        run = undefined;
      }
      return run ? { runId, run } : { runId };
    },
    async saveRun(run, expectedSeq) {
      const before = await store.getRun(run.id);
      if ((before?.seq ?? 0) !== expectedSeq) return false;
      return (await store.commitTurn({ before: before ?? null, run, cancelTimers: [], timers: [], outcomes: [] })) === 'saved';
    },
    async commitTurn(turn) {
      const entries = indexOf(turn.run);
      const old = turn.before ? (indexed.get(turn.before) ?? indexOf(turn.before)) : { names: {}, lists: [] };
      const { result, token, run } = await track(backend.commit({ ...turn, index: entriesChange(old, entries) }));
      if (result !== 'saved') return result;
      turn.run.seq = (turn.before?.seq ?? 0) + 1;
      // What this process just wrote needs no check when it reads it back unchanged.
      if (token !== undefined) cache.write(keys.run(turn.run.id), token, run);
      if (typeof run === 'object' && run !== null) indexed.set(run as Run, entries);
      return result;
    },
    members: (key) => track(backend.members(key)),
    markSeen: (platform, eventId, ttlMs = SEEN_TTL_MS) => track(backend.markSeen(keys.seen(platform, eventId), ttlMs)),
    hasSeen: (platform, eventId) => track(backend.hasSeen(keys.seen(platform, eventId))),
    next: (counter) => track(backend.increment(keys.counter(counter))),
    timers: {
      schedule: (timer: Timer) => track(backend.schedule(timer)),
      cancel: (runId, name) => track(backend.cancel(runId, name)),
      due: (now, limit) => track(backend.due(now, limit)),
      timers: () => track(backend.timers()),
      timer: (id: string) => track(backend.timer(id)),
      removeTimer: (id, at) => track(backend.removeTimer(id, at)),
    },
    answers: {
      keep: (answer, ttlMs = SEEN_TTL_MS) => track(backend.keepAnswer({ key: answer.id, ttlMs }, answer)),
      get: (id) => track(backend.keptAnswer(id)),
      pending: () => track(backend.keptAnswers()),
      sent: (id) => track(backend.answerSent(id)),
    },
    outbox: {
      pending: () => track(backend.pendingOutcomes()),
      delivered: (ids) => track(backend.outcomesDelivered(ids)),
    },
    traces: {
      find: (texts) => track(backend.findTraces(texts)),
      erase: ({ runs, deleteKeys, timers, schedule = [] }) =>
        track(
          backend.erase({
            runs: runs.map(({ before, run }) => ({ run: { ...run, seq: before.seq + 1 }, expectedSeq: before.seq, index: indexChange(before, run, indexOf) })),
            deleteKeys,
            timers,
            schedule,
          }),
        ),
      settle: async () => (await track(backend.settle?.() ?? Promise.resolve(undefined))) ?? { kind: 'done' },
    },
    ...(backend.leases ? { leases: backend.leases } : {}),
    async close() {
      // Work still reaching the store ends before it closes.
      while (pending > 0) await new Promise<void>((resolve) => drained.push(resolve));
      await backend.close();
    },
  };
  return store;
}

/** Where a validated value is kept on a token that is an object (the memory backend's own record). */
const VALIDATED = Symbol('validated');

/**
 * Validated records with the token they were read with. A token that is an object (the memory
 * backend's record, never handed out) carries its value for as long as the record lives; text
 * tokens (SQLite, Redis) are kept by key, oldest dropped first. Read-only values.
 */
function createRecordCache(limit: number) {
  const entries = new Map<string, { token: unknown; value: unknown }>();
  return {
    read(key: string, token: unknown): unknown {
      if (typeof token === 'object' && token !== null) return (token as { [VALIDATED]?: unknown })[VALIDATED];
      const known = entries.get(key);
      return known && known.token === token ? known.value : undefined;
    },
    write(key: string, token: unknown, value: unknown) {
      if (typeof token === 'object' && token !== null) {
        (token as { [VALIDATED]?: unknown })[VALIDATED] = value;
        return;
      }
      entries.delete(key);
      entries.set(key, { token, value });
      if (entries.size > limit) {
        let excess = Math.ceil(limit / 10);
        for (const oldest of entries.keys()) {
          entries.delete(oldest);
          if ((excess -= 1) === 0) break;
        }
      }
    },
  };
}
