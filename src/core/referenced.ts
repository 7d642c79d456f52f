import { z } from 'zod';
import { inboundWhereKey } from '../flows/context';
import type { ReferencedRun } from '../flows/functions';
import type { Run } from '../flows/run';
import type { Flow } from '../flows/schema';
import type { StateStore } from '../state/store';
import type { FlowEvent } from './events';
import { referenceKey } from './indexes';

/** What the core found for an answer naming another run: nothing to look up, the run, or a refusal. */
export type Referenced = { kind: 'none' } | { kind: 'found'; run: ReferencedRun } | { kind: 'missing'; key: string; vars: { ref: string } };

const RunId = z.string();

/** `fb-7`, `FB7` and `FB-0007` name the same run: the prefix, then the number given four digits. */
export function normalReference(prefix: string, text: string): string | null {
  const typed = new RegExp(`^${prefix}-?(\\d{1,8})$`, 'i').exec(text.trim());
  return typed ? `${prefix}-${String(Number(typed[1])).padStart(4, '0')}` : null;
}

/**
 * Before a run's `refersTo` question takes an answer, finds the run the answer names through the
 * reference index (in any script with that reference prefix). Text not shaped like a reference is
 * left to the step; a reference to no run, to this run, or to one whose `once` variable is not set
 * yet is refused here, so the step never sees it.
 */
export async function findReferenced(state: StateStore, flows: ReadonlyMap<string, Flow>, flow: Flow, run: Run, event: FlowEvent): Promise<Referenced> {
  const step = flow.steps[run.step];
  if (step?.kind !== 'ask' || !step.refersTo || event.kind !== 'message' || !run.pending) return { kind: 'none' };
  const userId = event.user.id;
  if (!run.pending.waitingFor.includes(userId)) return { kind: 'none' };
  const where = run.pending.where[userId];
  if (where && where !== inboundWhereKey(event.ref, userId)) return { kind: 'none' };
  const { reference, once, notFound, itself } = step.refersTo;
  const ref = normalReference(reference, event.text);
  if (!ref) return { kind: 'none' };
  if (typeof run.vars.ref === 'string' && run.vars.ref.toUpperCase() === ref) return { kind: 'missing', key: itself ?? notFound, vars: { ref } };
  for (const candidate of flows.values()) {
    if (candidate.route?.reference !== reference) continue;
    const runId = await state.get(referenceKey(candidate.id, ref), RunId).catch(() => undefined);
    const found = runId && runId !== run.id ? await state.getRun(runId).catch(() => undefined) : undefined;
    if (!found) continue;
    const value = once ? found.vars[once] : undefined;
    const stateOf = typeof value === 'string' && value !== '' ? value : null;
    if (once && stateOf === null) continue;
    return { kind: 'found', run: { ref, runId: found.id, status: found.status, state: stateOf } };
  }
  return { kind: 'missing', key: notFound, vars: { ref } };
}
