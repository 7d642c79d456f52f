import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { keys } from '../../src/state/keys';
import { openStateStore } from '../../src/state/store';
import { deleteNamespace } from '../../src/state/redis-namespace';
import { startChild, type AppChild } from './support/child-driver';

const redis = inject('services').redis;
const NOW = Date.parse('2026-11-02T09:00:00Z');
const EACH = 300;
/** Children still running when a test ends (it failed or timed out) are stopped. */
const started: AppChild[] = [];
const stopChildren = () => {
  for (const child of started) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
};
afterAll(stopChildren);

/** Two processes on one store, 300 simultaneous `/feedback` each. */
async function twoBursts(dataDirs: [string, string], storeUrl?: string) {
  const children = await Promise.all(dataDirs.map((dataDir) => startChild({ dataDir, ...(storeUrl ? { storeUrl } : {}) })));
  started.push(...children);
  await Promise.all(children.map((child, i) => child.send({ op: 'burst', count: EACH, prefix: `p${i}-`, now: NOW })));
  await Promise.all(children.map((child) => child.send({ op: 'close' })));
  const state = openStateStore(storeUrl, dataDirs[0]);
  try {
    const refs = new Map<string, string>();
    const count = await state.keyv.get(keys.counter('feedback'));
    for (let n = 1; n <= Number(count); n += 1) {
      const ref = `FB-${String(n).padStart(4, '0')}`;
      const runId = await state.get(keys.record('feedback', ref), z.string());
      if (runId) refs.set(ref, runId);
    }
    const runs = await Promise.all([...refs.values()].map((id) => state.getRun(id)));
    const timers = (await state.timers.timers()).filter((t) => t.name === 'intake_expired');
    return { count, refs: refs.size, runs: new Set(runs.map((r) => r?.id)).size, reporters: new Set(runs.map((r) => r?.participants[0]?.userId)).size, timers: timers.length };
  } finally {
    await state.close();
  }
}

describe('two bot processes on one store', () => {
  it('on one SQLite file: 600 distinct references and 600 timers for 2 x 300 simultaneous /feedback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-two-'));
    expect(await twoBursts([dir, dir])).toEqual({ count: 600, refs: 600, runs: 600, reporters: 600, timers: 600 });
    const db = new Database(join(dir, 'state.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 900_000);

  describe.skipIf(!redis)('on Redis', () => {
    const namespace = `cg-test-${randomUUID().slice(0, 8)}`;
    afterAll(async () => {
      stopChildren();
      await deleteNamespace(redis ?? '', namespace);
    });
    it('600 distinct references and 600 timers for 2 x 300 simultaneous /feedback', async () => {
      const dirs: [string, string] = [mkdtempSync(join(tmpdir(), 'cg-two-a-')), mkdtempSync(join(tmpdir(), 'cg-two-b-'))];
      expect(await twoBursts(dirs, `${redis ?? ''}?namespace=${namespace}`)).toEqual({ count: 600, refs: 600, runs: 600, reporters: 600, timers: 600 });
    }, 900_000);
  });
});
