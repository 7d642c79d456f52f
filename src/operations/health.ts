import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/log';
import type { BotMetrics } from './metrics';

/** One thing readiness depends on; `probe` throws (or times out) when it is not there. */
export interface ReadinessCheck {
  check: string;
  probe(): Promise<unknown> | unknown;
}

export interface HealthServer {
  readonly url: string;
  /** From now on /readyz says the process is stopping (a load balancer sends no more events). */
  stopping(): void;
  close(): Promise<void>;
}

/** How long a store may take to answer a readiness probe. */
const PROBE_TIMEOUT_MS = 2000;

function withTimeout(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * HEALTH_PORT: `GET /healthz` (the process is alive), `GET /readyz` (connected to its platforms and
 * its stores answer; 503 with the reason otherwise) and `GET /metrics` (Prometheus text format).
 */
export async function startHealthServer(options: {
  port: number;
  host?: string;
  checks: ReadinessCheck[];
  metrics: BotMetrics;
  log: Logger;
}): Promise<HealthServer> {
  const { checks, metrics, log } = options;
  let stopping = false;
  let lastReason: string | undefined;

  async function readiness(): Promise<{ ready: boolean; reason?: string; checks: Record<string, string> }> {
    if (stopping) return { ready: false, reason: 'shutting down', checks: {} };
    const results = await Promise.all(
      checks.map(async ({ check, probe }) => {
        try {
          await withTimeout(Promise.resolve().then(probe), PROBE_TIMEOUT_MS);
          return [check, 'ok'] as const;
        } catch (error) {
          return [check, (error as Error).message || 'unreachable'] as const;
        }
      }),
    );
    const failing = results.filter(([, result]) => result !== 'ok');
    const reason = failing.map(([check, result]) => `${check}: ${result}`).join('; ');
    // Each change of readiness is logged once, not at every probe.
    if ((reason || undefined) !== lastReason) {
      if (reason) log.warn({ reason }, 'not ready');
      else log.info('ready again');
      lastReason = reason || undefined;
    }
    return { ready: failing.length === 0, ...(reason ? { reason } : {}), checks: Object.fromEntries(results) };
  }

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'only GET' });
    if (path === '/healthz') return json(res, 200, { alive: true });
    if (path === '/readyz') {
      const ready = await readiness();
      return json(res, ready.ready ? 200 : 503, ready);
    }
    if (path === '/metrics') {
      const { body, contentType } = await metrics.scrape();
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
      return;
    }
    json(res, 404, { error: 'not found', paths: ['/healthz', '/readyz', '/metrics'] });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log.error({ err: (error as Error).message }, 'health endpoint failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  log.info({ port: address.port }, 'health and metrics endpoints listening');
  return {
    url: `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`,
    stopping: () => (stopping = true),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
