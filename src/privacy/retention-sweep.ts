import { FEEDBACK_RETENTION } from '../feedback/retention';
import { MEDIATION_RETENTION } from '../mediation/retention';
import type { Clock } from '../state/scheduler';
import type { StateStore } from '../state/store';
import { purgeExpired } from './retention';

const DAY = 86_400_000;

/** How long each kind of record keeps what people wrote after it closes, in days. */
export interface RetentionDays {
  mediation: number;
  feedback: number;
}

/** One sweep: every kind of record, then the files are left with nothing of what was removed. */
export async function sweepRetention(state: StateStore, now: number, days: RetentionDays): Promise<number> {
  const purged = (await purgeExpired(state, now, MEDIATION_RETENTION, days.mediation)) + (await purgeExpired(state, now, FEEDBACK_RETENTION, days.feedback));
  if (purged > 0) await state.traces.settle();
  return purged;
}

/** Runs the sweep once a day (and once at start); returns a stop function. For main.ts to wire. */
export function startRetentionSweep(state: StateStore, clock: Clock, days: number | RetentionDays, intervalMs = DAY): () => void {
  const periods = typeof days === 'number' ? { mediation: days, feedback: 365 } : days;
  const sweep = () => void sweepRetention(state, clock.now(), periods).catch(() => undefined);
  sweep();
  const handle = setInterval(sweep, intervalMs);
  handle.unref();
  return () => clearInterval(handle);
}
