import { randomBytes } from 'node:crypto';
import { describe, inject } from 'vitest';
import { createPostgresOutcomeStore } from '../../src/evaluation/postgres-store';
import { dropSchema } from '../support/postgres';
import { reportScenario } from './report-scenario';

const url = inject('services').postgres;

describe.skipIf(!url)('evaluation report on PostgreSQL', () => {
  reportScenario(async () => {
    const schema = `cg_test_${randomBytes(6).toString('hex')}`;
    const store = await createPostgresOutcomeStore(url as string, { schema });
    return {
      store,
      async cleanup() {
        await store.close();
        await dropSchema(url as string, schema);
      },
    };
  });
});
