import type { FlowContext } from '../flows/functions';
import { takeCritique, takingCritiques } from './ai-draft';
import { countContribution } from './equal-voice';
import { joinFirst, readDialogue } from './state';
import { submitStatement } from './statements';

/** A statement typed in the thread: `+ text` (also `＋` from Chinese keyboards). */
const STATEMENT_PREFIX = /^[+＋]\s*/u;

/** The flow's `onMessage`: counts contributions, takes statements and, while an AI draft is open for comments, comments. */
export function dialogueMessage(ctx: FlowContext): string | undefined {
  const actor = ctx.actor;
  const text = ctx.text ?? '';
  if (!actor || actor.role === 'facilitator') return undefined;
  if (actor.role !== 'participant') {
    joinFirst(ctx);
    return 'stop';
  }
  const dialogue = readDialogue(ctx.run);
  if (dialogue.closed) return undefined;
  const limit = ctx.community.limits.contributionLength;
  const length = [...text].length;
  if (length > limit) {
    ctx.say('actor', 'core.input.too_long', { limit, length });
    return 'stop';
  }
  if (STATEMENT_PREFIX.test(text.trimStart()) && dialogue.phase === 'statements') {
    // A statement counts once it is added: one refused (too long, empty, already there) counts for nothing.
    if (submitStatement(ctx, actor.userId, text.trimStart().replace(STATEMENT_PREFIX, ''))) countContribution(ctx, actor.userId, text);
    return 'stop';
  }
  countContribution(ctx, actor.userId, text);
  if (takingCritiques(ctx.run)) takeCritique(ctx, actor.userId, text);
  return 'stop';
}
