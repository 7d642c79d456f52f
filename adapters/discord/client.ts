import { Client, GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';

export interface DiscordClientSettings {
  /** DISCORD_API_URL: the REST base without version (a local double or a proxy). */
  apiUrl?: string;
  /** DISCORD_MESSAGE_CONTENT=1: read the text of every guild message (a privileged intent). */
  messageContent?: boolean;
}

/** The gateway intents the flows need: no presences, no member list, no message content by default. */
export function intentsFor(settings: DiscordClientSettings): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (settings.messageContent) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

/**
 * A discord.js client with bounded caches. discord.js keeps users, members and messages forever by
 * default; a community bot runs for months, so the caches are capped and swept.
 */
export function createDiscordClient(settings: DiscordClientSettings): Client {
  const options: ClientOptions = {
    intents: intentsFor(settings),
    // DMs arrive on channels the client has not cached yet.
    partials: [Partials.Channel],
    // Never ping anyone by accident, whatever a message contains.
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 50,
      UserManager: 1_000,
      GuildMemberManager: { maxSize: 1_000, keepOverLimit: (member) => member.id === member.client.user.id },
      ReactionManager: 0,
      PresenceManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      VoiceStateManager: 0,
      GuildInviteManager: 0,
      GuildScheduledEventManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 3_600, lifetime: 1_800 },
      users: { interval: 3_600, filter: () => (user) => user.id !== user.client.user.id },
      guildMembers: { interval: 3_600, filter: () => (member) => member.id !== member.client.user.id },
    },
  };
  if (settings.apiUrl) options.rest = { api: settings.apiUrl };
  return new Client(options);
}
