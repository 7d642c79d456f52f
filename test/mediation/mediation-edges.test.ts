import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHarness, DAY, HOUR, type ChatHarness } from '../support/harness';
import { EN, OPEN, SPACE, THREAD, toProposal, toStories } from './mediation-support';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const text = (lines: string[]) => lines.join('\n');
const space = SPACE(EN);
const types = async (harness: ChatHarness) => (await harness.app.outcomes.query({ types: ['mediation.'] })).map((o) => `${o.type}${o.data.how ? `:${String(o.data.how)}` : ''}${o.data.kind ? `:${String(o.data.kind)}` : ''}`);

describe('a mediation that ends in withdrawal', () => {
  it('tells the others without blame, and a withdrawn party is told kindly it has ended', async () => {
    h = await createHarness();
    await toStories(h, EN);
    const out = await h.type('/as chen', `/in ${THREAD}`, '/mediation withdraw');
    expect(text(out)).toContain(`${space} bot (only chen can see this): You have stepped back from this mediation. Taking part is always voluntary; thank you for the part you took.`);
    expect(text(out)).toContain(`${space} bot: This mediation has ended because one of the participants has chosen to step back. Taking part is always voluntary. The mediator will be in touch about other kinds of support.`);
    const after = await h.type('I have more to say');
    expect(text(after)).toContain(`${space} bot (only chen can see this): This conversation has already ended. Thank you for taking part.`);
    expect(await types(h)).toContain('mediation.ended:withdrawn');
    // No agreement will come: a party asking for a copy is told so, not "not yet"; someone who
    // took part in none is told what a copy is.
    expect(text(await h.type('/as maria', '/dm', '/mediation copy'))).toContain('[DM to maria] bot: (Only you can see this) Your mediation ended without a written agreement, so there is no copy to send.');
    expect(text(await h.type('/as bob', '/dm', '/mediation copy'))).toContain("[DM to bob] bot: (Only you can see this) I couldn't find a mediation agreement for you. A copy is kept here for each person who took part in a mediation that reached one.");
  });
});

describe('going back in a mediation', () => {
  it('never goes back to opening the private space (no second space, the parties not asked again), and says moving on must wait', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title), '/as maria', '/dm', EN.yes, '/as chen', '/dm', '1');
    const out = text(await h.type('/as li social_worker', '/dm', '/mediation back'));
    expect(out).toContain('There is no earlier step to go back to from here, so the conversation stays where it is.');
    expect(out).not.toContain('opened a private thread');
    expect(out).not.toContain('In your own words, what happened?');
    // Moving on waits for the private questions: "not now", rather than a command the mediation does not know.
    const next = text(await h.type('/mediation next'));
    expect(next).toContain('"next" can\'t be used yet: this conversation is waiting for answers to its current question first. Nothing changed.');
    expect(next).not.toContain("isn't something this conversation understands");
    // The intake goes on where it was.
    expect(text(await h.type('/as maria', '/dm', EN.intake.maria[0]))).toContain('[DM to maria] bot:');
  });
});

describe('the safety rule', () => {
  it('pauses at once, alerts the mediator, shows the help lines, and never continues by itself', async () => {
    h = await createHarness();
    await toStories(h, EN);
    const out = await h.type('/as maria', `/in ${THREAD}`, 'I am going to kill him');
    expect(text(out)).toContain('Emergency services: 110 (police), 120 (ambulance)');
    expect(text(out)).toContain(`${space} bot (only maria can see this): `);
    expect(text(out)).toContain('[DM to li] bot: (Only you can see this) Mediation M-1 has been paused because a message from maria suggested someone may be at risk.');
    expect(text(out)).toContain(`${space} bot: We're pausing here for now. The mediator will be in touch with each of you privately.`);
    await h.advance(3 * DAY);
    const later = await h.type('/as chen', `/in ${THREAD}`, 'Can we go on?');
    expect(text(later)).toContain(`${space} bot (only chen can see this): This conversation is paused for the moment.`);
    const resumed = await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation resume');
    expect(text(resumed)).toContain(`${space} bot: We are continuing from where we paused. Thank you for waiting.`);
    const outcomes = await h.app.outcomes.query({ types: ['mediation.safety_paused'] });
    expect(outcomes.map((o) => o.data)).toEqual([{ mediation: 'M-1', kind: 'violence' }]);
    expect(JSON.stringify(outcomes)).not.toContain('kill');
  });
});

describe('the safety rule, for a party who chose another language', () => {
  it('shows the help lines and the suggestion in that party’s language', async () => {
    h = await createHarness();
    await h.type('/as maria', '/language zh-CN');
    await toStories(h, EN);
    const out = await h.type('/as maria', `/in ${THREAD}`, 'I am going to kill him');
    const toMaria = text(out).split('\n[').find((l) => l.includes('(only maria can see this)')) ?? '';
    expect(toMaria).toContain('紧急求助：110（报警），120（急救）');
    expect(toMaria).toContain('心理援助热线：12356');
    expect(toMaria).not.toContain('Emergency services');
  });
});

describe('an answer about one option that cannot be read', () => {
  it('asks again about that one option, without counting options', async () => {
    h = await createHarness();
    await toStories(h, EN);
    await h.type('/as maria', `/in ${THREAD}`, EN.chenStory, '/as li social_worker', `/in ${THREAD}`, '/mediation next');
    await h.type('/as chen', `/in ${THREAD}`, EN.chenStory, '/as li social_worker', `/in ${THREAD}`, '/mediation next', '/mediation next');
    await h.type('/as maria', `/in ${THREAD}`, EN.needs[0], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
    await h.type('/as maria', `/in ${THREAD}`, EN.options[0], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
    const unclear = text(await h.type('/as maria', '/dm', 'maybe'));
    expect(unclear).toContain("[DM to maria] bot: I couldn't quite read that. Please answer with the option's number and yes or no, for example: 1 yes.");
    expect(unclear).not.toContain('each of the 1 options');
  });
});

describe('the tone guard in a mediation', () => {
  it('nudges a party whose mockery has no swear word in it, tells the mediator the kind, and lets a civil complaint through', async () => {
    h = await createHarness();
    await toStories(h, EN);
    const out = await h.type('/as maria', `/in ${THREAD}`, 'Oh great, your music at 2am again, thanks so much for that.');
    expect(text(out)).toContain(`${space} bot (only maria can see this): It sounds like you have had enough of this`);
    expect(text(out)).toContain('[DM to li] bot: (Only you can see this) A message from maria in mediation M-1 may have come across as mockery (sarcasm or a scornful question).');
    const civil = await h.type('The music at 2am on Saturday kept me awake, and I was exhausted at work.');
    expect(text(civil)).not.toContain('only maria can see this');
    const outcomes = await h.app.outcomes.query({ types: ['mediation.tone_flagged'] });
    expect(outcomes.map((o) => o.data)).toEqual([{ mediation: 'M-1', kind: 'mockery' }]);
  });
});

describe('consent', () => {
  it('reminds a party who has not answered, then tells the mediator', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title), '/as maria', '/dm', 'yes');
    const reminder = await h.advance(24 * HOUR);
    expect(text(reminder)).toContain('[DM to chen] bot: Hello again. li invited you to a mediation about "Shared courtyard evenings". Whenever you\'re ready, you can answer yes or no here. There is no pressure either way.');
    expect(text(reminder)).not.toContain('[DM to maria]');
    const overdue = await h.advance(24 * HOUR);
    expect(text(overdue)).toContain("[DM to li] bot: (Only you can see this) chen hasn't answered the invitation to mediation M-1 yet, even after a reminder.");
    expect(h.lines.some((l) => l.includes('opened a private thread'))).toBe(false);
  });

  it('answers a party who writes privately while only the other is being asked, instead of saying nothing', async () => {
    h = await createHarness();
    await h.type('/as maria', '/language zh-CN', '/as li social_worker', '/in general', OPEN(EN.title), '/as maria', '/dm', '是');
    // Her "No" button, pressed after her "yes", changes nothing, and she is told so.
    expect(await h.type('2')).toContain('[DM to maria] bot: （仅您可见）这个问题您已经回答过了，谢谢，所以您的回答保持不变。');
    expect(await h.type('hello?')).toContain('[DM to maria] bot: 谢谢。现在这里暂时不需要您做什么，所以您的消息没有加进任何内容；需要的时候我会告诉您。输入 /help 可以查看您能做的事。');
    // chen, who is asked, still answers as before.
    expect(text(await h.type('/as chen', '/dm', 'yes'))).not.toContain('Nothing is needed from you');
  });

  it('names both parties who have not answered, in a sentence about both', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title));
    await h.advance(24 * HOUR);
    const overdue = await h.advance(24 * HOUR);
    expect(text(overdue)).toContain("[DM to li] bot: (Only you can see this) maria and chen haven't answered the invitation to mediation M-1 yet, even after a reminder.");
  });

  it('ends kindly for everyone when a party declines, and nobody is added to a space', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title), '/as maria', '/dm', 'yes');
    const out = await h.type('/as chen', '/dm', 'no');
    expect(text(out)).toContain('[DM to chen] bot: Thank you for letting us know. Taking part is always voluntary, and your choice is respected.');
    expect(text(out)).toContain("[DM to maria] bot: Mediation M-1 will not go ahead for now. Taking part is always voluntary, and this is nobody's fault.");
    // The mediator is told who declined, and is not told that "the mediator will be in touch".
    expect(text(out)).toContain('[DM to li] bot: (Only you can see this) chen has chosen not to take part, so mediation M-1 will not go ahead for now.');
    expect(out.filter((l) => l.startsWith('[DM to li]')).join('\n')).not.toContain('The mediator will be in touch');
    expect(h.lines.some((l) => l.includes('opened a private thread'))).toBe(false);
    expect(await types(h)).toEqual(['mediation.opened', 'mediation.stage_reached', 'mediation.consented', 'mediation.declined', 'mediation.ended:declined']);
  });
});

describe('bad input', () => {
  it('refuses to open with oneself, with the bot, with a malformed name, or by a resident', async () => {
    h = await createHarness();
    const out = await h.type(
      '/as li social_worker',
      '/in general',
      '/mediation open @li @chen "Courtyard"',
      '/mediation open @bot @chen "Courtyard"',
      '/mediation open @maria @<chen> "Courtyard"',
      '/as maria',
      '/mediation open @li @chen "Courtyard"',
    );
    expect(text(out)).toContain("can see this): As the mediator, you can't also be one of the participants.");
    expect(text(out)).toContain("can see this): I can't be a participant in a mediation.");
    expect(text(out)).toContain('can see this): "<chen>" doesn\'t look like someone I can reach.');
    expect(text(out)).toContain("[#general] bot (only maria can see this): Only a social worker can use /mediation open. If you'd like it done, you can ask one of them here.");
    expect(await h.app.outcomes.count({ types: ['mediation.'] })).toBe(0);
  });

  it('does not open a second mediation for the same parties', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title));
    const out = await h.type('/mediation open @chen @maria "Courtyard again"');
    expect(text(out)).toContain('can see this): There is already a mediation in progress between chen and maria.');
    expect(await h.app.outcomes.count({ types: ['mediation.opened'] })).toBe(1);
  });

  it('keeps non-parties out and mediator commands with the mediator', async () => {
    h = await createHarness();
    await toStories(h, EN);
    const out = await h.type('/as wang', `/in ${THREAD}`, 'Hello, what is this?', '/as maria', `/in ${THREAD}`, '/mediation next', '/mediation end agreement');
    expect(text(out)).toContain(`${space} bot (only wang can see this): This conversation is for its participants.`);
    expect(text(out)).toContain(`${space} bot (only maria can see this): Only a social worker can use /mediation next.`);
    expect(text(out)).toContain(`${space} bot (only maria can see this): Only a social worker can use /mediation end.`);
    expect(await types(h)).not.toContain('mediation.ended:agreement');
  });

  it('carries on after a restart in the middle of a turn', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-mediation-'));
    h = await createHarness({ dataDir });
    await toStories(h, EN);
    await h.restart();
    const out = await h.type('/as chen', `/in ${THREAD}`, EN.interruption, '/as li social_worker', `/in ${THREAD}`, '/mediation next');
    expect(text(out)).toContain(`${space} bot (only chen can see this): It's maria's turn to share.`);
    expect(text(out)).toContain(`${space} bot: It's chen's turn to share their side.`);
  });

  it('does not post an agreement confirmed by one party only', async () => {
    h = await createHarness();
    await toStories(h, EN);
    await toProposal(h, EN);
    const out = await h.type('/as maria', '/dm', 'yes');
    expect(text(out)).toContain('[DM to li] bot: (Only you can see this) maria has confirmed the agreement. Still to answer: chen.');
    expect(text(out)).toContain('[DM to maria] bot: Thank you for confirming. The agreement will be shared once everyone has confirmed.');
    expect(h.lines.some((l) => l.includes('Everyone has confirmed the agreement'))).toBe(false);
    expect(await h.app.outcomes.count({ types: ['mediation.agreement'] })).toBe(0);
  });

  it('sends no follow-up to a party who has left the community, and tells the mediator', async () => {
    h = await createHarness();
    await toStories(h, EN);
    await toProposal(h, EN);
    await h.type('/as maria', '/dm', 'yes', '/as chen', '/dm', 'yes');
    const noted = await h.type('/as li social_worker', '/dm', '/mediation left chen');
    expect(text(noted)).toContain('[DM to li] bot: (Only you can see this) Noted: chen has left the community. No more check-in questions will go to them.');
    const week = await h.advance(7 * DAY);
    expect(text(week)).toContain('[DM to maria] bot: Hello. It has been 7 days since your agreement.');
    expect(text(week)).not.toContain('[DM to chen]');
    expect(text(week)).toContain('[DM to li] bot: (Only you can see this) chen has left the community, so no check-in was sent to them for day 7.');
    const answered = await h.type('/as maria', '/dm', '1 kept, 2 partly');
    expect(text(answered)).toContain("[DM to li] bot: (Only you can see this) maria's check-in after 7 days:\n    1. kept\n    2. partly kept");
  });

  it('takes the mediator back to options when no option is acceptable to everyone', async () => {
    h = await createHarness();
    await toStories(h, EN);
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation next', '/mediation next', '/mediation next', '/mediation next', '/mediation next');
    await h.type('/as maria', `/in ${THREAD}`, EN.options[0], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
    const out = await h.type('/as maria', '/dm', '1 no', '/as chen', '/dm', '1 yes');
    expect(text(out)).toContain(`${space} bot: Thank you for weighing the options. None of them is acceptable to everyone yet, which is quite normal.`);
    expect(text(out)).toContain('[DM to li] bot: (Only you can see this) No option is acceptable to everyone yet.');
    const back = await h.type('/as li social_worker', '/dm', '1');
    expect(text(back)).toContain(`${space} bot: Thank you. What could help? Each of you is welcome to suggest options, one a message.`);
  });
});

describe('the ground rules, accepted by one party before the other', () => {
  it('tells that party, in their language, that their yes was noted and what happens next', async () => {
    h = await createHarness();
    await h.type('/as maria', '/language zh-CN');
    await h.type('/as li social_worker', '/in general', OPEN(EN.title));
    await h.type('/as maria', '/dm', '是', '/as chen', '/dm', 'yes');
    await h.type('/as maria', '/dm', ...EN.intake.maria, '/as chen', '/dm', ...EN.intake.chen);
    const first = await h.type('/as maria', `/in ${THREAD}`, '是');
    expect(first.at(-1)).toBe(`${space} bot (only maria can see this): 谢谢您同意这些约定。等大家都回复后，我们就开始。`);
    const last = await h.type('/as chen', `/in ${THREAD}`, 'yes');
    expect(text(last)).not.toContain('ground rules. We');
    expect(text(last)).toContain("It's maria's turn to share their side.");
  });
});

describe('a command that does not fit the moment', () => {
  it('during the stories, an unknown one is answered rather than met with silence', async () => {
    h = await createHarness();
    await toStories(h, EN);
    const out = await h.type('/as chen', `/in ${THREAD}`, '/mediation frob');
    expect(out.at(-1)).toBe(`${space} bot (only chen can see this): "frob" isn't something this conversation understands. Type /help to see what you can do.`);
  });

  it('after going back to the ground rules, tells the mediator it waits for answers, not that it does not understand', async () => {
    h = await createHarness();
    await toStories(h, EN);
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation back');
    const out = await h.type('/mediation next', '/mediation propose');
    expect(out).toContain(`${space} bot (only li can see this): "next" can't be used yet: this conversation is waiting for answers to its current question first. Nothing changed.`);
    expect(out).toContain(`${space} bot (only li can see this): "propose" can't be used yet: this conversation is waiting for answers to its current question first. Nothing changed.`);
    expect(text(out)).not.toContain("isn't something this conversation understands");
  });
});

describe('a party who answers the mediator\'s private word by simply writing back', () => {
  it('has the answer go to the mediator only, not start a report', async () => {
    h = await createHarness();
    await h.type('/as chen', '/language zh-CN');
    await toStories(h, EN);
    const asked = await h.type('/as li social_worker', '/dm', `/mediation caucus chen ${EN.caucus}`);
    expect(text(asked)).toContain('您可以直接在这里回复');
    const out = await h.type('/as chen', '/dm', EN.caucusReply);
    expect(out).toContain(`[DM to li] bot: (Only you can see this) A private answer from chen:\n    ${EN.caucusReply}`);
    expect(out.at(-1)).toBe('[DM to chen] bot: （仅您可见）谢谢，您的回复只发给了调解员。');
    expect(text(out)).not.toContain('请问是关于哪方面的');
    // Only the answer awaited is taken so: a later message is not passed to the mediator.
    const later = await h.type('The bin lid is broken');
    expect(text(later)).not.toContain('A private answer');
  });

  it('has the answer go to the mediator also when a report begun earlier waits in the same direct messages', async () => {
    h = await createHarness();
    await toStories(h, EN);
    // chen began a report by direct message earlier; it waits at "what happened?".
    const begun = await h.type('/as chen', '/dm', '/feedback repairs');
    expect(text(begun)).toContain('What happened, or what could be better?');
    await h.type('/as li social_worker', '/dm', `/mediation caucus chen ${EN.caucus}`);
    const out = await h.type('/as chen', '/dm', EN.caucusReply);
    expect(out).toContain(`[DM to li] bot: (Only you can see this) A private answer from chen:\n    ${EN.caucusReply}`);
    // The mediation's words are not filed as a report for a responsible party.
    expect(text(out)).not.toContain('Where is it?');
    expect(text(out)).not.toContain('[#housing-office]');
    // Once answered, what chen writes there goes on with the report that still waits.
    const report = await h.type('The lift in block 3 stops between floors');
    expect(text(report)).toContain('Where is it?');
    expect(text(report)).not.toContain('A private answer');
  });

  it('leaves a report begun after the mediator\'s word to take the answers to its own questions', async () => {
    h = await createHarness();
    await toStories(h, EN);
    await h.type('/as li social_worker', '/dm', `/mediation caucus chen ${EN.caucus}`);
    await h.type('/as chen', '/dm', '/feedback repairs');
    const out = await h.type('The lift in block 3 stops between floors');
    expect(text(out)).toContain('Where is it?');
    expect(text(out)).not.toContain('A private answer');
  });
});

describe('a party who asks for changes to the proposed agreement', () => {
  it('lets the other party know, in their language and without naming who, that there is nothing to answer for now', async () => {
    h = await createHarness();
    await h.type('/as chen', '/language zh-CN');
    await toStories(h, EN);
    await toProposal(h, EN);
    const out = await h.type('/as maria', '/dm', 'no');
    expect(out).toContain('[DM to chen] bot: 调解员正在修改协议。修改好后，您会收到新的版本再确认；在那之前不用回复。');
    expect(text(out)).not.toContain("[DM to maria] bot: The mediator is making some changes");
    expect(out.filter((l) => l.startsWith('[DM to chen]')).join('\n')).not.toContain('maria');
  });
});
