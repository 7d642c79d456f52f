import type Database from 'better-sqlite3';

/** The table `@keyv/sqlite` kept state in before: keys `cg:<key>`, values keyv records as JSON text. */
const OLD_TABLE = 'state';
const KEPT_AS = 'state_before_transactions';

/** keyv's serialiser wrote a string starting with `:` with one more `:` in front. */
const unescape = (_key: string, value: unknown) => (typeof value === 'string' && value.startsWith(':') ? value.slice(1) : value);

/**
 * Moves state written through `@keyv/sqlite` (runs, index keys, records, counters, timers) into
 * the tables the store uses now, once, in one transaction; seen events are not carried over. The old
 * table is kept under another name.
 */
export function migrateKeyvTable(db: Database.Database): number {
  const old = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`).get(OLD_TABLE);
  if (!old) return 0;
  const rows = db.prepare(`SELECT key, value FROM ${OLD_TABLE}`).all() as { key: string; value: string | null }[];
  const put = db.prepare('INSERT OR IGNORE INTO kv (key, value, expires) VALUES (?, ?, ?)');
  const timer = db.prepare('INSERT OR IGNORE INTO timers (id, run, name, at, timer) VALUES (?, ?, ?, ?, ?)');
  let moved = 0;
  db.transaction(() => {
    for (const row of rows) {
      if (!row.key.startsWith('cg:') || row.value === null) continue;
      const key = row.key.slice('cg:'.length);
      const record = JSON.parse(row.value, unescape) as { value: unknown; expires?: number | null };
      if (key.startsWith('seen:') || key === 'timers:index') continue;
      if (key.startsWith('timer:')) {
        const data = (record.value as { data?: { id: string; runId: string; name: string; at: number } }).data;
        if (data) timer.run(data.id, data.runId, data.name, data.at, JSON.stringify(data));
      } else {
        put.run(key, JSON.stringify(record.value), record.expires ?? null);
      }
      moved += 1;
    }
    db.exec(`ALTER TABLE ${OLD_TABLE} RENAME TO ${KEPT_AS}`);
  })();
  return moved;
}

/**
 * Answers kept until sent were in a table `answers` (a row and an index entry each); they are now in
 * `kept_answers`, one row each (`WITHOUT ROWID`), which saves a page write on each keep and each
 * send. Unsent answers are moved over, in their order, and the old table dropped, in one transaction.
 */
export function migrateAnswersTable(db: Database.Database): number {
  const exists = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'answers'`);
  if (!exists.get()) return 0;
  return db
    .transaction(() => {
      // Another process may have moved them meanwhile.
      if (!exists.get()) return 0;
      const moved = db.prepare('INSERT OR IGNORE INTO kept_answers (id, position, answer) SELECT id, rowid, answer FROM answers ORDER BY rowid').run().changes;
      db.exec('DROP TABLE answers');
      return moved;
    })
    .immediate();
}
