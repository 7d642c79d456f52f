/**
 * Opinion groups in the plane, as Pol.is forms them: the grouped participants are gathered into up
 * to 100 base clusters by k-means, the base clusters' centres are grouped by k-means weighted by how
 * many participants each holds, for k = 2..maxK, and the k with the best silhouette wins.
 *
 * Pol.is does not do this once: it updates the clusters as people join and vote, and each update
 * starts k-means from the last update's clusters (the very first from the first distinct points).
 * Where the groups end up depends on that history. A single computation replays it: participants
 * join in row order (a Pol.is export's rows are in the order of Pol.is's own vote matrix) in
 * `GROWTH_STEPS` steps, and at each step the base clusters and, for every k, the groups start from
 * the previous step's. The number of groups is chosen on the last step, where everyone takes part.
 *
 * Pol.is measures the silhouette on the base clusters; we measure it on the participants (each
 * taking its base cluster's group), as the red-dwarf re-implementation does: on published Pol.is
 * conversations it agrees more often with the number of groups Pol.is showed.
 */
import { distinctStart, farthestPointStart, kMeansFrom, silhouette, smallestGroup, type Clustering, type PlanePoints } from './kmeans';

/** Pol.is's number of base clusters. */
export const BASE_CLUSTERS = 100;
/** Steps in which a single computation replays the conversation's growth. */
export const GROWTH_STEPS = 10;

export interface OpinionGroups {
  /** Base cluster of each participant. */
  base: Int32Array;
  /** The grouping of the base clusters for each k tried that gives a usable split. */
  byK: Map<number, Int32Array>;
  /** Mean silhouette of each of those, by k. */
  silhouettes: Map<number, number>;
  /** The k with the best silhouette (the smaller on a tie), or 1 when no split is usable. */
  bestK: number;
}

export interface GroupingLimits {
  maxGroups: number;
  /** A split leaving a group with fewer participants than this is not used. */
  minGroupSize: number;
}

/** Most groups tried for a room of this many grouped participants (Pol.is: 2 + base clusters / 12). */
export function largestK(participants: number, maxGroups: number): number {
  return Math.min(maxGroups, 2 + Math.floor(Math.min(participants, BASE_CLUSTERS) / 12));
}

/** The opinion groups of the participants at `points` (in the order they joined). */
export function formOpinionGroups(points: PlanePoints, limits: GroupingLimits): OpinionGroups {
  const n = points.length / 2;
  let baseCentres: Float64Array = new Float64Array(0);
  const groupCentres = new Map<number, Float64Array>();
  let base: Clustering | null = null;
  let clusterings = new Map<number, Clustering>();
  for (let step = 1; step <= GROWTH_STEPS; step += 1) {
    const joined = step === GROWTH_STEPS ? n : Math.round((n * step) / GROWTH_STEPS);
    if (joined < 2 && step < GROWTH_STEPS) continue;
    const prefix = points.subarray(0, joined * 2);
    const start = distinctStart(prefix, BASE_CLUSTERS, baseCentres);
    if (start === null) continue;
    base = kMeansFrom(prefix, start, null);
    baseCentres = base.centres;
    const weights = weightsOf(base);
    clusterings = new Map();
    for (let k = 2; k <= largestK(joined, limits.maxGroups) && k < base.k; k += 1) {
      const from = distinctStart(base.centres, k, groupCentres.get(k)) as Float64Array;
      const clustering = kMeansFrom(base.centres, from, weights);
      groupCentres.set(k, clustering.centres);
      clusterings.set(k, clustering);
    }
  }
  const result: OpinionGroups = { base: base?.labels ?? new Int32Array(n), byK: new Map(), silhouettes: new Map(), bestK: 1 };
  if (base === null) return result;
  const weights = weightsOf(base);
  let bestScore = -Infinity;
  for (let k = 2; k <= largestK(n, limits.maxGroups) && k <= base.k; k += 1) {
    const usable = (c: Clustering | undefined) => c !== undefined && c.k === k && smallestGroup(c, weights) >= limits.minGroupSize;
    let clustering = clusterings.get(k);
    // In small rooms the first points are often neighbours; start again from spread-out points.
    if (!usable(clustering)) clustering = kMeansFrom(base.centres, farthestPointStart(base.centres, k), weights);
    if (!usable(clustering)) continue;
    const labels = (clustering as Clustering).labels;
    const score = silhouette(points, base.labels.map((b) => labels[b] as number), k);
    result.byK.set(k, labels);
    result.silhouettes.set(k, score);
    if (score > bestScore + 1e-12) {
      bestScore = score;
      result.bestK = k;
    }
  }
  return result;
}

function weightsOf(base: Clustering): Float64Array {
  const weights = new Float64Array(base.k);
  for (const label of base.labels) weights[label] = (weights[label] as number) + 1;
  return weights;
}
