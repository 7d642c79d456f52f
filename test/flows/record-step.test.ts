import { describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import type { FlowEnv } from '../../src/flows/context';
import { startRun } from '../../src/flows/engine';
import { Run, RUN_SCHEMA_VERSION } from '../../src/flows/run';
import { Flow } from '../../src/flows/schema';
import { EXAMPLE_COMMUNITY } from '../../src/paths';

const flow = Flow.parse({
  id: 'counted',
  version: 1,
  mechanism: 'service',
  title: 'demo.title',
  roles: ['member'],
  start: 'noted',
  stages: [{ id: 'tally', name: 'demo.title' }],
  steps: {
    noted: { kind: 'record', outcome: 'demo.counted', data: { kind: 'full' }, fn: 'countMembers', stage: 'tally', next: 'done' },
    done: { kind: 'end' },
  },
});

const ref = { platform: 'local', space: 'local', channel: 'general', direct: false };
const run = Run.parse({
  schema: RUN_SCHEMA_VERSION,
  id: 'run-rec123',
  flowId: 'counted',
  flowVersion: 1,
  locale: 'en',
  status: 'active',
  step: 'noted',
  home: ref,
  participants: ['maria', 'chen'].map((id) => ({ platform: 'local', userId: id, name: id, role: 'member' })),
  startedAt: 0,
  updatedAt: 0,
  seq: 1,
});

const env: FlowEnv = {
  functions: { countMembers: (ctx) => ({ members: ctx.participants('member').length, stage: ctx.stage?.id ?? '' }) },
  translate: (_locale, key) => key,
  community: loadCommunity(EXAMPLE_COMMUNITY),
  pseudonymise: (_platform, id) => `p_${id}`,
};

describe('a record step', () => {
  it("calls its function and adds the values it returns to the outcome's data", () => {
    const result = startRun(flow, run, null, 1, env);
    expect(result.outcomes.map((o) => [o.type, o.data])).toEqual([['demo.counted', { kind: 'full', members: 2, stage: 'tally' }]]);
    expect(result.run.status).toBe('ended');
  });
});
