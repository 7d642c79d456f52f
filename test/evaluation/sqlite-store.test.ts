import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe } from 'vitest';
import { openOutcomeStore } from '../../src/evaluation/open-store';
import { outcomeStoreContract } from './outcome-store-contract';

describe('outcome store on SQLite', () => {
  outcomeStoreContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-eval-'));
    const file = join(dir, 'outcomes.db');
    const opened = { store: await openOutcomeStore(file), reopen: () => openOutcomeStore(file) };
    return {
      ...opened,
      get store() {
        return opened.store;
      },
      set store(store) {
        opened.store = store;
      },
      async rewind() {
        await opened.store.close();
        const db = new Database(file);
        db.exec('DROP TABLE outcome_rollup; DROP TABLE outcome_rollup_keys; DROP TABLE outcome_rollup_meta;');
        db.pragma('user_version = 1');
        db.close();
      },
      async cleanup() {
        await opened.store.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
