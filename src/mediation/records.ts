import { z } from 'zod';
import type { Run } from '../flows/run';
import { keys } from '../state/keys';
import type { StateStore } from '../state/store';

const Ids = z.array(z.string());

/** Every mediation run still holding content (for the retention sweep). */
export const MEDIATION_LIST = keys.list('mediation');

/** The mediations one person takes part in, newest last. */
export function userKey(platform: string, userId: string): string {
  return keys.record('mediation-user', `${platform}:${userId}`);
}

export async function listIds(state: StateStore, key: string): Promise<string[]> {
  return (await state.get(key, Ids)) ?? [];
}

export async function remember(state: StateStore, run: Run): Promise<void> {
  await state.set(MEDIATION_LIST, [...(await listIds(state, MEDIATION_LIST)), run.id]);
  for (const p of run.participants) {
    const key = userKey(p.platform, p.userId);
    await state.set(key, [...(await listIds(state, key)), run.id]);
  }
}

/** The person's mediations, newest first. */
export async function mediationsOf(state: StateStore, platform: string, userId: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (const id of (await listIds(state, userKey(platform, userId))).reverse()) {
    const run = await state.getRun(id);
    if (run) runs.push(run);
  }
  return runs;
}

/** A mediation still going on between exactly these parties, if there is one. */
export async function ongoingBetween(state: StateStore, platform: string, partyIds: string[]): Promise<Run | undefined> {
  const wanted = new Set(partyIds.map((id) => id.toLowerCase()));
  for (const run of await mediationsOf(state, platform, partyIds[0] ?? '')) {
    if (run.status === 'ended') continue;
    const theirs = run.participants.filter((p) => p.role === 'party').map((p) => p.userId.toLowerCase());
    if (theirs.length === wanted.size && theirs.every((id) => wanted.has(id))) return run;
  }
  return undefined;
}
