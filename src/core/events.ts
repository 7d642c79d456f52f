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
export const CommandEvent = z.object({
  kind: z.literal('command'),
  /** The top-level command without slash, e.g. `feedback`. */
  name: z.string().min(1).max(64),
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
  return [ref.platform, ref.space, ref.channel, ref.thread ?? ''].map(encodeURIComponent).join(':');
}

/** The key of the direct conversation with one user on one platform. */
export function userKey(platform: string, userId: string): string {
  return `${encodeURIComponent(platform)}:${encodeURIComponent(userId)}`;
}
