import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationRef } from '../../../src/core/events';
import { silentLogger } from '../../../src/core/log';
import { createChannelDirectory } from '../../../adapters/slack/channels';
import { createPendingForms, createTriggers } from '../../../adapters/slack/forms';
import { createSlackOutbox, OPEN_FORM_PREFIX } from '../../../adapters/slack/outbound';
import { CHANNELS, USERS, createSlackDouble, type SlackDouble } from '../../doubles/slack/index';
import { memoryLogger } from '../../doubles/slack/memory-logger';

const say = async (_user: string | undefined, key: string) => `<${key}>`;

describe('Slack outbox against the Web API double', () => {
  let double: SlackDouble;
  let outbox: ReturnType<typeof createSlackOutbox>;
  let triggers: ReturnType<typeof createTriggers>;
  const general: ConversationRef = { platform: 'slack', space: 'T0CMNGRND', channel: CHANNELS.general, direct: false };

  beforeAll(async () => {
    double = await createSlackDouble();
    const client = new webApi.WebClient(double.world.tokens.bot, { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 }, timeout: 5_000, logger: memoryLogger() });
    triggers = createTriggers();
    outbox = createSlackOutbox({ client, channels: createChannelDirectory(client, silentLogger()), triggers, pendingForms: createPendingForms(), say, log: silentLogger(), botUserId: double.world.bot.userId });
  });

  afterAll(async () => {
    await double.close();
  });

  beforeEach(() => {
    double.clearRecords();
  });

  it('splits long text into sections under 3000 characters and messages Slack takes (50 blocks, 12,000 characters)', async () => {
    const paragraph = 'The lift on the east side has been out of order for a week. '.repeat(40).trim();
    const text = Array.from({ length: 60 }, () => paragraph).join('\n\n');
    const result = await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: general }, text });
    const posts = double.callsTo('chat.postMessage');
    // 60 paragraphs of 2,399 characters: five to a message.
    expect(posts.length).toBe(12);
    for (const post of posts) {
      expect(post.response.ok).toBe(true);
      const blocks = post.args.blocks as Array<{ text: { text: string } }>;
      expect(blocks.length).toBeLessThanOrEqual(50);
      for (const block of blocks) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      expect(blocks.reduce((sum, block) => sum + block.text.text.length, 0)).toBeLessThanOrEqual(12_000);
    }
    const shown = posts.flatMap((p) => (p.args.blocks as Array<{ text: { text: string } }>).map((b) => b.text.text)).join('\n\n');
    expect(shown).toBe(text);
    expect(result).toEqual({ kind: 'sent', messageRef: `m|${CHANNELS.general}|${double.messagesIn(CHANNELS.general).at(-1)?.ts}` });
  });

  it('posts a kept answer sent again (a long one, in a thread) only where its parts are missing', async () => {
    const root = await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: general }, text: 'A thread' });
    const thread = { ...general, thread: (root as { messageRef: string }).messageRef.split('|')[2] ?? '' };
    const paragraph = 'The lift on the east side has been out of order for a week. '.repeat(40).trim();
    const text = Array.from({ length: 10 }, () => paragraph).join('\n\n');
    const answer = { kind: 'send' as const, to: { kind: 'conversation' as const, ref: thread }, text, keptAs: 'seen:slack:Ev1#0' };
    await outbox.perform(answer);
    // The process that sent it died before forgetting it, after Slack took the first of its two messages only.
    const second = double.messagesIn(CHANNELS.general).at(-1);
    if (second) second.deleted = true;
    const inThread = () => double.messagesIn(CHANNELS.general).filter((m) => m.threadTs === thread.thread && !m.deleted);
    expect(inThread()).toHaveLength(1);

    await outbox.perform({ ...answer, resent: true });
    expect(double.callsTo('conversations.replies').map((call) => call.args)).toMatchObject([{ channel: CHANNELS.general, ts: thread.thread, include_all_metadata: 'true' }]);
    expect(inThread().map((m) => (m.metadata as { event_payload: { part: number } }).event_payload.part)).toEqual([0, 1]);
    await outbox.perform({ ...answer, resent: true });
    expect(inThread()).toHaveLength(2);
  });

  it('sends a kept answer again when Slack cannot say whether it was sent (twice rather than never)', async () => {
    const answer = { kind: 'send' as const, to: { kind: 'conversation' as const, ref: general }, text: 'Here is what you can do.', keptAs: 'seen:slack:Ev2#0', resent: true };
    double.failNext('conversations.history', 'ratelimited');
    await outbox.perform(answer);
    expect(double.messagesIn(CHANNELS.general).filter((m) => m.text === 'Here is what you can do.')).toHaveLength(1);
  });

  it('shows a few choices as buttons and many as a menu', async () => {
    await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: general }, text: 'Which day?', choices: [{ value: 'r~s~mon', label: 'Monday', style: 'primary' }, { value: 'r~s~tue', label: 'Tuesday' }] });
    const buttons = double.callsTo('chat.postMessage')[0]?.args.blocks as unknown[];
    expect(buttons[1]).toEqual({
      type: 'actions',
      block_id: 'cg_choices',
      elements: [
        { type: 'button', action_id: 'cg_choice_0', text: { type: 'plain_text', text: 'Monday', emoji: true }, value: 'r~s~mon', style: 'primary' },
        { type: 'button', action_id: 'cg_choice_1', text: { type: 'plain_text', text: 'Tuesday', emoji: true }, value: 'r~s~tue' },
      ],
    });
    const many = Array.from({ length: 30 }, (_, i) => ({ value: `r~s~${i}`, label: `Option ${i + 1}` }));
    await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: general }, text: 'Pick one', choices: many });
    const menu = (double.callsTo('chat.postMessage')[1]?.args.blocks as Array<{ type: string; elements?: Array<{ type: string; options?: unknown[]; placeholder?: { text: string } }> }>)[1];
    expect(menu?.elements?.[0]?.type).toBe('static_select');
    expect(menu?.elements?.[0]?.options).toHaveLength(30);
    expect(menu?.elements?.[0]?.placeholder?.text).toBe('<slack.choose>');
  });

  it('edits a posted message in place', async () => {
    const sent = await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: { ...general, thread: '1700000000.000001' } }, text: 'Working on it' });
    expect(sent.kind).toBe('sent');
    if (sent.kind !== 'sent') return;
    expect(double.callsTo('chat.postMessage')[0]?.args.thread_ts).toBe('1700000000.000001');
    await outbox.perform({ kind: 'edit', ref: general, messageRef: sent.messageRef, text: 'Here is the summary' });
    expect(double.callsTo('chat.update')[0]?.response.ok).toBe(true);
    expect(double.messagesIn(CHANNELS.general).map((m) => m.text)).toEqual(['Here is the summary']);
  });

  it('sends a direct message through conversations.open', async () => {
    await outbox.perform({ kind: 'send', to: { kind: 'direct', platform: 'slack', userId: USERS.chen }, text: 'A reminder about tomorrow' });
    const open = double.callsTo('conversations.open')[0];
    expect(open?.args.users).toBe(USERS.chen);
    const dm = (open?.response.channel as { id: string }).id;
    expect(double.messagesIn(dm).map((m) => m.text)).toEqual(['A reminder about tomorrow']);
  });

  it('posts to a configured channel by name', async () => {
    await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: { ...general, channel: 'housing-office' } }, text: 'A new report' });
    expect(double.messagesIn(CHANNELS.housingOffice).map((m) => m.text)).toEqual(['A new report']);
  });

  it('keeps a private reply private by DM when the person is not in the channel', async () => {
    await outbox.perform({ kind: 'send', to: { kind: 'private', ref: { ...general, channel: 'housing-office' }, userId: USERS.maria }, text: 'Only for you' });
    expect(double.callsTo('chat.postEphemeral')[0]?.response.ok).toBe(false);
    const dm = (double.callsTo('conversations.open')[0]?.response.channel as { id: string } | undefined)?.id ?? '';
    expect(double.messagesIn(dm).map((m) => m.text)).toEqual(['Only for you']);
  });

  it('opens a private channel with only the people named, and a thread otherwise', async () => {
    const opened = await outbox.perform({ kind: 'open-space', parent: general, name: 'Mediation M-3', private: true, members: [USERS.maria, USERS.chen, USERS.li], runId: 'r1' });
    const created = double.callsTo('conversations.create')[0];
    expect(String(created?.args.is_private)).toBe('true');
    expect(String(created?.args.name)).toMatch(/^mediation-m-3-[0-9a-f]{6}$/);
    const channel = double.world.channels.find((c) => c.name === created?.args.name);
    expect(channel?.isPrivate).toBe(true);
    expect([...(channel?.members ?? [])].sort()).toEqual([USERS.chen, USERS.li, USERS.maria, double.world.bot.userId].sort());
    expect(opened).toEqual({ kind: 'space', ref: { platform: 'slack', space: 'T0CMNGRND', channel: channel?.id, direct: false } });
    const thread = await outbox.perform({ kind: 'open-space', parent: general, name: 'Dialogue: the courtyard', private: false, members: [], runId: 'r2' });
    const root = double.messagesIn(CHANNELS.general).at(-1);
    expect(thread).toEqual({ kind: 'space', ref: { ...general, thread: root?.ts } });
  });

  it('opens a modal while the trigger is fresh, and offers a button when it is not', async () => {
    const form = { kind: 'form' as const, userId: USERS.maria, ref: general, formId: 'run~report~form', title: 'Tell us what happened here', fields: [{ id: 'what', label: 'What happened?', kind: 'long' as const, required: true, maxLength: 1000 }] };
    triggers.remember(USERS.maria, double.triggerId());
    await outbox.perform(form);
    const view = double.callsTo('views.open')[0]?.args.view as { title: { text: string }; private_metadata: string; blocks: unknown[] };
    expect(double.callsTo('views.open')[0]?.response.ok).toBe(true);
    expect(view.title.text).toBe('Tell us what happened h…');
    expect(JSON.parse(view.private_metadata)).toEqual({ f: 'run~report~form', s: 'T0CMNGRND', c: CHANNELS.general, d: false });
    expect(view.blocks).toEqual([
      { type: 'input', block_id: 'what', optional: false, label: { type: 'plain_text', text: 'What happened?' }, element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 1000 } },
    ]);

    double.clearRecords();
    await outbox.perform(form);
    expect(double.callsTo('views.open')).toEqual([]);
    const offer = double.callsTo('chat.postEphemeral')[0];
    expect(offer?.args.user).toBe(USERS.maria);
    const button = (offer?.args.blocks as Array<{ elements?: Array<{ value: string; text: { text: string } }> }>)[1]?.elements?.[0];
    expect(button?.text.text).toBe('<slack.form.open>');
    expect(button?.value.startsWith(OPEN_FORM_PREFIX)).toBe(true);
  });
  /** A summary in Chinese: no spaces to split on, about 28,000 characters. */
  const summary = Array.from({ length: 500 }, (_, i) => `第${i + 1}项：东侧庭院的路灯晚上十点以后不亮，晚归的居民觉得不安全，物业已经答应本周内检查线路并更换坏掉的灯泡。`).join('');
  const sectionsOf = (posts: ReturnType<SlackDouble['callsTo']>) => posts.flatMap((p) => (p.args.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text?.text ?? ''));

  it('posts a long answer in Chinese whole, in messages Slack takes, with the choices after the last part', async () => {
    const choices = Array.from({ length: 12 }, (_, i) => ({ value: `r~vote~${i + 1}`, label: `选项${i + 1}`, numbered: true }));
    await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: general }, text: summary, choices });
    const posts = double.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) expect(post.response.ok).toBe(true);
    expect(sectionsOf(posts).join('')).toBe(summary);
    const last = (posts.at(-1)?.args.blocks as Array<{ type: string; elements?: unknown[] }>).at(-1);
    expect(last).toMatchObject({ type: 'actions' });
    expect(last?.elements).toHaveLength(12);
  });

  it('replaces "Working on it" in a DM with the whole of a long answer', async () => {
    const note = await outbox.perform({ kind: 'send', to: { kind: 'direct', platform: 'slack', userId: USERS.li }, text: 'Working on it…' });
    if (note.kind !== 'sent') throw new Error('the note was not sent');
    const dm: ConversationRef = { platform: 'slack', space: 'T0CMNGRND', channel: note.messageRef.split('|')[1] ?? '', direct: true };
    await outbox.perform({ kind: 'edit', ref: dm, messageRef: note.messageRef, text: summary, userId: USERS.li });
    expect(double.callsTo('chat.update')[0]?.response.ok).toBe(true);
    for (const post of double.callsTo('chat.postMessage')) expect(post.response.ok).toBe(true);
    const shown = double.messagesIn(dm.channel).flatMap((m) => (m.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? ''));
    expect(shown.join('')).toBe(summary);
  });
});
