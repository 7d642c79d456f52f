/**
 * Web API methods about who and where: auth.test, conversations.*, users.info, usergroups.*.
 */
import type { SlackChannelFixture } from './fixtures';
import {
  botIsMember,
  botUserObject,
  bool,
  channelObject,
  fail,
  imWith,
  list,
  lookupChannel,
  lookupUser,
  str,
  userObject,
} from './web-api-state';
import type { Args, MethodResult, WebApiState } from './web-api-state';

type Method = (state: WebApiState, args: Args) => MethodResult;

const authTest: Method = (state) => {
  const { team, bot } = state.world;
  return {
    ok: true,
    url: `https://${team.domain}.slack.com/`,
    team: team.name,
    user: bot.name,
    team_id: team.id,
    user_id: bot.userId,
    bot_id: bot.botId,
    is_enterprise_install: false,
  };
};

/** A channel the bot can see: public ones always, private ones only as a member. */
function visibleChannel(state: WebApiState, id: string | undefined): SlackChannelFixture | undefined {
  if (id === undefined) return undefined;
  const channel = lookupChannel(state, id);
  if (channel === undefined) return undefined;
  if (channel.isPrivate && !botIsMember(state, channel)) return undefined;
  return channel;
}

const conversationsInfo: Method = (state, args) => {
  const channel = visibleChannel(state, str(args, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  return { ok: true, channel: channelObject(state, channel) };
};

/** Channels the bot can see, filtered by `types` (public_channel, private_channel, im, mpim); one page. */
const conversationsList: Method = (state, args) => {
  const types = new Set((str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim()));
  const kind = (c: SlackChannelFixture): string => (c.isIm === true ? 'im' : c.isMpim === true ? 'mpim' : c.isPrivate ? 'private_channel' : 'public_channel');
  const channels = state.world.channels
    .filter((c) => types.has(kind(c)))
    .filter((c) => !c.isPrivate || botIsMember(state, c))
    .map((c) => channelObject(state, c));
  return { ok: true, channels, response_metadata: { next_cursor: '' } };
};

const conversationsMembers: Method = (state, args) => {
  const channel = visibleChannel(state, str(args, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  return { ok: true, members: [...channel.members], response_metadata: { next_cursor: '' } };
};

const conversationsOpen: Method = (state, args) => {
  const existing = str(args, 'channel');
  if (existing !== undefined) {
    const channel = visibleChannel(state, existing);
    if (channel === undefined) return fail('channel_not_found');
    return { ok: true, no_op: true, already_open: true, channel: channelObject(state, channel) };
  }
  const users = list(args, 'users').filter((u) => u !== state.world.bot.userId);
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.length > 8) return fail('too_many_users');
  for (const u of users) if (lookupUser(state, u) === undefined) return fail('user_not_found');
  const returnIm = bool(args, 'return_im');
  if (users.length === 1) {
    const user = users[0] ?? '';
    const alreadyOpen = state.world.channels.some((c) => c.isIm === true && c.user === user);
    const im = imWith(state, user);
    const channel = returnIm ? channelObject(state, im) : { id: im.id };
    return alreadyOpen ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
  }
  const members = [...users, state.world.bot.userId].sort();
  let mpim = state.world.channels.find((c) => c.isMpim === true && [...c.members].sort().join() === members.join());
  if (mpim === undefined) {
    mpim = {
      id: `C${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      name: `mpdm-${members.join('--')}-1`,
      isPrivate: true,
      isMpim: true,
      creator: state.world.bot.userId,
      members,
      created: Math.floor(Date.now() / 1000),
    };
    state.world.channels.push(mpim);
  }
  return { ok: true, channel: returnIm ? channelObject(state, mpim) : { id: mpim.id } };
};

const conversationsCreate: Method = (state, args) => {
  const name = str(args, 'name') ?? '';
  if (name === '') return fail('invalid_name_required');
  if (name.length > 80) return fail('invalid_name_maxlength');
  if (!/^[a-z0-9_\-\u4e00-\u9fff]+$/.test(name)) return fail('invalid_name_specials');
  if (state.world.channels.some((c) => c.name === name && c.isIm !== true)) return fail('name_taken');
  const isPrivate = bool(args, 'is_private');
  const channel: SlackChannelFixture = {
    id: `C${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    name,
    isPrivate,
    creator: state.world.bot.userId,
    members: [state.world.bot.userId],
    created: Math.floor(Date.now() / 1000),
  };
  state.world.channels.push(channel);
  return { ok: true, channel: channelObject(state, channel) };
};

const conversationsInvite: Method = (state, args) => {
  const channel = visibleChannel(state, str(args, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  if (channel.isIm === true) return fail('method_not_supported_for_channel_type');
  if (!botIsMember(state, channel)) return fail('not_in_channel');
  const users = list(args, 'users');
  if (users.length === 0) return fail('no_user');
  if (users.length > 1000) return fail('too_many_users');
  if (users.includes(state.world.bot.userId)) return fail('cant_invite_self');
  for (const u of users) if (lookupUser(state, u) === undefined) return fail('user_not_found');
  const fresh = users.filter((u) => !channel.members.includes(u));
  if (fresh.length === 0) return fail('already_in_channel');
  channel.members.push(...fresh);
  return { ok: true, channel: channelObject(state, channel) };
};

const conversationsKick: Method = (state, args) => {
  const channel = visibleChannel(state, str(args, 'channel'));
  if (channel === undefined) return fail('channel_not_found');
  const user = str(args, 'user') ?? '';
  if (!channel.members.includes(user)) return fail('not_in_channel');
  channel.members = channel.members.filter((m) => m !== user);
  return { ok: true };
};

const usersInfo: Method = (state, args) => {
  const id = str(args, 'user') ?? '';
  if (id === state.world.bot.userId) return { ok: true, user: botUserObject(state) };
  const user = lookupUser(state, id);
  if (user === undefined || user.id !== id) return fail('user_not_found');
  return { ok: true, user: userObject(state, user, bool(args, 'include_locale')) };
};

const usergroupsList: Method = (state, args) => {
  const includeUsers = bool(args, 'include_users');
  const usergroups = state.world.usergroups.map((g) => ({
    id: g.id,
    team_id: state.world.team.id,
    is_usergroup: true,
    is_subteam: true,
    name: g.name,
    description: g.description,
    handle: g.handle,
    is_external: false,
    date_create: 1_700_000_000,
    date_update: 1_700_000_000,
    date_delete: 0,
    auto_type: null,
    created_by: state.world.users[0]?.id ?? state.world.bot.userId,
    updated_by: state.world.users[0]?.id ?? state.world.bot.userId,
    deleted_by: null,
    prefs: { channels: [], groups: [] },
    user_count: g.users.length,
    ...(includeUsers ? { users: [...g.users] } : {}),
  }));
  return { ok: true, usergroups };
};

const usergroupsUsersList: Method = (state, args) => {
  const id = str(args, 'usergroup') ?? '';
  const group = state.world.usergroups.find((g) => g.id === id);
  if (group === undefined) return fail('no_such_subteam');
  return { ok: true, users: [...group.users] };
};

export const directoryMethods: Record<string, Method> = {
  'auth.test': authTest,
  'conversations.info': conversationsInfo,
  'conversations.list': conversationsList,
  'conversations.members': conversationsMembers,
  'conversations.open': conversationsOpen,
  'conversations.create': conversationsCreate,
  'conversations.invite': conversationsInvite,
  'conversations.kick': conversationsKick,
  'users.info': usersInfo,
  'usergroups.list': usergroupsList,
  'usergroups.users.list': usergroupsUsersList,
};
