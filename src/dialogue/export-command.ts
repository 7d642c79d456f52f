import type { CommandSpec } from '../core/commands';
import type { Run } from '../flows/run';
import { dialogueOptions } from './common-ground';
import { findCommonGround, type Vote } from './consensus';
import { toPolisVotes } from './polis-csv';
import { readDialogue } from './state';

/**
 * `/dialogue export`: the facilitator gets, privately, the dialogue's votes as a Pol.is
 * participants-votes.csv, so the community can take them to Pol.is or other tools. Participants are
 * numbered (0, 1, 2, …) instead of named; statements keep the numbers shown in the thread; hidden
 * statements are left out; `group-id` is the opinion group found here.
 */
export function dialogueAsPolis(run: Run): { csv: string; participants: number; statements: number } {
  const dialogue = readDialogue(run);
  const columns = dialogue.statements.flatMap((s, i) => (s.hidden ? [] : [i]));
  const voters = run.participants.filter((p) => p.active && p.role === 'participant');
  const rows = voters
    .map((p) => ({ userId: p.userId, votes: columns.map((i): Vote => dialogue.votes[p.userId]?.[String(i)] ?? null) }))
    .filter((row) => row.votes.some((v) => v !== null));
  const matrix = rows.map((row) => row.votes);
  const groupOf: (number | null)[] = matrix.map(() => null);
  if (matrix.length > 0 && columns.length > 0) findCommonGround(matrix, dialogueOptions(matrix)).groups.forEach((members, g) => members.forEach((r) => (groupOf[r] = g)));
  const csv = toPolisVotes({
    participantIds: rows.map((_row, i) => String(i)),
    statementIds: columns.map((i) => String(i + 1)),
    matrix,
    groupOf,
    commentsBy: rows.map((row) => columns.filter((i) => dialogue.statements[i]?.by === row.userId).length),
  });
  return { csv, participants: rows.length, statements: columns.length };
}

export const dialogueExport: CommandSpec = {
  name: 'dialogue',
  sub: 'export',
  roles: ['resident', 'social_worker', 'coordinator'],
  description: 'dialogue.command.export',
  inRun: { flow: 'dialogue', roles: ['facilitator'], refuse: 'dialogue.export.facilitator_only' },
  async run(ctx) {
    const run = await ctx.runHere();
    if (!run) return;
    const { csv, participants, statements } = dialogueAsPolis(run);
    if (participants === 0) return void (await ctx.reply(ctx.t('dialogue.export.nothing')));
    const name = `${readDialogue(run).ref}-participants-votes.csv`;
    await ctx.perform({
      kind: 'send',
      to: { kind: 'private', ref: ctx.event.ref, userId: ctx.event.user.id },
      text: ctx.t('dialogue.export.ready', { participants, statements, file: name }),
      attachment: { name, contentType: 'text/csv', data: new TextEncoder().encode(csv) },
    });
  },
};
