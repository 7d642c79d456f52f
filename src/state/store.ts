import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvRedis from '@keyv/redis';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { Run } from '../flows/run';
import { keys } from './keys';

/** A versioned, validated record: what is read back is checked against its schema. */
interface Envelope {
  v: number;
  data: unknown;
}

/** The bot's durable state on keyv: runs, routing, dedupe, timers and feature records. */
export interface StateStore {
  readonly keyv: Keyv;
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Reads one record, changes it and writes it back with nothing else written to it between; undefined deletes it. */
  update<T>(key: string, schema: z.ZodType<T>, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  getRun(runId: string): Promise<Run | undefined>;
  /** Saves a run; refuses (returns false) when someone else saved a newer version meanwhile. */
  saveRun(run: Run, expectedSeq: number): Promise<boolean>;
  /** Atomically marks a platform event as seen; false if it was seen before. */
  markSeen(platform: string, eventId: string): Promise<boolean>;
  /** The next number of a named counter (1, 2, 3...). */
  next(counter: string): Promise<number>;
  close(): Promise<void>;
}

export const STATE_VERSION = 1;
const SEEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Opens the store from STORE_URL: `redis://...` for Redis, `sqlite://path` for a file, `memory`
 * for tests and benchmarks; by default a SQLite file in the data directory.
 */
export function openStateStore(url: string | undefined, dataDir: string): StateStore {
  if (url === 'memory') return createStateStore(createMemoryKeyv());
  // Redis may be shared by several bot processes, so nothing is cached in-process there.
  if (url?.startsWith('redis://') || url?.startsWith('rediss://')) return createStateStore(new Keyv({ store: new KeyvRedis(url), namespace: 'cg' }), { cache: false });
  const file = url?.startsWith('sqlite://') ? url.slice('sqlite://'.length) : join(dataDir, 'state.sqlite');
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new KeyvSqlite({ uri: `sqlite://${file}`, table: 'state', busyTimeout: 5000 });
  // Write-ahead logging without a sync per write: a crashed process loses nothing it has written;
  // only a power cut can lose the last moments. Without it every turn waits for the disk.
  const tuned = sqlite.query('PRAGMA journal_mode = WAL').then(() => sqlite.query('PRAGMA synchronous = NORMAL'));
  const loadSeen = async () => {
    await tuned;
    const rows = (await sqlite.query(`SELECT key, value FROM state WHERE key LIKE 'cg:seen:%'`)) as { key: string; value: string }[];
    return rows.map((row) => ({ key: row.key.slice('cg:'.length), expires: Number((JSON.parse(row.value) as { expires?: number }).expires ?? 0) }));
  };
  return createStateStore(new Keyv({ store: sqlite, namespace: 'cg' }), { loadSeen });
}

export interface StateStoreOptions {
  /**
   * Keep validated records in this process (write-through): reads of hot records (runs, routing)
   * skip the store and the schema check. Only safe when this process is the store's only writer.
   */
  cache?: boolean;
  cacheSize?: number;
  /** Reads the events already seen (key and expiry) from the store, at start. */
  loadSeen?: () => Promise<{ key: string; expires: number }[]>;
}

/** An in-memory keyv for tests and benchmarks: values are kept as objects, not serialised to text. */
export function createMemoryKeyv(): Keyv {
  return new Keyv({ namespace: 'cg', serialize: undefined, deserialize: undefined });
}

export function createStateStore(keyv: Keyv, options: StateStoreOptions = {}): StateStore {
  keyv.on('error', () => {
    /* surfaced by the failing call */
  });
  const cache = options.cache === false ? null : createRecordCache(options.cacheSize ?? 50_000);
  const pendingWrites = new Set<Promise<unknown>>();
  // With a store this process owns, the events seen in the last day are kept in memory (loaded once
  // from the store at start); with a shared store (Redis) every check asks the store.
  const seen = cache ? createSeenEvents(options.loadSeen?.() ?? Promise.resolve([])) : null;
  // Operations on one key are serialised in-process, so read-modify-write sequences are safe.
  const chains = new Map<string, Promise<unknown>>();
  const exclusive = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = chains.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return result;
  };
  const store: StateStore = {
    keyv,
    async get(key, schema) {
      const cached = cache?.read(key);
      if (cached !== undefined) return cached.value as z.infer<typeof schema>;
      const raw = (await keyv.get(key)) as Envelope | undefined;
      if (raw === undefined) {
        cache?.write(key, undefined);
        return undefined;
      }
      if (typeof raw !== 'object' || raw === null || raw.v !== STATE_VERSION) throw new Error(`stored record "${key.split(':')[0]}" has an unknown version`);
      const parsed = schema.safeParse(raw.data);
      if (!parsed.success) throw new Error(`stored record "${key.split(':')[0]}" does not match its schema`);
      cache?.write(key, parsed.data);
      return parsed.data;
    },
    async set(key, value, ttlMs) {
      await keyv.set(key, { v: STATE_VERSION, data: value } satisfies Envelope, ttlMs);
      // Written values are cached only without expiry; a record with a TTL is read from the store.
      if (ttlMs === undefined) cache?.write(key, value);
      else cache?.drop(key);
    },
    async delete(key) {
      cache?.drop(key);
      await keyv.delete(key);
    },
    update: (key, schema, change) =>
      exclusive(key, async () => {
        const current = await store.get(key, schema);
        const next = change(current);
        if (next === undefined && current !== undefined) await store.delete(key);
        else if (next !== undefined && next !== current) await store.set(key, next);
        return next;
      }),
    getRun: (runId) => store.get(keys.run(runId), Run),
    saveRun: (run, expectedSeq) =>
      exclusive(keys.run(run.id), async () => {
        const current = await store.getRun(run.id);
        if ((current?.seq ?? 0) !== expectedSeq) return false;
        await store.set(keys.run(run.id), { ...run, seq: expectedSeq + 1 });
        run.seq = expectedSeq + 1;
        return true;
      }),
    async markSeen(platform, eventId) {
      const key = keys.seen(platform, eventId);
      const now = Date.now();
      if (seen) {
        // This process knows every event seen in the last day: no read from the store is needed.
        await seen.loaded;
        if ((seen.until.get(key) ?? 0) > now) return false;
        seen.remember(key, now + SEEN_TTL_MS, now);
      } else if ((await keyv.get(key)) !== undefined) {
        return false;
      }
      // The store's write goes on while the event is handled; close() waits for it.
      const write = keyv.set(key, 1, SEEN_TTL_MS).finally(() => pendingWrites.delete(write));
      pendingWrites.add(write);
      return true;
    },
    next: (counter) =>
      exclusive(keys.counter(counter), async () => {
        const value = (((await keyv.get(keys.counter(counter))) as number | undefined) ?? 0) + 1;
        await keyv.set(keys.counter(counter), value);
        return value;
      }),
    async close() {
      // Work still reaching the store (writes, the start-up read of seen events) ends before it closes.
      await Promise.all([...chains.values(), ...pendingWrites, seen?.loaded.catch(() => undefined)]);
      await keyv.disconnect();
    },
  };
  return store;
}

/** Event keys seen in the last day, oldest first, with when each may be forgotten. */
function createSeenEvents(load: Promise<{ key: string; expires: number }[]>) {
  const until = new Map<string, number>();
  let added = 0;
  const loaded = load.then((rows) => {
    for (const row of rows.sort((a, b) => a.expires - b.expires)) until.set(row.key, row.expires);
  });
  // Whoever awaits `loaded` sees a failure; nothing is left unhandled when nobody does.
  loaded.catch(() => undefined);
  return {
    until,
    loaded,
    remember(key: string, expires: number, now: number) {
      until.set(key, expires);
      if ((added += 1) % 1000 !== 0) return;
      for (const [old, at] of until) {
        if (at > now) break;
        until.delete(old);
      }
    },
  };
}

/** A bounded map of validated records, oldest dropped first. Values must be treated as read-only. */
function createRecordCache(limit: number) {
  const entries = new Map<string, { value: unknown }>();
  return {
    read: (key: string) => entries.get(key),
    write(key: string, value: unknown) {
      entries.delete(key);
      entries.set(key, { value });
      if (entries.size > limit) {
        let excess = Math.ceil(limit / 10);
        for (const oldest of entries.keys()) {
          entries.delete(oldest);
          if ((excess -= 1) === 0) break;
        }
      }
    },
    drop: (key: string) => entries.delete(key),
  };
}
