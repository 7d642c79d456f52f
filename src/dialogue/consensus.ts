/**
 * Group-informed consensus for structured dialogue, in the manner of Pol.is: find the opinion
 * groups among participants, then the statements every group agrees with (common ground) and the
 * statements that split the groups (divisive).
 *
 * The method, step by step (every step is deterministic: same votes, same answer):
 * 1. Votes: each cell is 1 (agree), -1 (disagree), 0 (pass) or null (not seen). Rows are
 *    participants, columns statements; a short row counts as not having seen the rest.
 * 2. Who is grouped: a participant who voted (agree, disagree or pass) on fewer than `minVotes`
 *    statements (default: 7, or half the statements rounded up when that is fewer) is left out of
 *    the groups. Their votes still count in the overall statement counts.
 * 3. Missing votes are imputed with the statement's mean vote among grouped participants, and each
 *    statement is centred on that mean.
 * 4. The centred matrix is reduced to two dimensions by PCA (block power iteration from fixed start
 *    vectors; see `pca.ts`). As in Pol.is, a participant's position is scaled by
 *    sqrt(statements / statements they voted on), so that sparse voters are not pulled to the middle.
 * 5. k-means with deterministic starts is run for k = 2..min(maxGroups, n - 1) (see `kmeans.ts`).
 *    Splits that leave a group smaller than `minGroupSize` (default 2) are not considered, so fewer
 *    than four grouped participants always form one group. The k with the best mean silhouette wins
 *    (the smaller k on a tie). Everyone forms one group instead when that silhouette is below
 *    `minSilhouette` (default 0.5, "reasonable structure" on Kaufman and Rousseeuw's scale: a
 *    single blob of opinions cut in two already scores 0.3 to 0.4), or when it does not beat the
 *    silhouette k-means finds for the same k in each of `shuffles` (default 9) copies of the votes
 *    shuffled within each statement (fixed seed). The shuffles keep chance from making groups
 *    among a handful of participants. So the number of groups comes from the data.
 * 6. A statement's agree share in a group is Laplace-smoothed: (agree + 1) / (seen + 2), where
 *    `seen` counts agree, disagree and pass votes. Smoothing keeps a group where two of two agreed
 *    from looking as certain as one where fifty of fifty did.
 * 7. Common ground: in every group at least `minSeenPerGroup` members (default 2) saw the statement
 *    and the smoothed agree share is above one half (which is the same as a strict majority of the
 *    members who saw it agreeing; a pass is not agreement, so an exact half is not enough). Sorted
 *    by the weakest group's share, strongest first, then by column.
 * 8. Divisive: among groups where at least `minSeenPerGroup` members saw the statement, the highest
 *    and lowest smoothed agree shares differ by at least `divisiveGap` (default 0.5). Needs two or
 *    more groups. Sorted by that difference, largest first, then by column. With a gap of 0.5 or
 *    more no statement can be both, and a statement everyone passes on is neither.
 */
import { seededRandom } from '../core/seeded-random';
import { groupByOpinion, kMeans, silhouette } from './kmeans';
import { projectOntoPrincipalPlane } from './pca';

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
  /** Column indices of the statements every group agrees with. */
  consensus: number[];
  /** Column indices of the statements that split the groups. */
  divisive: number[];
  statements: StatementStats[];
  /** How many participants voted enough to be placed in a group. */
  participantsClustered: number;
}

export interface CommonGroundOptions {
  /** Votes a participant needs to be grouped (default min(7, half the statements rounded up), at least 1). */
  minVotes?: number;
  /** Members of each group who must have seen a statement (default 2). */
  minSeenPerGroup?: number;
  /** Most groups tried (default 5). */
  maxGroups?: number;
  /** Least silhouette for a split into groups (default 0.5). */
  minSilhouette?: number;
  /** Shuffled copies of the votes a split must beat (default 9; 0 skips the check). */
  shuffles?: number;
  /** Smallest group a split may make (default 2). */
  minGroupSize?: number;
  /** Least difference of smoothed agree shares for a divisive statement (default 0.5). */
  divisiveGap?: number;
}

interface Grouping {
  maxGroups: number;
  minSilhouette: number;
  minGroupSize: number;
  shuffles: number;
}

/** Shuffled votes have no clear plane to converge to; a rough one serves the comparison. */
const SHUFFLED_PLANE_STEPS = 10;

/** The shuffle check looks at no more participants than this. */
const SHUFFLE_SAMPLE = 300;

/** Differences of shares closer than this count as equal. */
const EPSILON = 1e-12;

/** The Laplace-smoothed share of agree votes: (agree + 1) / (seen + 2). */
export function agreeShare(counts: VoteCounts): number {
  return (counts.agree + 1) / (counts.seen + 2);
}

/** Find the opinion groups, the common ground and the divisive statements in a vote matrix. */
export function findCommonGround(matrix: Vote[][], options: CommonGroundOptions = {}): CommonGround {
  const statementCount = matrix.reduce((widest, row) => Math.max(widest, row.length), 0);
  const minVotes = Math.max(1, options.minVotes ?? Math.min(7, Math.ceil(statementCount / 2)));
  const minSeen = options.minSeenPerGroup ?? 2;
  const votesCast = matrix.map((row, index) => countVotes(row, index));
  const grouped = matrix.flatMap((_row, index) => ((votesCast[index] as number) >= minVotes ? [index] : []));

  const groups = formGroups(matrix, grouped, votesCast, statementCount, {
    maxGroups: options.maxGroups ?? 5,
    minSilhouette: options.minSilhouette ?? 0.5,
    minGroupSize: options.minGroupSize ?? 2,
    shuffles: options.shuffles ?? 9,
  });
  const statements = countStatements(matrix, groups, statementCount);
  return {
    groups,
    consensus: findConsensus(statements, minSeen),
    divisive: groups.length < 2 ? [] : findDivisive(statements, minSeen, options.divisiveGap ?? 0.5),
    statements,
    participantsClustered: grouped.length,
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

/** Grouped participants' centred votes, with which cells were seen and each row's projection scale. */
interface OpinionSpace {
  values: Float64Array;
  seen: Uint8Array;
  rows: number;
  cols: number;
  scales: Float64Array;
}

function formGroups(matrix: Vote[][], grouped: number[], votesCast: number[], cols: number, grouping: Grouping): number[][] {
  if (grouped.length === 0) return [];
  const space = opinionSpace(matrix, grouped, votesCast, cols);
  const options = { maxGroups: grouping.maxGroups, minSilhouette: grouping.minSilhouette, minGroupSize: grouping.minGroupSize };
  const chosen = groupByOpinion(participantPoints(space), options);
  const beatsChance = chosen.k === 1 || chosen.silhouette > shuffledSilhouette(space, chosen.k, grouping.shuffles);
  const { k, labels } = beatsChance ? chosen : { k: 1, labels: new Int32Array(grouped.length) };
  const members: number[][] = Array.from({ length: k }, () => []);
  grouped.forEach((participant, i) => members[labels[i] as number]?.push(participant));
  return members.filter((group) => group.length > 0).sort((a, b) => (a[0] as number) - (b[0] as number));
}

function opinionSpace(matrix: Vote[][], grouped: number[], votesCast: number[], cols: number): OpinionSpace {
  const rows = grouped.length;
  const means = new Float64Array(cols);
  const counts = new Float64Array(cols);
  for (const participant of grouped) {
    const row = matrix[participant] as Vote[];
    for (let j = 0; j < row.length; j += 1) {
      const vote = row[j];
      if (vote === null || vote === undefined) continue;
      means[j] = (means[j] as number) + vote;
      counts[j] = (counts[j] as number) + 1;
    }
  }
  for (let j = 0; j < cols; j += 1) if ((counts[j] as number) > 0) means[j] = (means[j] as number) / (counts[j] as number);

  // Centred votes; a missing vote takes the column mean, which is 0 once centred.
  const values = new Float64Array(rows * cols);
  const seen = new Uint8Array(rows * cols);
  grouped.forEach((participant, i) => {
    const row = matrix[participant] as Vote[];
    for (let j = 0; j < row.length; j += 1) {
      const vote = row[j];
      if (vote === null || vote === undefined) continue;
      values[i * cols + j] = vote - (means[j] as number);
      seen[i * cols + j] = 1;
    }
  });
  const scales = Float64Array.from(grouped, (participant) => Math.sqrt(cols / (votesCast[participant] as number)));
  return { values, seen, rows, cols, scales };
}

/** Positions in the opinion plane, each scaled by sqrt(statements / votes cast). */
function participantPoints(space: OpinionSpace, maxIterations?: number): Float64Array {
  const points = projectOntoPrincipalPlane(space, { maxIterations });
  for (let i = 0; i < space.rows; i += 1) {
    points[i * 2] = (points[i * 2] as number) * (space.scales[i] as number);
    points[i * 2 + 1] = (points[i * 2 + 1] as number) * (space.scales[i] as number);
  }
  return points;
}

/**
 * The best silhouette k-means finds for the same k when each statement's votes are shuffled among
 * the participants who saw it: what chance alone produces with these vote counts. Large groups are
 * checked on an evenly spaced sample of participants; small samples show more chance structure,
 * so sampling can only make the check stricter.
 */
function shuffledSilhouette(space: OpinionSpace, k: number, shuffles: number): number {
  const sample = sampleRows(space, SHUFFLE_SAMPLE);
  const random = seededRandom(0xc0ffee);
  let best = -Infinity;
  for (let shuffle = 0; shuffle < shuffles; shuffle += 1) {
    const values = shuffleWithinStatements(sample, random);
    const points = participantPoints({ ...sample, values }, SHUFFLED_PLANE_STEPS);
    const clustering = kMeans(points, k);
    if (clustering !== null) best = Math.max(best, silhouette(points, clustering));
  }
  return best;
}

function sampleRows(space: OpinionSpace, limit: number): OpinionSpace {
  const stride = Math.ceil(space.rows / limit);
  if (stride <= 1) return space;
  const { cols } = space;
  const rows = Math.ceil(space.rows / stride);
  const values = new Float64Array(rows * cols);
  const seen = new Uint8Array(rows * cols);
  const scales = new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const from = r * stride;
    values.set(space.values.subarray(from * cols, (from + 1) * cols), r * cols);
    seen.set(space.seen.subarray(from * cols, (from + 1) * cols), r * cols);
    scales[r] = space.scales[from] as number;
  }
  return { values, seen, rows, cols, scales };
}

function shuffleWithinStatements(space: OpinionSpace, random: () => number): Float64Array {
  const { rows, cols, seen } = space;
  const values = new Float64Array(space.values);
  const cells = new Int32Array(rows);
  for (let j = 0; j < cols; j += 1) {
    let count = 0;
    for (let i = 0; i < rows; i += 1) if (seen[i * cols + j] === 1) cells[count++] = i * cols + j;
    for (let last = count - 1; last > 0; last -= 1) {
      const pick = Math.floor(random() * (last + 1));
      const a = cells[last] as number;
      const b = cells[pick] as number;
      const held = values[a] as number;
      values[a] = values[b] as number;
      values[b] = held;
    }
  }
  return values;
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

/** Orders by score, highest first, then by column index. */
function byScoreThenColumn(scores: Map<number, number>): (a: number, b: number) => number {
  return (a, b) => {
    const difference = (scores.get(b) as number) - (scores.get(a) as number);
    return Math.abs(difference) > EPSILON ? difference : a - b;
  };
}

function findConsensus(statements: StatementStats[], minSeen: number): number[] {
  const weakest = new Map<number, number>();
  for (const stats of statements) {
    if (stats.groups.length === 0) continue;
    const everyGroupAgrees = stats.groups.every((group) => group.seen >= minSeen && group.agree * 2 > group.seen);
    if (everyGroupAgrees) weakest.set(stats.statement, Math.min(...stats.groups.map(agreeShare)));
  }
  return [...weakest.keys()].sort(byScoreThenColumn(weakest));
}

function findDivisive(statements: StatementStats[], minSeen: number, divisiveGap: number): number[] {
  const gaps = new Map<number, number>();
  for (const stats of statements) {
    const shares = stats.groups.filter((group) => group.seen >= minSeen).map(agreeShare);
    if (shares.length < 2) continue;
    const gap = Math.max(...shares) - Math.min(...shares);
    if (gap >= divisiveGap - EPSILON) gaps.set(stats.statement, gap);
  }
  return [...gaps.keys()].sort(byScoreThenColumn(gaps));
}
