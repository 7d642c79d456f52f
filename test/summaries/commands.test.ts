import { afterEach, describe, expect, it } from 'vitest';
import { features } from '../../src/features';
import { createSummaryFeature } from '../../src/summaries/feature';
import { offlineEngine } from '../../src/summaries/engine';
import { createHarness, type ChatHarness } from '../support/harness';
import { channel, person, seedOutcomes, seedReports, seedRun } from './seed';

const CANARIES = ['ZEBRACANARY', 'ORCHIDCANARY', '金丝雀暗号'];
let h: ChatHarness;

async function harness(): Promise<ChatHarness> {
  const others = features.filter((f) => !f.commands.some((c) => c.name === 'summary'));
  h = await createHarness({ features: [...others, createSummaryFeature(offlineEngine)] });
  return h;
}

afterEach(async () => {
  await h.close();
});

async function seedMediation(): Promise<void> {
  await seedRun(h, {
    id: 'medrun01', flowId: 'mediation', space: channel('mediation-1'),
    participants: [person('li', 'mediator'), person('maria', 'party'), person('chen', 'party')],
    vars: {
      stage: 'options',
      needs: [
        { by: 'maria', text: `${CANARIES[0]} The piano late at night keeps my baby awake. I need the evenings to be quiet after nine.` },
        { by: 'chen', text: `${CANARIES[1]} Practising piano after work is the only time I have. I need two hours of practice each day.` },
      ],
      options: [{ by: 'chen', text: `I could practise with the soft pedal and finish by nine. ${CANARIES[2]}` }],
      agreementText: '1. Piano practice ends by 9 pm on weekdays.\n2. The soft pedal is used after 8 pm.',
      agreementKind: 'full',
    },
  });
  await seedOutcomes(h, [
    { type: 'mediation.opened', mechanism: 'mediation', run: 'medrun01', data: { mediation: 'MD-0001', parties: 2 } },
    { type: 'mediation.agreement', mechanism: 'mediation', run: 'medrun01', data: { mediation: 'MD-0001', kind: 'full', commitments: 2 } },
  ]);
}

describe('/summary of an agreement kept as lines of messages', () => {
  it('writes who does what by when in the language of the party who asks', async () => {
    await harness();
    const line = (n: number, who: string | { key: string }, what: string, date: string) => ({ key: 'mediation.agreement.line', vars: { n, who, what, by: { key: 'mediation.agreement.by', vars: { date } } } });
    await seedRun(h, {
      id: 'medrun02', flowId: 'mediation', space: channel('mediation-2'),
      participants: [person('li', 'mediator'), person('maria', 'party'), person('chen', 'party')],
      vars: { stage: 'follow_up', agreementText: { lines: [line(1, 'chen', 'Piano practice ends by 9 pm', '2026-11-20'), line(2, { key: 'mediation.agreement.both' }, 'Talk again in a month', '2026-12-20')] } },
    });
    const en = (await h.type('/as maria', '/in mediation-2', '/summary')).join('\n');
    expect(en).toContain('1. chen: Piano practice ends by 9 pm (by 2026-11-20)');
    expect(en).toContain('2. Both: Talk again in a month (by 2026-12-20)');
    const zh = (await h.type('/as chen', '/language zh-CN', '/in mediation-2', '/summary')).join('\n');
    expect(zh).toContain('2. 双方：Talk again in a month（2026-12-20 之前）');
  });
});

describe('/summary in a mediation', () => {
  it('gives the mediator the content, the parties only the agreement, a coordinator only outcomes', async () => {
    await harness();
    await seedMediation();
    const mediator = await h.type('/as li social_worker', '/in mediation-1', '/summary');
    const forMediator = mediator.join('\n').replace(/\n {4}/gu, '\n');
    expect(forMediator).toContain("Working on it");
    expect(forMediator).toContain('Automatic extract: sentences picked word for word');
    expect(forMediator).toContain('The agreement so far:');
    expect(forMediator).toMatch(/• “[^”]+” \(message \d\)/u);

    const party = (await h.type('/as maria', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
    expect(party).toContain('The agreement reached in this mediation:\n  – 1. Piano practice ends by 9 pm on weekdays.\n  – 2. The soft pedal is used after 8 pm.');
    for (const canary of CANARIES) expect(party).not.toContain(canary);
    expect(party).not.toContain('baby');

    const coordinator = (await h.type('/as wang coordinator', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
    expect(coordinator).toContain("This mediation's outcomes (what was said stays confidential to its participants):\n  – mediations opened: 1\n  – agreements written: 1");
    for (const canary of CANARIES) expect(coordinator).not.toContain(canary);
    expect(coordinator).not.toContain('Piano practice');
  });

  it('counts the stages a mediation went through in plain Chinese for a coordinator', async () => {
    await harness();
    await seedMediation();
    await seedOutcomes(h, [{ type: 'mediation.stage_reached', mechanism: 'mediation', run: 'medrun01', data: { mediation: 'MD-0001', stage: 'stories' } }]);
    const zh = (await h.type('/as wang coordinator', '/language zh-CN', '/in mediation-1', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
    expect(zh).toContain('  – 已进行的调解阶段：1');
  });

  it('turns away someone who is not taking part', async () => {
    await harness();
    await seedMediation();
    const lines = await h.type('/as sam', '/in mediation-1', '/summary');
    expect(lines.join('\n')).toContain('This summary is for the people taking part in this conversation.');
  });
});

describe('/summary elsewhere', () => {
  it('says where /summary works when there is no conversation here', async () => {
    await harness();
    const lines = await h.type('/as maria', '/summary');
    // Said at once, as one private reply: no "working on it" first, and no second "only you" label.
    expect(lines.slice(1)).toEqual([
      'maria@#general> /summary',
      '[#general] bot (only maria can see this): /summary works inside the thread of a report, a dialogue or a mediation. For an overview, you can try /summary feedback or /summary project.',
    ]);
  });

  it('summarises a dialogue: stage, main points, common ground, divisive statements and actions', async () => {
    await harness();
    const at = h.clock.now();
    await seedRun(h, {
      id: 'dialog01', flowId: 'dialogue', space: channel('dialogue-1'),
      participants: [person('li', 'facilitator'), person('maria', 'participant'), person('chen', 'participant')],
      vars: {
        dialogue: {
          ref: 'DL-0001', topic: 'Courtyard', phase: 'common_ground',
          statements: [
            { by: 'maria', text: 'Quiet hours in the courtyard should start at 10 pm.', at, hidden: false },
            { by: 'chen', text: 'Children need a safe place to play ball after school.', at, hidden: false },
            { by: 'maria', text: 'Ball games should be banned in the courtyard.', at, hidden: false },
          ],
          result: { consensus: [0], divisive: [2], groups: 2, voters: 3, votes: 9 },
          actions: [{ what: 'Print a sign with the quiet hours', owner: 'housing-office', ownerKind: 'party', ownerName: 'the housing office', due: at, dueText: '30 Nov', done: false, reminded: false }],
        },
      },
    });
    const text = (await h.type('/as maria', '/in dialogue-1', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
    expect(text).toContain('Stage so far: Common ground');
    expect(text).toContain('Statements most people agreed with:\n  – Quiet hours in the courtyard should start at 10 pm.');
    expect(text).toContain('Statements where views differ:\n  – Ball games should be banned in the courtyard.');
    expect(text).toContain('Actions agreed:\n  – Print a sign with the quiet hours · the housing office · 30 Nov');
    expect(text).toContain('Main points:');
  });

  it('names a dialogue statement by its number in the thread, also after an earlier one was hidden', async () => {
    await harness();
    const at = h.clock.now();
    await seedRun(h, {
      id: 'dialog02', flowId: 'dialogue', space: channel('dialogue-1'),
      participants: [person('li', 'facilitator'), person('maria', 'participant'), person('chen', 'participant')],
      vars: {
        dialogue: {
          ref: 'DL-0002', topic: 'Courtyard', phase: 'statements',
          statements: [
            { by: 'maria', text: 'Number 12 leaves bikes everywhere.', at, hidden: true },
            { by: 'chen', text: 'Children need a safe place to play ball after school.', at, hidden: false },
          ],
        },
      },
    });
    const text = (await h.type('/as maria', '/in dialogue-1', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
    expect(text).toContain('“Children need a safe place to play ball after school.” (message 2)');
    expect(text).not.toContain('Number 12');
  });
});

describe('/summary in a report thread', () => {
  it('shows the report, its status, its history and its words', async () => {
    await harness();
    await seedRun(h, {
      id: 'fbrun901', flowId: 'feedback', space: channel('report-1'), participants: [person('maria', 'reporter')],
      vars: { ref: 'FB-0009', category: 'repairs', status: 'acknowledged', filedAt: h.clock.now(), report: { what: 'The lift in block 2 is stuck again.', where: 'Block 2' } },
    });
    await seedOutcomes(h, [
      { type: 'feedback.filed', mechanism: 'service', run: 'fbrun901', data: { ref: 'FB-0009' } },
      { type: 'feedback.acknowledged', mechanism: 'service', run: 'fbrun901', data: { ref: 'FB-0009', hours: 3 } },
    ]);
    const text = (await h.type('/as maria', '/in report-1', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
    expect(text).toContain('Report FB-0009 (Repairs), status: acknowledged\nWhat has happened so far:\n  – reports made: 1\n  – reports acknowledged by the responsible team: 1\nMain points:\n• “The lift in block 2 is stuck again.” (message 1)');
  });
});

describe('/summary feedback and /summary project', () => {
  const reports = [
    { text: 'The street light outside block 3 is broken and the path is dark at night.', category: 'safety', status: 'acknowledged' },
    { text: 'Street light by the bike shed is broken, very dark at night. Call me on 13812345678.', category: 'safety', status: 'new' },
    { text: 'Broken street light near the gate, dark at night.', category: 'safety', status: 'resolved' },
    { text: 'The lift in block 2 is broken again and stuck between floors.', category: 'repairs', status: 'in_progress' },
    { text: 'Lift broken in block 5, stuck again for two days.', category: 'repairs', status: 'new' },
    { text: 'The lift keeps breaking and gets stuck; my neighbour Mrs Okafor was trapped.', category: 'repairs', status: 'new' },
  ];

  it('counts one report as one report, in English and Chinese', async () => {
    await harness();
    await seedReports(h, reports.slice(0, 1));
    const en = (await h.type('/as li social_worker', '/summary feedback riverside-renewal')).join('\n');
    expect(en).toContain("Themes in residents' feedback for Riverside renewal: 1 report\n");
    expect(en).not.toContain('1 reports');
    const zh = (await h.type('/language zh-CN', '/summary feedback riverside-renewal')).join('\n');
    expect(zh).toContain('共 1 条反馈');
  });

  it('lists themes with counts, statuses and anonymised excerpts with their references', async () => {
    await harness();
    await seedReports(h, reports);
    const text = (await h.type('/as li social_worker', '/summary feedback riverside-renewal')).join('\n').replace(/\n {4}/gu, '\n');
    expect(text).toContain("Themes in residents' feedback for Riverside renewal: 6 reports");
    expect(text).toMatch(/1\. [^\n]+: 3 reports \([^)]+\)/u);
    expect(text).toMatch(/ {3}FB-000\d: “[^”]+”/u);
    expect(text).toContain('[phone]');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('Excerpts are shortened, and names and contact details are hidden.');
    const safety = (await h.type('/summary feedback safety')).join('\n').replace(/\n {4}/gu, '\n');
    expect(safety).toContain('3 reports');
    expect(safety).not.toContain('FB-0004');
  });

  it('never names a theme after the residents who signed their reports', async () => {
    await harness();
    await seedReports(h, [
      ...reports,
      { text: 'Lift stuck again in block 4. Thanks, Zofia Wren', category: 'repairs', status: 'new', reporter: 'Zofia Wren' },
      { text: 'The lift is stuck on floor 2. Zofia Wren', category: 'repairs', status: 'new', reporter: 'Zofia Wren' },
      { text: 'Street light at the gate is out, dark at night. Zofia Wren', category: 'safety', status: 'new', reporter: 'Zofia Wren' },
      { text: 'Bins overflowing by the gate. Zofia Wren', category: 'repairs', status: 'new', reporter: 'Zofia Wren' },
      { text: 'Nobody emptied the bins this week. Zofia Wren', category: 'repairs', status: 'new', reporter: 'Zofia Wren' },
      { text: 'The bins smell, please empty them. Zofia Wren', category: 'repairs', status: 'new', reporter: 'Zofia Wren' },
    ]);
    const text = (await h.type('/as li social_worker', '/summary feedback riverside-renewal')).join('\n').replace(/\n {4}/gu, '\n');
    expect(text).toMatch(/^1\. [^\n]+: \d+ reports/mu);
    expect(text.toLowerCase()).not.toMatch(/zofia|wren/u);
  });

  it('takes a project or category written name=value, and says so when a word names none, instead of summarising every report', async () => {
    await harness();
    await seedReports(h, reports);
    const named = (await h.type('/as li social_worker', '/summary feedback category=safety')).join('\n').replace(/\n {4}/gu, '\n');
    expect(named).toContain("Themes in residents' feedback, Safety: 3 reports");
    expect(named).not.toContain('FB-0004');
    const typo = (await h.type('/summary feedback riverside-renwal')).join('\n').replace(/\n {4}/gu, '\n');
    expect(typo).toContain(
      'I couldn\'t use "riverside-renwal" to choose the reports, so I haven\'t summarised them all instead. The projects are Riverside renewal (riverside-renewal) and Courtyard rules (courtyard-rules). The categories are Repairs (repairs), Cleanliness (cleanliness), Safety (safety), Neighbourly matters (neighbours), and Noise (noise).',
    );
    expect(typo).not.toContain('6 reports');
    expect(typo).not.toContain('Working on it');
    // The words are said back as typed.
    expect((await h.type('/summary feedback last 1000 years')).join('\n')).toContain('I couldn\'t use "last 1000 years" to choose the reports');
    const zh = (await h.type('/language zh-CN', '/summary feedback riverside-renwal')).join('\n').replace(/\n {4}/gu, '\n');
    expect(zh).toContain('项目有：河畔社区微更新（riverside-renewal）和庭院公约（courtyard-rules）。类别有：维修（repairs）、环境卫生（cleanliness）、安全（safety）、邻里事务（neighbours）和噪音（noise）。');
  });

  it('is for social workers and coordinators', async () => {
    await harness();
    const text = (await h.type('/as maria', '/summary feedback')).join('\n').replace(/\n {4}/gu, '\n');
    expect(text).toContain('Only');
    expect(text).not.toContain('Themes');
  });

  it("gives a coordinator the project's counts and themes, and none of a mediation's words", async () => {
    await harness();
    await seedMediation();
    await seedReports(h, reports);
    await seedOutcomes(h, [
      { type: 'feedback.filed', mechanism: 'service', data: { ref: 'FB-0001', category: 'safety', urgency: 'normal', anonymous: false } },
      { type: 'feedback.resolved', mechanism: 'service', data: { ref: 'FB-0003', category: 'safety', hours: 20 } },
      { type: 'dialogue.closed', mechanism: 'problem_solving', data: { dialogue: 'DL-0001' } },
      { type: 'feedback.reassigned', mechanism: 'service', data: { ref: 'FB-0001', category: 'safety', to: 'housing-office' } },
      { type: 'mediation.tone_flagged', mechanism: 'mediation', data: { mediation: 'M-1', kind: 'absolute' } },
    ]);
    const text = (await h.type('/as wang coordinator', '/summary project riverside-renewal')).join('\n').replace(/\n {4}/gu, '\n');
    // Without a stage, it says the figures cover them all.
    expect(text).toContain('What has happened in Riverside renewal so far, in all its stages:');
    // The lines under a headline add up to it.
    expect(text).toContain('Feedback: 3 events recorded\n  – reports made: 1\n  – reports resolved: 1\n  – reports passed to another team: 1');
    expect(text).toContain('Dialogues and polls: 1 event recorded\n  – dialogues closed: 1');
    // What has no line of its own is counted, not named.
    expect(text).toContain('Mediation: 3 events recorded\n  – mediations opened: 1\n  – agreements written: 1\n  – other events: 1\nMediation appears only as counts: what was said stays confidential.');
    // Each theme with what its number counts.
    expect(text).toMatch(/Themes in residents' feedback: .+ \(3 reports\) and .+ \(3 reports\)$/mu);
    for (const canary of CANARIES) expect(text).not.toContain(canary);
    expect(text).not.toMatch(/piano|baby/iu);
  });

  it('gives one stage with stage=<id> as /report takes it, and names a stage the project does not have', async () => {
    await harness();
    await seedOutcomes(h, [
      { type: 'feedback.filed', mechanism: 'service', stage: 'listening', data: { ref: 'FB-0001', category: 'safety', urgency: 'normal', anonymous: false } },
      { type: 'feedback.filed', mechanism: 'service', stage: 'building', data: { ref: 'FB-0002', category: 'safety', urgency: 'normal', anonymous: false } },
      { type: 'feedback.filed', mechanism: 'service', stage: 'building', data: { ref: 'FB-0003', category: 'safety', urgency: 'normal', anonymous: false } },
    ]);
    const ask = async (line: string) => (await h.type(line)).join('\n').replace(/\n {4}/gu, '\n');
    await h.type('/as wang coordinator');
    for (const line of ['/summary project riverside-renewal stage=listening', '/summary project riverside-renewal listening', '/summary project project=riverside-renewal stage=listening']) {
      const text = await ask(line);
      expect(text, line).toContain('What has happened in Riverside renewal during the Listening stage:');
      expect(text, line).toContain('Feedback: 1 event recorded\n  – reports made: 1');
    }
    expect(await ask('/summary project riverside-renewal stage=build')).toContain(
      'Riverside renewal has no stage called build. Its stages are: Listening (listening), Building (building), and Review (review).',
    );
    expect(await ask('/summary project riverside-renewal review')).toContain('Nothing has been recorded in this stage yet.');
    await h.type('/language zh-CN');
    expect(await ask('/summary project riverside-renewal stage=listening')).toContain('河畔社区微更新倾听阶段的进展：\n反馈：共记录 1 项');
    expect(await ask('/summary project riverside-renewal stage=build')).toContain('河畔社区微更新没有名为“build”的阶段。它的阶段有：倾听阶段（listening）、实施阶段（building）和评估阶段（review）。');
    // Words it does not take are refused at once, with what it takes, rather than read as a stage or left out.
    expect(await ask('/summary project riverside-renewal listening colour=red')).toBe(
      'wang@#general> /summary project riverside-renewal listening colour=red\n[#general] bot (only wang can see this): /summary project 不接受“colour=red”，所以这次没有生成摘要。它接受一个项目和它的一个阶段，例如 /summary project riverside-renewal listening。',
    );
    await h.type('/language en');
    expect(await ask('/summary project riverside-renewal listening this week')).toBe(
      'wang@#general> /summary project riverside-renewal listening this week\n[#general] bot (only wang can see this): /summary project doesn\'t take "this week", so there is no summary yet. It takes a project and one of its stages, for example /summary project riverside-renewal listening.',
    );
  });

  it("takes the themes of one stage from that stage's reports only", async () => {
    await harness();
    const light = reports.filter((r) => r.category === 'safety').map((r) => ({ ...r, stage: 'listening' }));
    const lift = reports.filter((r) => r.category === 'repairs').map((r) => ({ ...r, stage: 'building' }));
    await seedReports(h, [...light, ...lift]);
    await h.type('/as wang coordinator');
    const themesOf = async (line: string) => ((await h.type(line)).join('\n').replace(/\n {4}/gu, '\n').match(/^Themes in .*$/mu) ?? [''])[0];
    const listening = await themesOf('/summary project riverside-renewal stage=listening');
    expect(listening).toMatch(/^Themes in the feedback filed during this stage: .*light.* \(3 reports\)$/u);
    expect(listening).not.toMatch(/lift|stuck/u);
    const building = await themesOf('/summary project riverside-renewal building');
    expect(building).toMatch(/lift/u);
    expect(building).not.toMatch(/light|dark/u);
    expect(await themesOf('/summary project riverside-renewal')).toMatch(/light.*lift|lift.*light/u);
  });

  it('names the projects by name and id when the one asked for is unknown, in English and Chinese', async () => {
    await harness();
    const text = (await h.type('/as wang coordinator', '/summary project moon-base')).join('\n').replace(/\n {4}/gu, '\n');
    expect(text).toContain('There is no project called moon-base. You can choose one of: Riverside renewal (riverside-renewal) or Courtyard rules (courtyard-rules).');
    const zh = (await h.type('/language zh-CN', '/summary project moon-base')).join('\n').replace(/\n {4}/gu, '\n');
    expect(zh).toContain('没有名为“moon-base”的项目。可以从这些里选一个：河畔社区微更新（riverside-renewal）或庭院公约（courtyard-rules）。');
  });
});
