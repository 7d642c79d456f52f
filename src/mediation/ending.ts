import type { FlowContext } from '../flows/functions';
import { ref, stringVar, type EndHow } from './state';

/** The case every ending returns; the script maps it to the step that records the end. */
export const ENDED = 'ended';

/** Notes how the mediation ends; the step the `ended` case leads to records it. */
export function endWith(ctx: FlowContext, how: EndHow): typeof ENDED {
  ctx.run.vars.endHow = how;
  return ENDED;
}

/** Says something to everyone still taking part: in the private space, or by DM before it exists. */
export function tellEveryone(ctx: FlowContext, key: string, vars: Record<string, string | number> = {}, except?: string): void {
  if (ctx.run.space) {
    ctx.say('shared', key, vars);
    return;
  }
  for (const p of ctx.run.participants) if (p.active && p.userId !== except) ctx.say({ userId: p.userId }, key, vars);
}

/** The `ended` step's function: records how it ended (a code, never words). */
export function recordEnded(ctx: FlowContext): void {
  const how = stringVar(ctx.run, 'endHow') || 'no_agreement';
  ctx.record('mediation.ended', { mediation: ref(ctx.run), how });
  ctx.run.vars.endedAt = ctx.now;
}
