/**
 * Opinion groups in the plane: k-means with deterministic starts, scored by the silhouette.
 *
 * Each k is tried from several starts and the run with the smallest within-group sum of squares
 * wins (the earlier start on a tie): one farthest-point start that begins at the participant nearest
 * the centroid, then a few k-means++ starts drawn from a fixed-seed generator. Lloyd's iterations
 * assign each point to its nearest centre (the lower-numbered centre on a tie). Same input, same
 * groups.
 */
import { seededRandom } from '../core/seeded-random';


/** Points in the plane, row-major `[x0, y0, x1, y1, ...]`. */
export type PlanePoints = Float64Array;

export interface Clustering {
  k: number;
  /** Group number (0..k-1) of each point. */
  labels: Int32Array;
  /** Within-group sum of squared distances to the centre. */
  inertia: number;
}

export interface GroupingOptions {
  /** Largest number of groups tried. */
  maxGroups: number;
  /** Below this best silhouette everyone forms one group. */
  minSilhouette: number;
  /** A split leaving any group smaller than this is not considered. */
  minGroupSize: number;
}

/** The silhouette is computed on at most this many points (an evenly spaced sample beyond it). */
const SILHOUETTE_SAMPLE = 2000;
const RESTARTS = 4;
const MAX_LLOYD_STEPS = 100;

export interface OpinionGroups extends Clustering {
  /** Mean silhouette of the chosen split; NaN for a single group. */
  silhouette: number;
}

/**
 * Group the points: k-means for k = 2..min(maxGroups, n - 1), keep the k with the best mean
 * silhouette (the smaller k on a tie), or one group when no k reaches `minSilhouette`.
 */
export function groupByOpinion(points: PlanePoints, options: GroupingOptions): OpinionGroups {
  const n = points.length / 2;
  const single: OpinionGroups = { k: 1, labels: new Int32Array(n), inertia: Number.NaN, silhouette: Number.NaN };
  let best = single;
  const largestK = Math.min(options.maxGroups, n - 1);
  for (let k = 2; k <= largestK; k += 1) {
    const clustering = kMeans(points, k);
    if (clustering === null) break; // fewer distinct points than k, and so for every larger k
    if (smallestGroup(clustering) < options.minGroupSize) continue;
    const score = silhouette(points, clustering);
    const better = Number.isNaN(best.silhouette) || score > best.silhouette;
    if (score >= options.minSilhouette && better) best = { ...clustering, silhouette: score };
  }
  return best;
}

/** The best of several deterministic k-means runs, or null when there are fewer than k distinct points. */
export function kMeans(points: PlanePoints, k: number): Clustering | null {
  const first = farthestPointStart(points, k);
  if (first === null) return null;
  let best = lloyd(points, first);
  const random = seededRandom(0x5eed + k);
  for (let restart = 0; restart < RESTARTS; restart += 1) {
    const run = lloyd(points, kMeansPlusPlusStart(points, k, random));
    if (run.inertia < best.inertia) best = run;
  }
  return best;
}

/** Mean silhouette of the points (a point alone in its group scores 0). */
export function silhouette(points: PlanePoints, clustering: Clustering): number {
  const n = points.length / 2;
  const { k, labels } = clustering;
  const stride = Math.max(1, Math.ceil(n / SILHOUETTE_SAMPLE));
  const size = Math.ceil(n / stride);
  const xs = new Float64Array(size);
  const ys = new Float64Array(size);
  const groupOf = new Int32Array(size);
  const sizes = new Float64Array(k);
  for (let s = 0; s < size; s += 1) {
    xs[s] = points[s * stride * 2] as number;
    ys[s] = points[s * stride * 2 + 1] as number;
    groupOf[s] = labels[s * stride] as number;
    sizes[groupOf[s] as number] = (sizes[groupOf[s] as number] as number) + 1;
  }
  // sums[s * k + g]: total distance from sample point s to the sample points of group g.
  const sums = new Float64Array(size * k);
  for (let a = 0; a < size; a += 1) {
    const x = xs[a] as number;
    const y = ys[a] as number;
    const groupA = groupOf[a] as number;
    for (let b = a + 1; b < size; b += 1) {
      const dx = x - (xs[b] as number);
      const dy = y - (ys[b] as number);
      const distance = Math.sqrt(dx * dx + dy * dy);
      const groupB = groupOf[b] as number;
      sums[a * k + groupB] = (sums[a * k + groupB] as number) + distance;
      sums[b * k + groupA] = (sums[b * k + groupA] as number) + distance;
    }
  }
  let total = 0;
  for (let a = 0; a < size; a += 1) {
    const own = groupOf[a] as number;
    const ownSize = sizes[own] as number;
    if (ownSize <= 1) continue;
    const within = (sums[a * k + own] as number) / (ownSize - 1);
    let nearest = Infinity;
    for (let g = 0; g < k; g += 1) {
      if (g === own || (sizes[g] as number) === 0) continue;
      nearest = Math.min(nearest, (sums[a * k + g] as number) / (sizes[g] as number));
    }
    const spread = Math.max(within, nearest);
    if (Number.isFinite(nearest) && spread > 0) total += (nearest - within) / spread;
  }
  return size === 0 ? 0 : total / size;
}

function smallestGroup(clustering: Clustering): number {
  const sizes = new Int32Array(clustering.k);
  for (const label of clustering.labels) sizes[label] = (sizes[label] as number) + 1;
  return Math.min(...sizes);
}

function squaredDistance(points: PlanePoints, i: number, centres: Float64Array, c: number): number {
  const dx = (points[i * 2] as number) - (centres[c * 2] as number);
  const dy = (points[i * 2 + 1] as number) - (centres[c * 2 + 1] as number);
  return dx * dx + dy * dy;
}

/** Start at the point nearest the centroid, then repeatedly add the point farthest from every centre so far. */
function farthestPointStart(points: PlanePoints, k: number): Float64Array | null {
  const n = points.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i += 1) {
    cx += points[i * 2] as number;
    cy += points[i * 2 + 1] as number;
  }
  const centroid = Float64Array.of(cx / n, cy / n);
  let start = 0;
  let nearest = Infinity;
  for (let i = 0; i < n; i += 1) {
    const distance = squaredDistance(points, i, centroid, 0);
    if (distance < nearest) {
      nearest = distance;
      start = i;
    }
  }
  const centres = new Float64Array(k * 2);
  const gap = new Float64Array(n).fill(Infinity);
  let chosen = start;
  for (let c = 0; c < k; c += 1) {
    centres[c * 2] = points[chosen * 2] as number;
    centres[c * 2 + 1] = points[chosen * 2 + 1] as number;
    if (c === k - 1) break;
    let farthest = -1;
    let farthestGap = 0;
    for (let i = 0; i < n; i += 1) {
      const distance = Math.min(gap[i] as number, squaredDistance(points, i, centres, c));
      gap[i] = distance;
      if (distance > farthestGap) {
        farthestGap = distance;
        farthest = i;
      }
    }
    if (farthest < 0) return null;
    chosen = farthest;
  }
  return centres;
}

/** k-means++: each next centre drawn with probability proportional to its squared distance from the nearest centre. */
function kMeansPlusPlusStart(points: PlanePoints, k: number, random: () => number): Float64Array {
  const n = points.length / 2;
  const centres = new Float64Array(k * 2);
  const gap = new Float64Array(n).fill(Infinity);
  let chosen = Math.min(n - 1, Math.floor(random() * n));
  for (let c = 0; c < k; c += 1) {
    centres[c * 2] = points[chosen * 2] as number;
    centres[c * 2 + 1] = points[chosen * 2 + 1] as number;
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      gap[i] = Math.min(gap[i] as number, squaredDistance(points, i, centres, c));
      total += gap[i] as number;
    }
    let target = random() * total;
    chosen = n - 1;
    for (let i = 0; i < n; i += 1) {
      target -= gap[i] as number;
      if (target < 0) {
        chosen = i;
        break;
      }
    }
  }
  return centres;
}

/** Lloyd's iterations from the given centres; an emptied group takes the point farthest from its centre. */
function lloyd(points: PlanePoints, centres: Float64Array): Clustering {
  const n = points.length / 2;
  const k = centres.length / 2;
  const labels = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * 2);
  const sizes = new Int32Array(k);
  for (let step = 0; step < MAX_LLOYD_STEPS; step += 1) {
    let changed = false;
    for (let i = 0; i < n; i += 1) {
      const label = nearestCentre(points, i, centres);
      if (label !== labels[i]) {
        labels[i] = label;
        changed = true;
      }
    }
    if (!changed) break;
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i += 1) {
      const label = labels[i] as number;
      sums[label * 2] = (sums[label * 2] as number) + (points[i * 2] as number);
      sums[label * 2 + 1] = (sums[label * 2 + 1] as number) + (points[i * 2 + 1] as number);
      sizes[label] = (sizes[label] as number) + 1;
    }
    for (let c = 0; c < k; c += 1) {
      const size = sizes[c] as number;
      if (size > 0) {
        centres[c * 2] = (sums[c * 2] as number) / size;
        centres[c * 2 + 1] = (sums[c * 2 + 1] as number) / size;
      } else {
        const stray = farthestFromOwnCentre(points, labels, centres);
        centres[c * 2] = points[stray * 2] as number;
        centres[c * 2 + 1] = points[stray * 2 + 1] as number;
      }
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i += 1) inertia += squaredDistance(points, i, centres, labels[i] as number);
  return { k, labels, inertia };
}

function nearestCentre(points: PlanePoints, i: number, centres: Float64Array): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < centres.length / 2; c += 1) {
    const distance = squaredDistance(points, i, centres, c);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  }
  return best;
}

function farthestFromOwnCentre(points: PlanePoints, labels: Int32Array, centres: Float64Array): number {
  let farthest = 0;
  let farthestDistance = -1;
  for (let i = 0; i < labels.length; i += 1) {
    const distance = squaredDistance(points, i, centres, labels[i] as number);
    if (distance > farthestDistance) {
      farthestDistance = distance;
      farthest = i;
    }
  }
  return farthest;
}
