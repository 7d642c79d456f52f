import { countedKey } from '../core/wording';
import type { FlowContext } from '../flows/functions';
import { speaking } from '../flows/context';
import { findCommonGround, type CommonGroundOptions } from './consensus';
import { readDialogue, withDialogue, type Result } from './state';
import { voteMatrix } from './voting';

/**
 * The same method as `commonground consensus` (Pol.is's), with its cautious defaults for a
 * dialogue's handful of people (6 to 12, often): a statement needs two members of each group to
 * have voted on it, groups need two members, and groups form only when the votes show more shared
 * structure than chance.
 */
export const SMALL_GROUP: CommonGroundOptions = { minSeenPerGroup: 2, minGroupSize: 2 };

/**
 * The options for a dialogue's vote matrix: everyone who voted is placed in a group. Pol.is's rule
 * (at least 7 votes, or among the 15 most active) would leave out whoever wrote a statement once
 * there are more than 15 voters and few statements, as nobody votes on their own statement; a camp
 * of authors then had too few voters left for anything to count as common ground.
 */
export function dialogueOptions(matrix: readonly unknown[]): CommonGroundOptions {
  return { ...SMALL_GROUP, inConversation: matrix.map((_row, i) => i) };
}

/** Fewer voters than this cannot show common ground. */
const MIN_VOTERS = 2;

/** Common-ground statements shown in the thread, strongest first (the rest stay in the result and the summary). */
export const SHOWN = 5;

/** Groups the voters by their votes and finds the common-ground and divisive statements. */
export function findResult(ctx: FlowContext): Result {
  const { matrix, columns, votes } = voteMatrix(ctx);
  const empty: Result = { consensus: [], divisive: [], groups: 0, voters: matrix.length, votes };
  const result =
    matrix.length < MIN_VOTERS || columns.length === 0
      ? empty
      : (() => {
          const found = findCommonGround(matrix, dialogueOptions(matrix));
          const toStatement = (column: number) => columns[column] as number;
          // A statement that divides the groups is not common ground, even when one group's full
          // agreement lifts its score over the line: it is listed where views differ only.
          const consensus = found.consensus.filter((column) => !found.divisive.includes(column));
          const minSeen = SMALL_GROUP.minSeenPerGroup ?? 2;
          const weighed = found.statements.filter((s) => s.groups.length > 0 && s.groups.every((g) => g.seen >= minSeen)).length;
          return { ...empty, consensus: consensus.map(toStatement), divisive: found.divisive.map(toStatement), groups: found.groups.length, weighed };
        })();
  withDialogue(ctx, (d) => {
    d.result = result;
  });
  return result;
}

/** Statements quoted one a line: `• 3. “text”`. */
export function quoteStatements(ctx: FlowContext, indices: number[]): string {
  const dialogue = readDialogue(ctx.run);
  return indices.map((i) => ctx.t('dialogue.result.item', { n: i + 1, text: dialogue.statements[i]?.text ?? '' })).join('\n');
}

/** Posts what the votes show, in the thread. */
export function postResult(ctx: FlowContext, result: Result): void {
  const dialogue = readDialogue(ctx.run);
  const statements = dialogue.statements.filter((s) => !s.hidden).length;
  if (result.voters < MIN_VOTERS || statements === 0) {
    ctx.say('shared', 'dialogue.result.too_few', { voters: result.voters, statements });
    return;
  }
  ctx.sayText('shared', (t) => resultText(speaking(ctx, t), result, statements));
}

function resultText(ctx: FlowContext, result: Result, statements: number): string {
  const lines = [ctx.t(countedKey('dialogue.result.figures', result.groups), { voters: result.voters, votes: result.votes, statements, groups: result.groups })];
  if (result.consensus.length > 0) {
    lines.push(ctx.t('dialogue.result.consensus', { list: quoteStatements(ctx, result.consensus.slice(0, SHOWN)) }));
    if (result.consensus.length > SHOWN) lines.push(ctx.t('dialogue.result.more', { count: result.consensus.length - SHOWN }));
    lines.push(ctx.t('dialogue.result.explain'));
  } else lines.push(ctx.t(result.weighed === 0 ? 'dialogue.result.too_few_each' : 'dialogue.result.no_consensus'));
  if (result.divisive.length > 0) lines.push(ctx.t('dialogue.result.divisive', { list: quoteStatements(ctx, result.divisive) }));
  else if (result.groups > 1) lines.push(ctx.t('dialogue.result.no_divisive'));
  return lines.join('\n\n');
}
