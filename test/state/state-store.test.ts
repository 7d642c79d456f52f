import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { RUN_SCHEMA_VERSION, type Run } from '../../src/flows/run';
import { createScheduler } from '../../src/state/scheduler';
import { openStateStore, type StateStore } from '../../src/state/store';

const redis = inject('services').redis;

function sampleRun(id: string): Run {
  return {
    schema: RUN_SCHEMA_VERSION,
    id,
    flowId: 'demo',
    flowVersion: 1,
    locale: 'zh-CN',
    status: 'active',
    step: 'name',
    trail: ['name'],
    home: { platform: 'local', space: 'local', channel: 'general', direct: false },
    space: null,
    project: null,
    stage: null,
    participants: [{ platform: 'local', userId: 'maria', name: 'Maria', role: 'host', active: true }],
    vars: { answer: '电梯坏了 🚫', nested: { list: [1, 2, { ok: true }] } },
    pending: null,
    messages: {},
    startedAt: 1,
    updatedAt: 2,
    seq: 0,
  };
}

/** The same behaviour, whatever keeps the state. */
function describeStateStore(name: string, open: () => StateStore, reopen: () => StateStore) {
  describe(`state store on ${name}`, () => {
    const stores: StateStore[] = [];
    const make = (fn: () => StateStore) => {
      const store = fn();
      stores.push(store);
      return store;
    };
    afterAll(async () => {
      for (const store of stores) await store.close().catch(() => undefined);
    });

    it('can be closed right after it opens, with nothing left running against it', async () => {
      const store = open();
      await store.close();
      // Anything still reaching the closed store would fail here, after close, as an unhandled error.
      await new Promise((resolve) => setTimeout(resolve, 50));
    });

    it('saves a run and reads it back, validated, in another process', async () => {
      const store = make(open);
      const id = `r${randomUUID().slice(0, 10)}`;
      expect(await store.saveRun(sampleRun(id), 0)).toBe(true);
      await store.close();
      const again = make(reopen);
      expect(await again.getRun(id)).toEqual({ ...sampleRun(id), seq: 1 });
    });

    it('refuses a save based on an older version of the run', async () => {
      const store = make(open);
      const id = `r${randomUUID().slice(0, 10)}`;
      expect(await store.saveRun(sampleRun(id), 0)).toBe(true);
      expect(await store.saveRun({ ...sampleRun(id), step: 'colour' }, 0)).toBe(false);
      expect((await store.getRun(id))?.step).toBe('name');
    });

    it('marks a platform event seen once, also across a restart', async () => {
      const store = make(open);
      const id = randomUUID();
      expect(await store.markSeen('slack', id)).toBe(true);
      expect(await store.markSeen('slack', id)).toBe(false);
      expect(await store.markSeen('discord', id)).toBe(true);
      await store.close();
      expect(await make(reopen).markSeen('slack', id)).toBe(false);
    });

    it('counts without gaps and refuses a record that does not match its schema', async () => {
      const store = make(open);
      const counter = `c-${randomUUID()}`;
      expect(await Promise.all([store.next(counter), store.next(counter), store.next(counter)])).toEqual([1, 2, 3]);
      const key = `rec:test:${randomUUID()}`;
      await store.keyv.set(key, { v: 1, data: { wrong: true } });
      await expect(make(reopen).get(key, z.string())).rejects.toThrow('does not match its schema');
    });

    it('keeps timers until they fire, and fires each once', async () => {
      const store = make(open);
      const scheduler = createScheduler(store);
      const run = `t${randomUUID().slice(0, 8)}`;
      await scheduler.schedule(run, 'reminder', 1000, { ref: 'FB-0001' });
      await scheduler.schedule(run, 'follow_up', 5000);
      const fired: string[] = [];
      expect(await scheduler.runDue(999, async (t) => void fired.push(t.name))).toBe(0);
      expect(await scheduler.runDue(1000, async (t) => void fired.push(`${t.name}:${String(t.payload.ref)}`))).toBe(1);
      expect(await scheduler.runDue(1000, async (t) => void fired.push(t.name))).toBe(0);
      await scheduler.cancel(run, '*');
      expect(await scheduler.runDue(10_000, async (t) => void fired.push(t.name))).toBe(0);
      expect(fired).toEqual(['reminder:FB-0001']);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cg-state-'));
describeStateStore('SQLite', () => openStateStore(undefined, dir), () => openStateStore(undefined, dir));

// Redis is used when it runs (always in CI); elsewhere the test setup says this suite could not run.
describe.skipIf(!redis)('Redis', () => {
  describeStateStore('Redis', () => openStateStore(redis ?? '', dir), () => openStateStore(redis ?? '', dir));
});
