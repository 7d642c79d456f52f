// REST routes of the Discord double (paths relative to /api/v10). Each handler answers with a
// plausible API v10 payload and updates the double's state.
import { ChannelKind, nextSnowflake } from './fixtures';
import { isRecord, type AttachmentInfo, type DoubleState, type InteractionRecord, type StoredMessage } from './state';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: AttachmentInfo[];
  state: DoubleState;
  gatewayUrl: string;
  dispatch(t: string, d: unknown): void;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: RouteContext) => RouteResult;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export const InteractionCallback = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

/** A Discord-style JSON error. */
export function discordError(status: number, code: number, message: string): RouteResult {
  return { status, body: { message, code } };
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const noContent: RouteResult = { status: 204 };

function bodyRecord(ctx: RouteContext): Record<string, unknown> {
  return isRecord(ctx.body) ? ctx.body : {};
}

function param(ctx: RouteContext, name: string): string {
  return ctx.params[name] ?? '';
}

const unknownChannel = discordError(404, 10003, 'Unknown Channel');
const unknownMessage = discordError(404, 10008, 'Unknown Message');
const unknownInteraction = discordError(404, 10062, 'Unknown interaction');
const unknownWebhook = discordError(404, 10015, 'Unknown Webhook');

function findInteractionByToken(ctx: RouteContext): InteractionRecord | undefined {
  const token = param(ctx, 'token');
  return [...ctx.state.interactions.values()].find((i) => i.token === token);
}

function webhookMessage(ctx: RouteContext, interaction: InteractionRecord): StoredMessage | undefined {
  const id = param(ctx, 'messageId');
  const messageId = id === '@original' ? interaction.originalMessageId : id;
  const message = messageId ? ctx.state.messages.get(messageId) : undefined;
  return message && !message.deleted ? message : undefined;
}

function interactionCallback(ctx: RouteContext): RouteResult {
  const interaction = ctx.state.interactions.get(param(ctx, 'id'));
  if (!interaction || interaction.token !== param(ctx, 'token')) return unknownInteraction;
  if (interaction.callbacks.length > 0) {
    return discordError(400, 40060, 'Interaction has already been acknowledged.');
  }
  const body = bodyRecord(ctx);
  const type = typeof body.type === 'number' ? body.type : 0;
  const data = isRecord(body.data) ? body.data : {};
  interaction.callbacks.push({ type, data, at: Date.now() });
  const { state } = ctx;
  let message: StoredMessage | undefined;
  switch (type) {
    case InteractionCallback.ChannelMessageWithSource:
    case InteractionCallback.DeferredChannelMessageWithSource: {
      const flags = (typeof data.flags === 'number' ? data.flags : 0) | (type === 5 ? 128 : 0);
      message = state.storeMessage({
        channelId: interaction.channelId,
        authorId: state.world.bot.id,
        body: { ...data, flags },
        attachments: ctx.files,
        source: 'interaction',
        interactionId: interaction.id,
      });
      interaction.originalMessageId = message.id;
      // Like Discord, visible (non-ephemeral) interaction responses also reach the gateway.
      if ((message.flags & 64) === 0) ctx.dispatch('MESSAGE_CREATE', state.messagePayload(message));
      break;
    }
    case InteractionCallback.DeferredMessageUpdate:
    case InteractionCallback.UpdateMessage: {
      message = interaction.messageId ? state.messages.get(interaction.messageId) : undefined;
      if (message && type === InteractionCallback.UpdateMessage) state.editMessage(message, data, ctx.files);
      if (message) interaction.originalMessageId = message.id;
      break;
    }
    default:
      break;
  }
  if (ctx.query.get('with_response') !== 'true') return noContent;
  return ok({
    interaction: {
      id: interaction.id,
      type: interaction.type,
      activity_instance_id: null,
      response_message_id: message?.id ?? null,
      response_message_loading: type === InteractionCallback.DeferredChannelMessageWithSource,
      response_message_ephemeral: message ? (message.flags & 64) === 64 : false,
    },
    resource: message ? { type, message: state.messagePayload(message) } : { type },
  });
}

/** How long Discord remembers a message's nonce for `enforce_nonce` ("the past few minutes"). */
export const NONCE_WINDOW_MS = 5 * 60_000;

/**
 * Like Discord: a message created with `enforce_nonce` and a nonce the same author used in the past
 * few minutes is not created again; the first message is returned instead (and nothing is dispatched).
 */
function messageWithNonce(ctx: RouteContext, body: Record<string, unknown>): StoredMessage | undefined {
  const nonce = body.nonce;
  if (body.enforce_nonce !== true || (typeof nonce !== 'string' && typeof nonce !== 'number')) return undefined;
  const since = Date.now() - NONCE_WINDOW_MS;
  return [...ctx.state.messages.values()].find((m) => m.nonce === nonce && m.authorId === ctx.state.world.bot.id && Date.parse(m.createdAt) >= since);
}

function createChannelMessage(ctx: RouteContext): RouteResult {
  const channelId = param(ctx, 'channelId');
  if (!ctx.state.isKnownChannel(channelId)) return unknownChannel;
  const body = bodyRecord(ctx);
  if (typeof body.nonce === 'string' && body.nonce.length > 25) return discordError(400, 50035, 'Invalid Form Body');
  if (body.enforce_nonce === true && body.nonce === undefined) return discordError(400, 50035, 'Invalid Form Body');
  const first = messageWithNonce(ctx, body);
  if (first) return ok(ctx.state.messagePayload(first));
  const message = ctx.state.storeMessage({
    channelId,
    authorId: ctx.state.world.bot.id,
    body,
    attachments: ctx.files,
    source: 'channel',
  });
  const payload = ctx.state.messagePayload(message);
  ctx.dispatch('MESSAGE_CREATE', payload);
  return ok(payload);
}

function channelMessage(ctx: RouteContext): StoredMessage | undefined {
  const message = ctx.state.messages.get(param(ctx, 'messageId'));
  return message && !message.deleted && message.channelId === param(ctx, 'channelId') ? message : undefined;
}

function createThread(ctx: RouteContext): RouteResult {
  const parentId = param(ctx, 'channelId');
  const parent = ctx.state.channel(parentId);
  if (!parent) return unknownChannel;
  if (parent.type !== ChannelKind.GuildText) return discordError(400, 50024, 'Cannot execute action on this channel type');
  const body = bodyRecord(ctx);
  const fromMessage = 'messageId' in ctx.params;
  const requestedType = typeof body.type === 'number' ? body.type : ChannelKind.PrivateThread;
  const type = fromMessage ? ChannelKind.PublicThread : requestedType;
  const name = typeof body.name === 'string' ? body.name : 'thread';
  const invitable = body.invitable !== false;
  const thread = ctx.state.createThread(parentId, name, type, invitable, ctx.state.world.bot.id);
  const payload = ctx.state.channelPayload(thread.id) ?? {};
  const ownerMember = { id: thread.id, user_id: ctx.state.world.bot.id, join_timestamp: new Date().toISOString(), flags: 0 };
  ctx.dispatch('THREAD_CREATE', { ...payload, newly_created: true, member: ownerMember });
  return { status: 201, body: { ...payload, member: ownerMember } };
}

function addThreadMember(ctx: RouteContext): RouteResult {
  const threadId = param(ctx, 'channelId');
  const thread = ctx.state.channel(threadId);
  if (!thread || (thread.type !== ChannelKind.PublicThread && thread.type !== ChannelKind.PrivateThread)) {
    return unknownChannel;
  }
  const userId = param(ctx, 'userId') === '@me' ? ctx.state.world.bot.id : param(ctx, 'userId');
  if (!ctx.state.user(userId)) return discordError(404, 10013, 'Unknown User');
  const already = ctx.state.threadMembers.some((m) => m.threadId === threadId && m.userId === userId);
  if (!already) ctx.state.threadMembers.push({ threadId, userId });
  const members = ctx.state.threadMembers.filter((m) => m.threadId === threadId);
  ctx.dispatch('THREAD_MEMBERS_UPDATE', {
    id: threadId,
    guild_id: ctx.state.world.guild.id,
    member_count: members.length,
    added_members: already
      ? []
      : [{ id: threadId, user_id: userId, join_timestamp: new Date().toISOString(), flags: 0, member: ctx.state.memberPayload(userId) }],
  });
  return noContent;
}

function putCommands(scope: 'global' | 'guild'): Handler {
  return (ctx) => {
    const key = scope === 'global' ? 'global' : param(ctx, 'guildId');
    const list = Array.isArray(ctx.body) ? ctx.body : [];
    for (let i = ctx.state.commands.length - 1; i >= 0; i -= 1) {
      if (ctx.state.commands[i]?.scope === key) ctx.state.commands.splice(i, 1);
    }
    const result = list.filter(isRecord).map((command) => {
      const id = nextSnowflake();
      ctx.state.commands.push({ scope: key, body: command, id });
      return commandPayload(ctx, command, id, scope === 'guild' ? key : undefined);
    });
    return ok(result);
  };
}

function commandPayload(ctx: RouteContext, command: Record<string, unknown>, id: string, guildId?: string): Record<string, unknown> {
  return {
    type: 1,
    description: '',
    options: [],
    default_member_permissions: null,
    nsfw: false,
    ...command,
    id,
    application_id: ctx.state.world.applicationId,
    guild_id: guildId,
    version: id,
  };
}

function getCommands(scope: 'global' | 'guild'): Handler {
  return (ctx) => {
    const key = scope === 'global' ? 'global' : param(ctx, 'guildId');
    return ok(
      ctx.state.commands
        .filter((c) => c.scope === key)
        .map((c) => commandPayload(ctx, c.body, c.id, scope === 'guild' ? key : undefined)),
    );
  };
}

const table: Array<[string, string, Handler]> = [
  ['GET', '/gateway/bot', (ctx) =>
    ok({
      url: ctx.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    })],
  ['GET', '/gateway', (ctx) => ok({ url: ctx.gatewayUrl })],
  ['GET', '/users/@me', (ctx) => ok(ctx.state.userPayload(ctx.state.world.bot.id))],
  ['GET', '/applications/@me', (ctx) => ok(ctx.state.applicationPayload())],
  ['GET', '/oauth2/applications/@me', (ctx) => ok(ctx.state.applicationPayload())],
  ['POST', '/users/@me/channels', (ctx) => {
    const recipientId = bodyRecord(ctx).recipient_id;
    if (typeof recipientId !== 'string' || !ctx.state.user(recipientId)) return discordError(400, 50033, 'Invalid Recipient(s)');
    return ok(ctx.state.channelPayload(ctx.state.dmChannelFor(recipientId)));
  }],
  ['GET', '/users/:userId', (ctx) => {
    const user = ctx.state.user(param(ctx, 'userId'));
    return user ? ok(ctx.state.userPayload(user.id)) : discordError(404, 10013, 'Unknown User');
  }],
  ['PUT', '/applications/:appId/commands', putCommands('global')],
  ['GET', '/applications/:appId/commands', getCommands('global')],
  ['PUT', '/applications/:appId/guilds/:guildId/commands', putCommands('guild')],
  ['GET', '/applications/:appId/guilds/:guildId/commands', getCommands('guild')],
  ['POST', '/interactions/:id/:token/callback', interactionCallback],
  ['GET', '/webhooks/:appId/:token/messages/:messageId', (ctx) => {
    const interaction = findInteractionByToken(ctx);
    if (!interaction) return unknownWebhook;
    const message = webhookMessage(ctx, interaction);
    return message ? ok(ctx.state.messagePayload(message)) : unknownMessage;
  }],
  ['PATCH', '/webhooks/:appId/:token/messages/:messageId', (ctx) => {
    const interaction = findInteractionByToken(ctx);
    if (!interaction) return unknownWebhook;
    const message = webhookMessage(ctx, interaction);
    if (!message) return unknownMessage;
    return ok(ctx.state.messagePayload(ctx.state.editMessage(message, bodyRecord(ctx), ctx.files)));
  }],
  ['DELETE', '/webhooks/:appId/:token/messages/:messageId', (ctx) => {
    const interaction = findInteractionByToken(ctx);
    if (!interaction) return unknownWebhook;
    const message = webhookMessage(ctx, interaction);
    if (!message) return unknownMessage;
    message.deleted = true;
    return noContent;
  }],
  ['POST', '/webhooks/:appId/:token', (ctx) => {
    const interaction = findInteractionByToken(ctx);
    if (!interaction) return unknownWebhook;
    if (interaction.callbacks.length === 0) return unknownWebhook;
    const message = ctx.state.storeMessage({
      channelId: interaction.channelId,
      authorId: ctx.state.world.bot.id,
      body: bodyRecord(ctx),
      attachments: ctx.files,
      source: 'followup',
      interactionId: interaction.id,
    });
    const payload = ctx.state.messagePayload(message);
    if ((message.flags & 64) === 0) ctx.dispatch('MESSAGE_CREATE', payload);
    return ok(payload);
  }],
  ['GET', '/channels/:channelId', (ctx) => {
    const payload = ctx.state.channelPayload(param(ctx, 'channelId'));
    return payload ? ok(payload) : unknownChannel;
  }],
  ['GET', '/channels/:channelId/messages', (ctx) => {
    const channelId = param(ctx, 'channelId');
    if (!ctx.state.isKnownChannel(channelId)) return unknownChannel;
    const list = [...ctx.state.messages.values()].filter((m) => m.channelId === channelId && !m.deleted).reverse();
    const limit = Number(ctx.query.get('limit') ?? '50');
    return ok(list.slice(0, limit).map((m) => ctx.state.messagePayload(m)));
  }],
  ['POST', '/channels/:channelId/messages', createChannelMessage],
  ['GET', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = channelMessage(ctx);
    return message ? ok(ctx.state.messagePayload(message)) : unknownMessage;
  }],
  ['PATCH', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = channelMessage(ctx);
    if (!message) return unknownMessage;
    if (message.authorId !== ctx.state.world.bot.id) return discordError(403, 50005, 'Cannot edit a message authored by another user');
    const payload = ctx.state.messagePayload(ctx.state.editMessage(message, bodyRecord(ctx), ctx.files));
    ctx.dispatch('MESSAGE_UPDATE', payload);
    return ok(payload);
  }],
  ['DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
    const message = channelMessage(ctx);
    if (!message) return unknownMessage;
    message.deleted = true;
    ctx.dispatch('MESSAGE_DELETE', { id: message.id, channel_id: message.channelId, guild_id: ctx.state.world.guild.id });
    return noContent;
  }],
  ['PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) =>
    channelMessage(ctx) ? noContent : unknownMessage],
  ['POST', '/channels/:channelId/typing', (ctx) =>
    ctx.state.isKnownChannel(param(ctx, 'channelId')) ? noContent : unknownChannel],
  ['POST', '/channels/:channelId/threads', createThread],
  ['POST', '/channels/:channelId/messages/:messageId/threads', createThread],
  ['PUT', '/channels/:channelId/thread-members/:userId', addThreadMember],
  ['DELETE', '/channels/:channelId/thread-members/:userId', (ctx) => {
    const threadId = param(ctx, 'channelId');
    const index = ctx.state.threadMembers.findIndex((m) => m.threadId === threadId && m.userId === param(ctx, 'userId'));
    if (index >= 0) ctx.state.threadMembers.splice(index, 1);
    return noContent;
  }],
  ['GET', '/channels/:channelId/thread-members', (ctx) => {
    const threadId = param(ctx, 'channelId');
    return ok(
      ctx.state.threadMembers
        .filter((m) => m.threadId === threadId)
        .map((m) => ({ id: threadId, user_id: m.userId, join_timestamp: ctx.state.joinedAt, flags: 0 })),
    );
  }],
  ['GET', '/guilds/:guildId', (ctx) =>
    ctx.state.guilds().some((g) => g.id === param(ctx, 'guildId')) ? ok(ctx.state.guildPayload(param(ctx, 'guildId'))) : discordError(404, 10004, 'Unknown Guild')],
  ['GET', '/guilds/:guildId/channels', (ctx) =>
    ok(ctx.state.world.channels.flatMap((c) => {
      const payload = ctx.state.channelPayload(c.id);
      return payload && c.type !== ChannelKind.PublicThread && c.type !== ChannelKind.PrivateThread ? [payload] : [];
    }))],
  ['GET', '/guilds/:guildId/roles', (ctx) => ok(ctx.state.rolesPayload())],
  ['GET', '/guilds/:guildId/members', (ctx) =>
    ok(ctx.state.world.members.flatMap((m) => {
      const payload = ctx.state.memberPayload(m.userId);
      return payload ? [payload] : [];
    }))],
  ['GET', '/guilds/:guildId/members/:userId', (ctx) => {
    const payload = ctx.state.memberPayload(param(ctx, 'userId'));
    return payload ? ok(payload) : discordError(404, 10007, 'Unknown Member');
  }],
  ['PUT', '/guilds/:guildId/members/:userId/roles/:roleId', (ctx) => roleChange(ctx, 'add')],
  ['DELETE', '/guilds/:guildId/members/:userId/roles/:roleId', (ctx) => roleChange(ctx, 'remove')],
];

function roleChange(ctx: RouteContext, change: 'add' | 'remove'): RouteResult {
  const member = ctx.state.world.members.find((m) => m.userId === param(ctx, 'userId'));
  if (!member) return discordError(404, 10007, 'Unknown Member');
  const roleId = param(ctx, 'roleId');
  if (!ctx.state.world.roles.some((r) => r.id === roleId)) return discordError(404, 10011, 'Unknown Role');
  member.roleIds = change === 'add' ? [...new Set([...member.roleIds, roleId])] : member.roleIds.filter((r) => r !== roleId);
  const payload = ctx.state.memberPayload(member.userId);
  ctx.dispatch('GUILD_MEMBER_UPDATE', { ...payload, guild_id: ctx.state.world.guild.id });
  return noContent;
}

const routes: Route[] = table.map(([method, pattern, handler]) => ({
  method,
  segments: pattern.split('/').filter(Boolean),
  handler,
}));

/** Find the handler for a method and a path (without the /api/v10 prefix). Literal routes win over params. */
export function matchRoute(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = part;
        return true;
      }
      return segment === part;
    });
    if (matches) return { handler: route.handler, params };
  }
  return undefined;
}
