/**
 * Themes in resident feedback, found offline and deterministically.
 *
 * Method: each item becomes a TF-IDF vector; spherical k-means (cosine similarity, unit-length
 * centroids) runs for every k from 2 to maxThemes, seeded by k-means++ from a fixed-seed generator,
 * keeping the tightest of several restarts. The k kept is the smallest whose mean silhouette (cosine
 * distance) comes within 10% of the best one: short reports give noisy silhouettes, and a slightly
 * better score is not worth splitting a theme in two. Silhouettes are measured on an evenly spaced
 * sample of at most SILHOUETTE_SAMPLE items, so the cost stays linear in the number of items.
 * k-means was chosen over threshold (leader) clustering because it does not depend on the order of
 * the items and needs no similarity threshold, which would differ between English words and
 * Chinese bigrams.
 *
 * Items whose text gives no terms belong to no theme; from SHARED_TERMS_FROM items on, neither do
 * items that share no term with any other item (they cannot be grouped with anything).
 */
import { cosine, dotDense, terms, weighTerms } from './terms';
import type { TermVector } from './terms';
import { seededRandom } from '../core/seeded-random';

export interface ThemeItem {
  id: string;
  text: string;
}

export interface Theme {
  /** The top 2-3 terms joined by ' / '. */
  label: string;
  /** The terms that weigh most in the theme, most important first. */
  terms: string[];
  /** Ids of the items in the theme, in input order. */
  memberIds: string[];
  /** Ids of the 2-3 items closest to the theme's centre, closest first. */
  representativeIds: string[];
}

export interface ThemeOptions {
  /** The most themes to return; 8 unless told. */
  maxThemes?: number;
}

const DEFAULT_MAX_THEMES = 8;
const SILHOUETTE_SAMPLE = 400;
/** k-means restarts per k: as many as RESTART_BUDGET / items allows, within these bounds. */
const MIN_RESTARTS = 3;
const MAX_RESTARTS = 20;
const RESTART_BUDGET = 15_000;
/** The smallest k whose silhouette is within this fraction of the best is kept. */
const SILHOUETTE_TOLERANCE = 0.9;
/** From this many items on, a term must occur in two items to count. */
const SHARED_TERMS_FROM = 10;
const MAX_ITERATIONS = 40;
/** k-means stops once no more than one item in SETTLED_SHARE changes cluster. */
const SETTLED_SHARE = 1000;
const SEED = 0x5eed;
const THEME_TERMS = 5;
const REPRESENTATIVES = 3;

interface Clustering {
  assignment: Int32Array;
  centroids: Float64Array[];
  /** Sum of each item's similarity to its centroid; higher is tighter. */
  cohesion: number;
}

/** Themes in the items, largest first (then by label). */
export function findThemes(items: ThemeItem[], options: ThemeOptions = {}): Theme[] {
  const maxThemes = Math.max(1, Math.floor(options.maxThemes ?? DEFAULT_MAX_THEMES));
  const members: { id: string; terms: string[] }[] = [];
  for (const item of items) {
    const itemTerms = terms(item.text);
    if (itemTerms.length > 0) members.push({ id: item.id, terms: itemTerms });
  }
  if (members.length === 0) return [];

  const minDocumentFrequency = members.length >= SHARED_TERMS_FROM ? 2 : 1;
  const weighted = weighTerms(members.map((member) => member.terms), { minDocumentFrequency });
  const vocabulary = weighted.vocabulary;
  const ids: string[] = [];
  const vectors: TermVector[] = [];
  weighted.vectors.forEach((vector, index) => {
    if (vector.indices.length === 0) return;
    ids.push((members[index] as { id: string }).id);
    vectors.push(vector);
  });
  if (vectors.length === 0) return [];
  const random = seededRandom(SEED);
  const highestK = Math.min(maxThemes, vectors.length - 1);
  let best: Clustering = cluster(vectors, vocabulary.length, 1, random);
  if (highestK >= 2) {
    const sample = evenSample(vectors.length, SILHOUETTE_SAMPLE);
    const distances = sampleDistances(vectors, sample);
    const scored: { clustering: Clustering; silhouette: number }[] = [];
    const restarts = Math.min(MAX_RESTARTS, Math.max(MIN_RESTARTS, Math.floor(RESTART_BUDGET / vectors.length)));
    for (let k = 2; k <= highestK; k += 1) {
      let candidate = cluster(vectors, vocabulary.length, k, random);
      for (let restart = 1; restart < restarts; restart += 1) {
        const next = cluster(vectors, vocabulary.length, k, random);
        if (next.cohesion > candidate.cohesion) candidate = next;
      }
      scored.push({ clustering: candidate, silhouette: silhouette(candidate.assignment, sample, distances) });
    }
    const bestSilhouette = Math.max(...scored.map((entry) => entry.silhouette));
    const chosen = scored.find((entry) => entry.silhouette >= bestSilhouette * SILHOUETTE_TOLERANCE);
    if (chosen !== undefined) best = chosen.clustering;
  }
  return describe(best, vectors, vocabulary, ids);
}

/** Spherical k-means with k-means++ seeding. */
function cluster(vectors: TermVector[], dimensions: number, k: number, random: () => number): Clustering {
  const centroids = seedCentroids(vectors, dimensions, k, random);
  const assignment = new Int32Array(vectors.length).fill(-1);
  const similarity = new Float64Array(vectors.length);
  const scores = new Float64Array(k);
  const settled = Math.floor(vectors.length / SETTLED_SHARE);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration += 1) {
    // Centroids laid out term by term, so one item's terms read neighbouring memory.
    const byTerm = new Float64Array(dimensions * k);
    centroids.forEach((centroid, c) => {
      for (let t = 0; t < dimensions; t += 1) byTerm[t * k + c] = centroid[t] as number;
    });
    let changed = 0;
    for (let i = 0; i < vectors.length; i += 1) {
      const vector = vectors[i] as TermVector;
      scores.fill(0);
      for (let j = 0; j < vector.indices.length; j += 1) {
        const base = (vector.indices[j] as number) * k;
        const weight = vector.weights[j] as number;
        for (let c = 0; c < k; c += 1) scores[c] = (scores[c] as number) + weight * (byTerm[base + c] as number);
      }
      let bestCluster = 0;
      for (let c = 1; c < k; c += 1) if ((scores[c] as number) > (scores[bestCluster] as number)) bestCluster = c;
      similarity[i] = scores[bestCluster] as number;
      if (assignment[i] !== bestCluster) {
        assignment[i] = bestCluster;
        changed += 1;
      }
    }
    if (iteration > 0 && changed <= settled) break;
    recomputeCentroids(vectors, assignment, centroids, similarity);
  }
  let cohesion = 0;
  for (const value of similarity) cohesion += value;
  return { assignment, centroids, cohesion };
}

function seedCentroids(vectors: TermVector[], dimensions: number, k: number, random: () => number): Float64Array[] {
  const centroids: Float64Array[] = [];
  const closest = new Float64Array(vectors.length).fill(Number.NEGATIVE_INFINITY);
  let chosen = Math.floor(random() * vectors.length);
  while (centroids.length < k) {
    const centre = toDense(vectors[chosen] as TermVector, dimensions);
    centroids.push(centre);
    let total = 0;
    for (let i = 0; i < vectors.length; i += 1) {
      closest[i] = Math.max(closest[i] as number, dotDense(vectors[i] as TermVector, centre));
      const distance = Math.max(0, 1 - (closest[i] as number));
      total += distance * distance;
    }
    if (total === 0) {
      chosen = Math.floor(random() * vectors.length);
      continue;
    }
    let target = random() * total;
    chosen = vectors.length - 1;
    for (let i = 0; i < vectors.length; i += 1) {
      const distance = Math.max(0, 1 - (closest[i] as number));
      target -= distance * distance;
      if (target <= 0 && distance > 0) {
        chosen = i;
        break;
      }
    }
  }
  return centroids;
}

function recomputeCentroids(vectors: TermVector[], assignment: Int32Array, centroids: Float64Array[], similarity: Float64Array): void {
  const sizes = new Int32Array(centroids.length);
  for (const centroid of centroids) centroid.fill(0);
  for (let i = 0; i < vectors.length; i += 1) {
    const c = assignment[i] as number;
    sizes[c] = (sizes[c] as number) + 1;
    addInto(centroids[c] as Float64Array, vectors[i] as TermVector);
  }
  for (let c = 0; c < centroids.length; c += 1) {
    const centroid = centroids[c] as Float64Array;
    if (sizes[c] === 0) {
      // An empty cluster restarts at the item that fits its own cluster worst.
      let worst = 0;
      for (let i = 1; i < vectors.length; i += 1) if ((similarity[i] as number) < (similarity[worst] as number)) worst = i;
      addInto(centroid, vectors[worst] as TermVector);
      similarity[worst] = Number.POSITIVE_INFINITY;
    }
    normalise(centroid);
  }
}

/** Mean silhouette of the sampled items under the assignment, with cosine distance. */
function silhouette(assignment: Int32Array, sample: number[], distances: Float32Array): number {
  const size = sample.length;
  const labels = sample.map((index) => assignment[index] as number);
  const clusters = Math.max(...labels) + 1;
  const sums = new Float64Array(clusters);
  const counts = new Int32Array(clusters);
  let total = 0;
  for (let i = 0; i < size; i += 1) {
    sums.fill(0);
    counts.fill(0);
    for (let j = 0; j < size; j += 1) {
      if (i === j) continue;
      const label = labels[j] as number;
      sums[label] = (sums[label] as number) + (distances[i * size + j] as number);
      counts[label] = (counts[label] as number) + 1;
    }
    const own = labels[i] as number;
    if (counts[own] === 0) continue;
    const a = (sums[own] as number) / (counts[own] as number);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < clusters; c += 1) {
      if (c !== own && (counts[c] as number) > 0) b = Math.min(b, (sums[c] as number) / (counts[c] as number));
    }
    if (Number.isFinite(b) && Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  }
  return size === 0 ? 0 : total / size;
}

function sampleDistances(vectors: TermVector[], sample: number[]): Float32Array {
  const size = sample.length;
  const distances = new Float32Array(size * size);
  for (let i = 0; i < size; i += 1) {
    for (let j = i + 1; j < size; j += 1) {
      const distance = 1 - cosine(vectors[sample[i] as number] as TermVector, vectors[sample[j] as number] as TermVector);
      distances[i * size + j] = distance;
      distances[j * size + i] = distance;
    }
  }
  return distances;
}

function describe(clustering: Clustering, vectors: TermVector[], vocabulary: string[], ids: string[]): Theme[] {
  const themes: Theme[] = [];
  clustering.centroids.forEach((centroid, c) => {
    const memberIndices: number[] = [];
    clustering.assignment.forEach((label, i) => {
      if (label === c) memberIndices.push(i);
    });
    if (memberIndices.length === 0) return;
    const topTerms = topIndices(centroid, THEME_TERMS).map((index) => vocabulary[index] as string);
    const closest = memberIndices
      .map((i) => ({ i, similarity: dotDense(vectors[i] as TermVector, centroid) }))
      .sort((a, b) => b.similarity - a.similarity || a.i - b.i)
      .slice(0, REPRESENTATIVES);
    themes.push({
      label: labelOf(topTerms),
      terms: topTerms,
      memberIds: memberIndices.map((i) => ids[i] as string),
      representativeIds: closest.map((entry) => ids[entry.i] as string),
    });
  });
  return themes.sort((a, b) => b.memberIds.length - a.memberIds.length || a.label.localeCompare(b.label));
}

/** Two or three of the top terms, skipping a Chinese bigram that overlaps one already taken. */
function labelOf(topTerms: string[]): string {
  const label: string[] = [];
  for (const term of topTerms) {
    if (label.length === 3) break;
    const overlaps = label.some((taken) => /\p{Script=Han}/u.test(term) && [...term].some((char) => taken.includes(char)));
    if (!overlaps) label.push(term);
  }
  return label.join(' / ');
}

function topIndices(weights: Float64Array, count: number): number[] {
  const top: number[] = [];
  for (let index = 0; index < weights.length; index += 1) {
    if ((weights[index] as number) <= 0) continue;
    let position = top.length;
    while (position > 0 && (weights[top[position - 1] as number] as number) < (weights[index] as number)) position -= 1;
    if (position < count) {
      top.splice(position, 0, index);
      if (top.length > count) top.pop();
    }
  }
  return top;
}

function evenSample(size: number, limit: number): number[] {
  if (size <= limit) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: limit }, (_, i) => Math.floor((i * size) / limit));
}

function toDense(vector: TermVector, dimensions: number): Float64Array {
  const dense = new Float64Array(dimensions);
  addInto(dense, vector);
  return dense;
}

function addInto(dense: Float64Array, vector: TermVector): void {
  for (let i = 0; i < vector.indices.length; i += 1) {
    const index = vector.indices[i] as number;
    dense[index] = (dense[index] as number) + (vector.weights[i] as number);
  }
}

function normalise(dense: Float64Array): void {
  let squares = 0;
  for (const weight of dense) squares += weight * weight;
  const length = Math.sqrt(squares);
  if (length > 0) for (let i = 0; i < dense.length; i += 1) dense[i] = (dense[i] as number) / length;
}
