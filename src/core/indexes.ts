import type { Run } from '../flows/run';
import type { Flow } from '../flows/schema';
import { basicIndexOf, type IndexEntries, type IndexOf } from '../state/index-keys';
import { keys } from '../state/keys';
import type { StateStore } from '../state/store';
import { conversationKey } from './events';
import { whereKey } from '../flows/context';

/** The run a reference names (FB-0042), per script. */
export const referenceKey = (flowId: string, ref: string) => keys.record(flowId, ref.toUpperCase());
/** The newest run of a script started in a conversation. */
export const latestKey = (flowId: string, conversation: string) => keys.record(`${flowId}-latest`, conversation);
/** Every run one person takes part in, oldest first. */
export const runsOfKey = (platform: string, userId: string) => keys.list(`runs-of:${platform}:${userId}`);
/** Runs waiting at an `open_space` step for a space they have not got yet. */
export const OPENING_SPACES = keys.list('opening-spaces');
/** Every run of a script that has a reference, oldest first. */
export const runsOfFlowKey = (flowId: string) => keys.list(flowId);

/**
 * The index entries a run implies, as a pure function of the run and its script: besides the ones
 * every run has (waiting answers, its space), its reference, the latest run of its script here, and
 * the lists it belongs to (its script's referenced runs, each participant's runs). The store writes
 * the difference between a turn's entries before and after, in the same write as the run.
 */
export function indexKeysOf(run: Run, flow: Flow | undefined): IndexEntries {
  const { names, lists } = basicIndexOf(run);
  if (flow?.route) {
    const ref = typeof run.vars.ref === 'string' ? run.vars.ref : undefined;
    if (ref && flow.route.reference) {
      names[referenceKey(flow.id, ref)] = run.id;
      // A run that ended is listed whatever it holds: retention reads the list to find what to remove.
      if (!flow.route.listed || run.vars[flow.route.listed] !== undefined || run.status === 'ended') lists.push(runsOfFlowKey(flow.id));
    }
    names[latestKey(flow.id, conversationKey(run.home))] = run.id;
    for (const p of run.participants) lists.push(runsOfKey(p.platform, p.userId));
    // A private answer it asked for (the mediator's caucus, a statement put to a vote) is awaited in
    // that person's direct messages as a question is: the newer of the two names the run an answer
    // there goes to.
    const asked = Array.isArray(run.vars.askedFrom) ? run.vars.askedFrom : run.vars.replyFrom;
    if (flow.route.directReply && run.status !== 'ended' && Array.isArray(asked)) {
      for (const userId of asked) {
        const p = typeof userId === 'string' ? run.participants.find((q) => q.userId === userId && q.active) : undefined;
        if (p) names[keys.awaiting(whereKey({ kind: 'direct', platform: p.platform, userId: p.userId }), p.userId)] ??= run.id;
      }
    }
  }
  if (run.status !== 'ended' && !run.space && flow?.steps[run.step]?.kind === 'open_space') lists.push(OPENING_SPACES);
  return { names, lists: [...new Set(lists)] };
}

/** The index of runs of these scripts, for the state store. */
export const flowIndexOf =
  (flows: ReadonlyMap<string, Flow>): IndexOf =>
  (run) =>
    indexKeysOf(run, flows.get(run.flowId));

/** Runs read at most in one go when a list is read (one round trip each on Redis). */
const RUNS_PER_READ = 500;
/** The first read of a list when the caller may stop early: each further read takes four times as many. */
const FIRST_READ = 16;

/**
 * The runs named in a list, newest first, read a batch at a time: the first batch small, each
 * next one four times as large, up to `maxRead`; a caller that finds what it looks for among the newest
 * runs (the usual case) reads no further. Runs no longer stored, or that cannot be read, are left out.
 */
export async function* runsNewestFirst(state: StateStore, key: string, maxRead = RUNS_PER_READ, firstRead = FIRST_READ): AsyncGenerator<Run> {
  const ids = (await state.members(key).catch((): string[] => [])).reverse();
  for (let from = 0, size = Math.min(firstRead, maxRead); from < ids.length; from += size, size = Math.min(size * 4, maxRead)) {
    const batch = ids.slice(from, from + size);
    const read = await state.getRuns(batch).catch(() => Promise.all(batch.map((id) => state.getRun(id).catch(() => undefined))));
    for (const run of read) if (run) yield run;
  }
}

/** What to read of a list: at most `limit` runs, those `where` accepts, among the newest `lookBack`. */
export interface ListRead {
  limit?: number;
  where?: (run: Run) => boolean;
  lookBack?: number;
}

/** The runs named in a list, newest first (runs no longer stored are left out). */
export async function runsInList(state: StateStore, key: string, { limit = Number.POSITIVE_INFINITY, where, lookBack = Number.POSITIVE_INFINITY }: ListRead = {}): Promise<Run[]> {
  const runs: Run[] = [];
  if (limit <= 0) return runs;
  // Without a filter the first `limit` runs are the answer: read them in one go.
  const first = where ? FIRST_READ : Math.min(limit, lookBack, RUNS_PER_READ);
  let looked = 0;
  for await (const run of runsNewestFirst(state, key, RUNS_PER_READ, first)) {
    if ((looked += 1) > lookBack) break;
    if (!where || where(run)) runs.push(run);
    if (runs.length >= limit) break;
  }
  return runs;
}
