import type { ChatUser, ChoiceEvent, CommandEvent, ConversationRef, FormEvent, MessageEvent } from '../../src/core/events';
import { MAX_COMMAND_NAME } from '../../src/core/events';
import { splitArgs } from '../../src/core/text';

export const PLATFORM = 'slack';
/** Used when `/cg` comes with nothing after it. */
export const DEFAULT_SUBCOMMAND = 'help';

/** Undoes Slack's escaping of `&`, `<` and `>` in text it sends. */
export function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** `<@U123|maria>` and `<@U123>` become `@U123`; `<#C123|general>` becomes `C123`; links their URL. */
export function plainMentions(text: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<(https?:\/\/[^|>]+)(?:\|[^>]*)?>/g, '$1');
}

export function isDirectChannel(channelId: string, channelName?: string): boolean {
  return channelId.startsWith('D') || channelName === 'directmessage';
}

export function slackRef(team: string, channel: string, options: { thread?: string | undefined; direct?: boolean } = {}): ConversationRef {
  return { platform: PLATFORM, space: team, channel, ...(options.thread ? { thread: options.thread } : {}), direct: options.direct ?? isDirectChannel(channel) };
}

export interface SlashCommandInput {
  text: string;
  team_id: string;
  channel_id: string;
  channel_name?: string;
  trigger_id: string;
}

/** `/cg poll "Lunch?" yes no` → command `poll` with args `["Lunch?", "yes", "no"]`. */
/** Slash commands carry no event id and are never re-delivered; the trigger id is unique. */
export const commandEventId = (triggerId: string) => `command:${triggerId}`;
export const actionEventId = (actionTs: string, userId: string) => `action:${actionTs}:${userId}`;

export function commandEvent(command: SlashCommandInput, user: ChatUser): CommandEvent {
  const [first, ...args] = splitArgs(unescapeText(plainMentions(command.text)).trim());
  return {
    kind: 'command',
    // A name longer than any command is cut, so that the bot says it does not know it rather than dropping it.
    name: ((first ?? DEFAULT_SUBCOMMAND).toLowerCase().replace(/^\//, '') || DEFAULT_SUBCOMMAND).slice(0, MAX_COMMAND_NAME),
    args,
    options: {},
    eventId: commandEventId(command.trigger_id),
    ref: slackRef(command.team_id, command.channel_id, { direct: isDirectChannel(command.channel_id, command.channel_name) }),
    user,
    canOpenForm: true,
  };
}

export interface ChoiceInput {
  team: string;
  channel: string;
  thread?: string | undefined;
  value: string;
  actionTs: string;
}

export function choiceEvent(input: ChoiceInput, user: ChatUser): ChoiceEvent {
  return {
    kind: 'choice',
    value: input.value,
    eventId: actionEventId(input.actionTs, user.id),
    ref: slackRef(input.team, input.channel, { thread: input.thread }),
    user,
    canOpenForm: true,
  };
}

/** Where a modal came from, kept in the view's private_metadata. */
export interface FormOrigin {
  formId: string;
  ref: ConversationRef;
}

export function encodeFormOrigin(origin: FormOrigin): string {
  const { ref } = origin;
  return JSON.stringify({ f: origin.formId, s: ref.space, c: ref.channel, ...(ref.thread ? { t: ref.thread } : {}), d: ref.direct });
}

export function decodeFormOrigin(metadata: string): FormOrigin | undefined {
  try {
    const parsed = JSON.parse(metadata) as { f?: unknown; s?: unknown; c?: unknown; t?: unknown; d?: unknown };
    if (typeof parsed.f !== 'string' || typeof parsed.s !== 'string' || typeof parsed.c !== 'string') return undefined;
    const thread = typeof parsed.t === 'string' ? parsed.t : undefined;
    return { formId: parsed.f, ref: slackRef(parsed.s, parsed.c, { thread, direct: parsed.d === true }) };
  } catch {
    return undefined;
  }
}

export type ViewValues = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>;

export function formEvent(input: { viewId: string; metadata: string; values: ViewValues }, user: ChatUser): FormEvent | undefined {
  const origin = decodeFormOrigin(input.metadata);
  if (!origin) return undefined;
  const values: Record<string, string> = {};
  for (const [field, inputs] of Object.entries(input.values)) {
    const entry = Object.values(inputs)[0];
    values[field] = entry?.value ?? entry?.selected_option?.value ?? '';
  }
  return { kind: 'form', formId: origin.formId, values, eventId: `view:${input.viewId}`, ref: origin.ref, user, canOpenForm: false };
}

export interface MessageInput {
  team: string;
  channel: string;
  channelType?: string | undefined;
  ts: string;
  threadTs?: string | undefined;
  text: string;
  botUserId?: string | undefined;
}

/**
 * A message (DM, mention, or a message in a channel or thread the bot is in). The id is the
 * message's own (channel + ts), stable across Slack's re-deliveries, so the same message seen
 * as `app_mention` and as `message` is handled once.
 */
export function messageEvent(input: MessageInput, user: ChatUser): MessageEvent {
  const mention = input.botUserId ? new RegExp(`^\\s*<@${input.botUserId}(?:\\|[^>]*)?>[\\s,:]*`) : undefined;
  const text = unescapeText(mention ? input.text.replace(mention, '') : input.text);
  const direct = input.channelType === 'im' || isDirectChannel(input.channel);
  return {
    kind: 'message',
    text,
    eventId: `message:${input.channel}:${input.ts}`,
    ref: slackRef(input.team, input.channel, { thread: direct ? undefined : input.threadTs, direct }),
    user,
    canOpenForm: false,
  };
}
