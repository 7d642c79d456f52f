import type { TallyingStore } from './metrics-tally';
import { createPostgresOutcomeStore } from './postgres-store';
import { createSqliteOutcomeStore } from './sqlite-store';

/**
 * Opens the outcome log named by a URL: `postgres://` or `postgresql://` means PostgreSQL,
 * anything else is a SQLite file path (an optional `sqlite:` prefix is dropped; `:memory:` works).
 */
export async function openOutcomeStore(url: string, options: { schema?: string } = {}): Promise<TallyingStore> {
  if (/^postgres(ql)?:\/\//i.test(url)) return createPostgresOutcomeStore(url, options);
  return createSqliteOutcomeStore(url.replace(/^sqlite:(\/\/)?/i, ''));
}
