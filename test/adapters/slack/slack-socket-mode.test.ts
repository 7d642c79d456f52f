import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, USERS } from '../../doubles/slack/index';
import { channelTexts, ephemeralTexts, startSlackFixture, type SlackFixture } from './slack-fixture';

describe('Slack adapter in Socket Mode (SLACK_APP_TOKEN set)', () => {
  let f: SlackFixture;

  beforeAll(async () => {
    f = await startSlackFixture({ socketMode: true });
    await f.double.socket.waitForConnection();
  });

  afterAll(async () => {
    await f.close();
  });

  it('connects with the app-level token and opens no HTTP port', () => {
    expect(f.adapter.mode).toBe('socket');
    expect(f.adapter.port).toBeUndefined();
    expect(f.double.callsTo('apps.connections.open').map((c) => c.token)).toEqual([f.double.world.tokens.app]);
  });

  it('acknowledges /cg help and answers privately', async () => {
    const pushed = f.double.socket.pushSlashCommand({ user_id: USERS.maria, channel_id: CHANNELS.general, text: 'help', trigger_id: f.double.triggerId(), response_url: f.double.responseUrl() });
    await pushed.ack;
    await f.settle();
    expect(ephemeralTexts(f.double, USERS.maria)[0]?.split('\n')[0]).toBe('Here is what you can do here:');
  });

  it('handles a re-delivered event once', async () => {
    f.double.clearRecords();
    const dm = 'D0CHEN0001';
    f.double.world.channels.push({ id: dm, name: USERS.chen, isPrivate: true, isIm: true, user: USERS.chen, creator: USERS.chen, members: [USERS.chen, f.double.world.bot.userId], created: 1_700_000_000 });
    const event = { type: 'message', channel_type: 'im', user: USERS.chen, text: 'hello', ts: '1700000200.000100', channel: dm };
    await f.double.socket.pushEvent(event, { eventId: 'Ev0SOCKET1' }).ack;
    await f.double.socket.pushEvent(event, { eventId: 'Ev0SOCKET1', retryAttempt: 1, retryReason: 'timeout' }).ack;
    await f.settle();
    expect(channelTexts(f.double, dm)).toHaveLength(1);
  });
});
