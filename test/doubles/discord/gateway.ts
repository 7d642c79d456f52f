// Gateway v10 (JSON, no compression) for the Discord double: HELLO, IDENTIFY -> READY + GUILD_CREATE,
// heartbeats, a minimal RESUME, and dispatches pushed by the test or by REST side effects.
import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { shardOfGuild } from './fixtures';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  Resume: 6,
  Reconnect: 7,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export interface GatewayFrame {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

export interface ReceivedFrame {
  op: number;
  d: unknown;
  at: number;
}

export interface GatewayHooks {
  /** Payloads to dispatch after IDENTIFY (for the shard it asked for): READY first, then e.g. GUILD_CREATE. */
  onIdentify(sessionId: string, resumeUrl: string, shard: [number, number]): Array<{ t: string; d: unknown }>;
  heartbeatIntervalMs: number;
  /** The gateway URL clients connect to (used for resume_gateway_url). */
  url(): string;
}

export interface Gateway {
  /**
   * Send a dispatch to every identified session of the shard it belongs to, as Discord does: a
   * server's events to the shard (guild_id >> 22) % shard count, the rest (DMs) to shard 0. With
   * one shard, every session gets it. Returns how many sessions received it.
   */
  dispatch(t: string, d: unknown): number;
  /** Frames received from clients (IDENTIFY, heartbeats, presence updates...). */
  readonly received: ReceivedFrame[];
  /** Number of identified (or resumed) live sessions. */
  sessionCount(): number;
  /** The shards ([id, count]) of the identified live sessions. */
  shards(): Array<[number, number]>;
  /** Resolves once at least one session has identified. */
  waitForSession(timeoutMs?: number): Promise<void>;
  /** Close every socket with a code (default 1000) - e.g. 4000 to make the client resume. */
  disconnectAll(code?: number): void;
  close(): Promise<void>;
}

interface Session {
  id: string;
  socket: WebSocket;
  seq: number;
  identified: boolean;
  /** [shard id, shard count] from IDENTIFY. */
  shard: [number, number];
  /** Dispatches sent, kept so a RESUME can replay what was missed. */
  sent: GatewayFrame[];
}

function parseFrame(raw: RawData): { op: number; d: unknown } | null {
  const text = Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'op' in value && typeof value.op === 'number') {
      return { op: value.op, d: 'd' in value ? value.d : null };
    }
  } catch {
    // fall through: not JSON
  }
  return null;
}

export function createGateway(server: Server, hooks: GatewayHooks): Gateway {
  const wss = new WebSocketServer({ server });
  const sessions = new Set<Session>();
  const pastSessions = new Map<string, Session>();
  const received: ReceivedFrame[] = [];
  const waiters: Array<() => void> = [];
  let sessionCounter = 0;

  function send(session: Session, frame: GatewayFrame): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(frame));
  }

  function sendDispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const frame: GatewayFrame = { op: GatewayOp.Dispatch, t, s: session.seq, d };
    session.sent.push(frame);
    send(session, frame);
  }

  function markIdentified(session: Session): void {
    session.identified = true;
    for (const wake of waiters.splice(0)) wake();
  }

  wss.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', 'ws://localhost');
    const compress = url.searchParams.get('compress');
    if (compress) {
      // Only plain JSON is spoken here: refuse rather than send frames the client cannot read.
      socket.close(4000, `compression ${compress} is not supported by the double`);
      return;
    }
    sessionCounter += 1;
    const session: Session = { id: `session-${sessionCounter}`, socket, seq: 0, identified: false, shard: [0, 1], sent: [] };
    sessions.add(session);
    send(session, { op: GatewayOp.Hello, d: { heartbeat_interval: hooks.heartbeatIntervalMs }, s: null, t: null });

    socket.on('message', (raw) => {
      const frame = parseFrame(raw);
      if (!frame) return;
      received.push({ ...frame, at: Date.now() });
      switch (frame.op) {
        case GatewayOp.Heartbeat:
          send(session, { op: GatewayOp.HeartbeatAck, d: null, s: null, t: null });
          break;
        case GatewayOp.Identify: {
          const asked = typeof frame.d === 'object' && frame.d !== null && 'shard' in frame.d ? frame.d.shard : undefined;
          if (Array.isArray(asked) && asked.length === 2 && asked.every((n) => Number.isInteger(n))) session.shard = [Number(asked[0]), Number(asked[1])];
          for (const { t, d } of hooks.onIdentify(session.id, hooks.url(), session.shard)) {
            sendDispatch(session, t, d);
            if (t === 'READY') markIdentified(session);
          }
          break;
        }
        case GatewayOp.Resume: {
          const d = frame.d;
          const previousId = typeof d === 'object' && d !== null && 'session_id' in d ? String(d.session_id) : '';
          const fromSeq = typeof d === 'object' && d !== null && 'seq' in d && typeof d.seq === 'number' ? d.seq : 0;
          const previous = pastSessions.get(previousId);
          if (!previous) {
            send(session, { op: GatewayOp.InvalidSession, d: false, s: null, t: null });
            break;
          }
          pastSessions.delete(previousId);
          session.id = previous.id;
          session.seq = previous.seq;
          session.shard = previous.shard;
          session.sent = previous.sent;
          for (const missed of previous.sent.filter((f) => (f.s ?? 0) > fromSeq)) send(session, missed);
          markIdentified(session);
          sendDispatch(session, 'RESUMED', null);
          break;
        }
        default:
          break;
      }
    });

    socket.on('close', () => {
      sessions.delete(session);
      if (session.identified) pastSessions.set(session.id, session);
    });
    socket.on('error', () => {
      sessions.delete(session);
    });
  });

  return {
    received,
    dispatch(t, d) {
      let count = 0;
      const guildId = typeof d === 'object' && d !== null && 'guild_id' in d && typeof d.guild_id === 'string' ? d.guild_id : undefined;
      for (const session of sessions) {
        if (!session.identified) continue;
        const [id, shardCount] = session.shard;
        if (shardCount > 1 && (guildId === undefined ? 0 : shardOfGuild(guildId, shardCount)) !== id) continue;
        sendDispatch(session, t, d);
        count += 1;
      }
      return count;
    },
    sessionCount() {
      return [...sessions].filter((s) => s.identified).length;
    },
    shards() {
      return [...sessions].filter((s) => s.identified).map((s) => s.shard);
    },
    waitForSession(timeoutMs = 5000) {
      if ([...sessions].some((s) => s.identified)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no gateway session identified in time')), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    disconnectAll(code = 1000) {
      for (const session of sessions) session.socket.close(code);
    },
    close() {
      for (const session of sessions) session.socket.terminate();
      sessions.clear();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
