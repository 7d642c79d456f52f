import { describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import { encodeChoice, type FlowEnv } from '../../src/flows/context';
import { decides } from '../../src/flows/functions';
import { transition } from '../../src/flows/engine';
import { Run, RUN_SCHEMA_VERSION } from '../../src/flows/run';
import { Flow } from '../../src/flows/schema';
import { EXAMPLE_COMMUNITY } from '../../src/paths';

const flow = Flow.parse({
  id: 'buttons',
  version: 1,
  mechanism: 'problem_solving',
  title: 'demo.title',
  roles: ['member'],
  start: 'waiting',
  onChoice: { fn: 'pressed', cases: { finish: 'finished' } },
  steps: { waiting: { kind: 'wait', on: { next: { roles: ['member'], goto: 'finished' } } }, finished: { kind: 'end' } },
});

const ref = { platform: 'local', space: 'local', channel: 'general', direct: false };
const run = Run.parse({
  schema: RUN_SCHEMA_VERSION,
  id: 'run-abc123',
  flowId: 'buttons',
  flowVersion: 1,
  locale: 'en',
  status: 'active',
  step: 'waiting',
  home: ref,
  participants: [{ platform: 'local', userId: 'maria', name: 'maria', role: 'member' }],
  startedAt: 0,
  updatedAt: 0,
  seq: 1,
});

const env: FlowEnv = {
  functions: {
    pressed: decides(['finish', 'stop'], (ctx) => {
      if (ctx.event?.kind !== 'choice') return undefined;
      ctx.run.vars.pressed = ctx.event.value.split('~')[2] ?? '';
      return ctx.run.vars.pressed === 'finish' ? 'finish' : 'stop';
    }),
  },
  translate: (_locale, key) => key,
  community: loadCommunity(EXAMPLE_COMMUNITY),
  pseudonymise: (_platform, id) => `p_${id}`,
};

const press = (value: string) => ({ kind: 'choice' as const, eventId: value, ref, user: { id: 'maria', name: 'maria', platformRoles: [] }, value: encodeChoice('run-abc123', 'waiting', value), canOpenForm: false });

describe("a flow's onChoice", () => {
  it('receives the buttons its functions made, before the step; "stop" means handled', () => {
    const result = transition(flow, run, press('v-3-agree'), 1, env);
    expect(result.run.vars.pressed).toBe('v-3-agree');
    expect(result.run.step).toBe('waiting');
    // Handled: the wait step does not call it a button of an earlier step.
    expect(result.actions).toEqual([]);
  });

  it('may return a case that the script maps to a step', () => {
    expect(transition(flow, run, press('finish'), 1, env).run.status).toBe('ended');
  });

  it('does not see command buttons, which go to the commands', () => {
    const command = { ...press('x'), value: encodeChoice('run-abc123', '*', 'next') };
    const result = transition(flow, run, command, 1, env);
    expect(result.run.vars.pressed).toBeUndefined();
    expect(result.run.status).toBe('ended');
  });
});
