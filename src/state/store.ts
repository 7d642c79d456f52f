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
  if (url === 'memory') return createStateStore(new Keyv({ namespace: 'cg' }));
  if (url?.startsWith('redis://') || url?.startsWith('rediss://')) return createStateStore(new Keyv({ store: new KeyvRedis(url), namespace: 'cg' }));
  const file = url?.startsWith('sqlite://') ? url.slice('sqlite://'.length) : join(dataDir, 'state.sqlite');
  mkdirSync(dataDir, { recursive: true });
  return createStateStore(new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${file}`, table: 'state', busyTimeout: 5000 }), namespace: 'cg' }));
}

export function createStateStore(keyv: Keyv): StateStore {
  keyv.on('error', () => {
    /* surfaced by the failing call */
  });
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
      const raw = (await keyv.get(key)) as Envelope | undefined;
      if (raw === undefined) return undefined;
      if (typeof raw !== 'object' || raw === null || raw.v !== STATE_VERSION) throw new Error(`stored record "${key.split(':')[0]}" has an unknown version`);
      const parsed = schema.safeParse(raw.data);
      if (!parsed.success) throw new Error(`stored record "${key.split(':')[0]}" does not match its schema`);
      return parsed.data;
    },
    async set(key, value, ttlMs) {
      await keyv.set(key, { v: STATE_VERSION, data: value } satisfies Envelope, ttlMs);
    },
    async delete(key) {
      await keyv.delete(key);
    },
    getRun: (runId) => store.get(keys.run(runId), Run),
    saveRun: (run, expectedSeq) =>
      exclusive(keys.run(run.id), async () => {
        const current = await store.getRun(run.id);
        if ((current?.seq ?? 0) !== expectedSeq) return false;
        await store.set(keys.run(run.id), { ...run, seq: expectedSeq + 1 });
        run.seq = expectedSeq + 1;
        return true;
      }),
    markSeen: (platform, eventId) =>
      exclusive(keys.seen(platform, eventId), async () => {
        const key = keys.seen(platform, eventId);
        if ((await keyv.get(key)) !== undefined) return false;
        await keyv.set(key, 1, SEEN_TTL_MS);
        return true;
      }),
    next: (counter) =>
      exclusive(keys.counter(counter), async () => {
        const value = (((await keyv.get(keys.counter(counter))) as number | undefined) ?? 0) + 1;
        await keyv.set(keys.counter(counter), value);
        return value;
      }),
    async close() {
      await Promise.all([...chains.values()]);
      await keyv.disconnect();
    },
  };
  return store;
}
