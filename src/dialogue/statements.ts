import type { FlowContext } from '../flows/functions';
import { findResult } from './common-ground';
import { countContribution } from './equal-voice';
import { isBlank } from '../core/text';
import { joinFirst, nameOf, readDialogue, withDialogue } from './state';
import { offerCardsAfterStatement, withdrawCards } from './voting';

/** Text compared for duplicates: case, width, spaces and final punctuation do not matter. */
export function normaliseStatement(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?。！？,，;；]+$/u, '')
    .trim();
}

/** Adds a participant's statement (from `+ text` in the thread or `/dialogue statement text`); true when added. */
export function submitStatement(ctx: FlowContext, userId: string, raw: string, empty = 'dialogue.statement.empty'): boolean {
  const dialogue = readDialogue(ctx.run);
  if (dialogue.phase !== 'statements' || dialogue.closed) {
    ctx.say('actor', 'dialogue.statement.not_now');
    return false;
  }
  const text = raw.trim().replace(/\s+/g, ' ');
  const limit = ctx.community.limits.statementLength;
  if (isBlank(text)) {
    ctx.say('actor', empty);
    return false;
  }
  if ([...text].length > limit) {
    ctx.say('actor', 'dialogue.statement.too_long', { limit, length: [...text].length });
    return false;
  }
  const key = normaliseStatement(text);
  const twin = dialogue.statements.findIndex((s) => !s.hidden && normaliseStatement(s.text) === key);
  if (twin >= 0) {
    ctx.say('actor', 'dialogue.statement.duplicate', { n: twin + 1 });
    return false;
  }
  const index = withDialogue(ctx, (d) => d.statements.push({ by: userId, text, at: ctx.now, hidden: false }) - 1);
  ctx.say('shared', 'dialogue.statement.added', { n: index + 1, text, name: nameOf(ctx, userId) });
  offerCardsAfterStatement(ctx, index);
  return true;
}

/** `/dialogue statement <text>`. */
export function addStatement(ctx: FlowContext): void {
  const actor = ctx.actor;
  if (!actor || actor.role !== 'participant') {
    joinFirst(ctx);
    return;
  }
  // Counted as the same statement typed as `+ text` in the thread is, so shares of voice agree.
  const text = ctx.text ?? '';
  if (submitStatement(ctx, actor.userId, text, 'dialogue.statement.empty_command')) countContribution(ctx, actor.userId, text);
}

/** `/dialogue hide <n> <reason>`: the facilitator hides a statement that breaks the ground rules. */
export function hideStatement(ctx: FlowContext): void {
  const n = Number.parseInt(ctx.args[0] ?? '', 10);
  const reason = ctx.args.slice(1).join(' ').trim();
  const dialogue = readDialogue(ctx.run);
  const statement = Number.isInteger(n) ? dialogue.statements[n - 1] : undefined;
  if (!statement || statement.hidden) {
    ctx.say('actor', dialogue.statements.length === 0 ? 'dialogue.hide.none' : 'dialogue.hide.unknown', { count: dialogue.statements.length });
    return;
  }
  if (reason.length === 0) {
    ctx.say('actor', 'dialogue.hide.reason_needed', { n });
    return;
  }
  withDialogue(ctx, (d) => {
    const s = d.statements[n - 1];
    if (s) s.hidden = true;
  });
  ctx.say('shared', 'dialogue.hide.done', { n });
  ctx.say({ userId: statement.by }, 'dialogue.hide.to_author', { n, text: statement.text, reason });
  withdrawCards(ctx, n - 1);
  // Hidden after the common ground was found: the result (and so the closing summary) leaves it out.
  if (readDialogue(ctx.run).result) findResult(ctx);
}
