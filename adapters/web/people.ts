import type { Community } from '../../src/config/schema';
import type { ChatUser } from '../../src/core/events';
import type { WebSession } from './sessions';

export const WEB_PLATFORM = 'web';
export const WEB_SPACE = 'web';

/** The roles an invitation can give: the commonground roles, or a responsible party's id. */
export function inviteRoles(community: Community): string[] {
  return ['resident', 'social_worker', 'coordinator', ...community.parties.map((p) => p.id)];
}

/**
 * The chat user behind a web session. A role is carried as the names the community file lists for
 * it (`roles.coordinator`, a party's `members`), so the core recognises it as on any platform.
 */
export function chatUser(session: WebSession, community: Community): ChatUser {
  const party = community.parties.find((p) => p.id === session.role);
  const platformRoles =
    session.role === 'social_worker' ? community.roles.social_worker : session.role === 'coordinator' ? community.roles.coordinator : party ? party.members : [];
  return { id: session.userId, name: session.name, platformRoles: [...platformRoles] };
}

export const isCoordinator = (session: WebSession) => session.role === 'coordinator';

/** The parties a session acts for (a coordinator: all of them). */
export function partiesOfSession(session: WebSession, community: Community): string[] {
  if (isCoordinator(session)) return community.parties.map((p) => p.id);
  return community.parties.filter((p) => p.id === session.role).map((p) => p.id);
}
