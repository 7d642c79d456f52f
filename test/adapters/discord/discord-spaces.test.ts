import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../../../src/core/actions';
import { riverside } from '../../doubles/discord';
import { createRecordingBot } from '../contract/recording-bot';
import { startDiscordRig, type DiscordRig } from './discord-fixture';
import { createPerson } from './discord-flow-steps';

const { users, channels } = riverside;
const bot = createRecordingBot([{ name: 'mediation', roles: ['resident'], description: 'core.help.intro', run: async () => undefined }]);
let rig: DiscordRig;
let opened: ActionResult | undefined;

beforeAll(async () => {
  rig = await startDiscordRig(bot);
});
afterAll(async () => {
  await rig?.close();
});

/** The opening of a mediation as the adapter renders it: consent asked by DM, then a private thread. */
describe('Discord: consent by DM button, then a private thread', () => {
  it('asks for consent in a DM with buttons, and the answer comes back as a choice from the DM', async () => {
    bot.onEvent(async (event, outbox) => {
      if (event.kind === 'command') {
        await outbox.perform({ kind: 'send', to: { kind: 'private', ref: event.ref, userId: event.user.id }, text: 'I have invited Chen to take part.' });
        await outbox.perform({
          kind: 'send',
          to: { kind: 'direct', platform: 'discord', userId: users.chen },
          text: 'Maria would like to talk things through with a mediator. Would you like to take part?',
          choices: [
            { value: 'm1~consent~yes', label: 'Yes, I would' },
            { value: 'm1~consent~no', label: 'Not now' },
          ],
        });
      }
      if (event.kind === 'choice' && event.value === 'm1~consent~yes') {
        opened = await outbox.perform({ kind: 'open-space', parent: { platform: 'discord', space: riverside.guildId, channel: 'mediation', direct: false }, name: 'Mediation M-1', private: true, members: [users.maria, users.chen, users.li], runId: 'm1' });
        if (opened.kind === 'space') await outbox.perform({ kind: 'send', to: { kind: 'conversation', ref: opened.ref }, text: 'Welcome. Only the three of you and the bot can see this thread.' });
      }
    });
    const person = createPerson(rig.double, () => bot.idle());
    const answer = await person.answered(rig.double.sendSlashCommand({ name: 'mediation', userId: users.maria, channelId: channels.general }));
    expect(answer.data).toMatchObject({ content: 'I have invited Chen to take part.', flags: 64 });
    const dm = rig.double.dmChannelFor(users.chen);
    expect(rig.double.callsTo('POST', '/users/@me/channels')[0]?.body).toEqual({ recipient_id: users.chen });
    expect(rig.double.messagesIn(dm)).toEqual(['Maria would like to talk things through with a mediator. Would you like to take part?']);
    await person.press(dm, users.chen, 1);
    expect(bot.events.at(-1)).toMatchObject({ kind: 'choice', value: 'm1~consent~yes', ref: { platform: 'discord', space: 'dm', direct: true }, user: { id: users.chen } });
  });

  it('opens a private thread (type 12) in the mediation channel with exactly the participants', async () => {
    const create = rig.double.callsTo('POST', `/channels/${channels.mediation}/threads`);
    expect(create[0]?.body).toMatchObject({ type: 12, name: 'Mediation M-1', invitable: false });
    const added = rig.double.callsTo('PUT', '/channels/:thread/thread-members/:user').map((c) => c.path.split('/').at(-1));
    expect(added).toEqual([users.maria, users.chen, users.li]);
    expect(opened).toMatchObject({ kind: 'space', ref: { platform: 'discord', space: riverside.guildId, channel: channels.mediation, direct: false } });
    const thread = opened?.kind === 'space' ? opened.ref.thread : undefined;
    expect(rig.double.messagesIn(thread ?? '')).toEqual(['Welcome. Only the three of you and the bot can see this thread.']);
  });

  it('hears a participant who mentions the bot in the thread, with the thread in the reference', async () => {
    const thread = opened?.kind === 'space' ? (opened.ref.thread ?? '') : '';
    const person = createPerson(rig.double, () => bot.idle());
    await person.say(thread, users.maria, `<@${riverside.botId}> I would like to be able to sleep after ten.`);
    expect(bot.events.at(-1)).toMatchObject({ kind: 'message', text: 'I would like to be able to sleep after ten.', ref: { channel: channels.mediation, thread } });
  });
});
