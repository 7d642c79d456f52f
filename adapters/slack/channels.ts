import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/core/log';

export interface ChannelDirectory {
  /** A channel id for a configured name (`housing-office`) or an id; undefined when unknown. */
  idOf(nameOrId: string): Promise<string | undefined>;
  /** The direct message channel with one person, opened once and remembered. */
  directWith(userId: string): Promise<string>;
  /** Remembers a channel the adapter created. */
  remember(name: string, id: string): void;
}

const LIST_TTL_MS = 5 * 60_000;
const MIN_REFRESH_MS = 30_000;
/** Slack ids are upper-case (`C0123`, `G0123`, `D0123`); channel names are lower-case. */
const SLACK_ID = /^[CGD][A-Z0-9]{2,}$/;

export function isChannelId(value: string): boolean {
  return SLACK_ID.test(value);
}

/** Maps the configuration's channel names to Slack ids (conversations.list, cached). */
export function createChannelDirectory(client: webApi.WebClient, log: Logger, now: () => number = Date.now): ChannelDirectory {
  const byName = new Map<string, string>();
  const dms = new Map<string, string>();
  let listedAt = -Infinity;

  async function refresh(): Promise<void> {
    listedAt = now();
    let cursor: string | undefined;
    try {
      do {
        const page = await client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) });
        for (const channel of page.channels ?? []) if (channel.name && channel.id) byName.set(channel.name, channel.id);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      log.warn({ platform: 'slack', err: (error as Error).message }, 'could not list channels');
    }
  }

  return {
    async idOf(nameOrId) {
      const name = nameOrId.replace(/^#/, '');
      if (isChannelId(name)) return name;
      const age = now() - listedAt;
      if (age > LIST_TTL_MS || (!byName.has(name) && age > MIN_REFRESH_MS)) await refresh();
      const id = byName.get(name);
      if (!id) log.warn({ platform: 'slack', channel: name }, 'no Slack channel with this name (is the bot invited to it?)');
      return id;
    },
    async directWith(userId) {
      const known = dms.get(userId);
      if (known) return known;
      const answer = await client.conversations.open({ users: userId });
      const id = answer.channel?.id;
      if (!id) throw new Error('conversations.open returned no channel');
      dms.set(userId, id);
      return id;
    },
    remember(name, id) {
      byName.set(name, id);
    },
  };
}
