import Database from 'better-sqlite3';
import Keyv from 'keyv';
import type { Outcome } from '../evaluation/outcome';
import { envelopeText, type StateBackend } from './backend';
import { keys } from './keys';
import { KeyvBetterSqlite } from './keyv-sqlite';
import { migrateAnswersTable, migrateKeyvTable } from './sqlite-migrate';
import { KEPT_ANSWER, keptAnswerKey, type ErasureBatch, type ErasureResult, type SubjectTraces } from './erasure';
import { privateDatabase, privateFile } from './private-files';
import { timerId, type Timer, type IndexedTurn, type KeptAnswer, type TurnResult } from './turn';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER);
  CREATE INDEX IF NOT EXISTS kv_expires ON kv (expires) WHERE expires IS NOT NULL;
  CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS seen_expires ON seen (expires);
  CREATE TABLE IF NOT EXISTS timers (id TEXT PRIMARY KEY, run TEXT NOT NULL, name TEXT NOT NULL, at INTEGER NOT NULL, timer TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS timers_at ON timers (at);
  CREATE INDEX IF NOT EXISTS timers_run ON timers (run);
  CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, outcome TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS kept_answers (id TEXT PRIMARY KEY, position INTEGER NOT NULL, answer TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS lists (position INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, run TEXT NOT NULL, UNIQUE (key, run));`;

/** Thrown inside a turn's transaction when its run was saved meanwhile, so that none of the turn is written. */
class RunChanged extends Error {}

/** Expired rows are deleted a batch at a time, every this many writes of seen events. */
const SWEEP_EVERY = 500;
const SWEEP_BATCH = 2000;

/**
 * State on one better-sqlite3 database: write-ahead logging, `synchronous = NORMAL`, prepared
 * statements, and one IMMEDIATE transaction per turn. Several processes may share the file: every
 * check and write of a turn happens inside its transaction.
 */
export function createSqliteBackend(file: string): StateBackend {
  privateFile(file);
  const db = new Database(file);
  // What is deleted or overwritten is zeroed in the file, so an erasure leaves no words behind.
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  // A commit is in the log before the reply goes out; the log reaches the disk at checkpoints, so a
  // process crash loses nothing and a power cut at most what was written since the last checkpoint.
  db.pragma('synchronous = NORMAL');
  // A checkpoint (which waits for the disk) every 10,000 pages of log (about 40 MB), not every 1,000:
  // checkpoints, not commits, were what limited turns per second.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  migrateKeyvTable(db);
  migrateAnswersTable(db);
  privateDatabase(file);
  const q = {
    read: db.prepare<[string], { value: string; expires: number | null }>('SELECT value, expires FROM kv WHERE key = ?'),
    // Several keys in one statement (one read transaction, one set of locks), by their place in the list asked.
    readMany: db.prepare<[string], { at: number; value: string; expires: number | null }>(
      'SELECT asked.key AS at, kv.value, kv.expires FROM json_each(?) AS asked JOIN kv ON kv.key = asked.value',
    ),
    // An index key and the run it points to, in one statement (a value that is not JSON points nowhere).
    pointed: db.prepare<[string], { value: string; expires: number | null; runValue: string | null; runExpires: number | null }>(
      `SELECT p.value, p.expires, r.value AS runValue, r.expires AS runExpires FROM kv AS p
       LEFT JOIN kv AS r ON r.key = 'run:' || json_extract(CASE WHEN json_valid(p.value) THEN p.value END, '$.data') WHERE p.key = ?`,
    ),
    seq: db.prepare<[string], { seq: number | null }>(`SELECT json_extract(value, '$.data.seq') AS seq FROM kv WHERE key = ?`),
    put: db.prepare('INSERT INTO kv (key, value, expires) VALUES (?, ?, NULL) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = NULL'),
    insertRun: db.prepare('INSERT INTO kv (key, value, expires) VALUES (?, ?, NULL) ON CONFLICT (key) DO NOTHING'),
    replaceRun: db.prepare(`UPDATE kv SET value = ?, expires = NULL WHERE key = ? AND json_extract(value, '$.data.seq') = ?`),
    dropIf: db.prepare('DELETE FROM kv WHERE key = ? AND value = ?'),
    join: db.prepare('INSERT OR IGNORE INTO lists (key, run) VALUES (?, ?)'),
    leave: db.prepare('DELETE FROM lists WHERE key = ? AND run = ?'),
    members: db.prepare<[string], { run: string }>('SELECT run FROM lists WHERE key = ? ORDER BY position'),
    increment: db.prepare<[string], { value: string }>(
      `INSERT INTO kv (key, value, expires) VALUES (?, '1', NULL)
       ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT), expires = NULL RETURNING value`,
    ),
    seen: db.prepare<[string, number], { one: number }>('SELECT 1 AS one FROM seen WHERE key = ? AND expires > ?'),
    markSeen: db.prepare('INSERT INTO seen (key, expires) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE seen.expires <= ?'),
    sweepSeen: db.prepare('DELETE FROM seen WHERE key IN (SELECT key FROM seen WHERE expires <= ? LIMIT ?)'),
    sweepKv: db.prepare('DELETE FROM kv WHERE rowid IN (SELECT rowid FROM kv WHERE expires IS NOT NULL AND expires <= ? LIMIT ?)'),
    schedule: db.prepare('INSERT INTO timers (id, run, name, at, timer) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at, timer = excluded.timer'),
    cancelOne: db.prepare('DELETE FROM timers WHERE id = ?'),
    cancelAll: db.prepare('DELETE FROM timers WHERE run = ?'),
    removeIf: db.prepare('DELETE FROM timers WHERE id = ? AND at = ?'),
    due: db.prepare<[number, number], { timer: string }>('SELECT timer FROM timers WHERE at <= ? ORDER BY at, id LIMIT ?'),
    timers: db.prepare<[], { timer: string }>('SELECT timer FROM timers ORDER BY at, id'),
    timer: db.prepare<[string], { timer: string }>('SELECT timer FROM timers WHERE id = ?'),
    outbox: db.prepare('INSERT OR IGNORE INTO outbox (id, outcome) VALUES (?, ?)'),
    pending: db.prepare<[], { outcome: string }>('SELECT outcome FROM outbox ORDER BY rowid'),
    delivered: db.prepare('DELETE FROM outbox WHERE id = ?'),
    // The order answers were kept in (see nextKept), not a scan of the kept answers on every turn,
    // which grew with those a stop left unsent.
    keep: db.prepare('INSERT OR REPLACE INTO kept_answers (id, position, answer) VALUES (?, ?, ?)'),
    lastKept: db.prepare<[], { last: number }>('SELECT coalesce(max(position), 0) AS last FROM kept_answers'),
    kept: db.prepare<[string], { answer: string }>('SELECT answer FROM kept_answers WHERE id = ?'),
    allKept: db.prepare<[], { answer: string }>('SELECT answer FROM kept_answers ORDER BY position'),
    answerSent: db.prepare('DELETE FROM kept_answers WHERE id = ?'),
  };
  // A kept answer's position: the time in microseconds, or one more than the last this process
  // gave (read from the file at open), so positions rise within a process and follow the clock
  // between processes sharing the file.
  let keptPosition = q.lastKept.get()?.last ?? 0;
  const nextKept = () => (keptPosition = Math.max(keptPosition + 1, Date.now() * 1000));
  let seenWrites = 0;
  const sweep = () => {
    const now = Date.now();
    q.sweepSeen.run(now, SWEEP_BATCH);
    q.sweepKv.run(now, SWEEP_BATCH);
  };
  const cancel = (runId: string, name: string) => (name === '*' ? q.cancelAll.run(runId) : q.cancelOne.run(timerId(runId, name)));
  const schedule = (timer: Timer) => q.schedule.run(timer.id, timer.runId, timer.name, timer.at, JSON.stringify(timer));
  const markSeen = (key: string, ttlMs: number) => {
    const now = Date.now();
    if ((seenWrites += 1) % SWEEP_EVERY === 0) sweep();
    return q.markSeen.run(key, now + ttlMs, now).changes > 0;
  };

  // Answers sent but still in the file: forgotten in the next write of a turn (one transaction fewer
  // a turn), or on their own once this turn of the event loop is over, whichever comes first. Until
  // then they are not read back as unsent.
  const sentSoon = new Set<string>();
  let forgetScheduled = false;
  const forgetNow = db.transaction((ids: string[]) => ids.forEach((id) => q.answerSent.run(id)));
  /** Runs a write with the sent answers forgotten in its transaction; they are dropped from the list only once it committed. */
  const withSentForgotten = <T>(write: (forgetting: string[]) => T): T => {
    const forgetting = [...sentSoon];
    const result = write(forgetting);
    for (const id of forgetting) sentSoon.delete(id);
    return result;
  };
  const forgetSent = () => {
    if (sentSoon.size > 0 && db.open) withSentForgotten((ids) => forgetNow.immediate(ids));
  };
  const answerSent = (id: string) => {
    sentSoon.add(id);
    if (forgetScheduled) return;
    forgetScheduled = true;
    setImmediate(() => {
      forgetScheduled = false;
      forgetSent();
    });
  };

  const commit = db.transaction((turn: IndexedTurn, forgetting: string[]): { result: TurnResult; token?: string; run?: unknown } => {
    for (const id of forgetting) q.answerSent.run(id);
    const { run, before } = turn;
    // The event is marked seen first: when it was seen already, nothing has been written.
    if (turn.seen && !markSeen(turn.seen.key, turn.seen.ttlMs)) return { result: 'duplicate' };
    const saved = { ...run, seq: (before?.seq ?? 0) + 1 };
    const token = envelopeText(saved);
    // Compare-and-set in the write itself; a run saved meanwhile undoes the whole transaction.
    const written = before ? q.replaceRun.run(token, keys.run(run.id), before.seq).changes : q.insertRun.run(keys.run(run.id), token).changes;
    if (written === 0) throw new RunChanged();
    const change = turn.index;
    const pointer = envelopeText(run.id);
    for (const key of change.drop) q.dropIf.run(key, pointer);
    for (const key of change.set) q.put.run(key, pointer);
    for (const key of change.join) q.join.run(key, run.id);
    for (const key of change.leave) q.leave.run(key, run.id);
    for (const name of turn.cancelTimers) cancel(run.id, name);
    for (const timer of turn.timers) schedule(timer);
    if (turn.fired) q.removeIf.run(turn.fired.id, turn.fired.at);
    for (const outcome of turn.outcomes) q.outbox.run(outcome.id, JSON.stringify(outcome));
    if (turn.seen && turn.answer) q.keep.run(turn.answer.id, nextKept(), JSON.stringify(turn.answer));
    return { result: 'saved', token, run: saved };
  });
  const keepAnswer = db.transaction((seenMark: { key: string; ttlMs: number }, answer: KeptAnswer, forgetting: string[]) => {
    for (const id of forgetting) q.answerSent.run(id);
    if (!markSeen(seenMark.key, seenMark.ttlMs)) return 'duplicate' as const;
    q.keep.run(answer.id, nextKept(), JSON.stringify(answer));
    return 'saved' as const;
  });
  const commitOrConflict = (turn: IndexedTurn) => {
    try {
      return withSentForgotten((forgetting) => commit.immediate(turn, forgetting));
    } catch (error) {
      if (error instanceof RunChanged) return { result: 'conflict' as const };
      throw error;
    }
  };

  const t = {
    runs: db.prepare<[string], { key: string }>(`SELECT key FROM kv WHERE key LIKE 'run:%' AND instr(value, ?) > 0`),
    keys: db.prepare<[string, string], { key: string }>(`SELECT key FROM kv WHERE key NOT LIKE 'run:%' AND (instr(key, ?) > 0 OR instr(value, ?) > 0)`),
    seen: db.prepare<[string], { key: string }>('SELECT key FROM seen WHERE instr(key, ?) > 0'),
    lists: db.prepare<[string], { key: string }>('SELECT DISTINCT key FROM lists WHERE instr(key, ?) > 0'),
    timers: db.prepare<[string], { timer: string }>('SELECT timer FROM timers WHERE instr(timer, ?) > 0'),
    dropKey: db.prepare('DELETE FROM kv WHERE key = ?'),
    dropSeen: db.prepare('DELETE FROM seen WHERE key = ?'),
    dropList: db.prepare('DELETE FROM lists WHERE key = ?'),
    rewriteTimer: db.prepare('UPDATE timers SET timer = ? WHERE id = ?'),
    answers: db.prepare<[string], { id: string }>('SELECT id FROM kept_answers WHERE instr(answer, ?) > 0'),
    dropAnswer: db.prepare('DELETE FROM kept_answers WHERE id = ?'),
  };
  const findTraces = (texts: string[]): SubjectTraces => {
    const runs = new Set<string>();
    const found = new Set<string>();
    const lists = new Set<string>();
    const timers = new Map<string, Timer>();
    for (const text of texts) {
      for (const row of t.runs.all(text)) runs.add(row.key.slice('run:'.length));
      for (const row of t.keys.all(text, text)) found.add(row.key);
      for (const row of t.seen.all(text)) found.add(row.key);
      for (const row of t.lists.all(text)) lists.add(row.key);
      for (const row of t.answers.all(text)) found.add(keptAnswerKey(row.id));
      for (const row of t.timers.all(text)) {
        const timer = JSON.parse(row.timer) as Timer;
        timers.set(timer.id, timer);
      }
    }
    return { runs: [...runs], keys: [...found], lists: [...lists], timers: [...timers.values()] };
  };
  const erase = db.transaction((batch: ErasureBatch): ErasureResult => {
    for (const { run, expectedSeq } of batch.runs) if ((q.seq.get(keys.run(run.id))?.seq ?? 0) !== expectedSeq) return 'conflict';
    for (const { run, index } of batch.runs) {
      q.put.run(keys.run(run.id), envelopeText(run));
      const pointer = envelopeText(run.id);
      for (const key of index.drop) q.dropIf.run(key, pointer);
      for (const key of index.set) q.put.run(key, pointer);
      for (const key of index.join) q.join.run(key, run.id);
      for (const key of index.leave) q.leave.run(key, run.id);
    }
    for (const key of batch.deleteKeys) {
      if (key.startsWith(KEPT_ANSWER)) t.dropAnswer.run(key.slice(KEPT_ANSWER.length));
      t.dropKey.run(key);
      t.dropSeen.run(key);
      t.dropList.run(key);
    }
    for (const timer of batch.timers) t.rewriteTimer.run(JSON.stringify(timer), timer.id);
    for (const timer of batch.schedule) schedule(timer);
    return 'saved';
  });

  const keyv = new Keyv({ store: new KeyvBetterSqlite(db), useKeyPrefix: false, serialize: undefined, deserialize: undefined });
  keyv.on('error', () => {
    /* surfaced by the failing call */
  });
  sweep();

  const stored = (row: { value: string; expires: number | null } | undefined) => {
    if (!row || (row.expires !== null && row.expires <= Date.now())) return undefined;
    // Parsed only when asked: a record the store has checked before is known by its text.
    const text = row.value;
    return {
      token: text,
      get value(): unknown {
        return JSON.parse(text);
      },
    };
  };

  const read = (key: string) => stored(q.read.get(key));
  const readPointed = (key: string): [ReturnType<typeof stored>, ReturnType<typeof stored>] => {
    const row = q.pointed.get(key);
    if (!row) return [undefined, undefined];
    return [stored(row), row.runValue === null ? undefined : stored({ value: row.runValue, expires: row.runExpires })];
  };
  const readMany = (list: string[]) => {
    if (list.length < 2) return list.map(read);
    const found: ReturnType<typeof stored>[] = list.map(() => undefined);
    for (const row of q.readMany.all(JSON.stringify(list))) found[row.at] = stored(row);
    return found;
  };

  return {
    keyv,
    read: async (key) => read(key),
    readMany: async (list) => readMany(list),
    readPointed: async (key) => readPointed(key),
    commit: async (turn) => commitOrConflict(turn),
    members: async (key) => q.members.all(key).map((row) => row.run),
    markSeen: async (key, ttlMs) => markSeen(key, ttlMs),
    hasSeen: async (key) => q.seen.get(key, Date.now()) !== undefined,
    increment: async (key) => Number(q.increment.get(key)?.value),
    schedule: async (timer) => void schedule(timer),
    cancel: async (runId, name) => void cancel(runId, name),
    due: async (now, limit) => q.due.all(now, limit).map((row) => JSON.parse(row.timer) as Timer),
    timers: async () => q.timers.all().map((row) => JSON.parse(row.timer) as Timer),
    async timer(id) {
      const row = q.timer.get(id);
      return row ? (JSON.parse(row.timer) as Timer) : undefined;
    },
    removeTimer: async (id, at) => void q.removeIf.run(id, at),
    pendingOutcomes: async () => q.pending.all().map((row) => JSON.parse(row.outcome) as Outcome),
    outcomesDelivered: async (ids) => db.transaction(() => ids.forEach((id) => q.delivered.run(id)))(),
    keepAnswer: async (seenMark, answer) => withSentForgotten((forgetting) => keepAnswer.immediate(seenMark, answer, forgetting)),
    async keptAnswer(id) {
      const row = sentSoon.has(id) ? undefined : q.kept.get(id);
      return row ? (JSON.parse(row.answer) as KeptAnswer) : undefined;
    },
    keptAnswers: async () => q.allKept.all().map((row) => JSON.parse(row.answer) as KeptAnswer).filter((answer) => !sentSoon.has(answer.id)),
    answerSent: async (id) => answerSent(id),
    // Answers already sent are not traces to find: they are forgotten first.
    async findTraces(texts) {
      forgetSent();
      return findTraces(texts);
    },
    async erase(batch) {
      forgetSent();
      const result = erase.immediate(batch);
      // The old pages are zeroed (secure_delete); the log that still holds them is emptied.
      if (result === 'saved') db.pragma('wal_checkpoint(TRUNCATE)');
      return result;
    },
    async settle() {
      forgetSent();
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { kind: 'done' };
    },
    async close() {
      forgetSent();
      if (db.open) db.close();
    },
  };
}
