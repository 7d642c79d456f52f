import type { webApi } from '@slack/bolt';
import type { ChatUser } from '../../src/core/events';
import type { Logger } from '../../src/core/log';

export interface People {
  /** The person as the core sees them: a display name and their user groups as platform roles. */
  describe(userId: string, nameHint?: string): Promise<ChatUser>;
}

const GROUPS_TTL_MS = 60_000;
const NAMES_TTL_MS = 10 * 60_000;
const MAX_NAMES = 2_000;

/**
 * Roles come from Slack user groups: a user carries the handle and the name of every group
 * they belong to (so `roles: { social_worker: [social-workers] }` in the community file works),
 * and user ids listed in the configuration match directly. Both lookups are cached briefly.
 */
export function createPeople(client: webApi.WebClient, log: Logger, now: () => number = Date.now): People {
  let groups: { at: number; byUser: Map<string, string[]> } | undefined;
  const names = new Map<string, { at: number; name: string }>();

  async function groupsOf(userId: string): Promise<string[]> {
    if (!groups || now() - groups.at > GROUPS_TTL_MS) {
      const byUser = new Map<string, string[]>();
      try {
        const answer = await client.usergroups.list({ include_users: true });
        for (const group of answer.usergroups ?? []) {
          for (const member of group.users ?? []) {
            const labels = byUser.get(member) ?? [];
            for (const label of [group.handle, group.name]) if (label && !labels.includes(label)) labels.push(label);
            byUser.set(member, labels);
          }
        }
      } catch (error) {
        log.warn({ platform: 'slack', err: (error as Error).message }, 'could not read user groups; roles come from listed user ids only');
      }
      groups = { at: now(), byUser };
    }
    return groups.byUser.get(userId) ?? [];
  }

  async function nameOf(userId: string, hint: string | undefined): Promise<string> {
    const known = names.get(userId);
    if (known && now() - known.at < NAMES_TTL_MS) return known.name;
    let name = hint ?? userId;
    try {
      const answer = await client.users.info({ user: userId });
      const profile = answer.user?.profile;
      name = profile?.display_name || profile?.real_name || answer.user?.real_name || answer.user?.name || name;
    } catch (error) {
      log.debug({ platform: 'slack', err: (error as Error).message }, 'could not read a user name');
    }
    if (names.size >= MAX_NAMES) names.delete(names.keys().next().value ?? '');
    names.set(userId, { at: now(), name });
    return name;
  }

  return {
    async describe(userId, nameHint) {
      const [name, platformRoles] = await Promise.all([nameOf(userId, nameHint), groupsOf(userId)]);
      return { id: userId, name: name.slice(0, 200), platformRoles };
    },
  };
}
