import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { RUN_SCHEMA_VERSION, type Run } from '../../src/flows/run';
import type { Outcome } from '../../src/evaluation/outcome';
import { basicIndexOf } from '../../src/state/index-keys';
import { keys } from '../../src/state/keys';
import { createMemoryBackend } from '../../src/state/memory-backend';
import { createScheduler } from '../../src/state/scheduler';
import { createStateStore, openStateStore, type StateStore } from '../../src/state/store';
import type { Turn } from '../../src/state/turn';
import { deleteNamespace } from '../../src/state/redis-namespace';

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

function outcomeOf(run: string, type = 'demo.done'): Outcome {
  return { id: randomUUID(), at: 1, mechanism: 'service', project: 'p', stage: null, flow: 'demo', step: 'name', run, type, actors: [], party: null, data: {} };
}

/** A turn of a run waiting for maria in #general and owning a thread, with a timer and an outcome. */
function firstTurn(run: Run, event: string): Turn {
  run.pending = { step: 'name', waitingFor: ['maria'], where: { maria: 'conv:general' } };
  run.space = { platform: 'local', space: 'local', channel: 'general', thread: `t-${run.id}`, direct: false };
  return {
    before: null,
    run,
    cancelTimers: [],
    timers: [{ id: `${run.id}.nudge`, runId: run.id, name: 'nudge', at: 5000, payload: {} }],
    outcomes: [outcomeOf(run.id)],
    seen: { key: keys.seen('local', event), ttlMs: 60_000 },
  };
}

/** Everything a turn may have written about a run, as the store reads it back. */
async function written(store: StateStore, run: Run, event: string) {
  const index: Record<string, string | undefined> = {};
  for (const key of Object.keys(basicIndexOf(run).names)) index[key] = await store.get(key, z.string());
  return {
    seq: (await store.getRun(run.id))?.seq ?? 0,
    index,
    timers: (await store.timers.timers()).filter((t) => t.runId === run.id).map((t) => `${t.name}@${t.at}`),
    outcomes: (await store.outbox.pending()).filter((o) => o.run === run.id).length,
    seen: await store.hasSeen('local', event),
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

    it('finds a run by words written in it, in Chinese as in English, for a person asking to be forgotten', async () => {
      const store = make(open);
      const id = `r${randomUUID().slice(0, 10)}`;
      expect(await store.saveRun(sampleRun(id), 0)).toBe(true);
      expect((await store.traces.find(['电梯坏了 🚫'])).runs).toContain(id);
      expect((await store.traces.find(['Maria'])).runs).toContain(id);
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

    it('fires the timers of several runs at once when asked, each once and each run in order', async () => {
      const store = make(open);
      const scheduler = createScheduler(store);
      const runs = Array.from({ length: 5 }, (_, i) => `c${i}${randomUUID().slice(0, 8)}`);
      for (const run of runs) {
        await scheduler.schedule(run, 'first', 1000);
        await scheduler.schedule(run, 'second', 2000);
      }
      const fired: string[] = [];
      let atOnce = 0;
      let most = 0;
      const fire = async (t: { runId: string; name: string }) => {
        most = Math.max(most, (atOnce += 1));
        await new Promise((resolve) => setTimeout(resolve, 5));
        fired.push(`${t.runId}:${t.name}`);
        atOnce -= 1;
      };
      expect(await scheduler.runDue(5000, fire, 3)).toBe(10);
      expect(await scheduler.runDue(5000, fire, 3)).toBe(0);
      expect(most).toBe(3);
      expect(fired.toSorted()).toEqual(runs.flatMap((run) => [`${run}:first`, `${run}:second`]).toSorted());
      for (const run of runs) expect(fired.indexOf(`${run}:first`)).toBeLessThan(fired.indexOf(`${run}:second`));
    });

    it('commits a turn whole: the run, its index keys, its timers, its outcomes and its event', async () => {
      const store = make(open);
      const run = sampleRun(`r${randomUUID().slice(0, 10)}`);
      const event = randomUUID();
      expect(await store.commitTurn(firstTurn(run, event))).toBe('saved');
      expect(run.seq).toBe(1);
      await store.close();
      const again = make(reopen);
      expect(await written(again, run, event)).toEqual({
        seq: 1,
        index: { [keys.awaiting('conv:general', 'maria')]: run.id, [keys.space(`local:local:general:t-${run.id}`)]: run.id },
        timers: ['nudge@5000'],
        outcomes: 1,
        seen: true,
      });
    });

    it('does not hand out an answer once it is sent, in this process or the next, whether a turn follows or not', async () => {
      const answerOf = (id: string) => ({ id: keys.seen('local', id), lock: 'conv:general', actions: [{ kind: 'send' as const, to: { kind: 'conversation' as const, ref: sampleRun('x').home }, text: `answer ${id}` }] });
      const store = make(open);
      const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of [first, second, third]) expect(await store.answers.keep(answerOf(id))).toBe('saved');
      await store.answers.sent(keys.seen('local', first));
      // Sent: not unsent any more, here, at once.
      expect(await store.answers.get(keys.seen('local', first))).toBeUndefined();
      expect((await store.answers.pending()).map((a) => a.id)).not.toContain(keys.seen('local', first));
      // A turn that conflicts writes nothing, and the answer sent before it is still forgotten.
      const run = sampleRun(`r${randomUUID().slice(0, 10)}`);
      expect(await store.commitTurn(firstTurn(run, randomUUID()))).toBe('saved');
      await store.answers.sent(keys.seen('local', second));
      expect(await store.commitTurn(firstTurn({ ...sampleRun(run.id) }, randomUUID()))).toBe('conflict');
      // Nothing written after the last one sent: a moment later another process does not find it unsent either.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const other = make(reopen);
      const unsent = (await other.answers.pending()).map((a) => a.id);
      expect(unsent).toContain(keys.seen('local', third));
      expect(unsent).not.toContain(keys.seen('local', first));
      expect(unsent).not.toContain(keys.seen('local', second));
      // Sent right before the store is closed: forgotten in the file too.
      await other.answers.sent(keys.seen('local', third));
      await other.close();
      expect((await make(reopen).answers.pending()).map((a) => a.id)).not.toContain(keys.seen('local', third));
    });

    it('writes nothing of a turn based on an older run, or answering an event already handled', async () => {
      const store = make(open);
      const run = sampleRun(`r${randomUUID().slice(0, 10)}`);
      const event = randomUUID();
      expect(await store.commitTurn(firstTurn(run, event))).toBe('saved');
      const saved = await written(store, run, event);
      const stale = { ...firstTurn({ ...sampleRun(run.id), step: 'colour' }, randomUUID()), timers: [{ id: `${run.id}.late`, runId: run.id, name: 'late', at: 9000, payload: {} }] };
      expect(await store.commitTurn(stale)).toBe('conflict');
      expect(await store.hasSeen('local', stale.seen?.key.split(':')[2] ?? '')).toBe(false);
      const before = (await store.getRun(run.id)) as Run;
      const repeated = { ...firstTurn({ ...before, step: 'colour' }, event), before, cancelTimers: ['*'], timers: [] };
      expect(await store.commitTurn(repeated)).toBe('duplicate');
      expect(await written(store, run, event)).toEqual(saved);
      expect((await store.getRun(run.id))?.step).toBe('name');
    });

    it('moves index keys with the run, and leaves a key another run has taken', async () => {
      const store = make(open);
      const run = sampleRun(`r${randomUUID().slice(0, 10)}`);
      await store.commitTurn(firstTurn(run, randomUUID()));
      const other = sampleRun(`o${randomUUID().slice(0, 10)}`);
      other.pending = { step: 'name', waitingFor: ['maria'], where: { maria: 'conv:general' } };
      await store.commitTurn({ before: null, run: other, cancelTimers: [], timers: [], outcomes: [] });
      const before = (await store.getRun(run.id)) as Run;
      const next: Run = { ...before, step: 'colour', pending: { step: 'colour', waitingFor: ['li'], where: { li: 'dm:local:li' } } };
      expect(await store.commitTurn({ before, run: next, cancelTimers: ['*'], timers: [], outcomes: [] })).toBe('saved');
      expect(await store.get(keys.awaiting('conv:general', 'maria'), z.string())).toBe(other.id);
      expect(await store.get(keys.awaiting('dm:local:li', 'li'), z.string())).toBe(run.id);
      expect((await store.timers.timers()).filter((t) => t.runId === run.id)).toEqual([]);
      const ended: Run = { ...next, status: 'ended', seq: next.seq };
      await store.commitTurn({ before: next, run: ended, cancelTimers: [], timers: [], outcomes: [] });
      expect(await store.get(keys.awaiting('dm:local:li', 'li'), z.string())).toBeUndefined();
    });

    it('finds the run an index key leads to, as another process last saved it', async () => {
      const store = make(open);
      const run = sampleRun(`r${randomUUID().slice(0, 10)}`);
      const where = keys.awaiting(`dm:local:${run.id}`, 'li');
      const waiting: Run = { ...run, pending: { step: 'name', waitingFor: ['li'], where: { li: `dm:local:${run.id}` } } };
      await store.commitTurn({ before: null, run: waiting, cancelTimers: [], timers: [], outcomes: [] });
      const first = await store.getPointed(where);
      expect(first.runId).toBe(run.id);
      const other = make(reopen);
      const before = (await other.getRun(run.id)) as Run;
      expect(await other.commitTurn({ before, run: { ...before, vars: { name: 'Li' } }, cancelTimers: [], timers: [], outcomes: [] })).toBe('saved');
      const found = await store.getPointed(where);
      expect(found.runId).toBe(run.id);
      expect(found.run ?? (await store.getRun(run.id))).toEqual({ ...waiting, vars: { name: 'Li' }, seq: 2 });
      expect(await store.getPointed(keys.awaiting('dm:local:nobody', 'nobody'))).toEqual({});
    });

    it('keeps due timers in time order, removes a fired one only if it was not rescheduled', async () => {
      const store = make(open);
      const run = `t${randomUUID().slice(0, 8)}`;
      const far = 4_000_000_000_000;
      for (const [name, at] of [['b', far + 20], ['a', far + 10], ['c', far + 30]] as const) await store.timers.schedule({ id: `${run}.${name}`, runId: run, name, at, payload: {} });
      expect((await store.timers.due(far + 25, 10)).filter((t) => t.runId === run).map((t) => t.name)).toEqual(['a', 'b']);
      await store.timers.schedule({ id: `${run}.a`, runId: run, name: 'a', at: far + 40, payload: {} });
      await store.timers.removeTimer(`${run}.a`, far + 10);
      await store.timers.removeTimer(`${run}.b`, far + 20);
      expect((await store.timers.timers()).filter((t) => t.runId === run).map((t) => `${t.name}@${t.at - far}`)).toEqual(['c@30', 'a@40']);
      await store.timers.cancel(run, '*');
      expect((await store.timers.timers()).filter((t) => t.runId === run)).toEqual([]);
    });

    it('keeps outcomes in the outbox until they are delivered', async () => {
      const store = make(open);
      const run = sampleRun(`r${randomUUID().slice(0, 10)}`);
      const turn = firstTurn(run, randomUUID());
      await store.commitTurn(turn);
      const [outcome] = turn.outcomes;
      expect((await store.outbox.pending()).map((o) => o.id)).toContain(outcome?.id);
      await store.outbox.delivered([outcome?.id ?? '']);
      expect((await store.outbox.pending()).map((o) => o.id)).not.toContain(outcome?.id);
    });

    it('forgets a seen event and a plain key once their time is up', async () => {
      const store = make(open);
      const id = randomUUID();
      const Prefs = z.object({ locale: z.string() });
      expect(await store.markSeen('slack', id, 1)).toBe(true);
      await store.set(`prefs:${id}`, { locale: 'en' }, 1);
      await store.set(`prefs:kept-${id}`, { locale: 'en' }, 3_600_000);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(await store.markSeen('slack', id, 60_000)).toBe(true);
      expect(await store.markSeen('slack', id, 60_000)).toBe(false);
      expect(await store.get(`prefs:${id}`, Prefs)).toBeUndefined();
      expect(await store.get(`prefs:kept-${id}`, Prefs)).toEqual({ locale: 'en' });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cg-state-'));
describeStateStore('SQLite', () => openStateStore(undefined, dir), () => openStateStore(undefined, dir));

const memory = createMemoryBackend();
describeStateStore('memory', () => createStateStore(memory), () => createStateStore(memory));

describe('state store with a small cache of checked records', () => {
  it('reads back every run, checked again, once the runs read or written longest ago have dropped out of it', async () => {
    const store = openStateStore(undefined, mkdtempSync(join(tmpdir(), 'cg-cache-')), { cacheSize: 10 });
    const ids = Array.from({ length: 40 }, (_, n) => `r${n}${randomUUID().slice(0, 8)}`);
    for (const id of ids) expect(await store.saveRun(sampleRun(id), 0)).toBe(true);
    for (const id of ids) expect(await store.getRun(id)).toEqual({ ...sampleRun(id), seq: 1 });
    // A run saved again reads back as saved, not as it was first cached.
    expect(await store.saveRun({ ...sampleRun(ids[0] as string), step: 'colour', seq: 1 }, 1)).toBe(true);
    expect((await store.getRun(ids[0] as string))?.step).toBe('colour');
    await store.close();
  });
});

describe('state store in memory', () => {
  it('hands out a run of its own with every read: changing one changes neither the stored run nor the next read', async () => {
    const store = createStateStore(createMemoryBackend());
    const id = `r${randomUUID().slice(0, 10)}`;
    expect(await store.saveRun(sampleRun(id), 0)).toBe(true);
    const read = await store.getRun(id);
    if (!read) throw new Error('the run did not read back');
    read.step = 'colour';
    read.participants[0]!.name = 'Someone else';
    (read.vars.nested as { list: unknown[] }).list.push('more');
    expect(await store.getRun(id)).toEqual({ ...sampleRun(id), seq: 1 });
    expect(await store.getRun(id)).not.toBe(await store.getRun(id));
  });

  it('keeps text in any script exactly as written: Chinese, an emoji, a lone accent and a backslash', async () => {
    const store = createStateStore(createMemoryBackend());
    const id = `r${randomUUID().slice(0, 10)}`;
    const run = { ...sampleRun(id), vars: { story: '楼上漏水，已经三天了 😞 café \\ "quoted" \u00e9', short: '是' } };
    expect(await store.saveRun(run, 0)).toBe(true);
    expect((await store.getRun(id))?.vars).toEqual(run.vars);
  });
});

// Redis is used when it runs (always in CI); elsewhere the test setup says this suite could not run.
describe.skipIf(!redis)('Redis', () => {
  // A namespace of its own: other suites and installations may share this Redis.
  const namespace = `cg-test-${randomUUID().slice(0, 8)}`;
  const url = `${redis ?? ''}?namespace=${namespace}`;
  afterAll(() => deleteNamespace(redis ?? '', namespace));
  describeStateStore('Redis', () => openStateStore(url, dir), () => openStateStore(url, dir));
});
