/**
 * A local double of the Slack platform on 127.0.0.1 (ephemeral port): the Web API under
 * `/api/`, file upload URLs, `response_url` endpoints, and Socket Mode on `/socket`.
 * Point Bolt at it with `clientOptions: { slackApiUrl: double.apiUrl }`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackWorld } from './fixtures';
import type { SlackWorld, SlackWorldOverrides } from './fixtures';
import { newTriggerId, slackId } from './payloads';
import { createSocketModeHub } from './socket-mode';
import type { SocketModeHub } from './socket-mode';
import { callWebApi, parseApiArgs, tokenOf, withoutToken } from './web-api';
import type { RecordedCall } from './web-api';
import { receiveUpload } from './web-api-messages';
import { createWebApiState } from './web-api-state';
import type { Args, MethodResult, StoredFile, StoredMessage, StoredView } from './web-api-state';

export interface SlackDoubleOptions {
  /** A ready world, or overrides applied to the default one. */
  world?: SlackWorld | SlackWorldOverrides;
  /** `views.open` refuses trigger ids minted by the double longer ago than this; default 3000 ms. */
  triggerTtlMs?: number;
  /** Refuse trigger ids the double did not mint; default false. */
  strictTriggers?: boolean;
  /** Uses allowed per response_url (Slack: 5 within 30 minutes). */
  responseUrlMaxUses?: number;
}

export interface RecordedResponse {
  /** The id in the response URL's path. */
  id: string;
  url: string;
  /** The JSON Bolt's `respond()` posted (`text`, `blocks`, `response_type`, `replace_original`...). */
  body: unknown;
  at: number;
}

export interface WaitOptions<T> {
  where?: (item: T) => boolean;
  timeoutMs?: number;
}

/** Replaces a method's answer: return a body, or undefined to let the double answer normally. */
export type MethodOverride = (args: Args, call: { token: string | undefined }) => MethodResult | undefined;

export interface SlackDouble {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/api/`, the value for `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  readonly world: SlackWorld;
  /** Every Web API call, known or not, in arrival order. */
  readonly calls: RecordedCall[];
  /** Messages the app posted (ephemeral ones carry `ephemeralTo`). */
  readonly messages: StoredMessage[];
  readonly views: StoredView[];
  readonly files: Map<string, StoredFile>;
  /** Everything posted to response URLs minted by `responseUrl()`. */
  readonly responses: RecordedResponse[];
  readonly socket: SocketModeHub;
  callsTo(method: string): RecordedCall[];
  /** Calls `listener` with every Web API call as it is answered; returns a function that stops it. */
  onCall(listener: (call: RecordedCall) => void): () => void;
  waitForCall(method: string, options?: WaitOptions<RecordedCall>): Promise<RecordedCall>;
  waitForResponse(options?: WaitOptions<RecordedResponse>): Promise<RecordedResponse>;
  /** Non-ephemeral, non-deleted messages in a channel. */
  messagesIn(channel: string): StoredMessage[];
  /** A response URL on the double; whatever is POSTed to it lands in `responses`. */
  responseUrl(): string;
  /** A fresh trigger id, valid for `views.open` for `triggerTtlMs`. */
  triggerId(): string;
  /** Answer the next call to `method` with `{ ok: false, error }`. */
  failNext(method: string, error: string): void;
  /** Answer the next call to `method` with HTTP 429 and `Retry-After: seconds`. */
  rateLimitNext(method: string, retryAfterSeconds: number): void;
  /** Delay every answer to `method` (0 removes the delay). */
  setLatency(method: string, ms: number): void;
  onMethod(method: string, override: MethodOverride): void;
  /** Forgets recorded calls, messages, views, files and responses (the world stays). */
  clearRecords(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function isWorld(value: SlackWorld | SlackWorldOverrides): value is SlackWorld {
  return 'signingSecret' in value && 'tokens' in value && Array.isArray(value.users) && 'bot' in value && 'team' in value;
}

function waiter<T>(items: T[], listeners: Set<(item: T) => void>, label: string, options: WaitOptions<T> = {}): Promise<T> {
  const matches = options.where ?? (() => true);
  const found = items.find(matches);
  if (found !== undefined) return Promise.resolve(found);
  const timeoutMs = options.timeoutMs ?? 3_000;
  return new Promise((resolve, reject) => {
    const listener = (item: T): void => {
      if (!matches(item)) return;
      clearTimeout(timer);
      listeners.delete(listener);
      resolve(item);
    };
    const timer = setTimeout(() => {
      listeners.delete(listener);
      reject(new Error(`Slack double: no ${label} within ${timeoutMs} ms`));
    }, timeoutMs);
    listeners.add(listener);
  });
}

export async function createSlackDouble(options: SlackDoubleOptions = {}): Promise<SlackDouble> {
  const world = options.world !== undefined && isWorld(options.world) ? options.world : createSlackWorld(options.world ?? {});
  let port = 0;
  const baseUrl = (): string => `http://127.0.0.1:${port}`;
  const socket = createSocketModeHub(world, () => `ws://127.0.0.1:${port}`);
  const state = createWebApiState(world, {
    baseUrl,
    openSocketUrl: () => socket.openUrl(),
    triggerTtlMs: options.triggerTtlMs ?? 3_000,
    strictTriggers: options.strictTriggers ?? false,
  });
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const responseUses = new Map<string, number>();
  const callListeners = new Set<(call: RecordedCall) => void>();
  const responseListeners = new Set<(response: RecordedResponse) => void>();
  const overrides = new Map<string, MethodOverride[]>();
  const latency = new Map<string, number>();
  const maxUses = options.responseUrlMaxUses ?? 5;

  function record(call: RecordedCall): void {
    calls.push(call);
    for (const listener of [...callListeners]) listener(call);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    let args: Args;
    try {
      args = await parseApiArgs(raw, contentType, url.searchParams);
    } catch {
      const response: MethodResult = { ok: false, error: 'invalid_json' };
      record({ method, args: {}, token: undefined, contentType, response, at: Date.now() });
      sendJson(res, 200, response);
      return;
    }
    const token = tokenOf(req.headers.authorization, args);
    const delay = latency.get(method) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const pending = overrides.get(method) ?? [];
    let response: MethodResult | undefined;
    for (const override of pending) {
      response = override(args, { token });
      if (response !== undefined) break;
    }
    response ??= callWebApi(state, method, args, token);
    record({ method, args: withoutToken(args), token, contentType, response, at: Date.now() });
    if (response.error === 'ratelimited' && typeof response.retry_after === 'number') {
      sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(response.retry_after) });
      return;
    }
    sendJson(res, 200, response);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    let data = raw;
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      const part = [...form.values()][0];
      data = part === undefined ? Buffer.alloc(0) : typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
    }
    if (!receiveUpload(state, fileId, data)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${data.length}`);
  }

  async function handleResponseUrl(req: IncomingMessage, res: ServerResponse, id: string, url: URL): Promise<void> {
    const raw = await readBody(req);
    const uses = responseUses.get(id);
    if (uses === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no_such_url');
      return;
    }
    if (uses >= maxUses) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('used_url');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
      return;
    }
    responseUses.set(id, uses + 1);
    const response: RecordedResponse = { id, url: `${baseUrl()}${url.pathname}`, body, at: Date.now() };
    responses.push(response);
    for (const listener of [...responseListeners]) listener(response);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl());
    const segments = url.pathname.split('/').filter((s) => s.length > 0);
    const [first, second, third] = segments;
    if (first === 'api' && second !== undefined && segments.length === 2) return handleApi(req, res, second, url);
    if (req.method === 'POST' && first === 'upload' && second === 'v1' && third !== undefined) return handleUpload(req, res, third);
    if (req.method === 'POST' && first === 'response' && second !== undefined) return handleResponseUrl(req, res, second, url);
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'double_error', detail: String(error) });
    });
  });
  server.on('upgrade', (req: IncomingMessage, sock, head: Buffer) => {
    if (!socket.handleUpgrade(req, sock, head)) sock.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  function addOverride(method: string, override: MethodOverride): void {
    overrides.set(method, [...(overrides.get(method) ?? []), override]);
  }

  function once(method: string, result: MethodResult): void {
    let used = false;
    addOverride(method, () => {
      if (used) return undefined;
      used = true;
      return result;
    });
  }

  const double: SlackDouble = {
    port,
    baseUrl: baseUrl(),
    apiUrl: `${baseUrl()}/api/`,
    world,
    calls,
    messages: state.messages,
    views: state.views,
    files: state.files,
    responses,
    socket,
    callsTo: (method) => calls.filter((c) => c.method === method),
    onCall(listener) {
      callListeners.add(listener);
      return () => callListeners.delete(listener);
    },
    waitForCall: (method, opts = {}) =>
      waiter(calls, callListeners, `call to ${method}`, { ...opts, where: (c) => c.method === method && (opts.where?.(c) ?? true) }),
    waitForResponse: (opts) => waiter(responses, responseListeners, 'response_url post', opts),
    messagesIn: (channel) => state.messages.filter((m) => m.channel === channel && m.ephemeralTo === undefined && m.deleted !== true),
    responseUrl() {
      const id = slackId('R');
      responseUses.set(id, 0);
      return `${baseUrl()}/response/${id}`;
    },
    triggerId() {
      const id = newTriggerId();
      state.triggers.set(id, Date.now());
      return id;
    },
    failNext: (method, error) => once(method, { ok: false, error }),
    rateLimitNext: (method, seconds) => once(method, { ok: false, error: 'ratelimited', retry_after: seconds }),
    setLatency: (method, ms) => {
      latency.set(method, ms);
    },
    onMethod: addOverride,
    clearRecords() {
      calls.length = 0;
      state.messages.length = 0;
      state.views.length = 0;
      state.files.clear();
      responses.length = 0;
      socket.envelopes.length = 0;
      socket.acks.length = 0;
    },
    async close() {
      await socket.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return double;
}

