import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../../src/core/core-commands';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { feedbackFeature } from '../../../src/feedback/feature';
import { defaultWorld, riverside } from '../../doubles/discord';
import { startDiscordApp, type DiscordAppRig } from './discord-fixture';
import { buttonsOf, createPerson } from './discord-flow-steps';

const { users, channels } = riverside;
const jo = '1100000000000000305';
let rig: DiscordAppRig;
let person: ReturnType<typeof createPerson>;

beforeAll(async () => {
  const world = defaultWorld();
  world.roles.push({ id: '1100000000000000203', name: 'housing' });
  world.users.push({ id: jo, username: 'jo', globalName: 'Jo' });
  world.members.push({ userId: jo, roleIds: ['1100000000000000203'] });
  rig = await startDiscordApp({ world, flows: ['feedback'], features: [{ commands: coreCommands, functions: builtinFunctions }, feedbackFeature] });
  person = createPerson(rig.double, () => rig.app.bot.idle());
});
afterAll(async () => {
  await rig?.close();
});

describe('Discord end to end: one full feedback loop', () => {
  it('takes a report through a modal and private buttons, and posts it to the housing office', async () => {
    const { double } = rig;
    const opened = await person.answered(double.sendSlashCommand({ name: 'feedback', subcommand: 'start', options: { category: 'repairs' }, userId: users.maria, channelId: channels.general }));
    expect(opened.type).toBe(9);
    expect(opened.data).toMatchObject({ title: 'Tell us what happened' });
    // The modal stops a resident at the length the bot takes (the community's 1000 characters), so
    // nothing they wrote is refused, and lost with the closed modal, after they send it.
    const inputs = (opened.data.components as { component?: { custom_id: string; max_length?: number } }[]).map((row) => row.component);
    expect(inputs).toMatchObject([{ custom_id: 'what', max_length: 1000 }, { custom_id: 'where', max_length: 200 }]);
    const urgency = await person.fill(channels.general, users.maria, { what: 'The stairwell light is broken', where: 'Block 3' });
    expect(urgency).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String(urgency.data.content)).toContain('How urgent is it for you?');
    await person.press(channels.general, users.maria, 2);
    await person.press(channels.general, users.maria, 2);
    const thanks = await person.press(channels.general, users.maria, 1);
    expect(thanks.data).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    expect(String(thanks.data.content)).toContain('Your report FB-0001 has gone to the housing office');
    expect(double.messagesIn(channels.housingOffice)[0]).toContain('New report FB-0001 (Repairs, soon).');
    // Nothing of the report was said in the shared channel.
    expect(double.botMessages(channels.general).filter((m) => (m.flags & 64) === 0)).toEqual([]);
  });

  it('lets the housing office act on it and tells the resident by DM', async () => {
    const { double } = rig;
    const before = double.callsTo('POST', '/users/@me/channels').length;
    await person.press(channels.housingOffice, jo, 1);
    expect(double.callsTo('POST', '/users/@me/channels').length).toBeGreaterThan(before);
    const dm = double.dmChannelFor(users.maria);
    expect(double.messagesIn(dm).join('\n')).toContain('An update on your report FB-0001: the housing office has seen it');
    expect(double.messagesIn(channels.housingOffice)).toContain('Jo has acknowledged FB-0001. The resident has been told.');
  });

  it('closes the loop: resolved with a note, confirmed by the resident in the DM', async () => {
    const { double } = rig;
    const office = double.botMessages(channels.housingOffice).find((m) => m.content.startsWith('New report FB-0001'));
    if (!office) throw new Error('no party post');
    const customId = buttonsOf(office).find((id) => id.endsWith('~resolve'));
    if (!customId) throw new Error('no resolve button');
    const resolve = await person.answered(double.clickButton({ customId, userId: jo, channelId: channels.housingOffice, messageId: office.id }));
    expect(String(resolve.data.content)).toContain('Thank you. In a sentence or two, what was done?');
    expect(resolve.data.flags).toBe(64);
    await person.say(channels.housingOffice, jo, `<@${riverside.botId}> Replaced the bulb and the switch.`);
    const dm = double.dmChannelFor(users.maria);
    expect(double.messagesIn(dm).join('\n')).toContain('Replaced the bulb and the switch.');
    expect(double.messagesIn(channels.housingOffice)).toContain('Jo has marked FB-0001 as resolved: Replaced the bulb and the switch.\nThe resident has been asked to confirm.');
    await person.press(dm, users.maria, 1);
    expect(double.messagesIn(dm).at(-1)).toBe('Thank you for confirming. How well was it handled, from 1 (not well) to 5 (very well)?');
    const told = double.messagesIn(dm).length;
    await person.press(dm, users.maria, 5);
    expect(double.messagesIn(dm).length).toBeGreaterThan(told);
  });
});
