import Database from 'better-sqlite3';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { PlatformRecords } from '../../src/privacy/platform-records';
import { privateDatabase, privateFile, privateFolder } from '../../src/state/private-files';
import type { WebForm, WebMessage } from './history';
import { WEB_PLATFORM } from './people';

/** What a person may do in the web chat, as given on their invitation. */
export type WebRole = string;

export interface WebSession {
  id: string;
  /** The chat user id: stable for every session of one invitation. */
  userId: string;
  name: string;
  role: WebRole;
}

export interface WebThread {
  id: string;
  name: string;
  channel: string;
  private: boolean;
  members: string[];
}

export interface Invite {
  token: string;
  name: string;
  role: WebRole;
  expiresAt: number;
}

export type Redeemed = { ok: true; session: WebSession } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * Invitations and sessions of the web chat, in their own small SQLite file in the data folder, so
 * the `invite` command and the running server share them. Invitation tokens are kept only as hashes.
 * Of what is said, only the bot's messages that still offer buttons and the forms not yet sent are
 * kept here, so that a question someone is answering still works after a restart.
 */
export interface WebSessions {
  invite(name: string, role: WebRole, validForMs: number, now?: number): Invite;
  redeem(token: string, now?: number): Redeemed;
  find(sessionId: string): WebSession | undefined;
  /** The chat user id of a person invited under this name (any case), if any. */
  userIdByName(name: string): string | undefined;
  /** Ends every session of this name and voids its unused invitations; returns how many. */
  revoke(name: string): number;
  /** The threads the bot opened here (names and members; no message text). */
  readonly threads: {
    add(thread: WebThread): void;
    all(): WebThread[];
  };
  /**
   * The bot's messages that still offer buttons (nothing else that was said), so the questions
   * people are answering keep working buttons when the chat restarts.
   */
  readonly buttons: {
    keep(message: WebMessage, keptAs?: string): void;
    shownAs(keptAs: string): string | undefined;
    drop(messageId: string): void;
    all(): WebMessage[];
  };
  /** The forms waiting for each person (until sent or put away), so they still open after a restart. */
  readonly forms: WebForms;
  /** The secret that signs session cookies. */
  readonly secret: string;
  /** For the privacy rights: a person's invitations, sessions and thread memberships, counted and erased by user id. */
  readonly people: PlatformRecords;
  close(): void;
}

/** The forms shown to people and not yet sent or put away. */
export interface WebForms {
  of(userId: string): WebForm[];
  find(userId: string, formId: string): WebForm | undefined;
  add(userId: string, form: WebForm): void;
  /** Whether there was such a form. */
  remove(userId: string, formId: string): boolean;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const newId = () => randomBytes(24).toString('base64url');

export function openWebSessions(dataDir: string): WebSessions {
  privateFolder(dataDir);
  const file = join(dataDir, 'web-sessions.sqlite');
  // Names and user ids of the people invited: readable by the data folder's owner only.
  privateFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // What is deleted (an erased person's invitation) is overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  privateDatabase(file);
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS invites (hash TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);
    CREATE TABLE IF NOT EXISTS threads (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, name TEXT NOT NULL, channel TEXT NOT NULL, private INTEGER NOT NULL, members TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS buttons (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, user_id TEXT, kept_as TEXT, message TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS forms (seq INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, form_id TEXT NOT NULL, form TEXT NOT NULL, UNIQUE (user_id, form_id));
  `);
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('secret', ?)`).run(randomBytes(32).toString('base64url'));
  const secret = (db.prepare(`SELECT value FROM meta WHERE key = 'secret'`).get() as { value: string }).value;
  const userIdOf = db.prepare(`SELECT user_id FROM invites WHERE name = ? LIMIT 1`);
  const insertInvite = db.prepare(`INSERT INTO invites (hash, name, role, user_id, expires_at) VALUES (?, ?, ?, ?, ?)`);
  const findInvite = db.prepare(`SELECT name, role, user_id, expires_at, used_at FROM invites WHERE hash = ?`);
  const useInvite = db.prepare(`UPDATE invites SET used_at = ? WHERE hash = ? AND used_at IS NULL`);
  const insertSession = db.prepare(`INSERT INTO sessions (id, user_id, name, role, created_at) VALUES (?, ?, ?, ?, ?)`);
  const findSession = db.prepare(`SELECT id, user_id, name, role FROM sessions WHERE id = ?`);
  const redeem = db.transaction((token: string, now: number): Redeemed => {
    const row = findInvite.get(hash(token)) as { name: string; role: string; user_id: string; expires_at: number; used_at: number | null } | undefined;
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.used_at !== null) return { ok: false, reason: 'used' };
    if (row.expires_at <= now) return { ok: false, reason: 'expired' };
    if (useInvite.run(now, hash(token)).changes !== 1) return { ok: false, reason: 'used' };
    const session = { id: newId(), userId: row.user_id, name: row.name, role: row.role };
    insertSession.run(session.id, session.userId, session.name, session.role, now);
    return { ok: true, session };
  });
  const keepButtons = db.prepare(`INSERT INTO buttons (id, user_id, kept_as, message) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET message = excluded.message`);
  return {
    secret,
    buttons: {
      keep(message, keptAs) {
        // A file sent with it is not kept: only the question and its buttons.
        const { attachment: _file, ...kept } = message;
        keepButtons.run(message.id, message.onlyFor ?? message.owner ?? null, keptAs ?? null, JSON.stringify(kept));
      },
      shownAs(keptAs) {
        return (db.prepare(`SELECT id FROM buttons WHERE kept_as = ?`).get(keptAs) as { id: string } | undefined)?.id;
      },
      drop(messageId) {
        db.prepare(`DELETE FROM buttons WHERE id = ?`).run(messageId);
      },
      all() {
        return (db.prepare(`SELECT message FROM buttons ORDER BY seq`).all() as { message: string }[]).map((r) => JSON.parse(r.message) as WebMessage);
      },
    },
    forms: {
      of(userId) {
        return (db.prepare(`SELECT form FROM forms WHERE user_id = ? ORDER BY seq`).all(userId) as { form: string }[]).map((r) => JSON.parse(r.form) as WebForm);
      },
      find(userId, formId) {
        const row = db.prepare(`SELECT form FROM forms WHERE user_id = ? AND form_id = ?`).get(userId, formId) as { form: string } | undefined;
        return row ? (JSON.parse(row.form) as WebForm) : undefined;
      },
      add(userId, form) {
        db.prepare(`INSERT INTO forms (user_id, form_id, form) VALUES (?, ?, ?) ON CONFLICT (user_id, form_id) DO UPDATE SET form = excluded.form`).run(userId, form.formId, JSON.stringify(form));
      },
      remove(userId, formId) {
        return db.prepare(`DELETE FROM forms WHERE user_id = ? AND form_id = ?`).run(userId, formId).changes > 0;
      },
    },
    threads: {
      add(thread) {
        db.prepare(`INSERT OR REPLACE INTO threads (id, name, channel, private, members) VALUES (?, ?, ?, ?, ?)`).run(thread.id, thread.name, thread.channel, thread.private ? 1 : 0, JSON.stringify(thread.members));
      },
      all() {
        const rows = db.prepare(`SELECT id, name, channel, private, members FROM threads ORDER BY seq`).all() as { id: string; name: string; channel: string; private: number; members: string }[];
        return rows.map((r) => ({ id: r.id, name: r.name, channel: r.channel, private: r.private === 1, members: JSON.parse(r.members) as string[] }));
      },
    },
    invite(name, role, validForMs, now = Date.now()) {
      const token = newId();
      // One person keeps one chat identity across invitations (a new link after a lost phone).
      const known = userIdOf.get(name) as { user_id: string } | undefined;
      const userId = known?.user_id ?? `w${randomBytes(6).toString('hex')}`;
      insertInvite.run(hash(token), name, role, userId, now + validForMs);
      return { token, name, role, expiresAt: now + validForMs };
    },
    redeem: (token, now = Date.now()) => redeem(token, now),
    userIdByName(name) {
      const row = db.prepare(`SELECT user_id FROM invites WHERE name = ? COLLATE NOCASE LIMIT 1`).get(name) as { user_id: string } | undefined;
      return row?.user_id;
    },
    find(sessionId) {
      const row = findSession.get(sessionId) as { id: string; user_id: string; name: string; role: string } | undefined;
      return row ? { id: row.id, userId: row.user_id, name: row.name, role: row.role } : undefined;
    },
    revoke(name) {
      return db.transaction(() => {
        const sessions = db.prepare(`DELETE FROM sessions WHERE name = ?`).run(name).changes;
        const invites = db.prepare(`UPDATE invites SET used_at = 0 WHERE name = ? AND used_at IS NULL`).run(name).changes;
        return sessions + invites;
      })();
    },
    people: {
      platform: WEB_PLATFORM,
      count(userId) {
        const invites = (db.prepare(`SELECT COUNT(*) AS n FROM invites WHERE user_id = ?`).get(userId) as { n: number }).n;
        const sessions = (db.prepare(`SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?`).get(userId) as { n: number }).n;
        const buttons = (db.prepare(`SELECT COUNT(*) AS n FROM buttons WHERE user_id = ?`).get(userId) as { n: number }).n;
        const forms = (db.prepare(`SELECT COUNT(*) AS n FROM forms WHERE user_id = ?`).get(userId) as { n: number }).n;
        return invites + sessions + buttons + forms + threadsOf(userId).length;
      },
      erase(userId) {
        const erased = db.transaction(() => {
          const invites = db.prepare(`DELETE FROM invites WHERE user_id = ?`).run(userId).changes;
          const sessions = db.prepare(`DELETE FROM sessions WHERE user_id = ?`).run(userId).changes;
          const buttons = db.prepare(`DELETE FROM buttons WHERE user_id = ?`).run(userId).changes;
          const forms = db.prepare(`DELETE FROM forms WHERE user_id = ?`).run(userId).changes;
          const threads = threadsOf(userId);
          for (const thread of threads) db.prepare(`UPDATE threads SET members = ? WHERE id = ?`).run(JSON.stringify(thread.members.filter((m) => m !== userId)), thread.id);
          return invites + sessions + buttons + forms + threads.length;
        })();
        // Nothing of theirs stays in the write-ahead log either.
        db.pragma('wal_checkpoint(TRUNCATE)');
        return erased;
      },
    },
    close: () => db.close(),
  };

  function threadsOf(userId: string): { id: string; members: string[] }[] {
    const rows = db.prepare(`SELECT id, members FROM threads`).all() as { id: string; members: string }[];
    return rows.map((r) => ({ id: r.id, members: JSON.parse(r.members) as string[] })).filter((t) => t.members.includes(userId));
  }
}

/** A value signed with the session secret: `value.signature`. */
export function sign(value: string, secret: string): string {
  return `${value}.${createHmac('sha256', secret).update(value).digest('base64url')}`;
}

/** The value of a signed string, or undefined when the signature does not match. */
export function unsign(signed: string, secret: string): string | undefined {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(sign(value, secret));
  const given = Buffer.from(signed);
  return expected.length === given.length && timingSafeEqual(expected, given) ? value : undefined;
}

/** The token a session's pages send back with each change (double submit, bound to the session). */
export function csrfToken(sessionId: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}
