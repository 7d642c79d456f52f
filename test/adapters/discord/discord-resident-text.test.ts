import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riverside } from '../../doubles/discord';
import { createRecordingBot } from '../contract/recording-bot';
import { startDiscordRig, type DiscordRig } from './discord-fixture';

const { users, channels } = riverside;
const bot = createRecordingBot();
let rig: DiscordRig;

beforeAll(async () => {
  rig = await startDiscordRig(bot);
});
afterAll(async () => {
  await rig?.close();
});

describe('Discord: what a resident typed is shown as typed, and pings no one', () => {
  it('keeps markdown a resident typed from formatting the bot’s message, and links visible', async () => {
    const typed = [
      '# URGENT',
      '>>> the bins *never* get emptied, __ever__ ~~on time~~ ||really||',
      '```',
      '-# see [the official notice](https://evil.example/notice_1) @everyone <@1100000000000000301>',
    ].join('\n');
    bot.onEvent(async (event, outbox) => {
      if (event.kind === 'message') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: event.ref }, text: `New report FB-0007:\n${event.text}\nThe housing office will answer within a week.` });
    });
    rig.double.sendMessage({ channelId: channels.general, authorId: users.maria, content: `<@${riverside.botId}> ${typed}` });
    await bot.handled(1);
    const posted = rig.double.callsTo('POST', `/channels/${channels.general}/messages`).at(-1)?.body as { content: string; allowed_mentions: unknown };
    // Each marker is escaped, so Discord shows it as a character: no heading, quote, code block or
    // small text takes over the lines after it, and a link shows where it leads.
    expect(posted.content.split('\n')).toEqual([
      'New report FB-0007:',
      '\\# URGENT',
      '\\>>> the bins \\*never\\* get emptied, \\_\\_ever\\_\\_ \\~\\~on time\\~\\~ \\|\\|really\\|\\|',
      '\\`\\`\\`',
      '\\-# see \\[the official notice](https://evil.example/notice_1) @everyone <@1100000000000000301>',
      'The housing office will answer within a week.',
    ]);
    expect(posted.allowed_mentions).toEqual({ parse: [] });
  });
});
