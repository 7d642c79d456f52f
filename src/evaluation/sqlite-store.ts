import Database from 'better-sqlite3';
import type { TallyingStore } from './metrics-tally';
import { tallySql, toTallyRow, type RawTallyRow } from './metrics-tally-sql';
import { Outcome, type OutcomeQuery, type OutcomeStore } from './outcome';

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
];

interface Row {
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

export function rowToOutcome(row: Row): Outcome {
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

/** The embedded outcome log in one SQLite file (or `:memory:`). */
export function createSqliteOutcomeStore(file: string): OutcomeStore & TallyingStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v += 1) {
    db.exec(MIGRATIONS[v] as string);
    db.pragma(`user_version = ${v + 1}`);
  }
  const insert = db.prepare(
    `INSERT OR IGNORE INTO outcomes (id, at, mechanism, project, stage, flow, step, run, type, party, actors, data)
     VALUES (@id, @at, @mechanism, @project, @stage, @flow, @step, @run, @type, @party, @actors, @data)`,
  );
  const insertAll = db.transaction((outcomes: Outcome[]) => {
    for (const o of outcomes) insert.run({ ...o, actors: JSON.stringify(o.actors), data: JSON.stringify(o.data) });
  });
  return {
    async append(outcomes) {
      insertAll(outcomes.map((o) => Outcome.parse(o)));
    },
    async query(query) {
      const { where, params } = outcomeFilter(query, () => '?');
      return (db.prepare(`SELECT * FROM outcomes ${where} ORDER BY at, seq`).all(...params) as Row[]).map(rowToOutcome);
    },
    async count(query) {
      const { where, params } = outcomeFilter(query, () => '?');
      return (db.prepare(`SELECT count(*) AS n FROM outcomes ${where}`).get(...params) as { n: number }).n;
    },
    async tally(query, spec) {
      const { sql, params } = tallySql('sqlite', 'outcomes', query.project, spec);
      return (db.prepare(sql).all(...params) as RawTallyRow[]).map(toTallyRow);
    },
    async close() {
      db.close();
    },
  };
}
