/**
 * Spherical k-means over sparse TF-IDF vectors (cosine similarity, unit-length centroids), seeded
 * by k-means++ from a seeded generator. Pure functions of their input and the generator, so the same
 * input always gives the same clusters.
 */
import { dotDense } from './terms';
import type { TermVector } from './terms';

const MAX_ITERATIONS = 40;
/** k-means stops once no more than one item in SETTLED_SHARE changes cluster. */
const SETTLED_SHARE = 1000;

export interface Clustering {
  assignment: Int32Array;
  centroids: Float64Array[];
  /** Sum of each item's similarity to its centroid; higher is tighter. */
  cohesion: number;
}

export function cluster(vectors: TermVector[], dimensions: number, k: number, random: () => number): Clustering {
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

export function topIndices(weights: Float64Array, count: number): number[] {
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

export function evenSample(size: number, limit: number): number[] {
  if (size <= limit) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: limit }, (_, i) => Math.floor((i * size) / limit));
}

function toDense(vector: TermVector, dimensions: number): Float64Array {
  const dense = new Float64Array(dimensions);
  addInto(dense, vector);
  return dense;
}

export function addInto(dense: Float64Array, vector: TermVector): void {
  for (let i = 0; i < vector.indices.length; i += 1) {
    const index = vector.indices[i] as number;
    dense[index] = (dense[index] as number) + (vector.weights[i] as number);
  }
}

export function normalise(dense: Float64Array): void {
  let squares = 0;
  for (const weight of dense) squares += weight * weight;
  const length = Math.sqrt(squares);
  if (length > 0) for (let i = 0; i < dense.length; i += 1) dense[i] = (dense[i] as number) / length;
}
