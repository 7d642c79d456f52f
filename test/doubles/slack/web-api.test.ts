import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, USERGROUPS, USERS, createSlackDouble } from './index';
import type { SlackDouble } from './index';
import { memoryLogger } from './memory-logger';

describe('Web API double through the real WebClient', () => {
  let double: SlackDouble;
  let client: webApi.WebClient;

  beforeAll(async () => {
    double = await createSlackDouble();
    client = new webApi.WebClient(double.world.tokens.bot, {
      slackApiUrl: double.apiUrl,
      retryConfig: { retries: 0 },
      logger: memoryLogger(),
    });
  });

  afterAll(async () => {
    await double.close();
  });

  it('checks the token', async () => {
    const stranger = new webApi.WebClient('xoxb-not-ours', { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    const app = new webApi.WebClient(double.world.tokens.app, { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } });
    await expect(app.chat.postMessage({ channel: CHANNELS.general, text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_allowed_token_type' },
    });
  });

  it('lists the channels the bot can see, by type', async () => {
    const publicOnly = await client.conversations.list({ types: 'public_channel' });
    expect(publicOnly.channels?.map((c) => c.name)).toEqual(['general']);
    const both = await client.conversations.list({ types: 'public_channel,private_channel' });
    expect(both.channels?.map((c) => c.id)).toEqual([CHANNELS.general, CHANNELS.housingOffice]);
  });

  it('records unknown methods and answers unknown_method', async () => {
    await expect(client.apiCall('reactions.teleport', { channel: CHANNELS.general })).rejects.toMatchObject({
      data: { ok: false, error: 'unknown_method' },
    });
    expect(double.callsTo('reactions.teleport')).toHaveLength(1);
  });

  it('accepts JSON bodies too', async () => {
    const response = await fetch(`${double.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${double.world.tokens.bot}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: CHANNELS.general, text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: CHANNELS.general });
    expect(double.callsTo('chat.postMessage').at(-1)?.args.blocks).toEqual([{ type: 'divider' }]);
  });

  it('updates, links and parses blocks of posted messages', async () => {
    const posted = await client.chat.postMessage({ channel: CHANNELS.general, text: 'v1', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'v1' } }] });
    expect(double.callsTo('chat.postMessage').at(-1)?.args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'v1' } }]);
    const ts = posted.ts ?? '';
    const updated = await client.chat.update({ channel: CHANNELS.general, ts, text: 'v2' });
    expect(updated.ok).toBe(true);
    expect(double.messages.find((m) => m.ts === ts)?.text).toBe('v2');
    const link = await client.chat.getPermalink({ channel: CHANNELS.general, message_ts: ts });
    expect(link.permalink).toContain(`/archives/${CHANNELS.general}/p${ts.replace('.', '')}`);
    await expect(client.chat.update({ channel: CHANNELS.general, ts: '1.000000', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
  });

  it('keeps message metadata and returns it from history and replies when asked', async () => {
    const metadata = { event_type: 'commonground_answer', event_payload: { answer: 'seen:slack:E1#0', part: 0 } };
    const root = await client.chat.postMessage({ channel: CHANNELS.general, text: 'top', metadata });
    const reply = await client.chat.postMessage({ channel: CHANNELS.general, text: 'in thread', thread_ts: root.ts ?? '', metadata });
    const history = await client.conversations.history({ channel: CHANNELS.general, include_all_metadata: true, limit: 5 });
    expect(history.messages?.[0]).toMatchObject({ ts: root.ts, text: 'top', metadata });
    // Thread replies are not in the channel's history; they are in the thread's replies.
    expect(history.messages?.some((m) => m.ts === reply.ts)).toBe(false);
    const thread = await client.conversations.replies({ channel: CHANNELS.general, ts: root.ts ?? '', include_all_metadata: true });
    expect(thread.messages?.map((m) => [m.text, (m as { metadata?: unknown }).metadata])).toEqual([['top', metadata], ['in thread', metadata]]);
    // Without include_all_metadata, Slack leaves it out.
    const plain = await client.conversations.history({ channel: CHANNELS.general, limit: 1 });
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
  });

  it('enforces Slack limits on blocks and section text', async () => {
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(client.chat.postMessage({ channel: CHANNELS.general, text: 'x', blocks: tooMany })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    const long = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    await expect(client.chat.postMessage({ channel: CHANNELS.general, text: 'x', blocks: long })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    // Each section under 3,000 characters, but more than Slack takes in one message's blocks.
    const tooMuch = Array.from({ length: 5 }, () => ({ type: 'section', text: { type: 'plain_text', text: 'x'.repeat(2500) } }));
    await expect(client.chat.postMessage({ channel: CHANNELS.general, text: 'x', blocks: tooMuch })).rejects.toMatchObject({
      data: { error: 'msg_blocks_too_long' },
    });
  });

  it('opens DMs, creates private channels and invites people', async () => {
    const dm = await client.conversations.open({ users: USERS.li });
    expect(dm.channel?.id).toMatch(/^D/);
    await client.chat.postMessage({ channel: dm.channel?.id ?? '', text: 'A case needs you' });
    expect(double.messagesIn(dm.channel?.id ?? '')).toHaveLength(1);

    const created = await client.conversations.create({ name: 'mediation-42', is_private: true });
    const id = created.channel?.id ?? '';
    expect(created.channel).toMatchObject({ is_private: true, name: 'mediation-42' });
    await client.conversations.invite({ channel: id, users: `${USERS.maria},${USERS.chen}` });
    const members = await client.conversations.members({ channel: id });
    expect(members.members).toEqual([double.world.bot.userId, USERS.maria, USERS.chen]);
    const info = await client.conversations.info({ channel: id });
    expect(info.channel).toMatchObject({ id, is_private: true, is_member: true });
    await expect(client.conversations.create({ name: 'mediation-42' })).rejects.toMatchObject({ data: { error: 'name_taken' } });
  });

  it('knows people and user groups', async () => {
    const li = await client.users.info({ user: USERS.li });
    expect(li.user).toMatchObject({ id: USERS.li, real_name: 'Li Na', profile: { title: 'social worker' } });
    const groups = await client.usergroups.list({ include_users: true });
    const social = groups.usergroups?.find((g) => g.handle === 'social-workers');
    expect(social).toMatchObject({ id: USERGROUPS.socialWorkers, users: [USERS.li] });
    const users = await client.usergroups.users.list({ usergroup: USERGROUPS.socialWorkers });
    expect(users.users).toEqual([USERS.li]);
    await expect(client.users.info({ user: 'U0NOBODY00' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
  });

  it('runs the files.uploadV2 flow', async () => {
    const result = await client.filesUploadV2({
      channel_id: CHANNELS.housingOffice,
      filename: 'report.csv',
      content: 'indicator,value\nresolved,3\n',
      title: 'Monthly report',
      initial_comment: 'This month',
    });
    expect(result.ok).toBe(true);
    expect(double.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(double.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const file = [...double.files.values()][0];
    expect(file?.data?.toString('utf8')).toBe('indicator,value\nresolved,3\n');
    expect(file).toMatchObject({ completed: true, channel: CHANNELS.housingOffice, title: 'Monthly report' });
    expect(double.messagesIn(CHANNELS.housingOffice).at(-1)?.text).toBe('This month');
  });

  it('refuses expired and reused trigger ids', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Hi' }, blocks: [] };
    const trigger = double.triggerId();
    await client.views.open({ trigger_id: trigger, view });
    await expect(client.views.open({ trigger_id: trigger, view })).rejects.toMatchObject({ data: { error: 'trigger_exchanged' } });
    const short = await createSlackDouble({ triggerTtlMs: 0 });
    try {
      const shortClient = new webApi.WebClient(short.world.tokens.bot, { slackApiUrl: short.apiUrl, retryConfig: { retries: 0 } });
      const old = short.triggerId();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await expect(shortClient.views.open({ trigger_id: old, view })).rejects.toMatchObject({ data: { error: 'expired_trigger_id' } });
    } finally {
      await short.close();
    }
  });

  it('can fail or rate-limit the next call', async () => {
    double.failNext('chat.postMessage', 'channel_is_archived');
    await expect(client.chat.postMessage({ channel: CHANNELS.general, text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_is_archived' },
    });
    double.rateLimitNext('chat.postMessage', 0);
    const limited = new webApi.WebClient(double.world.tokens.bot, {
      slackApiUrl: double.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
    await expect(limited.chat.postMessage({ channel: CHANNELS.general, text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
    });
    const ok = await client.chat.postMessage({ channel: CHANNELS.general, text: 'after' });
    expect(ok.ok).toBe(true);
  });
});
