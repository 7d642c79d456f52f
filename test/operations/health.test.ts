import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { loadCommunity } from '../../src/config/load';
import { silentLogger } from '../../src/core/log';
import { startHealthServer, type HealthServer } from '../../src/operations/health';
import { createBotMetrics } from '../../src/operations/metrics';
import { healthPort, readinessChecks, type RunningParts } from '../../src/operations/readiness';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { deleteNamespace } from '../../src/state/redis-namespace';
import { startBlackholeProxy, type BlackholeProxy } from './blackhole-proxy';

const { redis, postgres } = inject('services');
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** The bot with metrics and the health endpoints, as `commonground start` wires them. */
async function startBot(options: { storeUrl: string; evalDbUrl: string }): Promise<{ app: App; health: HealthServer; parts: RunningParts }> {
  const metrics = createBotMetrics();
  const parts: RunningParts = { adapters: [], started: false };
  const health = await startHealthServer({ port: 0, checks: readinessChecks(parts), metrics, log: silentLogger() });
  cleanups.push(() => health.close());
  const app = await createApp({
    community: loadCommunity(EXAMPLE_COMMUNITY),
    log: silentLogger(),
    dataDir: mkdtempSync(join(tmpdir(), 'cg-health-')),
    ...options,
    observer: metrics.observer,
  });
  parts.app = app;
  return { app, health, parts };
}

const get = async (health: HealthServer, path: string) => {
  const response = await fetch(`${health.url}${path}`);
  return { status: response.status, text: await response.text() };
};

const helpFrom = (eventId: string) => ({ kind: 'command', name: 'help', args: [], eventId, ref: { platform: 'local', space: 'here', channel: 'general' }, user: { id: 'maria' } });

describe('health and metrics endpoints (HEALTH_PORT)', () => {
  it('say alive at once, ready once started, and count events, first responses and repeats', async () => {
    const { app, health, parts } = await startBot({ storeUrl: 'memory', evalDbUrl: ':memory:' });
    cleanups.push(() => app.close());
    expect(await get(health, '/healthz')).toEqual({ status: 200, text: '{"alive":true}' });
    const starting = await get(health, '/readyz');
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.text)).toMatchObject({ ready: false, reason: 'started: still starting' });
    parts.started = true;
    expect(JSON.parse((await get(health, '/readyz')).text)).toEqual({ ready: true, checks: { started: 'ok', 'state store': 'ok', 'outcome store': 'ok', platforms: 'ok' } });

    const sent: string[] = [];
    app.bot.attach('local', { perform: async (action) => (sent.push(action.kind), { kind: 'done' }) });
    await app.bot.handle(helpFrom('e-1'));
    await app.bot.handle(helpFrom('e-1'));
    await app.bot.handle(helpFrom('e-2'));
    expect(sent).toEqual(['send', 'send']);
    const metrics = await get(health, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('commonground_events_total{platform="local",kind="command",outcome="handled"} 2');
    expect(metrics.text).toContain('commonground_events_total{platform="local",kind="command",outcome="duplicate"} 1');
    expect(metrics.text).toContain('commonground_first_response_seconds_count{platform="local",kind="command"} 2');
    expect(metrics.text).toContain('commonground_first_response_seconds_bucket{le="3",platform="local",kind="command"} 2');
    expect(metrics.text).toContain('commonground_jobs_waiting{queue="slow_work"} 0');
    expect(metrics.text).toContain('# TYPE commonground_failures_total counter');

    health.stopping();
    expect(JSON.parse((await get(health, '/readyz')).text)).toMatchObject({ ready: false, reason: 'shutting down' });
    expect((await get(health, '/nothing')).status).toBe(404);
  });

  it('reads HEALTH_PORT, and refuses one that is not a port with a clear message', () => {
    expect(healthPort({})).toBeUndefined();
    expect(healthPort({ HEALTH_PORT: '9464' })).toBe(9464);
    expect(() => healthPort({ HEALTH_PORT: 'ninety' })).toThrow('HEALTH_PORT must be a port number (0 to 65535), not "ninety".');
  });

  describe.skipIf(!redis || !postgres)('when a store stops answering', () => {
    it('readiness turns false with the store named, while liveness stays true', async () => {
      const namespace = `cg-health-${randomBytes(4).toString('hex')}`;
      const schema = `cg_health_${randomBytes(4).toString('hex')}`;
      cleanups.push(() => deleteNamespace(redis as string, namespace));
      cleanups.push(async () => {
        const client = new pg.Client({ connectionString: postgres as string });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      });
      const toRedis: BlackholeProxy = await startBlackholeProxy((redis as string).replace(/^redis:/, 'http:'));
      const toPostgres: BlackholeProxy = await startBlackholeProxy((postgres as string).replace(/^postgres:/, 'http:'));
      const pgUrl = new URL(postgres as string);
      pgUrl.port = new URL(toPostgres.url).port;
      pgUrl.searchParams.set('options', `-c search_path=${schema}`);
      const { app, health, parts } = await startBot({ storeUrl: `redis://127.0.0.1:${new URL(toRedis.url).port}?namespace=${namespace}`, evalDbUrl: pgUrl.toString() });
      cleanups.push(() => Promise.race([app.close(), new Promise((resolve) => setTimeout(resolve, 1000))]));
      cleanups.push(() => toRedis.close());
      cleanups.push(() => toPostgres.close());
      parts.started = true;
      expect((await get(health, '/readyz')).status).toBe(200);

      toRedis.blackhole();
      const noRedis = await get(health, '/readyz');
      expect(noRedis.status).toBe(503);
      expect(JSON.parse(noRedis.text)).toMatchObject({ ready: false, reason: 'state store: no answer within 2000 ms' });

      toPostgres.blackhole();
      const neither = JSON.parse((await get(health, '/readyz')).text) as { reason: string; checks: Record<string, string> };
      expect(neither.checks).toMatchObject({ 'state store': 'no answer within 2000 ms', 'outcome store': 'no answer within 2000 ms', platforms: 'ok' });
      expect(await get(health, '/healthz')).toEqual({ status: 200, text: '{"alive":true}' });
    });
  });
});
