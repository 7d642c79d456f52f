import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { openOutcomeStore } from '../../src/evaluation/open-store';
import { outcomeStoreContract } from './outcome-store-contract';
import { dropSchema } from '../support/postgres';

const url = inject('services').postgres;

/** A schema of its own for one test, dropped afterwards. */
describe.skipIf(!url)('outcome store on PostgreSQL', () => {
  outcomeStoreContract(async () => {
    const schema = `cg_test_${randomBytes(6).toString('hex')}`;
    const open = () => openOutcomeStore(url as string, { schema });
    const opened = { store: await open() };
    return {
      get store() {
        return opened.store;
      },
      set store(store) {
        opened.store = store;
      },
      reopen: open,
      async rewind() {
        await opened.store.close();
        const client = new pg.Client({ connectionString: url as string });
        await client.connect();
        await client.query(`DROP TABLE "${schema}".outcome_rollup, "${schema}".outcome_rollup_keys, "${schema}".outcome_rollup_meta`);
        await client.query(`DELETE FROM "${schema}".schema_migrations WHERE version > 1`);
        await client.end();
      },
      async cleanup() {
        await opened.store.close().catch(() => undefined);
        await dropSchema(url as string, schema);
      },
    };
  });
});
