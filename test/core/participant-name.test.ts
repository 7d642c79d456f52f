import { describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import type { FlowEnv } from '../../src/flows/context';
import { transition } from '../../src/flows/engine';
import { Run, RUN_SCHEMA_VERSION } from '../../src/flows/run';
import { Flow } from '../../src/flows/schema';
import { EXAMPLE_COMMUNITY } from '../../src/paths';

const MARIA = '1100000000000000301';
const CHEN = '1100000000000000302';

const flow = Flow.parse({
  id: 'talk',
  version: 1,
  mechanism: 'mediation',
  title: 'demo.title',
  roles: ['party'],
  start: 'waiting',
  steps: { waiting: { kind: 'wait', on: { next: { roles: ['party'], goto: 'finished' } } }, finished: { kind: 'end' } },
});

const ref = { platform: 'discord', space: 'guild', channel: 'general', direct: false };
const runWith = (names: { maria: string; chen: string }) =>
  Run.parse({
    schema: RUN_SCHEMA_VERSION,
    id: 'run-names1',
    flowId: 'talk',
    flowVersion: 1,
    locale: 'en',
    status: 'active',
    step: 'waiting',
    home: ref,
    participants: [
      { platform: 'discord', userId: MARIA, name: names.maria, role: 'party' },
      { platform: 'discord', userId: CHEN, name: names.chen, role: 'party' },
    ],
    startedAt: 0,
    updatedAt: 0,
    seq: 1,
  });

const env: FlowEnv = {
  functions: {},
  translate: (_locale, key) => key,
  community: loadCommunity(EXAMPLE_COMMUNITY),
  pseudonymise: (_platform, id) => `p_${id}`,
};

const from = (id: string, name: string) => ({ kind: 'message' as const, eventId: `m-${id}`, ref, user: { id, name, platformRoles: [] }, text: 'Hello', canOpenForm: false });
const namesOf = (run: Run) => run.participants.map((p) => p.name);

describe('a participant named by their platform id', () => {
  it('is called by the display name they go by once they take part', () => {
    const after = transition(flow, runWith({ maria: MARIA, chen: '' }), from(MARIA, 'Maria'), 1, env).run;
    expect(namesOf(after)).toEqual(['Maria', '']);
    expect(namesOf(transition(flow, runWith({ maria: MARIA, chen: '' }), from(CHEN, 'Chen Wei'), 1, env).run)).toEqual([MARIA, 'Chen Wei']);
  });

  it('keeps a name already known, and an event without a display name changes nothing', () => {
    expect(namesOf(transition(flow, runWith({ maria: 'Maria', chen: CHEN }), from(MARIA, 'maria_r'), 1, env).run)).toEqual(['Maria', CHEN]);
    expect(namesOf(transition(flow, runWith({ maria: MARIA, chen: CHEN }), from(CHEN, CHEN), 1, env).run)).toEqual([MARIA, CHEN]);
    expect(namesOf(transition(flow, runWith({ maria: MARIA, chen: CHEN }), from(CHEN, ''), 1, env).run)).toEqual([MARIA, CHEN]);
  });
});
