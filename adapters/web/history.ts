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
  keep(message: WebMessage): void;
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
  add(message: Omit<WebMessage, 'id' | 'at'>): WebMessage;
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
    add(draft) {
      const message: WebMessage = { ...draft, id: `${run}-${(sequence += 1)}`, at: Date.now() };
      remember(message);
      if (message.choices?.length) kept?.keep(message);
      return message;
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
