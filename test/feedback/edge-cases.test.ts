import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeChoice } from '../../src/flows/context';
import { keys } from '../../src/state/keys';
import { createHarness, DAY, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h.close());

const local = (channel: string, direct = false) => ({ platform: 'local', space: 'local', channel, direct });
let sequence = 0;
const user = (id: string, platformRoles: string[] = []) => ({ eventId: `test-${(sequence += 1)}`, user: { id, name: id, platformRoles } });
const runOf = async (ref: string) => (await h.app.state.get(keys.record('feedback', ref), z.string())) ?? '';

/** Maria files a repairs report step by step; the housing office receives it. */
async function fileReport(what = 'The stairwell light in building 4 is broken', anonymous = 'no') {
  // Someone anonymous to the team is not asked whether it may contact them.
  await h.type('/as maria', '/in general', '/feedback repairs', what, '-', '2', anonymous, ...(anonymous === 'yes' ? [] : ['yes']));
}

describe('bad input', () => {
  it('names the categories when the one asked for is unknown', async () => {
    h = await createHarness();
    expect(await h.type('/as maria', '/feedback plumbing')).toEqual([
      'guest@#general> /as maria',
      'maria@#general> /feedback plumbing',
      '[#general] bot (only maria can see this): I don\'t know the category "plumbing". The categories here are: Repairs (repairs), Cleanliness (cleanliness), Safety (safety), and Neighbourly matters (neighbours). You can type /feedback on its own and choose from a list.',
    ]);
  });

  it('lists the categories and projects in Chinese as Chinese lists them, by name with the id to type', async () => {
    h = await createHarness();
    const out = await h.type('/as chen', '/language zh-CN', '/feedback plumbing', '/feedback project=nope');
    expect(out).toContain('[#general] bot (only chen can see this): 我不认识“plumbing”这个类别。这里的类别有：维修（repairs）、环境卫生（cleanliness）、安全（safety）和邻里事务（neighbours）。您也可以只输入 /feedback，再从列表里选择。');
    expect(out).toContain('[#general] bot (only chen can see this): 我不认识“nope”这个项目。这里的项目有：河畔社区微更新（riverside-renewal）和庭院公约（courtyard-rules）。');
  });

  it('asks again for an empty description in a form, and says the limit for one that is too long', async () => {
    h = await createHarness();
    await h.app.bot.handle({ kind: 'command', name: 'feedback', args: ['repairs'], options: {}, canOpenForm: true, ref: local('general'), ...user('maria') });
    const formId = encodeChoice(await runOf('FB-0001'), 'details', 'form');
    const from = h.lines.length;
    await h.app.bot.handle({ kind: 'form', formId, values: { what: '   ', where: '' }, ref: local('general'), ...user('maria') });
    await h.chat.input('/as maria');
    await h.chat.input('x'.repeat(1001));
    expect(h.lines.slice(from)).toEqual([
      '[#general] bot (only maria can see this): That message looks empty. Could you type your answer again?',
      '[#general] bot (only maria can see this): What happened, or what could be better?',
      'guest@#general> /as maria',
      `maria@#general> ${'x'.repeat(1001)}`,
      "[#general] bot (only maria can see this): That's a little long (1001 characters), so nothing was saved: please keep it under 1000 characters, or split it into two messages.",
    ]);
  });

  it('says a button of the category question, pressed while the report asks what happened, changed nothing', async () => {
    h = await createHarness();
    await h.type('/as maria', '/feedback', '1');
    const from = h.lines.length;
    await h.app.bot.handle({ kind: 'choice', value: encodeChoice(await runOf('FB-0001'), 'category', 'safety'), ref: local('general'), ...user('maria') });
    expect(h.lines.slice(from)).toEqual(['[#general] bot (only maria can see this): That button belongs to an earlier step, so nothing changed. Please use the newest message.']);
    // Still at the same question: what she writes next is what happened.
    expect(await h.type('The lift is stuck')).toContain('[#general] bot (only maria can see this): Where is it? (for example the building or the street) (optional: type - to skip)');
  });

  it('keeps text in any script and emoji whole', async () => {
    h = await createHarness();
    const what = 'المصعد معطل 🚫 电梯坏了 Лифт не работает 👵🏽';
    await fileReport(what);
    const list = await h.type('/as ana', '/feedback list');
    expect(list[2]).toBe(`[#general] bot (only ana can see this): Open and recently resolved reports (no names are shown):\n    • FB-0001 · Repairs · waiting to be acknowledged · less than an hour\n      "${what}"\n    If one of them is your concern too, you can add your voice with the buttons or /feedback metoo <reference>.`);
    expect(h.lines.some((l) => l.startsWith('[#housing-office] bot: New report FB-0001') && l.includes(what))).toBe(true);
    // In Chinese too, a report nobody has joined shows no count; once someone has, it does.
    const zh = await h.type('/language zh-CN', '/feedback list');
    expect(zh.join('\n')).toContain('• FB-0001 · 维修 · 等待确认收到 · 不到 1 小时\n      “');
    await h.type('/feedback metoo FB-0001');
    expect((await h.type('/feedback list')).join('\n')).toContain('· 1 人 +1\n');
  });
});

describe('who may act', () => {
  it("refuses a resident acting on someone else's report, and a party it was not routed to", async () => {
    h = await createHarness();
    await fileReport();
    const runId = await runOf('FB-0001');
    const from = h.lines.length;
    await h.app.bot.handle({ kind: 'choice', value: encodeChoice(runId, '*', 'reopen'), ref: local('@ana', true), ...user('ana') });
    await h.app.bot.handle({ kind: 'choice', value: encodeChoice(runId, '*', 'acknowledge'), ref: local('housing-office'), ...user('pat', ['property']) });
    expect(h.lines.slice(from)).toEqual([
      '[DM to ana] bot: (Only you can see this) Only the person who made the report can use "reopen" here. If you\'d like it done, you can ask them.',
      '[#housing-office] bot (only pat can see this): Only the responsible team can use "acknowledge" here. If you\'d like it done, you can ask them.',
    ]);
    expect(await h.app.outcomes.count({ types: ['feedback.acknowledged', 'feedback.reopened'] })).toBe(0);
  });

  it('files an anonymous report without asking whether the team may contact the reporter', async () => {
    h = await createHarness();
    const out = await h.type('/as maria', '/in general', '/feedback repairs', 'The bins were not emptied', '-', '2');
    expect(out.at(-2)).toBe('[#general] bot (only maria can see this): Would you like to stay anonymous to the team who will handle it? (yes or no)\n    If you say yes, they will see your report but not your name.');
    const filed = (await h.type('yes')).join('\n');
    expect(filed).toContain('From: a resident who asked to stay anonymous.');
    expect(filed).toContain('Your report FB-0001 has gone to the housing office');
    expect(filed).not.toContain('May they contact you directly');
    const named = (await h.type('/feedback repairs', 'The gate is stuck', '-', '2', 'no')).join('\n');
    expect(named).toContain('May they contact you directly if they need to know more?');
  });

  it('passes a report on to another party with a reason; the first party can no longer act on it', async () => {
    h = await createHarness();
    await fileReport('Someone is parking in the fire lane', 'yes');
    expect(await h.type('/as jo housing', '/in housing-office', '4', '1', 'Parking and safety are looked after by property management.')).toMatchInlineSnapshot(`
      [
        "maria@#general> /as jo housing",
        "jo@#general> /in housing-office",
        "jo@#housing-office> 4",
        "[#housing-office] bot (only jo can see this): Who would be better placed to handle it?",
        "    [1] property management  [2] the residents' committee",
        "jo@#housing-office> 1",
        "[#housing-office] bot (only jo can see this): Thank you. Could you say in a sentence why it belongs with them? The resident will see this.",
        "jo@#housing-office> Parking and safety are looked after by property management.",
        "[#housing-office] bot: jo has passed FB-0001 to property management. The reason given: Parking and safety are looked after by property management.",
        "[#property-management] bot: Report FB-0001 (Repairs, soon) has been passed to you. The reason given: Parking and safety are looked after by property management.
          Someone is parking in the fire lane
          From: a resident who asked to stay anonymous. Please reply through commonground; they will hear it from us.",
        "    [1] Acknowledge  [2] Working on it  [3] Resolved  [4] Not ours  [5] Duplicate",
        "[DM to maria] bot: An update on your report FB-0001: it has gone to property management, who are better placed to help. The reason given: Parking and safety are looked after by property management.
          They usually reply within 1 day.",
      ]
    `);
    const from = h.lines.length;
    await h.app.bot.handle({ kind: 'choice', value: encodeChoice(await runOf('FB-0001'), '*', 'acknowledge'), ref: local('housing-office'), ...user('jo', ['housing']) });
    expect(h.lines.slice(from)).toEqual([
      '[#housing-office] bot (only jo can see this): Only the responsible team can use "acknowledge" here. If you\'d like it done, you can ask them.',
    ]);
    expect(await h.type('/as pat property', '/in property-management', '1')).toMatchInlineSnapshot(`
      [
        "jo@#housing-office> /as pat property",
        "pat@#housing-office> /in property-management",
        "pat@#property-management> 1",
        "[#property-management] bot: pat has acknowledged FB-0001. The resident has been told.",
        "[DM to maria] bot: An update on your report FB-0001: property management has seen it and is looking into it. We'll tell you when anything changes.",
      ]
    `);
    const moved = await h.app.outcomes.query({ types: ['feedback.reassigned'] });
    expect(moved.map((o) => [o.data, o.party])).toEqual([[{ ref: 'FB-0001', category: 'repairs', to: 'property-management', acknowledged: false }, 'housing-office']]);
  });

  it('closes a report as the same as one filed before it, and refuses any other reference (or text that is none)', async () => {
    h = await createHarness();
    await h.type('/as chen', '/in general', '/feedback cleanliness', 'Rubbish left by the east stairs', '-', '2', 'no', 'yes');
    await fileReport();
    expect(await h.type('/as jo housing', '/in housing-office', '5', 'FB-0002', 'fb-0007', 'the stairs one', 'fb-1')).toMatchInlineSnapshot(`
      [
        "maria@#general> /as jo housing",
        "jo@#general> /in housing-office",
        "jo@#housing-office> 5",
        "[#housing-office] bot (only jo can see this): Which report is it the same as? Please type its reference, for example FB-0003.",
        "jo@#housing-office> FB-0002",
        "[#housing-office] bot (only jo can see this): FB-0002 is this report itself, so nothing changed. Please type the reference of the other report it repeats, like FB-0003; /feedback list shows the references.",
        "jo@#housing-office> fb-0007",
        "[#housing-office] bot (only jo can see this): I can't find a filed report FB-0007, so nothing changed. Please type the reference of another report, like FB-0003; /feedback list shows the reports and their references.",
        "jo@#housing-office> the stairs one",
        "[#housing-office] bot (only jo can see this): That doesn't look like a report's reference. Please type one like FB-0003; you can find them with /feedback list.",
        "[#housing-office] bot (only jo can see this): Which report is it the same as? Please type its reference, for example FB-0003.",
        "jo@#housing-office> fb-1",
        "[#housing-office] bot: jo has marked FB-0002 as the same as FB-0001. The resident has been told.",
        "[DM to maria] bot: An update on your report FB-0002: the housing office found it is about the same thing as FB-0001, so they will handle the two together. You can follow FB-0001 with /feedback list.",
      ]
    `);
  });
});

describe('repeated and late actions', () => {
  it('answers a double click kindly, ignores a re-delivered event, and refuses changes to a closed report', async () => {
    h = await createHarness();
    await fileReport();
    expect(await h.type('/as jo housing', '/in housing-office', '1', '/again', '1')).toMatchInlineSnapshot(`
      [
        "maria@#general> /as jo housing",
        "jo@#general> /in housing-office",
        "jo@#housing-office> 1",
        "[#housing-office] bot: jo has acknowledged FB-0001. The resident has been told.",
        "[DM to maria] bot: An update on your report FB-0001: the housing office has seen it and is looking into it. We'll tell you when anything changes.",
        "jo@#housing-office> /again",
        "(local chat) Sent again, the way a platform retries a delivery: what jo sent in #housing-office, [1] Acknowledge. The bot handles each delivery only once.",
        "jo@#housing-office> 1",
        "[#housing-office] bot (only jo can see this): Report FB-0001 is acknowledged at the moment, so that doesn't apply and nothing changed.",
      ]
    `);
    await h.type('3', 'Fixed the light.', '/as maria', '1', '4');
    expect(await h.type('/as jo housing', '/in housing-office', '1')).toMatchInlineSnapshot(`
      [
        "maria@#housing-office> /as jo housing",
        "jo@#housing-office> /in housing-office",
        "jo@#housing-office> 1",
        "[#housing-office] bot (only jo can see this): Report FB-0001 is closed, so nothing changed. If the problem is back, a new report with /feedback is welcome.",
      ]
    `);
    expect(await h.app.outcomes.count({ types: ['feedback.acknowledged'] })).toBe(1);
  });
});

describe('me too', () => {
  it('offers open reports in the same category during the intake, and counts each resident once', async () => {
    h = await createHarness();
    await fileReport();
    expect(await h.type('/as ana', '/feedback', '1')).toMatchInlineSnapshot(`
      [
        "maria@#general> /as ana",
        "ana@#general> /feedback",
        "[#general] bot (only ana can see this): Thank you for taking the time to tell us. What is it about?",
        "    [1] Repairs  [2] Cleanliness  [3] Safety  [4] Neighbourly matters",
        "ana@#general> 1",
        "[#general] bot (only ana can see this): These open reports about Repairs may be about the same thing:
          • FB-0001, less than an hour ago: "The stairwell light in building 4 is broken"
          If one of them is yours too, you can add your voice to it instead of filing a new one. Otherwise, choose "Mine is different".",
        "    [1] Me too: FB-0001  [2] Mine is different",
      ]
    `);
    expect(await h.type('1')).toMatchInlineSnapshot(`
      [
        "ana@#general> 1",
        "[#general] bot (only ana can see this): Since FB-0001 is about the same thing, the new report you started here has been closed and not sent.",
        "[#general] bot (only ana can see this): Thank you. You're now following FB-0001: your voice has been added to it, and the housing office has been told. We'll tell you when it has been dealt with. You don't need to file a new report.",
        "[#housing-office] bot: One more resident has the same concern as FB-0001 (1 in all).",
      ]
    `);
    expect(await h.type('/feedback metoo FB-0001', '/as maria', '/feedback metoo fb-0001', '/feedback metoo FB-0099')).toMatchInlineSnapshot(`
      [
        "ana@#general> /feedback metoo FB-0001",
        "[#general] bot (only ana can see this): You've already added your voice to FB-0001. Thank you.",
        "ana@#general> /as maria",
        "maria@#general> /feedback metoo fb-0001",
        "[#general] bot (only maria can see this): FB-0001 is your own report, so your voice is already there.",
        "maria@#general> /feedback metoo FB-0099",
        "[#general] bot (only maria can see this): I can't find an open report FB-0099. Type /feedback list to see the reports and their references.",
      ]
    `);
    expect(await h.type('/as ben', '/feedback list')).toMatchInlineSnapshot(`
      [
        "maria@#general> /as ben",
        "ben@#general> /feedback list",
        "[#general] bot (only ben can see this): Open and recently resolved reports (no names are shown):
          • FB-0001 · Repairs · waiting to be acknowledged · less than an hour · 1 me too
            "The stairwell light in building 4 is broken"
          If one of them is your concern too, you can add your voice with the buttons or /feedback metoo <reference>.",
        "    [1] Me too: FB-0001",
      ]
    `);
    const metoo = await h.app.outcomes.query({ types: ['feedback.me_too'] });
    expect(metoo).toHaveLength(1);
    expect(metoo[0]?.actors[0]).toMatch(/^p_[0-9a-f]{16}$/);
  });
});

describe('the reporter has left the community', () => {
  it('keeps the report moving and closes it as resolved when no confirmation can come', async () => {
    h = await createHarness();
    await fileReport();
    // Direct messages to maria now fail, as they do for someone who has left.
    const chat = h.chat.outbox;
    h.app.bot.attach('local', {
      perform: async (action) => {
        if (action.kind === 'send' && action.to.kind === 'direct' && action.to.userId === 'maria') throw new Error('unknown user');
        return chat.perform(action);
      },
    });
    expect(await h.type('/as jo housing', '/in housing-office', '3', 'Replaced the bulb.')).toMatchInlineSnapshot(`
      [
        "maria@#general> /as jo housing",
        "jo@#general> /in housing-office",
        "jo@#housing-office> 3",
        "[#housing-office] bot (only jo can see this): Thank you. In a sentence or two, what was done? We'll pass it on to the resident as you write it.",
        "jo@#housing-office> Replaced the bulb.",
        "[#housing-office] bot: jo has marked FB-0001 as resolved: Replaced the bulb.
          The resident has been asked to confirm.",
      ]
    `);
    expect(await h.advance(14 * DAY)).toMatchInlineSnapshot(`
      [
        "[#housing-office] bot: We haven't heard back from the resident about FB-0001, so it is now closed as resolved.",
      ]
    `);
    const closed = await h.app.outcomes.query({ types: ['feedback.status_changed'] });
    expect(closed.at(-1)?.data).toEqual({ ref: 'FB-0001', category: 'repairs', from: 'resolved', to: 'closed' });
  });
});

describe('a resident who writes instead of choosing among similar reports', () => {
  it('in a channel, is heard: what they wrote is what happened, and the report goes on', async () => {
    h = await createHarness();
    await fileReport();
    await h.type('/as ana', '/in general', '/feedback', '1');
    const out = await h.type('The lift in building 2 is stuck');
    expect(out.at(-1)).toBe('[#general] bot (only ana can see this): Where is it? (for example the building or the street) (optional: type - to skip)');
    const filed = await h.type('-', '1', 'no', 'no');
    expect(filed.join('\n')).toContain('New report FB-0002 (Repairs, can wait).\n    The lift in building 2 is stuck');
  });

  it('by direct message, goes on with the same report instead of starting another', async () => {
    h = await createHarness();
    await fileReport();
    await h.type('/as ana', '/dm', 'No light', '1');
    const out = await h.type('on the east stairs of building 4');
    expect(out.join('\n')).not.toContain('What is it about?');
    expect(out.at(-1)).toBe('[DM to ana] bot: Where is it? (for example the building or the street) (optional: type - to skip)');
    const filed = await h.type('-', '1', 'no', 'no');
    expect(filed.join('\n')).toContain('New report FB-0002 (Repairs, can wait).\n    No light\n    on the east stairs of building 4');
  });
});

describe('a refusal about who may act on a report someone filed in another language', () => {
  it('names the role in the reader\'s language, not the reporter\'s', async () => {
    h = await createHarness();
    await h.type('/as maria', '/language zh-CN', '/in general', '/feedback repairs', '楼道灯坏了', '-', '2', '否', '是');
    const out = await h.type('/as pm property', '/in property-management', '/feedback acknowledge FB-0001');
    expect(out.at(-1)).toBe('[#property-management] bot (only pm can see this): Only the responsible team can use "acknowledge" here. If you\'d like it done, you can ask them.');
  });
});
