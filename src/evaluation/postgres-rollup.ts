import type pg from 'pg';
import type { TallyRow } from './metrics-tally';
import type { Outcome } from './outcome';
import { deltaId, ROLLUP_VERSION, rollupOf, rollupRow, type RollupDelta } from './rollup';
import { rowToOutcome, type OutcomeRow } from './sqlite-store';

/** The rollup tables (see rollup.ts), created by the store's second migration. */
export const ROLLUP_MIGRATION = `
  CREATE TABLE IF NOT EXISTS outcome_rollup (
    project TEXT NOT NULL,
    cell TEXT NOT NULL,
    entry TEXT NOT NULL,
    stage TEXT,
    party TEXT,
    label TEXT,
    bucket DOUBLE PRECISION,
    n BIGINT NOT NULL,
    distinct_n BIGINT NOT NULL,
    total DOUBLE PRECISION NOT NULL,
    nums BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    PRIMARY KEY (project, cell)
  );
  CREATE TABLE IF NOT EXISTS outcome_rollup_keys (
    project TEXT NOT NULL,
    cell TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (project, cell, key)
  );
  CREATE TABLE IF NOT EXISTS outcome_rollup_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`;

const KEY_BATCH = 20_000;
const REBUILD_PAGE = 10_000;
const DELTA_COLUMNS = ['project', 'cell', 'entry', 'stage', 'party', 'label', 'bucket', 'n', 'distinct_n', 'total', 'nums', 'first_at', 'last_at'];
const DELTA_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'float8', 'int8', 'int8', 'float8', 'int8', 'int8', 'int8'];

/** Adds newly written outcomes to the rollup, inside the caller's open transaction. */
export async function applyRollup(client: pg.PoolClient, schema: string, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const { deltas, keys } = rollupOf(outcomes);
  for (let start = 0; start < keys.length; start += KEY_BATCH) {
    const batch = keys.slice(start, start + KEY_BATCH);
    const fresh = await client.query<{ project: string; cell: string }>(
      `INSERT INTO ${schema}.outcome_rollup_keys (project, cell, key)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING project, cell`,
      [batch.map((k) => k.project), batch.map((k) => k.cell), batch.map((k) => k.key)],
    );
    for (const row of fresh.rows) (deltas.get(deltaId(row.project, row.cell)) as RollupDelta).distinct += 1;
  }
  // A fixed order, so that two appenders never wait on each other's rows crosswise.
  const rows = [...deltas.values()].sort((a, b) => (a.project + a.cell < b.project + b.cell ? -1 : 1));
  const pick: ((d: RollupDelta) => unknown)[] = [
    (d) => d.project, (d) => d.cell, (d) => d.entry, (d) => d.stage, (d) => d.party, (d) => d.label, (d) => d.bucket,
    (d) => d.n, (d) => d.distinct, (d) => d.sum, (d) => d.nums, (d) => d.first, (d) => d.last,
  ];
  const r = `${schema}.outcome_rollup`;
  await client.query(
    `INSERT INTO ${r} (${DELTA_COLUMNS.join(', ')})
     SELECT * FROM unnest(${DELTA_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
     ON CONFLICT (project, cell) DO UPDATE SET
       n = ${r}.n + excluded.n, distinct_n = ${r}.distinct_n + excluded.distinct_n, total = ${r}.total + excluded.total,
       nums = ${r}.nums + excluded.nums, first_at = least(${r}.first_at, excluded.first_at), last_at = greatest(${r}.last_at, excluded.last_at)`,
    pick.map((get) => rows.map(get)),
  );
}

/** Builds the rollup again from the log when it is missing or the metric library tallies differently. */
export async function rebuildRollupIfStale(client: pg.PoolClient, schema: string): Promise<void> {
  const version = async () =>
    (await client.query<{ value: string }>(`SELECT value FROM ${schema}.outcome_rollup_meta WHERE name = 'version'`)).rows[0]?.value;
  if ((await version()) === ROLLUP_VERSION) return;
  await client.query('BEGIN');
  try {
    // No appends meanwhile; a second process opening at the same time waits, then finds it done.
    await client.query(`LOCK TABLE ${schema}.outcomes IN SHARE ROW EXCLUSIVE MODE`);
    if ((await version()) !== ROLLUP_VERSION) {
      await client.query(`DELETE FROM ${schema}.outcome_rollup`);
      await client.query(`DELETE FROM ${schema}.outcome_rollup_keys`);
      let after = 0;
      for (;;) {
        const page = await client.query<OutcomeRow & { seq: string }>(
          `SELECT seq, id, at, mechanism, project, stage, flow, step, run, type, party, actors::text AS actors, data::text AS data
           FROM ${schema}.outcomes WHERE seq > $1 ORDER BY seq LIMIT ${REBUILD_PAGE}`,
          [after],
        );
        if (page.rows.length === 0) break;
        await applyRollup(client, schema, page.rows.map(rowToOutcome));
        after = Number(page.rows.at(-1)?.seq);
      }
      await client.query(
        `INSERT INTO ${schema}.outcome_rollup_meta (name, value) VALUES ('version', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
        [ROLLUP_VERSION],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

export async function readRollup(pool: pg.Pool, schema: string, project: string): Promise<TallyRow[]> {
  const result = await pool.query<Parameters<typeof rollupRow>[0]>(
    `SELECT entry, stage, party, label, bucket, n, distinct_n, total, nums, first_at, last_at FROM ${schema}.outcome_rollup WHERE project = $1`,
    [project],
  );
  return result.rows.map(rollupRow);
}
