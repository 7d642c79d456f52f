import type { Community } from '../../src/config/schema';
import type { ConversationRef } from '../../src/core/events';
import { terminalLine } from '../../src/core/terminal-text';
import type { LocalChatSnapshot } from './memory';

export const LOCAL_PLATFORM = 'local';
export const LOCAL_SPACE = 'local';

/** The local chat's channels and threads: which exist, and how each is shown. */
export interface LocalPlaces {
  /** `#general`, `#general › Mediation (t1)`, `DM maria`; safe to print. */
  label(ref: ConversationRef): string;
  channel(name: string): ConversationRef;
  thread(id: string): ConversationRef | undefined;
  direct(userId: string): ConversationRef;
  /** A thread the bot opened: remembered under the id given. */
  addThread(id: string, name: string, channel: string): void;
  /** A channel the bot posted in or someone went to. */
  addChannel(name: string): void;
  /** Whether a channel is known: named in the community file, seen here, or `known` says so. */
  hasChannel(name: string): boolean;
  /** Every channel known, `#general` first, then the others by name. */
  channels(): string[];
  /** The newest threads, newest first: `t3 (Mediation)`. */
  threads(limit: number): string[];
  /** What the chat remembers of its places between runs. */
  remembered(): Pick<LocalChatSnapshot, 'threads' | 'channels'>;
}

export function communityChannels(community: Community): string[] {
  return [community.homeChannel, community.coordinatorChannel, ...community.parties.map((p) => p.channel)];
}

export function createLocalPlaces(community: Community | undefined, snapshot: Pick<LocalChatSnapshot, 'threads' | 'channels'>): LocalPlaces {
  const threads = new Map(Object.entries(snapshot.threads));
  const seen = new Set([...(community ? communityChannels(community) : []), ...snapshot.channels]);
  const home = community?.homeChannel ?? 'general';
  const ref = (channel: string, thread?: string): ConversationRef => ({ platform: LOCAL_PLATFORM, space: LOCAL_SPACE, channel, ...(thread ? { thread } : {}), direct: false });
  return {
    label(at) {
      if (at.direct) return `DM ${terminalLine(at.channel.replace(/^@/, ''))}`;
      const thread = at.thread ? threads.get(at.thread) : undefined;
      const channel = `#${terminalLine(at.channel)}`;
      if (thread) return `${channel} › ${terminalLine(thread.name)} (${terminalLine(at.thread ?? '')})`;
      return at.thread ? `${channel} › ${terminalLine(at.thread)}` : channel;
    },
    channel: (name) => ref(name),
    thread(id) {
      const thread = threads.get(id);
      return thread ? ref(thread.channel, id) : undefined;
    },
    direct: (userId) => ({ platform: LOCAL_PLATFORM, space: LOCAL_SPACE, channel: `@${userId}`, direct: true }),
    addThread(id, name, channel) {
      threads.set(id, { name, channel });
    },
    addChannel(name) {
      seen.add(name);
    },
    hasChannel: (name) => seen.has(name),
    channels: () => [...seen].sort((a, b) => (a === home ? -1 : b === home ? 1 : a.localeCompare(b))).map((c) => `#${terminalLine(c)}`),
    threads: (limit) =>
      [...threads.entries()]
        .reverse()
        .slice(0, limit)
        .map(([id, t]) => `${terminalLine(id)} (${terminalLine(t.name)})`),
    remembered: () => ({ threads: Object.fromEntries(threads), channels: [...seen].filter((c) => !(community && communityChannels(community).includes(c))) }),
  };
}
