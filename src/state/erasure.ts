import type { IndexChange, Timer } from './turn';

/** Where a person's ids or name appear in the state, found by the store itself (no full load). */
export interface SubjectTraces {
  /** Runs whose stored text holds one of the texts searched for. */
  runs: string[];
  /** Other keys (plain keys, index pointers) whose name or value holds one of them. */
  keys: string[];
  /** Lists whose name holds one of them (e.g. a person's runs). */
  lists: string[];
  /** Timers whose stored text holds one of them. */
  timers: Timer[];
}

/**
 * A kept answer (an answer written with its event, not sent yet) that holds a person's traces is
 * named among the keys as `answer:<id>`, and an erasure removes it like a key.
 */
export const KEPT_ANSWER = 'answer:';
export const keptAnswerKey = (id: string): string => `${KEPT_ANSWER}${id}`;

/** One run rewritten by an erasure: saved only if nobody saved a newer version meanwhile. */
export interface ErasedRun {
  run: { id: string } & Record<string, unknown>;
  expectedSeq: number;
  index: IndexChange;
}

/**
 * Everything one erasure changes in the state, written in one transaction (SQLite), one script
 * (Redis) or one step (memory): all of it, or nothing (`conflict` when a run changed meanwhile).
 */
export interface ErasureBatch {
  runs: ErasedRun[];
  /** Keys and lists removed outright. */
  deleteKeys: string[];
  /** Timers saved again with their text rewritten (only those still there). */
  timers: Timer[];
  /**
   * New timers, due notices for runs the erasure changed (a mediation that ends because a party was
   * erased): the running bot, or the next one to start, fires each once.
   */
  schedule: Timer[];
}

/** What leaving nothing behind in the storage's files did. */
export type SettleResult =
  /** Nothing to do, or done (SQLite: the write-ahead log emptied). */
  | { kind: 'done' }
  /** The server rewrites its persistence files in the background (Redis: `BGREWRITEAOF`, `BGSAVE`). */
  | { kind: 'rewriting'; commands: string[] }
  /** The server would not say how it persists (Redis `CONFIG` refused): its files may keep old values. */
  | { kind: 'unknown'; reason: string };

export type ErasureResult = 'saved' | 'conflict';
