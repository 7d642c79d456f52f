import { describe } from 'vitest';
import { createSqliteOutcomeStore } from '../../src/evaluation/sqlite-store';
import { reportScenario } from './report-scenario';

describe('evaluation report on SQLite', () => {
  reportScenario(async () => {
    const store = createSqliteOutcomeStore(':memory:');
    return { store, cleanup: () => store.close() };
  });
});
