import type Keyv from 'keyv';
import type { Outcome } from '../evaluation/outcome';
import type { ErasureBatch, ErasureResult, SettleResult, SubjectTraces } from './erasure';
import type { AnswerResult, IndexedTurn, KeptAnswer, Timer, TurnResult } from './turn';

/** A stored value as read, with a token that changes whenever the stored value changes. */
export interface StoredValue {
  value: unknown;
  /** The stored text (SQLite, Redis) or object (memory): equal tokens mean an unchanged value. */
  token: unknown;
  /**
   * The value is a copy of its own of what this store wrote (the memory backend's runs): it needs
   * no check, and nothing is gained by keeping it for the next read.
   */
  own?: true;
}

/**
 * What each kind of storage provides, every operation atomic on its own: a turn is one SQLite
 * transaction, one Redis script, or one synchronous step in memory.
 */
export interface StateBackend {
  /** Plain keys with TTLs (preferences, records, caches), over the same storage. */
  readonly keyv: Keyv;
  read(key: string): Promise<StoredValue | undefined>;
  /** Several keys read at once (Redis: one MGET), in the order asked. */
  readMany(keys: string[]): Promise<(StoredValue | undefined)[]>;
  /** An index key and the run it points to, read at once (SQLite: one statement); optional. */
  readPointed?(key: string): Promise<[StoredValue | undefined, StoredValue | undefined]>;
  /** Commits a turn; when saved, `token` is the token the saved run now reads back with, and `run` the saved run. */
  commit(turn: IndexedTurn): Promise<{ result: TurnResult; token?: unknown; run?: unknown }>;
  /** The run ids in a list the index keeps, oldest first. */
  members(key: string): Promise<string[]>;
  /** Inserts the key if absent (or expired); false if it was there. */
  markSeen(key: string, ttlMs: number): Promise<boolean>;
  hasSeen(key: string): Promise<boolean>;
  /** Adds one to a counter kept under `key` and returns the new value. */
  increment(key: string): Promise<number>;
  schedule(timer: Timer): Promise<void>;
  cancel(runId: string, name: string): Promise<void>;
  /** Timers due at `now`, oldest first (at most `limit`). */
  due(now: number, limit: number): Promise<Timer[]>;
  timers(): Promise<Timer[]>;
  /** One timer by its id, as the index holds it now (undefined once fired or cancelled). */
  timer(id: string): Promise<Timer | undefined>;
  /** Removes a timer if it is still due at `at` (a rescheduled timer stays). */
  removeTimer(id: string, at: number): Promise<void>;
  /** Outcomes committed with their turn and not yet delivered to the evaluation store. */
  pendingOutcomes(): Promise<Outcome[]>;
  outcomesDelivered(ids: string[]): Promise<void>;
  /** Marks the event seen (`seen.key`) and keeps its answer, in one write; `duplicate` (nothing written) if it was seen. */
  keepAnswer(seen: { key: string; ttlMs: number }, answer: KeptAnswer): Promise<AnswerResult>;
  /** One kept answer, if it is still unsent. */
  keptAnswer(id: string): Promise<KeptAnswer | undefined>;
  /** Every kept answer not yet sent. */
  keptAnswers(): Promise<KeptAnswer[]>;
  /** Forgets a kept answer once it is sent. */
  answerSent(id: string): Promise<void>;
  /** Where any of these texts appear (runs, keys, lists, timers), searched by the storage itself. */
  findTraces(texts: string[]): Promise<SubjectTraces>;
  /** Applies an erasure atomically: every run, key and timer of the batch, or nothing. */
  erase(batch: ErasureBatch): Promise<ErasureResult>;
  /**
   * Leaves nothing removed behind in the storage's files (SQLite: empties the write-ahead log;
   * Redis with persistence on: asks for its files to be rewritten); optional.
   */
  settle?(): Promise<SettleResult>;
  close(): Promise<void>;
  /** Leases shared by every process on this storage (Redis); absent where one process owns it. */
  readonly leases?: Leases;
}

/**
 * Named leases: held by one token at a time, each for `ttlMs` unless renewed, so a holder that
 * crashed blocks nobody for longer than that.
 */
export interface Leases {
  /** Takes the lease if free (or expired); false when someone else holds it. */
  take(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease this token holds; false when it is no longer held by it. */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Gives a lease back, if this token still holds it. */
  give(key: string, token: string): Promise<void>;
  /** Resolves when the lease is given back by its holder, or after `ms` at the latest (a holder that died gives nothing back). */
  released?(key: string, ms: number): Promise<void>;
}

/** How a value is kept: the keyv record `{ value, expires }`, as text in SQLite and Redis. */
export const envelopeText = (value: unknown) => JSON.stringify({ v: STATE_VERSION, data: value });

export const STATE_VERSION = 1;
