import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riverside } from '../../doubles/discord';
import { InteractionCallback } from '../../doubles/discord';
import { createRecordingBot } from '../contract/recording-bot';
import { startDiscordRig, type DiscordRig } from './discord-fixture';

const { users, channels } = riverside;
let rig: DiscordRig;
let release: () => void = () => undefined;
const bot = createRecordingBot([{ name: 'summary', roles: ['resident'], description: 'core.help.intro', run: async () => undefined }]);

beforeAll(async () => {
  // The default deadline: defer after 2 s, inside Discord's 3.
  rig = await startDiscordRig(bot);
});
afterAll(async () => {
  release();
  await rig?.close();
});

describe('Discord: the first response comes before the 3-second deadline', () => {
  it('defers while the work is still going, then edits the deferred reply with the answer', async () => {
    const work = new Promise<void>((resolve) => (release = resolve));
    bot.onEvent(async (event, outbox) => {
      await work;
      await outbox.perform({ kind: 'send', to: { kind: 'private', ref: event.ref, userId: event.user.id }, text: 'Here is the summary of this week.' });
    });
    const { id } = rig.double.sendSlashCommand({ name: 'summary', userId: users.li, channelId: channels.general });
    // The work has not finished (it waits for `release`), yet Discord has its first response.
    const first = await rig.double.waitForInteractionResponse(id, 2_900);
    expect(first.type).toBe(InteractionCallback.DeferredChannelMessageWithSource);
    expect(first.data.flags).toBe(64);
    expect(rig.double.callsTo('PATCH', '/webhooks/:app/:token/messages/@original')).toHaveLength(0);
    release();
    const edit = await rig.double.waitForCall((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original'));
    expect(edit.body).toMatchObject({ content: 'Here is the summary of this week.', allowed_mentions: { parse: [] } });
  });
});
