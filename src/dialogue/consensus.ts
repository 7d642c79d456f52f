/**
 * Group-informed consensus for structured dialogue, following the published Pol.is method: find
 * the opinion groups among participants, then the statements the groups together lean towards
 * agreeing with (common ground), the statements that split the groups (divisive) and what sets each group apart
 * (representative statements). docs/consensus.md explains each step for readers.
 *
 * 1. Votes: each cell is 1 (agree), -1 (disagree), 0 (pass) or null (not seen). Rows are
 *    participants, columns statements; a short row counts as not having seen the rest.
 * 2. Who is grouped (Pol.is's "in conversation"): participants who voted on at least
 *    min(7, statements) statements; when that is fewer than 15 people, the most active voters are
 *    added until there are 15 (or everyone who voted). Everyone's votes count in the statement counts.
 * 3. The opinion plane (`opinion-space.ts`): PCA of every voter's mean-imputed, centred votes, with
 *    moderated-out statements set to 0, each position scaled by sqrt(statements / votes cast).
 * 4. Groups (`opinion-groups.ts`): up to 100 base clusters of the grouped participants, then
 *    weighted k-means of the base clusters for k = 2..min(maxGroups, 2 + base clusters / 12), each
 *    started from the last update's clusters as the conversation grows; the best silhouette wins,
 *    smoothed across updates when the caller passes the last update's memory. Cautious mode:
 *    when the votes carry no more shared structure than shuffled copies of themselves (small rooms,
 *    or noise), everyone forms one group; real conversations pass this check easily.
 * 5. Group-informed consensus of a statement: the product over groups of (agree + 1) / (seen + 2),
 *    where `seen` counts agree, disagree and pass votes of the group's members.
 * 6. Common ground: statements ranked by group-informed consensus, highest first, as Pol.is ranks
 *    its top statements; listed when each group has at least `minSeenPerGroup` members who voted on
 *    it and the score beats (1/2)^groups, the score of a statement nobody voted on: across the
 *    groups, each counting the same, more than half of those who voted agreed (geometric mean).
 * 7. Divisive: among groups where at least `minSeenPerGroup` members saw the statement, the highest
 *    and lowest (agree + 1) / (seen + 2) differ by at least `divisiveGap`; ranked by that difference.
 * 8. Representative statements of each group (`repness.ts`), as Pol.is selects them.
 * Moderated-out statements are never common ground, divisive or representative. Same votes, same answer.
 */
import { smoothGroupCount, type GroupCountMemory } from './kmeans';
import { formOpinionGroups } from './opinion-groups';
import { beatsChance, opinionSpace, planePositions, selectRows } from './opinion-space';
import { representativeStatements, type RepresentativeStatement } from './repness';

export type Vote = 1 | -1 | 0 | null;

export interface VoteCounts {
  agree: number;
  disagree: number;
  pass: number;
  /** agree + disagree + pass: the participants who saw the statement and voted on it. */
  seen: number;
}

export interface StatementStats extends VoteCounts {
  /** Column index of the statement. */
  statement: number;
  /** Counts among the members of each group, in the order of `CommonGround.groups`. */
  groups: VoteCounts[];
}

export interface CommonGround {
  /** Member row indices of each opinion group, sorted; groups ordered by their first member. */
  groups: number[][];
  /** Column indices of the common-ground statements, by group-informed consensus, highest first. */
  consensus: number[];
  /** Column indices of the statements that split the groups, most divisive first. */
  divisive: number[];
  statements: StatementStats[];
  /** Group-informed consensus of each statement (by column); 0 when nobody is grouped. */
  groupInformedConsensus: number[];
  /** Largest minus smallest smoothed agree share across groups, by column (0 with one group). */
  divisiveness: number[];
  /** Representative statements of each group, in the order of `groups`. */
  representative: RepresentativeStatement[][];
  /** How many participants voted enough to be placed in a group. */
  participantsClustered: number;
  /** What the k smoother remembers for the next update of the same conversation. */
  groupCountMemory: GroupCountMemory | null;
}

export interface CommonGroundOptions {
  /** Votes a participant needs to be grouped (default min(7, statements), at least 1). */
  minVotes?: number;
  /** When fewer are grouped, the most active voters are added up to this many (default 15, Pol.is). */
  fillTo?: number;
  /** Members of each group who must have seen a statement for it to be common ground or divisive (default 2). */
  minSeenPerGroup?: number;
  /** Most groups tried (default 5). */
  maxGroups?: number;
  /** Shuffled copies of the votes the real votes must beat to form groups (default 9; 0 skips the check). */
  shuffles?: number;
  /** Smallest group, in participants, a split may make (default 2). */
  minGroupSize?: number;
  /** Least difference of smoothed agree shares for a divisive statement (default 0.5). */
  divisiveGap?: number;
  /** Columns of moderated-out statements. */
  moderatedOut?: readonly number[];
  /** Rows to group, when known from elsewhere (a Pol.is export's grouped participants), instead of the in-conversation rule. */
  inConversation?: readonly number[];
  /** The k smoother's memory from the last update of this conversation, if any. */
  groupCountMemory?: GroupCountMemory;
}

/** Differences of scores closer than this count as equal. */
const EPSILON = 1e-12;

/** The Laplace-smoothed share of agree votes: (agree + 1) / (seen + 2). */
export function agreeShare(counts: VoteCounts): number {
  return (counts.agree + 1) / (counts.seen + 2);
}

/** Find the opinion groups, the common ground and the divisive statements in a vote matrix. */
export function findCommonGround(matrix: Vote[][], options: CommonGroundOptions = {}): CommonGround {
  const cols = matrix.reduce((widest, row) => Math.max(widest, row.length), 0);
  const votesCast = matrix.map((row, index) => countVotes(row, index));
  const moderatedOut = new Set(options.moderatedOut ?? []);
  const grouped = options.inConversation ? [...options.inConversation].filter((i) => (votesCast[i] ?? 0) > 0).sort((a, b) => a - b) : inConversation(votesCast, Math.max(1, options.minVotes ?? Math.min(7, cols)), options.fillTo ?? 15);
  const minSeen = options.minSeenPerGroup ?? 2;

  const formed = formGroups(matrix, grouped, votesCast, cols, moderatedOut, options);
  const { groups } = formed;
  const statements = countStatements(matrix, groups, cols);
  const groupInformedConsensus = statements.map((s) => (groups.length === 0 ? 0 : s.groups.reduce((product, g) => product * agreeShare(g), 1)));
  const divisiveness = statements.map((s) => spread(s, minSeen));
  const eligible = statements.filter((s) => !moderatedOut.has(s.statement));
  // A statement nobody voted on scores (1/2) per group under Pol.is's +1/+2 prior; common ground must beat that.
  const unvoted = Math.pow(0.5, groups.length);
  const consensus = eligible
    .filter((s) => s.groups.length > 0 && s.groups.every((g) => g.seen >= minSeen) && (groupInformedConsensus[s.statement] as number) > unvoted + EPSILON)
    .map((s) => s.statement)
    .sort(byScoreThenColumn(groupInformedConsensus));
  const gap = options.divisiveGap ?? 0.5;
  const divisive =
    groups.length < 2
      ? []
      : eligible
          .filter((s) => s.groups.filter((g) => g.seen >= minSeen).length >= 2 && (divisiveness[s.statement] as number) >= gap - EPSILON)
          .map((s) => s.statement)
          .sort(byScoreThenColumn(divisiveness));
  const representative = groups.length < 2 ? groups.map(() => []) : representativeStatements(groups.map((_m, g) => statements.map((s) => s.groups[g] as VoteCounts)), moderatedOut);
  return {
    groups,
    consensus,
    divisive,
    statements,
    groupInformedConsensus,
    divisiveness,
    representative,
    participantsClustered: grouped.length,
    groupCountMemory: formed.memory,
  };
}

function countVotes(row: Vote[], rowIndex: number): number {
  let count = 0;
  row.forEach((vote, column) => {
    if (vote === 1 || vote === -1 || vote === 0) count += 1;
    else if (vote !== null && vote !== undefined) {
      throw new RangeError(`row ${rowIndex}, column ${column}: ${JSON.stringify(vote)} is not a vote (use 1, -1, 0 or null)`);
    }
  });
  return count;
}

/** Pol.is's in-conversation rule: enough votes, or among the 15 most active when too few have enough. */
function inConversation(votesCast: number[], minVotes: number, fillTo: number): number[] {
  const chosen = new Set(votesCast.flatMap((cast, i) => (cast >= minVotes ? [i] : [])));
  if (chosen.size < fillTo) {
    const others = votesCast.flatMap((cast, i) => (cast > 0 && !chosen.has(i) ? [i] : []));
    others.sort((a, b) => (votesCast[b] as number) - (votesCast[a] as number) || a - b);
    for (const i of others.slice(0, fillTo - chosen.size)) chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}

interface FormedGroups {
  groups: number[][];
  memory: GroupCountMemory | null;
}

function formGroups(matrix: Vote[][], grouped: number[], votesCast: number[], cols: number, moderatedOut: ReadonlySet<number>, options: CommonGroundOptions): FormedGroups {
  if (grouped.length === 0) return { groups: [], memory: null };
  const voters = votesCast.flatMap((cast, i) => (cast > 0 ? [i] : []));
  const space = opinionSpace(matrix, voters, cols, moderatedOut);
  const rowOf = new Map(voters.map((participant, row) => [participant, row]));
  const groupedRows = grouped.map((participant) => rowOf.get(participant) as number);
  const positions = planePositions(space);
  const points = new Float64Array(grouped.length * 2);
  groupedRows.forEach((row, i) => {
    points[i * 2] = positions[row * 2] as number;
    points[i * 2 + 1] = positions[row * 2 + 1] as number;
  });

  const structured = beatsChance(selectRows(space, groupedRows), options.shuffles ?? 9);
  const found = structured ? formOpinionGroups(points, { maxGroups: options.maxGroups ?? 5, minGroupSize: options.minGroupSize ?? 2 }) : null;
  const memory = smoothGroupCount(options.groupCountMemory, found?.bestK ?? 1);
  const baseLabels = memory.smoothedK < 2 ? null : (found?.byK.get(memory.smoothedK) ?? found?.byK.get(found.bestK) ?? null);
  if (found === null || baseLabels === null) return { groups: [grouped], memory };
  const members = new Map<number, number[]>();
  grouped.forEach((participant, i) => {
    const group = baseLabels[found.base[i] as number] as number;
    const list = members.get(group);
    if (list) list.push(participant);
    else members.set(group, [participant]);
  });
  return { groups: [...members.values()].sort((a, b) => (a[0] as number) - (b[0] as number)), memory };
}

function emptyCounts(): VoteCounts {
  return { agree: 0, disagree: 0, pass: 0, seen: 0 };
}

function addVote(counts: VoteCounts, vote: Vote | undefined): void {
  if (vote === null || vote === undefined) return;
  counts.seen += 1;
  if (vote === 1) counts.agree += 1;
  else if (vote === -1) counts.disagree += 1;
  else counts.pass += 1;
}

function countStatements(matrix: Vote[][], groups: number[][], cols: number): StatementStats[] {
  const statements: StatementStats[] = Array.from({ length: cols }, (_unused, statement) => ({
    statement,
    ...emptyCounts(),
    groups: groups.map(() => emptyCounts()),
  }));
  for (const row of matrix) row.forEach((vote, j) => addVote(statements[j] as StatementStats, vote));
  groups.forEach((members, g) => {
    for (const participant of members) {
      (matrix[participant] as Vote[]).forEach((vote, j) => addVote((statements[j] as StatementStats).groups[g] as VoteCounts, vote));
    }
  });
  return statements;
}

/** Largest minus smallest smoothed agree share among groups where enough members saw the statement. */
function spread(stats: StatementStats, minSeen: number): number {
  const shares = stats.groups.filter((group) => group.seen >= minSeen).map(agreeShare);
  return shares.length < 2 ? 0 : Math.max(...shares) - Math.min(...shares);
}

/** Orders columns by score, highest first, then by column index. */
function byScoreThenColumn(scores: number[]): (a: number, b: number) => number {
  return (a, b) => {
    const difference = (scores[b] as number) - (scores[a] as number);
    return Math.abs(difference) > EPSILON ? difference : a - b;
  };
}
