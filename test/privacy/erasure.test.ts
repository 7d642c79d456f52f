import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createPseudonymiser, installationSecret } from '../../src/evaluation/pseudonym';
import { reportCommand } from '../../src/evaluation/report-cli';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { privacyErase, privacyExport, PRIVACY_EXIT } from '../../src/privacy/cli';
import { deleteNamespace } from '../../src/state/redis-namespace';
import pg from 'pg';
import { createHarness, type ChatHarness } from '../support/harness';
import { chenWords, mariaWords, playScenario, postgresFiles, postgresText, redisText, sqliteFilesOf } from './privacy-scenario';

interface Stores {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Everything the stores hold, as bytes or text, searched as raw files would be. */
  raw(): Promise<string>;
  /** PostgreSQL's own table files, as bytes read from its data directory. */
  tableFiles?(): Promise<Buffer>;
  cleanup(): Promise<void>;
}

const services = inject('services');

function sqliteStores(): Stores {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-privacy-'));
  return { dataDir, env: { DATA_DIR: dataDir }, raw: async () => sqliteFilesOf(dataDir).toString('latin1') + sqliteFilesOf(dataDir).toString('utf8'), cleanup: async () => undefined };
}

function serverStores(): Stores {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-privacy-'));
  const namespace = `cgpriv${randomBytes(5).toString('hex')}`;
  const schema = `cg_priv_${randomBytes(5).toString('hex')}`;
  const storeUrl = `${services.redis}/?namespace=${namespace}`;
  const evalDbUrl = `${services.postgres}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    dataDir,
    env: { DATA_DIR: dataDir, STORE_URL: storeUrl, EVAL_DB_URL: evalDbUrl },
    raw: async () => `${await redisText(services.redis as string, namespace)}\n${await postgresText(services.postgres as string, schema)}`,
    tableFiles: () => postgresFiles(services.postgres as string, schema),
    async cleanup() {
      await deleteNamespace(services.redis as string, namespace);
      await dropSchema(services.postgres as string, schema);
    },
  };
}

async function dropSchema(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

let h: ChatHarness | undefined;
let stores: Stores | undefined;
afterEach(async () => {
  await h?.close();
  await stores?.cleanup();
  h = undefined;
  stores = undefined;
});

function describeErasure(name: string, open: () => Stores, skip = false) {
  describe.skipIf(skip)(`a person's data on ${name}`, () => {
    it('exports one person with nothing of anyone else, and erases another down to the last byte while the rest stands', async () => {
      stores = open();
      const { env, dataDir } = stores;
      h = await createHarness({ dataDir, ...(env.STORE_URL ? { storeUrl: env.STORE_URL } : {}), ...(env.EVAL_DB_URL ? { evalDbUrl: env.EVAL_DB_URL } : {}) });
      await playScenario(h);
      const pseudonym = createPseudonymiser(installationSecret(dataDir))('local', 'maria');

      // chen's export: all of chen's words, none of maria's, and not her id.
      const exported = await privacyExport({ platform: 'local', user: 'chen' }, env);
      expect(exported.code).toBe(PRIVACY_EXIT.ok);
      for (const words of chenWords()) expect(exported.stdout).toContain(words);
      for (const words of mariaWords()) expect(exported.stdout).not.toContain(words);
      expect(exported.stdout.toLowerCase()).not.toContain('maria');
      expect(exported.stdout).not.toContain(pseudonym);
      // Nor anything of the mediator's, the facilitator's or the housing office's: not their ids, pseudonyms or words.
      for (const other of ['li', 'jo']) {
        expect(exported.stdout).not.toContain(`"${other}"`);
        expect(exported.stdout).not.toContain(createPseudonymiser(installationSecret(dataDir))('local', other));
      }
      expect(exported.stdout).not.toContain('Replaced the fitting');

      const before = await stores.raw();
      for (const words of mariaWords()) expect(before).toContain(words);
      // The search of PostgreSQL's files finds her pseudonym before the erasure...
      if (stores.tableFiles) expect((await stores.tableFiles()).includes(pseudonym)).toBe(true);
      const filed = await h.app.outcomes.count({ types: ['feedback.filed'] });
      expect(filed).toBe(3);
      // The projects' indicators, as a coordinator's report shows them (feedback; mediation and dialogue).
      const indicators = async () =>
        Promise.all(['riverside-renewal', 'courtyard-rules'].map((project) => reportCommand({ project, format: 'json', now: h!.clock.now() }, { ...env, COMMUNITY_CONFIG: EXAMPLE_COMMUNITY })));
      const figures = await indicators();
      expect(figures.join('\n')).toContain('feedback');

      const erased = await privacyErase({ platform: 'local', user: 'maria' }, env);
      expect(erased.stderr).toBe('');
      expect(erased.code).toBe(PRIVACY_EXIT.ok);
      expect(erased.stdout).toContain('Erased local:maria.');
      expect(erased.stdout).toMatch(/state: \d+ records rewritten/);
      expect(erased.stdout).toContain('mediations ending (withdrawn): M-1');
      expect(erased.stdout).toContain('open reports now anonymous: FB-0003');

      const after = await stores.raw();
      for (const words of mariaWords()) expect(after, words).not.toContain(words);
      expect(after.toLowerCase()).not.toContain('maria');
      expect(after).not.toContain(pseudonym);
      // ...and not after: no dead row version keeps it in a table file.
      if (stores.tableFiles) {
        const files = await stores.tableFiles();
        expect(files.includes(pseudonym), 'her pseudonym in a PostgreSQL table file').toBe(false);
        for (const words of [...mariaWords(), 'maria']) expect(files.includes(words), words).toBe(false);
      }
      // Everyone else's records, and the project's figures, still stand.
      for (const words of chenWords()) expect(after, words).toContain(words);
      expect(await h.app.outcomes.count({ types: ['feedback.filed'] })).toBe(filed);
      expect(await indicators()).toEqual(figures);
      const chenExport = await privacyExport({ platform: 'local', user: 'chen' }, env);
      for (const words of chenWords()) expect(chenExport.stdout).toContain(words);

      // Asking again, or about someone never seen, or on a platform that does not exist.
      const again = await privacyErase({ platform: 'local', user: 'maria' }, env);
      expect(again).toEqual({ stdout: '', stderr: 'local:maria was erased before; nothing about them is left to erase.\n', code: PRIVACY_EXIT.alreadyErased });
      const nobody = await privacyErase({ platform: 'local', user: 'nobody-here' }, env);
      expect(nobody).toEqual({ stdout: '', stderr: 'Nothing is kept about local:nobody-here: there is nothing to erase.\n', code: PRIVACY_EXIT.unknownPerson });
      const exportNobody = await privacyExport({ platform: 'local', user: 'nobody-here' }, env);
      expect(exportNobody.code).toBe(PRIVACY_EXIT.unknownPerson);
      const platform = await privacyErase({ platform: 'myspace', user: 'chen' }, env);
      expect(platform).toEqual({ stdout: '', stderr: '"myspace" is not a platform commonground knows; please use one of local, discord, slack, web.\n', code: PRIVACY_EXIT.unknownPlatform });
      // The same, for an operator whose terminal speaks Chinese.
      const zh = { ...env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
      expect(await privacyErase({ platform: 'local', user: 'maria' }, zh)).toEqual({ stdout: '', stderr: 'local:maria 之前已被删除，关于此人已没有可删除的内容。\n', code: PRIVACY_EXIT.alreadyErased });
    }, 60_000);
  });
}

describeErasure('SQLite', sqliteStores);
describeErasure('Redis and PostgreSQL', serverStores, !services.redis || !services.postgres);
