import type { Choice, FormField } from '../../src/core/actions';
import type { PlaceId } from './places';

/** One message as the page shows it. Text is sent as text: the page never reads it as HTML. */
export interface WebMessage {
  id: string;
  place: PlaceId;
  /** For a direct-message place: whose it is. */
  owner?: string;
  /** A private reply: only this user sees it. */
  onlyFor?: string;
  author: { kind: 'bot' } | { kind: 'person'; name: string };
  text: string;
  choices?: Choice[];
  attachment?: { id: string; name: string; contentType: string };
  edited?: boolean;
  at: number;
}

export interface WebForm {
  formId: string;
  place: PlaceId;
  title: string;
  fields: FormField[];
}

/** How many messages each place keeps for people who open the page later. */
const KEPT = 300;

/** Where the messages that still offer buttons are kept across restarts (the web chat's own file). */
export interface KeptButtons {
  /** `keptAs`: the identity of the bot's answer it shows, if the bot gave one. */
  keep(message: WebMessage, keptAs?: string): void;
  /** The message that shows the bot's answer kept as `keptAs`, if one is kept. */
  shownAs(keptAs: string): string | undefined;
  drop(messageId: string): void;
  all(): WebMessage[];
}

/**
 * The messages per place, newest last: what a page shows when it opens. Kept in memory, except the
 * bot's messages that still offer buttons: those are kept in `kept` too and come back after a
 * restart, so a question someone is answering keeps working buttons. The conversations themselves
 * (runs, reports) live in the bot's state store.
 */
export interface WebHistory {
  /** `keptAs`: the identity of the bot's answer it shows (see the core's kept answers). */
  add(message: Omit<WebMessage, 'id' | 'at'>, keptAs?: string): WebMessage;
  /** The message that already shows the bot's answer kept as `keptAs`, if any. */
  shownAs(keptAs: string): WebMessage | undefined;
  find(id: string): WebMessage | undefined;
  edit(id: string, text: string, choices: Choice[] | undefined): WebMessage | undefined;
  all(): Iterable<WebMessage>;
  attach(id: string, data: Uint8Array): void;
  attachment(id: string): Uint8Array | undefined;
}

export function createWebHistory(run: string, kept?: KeptButtons): WebHistory {
  const byPlace = new Map<string, WebMessage[]>();
  const byId = new Map<string, WebMessage>();
  const files = new Map<string, Uint8Array>();
  const answers = new Map<string, string>();
  let sequence = 0;
  const bucket = (m: Pick<WebMessage, 'place' | 'owner'>) => (m.owner ? `${m.place}:${m.owner}` : m.place);
  const remember = (message: WebMessage) => {
    const list = byPlace.get(bucket(message)) ?? [];
    list.push(message);
    byId.set(message.id, message);
    for (const old of list.splice(0, Math.max(0, list.length - KEPT))) {
      byId.delete(old.id);
      if (old.attachment) files.delete(old.attachment.id);
      if (old.choices) kept?.drop(old.id);
    }
    byPlace.set(bucket(message), list);
  };
  for (const message of kept?.all() ?? []) remember(message);
  return {
    add(draft, keptAs) {
      const message: WebMessage = { ...draft, id: `${run}-${(sequence += 1)}`, at: Date.now() };
      remember(message);
      if (keptAs) answers.set(keptAs, message.id);
      if (message.choices?.length) kept?.keep(message, keptAs);
      return message;
    },
    shownAs(keptAs) {
      const id = answers.get(keptAs) ?? kept?.shownAs(keptAs);
      return id === undefined ? undefined : byId.get(id);
    },
    find: (id) => byId.get(id),
    edit(id, text, choices) {
      const message = byId.get(id);
      if (!message) return undefined;
      message.text = text;
      if (choices?.length) message.choices = choices;
      else delete message.choices;
      message.edited = true;
      if (message.choices) kept?.keep(message);
      else kept?.drop(message.id);
      return message;
    },
    *all() {
      for (const list of byPlace.values()) yield* list;
    },
    attach: (id, data) => files.set(id, data),
    attachment: (id) => files.get(id),
  };
}
