import { describe, expect, it } from 'vitest';
import { gini } from '../../src/dialogue/gini';

describe('gini', () => {
  it('is 0 when everyone has the same', () => {
    expect(gini([3, 3, 3, 3])).toBe(0);
    expect(gini([5])).toBe(0);
  });

  it('is 0 for no values and for all zeros', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
  });

  it('matches hand-computed values', () => {
    // Σ|xi − xj| over ordered pairs = 20, 2·n²·mean = 2·16·2.5 = 80.
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
    // One of four holds everything: (n − 1) / n.
    expect(gini([0, 0, 0, 8])).toBeCloseTo(0.75, 12);
    // Σ|xi − xj| = 2·(1 + 9 + 8) = 36, 2·9·(10/3) = 60.
    expect(gini([0, 1, 9])).toBeCloseTo(0.6, 12);
  });

  it('does not depend on the order or the scale of the values', () => {
    expect(gini([4, 1, 3, 2])).toBeCloseTo(gini([1, 2, 3, 4]), 12);
    expect(gini([10, 20, 30, 40])).toBeCloseTo(gini([1, 2, 3, 4]), 12);
  });

  it('leaves its input untouched', () => {
    const values = [3, 1, 2];
    gini(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses negative or non-finite values with a clear message', () => {
    expect(() => gini([1, -2])).toThrow('gini needs finite, non-negative values; got -2');
    expect(() => gini([1, Number.NaN])).toThrow(RangeError);
  });
});
