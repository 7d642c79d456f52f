import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distinctStart, kMeansFrom, silhouette } from '../../src/dialogue/kmeans';
import { largestK } from '../../src/dialogue/opinion-groups';
import { adjustedRandIndex } from '../../src/dialogue/rand-index';

/**
 * Pol.is's own base clusters and opinion groups for five real conversations, as its math left them
 * (from the red-dwarf test fixtures; test/fixtures/polis/README.md). From Pol.is's base clusters,
 * the group step must give Pol.is's groups: this checks k-means and the silhouette against Pol.is
 * itself, apart from the steps before it.
 */
interface Fixture {
  baseClusters: { id: number; x: number; y: number; count: number }[];
  groups: number[][];
}
const fixtures = JSON.parse(readFileSync(join('test', 'fixtures', 'polis', 'red-dwarf', 'group-clusters.json'), 'utf8')) as Record<string, Fixture>;

describe("the group step on Pol.is's own base clusters", () => {
  for (const [name, fixture] of Object.entries(fixtures)) {
    const centres = Float64Array.from(fixture.baseClusters.flatMap((b) => [b.x, b.y]));
    const weights = Float64Array.from(fixture.baseClusters.map((b) => b.count));
    const groupOf = new Map(fixture.groups.flatMap((members, g) => members.map((id) => [id, g] as const)));
    const polis = fixture.baseClusters.map((b) => groupOf.get(b.id) as number);
    const groupsFor = (k: number) => kMeansFrom(centres, distinctStart(centres, k) as Float64Array, weights);

    it(`${name}: weighted k-means from the first distinct centres gives Pol.is's ${fixture.groups.length} groups`, () => {
      const ours = groupsFor(fixture.groups.length);
      expect(adjustedRandIndex(polis, Array.from(ours.labels))).toBe(1);
    });

    it(`${name}: the silhouette on the base clusters picks Pol.is's number of groups`, () => {
      const scores = new Map<number, number>();
      for (let k = 2; k <= largestK(fixture.baseClusters.length, 5); k += 1) scores.set(k, silhouette(centres, groupsFor(k).labels, k));
      const best = [...scores.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
      expect(best[0], JSON.stringify([...scores])).toBe(fixture.groups.length);
    });
  }
});
