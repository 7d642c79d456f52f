import { z } from 'zod';
import type { Outcome } from '../evaluation/outcome';
import type { Run } from '../flows/run';

export const Timer = z.object({
  id: z.string(),
  runId: z.string(),
  name: z.string(),
  at: z.number(),
  payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type Timer = z.infer<typeof Timer>;

/** A timer's id: one timer of a name per run. */
export const timerId = (runId: string, name: string) => `${runId}.${name}`;

/**
 * Everything one turn writes, committed together or not at all: the run (compare-and-set on its
 * sequence), its index keys (moved from the previous version of the run), timers, outcomes, and
 * the event the turn answers.
 */
export interface Turn {
  /** The run as it was stored (null for a new run): its seq is the one expected in the store. */
  before: Run | null;
  run: Run;
  /** Timer names to cancel (`*` for all of the run's timers), before `timers` are scheduled. */
  cancelTimers: string[];
  timers: Timer[];
  /** The timer this turn answers: removed if it is still due at that time. */
  fired?: { id: string; at: number };
  /** Outcomes for the evaluation store, kept in the outbox until delivered. */
  outcomes: Outcome[];
  /** The event this turn answers (a `seen:` key): the turn is refused if it was already seen. */
  seen?: { key: string; ttlMs: number };
  /** The answers to that event, kept until they are sent (written only with `seen`). */
  answer?: KeptAnswer;
}

/**
 * The answer to one event, kept in the store with the event's seen mark until it is sent, so that
 * an answer whose process died before sending it is sent by another, and never twice. `id` is the
 * event's `seen:` key; `lock` the conversation lock it is sent under; `actions` the actions as the
 * bot performs them (already in the recipient's language).
 */
export interface KeptAnswer {
  id: string;
  lock: string;
  actions: unknown[];
  /**
   * Commands the turn hands on to other runs (`ctx.pass`), given once its actions are sent, as the
   * person behind the event (`from`: the event's id, place and person).
   */
  handOn?: { runId: string; command: string; from: unknown }[];
}

/** `saved`, or `duplicate` when the event was seen before (nothing written). */
export type AnswerResult = 'saved' | 'duplicate';

/** `saved`; `conflict` when the run changed meanwhile; `duplicate` when the event was seen. */
export type TurnResult = 'saved' | 'conflict' | 'duplicate';

/**
 * What a turn changes in the index: keys to point at the run, keys to drop if they still do, lists
 * to join (at their end) and to leave.
 */
export interface IndexChange {
  set: string[];
  drop: string[];
  join: string[];
  leave: string[];
}

/** A turn as a backend commits it, with its index change worked out. */
export type IndexedTurn = Turn & { index: IndexChange };
