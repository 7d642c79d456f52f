import type { JsonValue } from '../flows/run';
import type { Clock } from '../state/scheduler';
import { runsOfFlowKey } from '../core/indexes';
import type { StateStore } from '../state/store';

/** Every mediation run (the core's index of the script's referenced runs). */
const MEDIATION_LIST = runsOfFlowKey('mediation');

const DAY = 86_400_000;

/** What an ended mediation keeps after the retention period: codes and counts, and each party's agreement copy. */
const KEPT = ['ref', 'endHow', 'endedAt', 'agreementKind', 'toneFlags', 'copies'] as const;

/**
 * Removes what people wrote from mediations that ended more than `retentionDays` ago: stories,
 * private answers, needs, options, drafts and the title go; the outcome codes and the agreement
 * text each party received stay. Returns how many mediations were cleared.
 */
export async function purgeExpiredMediations(state: StateStore, now: number, retentionDays: number): Promise<number> {
  let purged = 0;
  for (const id of await state.members(MEDIATION_LIST)) {
    const run = await state.getRun(id);
    // A mediation cleared before keeps its reference (and its place in the list) and is left as it is.
    if (!run || run.vars.purgedAt !== undefined) continue;
    const endedAt = typeof run.vars.endedAt === 'number' ? run.vars.endedAt : run.updatedAt;
    if (run.status !== 'ended' || endedAt + retentionDays * DAY > now) continue;
    const vars: Record<string, JsonValue> = { purgedAt: now };
    for (const key of KEPT) if (run.vars[key] !== undefined) vars[key] = run.vars[key];
    if (await state.saveRun({ ...run, vars, messages: {}, pending: null, trail: [] }, run.seq)) purged += 1;
  }
  return purged;
}

/** Runs the sweep once a day (and once at start); returns a stop function. For main.ts to wire. */
export function startRetentionSweep(state: StateStore, clock: Clock, retentionDays: number, intervalMs = DAY): () => void {
  const sweep = () => void purgeExpiredMediations(state, clock.now(), retentionDays).catch(() => undefined);
  sweep();
  const handle = setInterval(sweep, intervalMs);
  handle.unref();
  return () => clearInterval(handle);
}
