import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { readEnvironment } from '../../src/config/environment';
import { schemaFromUrl } from '../../src/evaluation/open-store';
import { createDiscordDouble } from '../doubles/discord';
import { createSlackDouble } from '../doubles/slack';
import { startBlackholeProxy } from '../operations/blackhole-proxy';
import { runCli, runCliHere } from '../support/cli';

const BIN = fileURLToPath(new URL('../../bin/commonground.js', import.meta.url));
const dataDir = () => mkdtempSync(join(tmpdir(), 'cg-env-'));

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that speaks Redis's protocol and answers every command with the error `answer` gives for its name. */
async function refusingRedis(answer: (name: string) => string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      // Each command is an array of bulk strings: *N, then $len and the word, N times.
      for (;;) {
        const lines = text.split('\r\n');
        const count = Number(lines[0]?.slice(1));
        if (!lines[0]?.startsWith('*') || lines.length < 1 + 2 * count + 1) return;
        socket.write(`${answer((lines[2] ?? '').toUpperCase())}\r\n`);
        text = lines.slice(1 + 2 * count).join('\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('settings from the environment the bot cannot use', { timeout: 60_000 }, () => {
  it('a STORE_URL it does not know stops the start with what to set, instead of quietly keeping the state elsewhere', async () => {
    const dir = dataDir();
    const result = await runCliHere(['chat'], { stdin: '/as maria\n', env: { DATA_DIR: dir, STORE_URL: 'reddis://:secret@127.0.0.1:6379' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'STORE_URL is set to "reddis://:***@127.0.0.1:6379", which the bot cannot use. Please set it to redis://host:6379 (Redis), sqlite://path/to/state.sqlite (a file) or memory, or leave it unset to keep the state in the data folder.',
    );
    expect(result.stdout).toBe('');
  });

  it('so does a CHART_FONT that is not a font file here, which would leave Chinese charts out', async () => {
    const dir = dataDir();
    const result = await runCliHere(['chat'], { env: { DATA_DIR: dir, CHART_FONT: join(dir, 'NotoSansCJK.ttc') } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `CHART_FONT is set to "${join(dir, 'NotoSansCJK.ttc')}", which is not a font file here. Please set it to the path of a .ttf, .otf or .ttc file (one with Chinese characters for Chinese charts), or leave it unset to use the fonts installed on this computer.`,
    );
  });

  it('so does an EVAL_DB_URL of a kind it does not know', async () => {
    const result = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), EVAL_DB_URL: 'mysql://bot@db/outcomes' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('EVAL_DB_URL is set to "mysql://bot@db/outcomes", which the bot cannot use.');
    expect(result.stderr).not.toContain('File not found');
  });

  it('an EVAL_DB_URL whose search_path is not a plain schema name is refused, not cut short', async () => {
    const result = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), EVAL_DB_URL: 'postgres://bot@127.0.0.1:1/outcomes?options=-c%20search_path%3Driverside-east' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('EVAL_DB_URL names the schema "riverside-east" in its search_path, which is not a plain schema name. Please use letters, digits and underscores only, not starting with a digit (for example riverside_east); each community needs a name of its own.');
    // PostgreSQL reads an unquoted name in small letters: two communities named apart stay apart.
    expect(schemaFromUrl('postgres://bot@db/outcomes?options=-c%20search_path%3DriversideEast')).toBe('riversideeast');
    expect(schemaFromUrl('postgres://bot@db/outcomes?options=-c%20search_path%3DriversideWest')).toBe('riversidewest');
  });

  it('a SQLite file in a folder that does not exist is named with its setting', async () => {
    const missing = join(dataDir(), 'no-such-folder');
    const state = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), STORE_URL: `sqlite://${join(missing, 'state.sqlite')}` } });
    expect(state.code).toBe(1);
    expect(state.stderr.trim()).toBe(`STORE_URL names a SQLite file in the folder ${missing}, which does not exist. Please create the folder, or set STORE_URL to a file in one that does.`);
    const outcomes = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), EVAL_DB_URL: join(missing, 'outcomes.sqlite') } });
    expect(outcomes.stderr.trim()).toBe(`EVAL_DB_URL names a SQLite file in the folder ${missing}, which does not exist. Please create the folder, or set EVAL_DB_URL to a file in one that does.`);
  });

  it('a LOG_LEVEL, HEALTH_PORT or SHUTDOWN_TIMEOUT_MS it cannot use is named with what to set, in the operator’s language', async () => {
    const level = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), LOG_LEVEL: 'loud' } });
    expect(level.code).toBe(1);
    expect(level.stderr.trim()).toBe('LOG_LEVEL is set to "loud", which is not a log level. Please set it to one of fatal, error, warn, info, debug, trace, silent, or leave it unset.');
    const deadline = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), SHUTDOWN_TIMEOUT_MS: '2s' } });
    expect(deadline.code).toBe(1);
    expect(deadline.stderr.trim()).toBe('SHUTDOWN_TIMEOUT_MS is set to "2s", which is not a number of milliseconds. Please set it to a whole number above 0, for example SHUTDOWN_TIMEOUT_MS=10000, or leave it unset.');
    const port = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), HEALTH_PORT: 'abc', LANG: 'zh_CN.UTF-8' } });
    expect(port.code).toBe(1);
    expect(port.stderr.trim()).toBe('HEALTH_PORT 设为了“abc”，这不是端口号。请设为 0 到 65535 之间的数字，例如 HEALTH_PORT=9464，或者不设置。');
  });

  it('a DATA_DIR set to nothing is the default ./data, never the current folder', () => {
    expect(readEnvironment({ DATA_DIR: '' }).dataDir).toBe(resolve('./data'));
    expect(readEnvironment({ DATA_DIR: '  ' }).dataDir).toBe(resolve('./data'));
    expect(readEnvironment({}).dataDir).toBe(resolve('./data'));
  });

  it('a DATA_DIR that cannot be a folder is named, with what to do', async () => {
    const file = join(dataDir(), 'not-a-folder');
    writeFileSync(file, '');
    const result = await runCliHere(['chat'], { env: { DATA_DIR: file } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`The data folder ${file} (DATA_DIR) cannot be created or written to (EEXIST). Please set DATA_DIR to a folder this user may write to.`);
  });

  it('a PostgreSQL outcome store that cannot be reached is named, without its password, with what to do', async () => {
    const port = await closedPort();
    const result = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), EVAL_DB_URL: `postgres://bot:secret@127.0.0.1:${port}/outcomes` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The outcome store at postgres://127.0.0.1:${port}/outcomes (EVAL_DB_URL) could not be reached (`);
    expect(result.stderr).toContain('Please check that PostgreSQL is running there');
    expect(result.stderr).not.toContain('secret');
  });

  it('a Redis that does not answer is said while the start waits for it, and Ctrl-C still stops', async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, [BIN, 'chat'], { env: { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: dataDir(), STORE_URL: `redis://127.0.0.1:${port}` }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString('utf8');
        if (stderr.includes('\n')) resolve();
      });
      void exited.then(() => reject(new Error(`the chat ended without a word:\n${stderr}`)));
    });
    expect(stderr.trim()).toBe(`Still waiting for the state store at 127.0.0.1:${port} (STORE_URL) to answer. Please check that Redis is running there, or set STORE_URL to one that does. Ctrl-C stops.`);
    child.kill('SIGINT');
    expect(await exited).not.toBeNull();
  });

  it('a Discord that cannot be reached is named with what to do, in one line, without a stack trace', async () => {
    const port = await closedPort();
    const result = await runCli(['start'], { env: { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', DISCORD_TOKEN: 'test-token', DISCORD_API_URL: `http://127.0.0.1:${port}` } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`Discord could not be reached at 127.0.0.1:${port} (ECONNREFUSED). Please check the network connection (and DISCORD_API_URL, if it is set), then start again.`);
  });

  it('a Discord that cannot be reached is said in the operator’s language, not the community’s', async () => {
    const port = await closedPort();
    const result = await runCli(['start'], { env: { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', DISCORD_TOKEN: 'test-token', DISCORD_API_URL: `http://127.0.0.1:${port}`, LANG: 'zh_CN.UTF-8' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`无法连接 Discord（127.0.0.1:${port}）（ECONNREFUSED）。请检查网络连接（如果设置了 DISCORD_API_URL，也请检查它），然后重新启动。`);
  });

  it('a Discord that takes the connection but never answers is named after the patience of the start (DISCORD_START_TIMEOUT_MS), not a minute later as an aborted operation', async () => {
    const discord = await createDiscordDouble();
    const silent = await startBlackholeProxy(discord.apiBase);
    silent.blackhole();
    const where = new URL(silent.url).host;
    try {
      const result = await runCli(['start'], { env: { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', DISCORD_TOKEN: 'test-token', DISCORD_API_URL: silent.url, DISCORD_START_TIMEOUT_MS: '1500' }, killAfterMs: 40_000 });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`Discord did not answer at ${where} within 1.5 s. Please check the network connection (and DISCORD_API_URL, if it is set), then start again.`);
    } finally {
      await silent.close();
      await discord.close();
    }
  });

  it('a DISCORD_START_TIMEOUT_MS that is not a number of milliseconds is refused in one line, not quietly taken as 15 s', async () => {
    const result = await runCli(['start'], { env: { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', DISCORD_TOKEN: 'test-token', DISCORD_API_URL: `http://127.0.0.1:${await closedPort()}`, DISCORD_START_TIMEOUT_MS: '2s' }, killAfterMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('DISCORD_START_TIMEOUT_MS is set to "2s", which is not a number of milliseconds. Please set it to a whole number above 0, for example DISCORD_START_TIMEOUT_MS=15000, or leave it unset.');
  });

  it('a Slack that cannot be reached stops the start in one line naming Slack and the address, instead of retrying for minutes', async () => {
    const port = await closedPort();
    const env = { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: `http://127.0.0.1:${port}/api/`, PORT: '0' };
    const result = await runCli(['start'], { env, killAfterMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`Slack could not be reached at 127.0.0.1:${port} (ECONNREFUSED). Please check the network connection (and SLACK_API_URL, if it is set), then start again.`);
    const chinese = await runCli(['start'], { env: { ...env, DATA_DIR: dataDir(), LANG: 'zh_CN.UTF-8' }, killAfterMs: 20_000 });
    expect(chinese.code).toBe(1);
    expect(chinese.stderr.trim()).toBe(`无法连接 Slack（127.0.0.1:${port}）（ECONNREFUSED）。请检查网络连接（如果设置了 SLACK_API_URL，也请检查它），然后重新启动。`);
  });

  it('a Slack that takes the connection but never answers is named once SLACK_API_TIMEOUT_MS has passed, and the start ends', async () => {
    const slack = await createSlackDouble();
    const silent = await startBlackholeProxy(slack.apiUrl);
    silent.blackhole();
    const where = new URL(silent.url).host;
    try {
      const result = await runCli(['start'], {
        env: { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: silent.url, SLACK_API_TIMEOUT_MS: '1500', PORT: '0' },
        killAfterMs: 20_000,
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`Slack did not answer at ${where} within 1.5 s (SLACK_API_TIMEOUT_MS). Please check the network connection (and SLACK_API_URL, if it is set), then start again.`);
    } finally {
      await silent.close();
      await slack.close();
    }
  });

  it('a Discord bot token that Discord refuses is named with what to check, in one line, without a stack trace', async () => {
    const discord = await createDiscordDouble({ validToken: 'the-real-token' });
    try {
      const result = await runCli(['start'], { env: { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', DISCORD_TOKEN: 'an-old-token', DISCORD_API_URL: discord.apiBase } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe('Discord refused the bot token. Please check DISCORD_TOKEN: it is the token shown under Bot in the Discord Developer Portal (Reset Token gives a new one). Then start again.');
    } finally {
      await discord.close();
    }
  });

  it('a Slack bot token that Slack refuses is named with what to check, in one line, without a stack trace', async () => {
    const slack = await createSlackDouble();
    try {
      const result = await runCli(['start'], {
        env: { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl, PORT: '0' },
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe('Slack refused the bot token (invalid_auth). Please check SLACK_BOT_TOKEN: it is the Bot User OAuth Token (xoxb-…) of the app installed in your workspace. Then start again.');
      // Asked once, told once: no second attempt nor request after the refusal.
      expect(slack.callsTo('auth.test')).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });

  it('a Redis that wants a password refuses the start in one line saying where to put it, instead of running with every command refused', async () => {
    const redis = await refusingRedis(() => '-NOAUTH Authentication required.');
    try {
      const result = await runCliHere(['chat'], { stdin: '/as maria\n', env: { DATA_DIR: dataDir(), STORE_URL: `redis://127.0.0.1:${redis.port}?namespace=cg-env`, EVAL_DB_URL: ':memory:' } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`Redis at 127.0.0.1:${redis.port} refused the connection: authentication required. Please put the password in STORE_URL (redis://:password@host:port), then start again.`);
      expect(result.stdout).toBe('');
    } finally {
      await redis.close();
    }
  });

  it('a wrong Redis password is said to be wrong, without the password', async () => {
    const redis = await refusingRedis((name) => (name === 'AUTH' ? '-WRONGPASS invalid username-password pair or user is disabled.' : '-NOAUTH Authentication required.'));
    try {
      const result = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), STORE_URL: `redis://:not-this-one@127.0.0.1:${redis.port}?namespace=cg-env`, EVAL_DB_URL: ':memory:' } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `Redis at 127.0.0.1:${redis.port} refused the connection: the password in STORE_URL is wrong (WRONGPASS invalid username-password pair or user is disabled.). Please put the right one in STORE_URL (redis://:password@host:port, or redis://user:password@host:port for an ACL user), then start again.`,
      );
    } finally {
      await redis.close();
    }
  });

  it('a Redis database number the server does not have is named with what Redis said, rather than waited for forever', async () => {
    const services = inject('services');
    if (!services.redis) throw new Error('these checks need Redis (TEST_REDIS_URL)');
    const server = new URL(services.redis);
    const result = await runCliHere(['chat'], { env: { DATA_DIR: dataDir(), STORE_URL: `redis://${server.host}/99?namespace=cg-env`, EVAL_DB_URL: ':memory:' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Redis at ${server.host}/99 refused the connection: ERR DB index is out of range. Please correct STORE_URL (redis://host:port/number, with a database number the server has, 0 by default), then start again.`,
    );
  });

  it('privacy erase, audit and report refuse such a setting too, rather than work on a store other than the bot\'s', async () => {
    const dir = dataDir();
    await runCliHere(['chat'], { stdin: '/as maria\n/quit\n', env: { DATA_DIR: dir } });
    const erase = await runCliHere(['privacy', 'erase', '--platform', 'local', '--user', 'maria'], { env: { DATA_DIR: dir, STORE_URL: 'reddis://127.0.0.1:6379' } });
    expect(erase.stderr).toContain('STORE_URL is set to "reddis://127.0.0.1:6379", which the bot cannot use.');
    expect(erase.stdout).not.toContain('nothing to erase');
    expect(erase.code).not.toBe(0);
    const audit = await runCliHere(['audit'], { env: { DATA_DIR: dir, EVAL_DB_URL: 'mysql://bot@db/outcomes' } });
    expect(audit.stderr).toContain('EVAL_DB_URL is set to "mysql://bot@db/outcomes", which the bot cannot use.');
    const report = await runCliHere(['report', '--project', 'riverside-renewal'], { env: { DATA_DIR: dir, EVAL_DB_URL: 'mysql://bot@db/outcomes' } });
    expect(report.stderr).toContain('EVAL_DB_URL is set to "mysql://bot@db/outcomes", which the bot cannot use.');
    expect(report.code).toBe(1);
  });

  it('a WEB_PORT that is not a port number is named, instead of a message about "options.port"', async () => {
    const result = await runCliHere(['start'], { env: { DATA_DIR: dataDir(), WEB_PORT: '8o80' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('WEB_PORT is set to "8o80", which is not a port number. Please set it to a number from 1 to 65535, for example WEB_PORT=8080.');
  });

  it('a port another program already uses is named, with what to do', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runCli(['start'], { env: { DATA_DIR: dataDir(), STORE_URL: 'memory', EVAL_DB_URL: ':memory:', WEB_PORT: String(port) } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`Another program is already using 127.0.0.1:${port}. Please stop it, or set the port the bot listens on (WEB_PORT, HEALTH_PORT or PORT) to a free one.`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
