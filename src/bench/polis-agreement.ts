/**
 * How our groups and common ground compare with what Pol.is itself showed for a conversation of the
 * Pol.is open data: the number of groups, the adjusted Rand index against Pol.is's `group-id`, and
 * how many of our first five common-ground statements are among Pol.is's ten highest by
 * group-informed consensus (computed from Pol.is's groups, moderated-out statements left out).
 */
import { join } from 'node:path';
import { findCommonGround, type CommonGround } from '../dialogue/consensus';
import { loadVotes } from '../dialogue/consensus-cli';
import { adjustedRandIndex } from '../dialogue/rand-index';

export interface PolisAgreement {
  conversation: string;
  polisGroups: number;
  ourGroups: number;
  adjustedRandIndex: number;
  /** Our first five common-ground statements (fewer when the list is shorter). */
  firstFive: number[];
  /** How many of those are in Pol.is's top ten. */
  inPolisTopTen: number;
}

/** Compares our result on `<folder>/participants-votes.csv` (with its comments.csv) with Pol.is's groups. */
export function polisAgreement(folder: string): PolisAgreement & { result: CommonGround } {
  const { input, moderatedOut } = loadVotes({ polis: join(folder, 'participants-votes.csv') });
  const polisGroups = input.polisGroups ?? [];
  const inConversation = polisGroups.flatMap((g, row) => (g === null ? [] : [row]));
  const result = findCommonGround(input.matrix, { moderatedOut, inConversation });
  const ours = new Map<number, number>();
  result.groups.forEach((members, g) => members.forEach((row) => ours.set(row, g)));
  const both = inConversation.filter((row) => ours.has(row));
  const ids = [...new Set(inConversation.map((row) => polisGroups[row] as number))];
  const excluded = new Set(moderatedOut);
  const polisConsensus = input.statementIds.map((_id, column) =>
    ids.reduce((product, id) => {
      let agree = 0;
      let seen = 0;
      input.matrix.forEach((row, r) => {
        const vote = row[column];
        if (polisGroups[r] !== id || vote === null || vote === undefined) return;
        seen += 1;
        if (vote === 1) agree += 1;
      });
      return (product * (agree + 1)) / (seen + 2);
    }, 1),
  );
  const topTen = new Set(
    input.statementIds
      .map((_id, column) => column)
      .filter((column) => !excluded.has(column))
      .sort((a, b) => (polisConsensus[b] as number) - (polisConsensus[a] as number) || a - b)
      .slice(0, 10),
  );
  const firstFive = result.consensus.slice(0, 5);
  return {
    conversation: folder.split(/[\\/]/).at(-1) ?? folder,
    polisGroups: ids.length,
    ourGroups: result.groups.length,
    adjustedRandIndex: adjustedRandIndex(
      both.map((row) => polisGroups[row] as number),
      both.map((row) => ours.get(row) as number),
    ),
    firstFive,
    inPolisTopTen: firstFive.filter((column) => topTen.has(column)).length,
    result,
  };
}
