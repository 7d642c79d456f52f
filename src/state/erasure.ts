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
  /** Timers saved again with their text rewritten. */
  timers: Timer[];
}

export type ErasureResult = 'saved' | 'conflict';
