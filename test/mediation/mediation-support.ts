import type { ChatHarness } from '../support/harness';

/** What the participants write in one language, so the same mediation runs in en and zh-CN. */
export interface Words {
  locale: 'en' | 'zh-CN';
  title: string;
  yes: string;
  intake: { maria: [string, string, string]; chen: [string, string, string] };
  flagged: string;
  interruption: string;
  chenStory: string;
  reflection: string;
  needs: [string, string];
  options: [string, string, string];
  weighMaria: string;
  weighChen: string;
  followUpMaria: string;
  followUpChen: string;
  caucus: string;
  caucusReply: string;
}

export const OPEN = (title: string) => `/mediation open @maria @chen "${title}" project=courtyard-rules stage=consultation`;
export const THREAD = 't1';
export const SPACE = (w: Words) => (w.locale === 'en' ? `[#general › Mediation M-1: ${w.title} (t1)]` : `[#general › 调解 M-1：${w.title} (t1)]`);

/** Opens a mediation and takes it through consent, intake and the ground rules. */
export async function toStories(h: ChatHarness, w: Words): Promise<string[]> {
  const out: string[] = [];
  const more = async (...lines: string[]) => out.push(...(await h.type(...lines)));
  await more('/as li social_worker', '/in general');
  if (w.locale === 'zh-CN') await more('/language zh-CN');
  await more(OPEN(w.title));
  await more('/as maria', '/dm', w.yes, '/as chen', '/dm', '1');
  await more('/as maria', '/dm', ...w.intake.maria, '/as chen', '/dm', ...w.intake.chen);
  await more('/as maria', `/in ${THREAD}`, w.yes, '/as chen', `/in ${THREAD}`, w.yes);
  return out;
}

/** Every word the parties wrote, to look for in the outcome log. */
export function writtenWords(w: Words): string[] {
  return [
    ...w.intake.maria,
    ...w.intake.chen,
    w.flagged,
    w.interruption,
    w.chenStory,
    w.reflection,
    ...w.needs,
    ...w.options,
    w.caucus,
    w.caucusReply,
    w.title,
  ];
}

export const EN: Words = {
  locale: 'en',
  title: 'Shared courtyard evenings',
  yes: 'yes',
  intake: {
    maria: ['The music was loud every night', 'I need to sleep before my early shift', 'Quiet after 10pm on weekdays'],
    chen: ['We had a few birthday parties', 'My kids can play outside', 'A fair schedule for everyone'],
  },
  flagged: 'You always play music so late, it is your fault',
  interruption: 'That is simply not how it went',
  chenStory: 'We had three parties this summer',
  reflection: 'Thank you both. I hear that rest matters to Maria, and play and celebration to Chen.',
  needs: ['Quiet in the evenings on weekdays', 'Room for the children to play'],
  options: ['Music off by 10pm on weekdays', 'Parties end by 11pm on Saturdays', 'Children play in the courtyard until 8pm'],
  weighMaria: '1 yes, 2 yes, 3 no',
  weighChen: '1 yes 2 yes 3 yes',
  followUpMaria: '1 kept, 2 kept',
  followUpChen: '1 kept, 2 not kept',
  caucus: 'Would you be comfortable sharing how the parties are planned?',
  caucusReply: 'Yes, we plan them a week ahead',
};

export const ZH: Words = {
  locale: 'zh-CN',
  title: '庭院夜间使用',
  yes: '是',
  intake: {
    maria: ['每天晚上音乐都很吵', '我第二天要早起上班，需要睡好', '工作日晚上十点以后安静'],
    chen: ['我们办过几次生日聚会', '孩子们能在外面玩', '一个大家都觉得公平的安排'],
  },
  flagged: '你总是这么晚还放音乐',
  interruption: '事情根本不是这样的',
  chenStory: '今年夏天我们办了三次聚会',
  reflection: '谢谢两位。我听到休息对玛丽亚很重要，孩子玩耍和家庭聚会对陈先生很重要。',
  needs: ['工作日晚上安静一些', '孩子们有地方玩'],
  options: ['工作日晚上十点前关音乐', '周六聚会十一点前结束', '孩子们在院子里玩到八点'],
  weighMaria: '1 可以，2 可以，3 不行',
  weighChen: '1 可以，2 可以，3 可以',
  followUpMaria: '1 做到了，2 做到了',
  followUpChen: '1 做到了，2 没有',
  caucus: '您愿意说说聚会一般是怎么安排的吗？',
  caucusReply: '可以，我们一般提前一周安排',
};

/**
 * From the stories to an agreement sent to the parties for confirmation (two commitments, due by the
 * two dates given: later than the harness clock's day).
 */
export async function toProposal(h: ChatHarness, w: Words, by: [string, string] = ['2026-11-20', '2026-11-30']): Promise<string[]> {
  const out: string[] = [];
  const more = async (...lines: string[]) => out.push(...(await h.type(...lines)));
  await more('/as maria', `/in ${THREAD}`, w.flagged, '/as li social_worker', `/in ${THREAD}`, '/mediation next');
  await more('/as chen', `/in ${THREAD}`, w.chenStory, '/as li social_worker', `/in ${THREAD}`, '/mediation next', '/mediation next');
  await more('/as maria', `/in ${THREAD}`, w.needs[0], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
  await more('/as maria', `/in ${THREAD}`, w.options[0], '/as chen', `/in ${THREAD}`, w.options[1], w.options[2], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
  await more('/as maria', '/dm', w.weighMaria, '/as chen', '/dm', w.weighChen);
  await more('/as li social_worker', '/dm', `/mediation commitment 1 who=chen by=${by[0]}`, `/mediation commitment 2 who=both by=${by[1]}`, '/mediation propose');
  return out;
}
