/** The schema named by `?options=-c search_path=<schema>` in a PostgreSQL URL, as written (undefined when none is named). */
export function searchPathOf(url: string): string | undefined {
  const options = new URL(url).searchParams.get('options') ?? '';
  return /search_path\s*=\s*([^\s,]+)/.exec(options)?.[1];
}

/** A schema name as PostgreSQL reads one unquoted: letters, digits and underscores, not starting with a digit. */
export const PLAIN_SCHEMA = /^[a-z_][a-z0-9_]*$/i;
