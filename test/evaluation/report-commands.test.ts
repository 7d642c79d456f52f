import { afterEach, describe, expect, it } from 'vitest';
import type { ChartFonts } from '../../src/evaluation/chart';
import { createEvaluationFeature, evaluationFeature } from '../../src/evaluation/commands';
import type { Outcome } from '../../src/evaluation/outcome';
import { features } from '../../src/features';
import { createHarness, HOUR, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

const START = Date.parse('2026-11-02T09:00:00Z');
const actor = (n: number) => `p_${n.toString(16).padStart(16, '0')}`;

/** One report filed and acknowledged after `hours`, for a party, in the building stage. */
function acknowledged(ref: string, party: string, hours: number): Outcome[] {
  const base = { mechanism: 'service' as const, project: 'riverside-renewal', stage: 'building', flow: 'feedback', step: null, run: null, party };
  return [
    { ...base, id: `${ref}-filed`, at: START - 100 * HOUR, type: 'feedback.filed', actors: [actor(1)], data: { ref, category: 'repairs', urgency: 'normal', anonymous: false } },
    { ...base, id: `${ref}-ack`, at: START - (100 - hours) * HOUR, type: 'feedback.acknowledged', actors: [actor(2)], data: { ref, category: 'repairs', hours } },
  ];
}

/** The bot's features, its report drawn with these fonts rather than this machine's. */
const withFonts = (fonts: ChartFonts) => features.map((feature) => (feature === evaluationFeature ? createEvaluationFeature({ fonts: () => fonts }) : feature));
/** A machine with a Chinese font (the bars do not depend on it, only whether its labels can be drawn). */
const CHINESE_FONT: ChartFonts = { files: [], chinese: true };

async function withReports(fonts: ChartFonts = CHINESE_FONT) {
  h = await createHarness({ features: withFonts(fonts) });
  await h.app.outcomes.append([
    ...acknowledged('FB-1', 'housing-office', 10),
    ...acknowledged('FB-2', 'housing-office', 30),
    ...acknowledged('FB-3', 'housing-office', 20),
    ...acknowledged('FB-4', 'property-management', 60),
    ...acknowledged('FB-5', 'property-management', 70),
    ...acknowledged('FB-6', 'property-management', 80),
  ]);
}

/** The printed lines, one a line (a message with a code block spans several). */
const flat = (lines: string[]) => lines.flatMap((line) => line.split(/\r?\n/));
const rowsOf = (lines: string[], indicator: string) => flat(lines).filter((line) => line.trim().startsWith(`${indicator} `)).map((line) => line.trim().replace(/\s+/g, ' '));

describe('/stage', () => {
  it('lets a coordinator mark a stage started and finished, once each, in the outcome log', async () => {
    h = await createHarness();
    expect(await h.type('/as wang coordinator', '/stage start listening')).toContain(
      '[#general] bot (only wang can see this): Thank you. The Listening stage of Riverside renewal is now marked as started.',
    );
    await h.advance(3 * HOUR);
    expect(await h.type('/stage finish Listening riverside-renewal', '/stage finish listening')).toEqual([
      'wang@#general> /stage finish Listening riverside-renewal',
      '[#general] bot (only wang can see this): Thank you. The Listening stage of Riverside renewal is now marked as finished.',
      'wang@#general> /stage finish listening',
      '[#general] bot (only wang can see this): The Listening stage of Riverside renewal was already marked as finished on 2026-11-02, so nothing has changed.',
    ]);
    expect((await h.type('/language zh-CN', '/stage finish listening')).at(-1)).toBe(
      '[#general] bot (only wang can see this): 河畔社区微更新的“倾听阶段”已在 2026-11-02 标记为结束，这次没有改动。',
    );
    await h.type('/language en');
    expect(await h.type('/stage start planting riverside-renewal')).toContain(
      '[#general] bot (only wang can see this): Riverside renewal has no stage called planting. Its stages are: Listening (listening), Building (building), and Review (review).',
    );
    const log = await h.app.outcomes.query({ types: ['project.'] });
    expect(log.map((o) => [o.type, o.project, o.stage, o.data.stage, o.mechanism, o.at - START, o.actors.length])).toEqual([
      ['project.stage_started', 'riverside-renewal', 'listening', 'listening', 'problem_solving', 0, 1],
      ['project.stage_finished', 'riverside-renewal', 'listening', 'listening', 'problem_solving', 3 * HOUR, 1],
    ]);
    expect(log[0]?.actors[0]).toMatch(/^p_[0-9a-f]{16}$/);
  });

  it('names a stage no project has as such, with the stages there are, instead of asking for a project', async () => {
    h = await createHarness();
    const lines = await h.type('/as wang coordinator', '/stage start planting');
    expect(lines.at(-1)).toBe(
      '[#general] bot (only wang can see this): No project has a stage called planting. The stages are: Riverside renewal: Listening (listening), Building (building), and Review (review); Courtyard rules: Consultation (consultation).',
    );
    // In Chinese, by their Chinese names, listed as Chinese lists them.
    expect((await h.type('/language zh-CN', '/stage finish planting')).at(-1)).toBe(
      '[#general] bot (only wang can see this): 没有哪个项目有名为“planting”的阶段。各项目的阶段有：河畔社区微更新：倾听阶段（listening）、实施阶段（building）和评估阶段（review）；庭院公约：协商阶段（consultation）。',
    );
    expect(await h.app.outcomes.count({ types: ['project.'] })).toBe(0);
  });

  it('is for coordinators only', async () => {
    h = await createHarness();
    const lines = await h.type('/as maria', '/stage start building');
    expect(lines.at(-1)).toMatch(/^\[#general\] bot \(only maria can see this\): Only .* can use \/stage/);
    expect(await h.app.outcomes.count({ types: ['project.'] })).toBe(0);
  });
});

describe('/report', () => {
  it('gives a coordinator every party, as a table in a code block and the chart as a PNG', async () => {
    await withReports();
    const lines = flat(await h.type('/as wang coordinator', '/report riverside-renewal'));
    // The answer replaces "Working on it"; the chart follows as a file.
    expect(lines[2]).toBe("[#general] bot (only wang can see this): Working on it. This can take a few seconds; I'll update this message when it's ready.");
    // The project by the name the coordinator knows it by.
    expect(lines[3]).toBe('[#general] bot (updated, only wang can see this): Here is where Riverside renewal stands today. The chart is attached.');
    expect(lines.at(-2)).toBe('[#general] bot (only wang can see this): Here is the chart, as a picture.');
    expect(lines[4]).toBe('    ```');
    expect(rowsOf(lines, 'Hours to acknowledge')).toEqual([
      'Hours to acknowledge the housing office 20 ≤ 48 3 yes -',
      'Hours to acknowledge property management 70 ≤ 48 3 not yet -',
      "Hours to acknowledge the residents' committee not enough data (n=0) ≤ 48 0 - -",
    ]);
    expect(lines.at(-1)).toBe('    (attached: report-riverside-renewal.png)');
  });

  it('shows a member of a responsible party only their own party', async () => {
    await withReports();
    const lines = flat(await h.type('/as jo housing', '/report'));
    expect(lines).toContain('    Responsible party: the housing office');
    expect(rowsOf(lines, 'Hours to acknowledge')).toEqual(['Hours to acknowledge the housing office 20 ≤ 48 3 yes -']);
    expect(lines.join('\n')).not.toContain('property-management');
    expect((await h.type('/report riverside-renewal party=property-management')).at(-1)).toBe(
      '[#general] bot (only jo can see this): You can see the rows of your own party here: the housing office (housing-office). You can add party=<id> to choose one.',
    );
  });

  it('answers a resident who is not in a party kindly, and asks which project when there are several', async () => {
    await withReports();
    expect((await h.type('/as maria', '/report riverside-renewal')).at(-1)).toBe(
      "[#general] bot (only maria can see this): Reports are shared with coordinators and with the members of a responsible party. If you'd like to see one, you can ask a coordinator.",
    );
    expect((await h.type('/as wang coordinator', '/report')).at(-1)).toBe(
      '[#general] bot (only wang can see this): Which project would you like? You can name one of these: Riverside renewal (riverside-renewal) or Courtyard rules (courtyard-rules).',
    );
  });

  it('answers a mistyped project, stage or party with the choices by name and id, in English and Chinese', async () => {
    await withReports();
    const answers = async (...typed: string[]) => {
      const out: string[] = [];
      for (const line of typed) out.push((await h.type(line)).at(-1) ?? '');
      return out;
    };
    await h.type('/as wang coordinator');
    const typos = ['/report riverside-renwal', '/report riverside-renewal stage=build', '/report riverside-renewal party=housing'];
    expect(await answers(...typos)).toEqual([
      '[#general] bot (only wang can see this): There is no project called riverside-renwal. You can name one of these: Riverside renewal (riverside-renewal) or Courtyard rules (courtyard-rules).',
      '[#general] bot (only wang can see this): Riverside renewal has no stage called build. Its stages are: Listening (listening), Building (building), and Review (review).',
      "[#general] bot (only wang can see this): housing is not one of the responsible parties of Riverside renewal. They are: the housing office (housing-office), property management (property-management), and the residents' committee (residents-committee).",
    ]);
    await h.type('/language zh-CN');
    expect(await answers(...typos)).toEqual([
      '[#general] bot (only wang can see this): 没有名为“riverside-renwal”的项目。可以从这些里选一个：河畔社区微更新（riverside-renewal）或庭院公约（courtyard-rules）。',
      '[#general] bot (only wang can see this): 河畔社区微更新没有名为“build”的阶段。它的阶段有：倾听阶段（listening）、实施阶段（building）和评估阶段（review）。',
      '[#general] bot (only wang can see this): “housing”不是河畔社区微更新的责任主体。责任主体有：住房办公室（housing-office）、物业服务中心（property-management）和居委会（residents-committee）。',
    ]);
  });

  it('refuses options it does not take, in one line that lists the ones it does, instead of ignoring them', async () => {
    await withReports();
    await h.type('/as wang coordinator');
    for (const [typed, given] of [['/report riverside-renewal colour=red', 'colour=red'], ['/report riverside-renewal fromat=csv', 'fromat=csv'], ['/report riverside-renewal building', 'building']] as const) {
      const lines = await h.type(typed);
      expect(lines, typed).toEqual([
        `wang@#general> ${typed}`,
        `[#general] bot (only wang can see this): /report doesn't take "${given}", so there is no report yet. It takes project=, stage=, party=, and format=, for example /report riverside-renewal stage=listening format=csv.`,
      ]);
    }
    await h.type('/language zh-CN');
    expect((await h.type('/report riverside-renewal colour=red')).at(-1)).toBe(
      '[#general] bot (only wang can see this): /report 不接受“colour=red”，所以这次没有生成报告。它接受 project=、stage=、party=和format=，例如 /report riverside-renewal stage=listening format=csv。',
    );
    // A format it does not have: the three it has, as the reader's language lists a choice; a format in capitals is the same format.
    expect((await h.type('/report riverside-renewal format=xml')).at(-1)).toBe('[#general] bot (only wang can see this): 报告可以用这几种方式显示：table、csv或json。您想用哪一种？');
    expect((await h.type('/language en', '/report riverside-renewal format=xml')).at(-1)).toBe('[#general] bot (only wang can see this): The report can be shown as table, csv, or json. Which would you like?');
    expect(flat(await h.type('/report riverside-renewal format=CSV')).some((line) => line.startsWith('    responsibility,'))).toBe(true);
    // What it takes still works, named or not.
    expect(flat(await h.type('/language en', '/report project=riverside-renewal stage=building party=housing-office format=csv'))).toContain(
      '    responsibility,ack-time,feedback_median_hours_to_acknowledge,service,party,building,housing-office,20,48,at_most,3,3,true,,',
    );
  });

  it('gives CSV and JSON, for one stage, and speaks Chinese', async () => {
    await withReports();
    const csv = flat(await h.type('/as wang coordinator', '/report Riverside-Renewal stage=Building format=csv'));
    expect(csv).toContain('    responsibility,ack-time,feedback_median_hours_to_acknowledge,service,party,building,housing-office,20,48,at_most,3,3,true,,');
    expect(csv).toContain('    goal,dialogue-equality,dialogue_participation_gini,problem_solving,stage,building,,,0.4,at_most,0,3,,,');
    expect(csv.join('\n')).not.toContain('listening');
    const json = flat(await h.type('/report riverside-renewal party=housing-office format=json'));
    const body = json.slice(json.indexOf('    ```') + 1, json.lastIndexOf('    ```')).map((line) => line.slice(4)).join('\n');
    const report = JSON.parse(body) as { party: string; rows: { indicator: string; actual: number }[] };
    expect(report.party).toBe('housing-office');
    expect(report.rows.map((r) => [r.indicator, r.actual])).toEqual([['ack-time', 20]]);
    const zh = flat(await h.type('/language zh-CN', '/report riverside-renewal'));
    expect(zh).toContain('[#general] bot (updated, only wang can see this): 这是河畔社区微更新目前的进展，图表见附件。');
    expect(zh).toContain('    评估报告：河畔社区微更新');
    // Indicators and parties by their Chinese names, too.
    expect(rowsOf(zh, '受理用时（小时）')).toEqual(['受理用时（小时） 住房办公室 20 ≤ 48 3 已达标 -', '受理用时（小时） 物业服务中心 70 ≤ 48 3 未达标 -', '受理用时（小时） 居委会 数据不足（样本数 0） ≤ 48 0 - -']);
    expect(zh.join('\n')).not.toMatch(/ack-time|housing-office|property-management/);
  });

  it('leaves out a chart whose Chinese labels no font here can write, and says why, in the reader\'s language', async () => {
    await withReports({ files: [], chinese: false });
    const zh = flat(await h.type('/as wang coordinator', '/language zh-CN', '/report riverside-renewal'));
    expect(zh).toContain(
      '[#general] bot (updated, only wang can see this): 这是河畔社区微更新目前的进展。这次没有附上图表：机器人所在的电脑没有中文字体，图上的文字会显示成空白方框。管理员可以安装中文字体，或者把 CHART_FONT 设为一个字体文件（见 docs/configuration.md）。',
    );
    expect(zh.join('\n')).toContain('    评估报告：河畔社区微更新');
    expect(zh.join('\n')).not.toContain('attached: report-riverside-renewal.png');
    // In English the chart has no Chinese words, so it is drawn and attached as before.
    const en = flat(await h.type('/language en', '/report riverside-renewal'));
    expect(en).toContain('[#general] bot (updated, only wang can see this): Here is where Riverside renewal stands today. The chart is attached.');
    expect(en.join('\n')).toContain('(attached: report-riverside-renewal.png)');
  });
});
