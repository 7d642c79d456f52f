import { runsOfFlowKey } from '../core/indexes';
import { purgeExpired, type RetentionRule } from '../privacy/retention';
import type { StateStore } from '../state/store';

/** An ended mediation keeps codes and counts, and the agreement copy each party received. */
export const MEDIATION_RETENTION: RetentionRule = {
  list: runsOfFlowKey('mediation'),
  closedAt: (run) => (run.status !== 'ended' ? undefined : typeof run.vars.endedAt === 'number' ? run.vars.endedAt : run.updatedAt),
  kept: ['ref', 'endHow', 'endedAt', 'agreementKind', 'toneFlags', 'copies'],
};

/**
 * Removes what people wrote from mediations that ended more than `retentionDays` ago: stories,
 * private answers, needs, options, drafts and the title go; the outcome codes and the agreement
 * text each party received stay. Returns how many mediations were cleared.
 */
export function purgeExpiredMediations(state: StateStore, now: number, retentionDays: number): Promise<number> {
  return purgeExpired(state, now, MEDIATION_RETENTION, retentionDays);
}
