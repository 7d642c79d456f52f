import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, USERS, sendSlashCommand } from '../../doubles/slack/index';
import { channelTexts, ephemeralTexts, startSlackFixture, type SlackFixture } from './slack-fixture';

describe('Slack adapter over HTTP, through the real Bolt app', () => {
  let f: SlackFixture;

  beforeAll(async () => {
    f = await startSlackFixture();
  });

  afterAll(async () => {
    await f.close();
  });

  it('answers url_verification with the challenge', async () => {
    const result = await f.inbound.urlVerification('abc123');
    expect(result.json).toEqual({ challenge: 'abc123' });
  });

  it('acknowledges /cg help and shows the help only to the person who asked', async () => {
    const result = await f.inbound.slashCommand({ user: 'maria', channel: 'general', text: 'help' });
    expect(result.status).toBe(200);
    await f.settle();
    const [help] = ephemeralTexts(f.double, USERS.maria);
    expect(help?.split('\n')[0]).toBe('Here is what you can do here:');
    // On Slack the help writes commands as people type them there.
    expect(help).toContain('/cg language <locale>: Choose the language I use with you (en or zh-CN)');
    expect(help).toContain('type /cg help and its name');
    expect(f.double.messagesIn(CHANNELS.general)).toEqual([]);
    // The answer goes through the Web API, never in the acknowledgement nor to the response URL
    // (which Slack would show again if a second process posted there after a crash).
    expect(result.body).toBe('');
    expect(f.double.responses).toEqual([]);
  });

  it('treats /cg with nothing after it as help', async () => {
    f.double.clearRecords();
    await f.inbound.slashCommand({ user: 'chen', channel: 'general', text: '' });
    await f.settle();
    expect(ephemeralTexts(f.double, USERS.chen)[0]?.split('\n')[0]).toBe('Here is what you can do here:');
  });

  it('remembers the language a person chose', async () => {
    f.double.clearRecords();
    await f.inbound.slashCommand({ user: 'chen', channel: 'general', text: 'language zh-CN' });
    await f.settle();
    await f.inbound.slashCommand({ user: 'chen', channel: 'general', text: 'help' });
    await f.settle();
    const [set, help] = ephemeralTexts(f.double, USERS.chen);
    expect(set).toBe('好的，之后我会用中文和您交流。');
    expect(help).not.toContain('Here is what you can do here');
  });

  it('escapes what people typed, so it can never ping a channel', async () => {
    f.double.clearRecords();
    await f.inbound.slashCommand({ user: 'maria', channel: 'general', text: '<!channel> hello' });
    await f.settle();
    const call = f.double.callsTo('chat.postEphemeral')[0];
    expect(call?.args.text).toBe("I don't know the command /&lt;!channel&gt;. Type /cg help to see what you can do.");
    expect(call?.args.blocks).toEqual([{ type: 'section', text: { type: 'plain_text', text: "I don't know the command /<!channel>. Type /cg help to see what you can do.", emoji: true } }]);
  });

  it('answers a DM in the DM, and handles a retried delivery once', async () => {
    f.double.clearRecords();
    const dm = 'D0MARIA001';
    f.double.world.channels.push({ id: dm, name: USERS.maria, isPrivate: true, isIm: true, user: USERS.maria, creator: USERS.maria, members: [USERS.maria, f.double.world.bot.userId], created: 1_700_000_000 });
    const event = { type: 'message', channel_type: 'im', user: USERS.maria, text: 'hello', ts: '1700000100.000100', channel: dm };
    const first = await f.inbound.event(event, { eventId: 'Ev0DM00001' });
    const retry = await f.inbound.event(event, { eventId: 'Ev0DM00001', retryNum: 1, retryReason: 'http_timeout' });
    const again = await f.inbound.event(event, { eventId: 'Ev0DM00001', retryNum: 2, retryReason: 'http_timeout' });
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    await f.settle();
    const replies = channelTexts(f.double, dm);
    expect(replies).toHaveLength(1);
  });

  it('ignores the bot’s own messages and edits', async () => {
    f.double.clearRecords();
    await f.inbound.event({ type: 'message', channel_type: 'im', user: f.double.world.bot.userId, text: 'echo', ts: '1700000101.000100', channel: 'D0MARIA001' });
    await f.inbound.event({ type: 'message', subtype: 'message_changed', channel_type: 'im', ts: '1700000102.000100', channel: 'D0MARIA001' });
    await f.settle();
    expect(f.double.callsTo('chat.postMessage')).toEqual([]);
  });

  it('says kindly that an old button does nothing', async () => {
    f.double.clearRecords();
    const result = await f.inbound.blockAction({ user: 'wang', actionId: 'cg_choice_0', value: 'gone~ask~yes', channel: 'general', messageTs: '1700000000.000100' });
    expect(result.status).toBe(200);
    await f.settle();
    expect(ephemeralTexts(f.double, USERS.wang)).toEqual([
      'That button belongs to an earlier step, so nothing changed. Please use the newest message.',
    ]);
  });

  describe('request signatures', () => {
    it.each([
      ['a bad signature', { signature: 'bad' as const }],
      ['a missing signature', { signature: 'missing' as const }],
      ['a stale timestamp', { stale: true }],
    ])('refuses %s and changes nothing', async (_label, options) => {
      f.double.clearRecords();
      const command = { user_id: USERS.maria, channel_id: CHANNELS.general, text: 'language zh-CN', trigger_id: f.double.triggerId(), response_url: f.double.responseUrl() };
      const result = await sendSlashCommand(f.url, f.double.world.signingSecret, command, options);
      expect(result.status).toBe(401);
      await f.settle();
      expect(f.double.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
      await f.inbound.slashCommand({ user: 'maria', channel: 'general', text: 'help' });
      await f.settle();
      expect(ephemeralTexts(f.double, USERS.maria)[0]?.split('\n')[0]).toBe('Here is what you can do here:');
    });
  });
});

describe('Slack adapter acknowledges before slow work', () => {
  let f: SlackFixture;

  beforeAll(async () => {
    f = await startSlackFixture();
  });

  afterAll(async () => {
    await f.close();
  });

  it('acks within 3 seconds while the answer takes longer', async () => {
    f.double.setLatency('chat.postEphemeral', 3_500);
    const result = await f.inbound.slashCommand({ user: 'maria', channel: 'general', text: 'help' });
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(3_000);
    expect(f.double.callsTo('chat.postEphemeral')).toEqual([]);
    await f.settle();
    expect(ephemeralTexts(f.double, USERS.maria)[0]?.split('\n')[0]).toBe('Here is what you can do here:');
  }, 10_000);
});
