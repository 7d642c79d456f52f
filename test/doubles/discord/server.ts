// A local double of the Discord API (REST under /api/v10 and the v10 JSON gateway) on loopback,
// good enough to drive the real discord.js Client end to end. Every REST call is recorded.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultWorld, type World } from './fixtures';
import { createGateway, type Gateway } from './gateway';
import { parseBody } from './http-body';
import {
  componentPayload,
  modalSubmitPayload,
  slashCommandPayload,
  type ButtonClickInput,
  type InteractionHandle,
  type ModalSubmitInput,
  type SelectMenuInput,
  type SlashCommandInput,
} from './interactions';
import { discordError, matchRoute, type RouteResult } from './rest-routes';
import { DoubleState, type AttachmentInfo, type CallbackRecord, type InteractionRecord, type StoredMessage } from './state';

export interface DiscordDoubleOptions {
  /** The world to serve; defaults to the Riverside fixture. */
  world?: World;
  /** HELLO heartbeat interval; default 41250 ms like Discord. */
  heartbeatIntervalMs?: number;
  /** If set, REST calls with another bot token get 401 (discord.js then fails login with TokenInvalid). */
  validToken?: string;
}

export interface RecordedCall {
  method: string;
  /** The bot token the call was made with (`Authorization: Bot <token>`), if any. */
  token?: string;
  /** Path without the /api/v10 prefix and without the query, e.g. "/channels/123/messages". */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (for multipart requests: the parsed payload_json), or null. */
  body: unknown;
  /** Uploaded files of a multipart request. */
  files: AttachmentInfo[];
  status: number;
  response: unknown;
  at: number;
}

export interface InjectedFailure {
  method?: string;
  path: string | RegExp;
  status: number;
  code?: number;
  message?: string;
  /** For 429 answers: seconds in the retry-after header (default 0.05). */
  retryAfterSeconds?: number;
  /** How many matching calls fail (default 1). */
  times?: number;
}

export interface UserMessageInput {
  channelId: string;
  authorId: string;
  content: string;
}

export interface DiscordDouble {
  /** Pass as `new Client({ rest: { api: double.apiBase } })` (no version suffix). */
  readonly apiBase: string;
  readonly gatewayUrl: string;
  readonly world: World;
  readonly state: DoubleState;
  readonly gateway: Gateway;
  readonly calls: RecordedCall[];
  /** Resolves once a client has identified on the gateway. */
  waitForClient(timeoutMs?: number): Promise<void>;
  /** Dispatch any gateway event to the identified clients of its shard (every client with one shard). */
  dispatch(t: string, d: unknown): void;
  /** Calls `listener` with every REST call as it is answered; returns a function that stops it. */
  onCall(listener: (call: RecordedCall) => void): () => void;
  sendMessage(input: UserMessageInput): { id: string };
  sendSlashCommand(input: SlashCommandInput): InteractionHandle;
  clickButton(input: ButtonClickInput): InteractionHandle;
  selectMenu(input: SelectMenuInput): InteractionHandle;
  submitModal(input: ModalSubmitInput): InteractionHandle;
  interaction(id: string): InteractionRecord | undefined;
  /** Resolves with the first callback (reply, defer, update, modal) the bot sent for an interaction. */
  waitForInteractionResponse(id: string, timeoutMs?: number): Promise<CallbackRecord>;
  /** The bot's DM channel with a user (created on first use, like POST /users/@me/channels). */
  dmChannelFor(userId: string): string;
  callsTo(method: string, pathPattern: string | RegExp): RecordedCall[];
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Content of the bot's (non-deleted) messages in a channel, oldest first, interaction replies included. */
  messagesIn(channelId: string): string[];
  /** The bot's stored messages, optionally in one channel. */
  botMessages(channelId?: string): StoredMessage[];
  /** Make the next matching REST call(s) fail with a Discord-style error. */
  failNext(failure: InjectedFailure): void;
  close(): Promise<void>;
}

const API_PREFIX = /^\/api\/v(\d+)(?=\/|$)/;

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** "/channels/:id/messages" matches any one segment per ":name"; "*" at the end matches the rest. */
export function pathMatches(path: string, pattern: string | RegExp): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  for (let i = 0; i < want.length; i += 1) {
    const segment = want[i] ?? '';
    if (segment === '*' && i === want.length - 1) return true;
    if (i >= got.length) return false;
    if (!segment.startsWith(':') && segment !== got[i]) return false;
  }
  return want.length === got.length;
}

/** Discord refuses a message (or an interaction's message) whose content is longer than 2000 characters. */
export const CONTENT_LIMIT = 2_000;

function contentTooLong(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as { content?: unknown; data?: { content?: unknown } };
  const content = record.content ?? record.data?.content;
  return typeof content === 'string' && [...content].length > CONTENT_LIMIT;
}

export async function createDiscordDouble(options: DiscordDoubleOptions = {}): Promise<DiscordDouble> {
  const world = options.world ?? defaultWorld();
  const state = new DoubleState(world);
  const calls: RecordedCall[] = [];
  const callListeners = new Set<(call: RecordedCall) => void>();
  const failures: InjectedFailure[] = [];
  let port = 0;
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}`;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) respond(response, { status: 500, body: { message, code: 0 } });
    });
  });

  const gateway = createGateway(server, {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    url: gatewayUrl,
    onIdentify: (sessionId, resumeUrl, shard) => [
      { t: 'READY', d: state.readyPayload(sessionId, resumeUrl, shard) },
      ...state.guildsOfShard(shard).map((guild) => ({ t: 'GUILD_CREATE', d: state.guildPayload(guild.id) })),
    ],
  });

  function respond(response: ServerResponse, result: RouteResult): void {
    const headers: Record<string, string> = { ...result.headers };
    if (result.body === undefined || result.status === 204) {
      response.writeHead(result.status, headers).end();
      return;
    }
    headers['content-type'] = 'application/json';
    response.writeHead(result.status, headers).end(JSON.stringify(result.body));
  }

  function takeFailure(method: string, path: string): RouteResult | undefined {
    const index = failures.findIndex((f) => (!f.method || f.method === method) && pathMatches(path, f.path));
    const failure = failures[index];
    if (!failure) return undefined;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) failures.splice(index, 1);
    const result = discordError(failure.status, failure.code ?? 0, failure.message ?? `${failure.status}: injected failure`);
    if (failure.status === 429) {
      const retryAfter = failure.retryAfterSeconds ?? 0.05;
      result.body = { message: 'You are being rate limited.', retry_after: retryAfter, global: false, code: failure.code ?? 0 };
      result.headers = { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' };
    }
    return result;
  }

  function needsBotAuth(path: string): boolean {
    return !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const { body, files } = await parseBody(request);
    const prefix = API_PREFIX.exec(url.pathname);
    const rawPath = prefix ? url.pathname.slice(prefix[0].length) || '/' : url.pathname;
    const path = rawPath.split('/').map(safeDecode).join('/');
    let result: RouteResult;
    const auth = request.headers.authorization;
    const matched = prefix?.[1] === '10' ? matchRoute(method, path) : undefined;
    if (prefix?.[1] !== '10') {
      result = discordError(404, 0, `404: Not Found (the double serves /api/v10 only)`);
    } else if (needsBotAuth(path) && (!auth || (options.validToken && auth !== `Bot ${options.validToken}`))) {
      result = discordError(401, 0, '401: Unauthorized');
    } else {
      result =
        takeFailure(method, path) ??
        (contentTooLong(body) ? discordError(400, 50035, 'Invalid Form Body (content: Must be 2000 or fewer in length.)') : undefined) ??
        (matched
          ? matched.handler({
              params: matched.params,
              query: url.searchParams,
              body,
              files,
              state,
              gatewayUrl: gatewayUrl(),
              dispatch: (t, d) => gateway.dispatch(t, d),
            })
          : discordError(404, 0, `404: Not Found (no route ${method} ${path} in the Discord double)`));
    }
    const token = auth?.startsWith('Bot ') ? auth.slice(4) : undefined;
    const call: RecordedCall = {
      method,
      ...(token ? { token } : {}),
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      status: result.status,
      response: result.body ?? null,
      at: Date.now(),
    };
    calls.push(call);
    respond(response, result);
    for (const listener of [...callListeners]) listener(call);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  function requireClient(): void {
    if (gateway.sessionCount() === 0) throw new Error('no discord.js client is connected to the Discord double');
  }

  function dispatchInteraction(built: { payload: Record<string, unknown>; handle: InteractionHandle }): InteractionHandle {
    requireClient();
    gateway.dispatch('INTERACTION_CREATE', built.payload);
    return built.handle;
  }

  function waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 2000): Promise<RecordedCall> {
    const existing = calls.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise<RecordedCall>((resolve, reject) => {
      const listener = (call: RecordedCall): void => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        callListeners.delete(listener);
        resolve(call);
      };
      const timer = setTimeout(() => {
        callListeners.delete(listener);
        const seen = calls.map((c) => `${c.method} ${c.path} -> ${c.status}`).join('\n  ');
        reject(new Error(`no matching Discord REST call within ${timeoutMs} ms; calls so far:\n  ${seen}`));
      }, timeoutMs);
      callListeners.add(listener);
    });
  }

  const botMessages = (channelId?: string): StoredMessage[] =>
    [...state.messages.values()].filter(
      (m) => m.authorId === world.bot.id && !m.deleted && (channelId === undefined || m.channelId === channelId),
    );

  return {
    apiBase: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gatewayUrl(),
    world,
    state,
    gateway,
    calls,
    waitForClient: (timeoutMs) => gateway.waitForSession(timeoutMs),
    onCall(listener) {
      callListeners.add(listener);
      return () => callListeners.delete(listener);
    },
    dispatch(t, d) {
      requireClient();
      gateway.dispatch(t, d);
    },
    sendMessage({ channelId, authorId, content }) {
      requireClient();
      const message = state.storeMessage({ channelId, authorId, body: { content }, attachments: [], source: 'user' });
      gateway.dispatch('MESSAGE_CREATE', state.messagePayload(message));
      return { id: message.id };
    },
    sendSlashCommand: (input) => dispatchInteraction(slashCommandPayload(state, input)),
    clickButton: (input) => dispatchInteraction(componentPayload(state, input)),
    selectMenu: (input) => dispatchInteraction(componentPayload(state, input)),
    submitModal: (input) => dispatchInteraction(modalSubmitPayload(state, input)),
    interaction: (id) => state.interactions.get(id),
    async waitForInteractionResponse(id, timeoutMs = 2000) {
      const record = state.interactions.get(id);
      if (!record) throw new Error(`unknown interaction ${id}`);
      const first = record.callbacks[0];
      if (first) return first;
      await waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`) && c.status < 300, timeoutMs);
      const callback = record.callbacks[0];
      if (!callback) throw new Error(`interaction ${id} has no accepted callback`);
      return callback;
    },
    dmChannelFor: (userId) => {
      state.requireUser(userId);
      return state.dmChannelFor(userId);
    },
    callsTo: (method, pattern) => calls.filter((c) => c.method === method.toUpperCase() && pathMatches(c.path, pattern)),
    waitForCall,
    messagesIn: (channelId) => botMessages(channelId).map((m) => m.content),
    botMessages,
    failNext: (failure) => {
      failures.push({ ...failure, method: failure.method?.toUpperCase() });
    },
    async close() {
      callListeners.clear();
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
