// The world the Discord double serves: one guild with channels, roles and members, plus the bot.
// Builders turn the world into Discord API v10 payloads that discord.js accepts.

export const ChannelKind = {
  GuildText: 0,
  DM: 1,
  GuildCategory: 4,
  PublicThread: 11,
  PrivateThread: 12,
} as const;

export interface WorldUser {
  id: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface WorldMember {
  userId: string;
  roleIds: string[];
  nick?: string | null;
}

export interface WorldRole {
  id: string;
  name: string;
  /** Permission bit set as a decimal string; defaults to "0" ("@everyone" gets basic text permissions). */
  permissions?: string;
}

export interface WorldChannel {
  id: string;
  name: string;
  /** 0 text, 4 category, 11 public thread, 12 private thread. DM channels are created on demand. */
  type: number;
  /** The server the channel is in, when it is one of `moreGuilds` (default: `guild`). */
  guildId?: string;
  parentId?: string | null;
  topic?: string | null;
  ownerId?: string;
}

export interface WorldGuild {
  id: string;
  name: string;
  ownerId: string;
}

export interface World {
  guild: WorldGuild;
  /** Further servers the bot is in (every member and role is in each); their channels name them with `guildId`. */
  moreGuilds?: WorldGuild[];
  bot: WorldUser;
  applicationId: string;
  applicationFlags?: number;
  users: WorldUser[];
  members: WorldMember[];
  roles: WorldRole[];
  channels: WorldChannel[];
}

const DISCORD_EPOCH = 1_420_070_400_000n;

/** The shard a server's events go to, as Discord computes it: (guild_id >> 22) % shard count. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
let snowflakeCounter = 0n;

/** A fresh, time-ordered snowflake id (unique within this process). */
export function nextSnowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1n) & 0xfffn;
  const ms = BigInt(Date.now()) - DISCORD_EPOCH;
  return ((ms << 22n) | (1n << 17n) | snowflakeCounter).toString();
}

export const riverside = {
  guildId: '1100000000000000001',
  applicationId: '1100000000000000002',
  botId: '1100000000000000002',
  channels: {
    general: '1100000000000000101',
    housingOffice: '1100000000000000102',
    mediation: '1100000000000000103',
  },
  roles: {
    coordinator: '1100000000000000201',
    socialWorker: '1100000000000000202',
  },
  users: {
    maria: '1100000000000000301',
    chen: '1100000000000000302',
    li: '1100000000000000303',
    wang: '1100000000000000304',
  },
} as const;

/** The default world: the "Riverside" neighbourhood guild. Returns a fresh copy each call. */
export function defaultWorld(): World {
  const r = riverside;
  return {
    guild: { id: r.guildId, name: 'Riverside', ownerId: r.users.wang },
    bot: { id: r.botId, username: 'commonground', globalName: 'CommonGround', bot: true },
    applicationId: r.applicationId,
    applicationFlags: 0,
    users: [
      { id: r.users.maria, username: 'maria', globalName: 'Maria' },
      { id: r.users.chen, username: 'chen', globalName: 'Chen' },
      { id: r.users.li, username: 'li', globalName: 'Li' },
      { id: r.users.wang, username: 'wang', globalName: 'Wang' },
    ],
    members: [
      { userId: r.botId, roleIds: [] },
      { userId: r.users.maria, roleIds: [] },
      { userId: r.users.chen, roleIds: [] },
      { userId: r.users.li, roleIds: [r.roles.socialWorker] },
      { userId: r.users.wang, roleIds: [r.roles.coordinator] },
    ],
    roles: [
      { id: r.roles.coordinator, name: 'coordinator' },
      { id: r.roles.socialWorker, name: 'social_worker' },
    ],
    channels: [
      { id: r.channels.general, name: 'general', type: ChannelKind.GuildText, topic: 'Everything Riverside' },
      { id: r.channels.housingOffice, name: 'housing-office', type: ChannelKind.GuildText },
      { id: r.channels.mediation, name: 'mediation', type: ChannelKind.GuildText },
    ],
  };
}

// Send messages, read history, embed links, attach files, view channel, threads.
const EVERYONE_PERMISSIONS = '395137117184';
// Administrator: the bot and interactions see everything in tests.
export const ALL_PERMISSIONS = '8';

export function userPayload(user: WorldUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName ?? null,
    discriminator: '0',
    avatar: null,
    bot: user.bot ?? false,
    system: false,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

export function rolePayload(role: WorldRole, position: number): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: role.permissions ?? '0',
    managed: false,
    mentionable: true,
    flags: 0,
  };
}

export function everyoneRole(guildId: string): WorldRole {
  return { id: guildId, name: '@everyone', permissions: EVERYONE_PERMISSIONS };
}

export function memberPayload(member: WorldMember, user: WorldUser, joinedAt: string): Record<string, unknown> {
  return {
    user: userPayload(user),
    nick: member.nick ?? null,
    avatar: null,
    roles: [...member.roleIds],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

export function channelPayload(channel: WorldChannel, guildId: string, position: number): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: channel.id,
    type: channel.type,
    guild_id: guildId,
    name: channel.name,
    position,
    permission_overwrites: [],
    nsfw: false,
    parent_id: channel.parentId ?? null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
  if (channel.type === ChannelKind.PublicThread || channel.type === ChannelKind.PrivateThread) {
    return {
      ...base,
      owner_id: channel.ownerId ?? null,
      member_count: 1,
      message_count: 0,
      total_message_sent: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        invitable: channel.type === ChannelKind.PrivateThread ? false : undefined,
        create_timestamp: new Date().toISOString(),
      },
    };
  }
  return { ...base, topic: channel.topic ?? null };
}

export function dmChannelPayload(channelId: string, recipient: WorldUser): Record<string, unknown> {
  return {
    id: channelId,
    type: ChannelKind.DM,
    last_message_id: null,
    recipients: [userPayload(recipient)],
    flags: 0,
  };
}
