import type { Community } from '../../src/config/schema';
import type { ConversationRef } from '../../src/core/events';
import { partiesOfSession, WEB_PLATFORM, WEB_SPACE, isCoordinator } from './people';
import type { WebSession, WebThread } from './sessions';

/** A place as the page names it: `c:general`, `t:t2` (a thread) or `dm` (one's own direct messages). */
export type PlaceId = string;

export interface PlaceView {
  id: PlaceId;
  kind: 'channel' | 'thread' | 'direct';
  name: string;
  private: boolean;
}

/** The web chat's channels and threads, and who may see each. */
export interface WebPlaces {
  ref(place: PlaceId, session: WebSession): ConversationRef | undefined;
  /** The place a conversation is, as the page names it (a DM: `dm`, for its one person). */
  placeOf(ref: ConversationRef): PlaceId;
  canSee(session: WebSession, place: PlaceId, dmOwner?: string): boolean;
  list(session: WebSession): PlaceView[];
  addThread(thread: WebThread): void;
  addChannel(name: string): void;
  thread(id: string): WebThread | undefined;
}

export const directChannel = (userId: string) => `@${userId}`;

export function createWebPlaces(community: Community, threads: WebThread[]): WebPlaces {
  const known = new Map(threads.map((t) => [t.id, t]));
  const partyChannels = new Map(community.parties.map((p) => [p.channel, p.id]));
  const extra = new Set<string>();
  const channelRef = (channel: string): ConversationRef => ({ platform: WEB_PLATFORM, space: WEB_SPACE, channel, direct: false });
  const canSeeChannel = (session: WebSession, channel: string) => {
    if (channel === community.coordinatorChannel) return isCoordinator(session);
    const party = partyChannels.get(channel);
    if (party) return partiesOfSession(session, community).includes(party);
    return true;
  };
  const channels = () => [community.homeChannel, community.coordinatorChannel, ...partyChannels.keys(), ...extra].filter((c, i, all): c is string => !!c && all.indexOf(c) === i);
  return {
    ref(place, session) {
      if (place === 'dm') return { platform: WEB_PLATFORM, space: WEB_SPACE, channel: directChannel(session.userId), direct: true };
      if (!this.canSee(session, place)) return undefined;
      if (place.startsWith('c:')) return channelRef(place.slice(2));
      const thread = known.get(place.slice(2));
      return thread ? { ...channelRef(thread.channel), thread: thread.id } : undefined;
    },
    placeOf(ref) {
      if (ref.direct) return 'dm';
      return ref.thread ? `t:${ref.thread}` : `c:${ref.channel}`;
    },
    canSee(session, place, dmOwner) {
      if (place === 'dm') return dmOwner === undefined || dmOwner === session.userId;
      if (place.startsWith('c:')) return channels().includes(place.slice(2)) && canSeeChannel(session, place.slice(2));
      const thread = place.startsWith('t:') ? known.get(place.slice(2)) : undefined;
      if (!thread) return false;
      return thread.private ? thread.members.includes(session.userId) : canSeeChannel(session, thread.channel);
    },
    list(session) {
      const views: PlaceView[] = channels()
        .filter((c) => canSeeChannel(session, c))
        .map((c) => ({ id: `c:${c}`, kind: 'channel', name: c, private: partyChannels.has(c) || c === community.coordinatorChannel }));
      for (const t of known.values()) if (this.canSee(session, `t:${t.id}`)) views.push({ id: `t:${t.id}`, kind: 'thread', name: t.name, private: t.private });
      views.push({ id: 'dm', kind: 'direct', name: '', private: true });
      return views;
    },
    addThread(thread) {
      known.set(thread.id, thread);
    },
    addChannel(name) {
      if (!channels().includes(name)) extra.add(name);
    },
    thread: (id) => known.get(id),
  };
}
