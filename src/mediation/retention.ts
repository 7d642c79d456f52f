import type { JsonValue } from '../flows/run';
import type { Clock } from '../state/scheduler';
import { z } from 'zod';
import { runsOfFlowKey } from '../core/indexes';
import type { StateStore } from '../state/store';

/** Every mediation run (the core's index of the script's referenced runs). */
const MEDIATION_LIST = runsOfFlowKey('mediation');
const Ids = z.array(z.string());

const DAY = 86_400_000;

/** What an ended mediation keeps after the retention period: codes and counts, and each party's agreement copy. */
const KEPT = ['ref', 'endHow', 'endedAt', 'agreementKind', 'toneFlags', 'copies'] as const;

/**
 * Removes what people wrote from mediations that ended more than `retentionDays` ago: stories,
 * private answers, needs, options, drafts and the title go; the outcome codes and the agreement
 * text each party received stay. Returns how many mediations were cleared.
 */
export async function purgeExpiredMediations(state: StateStore, now: number, retentionDays: number): Promise<number> {
  const remaining: string[] = [];
  let purged = 0;
  const looked = (await state.get(MEDIATION_LIST, Ids)) ?? [];
  for (const id of looked) {
    const run = await state.getRun(id);
    if (!run) continue;
    const endedAt = typeof run.vars.endedAt === 'number' ? run.vars.endedAt : run.updatedAt;
    if (run.status !== 'ended' || endedAt + retentionDays * DAY > now) {
      remaining.push(id);
      continue;
    }
    const vars: Record<string, JsonValue> = { purgedAt: now };
    for (const key of KEPT) if (run.vars[key] !== undefined) vars[key] = run.vars[key];
    if (await state.saveRun({ ...run, vars, messages: {}, pending: null, trail: [] }, run.seq)) purged += 1;
    else remaining.push(id);
  }
  // Runs started meanwhile stay listed: only what was looked at and cleared leaves the list.
  const gone = new Set(looked.filter((id) => !remaining.includes(id)));
  await state.update(MEDIATION_LIST, Ids, (ids = []) => ids.filter((id) => !gone.has(id)));
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
