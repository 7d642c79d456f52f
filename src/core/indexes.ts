import { z } from 'zod';
import type { Run } from '../flows/run';
import type { Flow } from '../flows/schema';
import { keys } from '../state/keys';
import type { StateStore } from '../state/store';
import { conversationKey } from './events';

/** The run a reference names (FB-0042), per script. */
export const referenceKey = (flowId: string, ref: string) => keys.record(flowId, ref.toUpperCase());
/** The newest run of a script started in a conversation. */
export const latestKey = (flowId: string, conversation: string) => keys.record(`${flowId}-latest`, conversation);
/** Every run one person takes part in, oldest first. */
export const runsOfKey = (platform: string, userId: string) => keys.list(`runs-of:${platform}:${userId}`);
/** Every run of a script that has a reference, oldest first. */
export const runsOfFlowKey = (flowId: string) => keys.list(flowId);

/**
 * The index entries a run implies, as a pure function of the run: keys that name this one run
 * (waiting answers, its space, its reference, the latest run here) and lists it belongs to (its
 * script's referenced runs, each participant's runs). The commit writes the difference between
 * the entries before and after a turn, with the run.
 */
export interface IndexEntries {
  /** key -> run id */
  names: Map<string, string>;
  lists: Set<string>;
}

export function indexKeysOf(run: Run | null, flow: Flow | undefined): IndexEntries {
  const names = new Map<string, string>();
  const lists = new Set<string>();
  if (!run) return { names, lists };
  if (run.status !== 'ended') for (const [user, where] of Object.entries(run.pending?.where ?? {})) names.set(keys.awaiting(where, user), run.id);
  if (run.space) names.set(keys.space(conversationKey(run.space)), run.id);
  if (flow?.route) {
    const ref = typeof run.vars.ref === 'string' ? run.vars.ref : undefined;
    if (ref && flow.route.reference) {
      names.set(referenceKey(flow.id, ref), run.id);
      lists.add(runsOfFlowKey(flow.id));
    }
    names.set(latestKey(flow.id, conversationKey(run.home)), run.id);
    for (const p of run.participants) lists.add(runsOfKey(p.platform, p.userId));
  }
  return { names, lists };
}

const Ids = z.array(z.string());
const RunId = z.string();

/** Writes what changed between two sets of entries. A name is removed only while it still names this run. */
export async function writeIndexes(state: StateStore, runId: string, before: IndexEntries, after: IndexEntries): Promise<void> {
  for (const [key, value] of after.names) if (before.names.get(key) !== value) await state.set(key, value);
  for (const key of before.names.keys()) {
    if (after.names.has(key)) continue;
    await state.update(key, RunId, (current) => (current === runId ? undefined : current));
  }
  for (const key of after.lists) {
    if (!before.lists.has(key)) await state.update(key, Ids, (ids = []) => (ids.includes(runId) ? ids : [...ids, runId]));
  }
  for (const key of before.lists) {
    if (!after.lists.has(key)) await state.update(key, Ids, (ids = []) => ids.filter((id) => id !== runId));
  }
}

/** The runs named in a list, newest first (runs no longer stored are left out). */
export async function runsInList(state: StateStore, key: string, limit = Number.POSITIVE_INFINITY): Promise<Run[]> {
  const ids = (await state.get(key, Ids).catch(() => undefined)) ?? [];
  const runs: Run[] = [];
  for (let i = ids.length - 1; i >= 0 && runs.length < limit; i -= 1) {
    const run = await state.getRun(ids[i] as string).catch(() => undefined);
    if (run) runs.push(run);
  }
  return runs;
}
