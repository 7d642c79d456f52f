// Builds INTERACTION_CREATE payloads (slash commands, buttons, selects, modal submits).
import { randomBytes } from 'node:crypto';
import { ALL_PERMISSIONS, nextSnowflake } from './fixtures';
import type { DoubleState, InteractionRecord } from './state';

export const InteractionKind = { ApplicationCommand: 2, MessageComponent: 3, ModalSubmit: 5 } as const;
export const ComponentKind = { ActionRow: 1, Button: 2, StringSelect: 3, TextInput: 4, UserSelect: 5, RoleSelect: 6, Label: 18 } as const;

export type OptionValue = string | number | boolean;

export interface SlashCommandInput {
  name: string;
  /** Option values by name (type inferred: string 3, integer 4, boolean 5, number 10), or raw API options. */
  options?: Record<string, OptionValue> | unknown[];
  /** Wrap the options in a subcommand of this name. */
  subcommand?: string;
  userId: string;
  channelId: string;
}

export interface ButtonClickInput {
  customId: string;
  userId: string;
  channelId: string;
  /** The message carrying the button; defaults to the latest bot message in the channel. */
  messageId?: string;
}

export interface SelectMenuInput extends ButtonClickInput {
  values: string[];
  /** 3 string (default), 5 user, 6 role. */
  componentType?: number;
}

export interface ModalSubmitInput {
  customId: string;
  /** Text input values by custom id. */
  fields: Record<string, string>;
  userId: string;
  channelId: string;
  /** The message the modal was opened from, if it came from a component. */
  messageId?: string;
  /** "rows" (action rows, default) or "labels" (label components, the newer modal layout). */
  layout?: 'rows' | 'labels';
}

export interface InteractionHandle {
  id: string;
  token: string;
}

function optionType(value: OptionValue): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

function commandOptions(input: SlashCommandInput): unknown[] {
  const raw = input.options ?? {};
  const options = Array.isArray(raw)
    ? raw
    : Object.entries(raw).map(([name, value]) => ({ name, type: optionType(value), value }));
  return input.subcommand ? [{ name: input.subcommand, type: 1, options }] : options;
}

function base(state: DoubleState, kind: number, userId: string, channelId: string): Record<string, unknown> {
  const channel = state.channelPayload(channelId);
  if (!channel) throw new Error(`the Discord double has no channel ${channelId}`);
  const inGuild = state.channel(channelId) !== undefined;
  const payload: Record<string, unknown> = {
    id: nextSnowflake(),
    application_id: state.world.applicationId,
    type: kind,
    token: `interaction-${randomBytes(12).toString('hex')}`,
    version: 1,
    channel_id: channelId,
    channel,
    app_permissions: ALL_PERMISSIONS,
    locale: 'en-US',
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (inGuild) {
    const member = state.memberPayload(userId);
    if (!member) throw new Error(`user ${userId} is not a member of the double's guild`);
    const guildId = state.guildIdOf(channelId);
    Object.assign(payload, {
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      member: { ...member, permissions: ALL_PERMISSIONS },
      authorizing_integration_owners: { '0': guildId },
      context: 0,
    });
  } else {
    Object.assign(payload, {
      user: state.userPayload(userId),
      authorizing_integration_owners: { '0': state.world.guild.id },
      context: 1,
    });
  }
  return payload;
}

function track(state: DoubleState, payload: Record<string, unknown>, userId: string, channelId: string, messageId?: string): InteractionHandle {
  const id = String(payload.id);
  const token = String(payload.token);
  const record: InteractionRecord = {
    id,
    token,
    type: Number(payload.type),
    channelId,
    guildId: typeof payload.guild_id === 'string' ? payload.guild_id : null,
    userId,
    messageId,
    callbacks: [],
    createdAt: Date.now(),
  };
  state.interactions.set(id, record);
  return { id, token };
}

export function slashCommandPayload(state: DoubleState, input: SlashCommandInput): { payload: Record<string, unknown>; handle: InteractionHandle } {
  const payload = base(state, InteractionKind.ApplicationCommand, input.userId, input.channelId);
  const command = state.commands.find((c) => c.body.name === input.name);
  payload.data = {
    id: command?.id ?? nextSnowflake(),
    name: input.name,
    type: 1,
    options: commandOptions(input),
    resolved: {},
    guild_id: payload.guild_id,
  };
  return { payload, handle: track(state, payload, input.userId, input.channelId) };
}

function componentMessage(state: DoubleState, channelId: string, messageId?: string): Record<string, unknown> {
  const message = messageId
    ? state.messages.get(messageId)
    : [...state.messages.values()].reverse().find((m) => m.channelId === channelId && m.authorId === state.world.bot.id && !m.deleted);
  if (!message) throw new Error(`no bot message ${messageId ?? ''} in channel ${channelId} to click on`);
  return state.messagePayload(message);
}

export function componentPayload(
  state: DoubleState,
  input: ButtonClickInput & { values?: string[]; componentType?: number },
): { payload: Record<string, unknown>; handle: InteractionHandle } {
  const payload = base(state, InteractionKind.MessageComponent, input.userId, input.channelId);
  const message = componentMessage(state, input.channelId, input.messageId);
  payload.message = message;
  const componentType = input.values ? (input.componentType ?? ComponentKind.StringSelect) : ComponentKind.Button;
  payload.data = input.values
    ? { custom_id: input.customId, component_type: componentType, values: input.values, resolved: {} }
    : { custom_id: input.customId, component_type: ComponentKind.Button };
  return { payload, handle: track(state, payload, input.userId, input.channelId, String(message.id)) };
}

export function modalSubmitPayload(state: DoubleState, input: ModalSubmitInput): { payload: Record<string, unknown>; handle: InteractionHandle } {
  const payload = base(state, InteractionKind.ModalSubmit, input.userId, input.channelId);
  if (input.messageId) payload.message = componentMessage(state, input.channelId, input.messageId);
  let nextId = 1;
  const components = Object.entries(input.fields).map(([customId, value]) => {
    const text = { type: ComponentKind.TextInput, id: nextId + 1, custom_id: customId, value };
    const wrapper =
      input.layout === 'labels'
        ? { type: ComponentKind.Label, id: nextId, component: text }
        : { type: ComponentKind.ActionRow, id: nextId, components: [text] };
    nextId += 2;
    return wrapper;
  });
  payload.data = { custom_id: input.customId, components };
  return { payload, handle: track(state, payload, input.userId, input.channelId, input.messageId) };
}
