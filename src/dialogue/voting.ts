import { LOCALES } from '../config/schema';
import { message } from '../core/wording';
import { decodeChoice } from '../flows/context';
import type { FlowContext } from '../flows/functions';
import type { Vote } from './consensus';
import { joinFirst, members, readDialogue, withDialogue, type Dialogue, type VoteValue } from './state';

const VOTE_WORDS: Record<string, VoteValue> = {
  agree: 1,
  a: 1,
  yes: 1,
  同意: 1,
  disagree: -1,
  d: -1,
  no: -1,
  不同意: -1,
  pass: 0,
  p: 0,
  skip: 0,
  跳过: 0,
};
const VOTE_NAMES: Record<string, string> = { '1': 'agree', '-1': 'disagree', '0': 'pass' };

/** The first visible statement a participant has neither written nor voted on. */
function nextUnseen(dialogue: Dialogue, userId: string): number | null {
  const mine = dialogue.votes[userId] ?? {};
  const index = dialogue.statements.findIndex((s, i) => !s.hidden && s.by !== userId && mine[String(i)] === undefined);
  return index >= 0 ? index : null;
}

function visibleCount(dialogue: Dialogue): number {
  return dialogue.statements.filter((s) => !s.hidden).length;
}

/** Shows a participant, privately, the next statement to vote on; returns whether there was one. */
function offerNext(ctx: FlowContext, userId: string): boolean {
  const dialogue = readDialogue(ctx.run);
  const index = nextUnseen(dialogue, userId);
  withDialogue(ctx, (d) => {
    d.cards[userId] = index;
  });
  if (index === null) return false;
  const statement = dialogue.statements[index];
  if (!statement) return false;
  const choices = (['agree', 'disagree', 'pass'] as const).map((v) =>
    ctx.choice(`v-${index}-${v}`, `dialogue.vote.${v}`, { style: v === 'agree' ? 'primary' : 'secondary' }),
  );
  ctx.say({ userId }, 'dialogue.vote.card', { n: index + 1, count: visibleCount(dialogue), text: statement.text, topic: dialogue.topic }, { choices });
  return true;
}

/** At the start of the statements phase: everyone without an open card gets one. */
export function offerCardsToAll(ctx: FlowContext): void {
  for (const p of members(ctx)) offerNext(ctx, p.userId);
}

/** After a new statement: everyone who is waiting for one (not its author) gets it. */
export function offerCardsAfterStatement(ctx: FlowContext, index: number): void {
  const dialogue = readDialogue(ctx.run);
  const author = dialogue.statements[index]?.by;
  for (const p of members(ctx)) {
    if (p.userId === author) continue;
    const open = dialogue.cards[p.userId];
    if (open === null || open === undefined) offerNext(ctx, p.userId);
  }
}

/** A statement was hidden: whoever had it open moves on to their next one. */
export function withdrawCards(ctx: FlowContext, index: number): void {
  const dialogue = readDialogue(ctx.run);
  if (dialogue.phase !== 'statements') return;
  for (const [userId, open] of Object.entries(dialogue.cards)) if (open === index) offerNext(ctx, userId);
}

/** Outside the statements phase no card is open. */
export function clearCards(ctx: FlowContext): void {
  withDialogue(ctx, (d) => {
    d.cards = {};
  });
}

/**
 * Records a vote; a vote on an earlier statement changes it. A vote `typed` without a number (a
 * vote word by direct message) is confirmed with the statement's number before the next one shows.
 */
function cast(ctx: FlowContext, index: number, vote: VoteValue, typed = false): void {
  const actor = ctx.actor;
  if (!actor || actor.role !== 'participant') {
    joinFirst(ctx);
    return;
  }
  const dialogue = readDialogue(ctx.run);
  if (dialogue.phase !== 'statements' || dialogue.closed) {
    // Before the statements phase voting has not opened yet; after it (or once closed) it has closed.
    const phases = ctx.flow.stages.map((stage) => stage.id);
    const early = !dialogue.closed && phases.indexOf(dialogue.phase) < phases.indexOf('statements');
    ctx.say('actor', early ? 'dialogue.vote.not_yet' : 'dialogue.vote.closed');
    return;
  }
  const statement = dialogue.statements[index];
  if (!statement || statement.hidden) {
    ctx.say('actor', 'dialogue.vote.unknown');
    return;
  }
  if (statement.by === actor.userId) {
    ctx.say('actor', 'dialogue.vote.own');
    return;
  }
  const earlier = dialogue.votes[actor.userId]?.[String(index)];
  withDialogue(ctx, (d) => {
    (d.votes[actor.userId] ??= {})[String(index)] = vote;
  });
  const choice = message(`dialogue.vote.${VOTE_NAMES[String(vote)] ?? 'pass'}`);
  if (earlier !== undefined) {
    ctx.say('actor', 'dialogue.vote.changed', { n: index + 1, choice });
    return;
  }
  if (dialogue.cards[actor.userId] === index || dialogue.cards[actor.userId] === null) {
    if (typed && nextUnseen(readDialogue(ctx.run), actor.userId) !== null) ctx.say('actor', 'dialogue.vote.noted', { n: index + 1, choice });
    if (!offerNext(ctx, actor.userId)) ctx.say('actor', 'dialogue.vote.all_done', { n: index + 1, choice });
  } else {
    ctx.say('actor', 'dialogue.vote.noted', { n: index + 1, choice });
  }
}

/** A vote button (`v-<index>-<agree|disagree|pass>`): the flow's `onChoice`. */
export function dialogueChoice(ctx: FlowContext): string | undefined {
  const event = ctx.event;
  if (event?.kind !== 'choice') return undefined;
  const match = /^v-(\d+)-(agree|disagree|pass)$/.exec(decodeChoice(event.value)?.value ?? '');
  if (!match) return undefined;
  cast(ctx, Number(match[1]), VOTE_WORDS[match[2] as string] ?? 0);
  return 'stop';
}

/** A vote as its button reads in any language ("Agree", "同意"), or as `VOTE_WORDS` has it. */
function voteOf(ctx: FlowContext, word: string): VoteValue | undefined {
  const typed = word.trim().replace(/[\p{P}\s]+$/u, '').toLowerCase();
  const named = Object.entries(VOTE_NAMES).find(([, name]) => LOCALES.some((locale) => ctx.renderIn(locale, message(`dialogue.vote.${name}`)).toLowerCase() === typed));
  return named ? (Number(named[0]) as VoteValue) : VOTE_WORDS[typed];
}

/**
 * `/dialogue vote <n> agree|disagree|pass`; `/dialogue vote agree` (what a vote word written by
 * direct message stands for) votes on the statement the person was last shown, while it is open.
 */
export function castVote(ctx: FlowContext): void {
  const alone = ctx.args.length === 1 ? voteOf(ctx, ctx.args[0] ?? '') : undefined;
  if (alone !== undefined) {
    const open = readDialogue(ctx.run).cards[ctx.user?.id ?? ''];
    if (open === null || open === undefined) return void ctx.say('actor', 'dialogue.vote.how');
    cast(ctx, open, alone, true);
    return;
  }
  const n = Number.parseInt(ctx.args[0] ?? '', 10);
  const vote = voteOf(ctx, ctx.args[1] ?? '');
  if (!Number.isInteger(n) || n < 1 || vote === undefined) {
    ctx.say('actor', 'dialogue.vote.how');
    return;
  }
  cast(ctx, n - 1, vote);
}

/** Rows: participants who voted; columns: visible statements. Hidden statements and non-participants do not count. */
export function voteMatrix(ctx: FlowContext): { matrix: Vote[][]; columns: number[]; votes: number } {
  const dialogue = readDialogue(ctx.run);
  const columns = dialogue.statements.flatMap((s, i) => (s.hidden ? [] : [i]));
  let votes = 0;
  const matrix: Vote[][] = [];
  for (const p of members(ctx)) {
    const mine = dialogue.votes[p.userId] ?? {};
    const row = columns.map((i) => mine[String(i)] ?? null);
    const cast = row.filter((v) => v !== null).length;
    if (cast === 0) continue;
    votes += cast;
    matrix.push(row);
  }
  return { matrix, columns, votes };
}
