import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, verifySlackRequest } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANNELS,
  USERS,
  boltEventsUrl,
  createInbound,
  createSlackDouble,
  sendEvent,
  sendSlashCommand,
  signSlackRequest,
} from './index';
import type { Inbound, SlackDouble } from './index';
import { memoryLogger } from './memory-logger';

describe('signSlackRequest', () => {
  it('produces what Bolt verifies', () => {
    const body = 'command=%2Fcg&text=hello';
    const ts = Math.floor(Date.now() / 1000);
    const headers = signSlackRequest(body, 'secret', ts);
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(headers['x-slack-request-timestamp']).toBe(String(ts));
    expect(() =>
      verifySlackRequest({
        signingSecret: 'secret',
        body,
        headers: { 'x-slack-signature': headers['x-slack-signature'], 'x-slack-request-timestamp': ts },
      }),
    ).not.toThrow();
  });

  it('matches the example in Slack documentation', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = signSlackRequest(body, '8f742231b10e8888abcd99yyyzzz85a5', 1531420618);
    expect(headers['x-slack-signature']).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });
});

describe('Slack double driving the real Bolt App over HTTP', () => {
  let double: SlackDouble;
  let app: App;
  let url: string;
  let inbound: Inbound;
  let logger: ReturnType<typeof memoryLogger>;
  const seen = {
    commands: [] as string[],
    actions: [] as string[],
    submissions: [] as Array<{ callbackId: string; values: unknown }>,
    events: [] as Array<{ eventType: string; retryNum: number | undefined; retryReason: string | undefined }>,
  };

  beforeAll(async () => {
    double = await createSlackDouble();
    logger = memoryLogger();
    app = new App({
      token: double.world.tokens.bot,
      signingSecret: double.world.signingSecret,
      logger,
      clientOptions: { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 }, timeout: 5_000 },
    });
    app.command('/cg', async ({ ack, command, client, respond }) => {
      await ack();
      seen.commands.push(command.text);
      if (command.text === 'feedback') {
        await client.views.open({
          trigger_id: command.trigger_id,
          view: {
            type: 'modal',
            callback_id: 'feedback_form',
            title: { type: 'plain_text', text: 'Feedback' },
            submit: { type: 'plain_text', text: 'Send' },
            blocks: [
              {
                type: 'input',
                block_id: 'feedback',
                label: { type: 'plain_text', text: 'What should change?' },
                element: { type: 'plain_text_input', action_id: 'text' },
              },
            ],
          },
        });
        return;
      }
      await client.chat.postMessage({ channel: command.channel_id, text: `Heard: ${command.text}` });
      await respond({ response_type: 'ephemeral', text: 'Noted.' });
    });
    app.action('vote_yes', async ({ ack, action, body, client }) => {
      await ack();
      seen.actions.push('value' in action && typeof action.value === 'string' ? action.value : '');
      await client.chat.postEphemeral({ channel: CHANNELS.general, user: body.user.id, text: 'Vote counted' });
    });
    app.view('feedback_form', async ({ ack, view }) => {
      await ack();
      seen.submissions.push({ callbackId: view.callback_id, values: view.state.values });
    });
    app.event('app_mention', async ({ event, context, say }) => {
      seen.events.push({ eventType: event.type, retryNum: context.retryNum, retryReason: context.retryReason });
      await say('Hello!');
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    url = boltEventsUrl((server.address() as AddressInfo).port);
    inbound = createInbound({ url, double });
  });

  afterAll(async () => {
    await app.stop();
    await double.close();
  });

  afterEach(() => {
    logger.lines.length = 0;
  });

  it('authenticates the bot token with auth.test', async () => {
    const call = await double.waitForCall('auth.test');
    expect(call.token).toBe(double.world.tokens.bot);
    expect(call.response).toMatchObject({ ok: true, user_id: double.world.bot.userId, team_id: double.world.team.id });
  });

  it('acks a signed slash command and the handler reaches the Web API and response_url', async () => {
    const result = await inbound.slashCommand({ user: 'maria', channel: 'general', text: 'the lift is broken' });
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(3_000);
    const post = await double.waitForCall('chat.postMessage', { where: (c) => c.args.text === 'Heard: the lift is broken' });
    expect(post.token).toBe(double.world.tokens.bot);
    expect(post.args.channel).toBe(CHANNELS.general);
    expect(post.response).toMatchObject({ ok: true, channel: CHANNELS.general });
    expect(double.messagesIn(CHANNELS.general).map((m) => m.text)).toContain('Heard: the lift is broken');
    const response = await double.waitForResponse();
    expect(response.body).toEqual({ response_type: 'ephemeral', text: 'Noted.' });
  });

  it('refuses a bad signature with 401 and never runs the handler', async () => {
    const before = seen.commands.length;
    const result = await inbound.slashCommand({ user: 'maria', channel: 'general', text: 'forged' }, { signature: 'bad' });
    expect(result.status).toBe(401);
    expect(seen.commands.length).toBe(before);
    expect(seen.commands).not.toContain('forged');
  });

  it('refuses a missing signature and a stale timestamp', async () => {
    const unsigned = await inbound.slashCommand({ user: 'maria', channel: 'general', text: 'unsigned' }, { signature: 'missing' });
    expect(unsigned.status).toBe(401);
    const stale = await sendSlashCommand(
      url,
      double.world.signingSecret,
      { user_id: USERS.maria, channel_id: CHANNELS.general, text: 'replayed' },
      { stale: true },
    );
    expect(stale.status).toBe(401);
    expect(logger.lines.some((l) => l.includes('stale'))).toBe(true);
    expect(seen.commands).not.toContain('unsigned');
    expect(seen.commands).not.toContain('replayed');
  });

  it('opens a modal with the trigger id and receives its submission', async () => {
    const result = await inbound.slashCommand({ user: 'chen', channel: 'general', text: 'feedback' });
    expect(result.status).toBe(200);
    const open = await double.waitForCall('views.open');
    expect(open.response.ok).toBe(true);
    expect(open.args.view).toMatchObject({ callback_id: 'feedback_form', type: 'modal' });
    expect(double.views).toHaveLength(1);

    const values = { feedback: { text: { type: 'plain_text_input', value: 'More benches' } } };
    const submitted = await inbound.viewSubmission({ user: 'chen', callbackId: 'feedback_form', values, viewId: double.views[0]?.id });
    expect(submitted.status).toBe(200);
    expect(seen.submissions).toEqual([{ callbackId: 'feedback_form', values }]);
  });

  it('delivers a block action to its handler', async () => {
    const result = await inbound.blockAction({ user: 'wang', actionId: 'vote_yes', value: 'proposal-7', channel: 'general', messageTs: '1700000000.000100' });
    expect(result.status).toBe(200);
    expect(seen.actions).toContain('proposal-7');
    const ephemeral = await double.waitForCall('chat.postEphemeral');
    expect(ephemeral.response).toMatchObject({ ok: true });
    expect(double.messages.find((m) => m.ephemeralTo === USERS.wang)?.text).toBe('Vote counted');
  });

  it('passes X-Slack-Retry-Num through as context.retryNum', async () => {
    const event = { type: 'app_mention', user: USERS.maria, text: '<@U0BOT00001> hi', ts: '1700000001.000100', channel: CHANNELS.general };
    const first = await sendEvent(url, double.world.signingSecret, event, { eventId: 'Ev0RETRY01' });
    const retry = await sendEvent(url, double.world.signingSecret, event, { eventId: 'Ev0RETRY01', retryNum: 1, retryReason: 'http_timeout' });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    await expect.poll(() => seen.events.length).toBe(2);
    expect(seen.events[0]).toMatchObject({ retryNum: undefined });
    expect(seen.events[1]).toEqual({ eventType: 'app_mention', retryNum: 1, retryReason: 'http_timeout' });
    await double.waitForCall('chat.postMessage', { where: (c) => c.args.text === 'Hello!' });
  });

  it('answers url_verification with the challenge', async () => {
    const result = await inbound.urlVerification('abc123');
    expect(result.json).toEqual({ challenge: 'abc123' });
  });
});

describe('Bolt ack timing against the double', () => {
  let double: SlackDouble;
  const apps: App[] = [];

  beforeAll(async () => {
    double = await createSlackDouble();
    double.setLatency('chat.postMessage', 400);
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await double.close();
  });

  async function startApp(receiverOptions: { processBeforeResponse?: boolean; unhandledRequestTimeoutMillis?: number }, ackFirst: boolean): Promise<string> {
    const logger = memoryLogger();
    const receiver = new HTTPReceiver({ signingSecret: double.world.signingSecret, logger, ...receiverOptions });
    const app = new App({
      token: double.world.tokens.bot,
      receiver,
      logger,
      clientOptions: { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/cg', async ({ ack, client, command }) => {
      if (ackFirst) await ack();
      await client.chat.postMessage({ channel: command.channel_id, text: 'slow work done' });
    });
    apps.push(app);
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    return boltEventsUrl((server.address() as AddressInfo).port);
  }

  const command = { user_id: USERS.maria, channel_id: CHANNELS.general, text: 'x' };

  it('answers at ack() by default, before slow work finishes', async () => {
    const url = await startApp({}, true);
    const result = await sendSlashCommand(url, double.world.signingSecret, command);
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(400);
  });

  it('holds the HTTP response until the handler returns with processBeforeResponse', async () => {
    const url = await startApp({ processBeforeResponse: true }, true);
    const result = await sendSlashCommand(url, double.world.signingSecret, command);
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(400);
  });

  it('answers 404 when nobody acks in time', async () => {
    const url = await startApp({ unhandledRequestTimeoutMillis: 100 }, false);
    const result = await sendSlashCommand(url, double.world.signingSecret, command);
    expect(result.status).toBe(404);
  });
});
