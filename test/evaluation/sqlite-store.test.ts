import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      async cleanup() {
        await opened.store.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
