import { runsOfFlowKey } from '../core/indexes';
import type { RetentionRule } from '../privacy/retention';
import { FINAL } from './report';

/**
 * A feedback report, once closed (or closed as a duplicate) for the retention period, keeps its
 * reference, category, party, status and times: what the reporter and the party wrote goes.
 */
export const FEEDBACK_RETENTION: RetentionRule = {
  list: runsOfFlowKey('feedback'),
  closedAt(run) {
    // An intake never filed (left unfinished, or turned into a "me too") closed when it ended: it may
    // hold words the resident began to write, and the opening words of the reports it offered.
    if (run.status === 'ended' && run.vars.status === undefined) return run.updatedAt;
    if (typeof run.vars.status !== 'string' || !FINAL.has(run.vars.status)) return undefined;
    return typeof run.vars.closedAt === 'number' ? run.vars.closedAt : run.updatedAt;
  },
  kept: ['ref', 'status', 'category', 'party', 'urgency', 'anonymous', 'filedAt', 'acknowledgedAt', 'closedAt', 'ackHours'],
};
