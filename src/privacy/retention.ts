import type { JsonValue, Run } from '../flows/run';
import type { StateStore } from '../state/store';

const DAY = 86_400_000;

/**
 * How one kind of record is reduced to its outcome once it has been closed for the retention
 * period: what people wrote goes, the codes and counts named in `kept` stay.
 */
export interface RetentionRule {
  /** The index list that holds every record of this kind (e.g. a script's referenced runs). */
  list: string;
  /** When the record closed, or undefined while it is still open (open records are never reduced). */
  closedAt(run: Run): number | undefined;
  /** The variables kept after the period: codes, counts and times, never free text. */
  kept: readonly string[];
  /** Keeps the participants (e.g. so each party can still ask for their agreement copy); true by default. */
  keepParticipants?: boolean;
}

/** Reduces the records closed more than `retentionDays` ago to their outcome; returns how many were reduced. */
export async function purgeExpired(state: StateStore, now: number, rule: RetentionRule, retentionDays: number): Promise<number> {
  let purged = 0;
  for (const id of await state.members(rule.list)) {
    const run = await state.getRun(id).catch(() => undefined);
    // A record reduced before keeps its reference (and its place in the list) and is left as it is.
    if (!run || run.vars.purgedAt !== undefined) continue;
    const closedAt = rule.closedAt(run);
    if (closedAt === undefined || closedAt + retentionDays * DAY > now) continue;
    const vars: Record<string, JsonValue> = { purgedAt: now };
    for (const key of rule.kept) if (run.vars[key] !== undefined) vars[key] = run.vars[key] as JsonValue;
    const participants = rule.keepParticipants === false ? [] : run.participants;
    if (await state.saveRun({ ...run, vars, participants, messages: {}, pending: null, trail: [] }, run.seq)) purged += 1;
  }
  return purged;
}
