/**
 * The adjusted Rand index of two groupings of the same items: 1 when they agree exactly, about 0
 * when they agree no more than chance would, negative when less. Used to compare our groups with
 * the groups another tool (Pol.is) found.
 */
export function adjustedRandIndex(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('both groupings must cover the same items');
  const n = a.length;
  const pairs = (count: number) => (count * (count - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  a.forEach((x, i) => {
    const y = b[i] as number;
    table.set(`${x}:${y}`, (table.get(`${x}:${y}`) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    cols.set(y, (cols.get(y) ?? 0) + 1);
  });
  let index = 0;
  for (const count of table.values()) index += pairs(count);
  let rowPairs = 0;
  for (const count of rows.values()) rowPairs += pairs(count);
  let colPairs = 0;
  for (const count of cols.values()) colPairs += pairs(count);
  const expected = (rowPairs * colPairs) / Math.max(pairs(n), 1);
  const best = (rowPairs + colPairs) / 2;
  return best === expected ? 1 : (index - expected) / (best - expected);
}
