/** Runs and outcomes written straight into a harness's stores, as the flows would leave them. */
import { completeOutcome, type OutcomeDraft } from '../../src/evaluation/outcome';
import type { ConversationRef } from '../../src/core/events';
import { RUN_SCHEMA_VERSION, type JsonValue, type Participant, type Run } from '../../src/flows/run';
import type { Mechanism } from '../../src/config/schema';
import { keys } from '../../src/state/keys';
import type { ChatHarness } from '../support/harness';

export const channel = (name: string): ConversationRef => ({ platform: 'local', space: 'local', channel: name, direct: false });
export const person = (userId: string, role: string): Participant => ({ platform: 'local', userId, name: userId, role, active: true });

export async function seedRun(h: ChatHarness, init: { id: string; flowId: string; participants: Participant[]; vars: Record<string, JsonValue>; space?: ConversationRef; project?: string; stage?: string }): Promise<Run> {
  const now = h.clock.now();
  const run: Run = {
    schema: RUN_SCHEMA_VERSION, id: init.id, flowId: init.flowId, flowVersion: 1, locale: 'en', status: 'active', step: 'waiting', trail: [],
    home: channel('general'), space: init.space ?? null, project: init.project ?? 'riverside-renewal', stage: init.stage ?? null, participants: init.participants,
    vars: init.vars, pending: null, messages: {}, startedAt: now, updatedAt: now, seq: 1,
  };
  // Saved as the core saves a run: with the index entries it implies.
  await h.app.state.commitTurn({ before: null, run, cancelTimers: [], timers: [], outcomes: [] });
  return run;
}

/** Feedback reports as the feedback flow files them: FB-0001... with the run behind each reference. */
export async function seedReports(h: ChatHarness, reports: { text: string; category: string; status: string; project?: string; reporter?: string; stage?: string }[]): Promise<void> {
  let n = 0;
  for (const r of reports) {
    n += 1;
    const ref = `FB-${String(n).padStart(4, '0')}`;
    await seedRun(h, { id: `fbrun${String(n).padStart(3, '0')}`, flowId: 'feedback', participants: [person(r.reporter ?? `resident${n}`, 'reporter')], project: r.project ?? 'riverside-renewal', ...(r.stage ? { stage: r.stage } : {}), vars: { ref, category: r.category, status: r.status, filedAt: h.clock.now(), report: { what: r.text, where: '' } } });
    await h.app.state.set(keys.record('feedback', ref), `fbrun${String(n).padStart(3, '0')}`);
  }
  await h.app.state.keyv.set(keys.counter('feedback'), n);
}

export async function seedOutcomes(h: ChatHarness, list: (OutcomeDraft & { mechanism: Mechanism })[]): Promise<void> {
  await h.app.outcomes.append(list.map((o) => completeOutcome(o, { at: h.clock.now(), mechanism: o.mechanism, project: 'riverside-renewal', stage: o.stage ?? 'building', flow: 'test', step: null, run: o.run ?? null })));
}
