import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WebSession } from './sessions';

/** The open pages, by session: what the bot says reaches them at once over a WebSocket. */
export interface LiveHub {
  /** Takes over an HTTP upgrade for a session that has been checked. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, session: WebSession): void;
  /** Sends to every open page whose session `to` accepts. */
  publish(payload: unknown, to: (session: WebSession) => boolean): void;
  /** Closes the pages of sessions that no longer exist (after `invite --revoke`). */
  sweep(exists: (sessionId: string) => boolean): void;
  size(): number;
  close(): Promise<void>;
}

export function createLiveHub(): LiveHub {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const open = new Map<WebSocket, WebSession>();
  return {
    upgrade(request, socket, head, session) {
      wss.handleUpgrade(request, socket, head, (ws) => {
        open.set(ws, session);
        ws.on('close', () => open.delete(ws));
        ws.on('error', () => open.delete(ws));
        // Pages only listen: what people do goes through the checked HTTP routes.
        ws.on('message', () => undefined);
        ws.send(JSON.stringify({ type: 'hello' }));
      });
    },
    publish(payload, to) {
      const data = JSON.stringify(payload);
      for (const [ws, session] of open) if (to(session)) ws.send(data);
    },
    sweep(exists) {
      for (const [ws, session] of open) if (!exists(session.id)) ws.close(4001, 'session ended');
    },
    size: () => open.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of open.keys()) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
