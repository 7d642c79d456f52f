import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';
import { EN, SPACE, THREAD, toStories } from './mediation-support';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const text = (lines: string[]) => lines.join('\n');

describe('relay mode', () => {
  it('lets a party write privately, see a suggestion, and choose what the bot posts', async () => {
    h = await createHarness();
    const space = SPACE(EN);
    await toStories(h, EN);
    const on = await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay on');
    expect(text(on)).toContain(`${space} bot: From now on, please write to me privately with /mediation say <message>. I'll post your words here for you.`);
    const calm = await h.type('/as maria', '/dm', '/mediation say Last Friday the music woke me at midnight');
    expect(text(calm)).toContain(`${space} bot: maria writes: Last Friday the music woke me at midnight`);
    const flagged = await h.type('/mediation say It is all your fault');
    expect(text(flagged)).toContain('[DM to maria] bot: (Only you can see this) Would you like to post your own words as they are, or this instead?\n    "What matters most to me is: I need to sleep before my early shift"');
    expect(text(flagged)).not.toContain(`${space} bot: maria writes: It is all your fault`);
    const chosen = await h.type('2');
    expect(text(chosen)).toContain(`${space} bot: maria writes: What matters most to me is: I need to sleep before my early shift`);
    const inSpace = await h.type('/as chen', `/in ${THREAD}`, 'Can I just write here?');
    expect(text(inSpace)).toContain(`${space} bot (only chen can see this): The mediator has chosen relay mode`);
  });

  it('asks "on or off?" about a word it does not know, instead of turning relay mode on', async () => {
    h = await createHarness();
    const space = SPACE(EN);
    await toStories(h, EN);
    const out = text(await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay maybe'));
    expect(out).toContain('Should relay mode be on or off? Please type /mediation relay on or /mediation relay off; nothing has changed yet.');
    expect(out).not.toContain('Relay mode is on.');
    expect(text(await h.type('/as chen', `/in ${THREAD}`, 'I can still write here'))).not.toContain(`${space} bot (only chen can see this): The mediator has chosen relay mode`);
  });
});
