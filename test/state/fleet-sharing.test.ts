import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { loadCommunity } from '../../src/config/load';
import type { Action } from '../../src/core/actions';
import { createLeasedLock } from '../../src/core/lock';
import { silentLogger } from '../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createRedisBackend } from '../../src/state/redis-backend';
import { SEEN_TTL_MS } from '../../src/state/store';
import { deleteNamespace } from '../../src/state/redis-namespace';

const redis = inject('services').redis;

describe.skipIf(!redis)('several processes sharing one Redis', () => {
  const namespace = `cg-fleet-${randomBytes(4).toString('hex')}`;
  const url = `${redis ?? ''}?namespace=${namespace}`;
  const closing: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of closing) await close().catch(() => undefined);
    await deleteNamespace(redis ?? '', namespace);
  });

  /** A bot process of its own (its own in-process lock and caches) on the shared store. */
  async function process(sent: Action[]): Promise<App> {
    const app = await createApp({ community: loadCommunity(EXAMPLE_COMMUNITY), log: silentLogger(), dataDir: mkdtempSync(join(tmpdir(), 'cg-fleet-')), storeUrl: url, evalDbUrl: ':memory:' });
    app.bot.attach('slack', { perform: async (action) => (sent.push(action), { kind: 'done' }) });
    closing.push(() => app.close());
    return app;
  }

  it('an event delivered to two processes at the same moment is answered once, and remembered for at least 10 minutes', async () => {
    const sent: Action[] = [];
    const [a, b] = [await process(sent), await process(sent)];
    const events = Array.from({ length: 40 }, (_, i) => ({ kind: 'command', name: 'help', args: [], eventId: `Ev${i}`, ref: { platform: 'slack', space: 'T1', channel: `C${i % 4}` }, user: { id: `U${i}` } }));
    // Every event reaches both processes (a retry landing elsewhere), in opposite orders.
    await Promise.all([...events.map((e) => a.bot.handle(e)), ...[...events].reverse().map((e) => b.bot.handle(e))]);
    expect(sent).toHaveLength(40);
    expect(new Set(sent.map((action) => (action as { replyTo?: string }).replyTo))).toEqual(new Set(events.map((e) => e.eventId)));
    // Slack retries after 1 and 5 minutes: the mark lasts far longer, set atomically with a TTL.
    expect(SEEN_TTL_MS).toBeGreaterThanOrEqual(10 * 60_000);
    const backend = createRedisBackend(redis ?? '', namespace);
    closing.push(() => backend.close());
    const client = (await (backend.keyv.store as { getClient(): Promise<{ sendCommand(args: string[]): Promise<unknown> }> }).getClient());
    const ttl = Number(await client.sendCommand(['PTTL', `${namespace}::seen:slack:Ev7`]));
    expect(ttl).toBeGreaterThan(10 * 60_000);
    expect(ttl).toBeLessThanOrEqual(SEEN_TTL_MS);
  });

  it('a conversation is held by one process at a time, and a crashed holder blocks it only until its lease ends', async () => {
    const one = createRedisBackend(redis ?? '', namespace);
    const two = createRedisBackend(redis ?? '', namespace);
    closing.push(() => one.close(), () => two.close());
    const locks = [createLeasedLock(one.leases!, 'process-1'), createLeasedLock(two.leases!, 'process-2')];
    let inside = 0;
    let most = 0;
    let count = 0;
    const turn = async () => {
      inside += 1;
      most = Math.max(most, inside);
      const seen = count;
      await new Promise((resolve) => setTimeout(resolve, 2));
      count = seen + 1;
      inside -= 1;
    };
    await Promise.all(Array.from({ length: 30 }, (_, i) => locks[i % 2]!.run('conv:slack:T1:C1', turn)));
    expect({ most, count }).toEqual({ most: 1, count: 30 });

    // A process took the lease and died without giving it back: others wait for the lease to end, no longer.
    expect(await one.leases!.take('conv:slack:T1:C2', 'dead-process', 400)).toBe(true);
    const later = createLeasedLock(two.leases!, 'process-3', { leaseMs: 5000, waitMs: 5000 });
    let ran = false;
    await later.run('conv:slack:T1:C2', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    // Given back after the work: the next holder gets it at once.
    expect(await one.leases!.take('conv:slack:T1:C2', 'process-4', 1000)).toBe(true);
  });
});
