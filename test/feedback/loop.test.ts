import { afterEach, describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createHarness, HOUR, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h.close());

/** The whole loop: file, routed, acknowledged, resolved, reopened, resolved, confirmed with a rating. */
describe('resident feedback, the whole loop in the local chat', () => {
  it('runs in English, with every message checked', async () => {
    h = await createHarness();
    expect(await h.type('/as maria', '/feedback', '1', 'The stairwell light in building 4 is broken 💡', 'Building 4, east stairs', '2', 'no', 'yes')).toMatchInlineSnapshot(`
      [
        "guest@#general> /as maria",
        "maria@#general> /feedback",
        "[#general] bot (only maria can see this): Thank you for taking the time to tell us. What is it about?",
        "    [1] Repairs  [2] Cleanliness  [3] Safety  [4] Neighbourly matters",
        "maria@#general> 1",
        "[#general] bot (only maria can see this): What happened, or what could be better?",
        "maria@#general> The stairwell light in building 4 is broken 💡",
        "[#general] bot (only maria can see this): Where is it? (for example the building or the street) (optional: type - to skip)",
        "maria@#general> Building 4, east stairs",
        "[#general] bot (only maria can see this): How urgent is it for you?",
        "    [1] It can wait  [2] Soon, please  [3] Urgent",
        "maria@#general> 2",
        "[#general] bot (only maria can see this): Would you like to stay anonymous to the team who will handle it? (yes or no)
          If you say yes, they will see your report but not your name.",
        "    [1] Yes  [2] No",
        "maria@#general> no",
        "[#general] bot (only maria can see this): May they contact you directly if they need to know more? (yes or no)",
        "    [1] Yes  [2] No",
        "maria@#general> yes",
        "[#housing-office] bot: New report FB-0001 (Repairs, soon).
          The stairwell light in building 4 is broken 💡
          Where: Building 4, east stairs
          From: maria. They are happy to be contacted directly.
          Could someone acknowledge it?",
        "    [1] Acknowledge  [2] Working on it  [3] Resolved  [4] Not ours  [5] Duplicate",
        "[#general] bot (only maria can see this): Thank you. Your report FB-0001 has gone to the housing office, who usually reply within 2 days. We'll tell you by direct message when anything changes.",
      ]
    `);
    await h.advance(5 * HOUR);
    expect(await h.type('/as jo housing', '/in housing-office', '1')).toMatchInlineSnapshot(`
      [
        "maria@#general> /as jo housing",
        "jo@#general> /in housing-office",
        "jo@#housing-office> 1",
        "[#housing-office] bot: jo has acknowledged FB-0001. The resident has been told.",
        "[DM to maria] bot: An update on your report FB-0001: the housing office has seen it and is looking into it. We'll tell you when anything changes.",
      ]
    `);
    await h.advance(24 * HOUR);
    expect(await h.type('3', 'Replaced the bulb and the switch.')).toMatchInlineSnapshot(`
      [
        "jo@#housing-office> 3",
        "[#housing-office] bot (only jo can see this): Thank you. In a sentence or two, what was done? We'll pass it on to the resident as you write it.",
        "jo@#housing-office> Replaced the bulb and the switch.",
        "[#housing-office] bot: jo has marked FB-0001 as resolved: Replaced the bulb and the switch.
          The resident has been asked to confirm.",
        "[DM to maria] bot: An update on your report FB-0001: the housing office says it has been dealt with. What they did: Replaced the bulb and the switch.
          Is it fixed for you? You can confirm it, or reopen it if something still needs attention.",
        "    [1] Confirm it's fixed  [2] Reopen",
      ]
    `);
    expect(await h.type('/as maria', '/dm', '2', 'It still flickers at night')).toMatchInlineSnapshot(`
      [
        "jo@#housing-office> /as maria",
        "maria@#housing-office> /dm",
        "maria@dm> 2",
        "[DM to maria] bot: We're sorry it isn't sorted yet. What still needs attention? Your words go back to the team as you write them.",
        "maria@dm> It still flickers at night",
        "[#housing-office] bot: Report FB-0001 (Repairs) has been reopened by the resident. What still needs attention: It still flickers at night
          The original report:
          The stairwell light in building 4 is broken 💡
          Where: Building 4, east stairs
          From: maria. They are happy to be contacted directly.",
        "    [1] Acknowledge  [2] Working on it  [3] Resolved  [4] Not ours  [5] Duplicate",
        "[DM to maria] bot: Thank you. Report FB-0001 is open again and your comment has gone back to the housing office. We'll tell you when anything changes.",
      ]
    `);
    expect(await h.type('/as jo housing', '/in housing-office', '3', 'Replaced the whole fitting.')).toMatchInlineSnapshot(`
      [
        "maria@dm> /as jo housing",
        "jo@dm> /in housing-office",
        "jo@#housing-office> 3",
        "[#housing-office] bot (only jo can see this): Thank you. In a sentence or two, what was done? We'll pass it on to the resident as you write it.",
        "jo@#housing-office> Replaced the whole fitting.",
        "[#housing-office] bot: jo has marked FB-0001 as resolved: Replaced the whole fitting.
          The resident has been asked to confirm.",
        "[DM to maria] bot: An update on your report FB-0001: the housing office says it has been dealt with. What they did: Replaced the whole fitting.
          Is it fixed for you? You can confirm it, or reopen it if something still needs attention.",
        "    [1] Confirm it's fixed  [2] Reopen",
      ]
    `);
    expect(await h.type('/as maria', '1', '5')).toMatchInlineSnapshot(`
      [
        "jo@#housing-office> /as maria",
        "maria@#housing-office> 1",
        "[DM to maria] bot: Thank you for confirming. How well was it handled, from 1 (not well) to 5 (very well)?",
        "    [1] 1  [2] 2  [3] 3  [4] 4  [5] 5",
        "maria@#housing-office> 5",
        "[#housing-office] bot: The resident has confirmed FB-0001 is fixed and rated how it was handled 5 out of 5. Thank you.",
        "[DM to maria] bot: Thank you for confirming and for your rating. Report FB-0001 is now closed. You're welcome to tell us about anything else with /feedback.",
      ]
    `);
    expect(await h.type('/feedback mine')).toMatchInlineSnapshot(`
      [
        "maria@#housing-office> /feedback mine",
        "[#housing-office] bot (only maria can see this): Your reports:
          • FB-0001 · Repairs · closed · 29 hours
            "The stairwell light in building 4 is broken 💡"",
      ]
    `);

    const outcomes = await h.app.outcomes.query({ types: ['feedback.'] });
    expect(outcomes.map((o) => [o.type, o.data, o.party, o.project, o.stage])).toMatchInlineSnapshot(`
      [
        [
          "feedback.filed",
          {
            "anonymous": false,
            "category": "repairs",
            "ref": "FB-0001",
            "urgency": "normal",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.acknowledged",
          {
            "category": "repairs",
            "hours": 5,
            "ref": "FB-0001",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.status_changed",
          {
            "category": "repairs",
            "from": "new",
            "ref": "FB-0001",
            "to": "acknowledged",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.status_changed",
          {
            "category": "repairs",
            "from": "acknowledged",
            "ref": "FB-0001",
            "to": "resolved",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.resolved",
          {
            "category": "repairs",
            "hours": 29,
            "ref": "FB-0001",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.status_changed",
          {
            "category": "repairs",
            "from": "resolved",
            "ref": "FB-0001",
            "to": "reopened",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.reopened",
          {
            "category": "repairs",
            "ref": "FB-0001",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.status_changed",
          {
            "category": "repairs",
            "from": "reopened",
            "ref": "FB-0001",
            "to": "resolved",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.resolved",
          {
            "category": "repairs",
            "hours": 29,
            "ref": "FB-0001",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.status_changed",
          {
            "category": "repairs",
            "from": "resolved",
            "ref": "FB-0001",
            "to": "closed",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
        [
          "feedback.confirmed",
          {
            "category": "repairs",
            "rating": 5,
            "ref": "FB-0001",
          },
          "housing-office",
          "riverside-renewal",
          "building",
        ],
      ]
    `);
    for (const o of outcomes) for (const actor of o.actors) expect(actor).toMatch(/^p_[0-9a-f]{16}$/);
    expect(outcomes.find((o) => o.type === 'feedback.filed')?.actors).toHaveLength(1);
    const logged = JSON.stringify(outcomes);
    for (const words of ['stairwell', 'flickers', 'fitting', 'Building 4', 'maria']) expect(logged).not.toContain(words);
  });

  it('runs in Chinese, with every message checked', async () => {
    h = await createHarness({ community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale: 'zh-CN' } });
    expect(await h.type('/as 小梅', '/feedback', '1', '4号楼楼道的灯坏了，晚上很黑 🌙', '-', '3', '是')).toMatchInlineSnapshot(`
      [
        "guest@#general> /as 小梅",
        "小梅@#general> /feedback",
        "[#general] bot (only 小梅 can see this): 谢谢您抽空告诉我们。请问是关于哪方面的？",
        "    [1] 维修  [2] 环境卫生  [3] 安全  [4] 邻里事务",
        "小梅@#general> 1",
        "[#general] bot (only 小梅 can see this): 发生了什么，或者哪里可以做得更好？",
        "小梅@#general> 4号楼楼道的灯坏了，晚上很黑 🌙",
        "[#general] bot (only 小梅 can see this): 在什么地方？（例如哪栋楼、哪条路）（可不填：输入 - 跳过）",
        "小梅@#general> -",
        "[#general] bot (only 小梅 can see this): 这件事对您来说有多急？",
        "    [1] 不急  [2] 希望尽快  [3] 很急",
        "小梅@#general> 3",
        "[#general] bot (only 小梅 can see this): 您希望对处理这件事的部门匿名吗？（是／否）
          选“是”的话，他们能看到反馈内容，但看不到您的名字。",
        "    [1] 是  [2] 否",
        "小梅@#general> 是",
        "[#housing-office] bot: 新反馈 FB-0001（维修，很急）。
          4号楼楼道的灯坏了，晚上很黑 🌙
          反馈人：一位希望匿名的居民。请通过 commonground 回复，我们会转告对方。
          请哪位同事确认收到？",
        "    [1] 已收到  [2] 处理中  [3] 已解决  [4] 不归我们负责  [5] 重复反馈",
        "[#general] bot (only 小梅 can see this): 谢谢您的反馈。编号 FB-0001 已转给住房办公室，他们一般会在 2 天内回复。有任何进展，我们会通过私信告诉您。",
      ]
    `);
    expect(await h.type('/as 老周 housing', '/in housing-office', '1', '3', '已经换了新灯泡。')).toMatchInlineSnapshot(`
      [
        "小梅@#general> /as 老周 housing",
        "老周@#general> /in housing-office",
        "老周@#housing-office> 1",
        "[#housing-office] bot: 老周 已确认收到 FB-0001，我们已告诉居民。",
        "[DM to 小梅] bot: 您的反馈 FB-0001 有新进展：住房办公室已经收到，正在了解情况。有进展我们会告诉您。",
        "老周@#housing-office> 3",
        "[#housing-office] bot (only 老周 can see this): 谢谢。请用一两句话说明做了哪些处理，我们会原样转告居民。",
        "老周@#housing-office> 已经换了新灯泡。",
        "[#housing-office] bot: 老周 已将 FB-0001 标为已处理：已经换了新灯泡。
          我们已请居民确认。",
        "[DM to 小梅] bot: 您的反馈 FB-0001 有新进展：住房办公室表示已经处理好了。处理情况：已经换了新灯泡。
          问题解决了吗？您可以确认已解决，如果还有需要处理的地方，也可以重新打开。",
        "    [1] 确认已解决  [2] 重新打开",
      ]
    `);
    expect(await h.type('/as 小梅', '/dm', '2', '灯还是会闪')).toMatchInlineSnapshot(`
      [
        "老周@#housing-office> /as 小梅",
        "小梅@#housing-office> /dm",
        "小梅@dm> 2",
        "[DM to 小梅] bot: 很抱歉问题还没有解决。请问还有哪些地方需要处理？您写的内容会原样转给负责的部门。",
        "小梅@dm> 灯还是会闪",
        "[#housing-office] bot: 居民重新打开了反馈 FB-0001（维修）。还需要处理的地方：灯还是会闪
          原来的反馈：
          4号楼楼道的灯坏了，晚上很黑 🌙
          反馈人：一位希望匿名的居民。请通过 commonground 回复，我们会转告对方。",
        "    [1] 已收到  [2] 处理中  [3] 已解决  [4] 不归我们负责  [5] 重复反馈",
        "[DM to 小梅] bot: 谢谢。反馈 FB-0001 已重新打开，您的意见已转给住房办公室。有进展我们会告诉您。",
      ]
    `);
    expect(await h.type('/as 老周 housing', '/in housing-office', '3', '整个灯具都换了。')).toMatchInlineSnapshot(`
      [
        "小梅@dm> /as 老周 housing",
        "老周@dm> /in housing-office",
        "老周@#housing-office> 3",
        "[#housing-office] bot (only 老周 can see this): 谢谢。请用一两句话说明做了哪些处理，我们会原样转告居民。",
        "老周@#housing-office> 整个灯具都换了。",
        "[#housing-office] bot: 老周 已将 FB-0001 标为已处理：整个灯具都换了。
          我们已请居民确认。",
        "[DM to 小梅] bot: 您的反馈 FB-0001 有新进展：住房办公室表示已经处理好了。处理情况：整个灯具都换了。
          问题解决了吗？您可以确认已解决，如果还有需要处理的地方，也可以重新打开。",
        "    [1] 确认已解决  [2] 重新打开",
      ]
    `);
    expect(await h.type('/as 小梅', '1', '4')).toMatchInlineSnapshot(`
      [
        "老周@#housing-office> /as 小梅",
        "小梅@#housing-office> 1",
        "[DM to 小梅] bot: 谢谢您的确认。您对这次处理满意吗？请从 1（不满意）到 5（非常满意）打分。",
        "    [1] 1  [2] 2  [3] 3  [4] 4  [5] 5",
        "小梅@#housing-office> 4",
        "[#housing-office] bot: 居民已确认 FB-0001 的问题解决了，对处理的评分是 4 分（满分 5 分）。谢谢大家。",
        "[DM to 小梅] bot: 谢谢您的确认和评分。反馈 FB-0001 已结束。以后有其他事情，也欢迎用 /feedback 告诉我们。",
      ]
    `);
    const types = (await h.app.outcomes.query({ types: ['feedback.'] })).map((o) => o.type);
    expect(types.filter((t) => t !== 'feedback.status_changed')).toEqual([
      'feedback.filed',
      'feedback.acknowledged',
      'feedback.resolved',
      'feedback.reopened',
      'feedback.resolved',
      'feedback.confirmed',
    ]);
  });
});
