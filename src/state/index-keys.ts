import { conversationKey } from '../core/events';
import type { Run } from '../flows/run';
import { keys } from './keys';
import type { IndexChange } from './turn';

/**
 * The index entries a run implies, as a pure function of the run: keys that name this one run
 * (the person it waits for in each place, the thread it owns, its reference...) and lists it belongs
 * to (its script's referenced runs, each participant's runs). The store moves them in the same write
 * as the run, so a run is never saved without the keys that find it.
 */
export interface IndexEntries {
  /** key -> run id */
  names: Record<string, string>;
  lists: string[];
}

/** How a store finds a run's index entries (the bot gives one that knows the flow scripts). */
export type IndexOf = (run: Run) => IndexEntries;

/** The entries every run has, whatever its script: waiting answers and the space it owns. */
export function basicIndexOf(run: Run): IndexEntries {
  const names: Record<string, string> = {};
  if (run.status !== 'ended') {
    for (const [user, where] of Object.entries(run.pending?.where ?? {})) names[keys.awaiting(where, user)] = run.id;
  }
  if (run.space) names[keys.space(conversationKey(run.space))] = run.id;
  return { names, lists: [] };
}

/** What a turn changes, going from one version of a run to the next. */
export function indexChange(before: Run | null, run: Run, indexOf: IndexOf): IndexChange {
  return entriesChange(before ? indexOf(before) : { names: {}, lists: [] }, indexOf(run));
}

/** What changes from one run version's index entries to the next's. */
export function entriesChange(old: IndexEntries, now: IndexEntries): IndexChange {
  return {
    set: Object.keys(now.names).filter((key) => old.names[key] === undefined),
    drop: Object.keys(old.names).filter((key) => now.names[key] === undefined),
    join: now.lists.filter((key) => !old.lists.includes(key)),
    leave: old.lists.filter((key) => !now.lists.includes(key)),
  };
}
