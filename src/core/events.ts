import { z } from 'zod';

/** Where a conversation happens. Adapters build it; the core treats `channel` and `thread` as opaque. */
export const ConversationRef = z.object({
  platform: z.string().min(1).max(32),
  /** A server, workspace or the local chat. */
  space: z.string().min(1).max(128),
  channel: z.string().min(1).max(128),
  thread: z.string().min(1).max(128).optional(),
  /** A direct message between the bot and one user. */
  direct: z.boolean().default(false),
});
export type ConversationRef = z.infer<typeof ConversationRef>;

export const ChatUser = z.object({
  id: z.string().min(1).max(128),
  name: z.string().max(200).default(''),
  /** Role names as the platform knows them (Discord roles, Slack user groups, local personas). */
  platformRoles: z.array(z.string().max(200)).max(100).default([]),
  /** The language the platform says this person uses (e.g. Discord's `zh-CN`), when it says one. */
  locale: z.string().max(16).optional(),
});
export type ChatUser = z.infer<typeof ChatUser>;

const base = {
  /** The platform's own id for this delivery; the same id twice means a retried delivery. */
  eventId: z.string().min(1).max(256),
  ref: ConversationRef,
  user: ChatUser,
  /** True when the adapter can answer this event with a form (a modal), e.g. a slash command. */
  canOpenForm: z.boolean().default(false),
};

export const MessageEvent = z.object({ kind: z.literal('message'), text: z.string(), ...base });
/** The longest command name an event may carry (adapters cut a longer word to it). */
export const MAX_COMMAND_NAME = 64;

export const CommandEvent = z.object({
  kind: z.literal('command'),
  /** The top-level command without slash, e.g. `feedback`. */
  name: z.string().min(1).max(MAX_COMMAND_NAME),
  /** Words after the command, e.g. `['list']`; quoted phrases kept whole. */
  args: z.array(z.string()).default([]),
  /** Named options when the platform has them (Discord slash options); otherwise empty. */
  options: z.record(z.string(), z.string()).default({}),
  ...base,
});
export const ChoiceEvent = z.object({
  kind: z.literal('choice'),
  /** The opaque value of the chosen option, exactly as the core gave it to the adapter. */
  value: z.string().min(1).max(100),
  ...base,
});
export const FormEvent = z.object({
  kind: z.literal('form'),
  /** The opaque form id the core gave in the `form` action. */
  formId: z.string().min(1).max(100),
  values: z.record(z.string(), z.string()),
  ...base,
});

export const InboundEvent = z.discriminatedUnion('kind', [MessageEvent, CommandEvent, ChoiceEvent, FormEvent]);
export type InboundEvent = z.infer<typeof InboundEvent>;
export type MessageEvent = z.infer<typeof MessageEvent>;
export type CommandEvent = z.infer<typeof CommandEvent>;
export type ChoiceEvent = z.infer<typeof ChoiceEvent>;
export type FormEvent = z.infer<typeof FormEvent>;

/** A timer that has come due, delivered by the scheduler (not by an adapter). */
export interface TimerEvent {
  kind: 'timer';
  eventId: string;
  runId: string;
  name: string;
  payload: Record<string, string | number | boolean>;
}

/** An action's result fed back into the run that asked for it (e.g. the thread that was opened). */
export interface SpaceOpenedEvent {
  kind: 'space-opened';
  eventId: string;
  runId: string;
  ref: ConversationRef;
}

export type FlowEvent = InboundEvent | TimerEvent | SpaceOpenedEvent;

/** A stable string for a conversation, used in state keys. */
export function conversationKey(ref: ConversationRef): string {
  return `${encodeURIComponent(ref.platform)}:${encodeURIComponent(ref.space)}:${encodeURIComponent(ref.channel)}:${encodeURIComponent(ref.thread ?? '')}`;
}

/** The key of the direct conversation with one user on one platform. */
export function userKey(platform: string, userId: string): string {
  return `${encodeURIComponent(platform)}:${encodeURIComponent(userId)}`;
}

const str = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max;
const isRecordOfStrings = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/**
 * The hot path of event validation: accepts an event that is already complete and valid under
 * `InboundEvent` (every default filled in) without copying it; anything else returns null and
 * goes through the schema, which fills defaults or says what is wrong. Tested to agree with it.
 */
export function completeInboundEvent(raw: unknown): InboundEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const e = raw as Record<string, unknown>;
  const ref = e.ref as Record<string, unknown> | undefined;
  const user = e.user as Record<string, unknown> | undefined;
  if (!str(e.eventId, 1, 256) || typeof e.canOpenForm !== 'boolean' || typeof ref !== 'object' || ref === null || typeof user !== 'object' || user === null) return null;
  if (!str(ref.platform, 1, 32) || !str(ref.space, 1, 128) || !str(ref.channel, 1, 128) || typeof ref.direct !== 'boolean') return null;
  if (ref.thread !== undefined && !str(ref.thread, 1, 128)) return null;
  if (!str(user.id, 1, 128) || !str(user.name, 0, 200) || !Array.isArray(user.platformRoles) || user.platformRoles.length > 100) return null;
  if (!user.platformRoles.every((r) => str(r, 0, 200))) return null;
  if (user.locale !== undefined && !str(user.locale, 0, 16)) return null;
  switch (e.kind) {
    case 'message':
      return typeof e.text === 'string' ? (raw as InboundEvent) : null;
    case 'command':
      return str(e.name, 1, MAX_COMMAND_NAME) && Array.isArray(e.args) && e.args.every((a) => typeof a === 'string') && isRecordOfStrings(e.options) ? (raw as InboundEvent) : null;
    case 'choice':
      return str(e.value, 1, 100) ? (raw as InboundEvent) : null;
    case 'form':
      return str(e.formId, 1, 100) && isRecordOfStrings(e.values) ? (raw as InboundEvent) : null;
    default:
      return null;
  }
}
