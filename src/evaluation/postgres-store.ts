import pg from 'pg';
import { AUDIT_TABLE_POSTGRES, AuditEntry } from './audit';
import type { TallyingStore } from './metrics-tally';
import { tallySql, toTallyRow, type RawTallyRow } from './metrics-tally-sql';
import type { Outcome } from './outcome';
import { checkOutcome } from './outcome-check';
import { applyRollup, readRollup, rebuildRollupIfStale, ROLLUP_MIGRATION } from './postgres-rollup';
import { rollupCovers } from './rollup';
import { outcomeFilter, rowToOutcome } from './sqlite-store';

/** Each migration runs once, in order, recorded in `schema_migrations`. */
const MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS outcomes (
     seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     at BIGINT NOT NULL,
     mechanism TEXT NOT NULL,
     project TEXT NOT NULL,
     stage TEXT,
     flow TEXT NOT NULL,
     step TEXT,
     run TEXT,
     type TEXT NOT NULL,
     party TEXT,
     actors JSONB NOT NULL,
     data JSONB NOT NULL
   );
   CREATE INDEX IF NOT EXISTS outcomes_project ON outcomes (project, stage, at);
   CREATE INDEX IF NOT EXISTS outcomes_type ON outcomes (type);`,
  ROLLUP_MIGRATION,
  AUDIT_TABLE_POSTGRES,
];

const COLUMNS = ['id', 'at', 'mechanism', 'project', 'stage', 'flow', 'step', 'run', 'type', 'party', 'actors', 'data'] as const;
const ARRAY_TYPES = ['text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'jsonb'];
/** Rows per INSERT: one statement with 12 arrays, however many rows. */
const BATCH = 5000;
const SELECT = `SELECT id, at, mechanism, project, stage, flow, step, run, type, party, actors::text AS actors, data::text AS data`;

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a usable schema name: ${name}`);
  return `"${name}"`;
}

/**
 * The advisory lock every process takes around creating and migrating a schema, so that several
 * starting at the same moment wait for each other instead of failing (a key of its own per schema).
 */
async function withMigrationLock<T>(client: pg.PoolClient, schema: string, work: () => Promise<T>): Promise<T> {
  const key = ['commonground.migrate', schema];
  await client.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', key);
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', key);
  }
}

async function migrate(client: pg.PoolClient, schema: string) {
  await client.query('BEGIN');
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    await client.query(`LOCK TABLE schema_migrations IN EXCLUSIVE MODE`);
    const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(done.rows.map((row) => row.version));
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (applied.has(index + 1)) continue;
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [index + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The outcome log in PostgreSQL, in its own schema (default `commonground`). */
export async function createPostgresOutcomeStore(url: string, options: { schema?: string } = {}): Promise<TallyingStore> {
  const schema = quoteIdent(options.schema ?? 'commonground');
  const table = `${schema}.outcomes`;
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 });
  // A connection lost while idle (PostgreSQL restarted) is replaced; the next failing call reports it.
  pool.on('error', () => undefined);
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end().catch(() => undefined);
    throw error;
  });
  try {
    await withMigrationLock(client, schema, async () => {
      await migrate(client, schema);
      await rebuildRollupIfStale(client, schema);
    });
  } finally {
    client.release();
  }
  const insert = `INSERT INTO ${table} (${COLUMNS.join(', ')})
    SELECT * FROM unnest(${ARRAY_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
    ON CONFLICT (id) DO NOTHING RETURNING id`;

  return {
    async append(outcomes) {
      // The first of several outcomes with one id wins, as it does in the log.
      const byId = new Map<string, Outcome>();
      for (const outcome of outcomes.map(checkOutcome)) if (!byId.has(outcome.id)) byId.set(outcome.id, outcome);
      const valid = [...byId.values()];
      if (valid.length === 0) return;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const written: Outcome[] = [];
        for (let start = 0; start < valid.length; start += BATCH) {
          const batch = valid.slice(start, start + BATCH);
          const columns = COLUMNS.map((column) =>
            batch.map((o) => (column === 'actors' || column === 'data' ? JSON.stringify(o[column]) : o[column])),
          );
          const result = await client.query<{ id: string }>(insert, columns);
          if (result.rows.length === batch.length) written.push(...batch);
          else {
            const fresh = new Set(result.rows.map((row) => row.id));
            written.push(...batch.filter((o) => fresh.has(o.id)));
          }
        }
        await applyRollup(client, schema, written);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async query(query) {
      const { where, params } = outcomeFilter(query, (n) => `$${n}`);
      const result = await pool.query(`${SELECT} FROM ${table} ${where} ORDER BY at, seq`, params);
      return result.rows.map(rowToOutcome);
    },
    async count(query) {
      const { where, params } = outcomeFilter(query, (n) => `$${n}`);
      const result = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} ${where}`, params);
      return Number(result.rows[0]?.n ?? 0);
    },
    async tally(query, spec, options = {}) {
      if (options.source !== 'log' && rollupCovers(spec))
        return (await readRollup(pool, schema, query.project)).filter((row) => Object.hasOwn(spec, row.entry));
      const { sql, params } = tallySql('postgres', table, query.project, spec);
      const result = await pool.query<RawTallyRow>(sql, params);
      return result.rows.map(toTallyRow);
    },
    async forget(pseudonym, replacement) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const changed = await client.query(`UPDATE ${table} SET actors = replace(actors::text, $1, $2)::jsonb WHERE actors ? $1`, [pseudonym, replacement]);
        // A key that would now repeat another is the same person counted once already: the old row goes.
        await client.query(
          `DELETE FROM ${schema}.outcome_rollup_keys k WHERE position($1 in k.key) > 0 AND EXISTS (SELECT 1 FROM ${schema}.outcome_rollup_keys o WHERE o.project = k.project AND o.cell = k.cell AND o.key = replace(k.key, $1, $2))`,
          [pseudonym, replacement],
        );
        await client.query(`UPDATE ${schema}.outcome_rollup_keys SET key = replace(key, $1, $2) WHERE position($1 in key) > 0`, [pseudonym, replacement]);
        await client.query(`UPDATE ${schema}.audit SET actor = $2 WHERE actor = $1`, [pseudonym, replacement]);
        await client.query(`UPDATE ${schema}.audit SET target = $2 WHERE target = $1`, [pseudonym, replacement]);
        await client.query('COMMIT');
        return changed.rowCount ?? 0;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async settle() {
      // Outside any transaction (VACUUM cannot run in one). FULL writes each table and its indexes
      // anew, so the row versions `forget` replaced leave the table files instead of waiting, dead
      // but readable, for their space to be reused; ANALYZE refreshes the statistics kept of them.
      for (const name of ['outcomes', 'outcome_rollup_keys', 'audit']) await pool.query(`VACUUM (FULL, ANALYZE) ${schema}.${name}`);
    },
    audit: {
      async append(entry) {
        const e = AuditEntry.parse(entry);
        await pool.query(`INSERT INTO ${schema}.audit (at, actor, action, target) VALUES ($1, $2, $3, $4)`, [e.at, e.actor, e.action, e.target]);
      },
      async read(query = {}) {
        const result = await pool.query<{ at: string; actor: string; action: AuditEntry['action']; target: string }>(
          `SELECT at, actor, action, target FROM ${schema}.audit WHERE at >= $1 ORDER BY seq DESC ${query.limit !== undefined ? 'LIMIT $2' : ''}`,
          query.limit !== undefined ? [query.since ?? 0, query.limit] : [query.since ?? 0],
        );
        return result.rows.map((row) => ({ ...row, at: Number(row.at) })).reverse();
      },
    },
    async close() {
      await pool.end();
    },
  };
}
