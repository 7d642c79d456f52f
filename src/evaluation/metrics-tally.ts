import type { Outcome, OutcomeStore } from './outcome';

/**
 * A tally is the small aggregate every metric is computed from. Each entry picks outcome types
 * and says what to count; outcomes are grouped by (entry, stage, party, label, bucket). The same
 * tally comes either from outcomes in memory (`tallyOutcomes`) or from the store's SQL (`tally`),
 * so a report over a million outcomes never loads them one by one.
 */
export interface TallyEntry {
  types: string[];
  /** Data fields whose combination is counted once (`@actor` is the first actor, `@type` the type). */
  key?: string[];
  /** A numeric (or boolean, counted as 1/0) data field to sum. */
  num?: string;
  /** A code data field to group by, such as `kind` or `answer`. */
  label?: string;
  /** Group `num` into steps of 1/bucketsPerUnit (rounded up), for medians and thresholds. */
  bucketsPerUnit?: number;
}

export type TallySpec = Record<string, TallyEntry>;

export interface TallyRow {
  entry: string;
  stage: string | null;
  party: string | null;
  label: string | null;
  /** The rounded-up value `num` was grouped into, when the entry has buckets. */
  bucket: number | null;
  n: number;
  distinct: number;
  sum: number;
  nums: number;
  first: number;
  last: number;
}

/** A store that can tally in SQL. */
export interface TallyingStore extends OutcomeStore {
  /**
   * Tallies a project. By default a spec the rollup covers is read from the rollup kept at append
   * time (a few summary rows); `source: 'log'` always tallies the raw rows in one SQL statement.
   */
  tally(query: { project: string }, spec: TallySpec, options?: { source?: 'rollup' | 'log' }): Promise<TallyRow[]>;
}

export function canTally(store: OutcomeStore): store is TallyingStore {
  return typeof (store as Partial<TallyingStore>).tally === 'function';
}

/** The same rounding in JS and SQL: up to the next step, ignoring float noise. */
export function bucketOf(value: number, bucketsPerUnit: number): number {
  return Math.ceil(value * bucketsPerUnit - 1e-9) / bucketsPerUnit;
}

function field(outcome: Outcome, name: string): unknown {
  if (name === '@type') return outcome.type;
  return name === '@actor' ? (outcome.actors[0] ?? null) : (outcome.data[name] ?? null);
}

function numeric(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** Where one outcome lands in one tally entry: its group and what it adds there. */
export interface TallyContribution {
  /** The group's identity: entry, stage, party, label, bucket. */
  group: [string, string | null, string | null, string | null, number | null];
  num: number | null;
  /** The combination counted once (`distinct`), or null when the entry has none or a part is missing. */
  key: string | null;
}

/** What an outcome of one of the entry's types adds to it. */
export function contributionOf(outcome: Outcome, entry: string, def: TallyEntry): TallyContribution {
  const rawLabel = def.label ? field(outcome, def.label) : null;
  const label = rawLabel === null ? null : String(rawLabel);
  const num = def.num ? numeric(field(outcome, def.num)) : null;
  const bucket = def.bucketsPerUnit && num !== null ? bucketOf(num, def.bucketsPerUnit) : null;
  let key: string | null = null;
  if (def.key) {
    const parts = def.key.map((name) => field(outcome, name));
    if (parts.every((part) => part !== null)) key = parts.map(String).join('|');
  }
  return { group: [entry, outcome.stage, outcome.party, label, bucket], num, key };
}

/** Tallies outcomes held in memory exactly as the stores do in SQL. */
export function tallyOutcomes(outcomes: Outcome[], spec: TallySpec): TallyRow[] {
  const groups = new Map<string, TallyRow & { keys: Set<string> }>();
  for (const [entry, def] of Object.entries(spec)) {
    const types = new Set(def.types);
    for (const outcome of outcomes) {
      if (!types.has(outcome.type)) continue;
      const { group, num, key } = contributionOf(outcome, entry, def);
      const id = JSON.stringify(group);
      let row = groups.get(id);
      if (!row) {
        const [, stage, party, label, bucket] = group;
        row = { entry, stage, party, label, bucket, n: 0, distinct: 0, sum: 0, nums: 0, first: outcome.at, last: outcome.at, keys: new Set() };
        groups.set(id, row);
      }
      row.n += 1;
      row.first = Math.min(row.first, outcome.at);
      row.last = Math.max(row.last, outcome.at);
      if (num !== null) {
        row.sum += num;
        row.nums += 1;
      }
      if (key !== null) row.keys.add(key);
    }
  }
  return [...groups.values()].map(({ keys, ...row }) => ({ ...row, distinct: keys.size }));
}

/** Where a metric looks: the whole project, one stage, one party, or a party within a stage. */
export interface Cell {
  stage?: string;
  party?: string;
}

export function rowsIn(rows: TallyRow[], entry: string, cell: Cell): TallyRow[] {
  return rows.filter(
    (row) =>
      row.entry === entry &&
      (cell.stage === undefined || row.stage === cell.stage) &&
      (cell.party === undefined || row.party === cell.party),
  );
}

export const total = (rows: TallyRow[], pick: (row: TallyRow) => number) => rows.reduce((sum, row) => sum + pick(row), 0);

/** The median of bucketed values, from their counts. */
export function bucketMedian(rows: TallyRow[]): number | null {
  const counted = rows.filter((row) => row.bucket !== null).sort((a, b) => (a.bucket as number) - (b.bucket as number));
  const n = total(counted, (row) => row.n);
  if (n === 0) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const row of counted) {
      seen += row.n;
      if (index < seen) return row.bucket as number;
    }
    return Number.NaN;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}
