import { PLAIN_SCHEMA, searchPathOf } from './schema-name';
import type { TallyingStore } from './metrics-tally';
import { createSqliteOutcomeStore } from './sqlite-store';

/**
 * The schema a PostgreSQL URL asks for with `?options=-c search_path=<schema>`, if any, in small
 * letters as PostgreSQL itself reads it (`riversideEast` is `riversideeast`). A name that is not
 * plain is refused rather than cut short, which could make two communities share one schema.
 */
export function schemaFromUrl(url: string): string | undefined {
  const named = searchPathOf(url);
  if (named === undefined) return undefined;
  if (!PLAIN_SCHEMA.test(named)) throw new Error(`the schema "${named}" in EVAL_DB_URL's search_path is not a plain name (letters, digits and underscores)`);
  return named.toLowerCase();
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
