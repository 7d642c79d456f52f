// Mutable state of the Discord double: the world plus what happened (messages, DMs, threads,
// interactions, registered commands). Builders here produce API v10 payloads.
import {
  ChannelKind,
  channelPayload,
  dmChannelPayload,
  everyoneRole,
  memberPayload,
  nextSnowflake,
  rolePayload,
  shardOfGuild,
  userPayload,
  type World,
  type WorldChannel,
  type WorldGuild,
  type WorldUser,
} from './fixtures';

export interface AttachmentInfo {
  name: string;
  size: number;
  contentType?: string;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  authorId: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: AttachmentInfo[];
  flags: number;
  /** Set for messages posted through an interaction (reply, update, follow-up). */
  interactionId?: string;
  /** How the message was created. */
  source: 'channel' | 'interaction' | 'followup' | 'user';
  /** The nonce it was created with, if any (Discord returns it with the message). */
  nonce?: string | number;
  deleted: boolean;
  editedAt: string | null;
  createdAt: string;
}

export interface CallbackRecord {
  type: number;
  data: Record<string, unknown>;
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId: string | null;
  userId: string;
  /** The message the component was attached to (buttons, selects). */
  messageId?: string;
  callbacks: CallbackRecord[];
  /** The "@original" response message, once there is one. */
  originalMessageId?: string;
  createdAt: number;
}

export interface ThreadMemberRecord {
  threadId: string;
  userId: string;
}

export interface StoredCommand {
  scope: 'global' | string;
  body: Record<string, unknown>;
  id: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export class DoubleState {
  readonly world: World;
  readonly joinedAt = new Date().toISOString();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly dmChannels = new Map<string, string>(); // userId -> channelId
  readonly threadMembers: ThreadMemberRecord[] = [];
  readonly commands: StoredCommand[] = [];
  private readonly threadInvitable = new Map<string, boolean>();

  constructor(world: World) {
    this.world = world;
  }

  user(id: string): WorldUser | undefined {
    if (id === this.world.bot.id) return this.world.bot;
    return this.world.users.find((u) => u.id === id);
  }

  requireUser(id: string): WorldUser {
    const user = this.user(id);
    if (!user) throw new Error(`the Discord double has no user ${id}`);
    return user;
  }

  channel(id: string): WorldChannel | undefined {
    return this.world.channels.find((c) => c.id === id);
  }

  /** Every server the bot is in. */
  guilds(): WorldGuild[] {
    return [this.world.guild, ...(this.world.moreGuilds ?? [])];
  }

  /** The server a channel is in (the first server for a channel it does not know). */
  guildIdOf(channelId: string): string {
    return this.channel(channelId)?.guildId ?? this.world.guild.id;
  }

  channelByName(name: string): WorldChannel | undefined {
    return this.world.channels.find((c) => c.name === name);
  }

  dmRecipient(channelId: string): WorldUser | undefined {
    for (const [userId, dmId] of this.dmChannels) if (dmId === channelId) return this.user(userId);
    return undefined;
  }

  /** The DM channel between the bot and a user, created on first use. */
  dmChannelFor(userId: string): string {
    const existing = this.dmChannels.get(userId);
    if (existing) return existing;
    const id = nextSnowflake();
    this.dmChannels.set(userId, id);
    return id;
  }

  isKnownChannel(id: string): boolean {
    return this.channel(id) !== undefined || this.dmRecipient(id) !== undefined;
  }

  userPayload(id: string): Record<string, unknown> {
    return userPayload(this.requireUser(id));
  }

  memberPayload(userId: string): Record<string, unknown> | undefined {
    const member = this.world.members.find((m) => m.userId === userId);
    const user = this.user(userId);
    if (!member || !user) return undefined;
    return memberPayload(member, user, this.joinedAt);
  }

  channelPayload(id: string): Record<string, unknown> | undefined {
    const channel = this.channel(id);
    if (channel) {
      const index = this.world.channels.indexOf(channel);
      const payload = channelPayload(channel, channel.guildId ?? this.world.guild.id, index);
      const invitable = this.threadInvitable.get(id);
      if (invitable !== undefined && isRecord(payload.thread_metadata)) {
        payload.thread_metadata = { ...payload.thread_metadata, invitable };
      }
      return payload;
    }
    const recipient = this.dmRecipient(id);
    return recipient ? dmChannelPayload(id, recipient) : undefined;
  }

  rolesPayload(guildId: string = this.world.guild.id): Record<string, unknown>[] {
    const roles = [everyoneRole(guildId), ...this.world.roles];
    return roles.map((role, index) => rolePayload(role, index));
  }

  guildPayload(guildId: string = this.world.guild.id): Record<string, unknown> {
    const guild = this.guilds().find((g) => g.id === guildId) ?? this.world.guild;
    const inGuild = this.world.channels.filter((c) => (c.guildId ?? this.world.guild.id) === guild.id);
    const threads = inGuild.filter(
      (c) => c.type === ChannelKind.PublicThread || c.type === ChannelKind.PrivateThread,
    );
    const channels = inGuild.filter((c) => !threads.includes(c));
    const systemChannel = channels.find((c) => c.type === ChannelKind.GuildText);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      system_channel_id: systemChannel?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      application_id: null,
      features: [],
      roles: this.rolesPayload(guild.id),
      emojis: [],
      stickers: [],
      max_members: 500000,
      max_video_channel_users: 25,
      // GUILD_CREATE-only fields:
      joined_at: this.joinedAt,
      large: false,
      unavailable: false,
      member_count: this.world.members.length,
      voice_states: [],
      members: this.world.members.flatMap((m) => {
        const payload = this.memberPayload(m.userId);
        return payload ? [payload] : [];
      }),
      channels: channels.flatMap((c) => {
        const payload = this.channelPayload(c.id);
        return payload ? [payload] : [];
      }),
      threads: threads.flatMap((c) => {
        const payload = this.channelPayload(c.id);
        return payload ? [payload] : [];
      }),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** The servers a shard holds. */
  guildsOfShard(shard: [number, number]): WorldGuild[] {
    return this.guilds().filter((g) => shardOfGuild(g.id, shard[1]) === shard[0]);
  }

  readyPayload(sessionId: string, resumeUrl: string, shard: [number, number] = [0, 1]): Record<string, unknown> {
    return {
      v: 10,
      user: { ...userPayload(this.world.bot), verified: true, mfa_enabled: false, email: null },
      guilds: this.guildsOfShard(shard).map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      session_type: 'normal',
      resume_gateway_url: resumeUrl,
      shard,
      application: { id: this.world.applicationId, flags: this.world.applicationFlags ?? 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      user_settings: {},
      _trace: ['discord-double'],
    };
  }

  applicationPayload(): Record<string, unknown> {
    return {
      id: this.world.applicationId,
      name: this.world.bot.username,
      icon: null,
      description: '',
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: this.world.applicationFlags ?? 0,
      bot: userPayload(this.world.bot),
      owner: userPayload(this.world.bot),
      team: null,
    };
  }

  /** Create a thread channel in the world (it also appears in later GUILD_CREATE payloads). */
  createThread(parentId: string, name: string, type: number, invitable: boolean, ownerId: string): WorldChannel {
    const thread: WorldChannel = { id: nextSnowflake(), name, type, parentId, ownerId };
    this.world.channels.push(thread);
    if (type === ChannelKind.PrivateThread) this.threadInvitable.set(thread.id, invitable);
    this.threadMembers.push({ threadId: thread.id, userId: ownerId });
    return thread;
  }

  /** Store a message and return its API payload. */
  storeMessage(input: {
    channelId: string;
    authorId: string;
    body: Record<string, unknown>;
    attachments: AttachmentInfo[];
    source: StoredMessage['source'];
    interactionId?: string;
  }): StoredMessage {
    const message: StoredMessage = {
      id: nextSnowflake(),
      channelId: input.channelId,
      authorId: input.authorId,
      content: typeof input.body.content === 'string' ? input.body.content : '',
      embeds: asArray(input.body.embeds),
      components: asArray(input.body.components),
      attachments: input.attachments,
      flags: typeof input.body.flags === 'number' ? input.body.flags : 0,
      interactionId: input.interactionId,
      source: input.source,
      ...(typeof input.body.nonce === 'string' || typeof input.body.nonce === 'number' ? { nonce: input.body.nonce } : {}),
      deleted: false,
      editedAt: null,
      createdAt: new Date().toISOString(),
    };
    this.messages.set(message.id, message);
    return message;
  }

  /** Apply a PATCH-style edit (only the fields present change). */
  editMessage(message: StoredMessage, body: Record<string, unknown>, attachments: AttachmentInfo[]): StoredMessage {
    if (typeof body.content === 'string' || body.content === null) message.content = body.content ?? '';
    if (Array.isArray(body.embeds)) message.embeds = body.embeds;
    if (Array.isArray(body.components)) message.components = body.components;
    if (typeof body.flags === 'number') message.flags = (message.flags & ~128) | body.flags;
    else message.flags &= ~128; // an edit resolves a deferred "thinking" message
    if (attachments.length > 0 || Array.isArray(body.attachments)) {
      const kept = Array.isArray(body.attachments) ? message.attachments : [];
      message.attachments = [...kept, ...attachments];
    }
    message.editedAt = new Date().toISOString();
    return message;
  }

  messagePayload(message: StoredMessage): Record<string, unknown> {
    const author = this.user(message.authorId);
    const channel = this.channel(message.channelId);
    const payload: Record<string, unknown> = {
      id: message.id,
      type: 0,
      channel_id: message.channelId,
      author: author ? userPayload(author) : { id: message.authorId, username: 'unknown', discriminator: '0' },
      content: message.content,
      timestamp: message.createdAt,
      edited_timestamp: message.editedAt,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      mention_channels: [],
      attachments: message.attachments.map((a, index) => ({
        id: `${message.id}${index}`,
        filename: a.name,
        size: a.size,
        content_type: a.contentType,
        url: `https://cdn.discordapp.com/attachments/${message.channelId}/${message.id}/${a.name}`,
        proxy_url: `https://media.discordapp.net/attachments/${message.channelId}/${message.id}/${a.name}`,
      })),
      embeds: message.embeds,
      components: message.components,
      reactions: [],
      pinned: false,
      flags: message.flags,
      ...(message.nonce !== undefined ? { nonce: message.nonce } : {}),
    };
    if (channel) {
      payload.guild_id = channel.guildId ?? this.world.guild.id;
      const member = this.memberPayload(message.authorId);
      if (member) {
        const { user: _user, ...rest } = member;
        payload.member = rest;
      }
    }
    if (message.interactionId) {
      const interaction = this.interactions.get(message.interactionId);
      payload.webhook_id = this.world.applicationId;
      payload.application_id = this.world.applicationId;
      if (interaction) {
        payload.interaction_metadata = {
          id: interaction.id,
          type: interaction.type,
          user: this.userPayload(interaction.userId),
          authorizing_integration_owners: { '0': this.world.guild.id },
        };
      }
    }
    return payload;
  }
}
