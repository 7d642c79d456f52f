/**
 * Socket Mode on the double. `apps.connections.open` (app-level token) answers a
 * `ws://127.0.0.1:PORT/socket?ticket=...` URL; the socket greets with `hello`, the test pushes
 * envelopes (`events_api`, `slash_commands`, `interactive`) and the client's acks are recorded.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { SlackWorld } from './fixtures';
import { blockActions, eventCallback, slashCommand, viewSubmission } from './payloads';
import type {
  BlockActionInput,
  EventEnvelopeOptions,
  JsonObject,
  SlashCommandInput,
  ViewSubmissionInput,
} from './payloads';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: JsonObject;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SocketAck {
  envelopeId: string;
  /** What the app passed to `ack()` (`{}` for a bare ack). */
  payload: unknown;
  at: number;
}

export interface PushOptions {
  retryAttempt?: number;
  retryReason?: string;
  /** How long `ack` waits before rejecting; default 5 s. */
  ackTimeoutMs?: number;
}

export interface Pushed {
  envelopeId: string;
  /** Settles when the app acknowledges this envelope. */
  ack: Promise<SocketAck>;
}

export interface SocketModeHub {
  /** Mints a single-use connection URL (what `apps.connections.open` returns). */
  openUrl(): string;
  /** Takes over an HTTP upgrade on `/socket`; false when the request is not for us. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  readonly connectionCount: number;
  readonly envelopes: SocketEnvelope[];
  readonly acks: SocketAck[];
  /** Resolves once at least `count` clients have connected (and been greeted). */
  waitForConnection(count?: number, timeoutMs?: number): Promise<void>;
  push(type: EnvelopeType, payload: JsonObject, options?: PushOptions): Pushed;
  pushEvent(event: JsonObject, options?: PushOptions & EventEnvelopeOptions): Pushed;
  pushSlashCommand(input: SlashCommandInput, options?: PushOptions): Pushed;
  pushBlockAction(input: BlockActionInput, options?: PushOptions): Pushed;
  pushViewSubmission(input: ViewSubmissionInput, options?: PushOptions): Pushed;
  /** Asks clients to reconnect, as Slack does before rotating a connection. */
  requestDisconnect(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): void;
  close(): Promise<void>;
}

interface AckWaiter {
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export function createSocketModeHub(world: SlackWorld, baseWsUrl: () => string): SocketModeHub {
  const server = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const clients = new Set<WebSocket>();
  const envelopes: SocketEnvelope[] = [];
  const acks: SocketAck[] = [];
  const waiters = new Map<string, AckWaiter>();
  let connectionsEver = 0;
  const connectionListeners = new Set<() => void>();

  function onMessage(data: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || !('envelope_id' in parsed)) return;
    const envelopeId = String(parsed.envelope_id);
    const ack: SocketAck = { envelopeId, payload: 'payload' in parsed ? parsed.payload : undefined, at: Date.now() };
    acks.push(ack);
    const waiter = waiters.get(envelopeId);
    if (waiter !== undefined) {
      clearTimeout(waiter.timer);
      waiters.delete(envelopeId);
      waiter.resolve(ack);
    }
  }

  server.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('message', (data: Buffer) => onMessage(data));
    ws.on('close', () => clients.delete(ws));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: clients.size,
        debug_info: { host: 'applink-double', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: world.bot.appId },
      }),
    );
    connectionsEver += 1;
    for (const listener of connectionListeners) listener();
  });

  function activeClient(): WebSocket {
    const open = [...clients].filter((c) => c.readyState === c.OPEN);
    const client = open.at(-1);
    if (client === undefined) throw new Error('No Socket Mode client is connected to the Slack double');
    return client;
  }

  const hub: SocketModeHub = {
    openUrl() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${baseWsUrl()}/socket?ticket=${ticket}&app_id=${world.bot.appId}`;
    },
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/socket') return false;
      const ticket = url.searchParams.get('ticket') ?? '';
      if (!tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return true;
      }
      server.handleUpgrade(req, socket, head, (ws) => server.emit('connection', ws, req));
      return true;
    },
    get connectionCount() {
      return [...clients].filter((c) => c.readyState === c.OPEN).length;
    },
    envelopes,
    acks,
    waitForConnection(count = 1, timeoutMs = 5_000) {
      if (connectionsEver >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const listener = (): void => {
          if (connectionsEver < count) return;
          clearTimeout(timer);
          connectionListeners.delete(listener);
          resolve();
        };
        const timer = setTimeout(() => {
          connectionListeners.delete(listener);
          reject(new Error(`Socket Mode: expected ${count} connection(s) within ${timeoutMs} ms`));
        }, timeoutMs);
        connectionListeners.add(listener);
      });
    },
    push(type, payload, options = {}) {
      const client = activeClient();
      const envelope: SocketEnvelope = {
        envelope_id: randomUUID(),
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
      };
      if (options.retryAttempt !== undefined) {
        envelope.retry_attempt = options.retryAttempt;
        envelope.retry_reason = options.retryReason ?? 'timeout';
      } else if (type === 'events_api') {
        envelope.retry_attempt = 0;
        envelope.retry_reason = '';
      }
      const timeoutMs = options.ackTimeoutMs ?? 5_000;
      const ack = new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(envelope.envelope_id);
          reject(new Error(`Socket Mode: envelope ${envelope.envelope_id} (${type}) was not acknowledged within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(envelope.envelope_id, { resolve, reject, timer });
      });
      // A test that only cares about side effects may never await the ack.
      ack.catch(() => undefined);
      envelopes.push(envelope);
      client.send(JSON.stringify(envelope));
      return { envelopeId: envelope.envelope_id, ack };
    },
    pushEvent(event, options = {}) {
      return hub.push('events_api', eventCallback(event, { team: world.team, bot: world.bot, ...options }), options);
    },
    pushSlashCommand(input, options) {
      return hub.push('slash_commands', slashCommand({ team: world.team, bot: world.bot, ...input }), options);
    },
    pushBlockAction(input, options) {
      return hub.push('interactive', blockActions({ team: world.team, bot: world.bot, ...input }), options);
    },
    pushViewSubmission(input, options) {
      return hub.push('interactive', viewSubmission({ team: world.team, bot: world.bot, ...input }), options);
    },
    requestDisconnect(reason = 'refresh_requested') {
      for (const client of clients) {
        client.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-double' } }));
      }
    },
    async close() {
      for (const waiter of waiters.values()) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('Slack double closed'));
      }
      waiters.clear();
      for (const client of clients) client.terminate();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return hub;
}
