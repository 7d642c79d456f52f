import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordDouble, riverside, type DiscordDouble } from '../doubles/discord';
import { createSlackDouble } from '../doubles/slack';
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
  return startProgram({ DISCORD_TOKEN: 'test-token', DISCORD_API_URL: apiUrl, DISCORD_GUILD_ID: guildId });
}

/** The real program (`commonground start`) with these platform settings, in a child process. */
function startProgram(platform: Record<string, string>): Bot {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, ...platform, DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-stop-')), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', LOG_LEVEL: 'info' },
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

  it('a stop while Slack is still being reached (its API does not answer) closes what is open and exits 0 at once, not at the deadline', async () => {
    const slack = await createSlackDouble();
    try {
      proxy = await startBlackholeProxy(slack.apiUrl);
      proxy.blackhole();
      bot = startProgram({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: proxy.url, PORT: '0' });
      // The start has asked Slack and is waiting for its answer (for up to SLACK_API_TIMEOUT_MS, 10 s).
      await proxy.swallowed();
      const signalled = Date.now();
      bot.child.kill('SIGTERM');
      const { code, at } = await bot.exited;
      expect(code, bot.log()).toBe(0);
      expect(at - signalled).toBeLessThan(5_000);
      expect(bot.log()).toContain('"msg":"stopped during start-up"');
      expect(bot.log()).not.toContain('shutdown did not finish in time');
    } finally {
      await proxy?.close();
      proxy = undefined;
      await slack.close();
    }
  }, 60_000);
});
