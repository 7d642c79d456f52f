import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import KeyvRedis from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { privacyErase, PRIVACY_EXIT } from '../../src/privacy/cli';
import { runCli } from '../support/cli';
import { createHarness, type ChatHarness } from '../support/harness';
import { chenWords, mariaWords, playScenario, redisText } from './privacy-scenario';

/**
 * A Redis server of the test's own, in a temporary folder, so that its persistence can be set and
 * its files read (the shared test server's settings are not ours to change). Needs `redis-server`.
 */
interface OwnRedis {
  url: string;
  dir: string;
  process: ChildProcess;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function startRedis(args: string[]): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-privacy-redis-'));
  const port = await freePort();
  // Snapshots uncompressed, so that a word left in one would be found by a search of its bytes.
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--rdbcompression', 'no', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.once('error', (error) => reject(new Error(`Could not start redis-server (${error.message}). This test runs a Redis of its own to read its files: install it (apt-get install redis-server).`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server stopped at start (exit ${String(code)}): ${out.slice(-500)}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, dir, process: child };
}

interface Client {
  sendCommand(args: string[]): Promise<unknown>;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const adapter = new KeyvRedis(url);
  try {
    return await work((await adapter.getClient()) as unknown as Client);
  } finally {
    await adapter.disconnect();
  }
}

/** Waits until Redis has no rewrite or snapshot under way or waiting, and has removed the files a rewrite replaced. */
async function rewritesDone(redis: OwnRedis): Promise<void> {
  const aofDir = join(redis.dir, 'appendonlydir');
  for (let tries = 0; tries < 200; tries += 1) {
    const info = String(await withClient(redis.url, (client) => client.sendCommand(['INFO', 'persistence'])));
    const busy = /aof_rewrite_in_progress:1|aof_rewrite_scheduled:1|rdb_bgsave_in_progress:1/.test(info);
    const manifest = existsSync(aofDir) ? readdirSync(aofDir).find((name) => name.endsWith('.manifest')) : undefined;
    const listed = manifest ? readFileSync(join(aofDir, manifest), 'utf8') : '';
    const leftOver = existsSync(aofDir) ? readdirSync(aofDir).filter((name) => !name.endsWith('.manifest') && !listed.includes(name)) : [];
    if (!busy && leftOver.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('Redis did not finish rewriting its files');
}

/** Every byte of Redis's files: the append-only files and the snapshot. */
function redisFiles(dir: string): string {
  const files = [join(dir, 'dump.rdb'), ...(existsSync(join(dir, 'appendonlydir')) ? readdirSync(join(dir, 'appendonlydir')).map((name) => join(dir, 'appendonlydir', name)) : [])];
  return files
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('utf8'))
    .join('\n');
}

let servers: OwnRedis[] = [];
let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const server of servers) server.process.kill('SIGTERM');
  servers = [];
});

describe('erasure on a Redis that keeps its data in files', () => {
  it('asks Redis to rewrite its append-only file and snapshot, after which neither holds the words, nor does any key', async () => {
    const redis = await startRedis(['--appendonly', 'yes', '--save', '3600 1']);
    servers.push(redis);
    const namespace = 'cgprivacy';
    const storeUrl = `${redis.url}/?namespace=${namespace}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-privacy-'));
    h = await createHarness({ dataDir, storeUrl });
    await playScenario(h);
    await h.close();
    h = undefined;
    // The search finds her words in the append-only file before the erasure...
    const before = redisFiles(redis.dir);
    for (const words of mariaWords()) expect(before, words).toContain(words);

    const erased = await privacyErase({ platform: 'local', user: 'maria' }, { DATA_DIR: dataDir, STORE_URL: storeUrl });
    expect(erased.code).toBe(PRIVACY_EXIT.ok);
    expect(erased.stdout).toContain('state files: the server rewrites its persistence files in the background (BGREWRITEAOF, BGSAVE), so the old values leave them.');
    await rewritesDone(redis);

    // ...and nowhere after: not in the files, not in any key, sorted set, set, hash or list.
    const files = redisFiles(redis.dir);
    const keys = await redisText(redis.url, namespace);
    for (const words of [...mariaWords(), 'maria']) {
      expect(files.includes(words), `${words} in Redis's files`).toBe(false);
      expect(keys.toLowerCase().includes(words.toLowerCase()), `${words} in a Redis key or value`).toBe(false);
    }
    // Others' words are still there, in the keys and in the rewritten files.
    for (const words of chenWords()) {
      expect(keys, words).toContain(words);
      expect(files, words).toContain(words);
    }
  }, 90_000);

  it('goes on when Redis refuses CONFIG, and says in the log (never who) that its files may keep old values', async () => {
    const redis = await startRedis(['--appendonly', 'no', '--save', '', '--rename-command', 'CONFIG', '']);
    servers.push(redis);
    const storeUrl = `${redis.url}/?namespace=cgprivacy`;
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-privacy-'));
    h = await createHarness({ dataDir, storeUrl });
    await playScenario(h);
    await h.close();
    h = undefined;

    const erased = await runCli(['privacy', 'erase', '--platform', 'local', '--user', 'maria'], { env: { DATA_DIR: dataDir, STORE_URL: storeUrl } });
    expect(erased.code).toBe(PRIVACY_EXIT.ok);
    expect(erased.stdout).toContain('Erased local:maria.');
    expect(erased.stdout).toContain('state files: could not learn how the server persists (CONFIG GET refused); its files may keep the old values until it rewrites them.');
    const logged = erased.stderr.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([expect.objectContaining({ level: 40, store: 'state', reason: 'CONFIG GET refused' })]);
    for (const words of [...mariaWords(), 'maria']) expect(erased.stderr.toLowerCase()).not.toContain(words.toLowerCase());
    const keys = await redisText(redis.url, 'cgprivacy');
    for (const words of mariaWords()) expect(keys).not.toContain(words);
  }, 90_000);
});
