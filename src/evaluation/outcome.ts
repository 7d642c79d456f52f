import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Mechanism } from '../config/schema';
import type { AuditLog } from './audit';

/**
 * A value in an outcome: numbers, booleans and short codes only (ids, statuses, references like
 * FB-0042). The pattern keeps free text, and so what people said, out of the evaluation model.
 */
export const OutcomeValue = z.union([
  z.number().finite(),
  z.boolean(),
  z.null(),
  z.string().max(64).regex(/^[\p{L}\p{N}_.:+-]*$/u, 'outcome values are codes, never free text'),
]);
export type OutcomeValue = z.infer<typeof OutcomeValue>;

export const Outcome = z.object({
  id: z.string().min(1).max(64),
  /** Milliseconds since the epoch. */
  at: z.number().int().nonnegative(),
  mechanism: Mechanism,
  project: z.string().min(1).max(64),
  stage: z.string().max(64).nullable(),
  /** The flow (script id) and step that produced it, or the command for events outside flows. */
  flow: z.string().min(1).max(64),
  step: z.string().max(64).nullable(),
  /** The flow run, so events of one report, dialogue or mediation can be traced together. */
  run: z.string().max(64).nullable(),
  /** What happened, e.g. `feedback.acknowledged`. */
  type: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
  /** Pseudonymous ids of the people involved (see pseudonym.ts), never raw ids or names. */
  actors: z.array(z.string().regex(/^p_[0-9a-f]{16}$/)).max(1000),
  /** The responsible party this is about, if any. */
  party: z.string().max(64).nullable(),
  data: z.record(z.string().max(64), OutcomeValue),
});
export type Outcome = z.infer<typeof Outcome>;

/** What a flow supplies; the runtime adds id, time and the run's context. */
export type OutcomeDraft = Pick<Outcome, 'type'> & Partial<Omit<Outcome, 'type'>>;

export function completeOutcome(
  draft: OutcomeDraft,
  context: Pick<Outcome, 'at' | 'mechanism' | 'project' | 'stage' | 'flow' | 'step' | 'run'>,
): Outcome {
  return Outcome.parse({ id: randomUUID(), actors: [], party: null, data: {}, ...context, ...draft });
}

export interface OutcomeQuery {
  project?: string;
  stage?: string;
  party?: string;
  mechanism?: Mechanism;
  /** A type, or a prefix ending in `.` such as `feedback.`. */
  types?: string[];
  /** Outcomes this pseudonym took part in. */
  actor?: string;
  from?: number;
  to?: number;
}

/** The append-only outcome log: SQLite by default, PostgreSQL when EVAL_DB_URL says so. */
export interface OutcomeStore {
  append(outcomes: Outcome[]): Promise<void>;
  query(query: OutcomeQuery): Promise<Outcome[]>;
  /** Number of outcomes matching, without loading them. */
  count(query: OutcomeQuery): Promise<number>;
  /**
   * Replaces a pseudonym wherever it appears (the log, the rollup's keys, the audit trail) by
   * another, in one transaction, so the counts stand but no longer lead to the person. Returns the
   * number of outcomes changed.
   */
  forget(pseudonym: string, replacement: string): Promise<number>;
  /**
   * After `forget`, leaves no old row version in the store's table files (PostgreSQL: `VACUUM FULL`
   * of the tables it changed); optional, as SQLite zeroes what it deletes and empties its log in `forget`.
   */
  settle?(): Promise<void>;
  /** Who ran reports, summaries, exports and erasures: the append-only audit trail. */
  readonly audit: AuditLog;
  close(): Promise<void>;
}
