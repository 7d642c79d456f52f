import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AdapterContext, RunningAdapter } from '../../src/core/adapter';
import { createWebHistory } from './history';
import { createLiveHub } from './live';
import { createWebOutbox } from './outbox';
import { WEB_PLATFORM } from './people';
import { createWebPlaces } from './places';
import { createRateLimit } from './rate-limit';
import { createWebServer, sessionOf } from './server';
import { openWebSessions } from './sessions';
import type { PlatformRecords } from '../../src/privacy/platform-records';

export { WEB_PLATFORM } from './people';

export interface WebAdapterOptions extends AdapterContext {
  /** Where invitations and sessions are kept (shared with `commonground invite`). */
  dataDir: string;
}

export interface RunningWebAdapter extends RunningAdapter {
  /** Where the chat listens, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** How many pages are connected live. */
  connections(): number;
  /** What the web chat keeps of its own about people (invitations, sessions), for the privacy rights. */
  people: PlatformRecords;
}

/** Requests a session may make at once, then one every RATE_EVERY_MS. */
const RATE_BURST = 30;
const RATE_EVERY_MS = 500;

/**
 * The web chat: with WEB_PORT set, serves the chat page, its API and live updates (WebSocket) on
 * WEB_HOST (127.0.0.1 by default). People join with a one-time invitation (`commonground invite`).
 */
export async function startWebAdapter({ bot, community, env, log, dataDir }: WebAdapterOptions): Promise<RunningWebAdapter> {
  const store = openWebSessions(dataDir);
  const places = createWebPlaces(community, store.threads.all());
  const run = randomBytes(6).toString('base64url');
  const history = createWebHistory(run, store.buttons);
  const hub = createLiveHub();
  const outbox = createWebOutbox({ history, places, hub, store });
  bot.attach(WEB_PLATFORM, outbox);
  const app = createWebServer({
    bot,
    store,
    places,
    history,
    rateLimit: createRateLimit(RATE_BURST, RATE_EVERY_MS),
    log,
    secureCookie: env.WEB_SECURE_COOKIE === 'true' || (env.WEB_PUBLIC_URL ?? '').startsWith('https://'),
    run,
    formClosed(userId, formId) {
      hub.publish({ type: 'form-closed', formId }, (s) => s.userId === userId);
    },
    postPersonMessage(session, place, text) {
      outbox.post({ place, ...(place === 'dm' ? { owner: session.userId } : {}), author: { kind: 'person', name: session.name }, text });
    },
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const allowedOrigin = (origin: string | undefined, host: string | undefined) => {
    if (!origin || !host) return false;
    try {
      return new URL(origin).host === host || (env.WEB_PUBLIC_URL ? new URL(origin).origin === new URL(env.WEB_PUBLIC_URL).origin : false);
    } catch {
      return false;
    }
  };
  server.on('upgrade', (request, socket, head) => {
    const cookie = /(?:^|;\s*)cg_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const session = request.url === '/ws' && allowedOrigin(request.headers.origin, request.headers.host) ? sessionOf(cookie ? decodeURIComponent(cookie) : undefined, store) : undefined;
    if (!session) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    hub.upgrade(request, socket, head, session);
  });
  const sweeper = setInterval(() => hub.sweep((id) => store.find(id) !== undefined), 5_000);
  sweeper.unref();
  const host = env.WEB_HOST || '127.0.0.1';
  const port = Number(env.WEB_PORT ?? 0);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  log.info({ url }, 'web chat listening');
  return {
    platform: WEB_PLATFORM,
    url,
    connections: () => hub.size(),
    people: store.people,
    async stop() {
      clearInterval(sweeper);
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
