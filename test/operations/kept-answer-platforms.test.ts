import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index';
import { startSlackAdapter } from '../../adapters/slack/index';
import { createApp, type App } from '../../src/app';
import { loadCommunity } from '../../src/config/load';
import { silentLogger } from '../../src/core/log';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { deleteNamespace } from '../../src/state/redis-namespace';
import { createDiscordDouble, riverside } from '../doubles/discord';
import { createSlackDouble, USERS } from '../doubles/slack';
import { startDiscordRig } from '../adapters/discord/discord-fixture';
import { childProgram } from '../support/child-program';

const { redis } = inject('services');
const CHILD = childProgram('kept-answer-platform-child');

/**
 * Runs a bot process that dies after the platform accepted the event's answer, before it forgot it;
 * `whenReady` is called once it is connected (to send it the event through the double).
 */
function dieAfterSending(env: Record<string, string>, whenReady?: () => void): Promise<{ signal: string | null; out: string; err: string }> {
  const child = spawn(process.execPath, [CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    if (whenReady && out.includes('"ready"')) {
      whenReady();
      whenReady = undefined;
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  return new Promise((resolve) => child.once('close', (_code, signal) => resolve({ signal, out, err })));
}

/** A command typed in the person's direct conversation with the bot: its answer goes there, for all to keep. */
const command = (name: 'help' | 'feedback', platform: string, channel: string, user: string, eventId: string) => ({
  kind: 'command',
  name,
  args: [],
  eventId,
  ref: { platform, space: platform === 'slack' ? 'T0CMNGRND' : riverside.guildId, channel, direct: true },
  user: { id: user },
});

// The cases run at once (each starts a bot process and waits on it), each on a store of its own.
describe.skipIf(!redis)('an answer the platform accepted just before its process was killed, before the process forgot it', { concurrent: true }, () => {
  const closing: Array<() => Promise<unknown>> = [];
  const namespaces: string[] = [];
  afterAll(async () => {
    for (const close of closing.reverse()) await close().catch(() => undefined);
    for (const namespace of namespaces) await deleteNamespace(redis ?? '', namespace);
  });

  /** A Redis namespace of the case's own: what one case's process kept is swept by that case's other process only. */
  function freshStore(): string {
    const namespace = `cg-kept-platform-${randomBytes(4).toString('hex')}`;
    namespaces.push(namespace);
    return `${redis ?? ''}?namespace=${namespace}`;
  }

  /** Another bot process on the same store, as the platform's retry or the outbox sweep finds it. */
  async function another(storeUrl: string): Promise<App> {
    const app = await createApp({ community: loadCommunity(EXAMPLE_COMMUNITY), log: silentLogger(), dataDir: mkdtempSync(join(tmpdir(), 'cg-kept-')), storeUrl, evalDbUrl: ':memory:' });
    closing.push(() => app.close());
    return app;
  }

  // /help is answered with its seen mark; /feedback with the turn it starts (a form, offered behind a button here).
  for (const name of ['help', 'feedback'] as const) {
    it(`Slack, /${name}: the retry and the sweep find the message by its metadata, and the person sees it once`, async () => {
      const storeUrl = freshStore();
      const double = await createSlackDouble();
      closing.push(() => double.close());
      const env = { SLACK_BOT_TOKEN: double.world.tokens.bot, SLACK_SIGNING_SECRET: double.world.signingSecret, SLACK_API_URL: double.apiUrl, PORT: '0', HOST: '127.0.0.1' };
      const client = new webApi.WebClient(double.world.tokens.bot, { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } });
      const dm = (await client.conversations.open({ users: USERS.maria })).channel?.id ?? '';
      const event = command(name, 'slack', dm, USERS.maria, `kept-slack-${randomBytes(3).toString('hex')}`);

      const died = await dieAfterSending({ CG_KEPT_STORE_URL: storeUrl, CG_KEPT_DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-kept-')), CG_KEPT_PLATFORM: 'slack', CG_KEPT_ENV: JSON.stringify(env), CG_KEPT_EVENT: JSON.stringify(event) });
      expect(died.signal, died.err).toBe('SIGKILL');
      // Slack accepted the answer: it is in the conversation, and still kept in the store.
      const shown = () => double.messagesIn(dm).filter((m) => !m.ephemeralTo).map((m) => m.text);
      const answer = shown();
      expect(answer).toHaveLength(1);
      if (name === 'help') expect(answer[0]).toContain('/cg feedback');

      const app = await another(storeUrl);
      expect((await app.state.answers.pending()).map((kept) => kept.id)).toEqual([`seen:slack:${event.eventId}`]);
      const adapter = await startSlackAdapter({ bot: app.bot, community: app.bot.deps.community, env, log: silentLogger() }, { clientOptions: { retryConfig: { retries: 0 } } });
      closing.push(() => adapter.stop());
      // Slack delivers the event again (twice), then the sweep runs.
      await app.bot.handle(event);
      await app.bot.handle(event);
      expect(await app.bot.sendKeptAnswers()).toBe(0);

      expect(shown()).toEqual(answer);
      // The killed process posted it with its identity and looked for nothing; the one sending it again looked once.
      expect(double.callsTo('chat.postMessage').map((call) => (call.args.metadata as { event_type?: string } | undefined)?.event_type)).toEqual(['commonground_answer']);
      expect(double.callsTo('conversations.history').map((call) => call.args)).toMatchObject([{ channel: dm, include_all_metadata: 'true' }]);
      expect(await app.state.answers.pending()).toEqual([]);
    }, 60_000);

    it(`Discord, /${name}: the message is sent again with the same nonce, Discord returns the first one, and the person sees it once`, async () => {

      const storeUrl = freshStore();
      const double = await createDiscordDouble();
      closing.push(() => double.close());
      const env = { DISCORD_TOKEN: 'test-token', DISCORD_API_URL: double.apiBase };
      const dm = double.dmChannelFor(riverside.users.maria);
      const event = command(name, 'discord', dm, riverside.users.maria, `9${randomBytes(3).readUIntBE(0, 3)}`);

      const died = await dieAfterSending({ CG_KEPT_STORE_URL: storeUrl, CG_KEPT_DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-kept-')), CG_KEPT_PLATFORM: 'discord', CG_KEPT_ENV: JSON.stringify(env), CG_KEPT_EVENT: JSON.stringify(event) });
      expect(died.signal, died.err).toBe('SIGKILL');
      // Discord accepted the answer (/help's in two messages: it is longer than one may be), and it is still kept.
      const answer = double.messagesIn(dm);
      expect(answer).toHaveLength(name === 'help' ? 2 : 1);
      if (name === 'help') expect(answer.join('')).toContain('/feedback');

      const app = await another(storeUrl);
      expect(await app.state.answers.pending()).toHaveLength(1);
      const adapter = await createDiscordAdapter({ bot: app.bot, env, log: silentLogger(), print: () => undefined });
      closing.push(() => adapter.stop());
      // The sweep sends the kept answer again: Discord knows its nonce and creates nothing.
      expect(await app.bot.sendKeptAnswers()).toBe(1);
      await app.bot.handle(event);

      expect(double.messagesIn(dm)).toEqual(answer);
      const nonces = double.callsTo('POST', `/channels/${dm}/messages`).map((call) => (call.body as { nonce?: string; enforce_nonce?: boolean }).nonce);
      expect(nonces).toHaveLength(answer.length * 2);
      expect(nonces.slice(answer.length)).toEqual(nonces.slice(0, answer.length));
      expect(new Set(nonces).size).toBe(answer.length);
      expect(await app.state.answers.pending()).toEqual([]);
    }, 60_000);
  }

  it('Discord, an interaction: the process sending the answer again asks Discord whether it was given, and sends nothing more', async () => {

    const storeUrl = freshStore();
    const double = await createDiscordDouble();
    closing.push(() => double.close());
    const env = { DISCORD_TOKEN: 'test-token', DISCORD_API_URL: double.apiBase };
    let id = '';
    const died = await dieAfterSending({ CG_KEPT_STORE_URL: storeUrl, CG_KEPT_DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-kept-')), CG_KEPT_PLATFORM: 'discord', CG_KEPT_ENV: JSON.stringify(env) }, () => {
      id = double.sendSlashCommand({ name: 'help', userId: riverside.users.maria, channelId: riverside.channels.general }).id;
    });
    expect(died.signal, died.err).toBe('SIGKILL');
    // The killed process answered the interaction (privately), and Discord accepted it.
    const interaction = double.interaction(id);
    expect(interaction?.callbacks.map((c) => [c.type, c.data.flags])).toEqual([[4, 64]]);
    const answer = double.botMessages().filter((m) => m.interactionId === id).map((m) => m.content);
    expect(answer.join('')).toContain('/feedback');

    const app = await another(storeUrl);
    expect(await app.state.answers.pending()).toHaveLength(1);
    const adapter = await createDiscordAdapter({ bot: app.bot, env, log: silentLogger(), print: () => undefined });
    closing.push(() => adapter.stop());
    expect(await app.bot.sendKeptAnswers()).toBe(1);

    // Not sent again as a direct message (the interaction is not this process's to answer).
    expect(double.messagesIn(double.dmChannelFor(riverside.users.maria))).toEqual([]);
    expect(double.callsTo('GET', '/webhooks/:app/:token/messages/@original')).toHaveLength(1);
    expect(double.botMessages().filter((m) => m.interactionId === id).map((m) => m.content)).toEqual(answer);
    expect(await app.state.answers.pending()).toEqual([]);
  }, 60_000);

  it('Discord, an interaction its process never answered: the answer arrives once, by direct message', async () => {

    const storeUrl = freshStore();
    const double = await createDiscordDouble();
    closing.push(() => double.close());
    const env = { DISCORD_TOKEN: 'test-token', DISCORD_API_URL: double.apiBase };
    let id = '';
    const died = await dieAfterSending({ CG_KEPT_STORE_URL: storeUrl, CG_KEPT_DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-kept-')), CG_KEPT_PLATFORM: 'discord', CG_KEPT_ENV: JSON.stringify(env), CG_KEPT_DIE_AT: 'keep' }, () => {
      id = double.sendSlashCommand({ name: 'help', userId: riverside.users.maria, channelId: riverside.channels.general }).id;
    });
    expect(died.signal, died.err).toBe('SIGKILL');
    expect(double.interaction(id)?.callbacks).toEqual([]);

    const app = await another(storeUrl);
    const adapter = await createDiscordAdapter({ bot: app.bot, env, log: silentLogger(), print: () => undefined });
    closing.push(() => adapter.stop());
    expect(await app.bot.sendKeptAnswers()).toBe(1);
    expect(await app.bot.sendKeptAnswers()).toBe(0);

    const dm = double.messagesIn(double.dmChannelFor(riverside.users.maria));
    expect(dm.join('')).toContain('/feedback');
    expect(dm).toHaveLength(2);
    expect(await app.state.answers.pending()).toEqual([]);
  }, 60_000);
});

describe('Discord: an interaction another process answered before it stopped', () => {
  it('is not answered again, counted as no failure, and the person is told nothing more', async () => {
    const failures: unknown[] = [];
    const app = await createApp({
      community: loadCommunity(EXAMPLE_COMMUNITY),
      log: silentLogger(),
      dataDir: mkdtempSync(join(tmpdir(), 'cg-kept-')),
      storeUrl: 'memory',
      evalDbUrl: ':memory:',
      observer: { failure: (failure) => failures.push(failure) },
    });
    const rig = { ...(await startDiscordRig(app.bot)), app };
    try {
      await rig.double.waitForClient();
      const handle = rig.double.sendSlashCommand({ name: 'help', userId: riverside.users.maria, channelId: riverside.channels.general });
      const interaction = rig.double.interaction(handle.id);
      if (!interaction) throw new Error('no interaction');
      // The answer of the process that handled it first, accepted by Discord before that process died.
      interaction.callbacks.push({ type: 4, data: { content: 'the first answer', flags: 64 }, at: Date.now() });
      await rig.double.waitForCall((call) => call.method === 'POST' && call.path.startsWith(`/interactions/${handle.id}/`));
      await rig.app.bot.idle();

      const refused = rig.double.callsTo('POST', `/interactions/${handle.id}/:token/callback`);
      expect(refused.map((call) => call.status)).toEqual([400]);
      expect(interaction.callbacks).toHaveLength(1);
      // Nothing else reached her: no direct message, no follow-up, no apology.
      expect(rig.double.botMessages().filter((m) => m.interactionId === handle.id || m.channelId === rig.double.dmChannelFor(riverside.users.maria))).toEqual([]);
      expect(await rig.app.state.answers.pending()).toEqual([]);
      // Not an action that failed (for the operators' failure count and the error log): the answer was given.
      expect(failures).toEqual([]);
    } finally {
      await rig.close();
      await app.close();
    }
  }, 30_000);
});
