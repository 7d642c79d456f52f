/**
 * Who may see what in a summary. Mediation content is confidential to its participants and
 * mediator: the run's mediator gets the content, the parties only their agreement, and a
 * coordinator never any content (only outcome counts), even when they also hold another role.
 */
import type { Role } from '../config/schema';
import type { Run } from '../flows/run';

export type ThreadAccess = 'content' | 'agreement' | 'outcomes' | 'none';

export interface Asker {
  platform: string;
  userId: string;
  roles: Role[];
}

export const MEDIATION_FLOW = 'mediation';

/** Whether the flow's records are mediation content. */
export function isMediation(run: Run): boolean {
  return run.flowId === MEDIATION_FLOW || run.flowId.startsWith(`${MEDIATION_FLOW}-`);
}

export function threadAccess(run: Run, asker: Asker): ThreadAccess {
  const participant = run.participants.find((p) => p.platform === asker.platform && p.userId === asker.userId && p.active);
  if (isMediation(run)) {
    if (asker.roles.includes('coordinator')) return 'outcomes';
    if (participant?.role === 'mediator') return 'content';
    if (participant) return 'agreement';
    return 'none';
  }
  if (participant || asker.roles.includes('social_worker') || asker.roles.includes('coordinator')) return 'content';
  return 'none';
}
