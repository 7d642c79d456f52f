import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordDouble, riverside, type DiscordDouble } from '../doubles/discord';
import { startBlackholeProxy, type BlackholeProxy } from './blackhole-proxy';

const BIN = fileURLToPath(new URL('../../bin/commonground.js', import.meta.url));
const { users, channels, guildId } = riverside;

interface Bot {
  child: ChildProcess;
  log: () => string;
  waitForLog(text: string): Promise<void>;
  exited: Promise<{ code: number | null; at: number }>;
}

/** The real program (`commonground start`) on Discord, in a child process. */
function startBot(apiUrl: string): Bot {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, DISCORD_TOKEN: 'test-token', DISCORD_API_URL: apiUrl, DISCORD_GUILD_ID: guildId, DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-stop-')), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const waiters: Array<() => void> = [];
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : null), at: Date.now() })));
  return {
    child,
    log: () => log,
    waitForLog: (text) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (log.includes(text)) resolve();
          else if (child.exitCode !== null) reject(new Error(`the bot ended without logging "${text}":\n${log}`));
          else waiters.push(check);
        };
        check();
      }),
    exited,
  };
}

let double: DiscordDouble | undefined;
let proxy: BlackholeProxy | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  await proxy?.close();
  await double?.close();
});

describe('stopping the bot', () => {
  it('on SIGTERM stops taking events, closes everything and exits 0', async () => {
    double = await createDiscordDouble();
    bot = startBot(double.apiBase);
    await bot.waitForLog('commonground is running');
    bot.child.kill('SIGTERM');
    const { code } = await bot.exited;
    expect(code, bot.log()).toBe(0);
    expect(bot.log()).toContain('"msg":"stopped"');
  }, 60_000);

  it('exits within 10 s of SIGTERM even when Discord accepts connections and never answers, saying why', async () => {
    double = await createDiscordDouble();
    proxy = await startBlackholeProxy(double.apiBase);
    bot = startBot(proxy.url);
    await bot.waitForLog('commonground is running');
    // Discord goes silent while a person's /help is being answered: the answer can never be sent.
    proxy.blackhole();
    double.sendSlashCommand({ name: 'help', userId: users.maria, channelId: channels.general });
    await proxy.swallowed();
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const { code, at } = await bot.exited;
    expect(code).toBe(1);
    expect(at - signalled).toBeLessThan(12_000);
    expect(bot.log()).toContain('shutdown did not finish in time');
    expect(bot.log()).toContain('"step":"adapters"');
  }, 60_000);
});
