import { afterEach, describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createHarness, type ChatHarness } from '../support/harness';
import { EN, SPACE, THREAD, ZH, toStories } from './mediation-support';

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
    expect(text(on)).toContain(`${space} bot: From now on, please write to me privately, in our direct messages (or with /mediation say <message>). I'll post your words here for you.`);
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

  it('posts a party\'s plain direct message as /mediation say would, and not once relay mode is off', async () => {
    h = await createHarness();
    const space = SPACE(EN);
    await toStories(h, EN);
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay on');
    const plain = await h.type('/as maria', '/dm', 'Last Friday the music woke me at midnight');
    expect(text(plain)).toContain(`${space} bot: maria writes: Last Friday the music woke me at midnight`);
    // Not taken for a new report.
    expect(text(plain)).not.toContain('What is it about?');
    // The mediator's private word still gets its answer privately, in relay mode too.
    await h.type('/as li social_worker', '/dm', `/mediation caucus chen ${EN.caucus}`);
    const answer = await h.type('/as chen', '/dm', EN.caucusReply);
    expect(answer).toContain(`[DM to li] bot: (Only you can see this) A private answer from chen:\n    ${EN.caucusReply}`);
    expect(text(answer)).not.toContain(`chen writes: ${EN.caucusReply}`);
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay off');
    const after = await h.type('/as maria', '/dm', 'The bin lid in block 3 is broken');
    expect(text(after)).not.toContain('maria writes');
    expect(text(after)).toContain('What is it about?');
  });

  it('reads a message written in the space in relay mode as any other: the writer is nudged, the mediator told, the flag counted', async () => {
    h = await createHarness();
    const space = SPACE(EN);
    await toStories(h, EN);
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay on');
    const calm = await h.type('/as chen', `/in ${THREAD}`, 'Can I just write here?');
    expect(text(calm)).toContain(`${space} bot (only chen can see this): The mediator has chosen relay mode`);
    expect(text(calm)).not.toContain('[DM to li]');
    const hostile = text(await h.type('It is all your fault'));
    expect(hostile).toContain(`${space} bot (only chen can see this): The mediator has chosen relay mode`);
    expect(hostile).toContain('[DM to li] bot: (Only you can see this) A message from chen in mediation M-1 may have come across as');
    expect(await h.app.outcomes.count({ types: ['mediation.tone_flagged'] })).toBe(1);
    // A message about safety pauses the mediation in relay mode too.
    const unsafe = text(await h.type('I am going to kill him'));
    expect(unsafe).toContain('[DM to li] bot: (Only you can see this) Mediation M-1 has been paused because a message from chen suggested someone may be at risk.');
    expect(await h.app.outcomes.count({ types: ['mediation.safety_paused'] })).toBe(1);
  });

  it('posts nothing for anyone while the mediation is paused, for safety or by the mediator, and says so privately', async () => {
    h = await createHarness();
    const space = SPACE(EN);
    await toStories(h, EN);
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay on');
    const unsafe = text(await h.type('/as chen', '/dm', 'I am going to kill him'));
    expect(unsafe).toContain("We're pausing here for now.");
    for (const words of ['Can we talk about the garage please.', '/mediation say Still waiting here.']) {
      const out = text(await h.type('/as maria', '/dm', words));
      expect(out).not.toContain('maria writes');
      expect(out).toContain('[DM to maria] bot: (Only you can see this) This conversation is paused for the moment. Your message hasn\'t been added');
    }
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation resume');
    expect(text(await h.type('/as maria', '/dm', 'Can we talk about the garage please.'))).toContain(`${space} bot: maria writes: Can we talk about the garage please.`);
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

describe('relay mode, for a party with a report waiting in their direct messages', () => {
  it('leaves the report its answers: relay mode asks the party nothing', async () => {
    h = await createHarness();
    const space = SPACE(EN);
    await toStories(h, EN);
    await h.type('/as maria', '/dm', '/feedback repairs');
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay on');
    const answer = await h.type('/as maria', '/dm', 'The lift in block 3 stops between floors');
    expect(text(answer)).toContain('Where is it?');
    expect(text(answer)).not.toContain(`${space} bot: maria writes`);
  });
});

describe('relay mode, with parties who chose different languages', () => {
  it('shows the suggestion in the writer’s language and posts the bot’s words in the language the other party reads, not the mediator’s', async () => {
    h = await createHarness();
    const space = SPACE(EN);
    // The mediator and maria read Chinese, chen English; the space speaks its channel's language, English.
    await h.type('/as li social_worker', '/language zh-CN', '/as maria', '/language zh-CN');
    await toStories(h, { ...EN, intake: { ...EN.intake, maria: ZH.intake.maria } });
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay on');
    const flagged = await h.type('/as maria', '/dm', `/mediation say ${ZH.flagged}`);
    expect(text(flagged)).toContain(`[DM to maria] bot: （仅您可见）您想按原话发出，还是改用下面这句？\n    “对我来说最重要的是：${ZH.intake.maria[1]}”`);
    const chosen = await h.type('2');
    // maria's own words go as she wrote them; the bot's around them are in English, as chen reads the space.
    expect(chosen).toContain(`${space} bot: maria writes: What matters most to me is: ${ZH.intake.maria[1]}`);
    expect(text(chosen)).not.toContain('maria writes: 对我来说最重要的是');
    // What the mediator posts stays as they wrote it.
    const posted = await h.type('/as li social_worker', `/in ${THREAD}`, `/mediation post ${ZH.reflection}`);
    expect(posted).toContain(`${space} bot: From the mediator: ${ZH.reflection}`);
  });

  it('for an English-speaking party in a space where the other party reads Chinese, suggests in English and posts the bot’s words in Chinese', async () => {
    const community = loadCommunity(EXAMPLE_COMMUNITY);
    h = await createHarness({ community: { ...community, channelLocales: { ...community.channelLocales, general: 'zh-CN' } } });
    await h.type('/as chen', '/language zh-CN');
    await toStories(h, EN);
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay on');
    const flagged = await h.type('/as maria', '/dm', '/mediation say It is all your fault');
    expect(text(flagged)).toContain(`[DM to maria] bot: (Only you can see this) Would you like to post your own words as they are, or this instead?\n    "What matters most to me is: ${EN.intake.maria[1]}"`);
    const chosen = text(await h.type('2'));
    expect(chosen).toContain(`bot: maria 说：对我来说最重要的是：${EN.intake.maria[1]}`);
    expect(chosen).not.toContain('What matters most to me is');
  });
});
