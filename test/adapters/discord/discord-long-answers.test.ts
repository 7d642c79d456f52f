import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, Audience } from '../../../src/core/actions';
import type { InboundEvent } from '../../../src/core/events';
import { riverside } from '../../doubles/discord';
import { createRecordingBot } from '../contract/recording-bot';
import { startDiscordRig, type DiscordRig } from './discord-fixture';

const { users, channels } = riverside;
const bot = createRecordingBot([{ name: 'summary', roles: ['resident'], description: 'core.help.intro', run: async () => undefined }]);
let rig: DiscordRig;
let handled = 0;

beforeAll(async () => {
  rig = await startDiscordRig(bot);
});
afterAll(async () => {
  await rig?.close();
});

/** A summary in Chinese: no spaces to split on, about 4,600 characters. */
const report = Array.from({ length: 40 }, (_, i) => `第${i + 1}项：东侧庭院的路灯晚上十点以后不亮，晚归的居民觉得不安全，物业已经答应本周内检查线路并更换坏掉的灯泡。`).join('');

/** Like a slow command: "Working on it" first, then the answer replaces it. */
async function slowAnswer(to: (event: InboundEvent) => Audience, text: string): Promise<void> {
  bot.onEvent(async (event, outbox) => {
    const note: ActionResult = await outbox.perform({ kind: 'send', to: to(event), text: 'Working on it…' });
    if (note.kind !== 'sent') throw new Error('the note was not sent');
    await outbox.perform({ kind: 'edit', ref: event.ref, messageRef: note.messageRef, text });
  });
  const { id } = rig.double.sendSlashCommand({ name: 'summary', userId: users.li, channelId: channels.general });
  await bot.handled((handled += 1));
  await rig.double.waitForInteractionResponse(id);
}

describe('Discord: an answer longer than one message replaces "Working on it" whole', () => {
  it('keeps every character of a long answer shown to everyone, in messages Discord accepts', async () => {
    const before = rig.double.botMessages(channels.general).length;
    await slowAnswer((event) => ({ kind: 'conversation', ref: event.ref }), report);
    const shown = rig.double.botMessages(channels.general).slice(before).filter((m) => (m.flags & 64) === 0).map((m) => m.content);
    expect(shown.length).toBeGreaterThan(1);
    for (const piece of shown) expect([...piece].length).toBeLessThanOrEqual(2000);
    expect(shown.join('')).toBe(report);
  });

  it('keeps every character of a long private answer, and keeps it private', async () => {
    const before = rig.double.botMessages(channels.general).length;
    await slowAnswer((event) => ({ kind: 'private', ref: event.ref, userId: event.user.id }), report);
    const messages = rig.double.botMessages(channels.general).slice(before);
    expect(messages.every((m) => (m.flags & 64) === 64)).toBe(true);
    const shown = messages.map((m) => m.content);
    for (const piece of shown) expect([...piece].length).toBeLessThanOrEqual(2000);
    expect(shown.join('')).toBe(report);
  });
});
