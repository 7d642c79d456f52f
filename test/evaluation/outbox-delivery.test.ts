import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log';
import { createOutcomeDelivery } from '../../src/evaluation/outbox-delivery';
import type { Outcome } from '../../src/evaluation/outcome';
import { createSqliteOutcomeStore } from '../../src/evaluation/sqlite-store';
import { RUN_SCHEMA_VERSION, type Run } from '../../src/flows/run';
import { createMemoryStateStore } from '../../src/state/store';

const run: Run = {
  schema: RUN_SCHEMA_VERSION, id: 'run-outbox-1', flowId: 'feedback', flowVersion: 1, locale: 'en', status: 'active', step: 'file', trail: [],
  home: { platform: 'local', space: 'local', channel: 'general', direct: false }, space: null, project: 'p', stage: null, participants: [], vars: {},
  pending: null, messages: {}, startedAt: 1, updatedAt: 1, seq: 0,
};
const outcome = (): Outcome => ({ id: randomUUID(), at: 1, mechanism: 'service', project: 'p', stage: null, flow: 'feedback', step: 'file', run: run.id, type: 'feedback.filed', actors: [], party: null, data: {} });

describe('outcomes saved with their turn reach the evaluation store once', () => {
  it('keeps them while the evaluation store fails, delivers them at the next start, and never twice', async () => {
    const state = createMemoryStateStore();
    const log = createSqliteOutcomeStore(':memory:');
    const outcomes = [outcome(), outcome()];
    await state.commitTurn({ before: null, run: { ...run }, cancelTimers: [], timers: [], outcomes });
    const failing = { ...log, append: async () => Promise.reject(new Error('the evaluation store is down')) };
    await createOutcomeDelivery(state, failing, silentLogger()).deliver(outcomes);
    expect(await state.outbox.pending()).toHaveLength(2);
    // Appended, then stopped before the outbox was emptied: delivered again at the next start.
    await log.append(outcomes.slice(0, 1));
    expect(await createOutcomeDelivery(state, log, silentLogger()).flush()).toBe(2);
    expect(await state.outbox.pending()).toEqual([]);
    expect(await log.count({ types: ['feedback.'] })).toBe(2);
    await log.close();
  });
});
