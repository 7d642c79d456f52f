/**
 * What the Web API double remembers between calls, and the small helpers its methods share.
 */
import { findChannel, findUser } from './fixtures';
import type { SlackChannelFixture, SlackUserFixture, SlackWorld } from './fixtures';
import { slackId } from './payloads';
import type { JsonObject } from './payloads';

export type Args = Record<string, unknown>;

/** What a Web API method answers: the JSON body (`ok` included). */
export type MethodResult = JsonObject & { ok: boolean };

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  /** Who posted it: the bot's user id for messages the app sent. */
  user: string;
  botId: string | undefined;
  /** Set for ephemeral messages: the only person who sees it. */
  ephemeralTo?: string;
  /** Ids of files shared with the message. */
  files?: string[];
  metadata?: unknown;
  edited?: { user: string; ts: string };
  deleted?: boolean;
}

export interface StoredView {
  id: string;
  /** The view as the app sent it (title, blocks, callback_id, private_metadata...). */
  view: JsonObject;
  userId: string | undefined;
  triggerId: string | undefined;
  hash: string;
  externalId: string | undefined;
  rootViewId: string;
  previousViewId: string | undefined;
  /** `modal` views from views.open/push, `home` from views.publish. */
  kind: 'modal' | 'home';
  closed?: boolean;
}

export interface StoredFile {
  id: string;
  filename: string;
  length: number;
  title: string | undefined;
  altText: string | undefined;
  data: Buffer | undefined;
  completed: boolean;
  channel: string | undefined;
  initialComment: string | undefined;
  threadTs: string | undefined;
}

export interface WebApiState {
  world: SlackWorld;
  messages: StoredMessage[];
  views: StoredView[];
  files: Map<string, StoredFile>;
  /** Trigger ids minted by the double, with the time they were minted (ms). */
  triggers: Map<string, number>;
  /** A trigger id older than this is refused with `expired_trigger_id`. */
  triggerTtlMs: number;
  /** Refuse trigger ids the double did not mint (`invalid_trigger_id`). */
  strictTriggers: boolean;
  /** Base URL of the double (`http://127.0.0.1:PORT`), for upload URLs and permalinks. */
  baseUrl: () => string;
  /** Mints a Socket Mode URL for `apps.connections.open`; undefined when Socket Mode is off. */
  openSocketUrl: (() => string) | undefined;
  lastTsSeconds: number;
  tsCounter: number;
}

export function createWebApiState(
  world: SlackWorld,
  options: Pick<WebApiState, 'baseUrl' | 'openSocketUrl' | 'triggerTtlMs' | 'strictTriggers'>,
): WebApiState {
  return {
    world,
    messages: [],
    views: [],
    files: new Map(),
    triggers: new Map(),
    lastTsSeconds: 0,
    tsCounter: 0,
    ...options,
  };
}

/** A message timestamp like Slack's (`1700000000.000100`), unique and increasing. */
export function nextTs(state: WebApiState): string {
  const seconds = Math.floor(Date.now() / 1000);
  if (seconds > state.lastTsSeconds) {
    state.lastTsSeconds = seconds;
    state.tsCounter = 0;
  }
  state.tsCounter += 1;
  return `${state.lastTsSeconds}.${String(state.tsCounter * 100).padStart(6, '0')}`;
}

export function fail(error: string, extra: JsonObject = {}): MethodResult {
  return { ok: false, error, ...extra };
}

export function str(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function bool(args: Args, key: string): boolean {
  const value = args[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function list(args: Args, key: string): string[] {
  const value = args[key];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  const text = str(args, key);
  if (text === undefined || text === '') return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function newId(prefix: string): string {
  return slackId(prefix);
}

export function lookupUser(state: WebApiState, id: string): SlackUserFixture | undefined {
  return findUser(state.world, id);
}

export function lookupChannel(state: WebApiState, idOrName: string): SlackChannelFixture | undefined {
  return findChannel(state.world, idOrName);
}

/** The direct message channel between the bot and `user`, created on first use. */
export function imWith(state: WebApiState, user: string): SlackChannelFixture {
  const existing = state.world.channels.find((c) => c.isIm === true && c.user === user);
  if (existing !== undefined) return existing;
  const created: SlackChannelFixture = {
    id: `D${user.replace(/^[UW]/, '').slice(0, 9)}`,
    name: user,
    isPrivate: true,
    isIm: true,
    user,
    creator: state.world.bot.userId,
    members: [user, state.world.bot.userId],
    created: Math.floor(Date.now() / 1000),
  };
  state.world.channels.push(created);
  return created;
}

export function botIsMember(state: WebApiState, channel: SlackChannelFixture): boolean {
  return channel.members.includes(state.world.bot.userId);
}

/**
 * Where the bot may post: user ids open a DM, private channels the bot is not in do not exist
 * for it (`channel_not_found`), public ones it is not in answer `not_in_channel`.
 */
export function resolvePostTarget(state: WebApiState, target: string | undefined): SlackChannelFixture | MethodResult {
  if (target === undefined || target === '') return fail('channel_not_found');
  if (lookupUser(state, target) !== undefined && /^[UW]/.test(target)) return imWith(state, target);
  const channel = lookupChannel(state, target);
  if (channel === undefined) return fail('channel_not_found');
  if (!botIsMember(state, channel)) return channel.isPrivate ? fail('channel_not_found') : fail('not_in_channel');
  return channel;
}

export function isFailure(value: SlackChannelFixture | MethodResult): value is MethodResult {
  return 'ok' in value;
}

export function channelObject(state: WebApiState, c: SlackChannelFixture): JsonObject {
  if (c.isIm === true) {
    return { id: c.id, created: c.created, is_im: true, is_org_shared: false, user: c.user, is_user_deleted: false, priority: 0 };
  }
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.isPrivate && c.isMpim !== true,
    is_group: c.isPrivate && c.isMpim !== true,
    is_im: false,
    is_mpim: c.isMpim === true,
    is_private: c.isPrivate,
    created: c.created,
    creator: c.creator,
    is_archived: false,
    is_general: c.name === 'general',
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: botIsMember(state, c),
    context_team_id: state.world.team.id,
    topic: { value: c.topic ?? '', creator: c.creator, last_set: c.created },
    purpose: { value: c.purpose ?? '', creator: c.creator, last_set: c.created },
    num_members: c.members.length,
  };
}

export function userObject(state: WebApiState, u: SlackUserFixture, includeLocale: boolean): JsonObject {
  const user: JsonObject = {
    id: u.id,
    team_id: state.world.team.id,
    name: u.name,
    real_name: u.realName,
    deleted: false,
    tz: u.tz,
    tz_label: u.tz,
    tz_offset: 0,
    is_admin: u.isAdmin === true,
    is_owner: false,
    is_bot: u.isBot === true,
    is_app_user: false,
    is_restricted: false,
    is_ultra_restricted: false,
    updated: 1_700_000_000,
    profile: {
      title: u.title,
      real_name: u.realName,
      real_name_normalized: u.realName,
      display_name: u.name,
      display_name_normalized: u.name,
      team: state.world.team.id,
      image_48: `https://avatars.slack-edge.invalid/${u.id}_48.png`,
    },
  };
  if (includeLocale) user.locale = u.locale;
  return user;
}

export function botUserObject(state: WebApiState): JsonObject {
  const { bot, team } = state.world;
  return {
    id: bot.userId,
    team_id: team.id,
    name: bot.name,
    real_name: bot.name,
    deleted: false,
    is_bot: true,
    is_app_user: false,
    updated: 1_700_000_000,
    profile: { real_name: bot.name, display_name: '', bot_id: bot.botId, api_app_id: bot.appId, always_active: true, team: team.id },
  };
}
