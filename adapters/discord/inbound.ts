import type {
  ButtonInteraction,
  Channel,
  ChatInputCommandInteraction,
  GuildMember,
  Message,
  ModalSubmitInteraction,
  StringSelectMenuInteraction,
  User,
} from 'discord.js';
import type { ChatUser, ConversationRef, InboundEvent } from '../../src/core/events';
import { splitArgs } from '../../src/core/text';
import { BASE_SUBCOMMAND, type OptionSlot } from './commands';

export const DISCORD_PLATFORM = 'discord';
/** The space of direct messages (a DM belongs to no server). */
export const DM_SPACE = 'dm';

/** Where something happened: a server channel, a thread in it (with its parent), or a DM. */
export function refOf(channel: Channel | null, guildId: string | null, fallbackChannelId: string): ConversationRef {
  if (!channel || channel.isDMBased()) return { platform: DISCORD_PLATFORM, space: DM_SPACE, channel: channel?.id ?? fallbackChannelId, direct: true };
  const space = guildId ?? channel.guildId;
  if (channel.isThread()) return { platform: DISCORD_PLATFORM, space, channel: channel.parentId ?? channel.id, thread: channel.id, direct: false };
  return { platform: DISCORD_PLATFORM, space, channel: channel.id, direct: false };
}

/**
 * The person, with the NAMES of their server roles (the community configuration uses names) and,
 * for an interaction, the language their Discord client is set to.
 */
export function chatUser(user: User, member: GuildMember | { roles: unknown } | null | undefined, locale?: string): ChatUser {
  const platformRoles: string[] = [];
  if (member && 'guild' in member) {
    for (const role of member.roles.cache.values()) if (role.id !== member.guild.id) platformRoles.push(role.name);
  }
  const name = (member && 'displayName' in member ? member.displayName : null) ?? user.globalName ?? user.username;
  return { id: user.id, name, platformRoles, ...(locale ? { locale } : {}) };
}

function member(interaction: { member: unknown }): GuildMember | null {
  const m = interaction.member;
  return m && typeof m === 'object' && 'guild' in m ? (m as GuildMember) : null;
}

const plainMentions = (value: string) => value.replace(/<@!?(\d+)>/g, '@$1');

/** An option value as words, as if typed after the command: quoted phrases kept whole, `<@id>` as `@id`. */
function wordsOf(value: string): string[] {
  return splitArgs(plainMentions(value));
}

/**
 * The display names of the people mentioned in option values that the client has cached (server
 * members arrive with the server), as `name:@<id>` options: a command may name people by them.
 */
function mentionedNames(interaction: ChatInputCommandInteraction, values: string[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const value of values) {
    for (const [, id] of value.matchAll(/<@!?(\d+)>/g)) {
      if (!id) continue;
      const known = interaction.guild?.members.cache.get(id)?.displayName ?? interaction.client.users.cache.get(id)?.displayName;
      if (known) names[`name:@${id}`] = known;
    }
  }
  return names;
}

/** A named option as one `name=value` word (the features read `project=<id>`), its value kept whole. */
const namedWord = (name: string, value: string) => `${name}=${plainMentions(value).trim()}`;

/**
 * A slash command as the core sees a typed one: `name`, `args` = [subcommand, ...the option values
 * in the declared order: positional ones as words, optional named ones as `name=value`],
 * `options` = the values by name.
 */
export function commandEvent(interaction: ChatInputCommandInteraction, order: (name: string, sub: string | undefined) => OptionSlot[]): InboundEvent {
  const subcommand = interaction.options.getSubcommand(false) ?? undefined;
  const sub = subcommand === BASE_SUBCOMMAND ? undefined : subcommand;
  const given = interaction.options.data.flatMap((o) => (o.options ? o.options : [o]));
  const options: Record<string, string> = {};
  for (const option of given) if (option.value !== undefined) options[option.name] = String(option.value);
  const values = order(interaction.commandName, sub).flatMap(({ name, named }) => {
    const value = options[name];
    if (value === undefined || value.trim() === '') return [];
    return named ? [namedWord(name, value)] : wordsOf(value);
  });
  return {
    kind: 'command',
    name: interaction.commandName,
    args: [...(sub ? [sub] : []), ...values],
    options: { ...options, ...mentionedNames(interaction, Object.values(options)) },
    eventId: interaction.id,
    ref: refOf(interaction.channel, interaction.guildId, interaction.channelId),
    user: chatUser(interaction.user, member(interaction), interaction.locale),
    canOpenForm: true,
  };
}

/** A button or a menu option: the core's opaque value comes back unchanged. */
export function choiceEvent(interaction: ButtonInteraction | StringSelectMenuInteraction): InboundEvent {
  const value = interaction.isStringSelectMenu() ? (interaction.values[0] ?? '') : interaction.customId;
  return {
    kind: 'choice',
    value,
    eventId: interaction.id,
    ref: refOf(interaction.channel, interaction.guildId, interaction.channelId),
    user: chatUser(interaction.user, member(interaction), interaction.locale),
    canOpenForm: true,
  };
}

export function formEvent(interaction: ModalSubmitInteraction): InboundEvent {
  const values: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) if ('value' in field && typeof field.value === 'string') values[id] = field.value;
  return {
    kind: 'form',
    formId: interaction.customId,
    values,
    eventId: interaction.id,
    ref: refOf(interaction.channel, interaction.guildId, interaction.channelId ?? ''),
    user: chatUser(interaction.user, member(interaction), interaction.locale),
    canOpenForm: false,
  };
}

/**
 * A message from a person: DMs, mentions of the bot, and (with the message-content intent) any
 * message. The bot's own messages, other bots and webhooks are dropped; empty text is dropped.
 */
export function messageEvent(message: Message, botId: string): InboundEvent | null {
  if (message.author.id === botId || message.author.bot || message.webhookId) return null;
  const text = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), '').trim();
  if (text.length === 0) return null;
  return {
    kind: 'message',
    text,
    eventId: message.id,
    ref: refOf(message.channel, message.guildId, message.channelId),
    user: chatUser(message.author, message.member),
    canOpenForm: false,
  };
}
