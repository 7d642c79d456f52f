/**
 * k-means in the plane as Pol.is runs it (Lloyd's iterations, weighted means, empty clusters
 * dropped, started from given or first distinct points), the silhouette that scores a grouping,
 * and Pol.is's smoothing of the number of groups across updates. `opinion-groups.ts` puts them
 * together.
 */
/** Points in the plane, row-major `[x0, y0, x1, y1, ...]`. */
export type PlanePoints = Float64Array;

export interface Clustering {
  k: number;
  /** Cluster number (0..k-1) of each point. */
  labels: Int32Array;
  /** Centres, row-major like the points. */
  centres: Float64Array;
  /** Weighted within-cluster sum of squared distances to the centre. */
  inertia: number;
}

/** Pol.is's iteration caps for base and group clusters. */
const MAX_ITERATIONS = 100;
/** Centres that move less than this count as settled (Pol.is: 0.01). */
const SETTLED = 0.01;
/** The silhouette is computed on at most this many points (an evenly spaced sample beyond it). */
const SILHOUETTE_SAMPLE = 2000;

/** Pol.is's k smoother: what it remembers between updates of the same conversation. */
export interface GroupCountMemory {
  /** Best k of the last update. */
  lastK: number;
  /** Updates in a row that found `lastK` best. */
  lastKCount: number;
  /** The number of groups shown. */
  smoothedK: number;
}

/** Pol.is changes the number of groups shown only after this many updates in a row agree on it. */
export const GROUP_K_BUFFER = 4;

/** One update of the k smoother: the best k of this update, given what the last updates found. */
export function smoothGroupCount(previous: GroupCountMemory | undefined, bestK: number, buffer = GROUP_K_BUFFER): GroupCountMemory {
  const count = previous !== undefined && previous.lastK === bestK ? previous.lastKCount + 1 : 1;
  const smoothedK = count >= buffer || previous === undefined ? bestK : previous.smoothedK;
  return { lastK: bestK, lastKCount: count, smoothedK };
}

/** Mean silhouette over the points (a point alone in its group scores 0). */
export function silhouette(points: PlanePoints, labels: Int32Array, k: number): number {
  const n = points.length / 2;
  const stride = Math.max(1, Math.ceil(n / SILHOUETTE_SAMPLE));
  const size = Math.ceil(n / stride);
  const groupOf = new Int32Array(size);
  const sizes = new Float64Array(k);
  for (let s = 0; s < size; s += 1) {
    groupOf[s] = labels[s * stride] as number;
    sizes[groupOf[s] as number] = (sizes[groupOf[s] as number] as number) + 1;
  }
  // sums[s * k + g]: total distance from sample point s to the sample points of group g.
  const sums = new Float64Array(size * k);
  for (let a = 0; a < size; a += 1) {
    const x = points[a * stride * 2] as number;
    const y = points[a * stride * 2 + 1] as number;
    for (let b = a + 1; b < size; b += 1) {
      const dx = x - (points[b * stride * 2] as number);
      const dy = y - (points[b * stride * 2 + 1] as number);
      const distance = Math.sqrt(dx * dx + dy * dy);
      sums[a * k + (groupOf[b] as number)] = (sums[a * k + (groupOf[b] as number)] as number) + distance;
      sums[b * k + (groupOf[a] as number)] = (sums[b * k + (groupOf[a] as number)] as number) + distance;
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
      if (g !== own && (sizes[g] as number) > 0) nearest = Math.min(nearest, (sums[a * k + g] as number) / (sizes[g] as number));
    }
    const spread = Math.max(within, nearest);
    if (Number.isFinite(nearest) && spread > 0) total += (nearest - within) / spread;
  }
  return size === 0 ? 0 : total / size;
}

/** Total weight of the lightest cluster. */
export function smallestGroup(clustering: Clustering, weights: Float64Array): number {
  const sizes = new Float64Array(clustering.k);
  clustering.labels.forEach((label, i) => {
    sizes[label] = (sizes[label] as number) + (weights[i] as number);
  });
  return Math.min(...sizes);
}

function squaredDistance(points: PlanePoints, i: number, centres: Float64Array, c: number): number {
  const dx = (points[i * 2] as number) - (centres[c * 2] as number);
  const dy = (points[i * 2 + 1] as number) - (centres[c * 2 + 1] as number);
  return dx * dx + dy * dy;
}

/**
 * Start centres for k-means: the given centres (a previous update's), topped up with the first
 * points, in order, that differ from every centre so far, up to k; null when there are no points.
 */
export function distinctStart(points: PlanePoints, k: number, from: Float64Array = new Float64Array(0)): Float64Array | null {
  const n = points.length / 2;
  if (n === 0 || k < 1) return null;
  const seen = new Set<string>();
  const centres: number[] = [];
  for (let c = 0; c < from.length / 2 && centres.length / 2 < k; c += 1) {
    const key = `${from[c * 2]},${from[c * 2 + 1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    centres.push(from[c * 2] as number, from[c * 2 + 1] as number);
  }
  for (let i = 0; i < n && centres.length / 2 < k; i += 1) {
    const key = `${points[i * 2]},${points[i * 2 + 1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    centres.push(points[i * 2] as number, points[i * 2 + 1] as number);
  }
  return Float64Array.from(centres);
}

/** The point nearest the centroid, then each time the point farthest from every centre so far. */
export function farthestPointStart(points: PlanePoints, k: number): Float64Array {
  const n = points.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i += 1) {
    cx += (points[i * 2] as number) / n;
    cy += (points[i * 2 + 1] as number) / n;
  }
  const centroid = Float64Array.of(cx, cy);
  let chosen = 0;
  for (let i = 1; i < n; i += 1) if (squaredDistance(points, i, centroid, 0) < squaredDistance(points, chosen, centroid, 0)) chosen = i;
  const centres = new Float64Array(k * 2);
  const gap = new Float64Array(n).fill(Infinity);
  for (let c = 0; c < k; c += 1) {
    centres[c * 2] = points[chosen * 2] as number;
    centres[c * 2 + 1] = points[chosen * 2 + 1] as number;
    for (let i = 0; i < n; i += 1) gap[i] = Math.min(gap[i] as number, squaredDistance(points, i, centres, c));
    for (let i = 0; i < n; i += 1) if ((gap[i] as number) > (gap[chosen] as number)) chosen = i;
  }
  return centres;
}

/**
 * Lloyd's iterations, as Pol.is runs them: each point joins its nearest centre (the lower-numbered
 * on a tie), each centre moves to the weighted mean of its points, and a centre left without points
 * is dropped. Stops when no centre moves by 0.01 or more, or after 100 steps.
 */
export function kMeansFrom(points: PlanePoints, start: Float64Array, weights: Float64Array | null): Clustering {
  const n = points.length / 2;
  let centres = Float64Array.from(start);
  const labels = new Int32Array(n);
  const sums = new Float64Array(centres.length);
  const mass = new Float64Array(centres.length / 2);
  for (let step = 0; step < MAX_ITERATIONS; step += 1) {
    const k = centres.length / 2;
    sums.fill(0);
    mass.fill(0);
    for (let i = 0; i < n; i += 1) {
      const label = nearestCentre(points, i, centres);
      labels[i] = label;
      const w = weights === null ? 1 : (weights[i] as number);
      sums[label * 2] = (sums[label * 2] as number) + w * (points[i * 2] as number);
      sums[label * 2 + 1] = (sums[label * 2 + 1] as number) + w * (points[i * 2 + 1] as number);
      mass[label] = (mass[label] as number) + w;
    }
    let kept = 0;
    let settled = true;
    const next = new Float64Array(k * 2);
    for (let c = 0; c < k; c += 1) {
      const m = mass[c] as number;
      if (m <= 0) {
        settled = false;
        continue;
      }
      const x = (sums[c * 2] as number) / m;
      const y = (sums[c * 2 + 1] as number) / m;
      const dx = x - (centres[c * 2] as number);
      const dy = y - (centres[c * 2 + 1] as number);
      if (dx * dx + dy * dy >= SETTLED * SETTLED) settled = false;
      next[kept * 2] = x;
      next[kept * 2 + 1] = y;
      kept += 1;
    }
    centres = next.slice(0, kept * 2);
    if (settled) break;
  }
  let inertia = 0;
  for (let i = 0; i < n; i += 1) {
    const label = nearestCentre(points, i, centres);
    labels[i] = label;
    inertia += (weights === null ? 1 : (weights[i] as number)) * squaredDistance(points, i, centres, label);
  }
  return { k: centres.length / 2, labels, centres, inertia };
}

function nearestCentre(points: PlanePoints, i: number, centres: Float64Array): number {
  const x = points[i * 2] as number;
  const y = points[i * 2 + 1] as number;
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < centres.length; c += 2) {
    const dx = x - (centres[c] as number);
    const dy = y - (centres[c + 1] as number);
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c / 2;
    }
  }
  return best;
}
