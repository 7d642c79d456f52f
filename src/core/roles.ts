import type { Community, Role } from '../config/schema';
import type { ChatUser } from './events';

/** The commonground roles a platform user carries: everyone is a resident; more by configuration. */
export function rolesOf(user: ChatUser, community: Community): Role[] {
  const roles: Role[] = ['resident'];
  const carries = (names: string[]) => names.some((name) => name === user.id || user.platformRoles.includes(name));
  if (carries(community.roles.social_worker)) roles.push('social_worker');
  if (carries(community.roles.coordinator)) roles.push('coordinator');
  return roles;
}

/** Whether a user acts for a responsible party (by user id or platform role listed in its members). */
export function actsForParty(user: ChatUser, community: Community, partyId: string): boolean {
  const party = community.parties.find((p) => p.id === partyId);
  return !!party && party.members.some((m) => m === user.id || user.platformRoles.includes(m));
}

/** The parties a user acts for. */
export function partiesOf(user: ChatUser, community: Community): string[] {
  return community.parties.filter((p) => actsForParty(user, community, p.id)).map((p) => p.id);
}
