import type { CommandContext } from '../core/commands';
import type { Run } from '../flows/run';

type Reader = Pick<CommandContext, 'runsOf' | 'flow'>;

const isMediation = (ctx: Pick<CommandContext, 'flow'>, run: Run) => ctx.flow(run.flowId)?.mechanism === 'mediation';

/** A person's mediations, newest first, read from the core's index of each person's runs. */
export async function mediationsOf(ctx: Reader, platform: string, userId: string): Promise<Run[]> {
  return (await ctx.runsOf({ platform, userId })).filter((run) => isMediation(ctx, run));
}

/** A mediation still going on between exactly these parties, if there is one. */
export async function ongoingBetween(ctx: Reader, platform: string, partyIds: string[]): Promise<Run | undefined> {
  const wanted = new Set(partyIds.map((id) => id.toLowerCase()));
  for (const run of await mediationsOf(ctx, platform, partyIds[0] ?? '')) {
    if (run.status === 'ended') continue;
    const theirs = run.participants.filter((p) => p.role === 'party').map((p) => p.userId.toLowerCase());
    if (theirs.length === wanted.size && theirs.every((id) => wanted.has(id))) return run;
  }
  return undefined;
}
