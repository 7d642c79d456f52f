import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';

interface KeyvRecord {
  value: unknown;
  expires?: number | undefined;
}

/**
 * A keyv store over a better-sqlite3 database (the `kv` table the state store also writes in its
 * transactions): values as JSON text, expiry in a column of its own. Statements are prepared once
 * and run synchronously.
 */
export class KeyvBetterSqlite extends EventEmitter {
  namespace?: string;
  private readonly select;
  private readonly upsert;
  private readonly remove;
  private readonly removeAll;

  constructor(db: Database.Database) {
    super();
    this.select = db.prepare<[string], { value: string; expires: number | null }>('SELECT value, expires FROM kv WHERE key = ?');
    this.upsert = db.prepare('INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires');
    this.remove = db.prepare('DELETE FROM kv WHERE key = ?');
    this.removeAll = db.prepare('DELETE FROM kv');
  }

  async get(key: string): Promise<KeyvRecord | undefined> {
    const row = this.select.get(key);
    if (!row) return undefined;
    return { value: JSON.parse(row.value) as unknown, expires: row.expires ?? undefined };
  }

  async set(key: string, record: KeyvRecord): Promise<boolean> {
    this.upsert.run(key, JSON.stringify(record.value), record.expires ?? null);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.remove.run(key).changes > 0;
  }

  async clear(): Promise<void> {
    this.removeAll.run();
  }

  async has(key: string): Promise<boolean> {
    const row = this.select.get(key);
    return row !== undefined && (row.expires === null || row.expires > Date.now());
  }
}
