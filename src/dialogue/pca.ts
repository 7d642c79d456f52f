/**
 * The opinion plane: the two principal components of a centred participant × statement matrix,
 * found by block power (subspace) iteration so that the covariance matrix is never formed. Each
 * step costs O(participants × statements), and the start vectors are fixed, so the result is the
 * same on every run.
 */

/** A dense row-major matrix of doubles. */
export interface DenseMatrix {
  values: Float64Array;
  rows: number;
  cols: number;
}

export interface PlaneOptions {
  /** Upper bound on power-iteration steps (default 100); without a clear plane the steps only turn it within noise. */
  maxIterations?: number;
  /** Stop when the plane moves less than this between steps (default 1e-9). */
  tolerance?: number;
}

/** Coordinates of every row in the plane, row-major `[x0, y0, x1, y1, ...]`. */
export type PlaneCoordinates = Float64Array;

const NEGLIGIBLE = 1e-12;

/** Project the rows of `matrix` (already centred column by column) onto its two principal components. */
export function projectOntoPrincipalPlane(matrix: DenseMatrix, options: PlaneOptions = {}): PlaneCoordinates {
  const { rows, cols } = matrix;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9;
  const coordinates = new Float64Array(rows * 2);
  if (rows === 0 || cols === 0) return coordinates;

  let first = startVector(cols, 0.6180339887498949);
  let second = startVector(cols, 0.4142135623730951);
  orthonormalise(first, second);

  for (let step = 0; step < maxIterations; step += 1) {
    const [nextFirst, nextSecond] = multiplyByCovariance(matrix, first, second);
    orthonormalise(nextFirst, nextSecond);
    if (isZero(nextFirst)) break; // every row is zero: all participants sit at the origin
    const movement = Math.max(planeDistance(first, nextFirst, nextSecond), planeDistance(second, nextFirst, nextSecond));
    first = nextFirst;
    second = nextSecond;
    if (movement < tolerance) break;
  }
  fixSign(first);
  fixSign(second);

  const { values } = matrix;
  for (let i = 0; i < rows; i += 1) {
    const offset = i * cols;
    let x = 0;
    let y = 0;
    for (let j = 0; j < cols; j += 1) {
      const value = values[offset + j] as number;
      x += value * (first[j] as number);
      y += value * (second[j] as number);
    }
    coordinates[i * 2] = x;
    coordinates[i * 2 + 1] = y;
  }
  return coordinates;
}

/** A fixed, well-spread start vector: fractional parts of multiples of an irrational step. */
function startVector(length: number, step: number): Float64Array {
  const vector = new Float64Array(length);
  for (let j = 0; j < length; j += 1) vector[j] = (((j + 1) * step) % 1) - 0.5 + 1 / (j + 2);
  return vector;
}

/** Xᵀ X v for both vectors in one pass over the rows. */
function multiplyByCovariance(matrix: DenseMatrix, first: Float64Array, second: Float64Array): [Float64Array, Float64Array] {
  const { values, rows, cols } = matrix;
  const outFirst = new Float64Array(cols);
  const outSecond = new Float64Array(cols);
  for (let i = 0; i < rows; i += 1) {
    const offset = i * cols;
    let a = 0;
    let b = 0;
    for (let j = 0; j < cols; j += 1) {
      const value = values[offset + j] as number;
      a += value * (first[j] as number);
      b += value * (second[j] as number);
    }
    if (a === 0 && b === 0) continue;
    for (let j = 0; j < cols; j += 1) {
      const value = values[offset + j] as number;
      outFirst[j] = (outFirst[j] as number) + value * a;
      outSecond[j] = (outSecond[j] as number) + value * b;
    }
  }
  return [outFirst, outSecond];
}

function isZero(vector: Float64Array): boolean {
  return vector.every((value) => value === 0);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j += 1) sum += (a[j] as number) * (b[j] as number);
  return sum;
}

/** Scale to unit length, or to all zeros when the vector is negligible (the matrix has lower rank). */
function normalise(vector: Float64Array): void {
  const length = Math.sqrt(dot(vector, vector));
  if (length < NEGLIGIBLE) {
    vector.fill(0);
    return;
  }
  for (let j = 0; j < vector.length; j += 1) vector[j] = (vector[j] as number) / length;
}

/** Gram–Schmidt on two vectors, in place. */
function orthonormalise(first: Float64Array, second: Float64Array): void {
  normalise(first);
  const overlap = dot(first, second);
  for (let j = 0; j < second.length; j += 1) second[j] = (second[j] as number) - overlap * (first[j] as number);
  normalise(second);
}

/** How far a unit vector lies outside the plane spanned by two orthonormal vectors (0 = inside). */
function planeDistance(vector: Float64Array, first: Float64Array, second: Float64Array): number {
  const norm = dot(vector, vector);
  if (norm < NEGLIGIBLE) return 0;
  const a = dot(vector, first);
  const b = dot(vector, second);
  return Math.max(0, 1 - (a * a + b * b) / norm);
}

/** Make the largest entry positive so the axes point the same way on every run. */
function fixSign(vector: Float64Array): void {
  let largest = 0;
  for (let j = 0; j < vector.length; j += 1) {
    if (Math.abs(vector[j] as number) > Math.abs(vector[largest] as number)) largest = j;
  }
  if ((vector[largest] ?? 0) < 0) for (let j = 0; j < vector.length; j += 1) vector[j] = -(vector[j] as number);
}
