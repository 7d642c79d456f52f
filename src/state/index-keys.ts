import { conversationKey } from '../core/events';
import type { Run } from '../flows/run';
import { keys } from './keys';
import type { IndexChange } from './turn';

/** Flows whose runs carry a reference (`vars.ref`, e.g. FB-0042) and the record kind it is kept under. */
const REFERENCE_KINDS: Record<string, string> = { feedback: 'feedback', poll: 'poll', notice: 'notice' };

/**
 * Every index key that leads to a run, computed from the run alone: the person it waits for in
 * each place, the thread or private channel it owns, its reference. The store moves these keys in
 * the same write as the run, so a run is never saved without the keys that find it.
 */
export function indexKeysOf(run: Run): Record<string, string> {
  const index: Record<string, string> = {};
  if (run.status !== 'ended') {
    for (const [user, where] of Object.entries(run.pending?.where ?? {})) index[keys.awaiting(where, user)] = run.id;
  }
  if (run.space) index[keys.space(conversationKey(run.space))] = run.id;
  const kind = REFERENCE_KINDS[run.flowId];
  const ref = run.vars.ref;
  if (kind && typeof ref === 'string' && ref.length > 0) index[keys.record(kind, ref.toUpperCase())] = run.id;
  return index;
}

/** The keys a turn sets and drops, going from one version of a run to the next. */
export function indexChange(before: Run | null, run: Run): IndexChange {
  const old = before ? indexKeysOf(before) : {};
  const now = indexKeysOf(run);
  return {
    set: Object.keys(now).filter((key) => old[key] === undefined),
    drop: Object.keys(old).filter((key) => now[key] === undefined),
  };
}
