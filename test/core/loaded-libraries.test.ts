import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/commonground.js', import.meta.url));
const HOOK = fileURLToPath(new URL('../support/loaded-packages.mjs', import.meta.url));

/** Runs the compiled program as a user would, and returns the packages it imported. */
function packagesLoadedBy(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; packages: Set<string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-loaded-'));
  const list = join(dir, 'packages.txt');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', HOOK, BIN, ...args], { env: { ...process.env, DATA_DIR: dir, CG_LOADED_PACKAGES: list, LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      let text = '';
      try {
        text = readFileSync(list, 'utf8');
      } catch {
        // nothing imported from node_modules
      }
      resolve({ code, stdout, packages: new Set(text.split('\n').filter(Boolean)) });
    });
    child.stdin.end(stdin);
  });
}

/** Libraries a bot needs only for one platform or one kind of work, loaded when that is used. */
const ONLY_WHEN_USED = ['discord.js', '@slack/bolt', 'langchain', '@langchain/core', '@langchain/openai', '@langchain/anthropic', '@langchain/ollama', 'echarts', '@resvg/resvg-js', 'prom-client', 'bullmq', 'ioredis', '@keyv/redis', 'pg', 'hono', '@hono/node-server', '@node-rs/jieba'];

describe('what a command loads', () => {
  it('the local chat answers without loading any platform, model, chart, metrics or server library', async () => {
    const run = await packagesLoadedBy(['chat'], '/help\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Here is what you can do here:');
    // The check sees what the program imports: the state store's driver is among it.
    expect(run.packages).toContain('better-sqlite3');
    expect(ONLY_WHEN_USED.filter((name) => run.packages.has(name))).toEqual([]);
  });

  it('--help loads neither the bot nor its schemas', async () => {
    const run = await packagesLoadedBy(['--help'], '');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('commonground');
    expect([...run.packages].filter((name) => name !== 'commander')).toEqual([]);
  });
});
