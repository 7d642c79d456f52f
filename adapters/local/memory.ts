import { z } from 'zod';
import { conversationKey, type ConversationRef } from '../../src/core/events';
import type { StateStore } from '../../src/state/store';
import { keys } from '../../src/state/keys';

/** How many answers' identities the local chat keeps to recognise one sent again, and for how long. */
export const PRINTED_KEPT = 200;
const PRINTED_TTL_MS = 24 * 60 * 60 * 1000;
const Printed = z.array(z.string().max(512)).max(PRINTED_KEPT);

const Place = z.object({ channel: z.string().min(1).max(128), thread: z.string().min(1).max(128).optional(), direct: z.boolean() });
const Buttons = z.object({ seq: z.number().int().nonnegative(), list: z.array(z.object({ value: z.string(), label: z.string() })) });

/**
 * What the local chat remembers between runs on the same data: who is typing and where, the roles
 * each person was given, the threads it opened, the channels it has seen, and the buttons each person and place shows last,
 * so that typing a button's number after a restart still picks it. No message text is kept.
 */
export const LocalChatSnapshot = z.object({
  persona: z.object({ id: z.string().min(1).max(128), roles: z.array(z.string()).max(100) }),
  place: Place,
  threads: z.record(z.string(), z.object({ name: z.string(), channel: z.string() })),
  channels: z.array(z.string()),
  buttons: z.record(z.string(), Buttons),
  /** How many actions the chat has shown: orders the buttons, newest last. */
  shown: z.number().int().nonnegative(),
  /** The roles last given each person this chat has been (`/as li social_worker`), so `/as li` finds them after a restart. */
  roles: z.record(z.string().max(128), z.array(z.string()).max(100)).default({}),
});
export type LocalChatSnapshot = z.infer<typeof LocalChatSnapshot>;

/** Where the local chat keeps its snapshot, and the numbers of the threads it opens. */
export interface LocalChatMemory {
  load(): Promise<LocalChatSnapshot | undefined>;
  save(snapshot: LocalChatSnapshot): Promise<void>;
  /** The next thread number (t1, t2...): never given twice on the same data. */
  nextThread(): Promise<number>;
  /** Whether a conversation of the bot's (a run's own channel or thread) lives at this place. */
  hasConversation(ref: ConversationRef): Promise<boolean>;
  /**
   * The identities (`keptAs`) of the last answers the chat showed, oldest first: never their words,
   * nor whose they were, so they are kept apart from the snapshot, which names people.
   */
  printed(): Promise<string[]>;
  notePrinted(identities: string[]): Promise<void>;
}

/** Kept in the bot's state store, next to the runs whose buttons and threads it names. */
export function storedChatMemory(state: Pick<StateStore, 'get' | 'set' | 'next'>): LocalChatMemory {
  const key = keys.record('local-chat', 'memory');
  const printedKey = keys.record('local-chat', 'printed');
  return {
    load: () => state.get(key, LocalChatSnapshot),
    save: (snapshot) => state.set(key, snapshot),
    nextThread: () => state.next('local-chat-thread'),
    hasConversation: async (ref) => (await state.get(keys.space(conversationKey(ref)), z.string()).catch(() => undefined)) !== undefined,
    printed: async () => (await state.get(printedKey, Printed).catch(() => undefined)) ?? [],
    notePrinted: (identities) => state.set(printedKey, identities, PRINTED_TTL_MS),
  };
}

/** Kept in this process only (tests, and chats without a store). */
export function inProcessChatMemory(): LocalChatMemory {
  let kept: LocalChatSnapshot | undefined;
  let threads = 0;
  let printed: string[] = [];
  return {
    load: async () => kept,
    save: async (snapshot) => {
      kept = structuredClone(snapshot);
    },
    nextThread: async () => (threads += 1),
    hasConversation: async () => false,
    printed: async () => [...printed],
    notePrinted: async (identities) => {
      printed = [...identities];
    },
  };
}
