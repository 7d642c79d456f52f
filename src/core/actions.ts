import { conversationKey, type ConversationRef, type InboundEvent } from './events';
import type { Message, Wording } from './wording';

/** A button or menu option. `value` comes back unchanged in a choice event. */
export interface Choice {
  value: string;
  label: string;
  style?: 'primary' | 'secondary' | 'danger';
  /** The label as a message, rendered in the reader's language when the bot sends it. */
  say?: Message | Wording;
  /**
   * The choices are numbered options (a poll's): people may vote by number, so every platform shows
   * the number. The label never carries it; the adapter puts it on the button (see `buttonLabel`).
   */
  numbered?: boolean;
}

/** A button's text: "2. Thursday morning" for the second of numbered options, else the label alone. */
export function buttonLabel(choice: Choice, index: number): string {
  return choice.numbered ? `${index + 1}. ${choice.label}` : choice.label;
}

export interface FormField {
  id: string;
  label: string;
  kind: 'short' | 'long';
  required: boolean;
  maxLength?: number;
  placeholder?: string;
}

/** Who should receive a message. */
export type Audience =
  /**
   * Everyone in the conversation (a channel or thread); `userId` names the person of a direct
   * conversation. `readers`, where given, are the people the message is written for there: it is
   * written in the channel's language and in each of theirs (a mediation's space).
   */
  | { kind: 'conversation'; ref: ConversationRef; userId?: string; readers?: { platform: string; userId: string }[] }
  /** One user, privately, inside a conversation (ephemeral; falls back to a DM where a platform has none). */
  | { kind: 'private'; ref: ConversationRef; userId: string }
  /** One user, by direct message. */
  | { kind: 'direct'; platform: string; userId: string };

/**
 * Marks of an answer kept with its event until sent (see the bot's kept answers). `keptAs` is the
 * answer's identity, the same in every process that sends it: an adapter that can makes the platform
 * show it once (Discord's message nonce; Slack's message metadata, looked for before sending again).
 * `resent` says a process found the answer still kept and sends it again: the process that kept it
 * may have sent it before it stopped.
 */
export interface KeptMarks {
  keptAs?: string;
  resent?: boolean;
  /**
   * Where the platform keeps its reply to the event for a while (Discord: the interaction's webhook,
   * usable for 15 minutes), from the adapter when the answer was kept: a process sending the answer
   * again, which does not hold the event, asks there whether it was given.
   */
  replyHandle?: string;
}

/**
 * What the core asks an adapter to do. Adapters render these and nothing more. `replyTo` names the
 * inbound event an action answers (its person, in its place), so an adapter answers that very
 * interaction (Discord's reply, Slack's response URL) instead of guessing.
 */
export type Action =
  | ({
      kind: 'send';
      replyTo?: string;
      to: Audience;
      text: string;
      /**
       * What to say, before it is known who reads it: the bot renders it in the recipient's
       * language when it performs the action (and `text` is replaced). Adapters never see it.
       */
      say?: Message | Wording;
      choices?: Choice[];
      /**
       * The message asks its reader to answer in words (a question for text, a form's field asked
       * in the chat): a chat where a typed number presses a button (the local chat) then reads a
       * number as their words.
       */
      asksForWords?: true;
      /** A name under which the run remembers the sent message, so it can edit it later. */
      key?: string;
      /** A file to attach, e.g. a report's chart. */
      attachment?: { name: string; contentType: string; data: Uint8Array };
    } & KeptMarks)
  /** Replace the text (and choices) of a message the bot sent earlier. */
  | ({ kind: 'edit'; ref: ConversationRef; messageRef: string; text: string; choices?: Choice[]; say?: Message | Wording; userId?: string; replyTo?: string } & KeptMarks)
  | ({
      kind: 'form';
      replyTo?: string;
      /** The user who asked; the form answers the event that triggered it. */
      userId: string;
      ref: ConversationRef;
      formId: string;
      title: string;
      fields: FormField[];
    } & KeptMarks)
  | {
      kind: 'open-space';
      /** Where to open the thread or private channel. */
      parent: ConversationRef;
      name: string;
      /** The name as a message, written in the language its channel speaks when the bot opens it. */
      say?: Message;
      private: boolean;
      /** Users to add (only they and the bot can see a private space). */
      members: string[];
      /** The run that gets a `space-opened` event with the new conversation. */
      runId: string;
    }
  | { kind: 'add-member'; ref: ConversationRef; userId: string };

/** What an adapter reports back after performing an action. */
export type ActionResult =
  | { kind: 'sent'; messageRef: string }
  | { kind: 'space'; ref: ConversationRef }
  | { kind: 'done' };

export const MAX_FORM_FIELDS = 5;

/** Whether an action answers the person who sent `event`, where they sent it. */
function answers(action: Action, event: InboundEvent): boolean {
  const here = conversationKey(event.ref);
  switch (action.kind) {
    case 'send':
      if (action.to.kind === 'direct') return event.ref.direct && action.to.userId === event.user.id && action.to.platform === event.ref.platform;
      if (action.to.kind === 'private') return action.to.userId === event.user.id && conversationKey(action.to.ref) === here;
      return conversationKey(action.to.ref) === here;
    case 'edit':
      return conversationKey(action.ref) === here;
    case 'form':
      return action.userId === event.user.id && conversationKey(action.ref) === here;
    default:
      return false;
  }
}

/**
 * The action marked with the event it answers (`replyTo`), when it goes to that event's person in
 * that event's place: an adapter then answers that very interaction and never guesses.
 */
export function replyingTo(action: Action, event: InboundEvent | undefined): Action {
  if (!event || (action.kind !== 'send' && action.kind !== 'edit' && action.kind !== 'form') || !answers(action, event)) return action;
  return { ...action, replyTo: event.eventId };
}
