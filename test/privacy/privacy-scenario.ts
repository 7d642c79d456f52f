import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { join } from 'node:path';
import KeyvRedis from '@keyv/redis';
import pg from 'pg';
import { EN, toStories } from '../mediation/mediation-support';
import type { ChatHarness } from '../support/harness';

/** What maria writes, in every part of the bot: none of it may remain once she is erased. */
export const MARIA = {
  report: 'The bin shelter door by block seven is jammed shut',
  where: 'Block seven, north gate',
  intake: EN.intake.maria,
  story: 'My shift starts at five so evenings are precious to me',
  perspective: 'I cycle to the market each morning with my grandson',
  statement: 'Add covered racks beside the laundry room',
  /** Her first report, taken through the whole loop: filed, acknowledged, resolved, confirmed. */
  closedReport: 'The stairwell light by the bike store flickers all night',
  closedWhere: 'Bike store stairwell, block seven',
};

/** What chen writes: all of it must still be there after maria's erasure, and in chen's export. */
export const CHEN = {
  report: 'The lift in block two stops between floors',
  where: 'Block two, main lift',
  intake: EN.intake.chen,
  story: 'Our family gatherings happen twice a month on Saturdays',
  perspective: 'My scooter needs a dry place in winter',
  statement: 'Keep one rack near the bus stop entrance',
};

/** What the bot keeps of what they wrote (free talk in a dialogue is counted, never kept). */
export const mariaWords = () => [MARIA.report, MARIA.where, ...MARIA.intake, MARIA.story, MARIA.statement, MARIA.closedReport, MARIA.closedWhere];
export const chenWords = () => [CHEN.report, CHEN.where, ...CHEN.intake, CHEN.story, CHEN.statement];

/** Feedback (one report open, one through its whole loop), a mediation and a dialogue, with maria, chen, li (social worker) and jo (housing). */
export async function playScenario(h: ChatHarness): Promise<void> {
  // A whole feedback loop: maria's report is acknowledged, resolved and confirmed by her; then her
  // second report, and chen's, stay open.
  await h.type('/as maria', '/feedback', '1', MARIA.closedReport, MARIA.closedWhere, '2', 'no', 'yes');
  await h.type('/as chen', '/feedback', '2', CHEN.report, CHEN.where, '2', 'no', 'yes');
  await h.type('/as jo housing', '/in housing-office', '1', '3', 'Replaced the fitting and the sensor.');
  await h.type('/as maria', '/dm', '1', '5', '/in general');
  await h.type('/feedback', '1', MARIA.report, MARIA.where, '2', 'no', 'yes');
  await toStories(h, { ...EN, intake: { maria: MARIA.intake, chen: CHEN.intake } });
  await h.type('/as maria', '/in t1', MARIA.story, '/as li social_worker', '/in t1', '/mediation next', '/as chen', '/in t1', CHEN.story);
  await h.type('/as li social_worker', '/in general', '/dialogue start "Bike racks" project=courtyard-rules stage=consultation', '/in t2');
  for (const who of ['maria', 'chen']) await h.type(`/as ${who}`, '/in t2', '/dialogue join');
  await h.type('/as li social_worker', '/in t2', '/dialogue next');
  await h.type('/as maria', '/in t2', MARIA.perspective, '/as chen', '/in t2', CHEN.perspective);
  await h.type('/as li social_worker', '/in t2', '/dialogue next');
  await h.type('/as maria', '/in t2', `+ ${MARIA.statement}`, '/as chen', '/in t2', `+ ${CHEN.statement}`);
  // Nobody types as maria after this: the local chat remembers who typed last.
  await h.type('/as li social_worker', '/in general');
  await h.app.bot.idle();
}

/** The raw bytes of a SQLite database and its write-ahead log, as text to search. */
export function sqliteBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

export function sqliteFilesOf(dataDir: string): Buffer {
  return Buffer.concat([sqliteBytes(join(dataDir, 'state.sqlite')), sqliteBytes(join(dataDir, 'outcomes.sqlite'))]);
}

interface Client {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Every key and value under a Redis namespace, as text. */
export async function redisText(url: string, namespace: string): Promise<string> {
  const adapter = new KeyvRedis(url);
  const client = (await adapter.getClient()) as unknown as Client;
  const parts: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, found] = (await client.sendCommand(['SCAN', cursor, 'MATCH', `${namespace}::*`, 'COUNT', '1000'])) as [string, string[]];
      cursor = next;
      for (const key of found) {
        parts.push(key);
        const type = String(await client.sendCommand(['TYPE', key]));
        const command = { string: ['GET', key], zset: ['ZRANGE', key, '0', '-1'], set: ['SMEMBERS', key], hash: ['HGETALL', key], list: ['LRANGE', key, '0', '-1'] }[type];
        if (command) parts.push(JSON.stringify(await client.sendCommand(command)));
      }
    } while (cursor !== '0');
  } finally {
    await adapter.disconnect();
  }
  return parts.join('\n');
}

/** Every row of every table of a PostgreSQL schema, as text. */
export async function postgresText(url: string, schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`SELECT t::text AS row FROM "${schema}"."${table_name}" t`);
      parts.push(...rows.rows.map((r: { row: string }) => r.row));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

/**
 * The raw bytes of every table file of a PostgreSQL schema (tables, their indexes, TOAST tables and
 * their indexes), read from the server's data directory after a checkpoint has written every
 * changed page there. Fails, saying why, when the files cannot be read: this search is the point.
 */
export async function postgresFiles(url: string, schema: string): Promise<Buffer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
    const dataDirectory = (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory ?? '';
    const relations = await client.query<{ path: string | null }>(
      `WITH mine AS (SELECT oid, reltoastrelid FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind IN ('r', 'i', 'm')),
            toast AS (SELECT reltoastrelid AS oid FROM mine WHERE reltoastrelid <> 0)
       SELECT pg_relation_filepath(oid) AS path FROM mine
       UNION SELECT pg_relation_filepath(oid) FROM toast
       UNION SELECT pg_relation_filepath(indexrelid) FROM pg_index WHERE indrelid IN (SELECT oid FROM toast)`,
      [schema],
    );
    const parts: Buffer[] = [];
    for (const { path } of relations.rows) {
      if (!path) continue;
      const file = `${dataDirectory}/${path}`;
      // A table past 1 GB continues in file.1, file.2...
      let segments: string[];
      try {
        segments = readdirSync(dirname(file)).filter((name) => name === basename(file) || new RegExp(`^${basename(file)}\\.\\d+$`).test(name));
        for (const segment of segments) parts.push(readFileSync(`${dirname(file)}/${segment}`));
      } catch (error) {
        throw new Error(
          `Cannot read PostgreSQL's table file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). This test searches the files themselves: run it on the database's machine as a user who may read ${dataDirectory} (root or postgres).`,
        );
      }
      if (segments.length === 0) throw new Error(`PostgreSQL's table file ${file} is not on this machine. This test searches the files themselves: run it on the database's machine.`);
    }
    return Buffer.concat(parts);
  } finally {
    await client.end();
  }
}
