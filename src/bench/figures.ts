/** One measured figure printed by `npm run bench`. */
export interface BenchFigure {
  /** What was measured, for example "consensus 1000x200". */
  name: string;
  value: number;
  unit: string;
  /** The goal from the issue, for example "< 1000 ms", shown beside the figure. */
  goal?: string;
}

/** A benchmark suite: runs its measurements and returns the figures; `progress` reports what it is doing. */
export type BenchSuite = (progress: (line: string) => void) => Promise<BenchFigure[]>;

/** Milliseconds elapsed while running `work`. */
export async function timeIt(work: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The value at quantile q (0..1) of the given numbers. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
}
