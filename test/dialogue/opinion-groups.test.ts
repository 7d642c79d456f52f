import { describe, expect, it } from 'vitest';
import { findCommonGround, type Vote } from '../../src/dialogue/consensus';
import { smoothGroupCount } from '../../src/dialogue/kmeans';
import { adjustedRandIndex } from '../../src/dialogue/rand-index';
import { propTest, representativeStatements, twoPropTest } from '../../src/dialogue/repness';

describe('the number of groups across updates (Pol.is k smoother)', () => {
  it('takes the first best k, then changes only after four updates in a row agree on a new one', () => {
    let memory = smoothGroupCount(undefined, 2);
    expect(memory.smoothedK).toBe(2);
    const shown: number[] = [];
    for (const best of [3, 3, 3, 2, 3, 3, 3, 3]) {
      memory = smoothGroupCount(memory, best);
      shown.push(memory.smoothedK);
    }
    expect(shown).toEqual([2, 2, 2, 2, 2, 2, 2, 3]);
  });

  it('is what findCommonGround takes and gives back', () => {
    const rows: Vote[][] = [...Array.from({ length: 8 }, (): Vote[] => [1, 1, -1, 1]), ...Array.from({ length: 8 }, (): Vote[] => [1, -1, 1, -1])];
    const first = findCommonGround(rows);
    expect(first.groups).toHaveLength(2);
    expect(first.groupCountMemory).toEqual({ lastK: 2, lastKCount: 1, smoothedK: 2 });
    const held = findCommonGround(rows, { groupCountMemory: { lastK: 1, lastKCount: 5, smoothedK: 1 } });
    expect(held.groups).toHaveLength(1);
    expect(held.groupCountMemory).toEqual({ lastK: 2, lastKCount: 1, smoothedK: 1 });
  });
});

describe('representative statements (Pol.is repness)', () => {
  it('uses Pol.is\'s smoothed z tests', () => {
    expect(propTest(5, 5)).toBeCloseTo(2 * Math.sqrt(6) * 0.5, 12);
    expect(twoPropTest(5, 0, 5, 5)).toBeCloseTo((6 / 6 - 1 / 6) / Math.sqrt((7 / 12) * (5 / 12) * (2 / 6)), 12);
    expect(twoPropTest(3, 3, 3, 3)).toBe(0);
  });

  it('picks what each group agrees or disagrees with more than the others, agreements first', () => {
    const a = { agree: 9, disagree: 1, pass: 0, seen: 10 };
    const b = { agree: 1, disagree: 9, pass: 0, seen: 10 };
    const same = { agree: 5, disagree: 5, pass: 0, seen: 10 };
    const [first, second] = representativeStatements(
      [
        [a, same, b],
        [b, same, a],
      ],
      new Set([2]),
    );
    expect(first?.map((r) => [r.statement, r.repfulFor])).toEqual([[0, 'agree']]);
    expect(second?.map((r) => [r.statement, r.repfulFor])).toEqual([[0, 'disagree']]);
  });
});

describe('adjustedRandIndex', () => {
  it('is 1 for the same grouping under other names, and about 0 for an unrelated one', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 4, 4])).toBe(1);
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 1, 0, 1, 0, 1])).toBeLessThan(0.1);
  });
});
