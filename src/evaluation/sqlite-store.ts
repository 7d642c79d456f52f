import Database from 'better-sqlite3';
import { privateDatabase, privateFile } from '../state/private-files';
import { AUDIT_TABLE_SQLITE, AuditEntry } from './audit';
import type { TallyingStore } from './metrics-tally';
import { tallySql, toTallyRow, type RawTallyRow } from './metrics-tally-sql';
import type { Outcome, OutcomeQuery, OutcomeStore } from './outcome';
import { checkOutcome } from './outcome-check';
import { deltaId, ROLLUP_VERSION, rollupCovers, rollupOf, rollupRow } from './rollup';

const MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS outcomes (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     at INTEGER NOT NULL,
     mechanism TEXT NOT NULL,
     project TEXT NOT NULL,
     stage TEXT,
     flow TEXT NOT NULL,
     step TEXT,
     run TEXT,
     type TEXT NOT NULL,
     party TEXT,
     actors TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS outcomes_project ON outcomes (project, stage, at);
   CREATE INDEX IF NOT EXISTS outcomes_type ON outcomes (type);`,
  // The rollup (see rollup.ts); filled from the existing rows when the store opens.
  `CREATE TABLE IF NOT EXISTS outcome_rollup (
     project TEXT NOT NULL,
     cell TEXT NOT NULL,
     entry TEXT NOT NULL,
     stage TEXT,
     party TEXT,
     label TEXT,
     bucket REAL,
     n INTEGER NOT NULL,
     distinct_n INTEGER NOT NULL,
     total REAL NOT NULL,
     nums INTEGER NOT NULL,
     first_at INTEGER NOT NULL,
     last_at INTEGER NOT NULL,
     PRIMARY KEY (project, cell)
   ) WITHOUT ROWID;
   CREATE TABLE IF NOT EXISTS outcome_rollup_keys (
     project TEXT NOT NULL,
     cell TEXT NOT NULL,
     key TEXT NOT NULL,
     PRIMARY KEY (project, cell, key)
   ) WITHOUT ROWID;
   CREATE TABLE IF NOT EXISTS outcome_rollup_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  AUDIT_TABLE_SQLITE,
];

/** An outcome as both stores keep it: actors and data as JSON text. */
export interface OutcomeRow {
  id: string;
  at: number;
  mechanism: string;
  project: string;
  stage: string | null;
  flow: string;
  step: string | null;
  run: string | null;
  type: string;
  party: string | null;
  actors: string;
  data: string;
}

/** Builds a WHERE clause with positional parameters; shared with the PostgreSQL store's shape. */
export function outcomeFilter(query: OutcomeQuery, placeholder: (n: number) => string) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(placeholder(params.length)));
  };
  if (query.project !== undefined) add((p) => `project = ${p}`, query.project);
  if (query.stage !== undefined) add((p) => `stage = ${p}`, query.stage);
  if (query.party !== undefined) add((p) => `party = ${p}`, query.party);
  if (query.mechanism !== undefined) add((p) => `mechanism = ${p}`, query.mechanism);
  if (query.actor !== undefined) add((p) => `CAST(actors AS TEXT) LIKE ${p}`, `%"${query.actor}"%`);
  if (query.from !== undefined) add((p) => `at >= ${p}`, query.from);
  if (query.to !== undefined) add((p) => `at < ${p}`, query.to);
  if (query.types && query.types.length > 0) {
    const ors = query.types.map((type) => {
      params.push(type.endsWith('.') ? `${type}%` : type);
      return `type ${type.endsWith('.') ? 'LIKE' : '='} ${placeholder(params.length)}`;
    });
    clauses.push(`(${ors.join(' OR ')})`);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function rowToOutcome(row: OutcomeRow): Outcome {
  return {
    id: row.id,
    at: Number(row.at),
    mechanism: row.mechanism as Outcome['mechanism'],
    project: row.project,
    stage: row.stage,
    flow: row.flow,
    step: row.step,
    run: row.run,
    type: row.type,
    party: row.party,
    actors: JSON.parse(row.actors) as string[],
    data: JSON.parse(row.data) as Outcome['data'],
  };
}

const COLUMNS = ['id', 'at', 'mechanism', 'project', 'stage', 'flow', 'step', 'run', 'type', 'party', 'actors', 'data'] as const;
const REBUILD_PAGE = 10_000;

/** Statements that keep the rollup; each call runs inside the caller's transaction. */
function rollupWriter(db: Database.Database) {
  const key = db.prepare('INSERT OR IGNORE INTO outcome_rollup_keys (project, cell, key) VALUES (?, ?, ?)');
  const upsert = db.prepare(
    `INSERT INTO outcome_rollup (project, cell, entry, stage, party, label, bucket, n, distinct_n, total, nums, first_at, last_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (project, cell) DO UPDATE SET
       n = n + excluded.n, distinct_n = distinct_n + excluded.distinct_n, total = total + excluded.total,
       nums = nums + excluded.nums, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`,
  );
  return (outcomes: Outcome[]) => {
    const { deltas, keys } = rollupOf(outcomes);
    for (const k of keys) {
      if (key.run(k.project, k.cell, k.key).changes > 0) (deltas.get(deltaId(k.project, k.cell)) as { distinct: number }).distinct += 1;
    }
    for (const d of deltas.values())
      upsert.run(d.project, d.cell, d.entry, d.stage, d.party, d.label, d.bucket, d.n, d.distinct, d.sum, d.nums, d.first, d.last);
  };
}

/** Builds the rollup again from the log when it is missing or the metric library tallies differently. */
function rebuildRollupIfStale(db: Database.Database, apply: (outcomes: Outcome[]) => void) {
  const stored = db.prepare(`SELECT value FROM outcome_rollup_meta WHERE name = 'version'`).get() as { value: string } | undefined;
  if (stored?.value === ROLLUP_VERSION) return;
  const page = db.prepare('SELECT * FROM outcomes WHERE seq > ? ORDER BY seq LIMIT ?');
  db.transaction(() => {
    db.exec('DELETE FROM outcome_rollup; DELETE FROM outcome_rollup_keys;');
    let after = 0;
    for (;;) {
      const rows = page.all(after, REBUILD_PAGE) as (OutcomeRow & { seq: number })[];
      if (rows.length === 0) break;
      apply(rows.map(rowToOutcome));
      after = (rows.at(-1) as { seq: number }).seq;
    }
    db.prepare(`INSERT INTO outcome_rollup_meta (name, value) VALUES ('version', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`).run(ROLLUP_VERSION);
  })();
}

/** The embedded outcome log in one SQLite file (or `:memory:`). */
export function createSqliteOutcomeStore(file: string): OutcomeStore & TallyingStore {
  privateFile(file);
  const db = new Database(file);
  // Replaced pseudonyms are zeroed in the file, not left in free space.
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  privateDatabase(file);
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v += 1) {
    db.exec(MIGRATIONS[v] as string);
    db.pragma(`user_version = ${v + 1}`);
  }
  const applyRollup = rollupWriter(db);
  rebuildRollupIfStale(db, applyRollup);
  const insert = db.prepare(`INSERT OR IGNORE INTO outcomes (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const insertAll = db.transaction((outcomes: Outcome[]) => {
    const written: Outcome[] = [];
    for (const o of outcomes) {
      const result = insert.run(o.id, o.at, o.mechanism, o.project, o.stage, o.flow, o.step, o.run, o.type, o.party, JSON.stringify(o.actors), JSON.stringify(o.data));
      if (result.changes > 0) written.push(o);
    }
    applyRollup(written);
  });
  const forget = db.transaction((pseudonym: string, replacement: string) => {
    const changed = db.prepare('UPDATE outcomes SET actors = replace(actors, ?, ?) WHERE instr(actors, ?) > 0').run(pseudonym, replacement, pseudonym).changes;
    db.prepare('UPDATE OR REPLACE outcome_rollup_keys SET key = replace(key, ?, ?) WHERE instr(key, ?) > 0').run(pseudonym, replacement, pseudonym);
    db.prepare('UPDATE audit SET actor = ? WHERE actor = ?').run(replacement, pseudonym);
    db.prepare('UPDATE audit SET target = ? WHERE target = ?').run(replacement, pseudonym);
    return changed;
  });
  const appendAudit = db.prepare('INSERT INTO audit (at, actor, action, target) VALUES (?, ?, ?, ?)');
  const rollupRows = db.prepare('SELECT entry, stage, party, label, bucket, n, distinct_n, total, nums, first_at, last_at FROM outcome_rollup WHERE project = ?');
  return {
    async append(outcomes) {
      insertAll(outcomes.map(checkOutcome));
    },
    async query(query) {
      const { where, params } = outcomeFilter(query, () => '?');
      return (db.prepare(`SELECT * FROM outcomes ${where} ORDER BY at, seq`).all(...params) as OutcomeRow[]).map(rowToOutcome);
    },
    async count(query) {
      const { where, params } = outcomeFilter(query, () => '?');
      return (db.prepare(`SELECT count(*) AS n FROM outcomes ${where}`).get(...params) as { n: number }).n;
    },
    async tally(query, spec, options = {}) {
      if (options.source !== 'log' && rollupCovers(spec)) {
        const rows = (rollupRows.all(query.project) as Parameters<typeof rollupRow>[0][]).map(rollupRow);
        return rows.filter((row) => Object.hasOwn(spec, row.entry));
      }
      const { sql, params } = tallySql('sqlite', 'outcomes', query.project, spec);
      return (db.prepare(sql).all(...params) as RawTallyRow[]).map(toTallyRow);
    },
    async forget(pseudonym, replacement) {
      const changed = forget(pseudonym, replacement);
      db.pragma('wal_checkpoint(TRUNCATE)');
      return changed;
    },
    audit: {
      async append(entry) {
        const e = AuditEntry.parse(entry);
        appendAudit.run(e.at, e.actor, e.action, e.target);
      },
      async read(query = {}) {
        const rows = db
          .prepare('SELECT at, actor, action, target FROM audit WHERE at >= ? ORDER BY seq DESC LIMIT ?')
          .all(query.since ?? 0, query.limit ?? -1) as AuditEntry[];
        return rows.reverse();
      },
    },
    async close() {
      db.close();
    },
  };
}
