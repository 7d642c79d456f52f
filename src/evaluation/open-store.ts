import type { TallyingStore } from './metrics-tally';
import { createSqliteOutcomeStore } from './sqlite-store';

/** The schema a PostgreSQL URL asks for with `?options=-c search_path=<schema>`, if any. */
export function schemaFromUrl(url: string): string | undefined {
  const options = new URL(url).searchParams.get('options') ?? '';
  return /search_path\s*=\s*([a-z_][a-z0-9_]*)/.exec(options)?.[1];
}

/**
 * Opens the outcome log named by a URL: `postgres://` or `postgresql://` means PostgreSQL (in the
 * schema `commonground`, or the one the URL's search_path names), anything else is a SQLite file
 * path (an optional `sqlite:` prefix is dropped; `:memory:` works).
 */
export async function openOutcomeStore(url: string, options: { schema?: string } = {}): Promise<TallyingStore> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const schema = options.schema ?? schemaFromUrl(url);
    const { createPostgresOutcomeStore } = await import('./postgres-store');
    return createPostgresOutcomeStore(url, schema ? { schema } : {});
  }
  return createSqliteOutcomeStore(url.replace(/^sqlite:(\/\/)?/i, ''));
}
