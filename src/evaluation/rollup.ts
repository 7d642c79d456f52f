import { createHash } from 'node:crypto';
import { METRICS, specFor } from './metrics';
import { contributionOf, type TallyRow, type TallySpec } from './metrics-tally';
import type { Outcome } from './outcome';

/**
 * The rollup: the tally of every metric, kept up to date when outcomes are appended (in the same
 * transaction), so that a report reads a few summary rows however long the log grows. A group's
 * distinct count needs the keys already seen, so those are kept too, one row per (group, key).
 */
export const ROLLUP_SPEC: TallySpec = specFor(Object.values(METRICS));

/** Changes whenever the metric library tallies differently; the stores then rebuild the rollup. */
export const ROLLUP_VERSION = createHash('sha256').update(JSON.stringify(ROLLUP_SPEC)).digest('hex').slice(0, 16);

/** Whether every entry of a spec is in the rollup with the same definition. */
export function rollupCovers(spec: TallySpec): boolean {
  return Object.entries(spec).every(([entry, def]) => {
    const own = ROLLUP_SPEC[entry];
    return own !== undefined && JSON.stringify(own) === JSON.stringify(def);
  });
}

/** What a batch adds to one group of one project: a change to one cell of the rollup; `distinct` is filled in by the store (keys new to it). */
export interface RollupDelta extends TallyRow {
  project: string;
  /** The group's identity as text: JSON of [entry, stage, party, label, bucket]. */
  cell: string;
}

export interface RollupBatch {
  deltas: Map<string, RollupDelta>;
  /** Each (project, cell, key) once; the delta to credit is `deltas.get(project + '\n' + cell)`. */
  keys: { project: string; cell: string; key: string }[];
}

const ENTRIES_BY_TYPE = new Map<string, [string, TallySpec[string]][]>();
for (const [entry, def] of Object.entries(ROLLUP_SPEC))
  for (const type of def.types) ENTRIES_BY_TYPE.set(type, [...(ENTRIES_BY_TYPE.get(type) ?? []), [entry, def]]);

export const deltaId = (project: string, cell: string) => `${project}\n${cell}`;

/** The rollup's change for outcomes newly written to the log (duplicates already left out). */
export function rollupOf(outcomes: Outcome[]): RollupBatch {
  const deltas = new Map<string, RollupDelta>();
  const seen = new Set<string>();
  const keys: RollupBatch['keys'] = [];
  for (const outcome of outcomes) {
    for (const [entry, def] of ENTRIES_BY_TYPE.get(outcome.type) ?? []) {
      const { group, num, key } = contributionOf(outcome, entry, def);
      const cell = JSON.stringify(group);
      const id = deltaId(outcome.project, cell);
      let delta = deltas.get(id);
      if (!delta) {
        const [, stage, party, label, bucket] = group;
        delta = { project: outcome.project, cell, entry, stage, party, label, bucket, n: 0, distinct: 0, sum: 0, nums: 0, first: outcome.at, last: outcome.at };
        deltas.set(id, delta);
      }
      delta.n += 1;
      if (outcome.at < delta.first) delta.first = outcome.at;
      if (outcome.at > delta.last) delta.last = outcome.at;
      if (num !== null) {
        delta.sum += num;
        delta.nums += 1;
      }
      if (key !== null) {
        const keyId = `${id}\n${key}`;
        if (!seen.has(keyId)) {
          seen.add(keyId);
          keys.push({ project: outcome.project, cell, key });
        }
      }
    }
  }
  return { deltas, keys };
}

/** A stored rollup row as a tally row. */
export function rollupRow(row: {
  entry: string;
  stage: string | null;
  party: string | null;
  label: string | null;
  bucket: number | string | null;
  n: number | string;
  distinct_n: number | string;
  total: number | string;
  nums: number | string;
  first_at: number | string;
  last_at: number | string;
}): TallyRow {
  return {
    entry: row.entry,
    stage: row.stage,
    party: row.party,
    label: row.label,
    bucket: row.bucket === null ? null : Number(row.bucket),
    n: Number(row.n),
    distinct: Number(row.distinct_n),
    sum: Number(row.total),
    nums: Number(row.nums),
    first: Number(row.first_at),
    last: Number(row.last_at),
  };
}
