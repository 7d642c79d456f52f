import type { FlowContext } from '../flows/functions';
import { speaking } from '../flows/context';
import { findResult, quoteStatements } from './common-ground';
import { equalityWords, participationGini } from './equal-voice';
import { actionLines } from './next-steps';
import { members, readDialogue, withDialogue, type Result } from './state';

/** The close: the summary built from what was recorded, and the closing outcome. */
export function closeDialogue(ctx: FlowContext): void {
  const before = readDialogue(ctx.run);
  const result = before.result && before.phase !== 'statements' ? before.result : findResult(ctx);
  const dialogue = withDialogue(ctx, (d) => {
    d.closed = true;
    d.phase = ctx.stage?.id ?? 'close';
    d.cards = {};
    return d;
  });
  ctx.cancel('phase_due');
  ctx.cancel('nudge');
  ctx.record('dialogue.phase_changed', { dialogue: dialogue.ref, phase: dialogue.phase, planned_minutes: null });
  const people = members(ctx);
  const gini = participationGini(ctx);
  const contributions = people.reduce((sum, p) => sum + (dialogue.talk[p.userId]?.messages ?? 0), 0);
  const statements = dialogue.statements.filter((s) => !s.hidden).length;
  ctx.record('dialogue.closed', {
    dialogue: dialogue.ref,
    participants: people.length,
    contributions,
    // Nobody wrote, or one person alone: no share of voice to measure (not 0, which would read as perfectly even).
    gini: contributions > 0 && people.length > 1 ? gini : null,
    statements,
    votes: result.votes,
    consensus: result.consensus.length,
    divisive: result.divisive.length,
    actions: dialogue.actions.filter((a) => !a.removed).length,
  });
  ctx.sayText('shared', (t) => summaryText(speaking(ctx, t), dialogue, people.length, contributions, gini, result));
}

/** Who took part and how evenly; evenness only where there is something to compare. */
function participationLine(ctx: FlowContext, participants: number, contributions: number, gini: number): string {
  if (participants === 0) return ctx.t('dialogue.summary.nobody');
  if (contributions === 0) return ctx.t('dialogue.summary.silent', { participants });
  if (participants === 1) return ctx.t('dialogue.summary.one', { contributions });
  return ctx.t('dialogue.summary.participation', { participants, contributions, equality: equalityWords(ctx, gini) });
}

function summaryText(ctx: FlowContext, dialogue: ReturnType<typeof readDialogue>, participants: number, contributions: number, gini: number, result: Result): string {
  const none = ctx.t('dialogue.summary.none');
  const agreed = dialogue.actions.filter((a) => !a.removed).length;
  const parts = [
    ctx.t('dialogue.summary.head', { topic: dialogue.topic }),
    participationLine(ctx, participants, contributions, gini),
    ctx.t('dialogue.summary.consensus', { list: result.consensus.length > 0 ? quoteStatements(ctx, result.consensus) : none }),
    ctx.t('dialogue.summary.divisive', { list: result.divisive.length > 0 ? quoteStatements(ctx, result.divisive) : none }),
    ctx.t('dialogue.summary.actions', { list: agreed > 0 ? actionLines(ctx) : none }),
    ctx.t(agreed > 0 ? 'dialogue.summary.thanks_follow_up' : 'dialogue.summary.thanks'),
  ];
  return parts.join('\n\n');
}
