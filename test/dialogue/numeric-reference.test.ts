import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kmeans } from 'ml-kmeans';
import { PCA } from 'ml-pca';
import { describe, expect, it } from 'vitest';
import { loadVotes } from '../../src/dialogue/consensus-cli';
import { distinctStart, kMeansFrom, type Clustering } from '../../src/dialogue/kmeans';
import { opinionSpace, planePositions, type OpinionSpace } from '../../src/dialogue/opinion-space';
import { projectOntoPrincipalPlane } from '../../src/dialogue/pca';
import { adjustedRandIndex } from '../../src/dialogue/rand-index';

/**
 * The opinion plane and k-means are our own code, written for speed and for Pol.is's exact steps
 * (docs/consensus.md, "Our own numeric code"). Here they are checked against ml-pca and ml-kmeans
 * (the ml.js project) on the four development conversations of the Pol.is open data.
 */
const CONVERSATIONS = ['vtaiwan.uberx', 'brexit-consensus', 'scoop-hivemind.ubi', '15-per-hour-seattle'];

function spaceOf(name: string): OpinionSpace {
  const { input, moderatedOut } = loadVotes({ polis: join('test', 'fixtures', 'polis', name, 'participants-votes.csv') });
  const voters = input.matrix.flatMap((row, i) => (row.some((v) => v !== null) ? [i] : []));
  return opinionSpace(input.matrix, voters, input.statementIds.length, new Set(moderatedOut));
}

const pairs = (points: Float64Array | number[][]): number[][] =>
  points instanceof Float64Array ? Array.from({ length: points.length / 2 }, (_, i) => [points[i * 2] as number, points[i * 2 + 1] as number]) : points;

/** The largest difference between the distances of the same two participants in two planes, over every pair. */
function largestDistanceDifference(a: number[][], b: number[][]): { difference: number; largestDistance: number } {
  let difference = 0;
  let largestDistance = 0;
  for (let i = 0; i < a.length; i += 1) {
    for (let j = i + 1; j < a.length; j += 1) {
      const [ai, aj, bi, bj] = [a[i], a[j], b[i], b[j]] as number[][];
      const da = Math.hypot((ai?.[0] as number) - (aj?.[0] as number), (ai?.[1] as number) - (aj?.[1] as number));
      const db = Math.hypot((bi?.[0] as number) - (bj?.[0] as number), (bi?.[1] as number) - (bj?.[1] as number));
      difference = Math.max(difference, Math.abs(da - db));
      largestDistance = Math.max(largestDistance, db);
    }
  }
  return { difference, largestDistance };
}

/** ml-kmeans from the same start centres, on points given as often as their weight. */
function referenceKMeans(points: number[][], weights: number[], start: Float64Array) {
  const repeated = points.flatMap((p, i) => Array.from({ length: weights[i] as number }, () => p));
  const firstCopy: number[] = [];
  points.forEach((_p, i) => firstCopy.push(i === 0 ? 0 : (firstCopy[i - 1] as number) + (weights[i - 1] as number)));
  const result = kmeans(repeated, start.length / 2, { initialization: pairs(start), maxIterations: 100 });
  return { labels: firstCopy.map((at) => result.clusters[at] as number), converged: result.converged };
}

const labelsOf = (clustering: Clustering) => Array.from(clustering.labels);

describe('the opinion plane and k-means, against ml-pca and ml-kmeans', () => {
  for (const name of CONVERSATIONS) {
    const space = spaceOf(name);

    it(`${name}: the plane is the one ml-pca finds (every two participants as far apart)`, () => {
      const rows = Array.from({ length: space.rows }, (_, i) => Array.from(space.values.subarray(i * space.cols, (i + 1) * space.cols)));
      const reference = new PCA(rows, { method: 'covarianceMatrix', center: false, scale: false }).predict(rows, { nComponents: 2 }).to2DArray();
      // The same plane may be turned or mirrored; the distances within it are the same.
      const { difference, largestDistance } = largestDistanceDifference(pairs(projectOntoPrincipalPlane(space)), reference);
      expect(largestDistance).toBeGreaterThan(5);
      expect(difference).toBeLessThan(1e-3);
    });

    it(`${name}: the base clusters and each number of groups are what ml-kmeans finds from the same start`, () => {
      const points = planePositions(space);
      const start = distinctStart(points, 100) as Float64Array;
      const base = kMeansFrom(points, start, null);
      const reference = referenceKMeans(pairs(points), Array.from({ length: space.rows }, () => 1), start);
      expect(reference.converged).toBe(true);
      expect(adjustedRandIndex(labelsOf(base), reference.labels)).toBe(1);
      // The group step: base clusters weighted by how many people each holds.
      const members = Array.from({ length: base.k }, (_u, c) => labelsOf(base).filter((l) => l === c).length);
      for (let k = 2; k <= 5; k += 1) {
        const groupStart = distinctStart(base.centres, k) as Float64Array;
        const groups = kMeansFrom(base.centres, groupStart, Float64Array.from(members));
        const expected = referenceKMeans(pairs(base.centres), members, groupStart);
        expect(adjustedRandIndex(labelsOf(groups), expected.labels), `k = ${k}`).toBe(1);
      }
    });
  }

  it("gives the groups ml-kmeans gives on Pol.is's own base clusters (red-dwarf fixtures), weighted by their members", () => {
    const fixtures = JSON.parse(readFileSync(join('test', 'fixtures', 'polis', 'red-dwarf', 'group-clusters.json'), 'utf8')) as Record<string, { baseClusters: { x: number; y: number; count: number }[] }>;
    for (const [name, fixture] of Object.entries(fixtures)) {
      const centres = Float64Array.from(fixture.baseClusters.flatMap((b) => [b.x, b.y]));
      const counts = fixture.baseClusters.map((b) => b.count);
      for (let k = 2; k <= 5; k += 1) {
        const start = distinctStart(centres, k) as Float64Array;
        const ours = kMeansFrom(centres, start, Float64Array.from(counts));
        expect(adjustedRandIndex(labelsOf(ours), referenceKMeans(pairs(centres), counts, start).labels), `${name}, k = ${k}`).toBe(1);
      }
    }
  });
});
