import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createApp } from '../../src/app';
import type { BenchFigure, BenchSuite } from '../../src/bench/figures';
import { quantile } from '../../src/bench/figures';
import { loadCommunity } from '../../src/config/load';
import { silentLogger } from '../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { startWebAdapter } from './index';
import { openWebSessions } from './sessions';

const CLIENTS = 200;

interface Client {
  cookie: string;
  csrf: string;
  socket: WebSocket;
  /** Resolves with the time of the first message the bot sends this client. */
  firstMessage: Promise<number>;
}

/**
 * 200 simulated web clients on one process: each joins with its own invitation, holds a live
 * socket, and asks `/help` at the same moment; measured is how long each waits for the bot's
 * first answer on its socket.
 */
export const webBench: BenchSuite = async (progress) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-web-bench-'));
  const community = loadCommunity(EXAMPLE_COMMUNITY);
  const app = await createApp({ community, log: silentLogger(), dataDir, storeUrl: 'memory', evalDbUrl: ':memory:' });
  const web = await startWebAdapter({ bot: app.bot, community, env: { WEB_PORT: '0' }, log: silentLogger(), dataDir });
  const base = web.url;
  try {
    const sessions = openWebSessions(dataDir);
    const tokens = Array.from({ length: CLIENTS }, (_, i) => sessions.invite(`resident${i + 1}`, 'resident', 3_600_000).token);
    sessions.close();
    progress(`${CLIENTS} clients join and open their sockets`);
    const clients: Client[] = [];
    for (const token of tokens) {
      const joined = await fetch(`${base}/join/${token}`, { method: 'POST', redirect: 'manual', headers: { origin: base } });
      const cookie = (joined.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const state = (await (await fetch(`${base}/api/state`, { headers: { cookie } })).json()) as { csrf: string };
      const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, { headers: { cookie, origin: base } });
      let greeted: () => void = () => undefined;
      const ready = new Promise<void>((resolve) => (greeted = resolve));
      const firstMessage = new Promise<number>((resolve) => {
        socket.on('message', (raw) => {
          const type = (JSON.parse(String(raw)) as { type: string }).type;
          if (type === 'hello') greeted();
          if (type === 'message') resolve(performance.now());
        });
      });
      await ready;
      clients.push({ cookie, csrf: state.csrf, socket, firstMessage });
    }
    const held = web.connections();
    progress(`${held} sockets open; every client asks /help in its direct messages at once`);
    const started = performance.now();
    const waits = await Promise.all(
      clients.map(async (client) => {
        const sent = performance.now();
        await fetch(`${base}/api/message`, {
          method: 'POST',
          headers: { cookie: client.cookie, origin: base, 'content-type': 'application/json', 'x-csrf-token': client.csrf },
          body: JSON.stringify({ place: 'dm', text: '/help' }),
        });
        return (await client.firstMessage) - sent;
      }),
    );
    const all = performance.now() - started;
    const stillOpen = clients.filter((c) => c.socket.readyState === WebSocket.OPEN).length;
    for (const client of clients) client.socket.close();
    const figures: BenchFigure[] = [
      { name: `web: sockets held by ${CLIENTS} clients`, value: Math.min(held, stillOpen), unit: 'sockets', goal: `= ${CLIENTS}` },
      { name: 'web: first response, median', value: quantile(waits, 0.5), unit: 'ms' },
      { name: 'web: first response, p95', value: quantile(waits, 0.95), unit: 'ms', goal: '< 1000 ms' },
      { name: 'web: first response, slowest', value: Math.max(...waits), unit: 'ms', goal: '< 1000 ms' },
      { name: `web: all ${CLIENTS} answered`, value: all, unit: 'ms' },
    ];
    return figures;
  } finally {
    await web.stop();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
