import { afterEach, describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import type { Locale } from '../../src/config/schema';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createHarness, DAY, type ChatHarness } from '../support/harness';
import { EN, THREAD, ZH, type Words } from '../mediation/mediation-support';
import { EVERYONE, typeAs, voteAll } from '../dialogue/transcript';

let h: ChatHarness;
afterEach(async () => h.close());

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** Who a bot line was for: a person (DM or only-you) or everyone in a channel. */
function recipientOf(line: string): { person: string } | { channel: string } | null {
  const dm = /^\[DM to ([^\]]+)\] bot/.exec(line);
  if (dm) return { person: dm[1] as string };
  const only = /^\[[^\]]*\] bot \(only (\S+) can see this\)/.exec(line);
  if (only) return { person: only[1] as string };
  const channel = /^\[#([^\]›]+?)(?: › [^\]]*)?\] bot:/.exec(line);
  return channel ? { channel: channel[1] as string } : null;
}

/** The language of the bot's own words in a line (what people wrote themselves is left out). */
function languageOf(line: string, written: string[]): Locale {
  let words = line.replace(/^\[[^\]]*\] bot[^:]*: /, '');
  for (const w of [...written].sort((a, b) => b.length - a.length)) words = words.split(w).join('');
  return CJK.test(words) ? 'zh-CN' : 'en';
}

interface Cast {
  community: Locale;
  other: Locale;
  /** People who chose the other language with /language. */
  others: string[];
}

/** Each message the bot printed, whole: its first line with the indented lines after it (more text, its buttons). */
function messagesOf(lines: string[]): string[] {
  const whole: string[] = [];
  for (const line of lines) {
    if (line.startsWith('    ') && whole.length > 0) whole[whole.length - 1] += `\n${line}`;
    else whole.push(line);
  }
  return whole;
}

/** A mediation's space, which writes each message for all its readers (`spaceSpeaks: everyone`). */
const MEDIATION_SPACE = /^\[#[^\]›]+ › (Mediation|调解) M-\d+/;

/**
 * Every bot message, buttons included, reached its reader in their language: people in theirs,
 * channels in the community's; a mediation's space in the community's, then in the other language
 * its readers read (a blank line between, a button's labels as "Yes / 是").
 */
function expectEachInOwnLanguage(lines: string[], cast: Cast, written: string[]): number {
  let checked = 0;
  for (const line of messagesOf(lines)) {
    const to = recipientOf(line);
    if (!to) continue;
    if ('channel' in to && MEDIATION_SPACE.test(line)) {
      const [text = '', ...buttons] = line.split(/\n {4}(?=\[1\])/);
      const parts = text.split('\n    \n');
      expect({ line, languages: parts.map((part) => languageOf(part, written)) }).toEqual({ line, languages: [cast.community, cast.other] });
      for (const button of buttons.join('').match(/\[\d+\] [^[]+/g) ?? []) {
        expect({ button, languages: button.replace(/^\[\d+\] /, '').split(' / ').map((label) => languageOf(label, [])) }).toEqual({ button, languages: [cast.community, cast.other] });
      }
    } else {
      const expected = 'person' in to && cast.others.includes(to.person) ? cast.other : cast.community;
      expect({ line, language: languageOf(line, written) }).toEqual({ line, language: expected });
    }
    checked += 1;
  }
  return checked;
}

const WRITTEN = {
  en: {
    question: 'Which evening suits you?',
    options: ['Tuesday', 'Thursday'],
    report: 'The stairwell light in building 4 is broken',
    done: 'Replaced the bulb',
    title: 'Courtyard evenings',
    intake: ['The music was loud', 'I need to sleep', 'Quiet after 10pm'],
    yes: 'yes',
  },
  'zh-CN': {
    question: '哪天晚上合适？',
    options: ['周二', '周四'],
    report: '4号楼楼道的灯坏了',
    done: '换了灯泡',
    title: '庭院夜间使用',
    intake: ['音乐很吵', '我需要睡好', '十点以后安静'],
    yes: '是',
  },
} as const;

const NAMES = ['wang', 'li', 'mei', 'ann', 'jo', 'maria', 'chen'];

describe.each([
  { community: 'en', other: 'zh-CN' },
  { community: 'zh-CN', other: 'en' },
] as const)('a $community community with $other residents', ({ community, other }) => {
  const cast: Cast = { community, other, others: ['mei', 'li', 'maria'] };
  const mine = WRITTEN[community];
  const theirs = WRITTEN[other];
  const written = [...NAMES, ...Object.values(WRITTEN).flatMap((w) => [w.question, ...w.options, w.report, w.done, w.title, ...w.intake, w.yes])];

  const open = async () => {
    h = await createHarness({ community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale: community } });
    for (const who of cast.others) await h.type(`/as ${who}`, `/language ${other}`);
  };

  it('a poll: each voter is thanked in their own language, the channel hears the community’s', async () => {
    await open();
    const lines = [
      ...(await h.type('/as wang coordinator', '/in general', `/poll "${mine.question}" "${mine.options[0]}" "${mine.options[1]}" --closes 2d`)),
      ...(await h.type('/as mei', '1', '/as ann', '2')),
      ...(await h.type('/as li social_worker', `/poll "${theirs.question}" "${theirs.options[0]}" "${theirs.options[1]}" --closes 1d`)),
      ...(await h.type('/as ann', '/poll vote 1', '/as mei', '/poll vote 2')),
      ...(await h.advance(2 * DAY)),
    ];
    expect(expectEachInOwnLanguage(lines, cast, written)).toBeGreaterThanOrEqual(8);
  });

  it('a report: the party’s channel and the member who answers read the community’s language, the resident theirs', async () => {
    await open();
    const lines = [
      ...(await h.type('/as mei', '/in general', '/feedback', '1', theirs.report, '-', '2', 'no', 'yes')),
      ...(await h.type('/as jo housing', '/in housing-office', '1', '3', mine.done)),
      ...(await h.type('/as mei', '/dm', '1', '5')),
    ];
    const party = lines.filter((l) => l.startsWith('[#housing-office] bot'));
    expect(party.length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => l.startsWith('[DM to mei]')).length).toBeGreaterThanOrEqual(3);
    expect(expectEachInOwnLanguage(lines, cast, written)).toBeGreaterThanOrEqual(10);
  });

  it('a mediation from the stories to each party’s copy of the agreement: nudges, the reframes, the agreement, each in its reader’s language', async () => {
    await open();
    // Each person writes in their own language: maria and the mediator chose the other one.
    const says = (who: string): Words => ((cast.others.includes(who) ? other : community) === 'en' ? EN : ZH);
    const [maria, chen] = [says('maria'), says('chen')];
    const allWritten = [...written, ...[EN, ZH].flatMap((w) => [w.title, ...w.intake.maria, ...w.intake.chen, w.flagged, w.chenStory, ...w.needs, ...w.options, w.weighMaria, w.weighChen, w.yes, w.reflection])];
    const lines = [
      ...(await h.type('/as li social_worker', '/in general', `/mediation open @maria @chen "${mine.title}" project=courtyard-rules stage=consultation`)),
      ...(await h.type('/as maria', '/dm', maria.yes, '/as chen', '/dm', chen.yes)),
      ...(await h.type('/as maria', '/dm', ...maria.intake.maria, '/as chen', '/dm', ...chen.intake.chen)),
      ...(await h.type('/as maria', `/in ${THREAD}`, maria.yes, '/as chen', `/in ${THREAD}`, chen.yes)),
      ...(await h.type('/as maria', `/in ${THREAD}`, maria.flagged, '/as li social_worker', `/in ${THREAD}`, '/mediation next')),
      ...(await h.type('/as chen', `/in ${THREAD}`, chen.flagged, chen.chenStory, '/as li social_worker', `/in ${THREAD}`, '/mediation next', '/mediation next')),
      ...(await h.type('/as maria', `/in ${THREAD}`, maria.needs[0], '/as li social_worker', `/in ${THREAD}`, '/mediation next')),
      ...(await h.type('/as maria', `/in ${THREAD}`, maria.options[0], '/as chen', `/in ${THREAD}`, chen.options[1], chen.options[2], '/as li social_worker', `/in ${THREAD}`, '/mediation next')),
      ...(await h.type('/as maria', '/dm', maria.weighMaria, '/as chen', '/dm', chen.weighChen)),
      ...(await h.type('/as li social_worker', '/dm', '/mediation commitment 1 who=chen by=2026-11-20', '/mediation commitment 2 who=both by=2026-11-30', '/mediation propose')),
      ...(await h.type('/as maria', '/dm', maria.yes, '/as chen', '/dm', chen.yes)),
      ...(await h.type('/as maria', '/dm', '/mediation copy', '/as chen', '/dm', '/mediation copy')),
    ];
    // The private thread is named in the language of the channel it opens from, whoever opened it.
    const opened = /opened a private thread "([^"]*)"/.exec(lines.find((l) => l.includes('opened a private thread')) ?? '')?.[1] ?? '';
    expect(opened).toContain(mine.title);
    expect(languageOf(opened, [mine.title])).toBe(community);
    const to = (who: string) => messagesOf(lines).filter((l) => l.startsWith(`[DM to ${who}]`) || l.includes(`(only ${who} can see this)`));
    // What each of them was told about their tone, the mediator's reframes, and each copy of the agreement.
    expect(to('li').length).toBeGreaterThanOrEqual(8);
    expect(to('maria').filter((l) => l.startsWith('[DM to maria]')).length).toBeGreaterThanOrEqual(8);
    expect(to('chen').filter((l) => l.startsWith('[DM to chen]')).length).toBeGreaterThanOrEqual(8);
    // What matters to each party, said back to them in the reframes by the rules of the language they wrote it in.
    expect(to('li').join('\n')).toContain(chen === EN ? 'your kids can play outside' : '孩子们能在外面玩');
    expect(to('li').join('\n')).toContain(maria === EN ? 'you need to sleep before your early shift' : '您第二天要早起上班');
    // Each copy of the agreement, and the agreement each confirmed, in the party's own words for "both" and "by".
    for (const [who, w] of [['maria', maria], ['chen', chen]] as const) {
      const both = w === EN ? 'Both:' : '双方：';
      expect(to(who).filter((l) => l.includes(both)).length, who).toBeGreaterThanOrEqual(2);
    }
    expect(expectEachInOwnLanguage(lines, cast, allWritten)).toBeGreaterThanOrEqual(30);
  });

  it('a mediation: each party and the mediator in their own language, the shared space in the community’s and then theirs', async () => {
    await open();
    const w = WRITTEN[community];
    const lines = [
      ...(await h.type('/as li social_worker', '/in general', `/mediation open @maria @chen "${w.title}" project=courtyard-rules stage=consultation`)),
      ...(await h.type('/as maria', '/dm', w.yes, '/as chen', '/dm', w.yes)),
      ...(await h.type('/as maria', '/dm', ...w.intake, '/as chen', '/dm', ...w.intake)),
      ...(await h.type('/as maria', '/in t1', w.yes, '/as chen', '/in t1', w.yes)),
    ];
    expect(lines.filter((l) => l.startsWith('[DM to maria]')).length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((l) => l.startsWith('[DM to chen]')).length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((l) => l.startsWith('[DM to li]')).length).toBeGreaterThanOrEqual(1);
    expect(expectEachInOwnLanguage(lines, cast, written)).toBeGreaterThanOrEqual(12);
  });
});

describe.each([
  { community: 'en', other: 'zh-CN' },
  { community: 'zh-CN', other: 'en' },
] as const)('a structured dialogue in a $community community, facilitated in $other', ({ community, other }) => {
  it('gives the facilitator and the residents who chose the other language theirs, and the thread the community’s', async () => {
    const cast: Cast = { community, other, others: ['li', 'ann', 'dev'] };
    const topic = 'Courtyard parking';
    const statements = ['Keep the courtyard quiet after 10pm', 'Children need a safe place to play', 'Keep the parking spaces in the courtyard', 'Turn the parking spaces into a garden', 'Cars should park on the street outside', 'Put up more bike racks'];
    const said = EVERYONE.map((who) => `As ${who}, the courtyard matters to me.`);
    const written = [...NAMES, ...EVERYONE, topic, ...statements, ...said, 'Put up quiet-hours signs', '2026-11-20'];
    h = await createHarness({ community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale: community } });
    for (const who of cast.others) await h.type(`/as ${who}`, `/language ${other}`);
    const lines = [...(await h.type('/as li social_worker', '/in general', `/dialogue start "${topic}" project=courtyard-rules stage=consultation perspectives=20m`, '/in t1'))];
    for (const who of EVERYONE) lines.push(...(await typeAs(h, who, '/in t1', '/dialogue join')));
    lines.push(...(await typeAs(h, 'li', '/dialogue next')));
    for (const [i, who] of EVERYONE.entries()) lines.push(...(await typeAs(h, who, said[i] as string)));
    lines.push(...(await typeAs(h, 'li', '/dialogue shares', '/dialogue extend 5', '/dialogue next')));
    for (const [i, who] of EVERYONE.entries()) lines.push(...(await typeAs(h, who, '/in t1', `+ ${statements[i]}`)));
    lines.push(...(await voteAll(h)));
    lines.push(...(await typeAs(h, 'li', '/in t1', '/dialogue next', '/dialogue next', '/dialogue action "Put up quiet-hours signs" owner=residents-committee due=2026-11-20', '/dialogue close')));
    lines.push(...(await h.advance(30 * DAY)));
    // The residents' committee's channel is reminded of its action in the community's language.
    expect(lines.some((l) => l.startsWith('[#residents-committee] bot:'))).toBe(true);
    expect(messagesOf(lines).filter((l) => l.startsWith('[DM to li]') || l.includes('(only li can see this)')).length).toBeGreaterThanOrEqual(5);
    expect(expectEachInOwnLanguage(lines, cast, written)).toBeGreaterThanOrEqual(40);
  });
});

describe('a mediator who changes language mid-mediation', () => {
  it('reads the parties’ intake answers, their flags and the reframes in the language now chosen', async () => {
    h = await createHarness();
    const w = EN;
    await h.type('/as li social_worker', '/in general', `/mediation open @maria @chen "${w.title}" project=courtyard-rules stage=consultation`);
    await h.type('/as maria', '/dm', w.yes, '/as chen', '/dm', w.yes);
    await h.type('/as li', '/language zh-CN');
    const lines = [
      ...(await h.type('/as maria', '/dm', ...w.intake.maria, '/as chen', '/dm', ...w.intake.chen)),
      ...(await h.type('/as maria', `/in ${THREAD}`, w.yes, '/as chen', `/in ${THREAD}`, w.yes)),
      ...(await h.type('/as maria', `/in ${THREAD}`, w.flagged, '/as li social_worker', `/in ${THREAD}`, '/mediation next')),
      ...(await h.type('/as chen', `/in ${THREAD}`, w.chenStory, '/as li social_worker', `/in ${THREAD}`, '/mediation next')),
    ];
    const toLi = messagesOf(lines).filter((l) => l.startsWith('[DM to li]'));
    const written = [...NAMES, w.title, ...w.intake.maria, ...w.intake.chen, w.flagged, w.chenStory];
    expect(toLi.length).toBeGreaterThanOrEqual(3);
    for (const line of toLi) expect({ line, language: languageOf(line, written) }).toEqual({ line, language: 'zh-CN' });
    // The intake block names each answer in Chinese, and the reframes turn to the listener there too.
    const told = toLi.join('\n');
    expect(told).toContain(`- 最重要的是：${w.intake.maria[1]}`);
    expect(told).toContain('如果我理解得没错');
    expect(told).not.toMatch(/What happened|What matters most|If I've understood/);
  });
});

describe('options, when someone changes language mid-conversation', () => {
  it('are listed again in the language now chosen, after an answer that is none of them', async () => {
    h = await createHarness();
    await h.type('/as mei', '/in general', '/feedback', '1', 'The stairwell light in building 4 is broken', '-');
    const asked = await h.type('/language zh-CN', 'purple');
    const again = messagesOf(asked).find((line) => line.includes('请输入序号')) ?? '';
    expect(again).toContain('1. 不急');
    expect(again).not.toMatch(/It can wait|Soon, please|Urgent/);
    // The option's label in the language now chosen answers too, and the report goes on in it, down to who it went to and when they answer.
    const next = await h.type('不急');
    expect(languageOf(messagesOf(next).find((line) => line.includes('bot')) ?? '', ['mei'])).toBe('zh-CN');
    const filed = messagesOf(await h.type('no', 'yes')).find((line) => line.includes('FB-0001') && (line.startsWith('[DM to mei]') || line.includes('(only mei can see this)'))) ?? '';
    expect(filed).toContain('已转给住房办公室');
    expect(filed).not.toMatch(/housing office|hours|days/);
  });
});

describe('the language a platform gives', () => {
  const event = (n: number, locale: string | undefined, args: string[]) => ({
    kind: 'command',
    name: 'poll',
    args,
    options: {},
    eventId: `platform-locale-${n}`,
    ref: { platform: 'local', space: 'local', channel: 'general', direct: false },
    user: { id: 'kai', name: 'kai', platformRoles: [], ...(locale ? { locale } : {}) },
    canOpenForm: false,
  });

  it('is used when the person chose none, and their own /language comes first', async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/poll "Which evening?" "Tuesday" "Thursday" --closes 2d');
    const before = h.lines.length;
    await h.app.bot.handle(event(1, 'zh-CN', ['vote', '1']));
    await h.app.bot.handle(event(2, 'zh-TW', ['vote', '2']));
    const told = h.lines.slice(before);
    expect(told).toHaveLength(2);
    for (const line of told) expect(languageOf(line, ['kai', 'Tuesday', 'Thursday'])).toBe('zh-CN');
    // Later messages without the platform's word still use it; /language overrides it.
    await h.type('/as kai', '/poll vote 1');
    expect(languageOf(h.lines.at(-1) ?? '', ['kai', 'Tuesday', 'Thursday'])).toBe('zh-CN');
    await h.type('/language en', '/poll vote 2');
    expect(languageOf(h.lines.at(-1) ?? '', ['kai', 'Tuesday', 'Thursday'])).toBe('en');
    await h.app.bot.handle(event(3, 'zh-CN', ['vote', '1']));
    expect(languageOf(h.lines.at(-1) ?? '', ['kai', 'Tuesday', 'Thursday'])).toBe('en');
  });
});
