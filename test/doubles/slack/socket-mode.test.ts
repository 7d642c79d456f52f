import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, USERS, createSlackDouble } from './index';
import type { SlackDouble } from './index';
import { memoryLogger } from './memory-logger';

describe('Slack double driving the real Bolt App over Socket Mode', () => {
  let double: SlackDouble;
  let app: App;
  const commands: string[] = [];
  const retries: Array<number | undefined> = [];

  beforeAll(async () => {
    double = await createSlackDouble();
    const clientOptions = { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } };
    app = new App({
      token: double.world.tokens.bot,
      appToken: double.world.tokens.app,
      socketMode: true,
      logger: memoryLogger(),
      clientOptions,
      // Socket Mode's own client reads its Web API URL from installerOptions, not clientOptions.
      installerOptions: { clientOptions },
    });
    app.command('/cg', async ({ ack, command }) => {
      commands.push(command.text);
      await ack({ response_type: 'ephemeral', text: `ok: ${command.text}` });
    });
    app.event('app_mention', async ({ context }) => {
      retries.push(context.retryNum);
    });
    await app.start();
  });

  afterAll(async () => {
    await app.stop();
    await double.close();
  });

  it('connects through apps.connections.open with the app-level token', async () => {
    await double.socket.waitForConnection();
    const open = double.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe(double.world.tokens.app);
    expect(open[0]?.response.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket\?ticket=/);
  });

  it('pushes a slash command and records the ack with its payload', async () => {
    const pushed = double.socket.pushSlashCommand({ user_id: USERS.maria, channel_id: CHANNELS.general, text: 'hello' });
    const ack = await pushed.ack;
    expect(commands).toContain('hello');
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'ok: hello' });
  });

  it('pushes an event, retry attempt included', async () => {
    const event = { type: 'app_mention', user: USERS.chen, text: 'hi', ts: '1700000002.000100', channel: CHANNELS.general };
    await double.socket.pushEvent(event).ack;
    await double.socket.pushEvent(event, { retryAttempt: 2, retryReason: 'timeout' }).ack;
    await expect.poll(() => retries).toEqual([0, 2]);
  });
});
