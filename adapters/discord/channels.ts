import { ChannelType, type Client, type Guild, type GuildTextBasedChannel, type TextChannel } from 'discord.js';
import type { ConversationRef } from '../../src/core/events';

const SNOWFLAKE = /^\d{15,21}$/;

/**
 * Channel names in the community configuration (`housing-office`) and ids in events (`1100…`)
 * both lead to a channel in the server's cache. Nothing is created: a missing channel is an error
 * the person running the bot fixes in Discord.
 */
export function createChannelDirectory(client: Client) {
  const guildOf = (space: string): Guild | undefined => client.guilds.cache.get(space) ?? (client.guilds.cache.size === 1 ? client.guilds.cache.first() : undefined);

  async function byIdOrName(space: string, channel: string): Promise<GuildTextBasedChannel | TextChannel> {
    if (SNOWFLAKE.test(channel)) {
      const found = client.channels.cache.get(channel) ?? (await client.channels.fetch(channel));
      if (found && found.isTextBased() && !found.isDMBased()) return found;
    }
    const guild = guildOf(space);
    const named = guild?.channels.cache.find((c) => c.name === channel.replace(/^#/, '') && c.type === ChannelType.GuildText);
    if (named && named.type === ChannelType.GuildText) return named;
    throw new Error(`no Discord channel "${channel}" in server ${space}`);
  }

  return {
    /** The text channel (or thread) a conversation ref points at; DMs go through `dm`. */
    async text(ref: ConversationRef) {
      if (ref.direct) {
        const found = client.channels.cache.get(ref.channel) ?? (await client.channels.fetch(ref.channel));
        if (found?.isSendable()) return found;
        throw new Error('direct conversation is not reachable');
      }
      if (ref.thread) {
        const thread = client.channels.cache.get(ref.thread) ?? (await client.channels.fetch(ref.thread));
        if (thread?.isThread()) return thread;
      }
      return byIdOrName(ref.space, ref.channel);
    },
    /** A text channel that can hold threads. */
    async parent(ref: ConversationRef): Promise<TextChannel> {
      const channel = await byIdOrName(ref.space, ref.channel);
      if (channel.type !== ChannelType.GuildText) throw new Error('threads can only be opened in a text channel');
      return channel;
    },
    /** The id of the place a ref points at, as interactions report it (the thread's id inside a thread). */
    placeId(ref: ConversationRef): string {
      if (ref.thread) return ref.thread;
      if (ref.direct || SNOWFLAKE.test(ref.channel)) return ref.channel;
      const guild = guildOf(ref.space);
      return guild?.channels.cache.find((c) => c.name === ref.channel)?.id ?? ref.channel;
    },
  };
}

export type ChannelDirectory = ReturnType<typeof createChannelDirectory>;
