import type { TallyEntry, TallyRow, TallySpec } from './metrics-tally';

export type SqlDialect = 'sqlite' | 'postgres';

const NAME = /^(@actor|@type|[a-z_]+)$/;

function text(dialect: SqlDialect, name: string): string {
  if (!NAME.test(name)) throw new Error(`not a data field name: ${name}`);
  if (name === '@type') return 'type';
  if (name === '@actor') return dialect === 'sqlite' ? `json_extract(actors, '$[0]')` : `(actors->>0)`;
  return dialect === 'sqlite' ? `json_extract(data, '$.${name}')` : `(data->>'${name}')`;
}

function numeric(dialect: SqlDialect, name: string): string {
  if (dialect === 'sqlite') return text(dialect, name);
  if (!NAME.test(name)) throw new Error(`not a data field name: ${name}`);
  return `(CASE jsonb_typeof(data->'${name}') WHEN 'number' THEN (data->>'${name}')::float8 WHEN 'boolean' THEN (data->>'${name}')::boolean::int::float8 END)`;
}

function entrySql(dialect: SqlDialect, table: string, def: TallyEntry, placeholder: () => string): string {
  const [nullNumber, nullText] = dialect === 'postgres' ? ['NULL::float8', 'NULL::text'] : ['NULL', 'NULL'];
  const num = def.num ? numeric(dialect, def.num) : nullNumber;
  const key = def.key ? def.key.map((name) => text(dialect, name)).join(` || '|' || `) : nullText;
  const label = def.label ? text(dialect, def.label) : nullText;
  const steps = def.bucketsPerUnit ? Math.trunc(def.bucketsPerUnit) : 0;
  const bucket = steps > 0 && def.num ? `(ceil(${num} * ${steps} - 1e-9) / ${steps}.0)` : nullNumber;
  const entry = placeholder();
  const project = placeholder();
  const types = def.types.map(() => placeholder()).join(', ');
  const cast = dialect === 'postgres' ? '::text' : '';
  return `SELECT ${entry}${cast} AS entry, stage, party, ${label} AS label, ${bucket} AS bucket,
    count(*) AS n, count(DISTINCT ${key}) AS distinct_n, coalesce(sum(${num}), 0) AS total,
    count(${num}) AS nums, min(at) AS first_at, max(at) AS last_at
    FROM ${table} WHERE project = ${project} AND type IN (${types})
    GROUP BY 2, 3, 4, 5`;
}

/** One statement tallying every entry of the spec for a project. */
export function tallySql(dialect: SqlDialect, table: string, project: string, spec: TallySpec) {
  const params: unknown[] = [];
  const parts: string[] = [];
  for (const [entry, def] of Object.entries(spec)) {
    const values = [entry, project, ...def.types];
    let next = 0;
    const placeholder = () => {
      params.push(values[next]);
      next += 1;
      return dialect === 'sqlite' ? '?' : `$${params.length}`;
    };
    parts.push(entrySql(dialect, table, def, placeholder));
  }
  return { sql: parts.join('\nUNION ALL\n'), params };
}

export interface RawTallyRow {
  entry: string;
  stage: string | null;
  party: string | null;
  label: unknown;
  bucket: unknown;
  n: unknown;
  distinct_n: unknown;
  total: unknown;
  nums: unknown;
  first_at: unknown;
  last_at: unknown;
}

export function toTallyRow(raw: RawTallyRow): TallyRow {
  return {
    entry: raw.entry,
    stage: raw.stage,
    party: raw.party,
    label: raw.label === null || raw.label === undefined ? null : String(raw.label),
    bucket: raw.bucket === null || raw.bucket === undefined ? null : Number(raw.bucket),
    n: Number(raw.n),
    distinct: Number(raw.distinct_n),
    sum: Number(raw.total),
    nums: Number(raw.nums),
    first: Number(raw.first_at),
    last: Number(raw.last_at),
  };
}
