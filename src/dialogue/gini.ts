/**
 * The Gini coefficient of non-negative values, for example messages or votes per participant:
 * 0 when everyone has the same, approaching 1 when one has everything.
 * G = (2 Σ i·x₍ᵢ₎) / (n Σ x) − (n + 1) / n, with x sorted ascending and i counted from 1.
 * Empty or all-zero input gives 0.
 */
export function gini(values: number[]): number {
  for (const value of values) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`gini needs finite, non-negative values; got ${value}`);
    }
  }
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  let weighted = 0;
  sorted.forEach((value, index) => {
    total += value;
    weighted += (index + 1) * value;
  });
  if (n === 0 || total === 0) return 0;
  return Math.max(0, (2 * weighted) / (n * total) - (n + 1) / n);
}
