import { loadCommunity } from '../../src/config/load';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, DAY, type ChatHarness } from '../support/harness';
import { EN, SPACE, THREAD, toStories, writtenWords, ZH, type Words } from './mediation-support';

let h: ChatHarness | undefined;
const text = (lines: string[]) => lines.join('\n');

/** The whole text, every two words in a row, and (for Chinese) every three characters in a row. */
function pieces(written: string): string[] {
  const words = written.split(/\s+/u);
  const pairs = words.slice(1).map((word, i) => `${words[i]} ${word}`);
  const chars = [...written.replace(/[\s，。、：；]/gu, '')];
  const han = /\p{Script=Han}/u.test(written) ? chars.slice(2).map((c, i) => `${chars[i]}${chars[i + 1]}${c}`) : [];
  return [written, ...pairs, ...han];
}
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const EXPECTED = {
  en: {
    started: '[#general] bot (only li can see this): Thank you. Mediation M-1 is set up. I\'m asking maria and chen privately whether they would like to take part; nobody is added to the private space before they agree. I\'ll keep you informed here and by direct message.',
    opened: '[#general] bot opened a private thread "Mediation M-1: Shared courtyard evenings" for li, maria, chen',
    turnMaria: "bot: It's maria's turn to share their side. Please take your time. Everyone else, please wait until it's your turn; the mediator will move on when maria has finished.",
    nudge: 'It sounds like this has happened more than once, and that is tiring. Would you like to talk about one particular time? For example: "Last Friday evening, I ..."',
    flag: '[DM to li] bot: (Only you can see this) A message from maria in mediation M-1 may have come across as an absolute (always or never). They have been invited privately to say it another way.',
    wait: "bot (only chen can see this): It's maria's turn to share. I've kept what you wrote, and you'll have your turn next.",
    reframe: "    maria: if I've understood you, what matters most to you is this: you need to sleep before your early shift.",
    accepted: ['bot: Thank you. These options are acceptable to everyone:', '    1. Music off by 10pm on weekdays', '    2. Parties end by 11pm on Saturdays'],
    sent: "[DM to li] bot: (Only you can see this) The agreement has gone to maria and chen to confirm. I'll tell you as each of them answers.",
    posted: ['bot: Everyone has confirmed the agreement. Thank you all for the care you have put into this.', '    1. chen: Music off by 10pm on weekdays (by 2026-11-20)', '    2. Both: Parties end by 11pm on Saturdays (by 2026-11-30)'],
    copy: '[DM to maria] bot: Here is a copy of your mediation agreement. Only you can see this message.',
    followUp: '[DM to maria] bot: Hello. It has been 7 days since your agreement. How are the commitments going?',
    meeting: '[DM to chen] bot: Thank you for telling us. If it would help, the mediator can arrange a follow-up meeting: type /mediation meeting and they will be in touch.',
    report: ["[DM to li] bot: (Only you can see this) chen's check-in after 7 days:", '    1. kept', '    2. not kept'],
    closing: 'bot: The check-ins for this agreement are complete, and this mediation is now closed. Thank you all for taking part.',
    caucus: '[DM to li] bot: (Only you can see this) A private answer from chen:',
  },
  'zh-CN': {
    started: '[#general] bot (only li can see this): 谢谢。调解 M-1 已经建好。我正在私下询问 maria和chen 是否愿意参加；在对方同意之前，不会把任何人加入私密空间。进展我会在这里和私信中告诉您。',
    opened: '[#general] bot opened a private thread "调解 M-1：庭院夜间使用" for li, maria, chen',
    turnMaria: 'bot: 现在请 maria 讲一讲自己的经历和感受，不用着急。其他人请先等一等，轮到您时再说；maria 讲完后，调解员会请下一位。',
    nudge: '听起来这种情况不止一次了，确实让人很累。要不要说说具体的某一次？比如：“上周五晚上，我……”',
    flag: '[DM to li] bot: （仅您可见）maria 在调解 M-1 中的一条消息听起来可能像是绝对化的说法（总是、从来）。我们已私下邀请对方换一种说法。',
    wait: "bot (only chen can see this): It's maria's turn to share. I've kept what you wrote, and you'll have your turn next.",
    reframe: '    maria：如果我理解得没错，对您最重要的是：您第二天要早起上班，需要睡好。',
    accepted: ['bot: 谢谢。以下方案大家都可以接受：', '    1. 工作日晚上十点前关音乐', '    2. 周六聚会十一点前结束'],
    sent: '[DM to li] bot: （仅您可见）协议已发给maria和chen确认。每位回复后，我都会告诉您。',
    posted: ['bot: 大家都已确认这份协议。谢谢各位的用心。', '    1. chen：工作日晚上十点前关音乐（2026-11-20 之前）', '    2. 双方：周六聚会十一点前结束（2026-11-30 之前）'],
    copy: '[DM to maria] bot: 这是您的调解协议副本，仅您可见：',
    followUp: '[DM to maria] bot: 您好。协议达成已经 7 天了，各项承诺进行得怎么样？',
    meeting: '[DM to chen] bot: 谢谢您告诉我们。如果有帮助，调解员可以安排一次回访会谈：输入 /mediation meeting，调解员会和您联系。',
    report: ['[DM to li] bot: （仅您可见）chen 在第 7 天的回访：', '    1. 做到了', '    2. 没有做到'],
    closing: 'bot: 这份协议的回访已经全部完成，本次调解到此结束。谢谢各位的参与。',
    caucus: '[DM to li] bot: （仅您可见）chen 的私下回复：',
  },
};

describe.each([EN, ZH])('a full mediation in $locale', (w: Words) => {
  it('runs from opening to the last follow-up, and the outcome log holds no words', async () => {
    // The mediation's space speaks the community's language; the mediator chose theirs with /language.
    h = await createHarness(w.locale === 'zh-CN' ? { community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale: 'zh-CN' } } : {});
    const e = EXPECTED[w.locale];
    const space = SPACE(w);
    const opening = await toStories(h, w);
    expect(text(opening)).toContain(e.started);
    expect(text(opening)).toContain(e.opened);
    expect(text(opening)).toContain(`${space} ${e.turnMaria}`);
    // The private answers reach the mediator by direct message, and nobody else.
    const answersSeen = opening.filter((l) => w.intake.maria.some((a) => l.includes(a)) && !l.startsWith('maria@'));
    expect(answersSeen.length).toBeGreaterThan(0);
    expect(h.lines.filter((l) => l.startsWith('[#general') && w.intake.maria.some((a) => l.includes(a)))).toHaveLength(0);

    // Stories: a tone nudge, an interruption kept for later, a caucus by direct message.
    const story = await h.type('/as maria', `/in ${THREAD}`, w.flagged, '/as chen', `/in ${THREAD}`, w.interruption);
    expect(text(story)).toContain(`${space} bot (only maria can see this): ${e.nudge}`);
    expect(text(story)).toContain(e.flag);
    if (w.locale === 'en') expect(text(story)).toContain(`${space} ${e.wait}`);
    const caucus = await h.type('/as li social_worker', '/dm', `/mediation caucus chen ${w.caucus}`, '/as chen', '/dm', `/mediation reply ${w.caucusReply}`);
    expect(caucus.some((l) => l.startsWith('[DM to chen] bot:'))).toBe(true);
    expect(text(caucus)).toContain(e.caucus);
    expect(caucus.filter((l) => l.includes(w.caucusReply) && l.includes('[#general'))).toHaveLength(0);
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation next', '/as chen', `/in ${THREAD}`, w.chenStory);
    const reflect = await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation next');
    expect(text(reflect)).toContain(e.reframe);
    await h.type(`/mediation post ${w.reflection}`, '/mediation next');

    // Needs, options, private weighing.
    await h.type('/as maria', `/in ${THREAD}`, w.needs[0], '/as chen', `/in ${THREAD}`, w.needs[1], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
    await h.type('/as maria', `/in ${THREAD}`, w.options[0], '/as chen', `/in ${THREAD}`, w.options[1], w.options[2], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
    const weighed = await h.type('/as maria', '/dm', w.weighMaria, '/as chen', '/dm', w.weighChen);
    for (const line of e.accepted) expect(text(weighed)).toContain(line);

    // The agreement: two commitments, each confirmed privately, then posted.
    const proposed = await h.type('/as li social_worker', '/dm', '/mediation commitment 1 who=chen by=2026-11-20', '/mediation commitment 2 who=both by=2026-11-30', '/mediation propose');
    // The mediator hears whom it went to, and nobody else hears it.
    expect(proposed.filter((l) => l.startsWith('[DM to li]')).at(-1)).toBe(e.sent);
    const confirmed = await h.type('/as maria', '/dm', w.yes, '/as chen', '/dm', w.yes);
    expect(text(confirmed)).toContain(`${space} ${e.posted[0]}`);
    for (const line of e.posted.slice(1)) expect(text(confirmed)).toContain(line);
    const copy = await h.type('/as maria', '/dm', '/mediation copy');
    expect(text(copy)).toContain(e.copy);

    // Follow-ups at 7 and 30 days.
    const week = await h.advance(7 * DAY);
    expect(text(week)).toContain(e.followUp);
    const answers = await h.type('/as maria', '/dm', w.followUpMaria, '/as chen', '/dm', w.followUpChen);
    expect(text(answers)).toContain(e.meeting);
    for (const line of e.report) expect(text(answers)).toContain(line);
    await h.advance(23 * DAY);
    const last = await h.type('/as maria', '/dm', w.followUpMaria, '/as chen', '/dm', w.followUpMaria);
    expect(text(last)).toContain(`${space} ${e.closing}`);

    const outcomes = await h.app.outcomes.query({ types: ['mediation.'] });
    const types = outcomes.map((o) => o.type);
    expect(types.filter((t) => t === 'mediation.consented')).toHaveLength(2);
    expect(outcomes.filter((o) => o.type === 'mediation.stage_reached').map((o) => o.data.stage)).toEqual([
      'consent', 'intake', 'ground_rules', 'stories', 'reflect', 'interests', 'options', 'weighing', 'agreement', 'follow_up',
    ]);
    expect(outcomes.find((o) => o.type === 'mediation.tone_flagged')?.data).toEqual({ mediation: 'M-1', kind: 'absolute' });
    expect(outcomes.find((o) => o.type === 'mediation.agreement')?.data).toEqual({ mediation: 'M-1', kind: 'full', commitments: 2 });
    expect(outcomes.filter((o) => o.type === 'mediation.follow_up')).toHaveLength(8);
    expect(outcomes.filter((o) => o.data.answer === 'not_kept')).toHaveLength(1);
    expect(outcomes.at(-1)?.type).toBe('mediation.ended');
    expect(outcomes.at(-1)?.data.how).toBe('agreement');
    expect(outcomes.every((o) => o.project === 'courtyard-rules' && o.stage === 'consultation')).toBe(true);

    const log = JSON.stringify(await h.app.outcomes.query({}));
    for (const written of writtenWords(w)) for (const piece of pieces(written)) expect(log).not.toContain(piece);
    expect(log).not.toContain('maria');
    expect(log).not.toContain('chen');
  });
});
