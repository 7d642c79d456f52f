import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openOutcomeStore } from '../../src/evaluation/open-store';

const url = inject('services').postgres;

async function dropSchema(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

describe.skipIf(!url)('starting several processes at once on a fresh PostgreSQL schema', () => {
  const schema = `cg_test_${randomBytes(6).toString('hex')}`;
  afterAll(() => dropSchema(url as string, schema));

  it('six stores opened at the same moment all open, and the schema is migrated once', async () => {
    const opened = await Promise.allSettled(Array.from({ length: 6 }, () => openOutcomeStore(url as string, { schema })));
    const failures = opened.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
    const stores = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    try {
      expect(failures).toEqual([]);
      // Every one of them writes and reads the same log.
      expect(stores).toHaveLength(6);
      expect(await stores[0]!.count({ project: 'none' })).toBe(0);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
