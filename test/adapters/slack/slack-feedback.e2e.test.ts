import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreCommands } from '../../../src/core/core-commands';
import { feedbackFeature } from '../../../src/feedback/feature';
import { builtinFunctions } from '../../../src/flows/builtin-functions';
import { CHANNELS, USERS } from '../../doubles/slack/index';
import { createFakeClock } from '../../support/harness';
import { createSlackPerson } from './slack-flow-steps';
import { startSlackFixture, type SlackFixture } from './slack-fixture';

describe('Slack end to end: one full feedback loop', () => {
  let f: SlackFixture;
  let person: ReturnType<typeof createSlackPerson>;

  beforeAll(async () => {
    f = await startSlackFixture({ flows: ['feedback'], features: [{ commands: coreCommands, functions: builtinFunctions }, feedbackFeature], clock: createFakeClock() });
    person = createSlackPerson(f);
  });

  afterAll(async () => {
    await f.close();
  });

  it('takes a report through a modal and private buttons, and posts it to the housing office', async () => {
    await person.command('maria', 'general', 'feedback start category=repairs');
    expect(f.double.callsTo('views.open')[0]?.response.ok).toBe(true);
    expect((f.double.views.at(-1)?.view as { title: { text: string } }).title.text).toBe('Tell us what happened');
    // The modal stops a resident at the length the bot takes (the community's 1000 characters), so
    // nothing they wrote is refused, and lost with the closed modal, after they send it.
    const inputs = (f.double.views.at(-1)?.view as { blocks: { block_id: string; element: { max_length?: number } }[] }).blocks;
    expect(inputs).toMatchObject([{ block_id: 'what', element: { max_length: 1000 } }, { block_id: 'where', element: { max_length: 200 } }]);
    await person.fill('maria', { what: 'The stairwell light is broken', where: 'Block 3' });
    expect(person.sees(CHANNELS.general, 'maria').join('\n')).toContain('How urgent is it for you?');
    await person.press('maria', CHANNELS.general, 2);
    await person.press('maria', CHANNELS.general, 2);
    await person.press('maria', CHANNELS.general, 1);
    expect(person.sees(CHANNELS.general, 'maria').join('\n')).toContain('Your report FB-0001 has gone to the housing office');
    expect(f.double.messagesIn(CHANNELS.general)).toEqual([]);
    expect(person.sees(CHANNELS.housingOffice, 'li')[0]).toContain('New report FB-0001 (Repairs, soon).');
  });

  it('lets the housing office act on it and tells the resident by DM', async () => {
    const office = f.double.messagesIn(CHANNELS.housingOffice)[0];
    if (!office) throw new Error('no post in the housing office');
    await person.pressValue('li', CHANNELS.housingOffice, office, '~acknowledge');
    const dm = person.dmOf('maria');
    expect(person.sees(dm, 'maria').join('\n')).toContain('An update on your report FB-0001: the housing office has seen it');
    expect(person.sees(CHANNELS.housingOffice, 'li').join('\n')).toContain('has acknowledged FB-0001. The resident has been told.');
  });

  it('closes the loop: resolved with a note, confirmed by the resident in the DM', async () => {
    const office = f.double.messagesIn(CHANNELS.housingOffice)[0];
    if (!office) throw new Error('no post in the housing office');
    await person.pressValue('li', CHANNELS.housingOffice, office, '~resolve');
    expect(person.sees(CHANNELS.housingOffice, 'li').join('\n')).toContain('Thank you. In a sentence or two, what was done?');
    await person.say('li', 'housing-office', `<@${f.double.world.bot.userId}> Replaced the bulb and the switch.`);
    const dm = person.dmOf('maria');
    expect(person.sees(dm, 'maria').join('\n')).toContain('Replaced the bulb and the switch.');
    expect(person.sees(CHANNELS.housingOffice, 'li').join('\n')).toContain('as resolved: Replaced the bulb and the switch.');
    await person.press('maria', dm, 1);
    expect(person.sees(dm, 'maria').at(-1)).toBe('Thank you for confirming. How well was it handled, from 1 (not well) to 5 (very well)?');
    const told = person.sees(dm, 'maria').length;
    await person.press('maria', dm, 5);
    expect(person.sees(dm, 'maria').length).toBeGreaterThan(told);
    expect(f.double.messages.filter((m) => m.ephemeralTo === USERS.maria && m.channel !== CHANNELS.general)).toEqual([]);
  });
});
