import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { runsOfKey, flowIndexOf } from '../../src/core/indexes';
import type { Flow } from '../../src/flows/schema';
import { RUN_SCHEMA_VERSION, type Run } from '../../src/flows/run';
import { keys } from '../../src/state/keys';
import { createMemoryStateStore, openStateStore, type StateStore } from '../../src/state/store';
import { deleteNamespace } from '../../src/state/redis-namespace';

const redis = inject('services').redis;
// A script with a route, so each participant's runs are listed in the index.
const flows = new Map([['demo', { id: 'demo', route: { command: 'demo', find: ['here'], roles: {} }, commands: {}, steps: {} } as unknown as Flow]]);
const indexOf = flowIndexOf(flows);

function runOf(id: string, userId: string): Run {
  return {
    schema: RUN_SCHEMA_VERSION,
    id,
    flowId: 'demo',
    flowVersion: 1,
    locale: 'en',
    status: 'active',
    step: 'ask',
    trail: [],
    home: { platform: 'local', space: 'local', channel: 'general', direct: false },
    space: null,
    project: null,
    stage: null,
    participants: [{ platform: 'local', userId, name: 'Someone', role: 'host', active: true }],
    vars: { said: { [userId]: 'a lantern for the stairs' } },
    pending: null,
    messages: {},
    startedAt: 1,
    updatedAt: 2,
    seq: 0,
  };
}

function describeErasure(name: string, open: () => StateStore) {
  describe(`erasure on ${name}`, () => {
    const stores: StateStore[] = [];
    afterAll(async () => {
      for (const store of stores) await store.close();
    });

    it('finds a person by the text of their id, and erases all of a batch or, when a run changed meanwhile, none of it', async () => {
      const store = open();
      stores.push(store);
      const user = `u${randomUUID().slice(0, 12)}`;
      const id = `r${randomUUID().slice(0, 10)}`;
      expect(await store.saveRun(runOf(id, user), 0)).toBe(true);
      await store.set(keys.prefs(`local:${user}`), { locale: 'zh-CN' });
      await store.timers.schedule({ id: `${id}.remind`, runId: id, name: 'remind', at: 10, payload: { to: user } });

      const found = await store.traces.find([user]);
      expect(found.runs).toEqual([id]);
      expect(found.keys).toContain(keys.prefs(`local:${user}`));
      expect(found.lists).toEqual([runsOfKey('local', user)]);
      expect(found.timers.map((t) => t.id)).toEqual([`${id}.remind`]);

      const before = (await store.getRun(id)) as Run;
      const erased: Run = { ...before, participants: [], vars: { said: { 'erased-1': '[⊘]' } } };
      const change = { runs: [{ before, run: erased }], deleteKeys: [...found.keys, ...found.lists], timers: [{ ...found.timers[0]!, payload: { to: 'erased' } }], schedule: [{ id: `${id}.notice`, runId: id, name: 'notice', at: 5, payload: {} }] };
      // Someone saved the run meanwhile: nothing of the batch is written.
      expect(await store.saveRun({ ...before, updatedAt: 3 }, before.seq)).toBe(true);
      expect(await store.traces.erase(change)).toBe('conflict');
      expect(await store.get(keys.prefs(`local:${user}`), z.object({ locale: z.string() }))).toEqual({ locale: 'zh-CN' });
      expect(await store.members(runsOfKey('local', user))).toEqual([id]);
      expect((await store.timers.timers()).map((t) => t.id)).toEqual([`${id}.remind`]);

      const now = (await store.getRun(id)) as Run;
      expect(await store.traces.erase({ ...change, runs: [{ before: now, run: { ...erased, updatedAt: 3 } }] })).toBe('saved');
      expect(await store.traces.find([user])).toEqual({ runs: [], keys: [], lists: [], timers: [] });
      expect((await store.getRun(id))?.vars).toEqual({ said: { 'erased-1': '[⊘]' } });
      expect((await store.getRun(id))?.seq).toBe(now.seq + 1);
      expect((await store.timers.timers()).find((t) => t.id === `${id}.remind`)?.payload).toEqual({ to: 'erased' });
      // The notice the erasure left is due, once, like any timer, and goes with the run's others.
      expect((await store.timers.due(5, 10)).map((t) => t.id)).toEqual([`${id}.notice`]);
      await store.timers.cancel(id, '*');
      expect(await store.timers.timers()).toEqual([]);
      // Done, or (a Redis server with persistence on) its files rewritten in the background.
      expect(['done', 'rewriting']).toContain((await store.traces.settle()).kind);
    });

    it('finds an answer kept for sending that names the person, and the erasure removes it while other answers stay', async () => {
      const store = open();
      stores.push(store);
      const user = `u${randomUUID().slice(0, 12)}`;
      const mine = { id: `seen:local:${randomUUID()}`, lock: 'local:general', actions: [{ kind: 'send', to: { kind: 'private', userId: user }, text: 'Thank you, your report FB-0001 is filed.' }] };
      const other = { id: `seen:local:${randomUUID()}`, lock: 'local:general', actions: [{ kind: 'send', to: { kind: 'private', userId: 'someone-else' }, text: 'Here is what you can do.' }] };
      expect(await store.answers.keep(mine)).toBe('saved');
      expect(await store.answers.keep(other)).toBe('saved');

      const found = await store.traces.find([user]);
      expect(found.keys).toEqual([`answer:${mine.id}`]);
      expect(await store.traces.erase({ runs: [], deleteKeys: found.keys, timers: [], schedule: [] })).toBe('saved');
      expect(await store.answers.get(mine.id)).toBeUndefined();
      expect(await store.answers.get(other.id)).toEqual(other);
      expect(await store.traces.find([user])).toEqual({ runs: [], keys: [], lists: [], timers: [] });
    });
  });
}

describeErasure('memory', () => createMemoryStateStore({ indexOf }));
describeErasure('SQLite', () => openStateStore(undefined, mkdtempSync(join(tmpdir(), 'cg-erase-')), { indexOf }));
describe.skipIf(!redis)('Redis', () => {
  const namespace = `cg-erase-${randomUUID().slice(0, 8)}`;
  afterAll(() => deleteNamespace(redis ?? '', namespace));
  describeErasure('Redis', () => openStateStore(`${redis ?? ''}?namespace=${namespace}`, '', { indexOf }));
});
