/**
 * The opinion plane, as Pol.is builds it: every participant who voted at all is a row, a
 * moderated-out statement's column is set to 0 for everyone, a missing vote takes its statement's
 * mean vote, columns are centred, and the rows are projected onto the first two principal
 * components. Each position is then scaled by sqrt(statements / statements the participant voted
 * on), so that someone who voted on few statements is not pulled to the middle.
 *
 * A chance check keeps structure-free votes in one group: the variance that the first principal
 * component (or the plane) captures among the grouped participants must beat every copy of the
 * votes shuffled within each statement.
 */
import { seededRandom } from '../core/seeded-random';
import type { Vote } from './consensus';
import { projectOntoPrincipalPlane, type DenseMatrix } from './pca';

/** Centred votes of some participants, with which cells hold a vote. */
export interface OpinionSpace extends DenseMatrix {
  seen: Uint8Array;
  /** sqrt(statements / votes cast) for each row. */
  scales: Float64Array;
}

/** The chance check looks at no more participants than this. */
const CHANCE_SAMPLE = 150;
/** Power-iteration steps for the chance check, the same for the real and the shuffled votes. */
const CHANCE_PLANE_STEPS = 10;

/** The opinion space of the given rows; statement means are taken over the same rows. */
export function opinionSpace(matrix: Vote[][], rows: number[], cols: number, moderatedOut: ReadonlySet<number>): OpinionSpace {
  const sums = new Float64Array(cols);
  const counts = new Float64Array(cols);
  const out = Uint8Array.from({ length: cols }, (_u, j) => (moderatedOut.has(j) ? 1 : 0));
  const cell = (row: Vote[], j: number): Vote | undefined => (out[j] === 1 ? 0 : row[j]);
  for (const r of rows) {
    const row = matrix[r] as Vote[];
    for (let j = 0; j < cols; j += 1) {
      const vote = cell(row, j);
      if (vote === null || vote === undefined) continue;
      sums[j] = (sums[j] as number) + vote;
      counts[j] = (counts[j] as number) + 1;
    }
  }
  const values = new Float64Array(rows.length * cols);
  const seen = new Uint8Array(rows.length * cols);
  const scales = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const row = matrix[r] as Vote[];
    let cast = 0;
    for (let j = 0; j < cols; j += 1) {
      const vote = cell(row, j);
      if (vote === null || vote === undefined) continue;
      values[i * cols + j] = vote - (sums[j] as number) / (counts[j] as number);
      seen[i * cols + j] = 1;
      cast += 1;
    }
    scales[i] = Math.sqrt(cols / Math.max(cast, 1));
  });
  return { values, seen, rows: rows.length, cols, scales };
}

/** Positions in the opinion plane, each scaled by sqrt(statements / votes cast). */
export function planePositions(space: OpinionSpace, maxIterations?: number): Float64Array {
  const points = projectOntoPrincipalPlane(space, { maxIterations });
  for (let i = 0; i < space.rows; i += 1) {
    points[i * 2] = (points[i * 2] as number) * (space.scales[i] as number);
    points[i * 2 + 1] = (points[i * 2 + 1] as number) * (space.scales[i] as number);
  }
  return points;
}

/** Rows `which` of the space, as a space of their own (statement means are kept). */
export function selectRows(space: OpinionSpace, which: number[]): OpinionSpace {
  const { cols } = space;
  const values = new Float64Array(which.length * cols);
  const seen = new Uint8Array(which.length * cols);
  const scales = new Float64Array(which.length);
  which.forEach((from, r) => {
    values.set(space.values.subarray(from * cols, (from + 1) * cols), r * cols);
    seen.set(space.seen.subarray(from * cols, (from + 1) * cols), r * cols);
    scales[r] = space.scales[from] as number;
  });
  return { values, seen, rows: which.length, cols, scales };
}

/**
 * Whether the votes of these participants hold more shared structure than chance: the variance
 * their first principal component captures, or that their principal plane captures, beats that of
 * each of `shuffles` copies where every statement's
 * votes are shuffled among the participants who saw it (fixed seed). Shuffling keeps each
 * statement's votes and each person's count of votes but breaks any link between statements.
 * Large rooms are checked on an evenly spaced sample of participants.
 */
export function beatsChance(space: OpinionSpace, shuffles: number): boolean {
  if (shuffles <= 0) return true;
  const stride = Math.ceil(space.rows / CHANCE_SAMPLE);
  const sample = stride <= 1 ? space : selectRows(space, Array.from({ length: Math.ceil(space.rows / stride) }, (_u, i) => i * stride));
  const real = capturedVariance(sample, sample.values);
  const random = seededRandom(0xc0ffee);
  let firstBeats = true;
  let planeBeats = true;
  for (let s = 0; s < shuffles && (firstBeats || planeBeats); s += 1) {
    const shuffled = capturedVariance(sample, shuffleWithinStatements(sample, random));
    firstBeats &&= real.first > shuffled.first + 1e-9;
    planeBeats &&= real.plane > shuffled.plane + 1e-9;
  }
  return firstBeats || planeBeats;
}

/** Sums of squares of the rows' projections onto the first principal component, and onto the plane of the first two. */
function capturedVariance(space: OpinionSpace, values: Float64Array): { first: number; plane: number } {
  const points = projectOntoPrincipalPlane({ values, rows: space.rows, cols: space.cols }, { maxIterations: CHANCE_PLANE_STEPS });
  let first = 0;
  let second = 0;
  for (let i = 0; i < space.rows; i += 1) {
    first += (points[i * 2] as number) ** 2;
    second += (points[i * 2 + 1] as number) ** 2;
  }
  return { first, plane: first + second };
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
