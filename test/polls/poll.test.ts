import { afterEach, describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createHarness, DAY, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h.close());

describe('a quick poll in the local chat', () => {
  it('opens, takes and changes votes, closes on time and shows only the tally (en)', async () => {
    h = await createHarness();
    expect(await h.type('/as wang coordinator', '/poll "Which evening suits you for the meeting?" "Tuesday" "Thursday 🌙" --closes 2d')).toMatchInlineSnapshot(`
      [
        "guest@#general> /as wang coordinator",
        "wang@#general> /poll "Which evening suits you for the meeting?" "Tuesday" "Thursday 🌙" --closes 2d",
        "[#general] bot: Quick poll P-0001: Which evening suits you for the meeting?
          You can choose one option with the buttons (or /poll vote <number>), and change your mind until it closes on 2026-11-04 09:00 UTC. Votes are anonymous: only the totals are shown.",
        "    [1] Tuesday  [2] Thursday 🌙",
      ]
    `);
    expect(await h.type('/as maria', '1', '2', '2', '/as ana', '/poll vote 2', '/as ben', '/poll vote 7')).toMatchInlineSnapshot(`
      [
        "wang@#general> /as maria",
        "maria@#general> 1",
        "[#general] bot (only maria can see this): Thank you, your vote is saved: 1. Tuesday. You can change it until 2026-11-04 09:00 UTC.",
        "maria@#general> 2",
        "[#general] bot (only maria can see this): Your vote is now: 2. Thursday 🌙. You can change it until 2026-11-04 09:00 UTC.",
        "maria@#general> 2",
        "[#general] bot (only maria can see this): Your vote is already 2. Thursday 🌙, so nothing changed.",
        "maria@#general> /as ana",
        "ana@#general> /poll vote 2",
        "[#general] bot (only ana can see this): Thank you, your vote is saved: 2. Thursday 🌙. You can change it until 2026-11-04 09:00 UTC.",
        "ana@#general> /as ben",
        "ben@#general> /poll vote 7",
        "[#general] bot (only ben can see this): Please choose an option by its number, from 1 to 2.",
      ]
    `);
    expect(await h.advance(2 * DAY)).toMatchInlineSnapshot(`
      [
        "[#general] bot: Quick poll P-0001 has closed: Which evening suits you for the meeting?
          1. Tuesday: 0 (0%)
          2. Thursday 🌙: 2 (100%)
          2 people took part. Thank you all for sharing your view.",
      ]
    `);
    expect(await h.type('/as ana', '1')).toMatchInlineSnapshot(`
      [
        "ben@#general> /as ana",
        "ana@#general> 1",
        "[#general] bot (only ana can see this): This poll has closed, so votes can no longer be added or changed. The results were posted where the poll was opened. Thank you for your interest.",
      ]
    `);
    // Closing it again is answered for the one closing it, not as if they wanted to vote; nothing is posted or recorded again.
    expect(await h.type('/as wang coordinator', '/poll close P-0001')).toEqual([
      'ana@#general> /as wang coordinator',
      'wang@#general> /poll close P-0001',
      '[#general] bot (only wang can see this): Poll P-0001 has already closed, so there is nothing more to close. Its results were posted where the poll was opened, when it closed.',
    ]);
    const outcomes = await h.app.outcomes.query({ types: ['poll.'] });
    expect(outcomes.map((o) => [o.type, o.data, o.actors.length])).toEqual([
      ['poll.opened', { poll: 'P-0001', options: 2 }, 1],
      ['poll.closed', { poll: 'P-0001', voters: 2, options: 2 }, 0],
    ]);
    expect(h.lines.filter((l) => l.startsWith('[#general] bot:')).join('\n')).not.toMatch(/maria|ana/);
  });

  it('works in Chinese, with several choices and closing by the person who opened it', async () => {
    h = await createHarness({ community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale: 'zh-CN' } });
    expect(await h.type('/as li social_worker', '/poll “活动室周末开放哪些时段？” “上午” “下午” “晚上” --multi')).toMatchInlineSnapshot(`
      [
        "guest@#general> /as li social_worker",
        "li@#general> /poll “活动室周末开放哪些时段？” “上午” “下午” “晚上” --multi",
        "[#general] bot: 快速投票 P-0001：活动室周末开放哪些时段？
          可以点按钮（或输入 /poll vote <序号>）选择多项，再点一次就是取消。截止时间是 2026-11-05 09:00 UTC。投票是匿名的，只公布总数。",
        "    [1] 上午  [2] 下午  [3] 晚上",
      ]
    `);
    expect(await h.type('/as 小梅', '1', '3', '1', '/as 老周', '/poll vote 2')).toMatchInlineSnapshot(`
      [
        "li@#general> /as 小梅",
        "小梅@#general> 1",
        "[#general] bot (only 小梅 can see this): 谢谢，您的投票已记下：1. 上午。在 2026-11-05 09:00 UTC 之前都可以改选。",
        "小梅@#general> 3",
        "[#general] bot (only 小梅 can see this): 您的投票已改为：1. 上午、3. 晚上。在 2026-11-05 09:00 UTC 之前都可以再改。",
        "小梅@#general> 1",
        "[#general] bot (only 小梅 can see this): 您的投票已改为：3. 晚上。在 2026-11-05 09:00 UTC 之前都可以再改。",
        "小梅@#general> /as 老周",
        "老周@#general> /poll vote 2",
        "[#general] bot (only 老周 can see this): 谢谢，您的投票已记下：2. 下午。在 2026-11-05 09:00 UTC 之前都可以改选。",
      ]
    `);
    expect(await h.type('/as 老周', '/poll close', '/as li social_worker', '/poll close', '/poll close')).toMatchInlineSnapshot(`
      [
        "老周@#general> /as 老周",
        "老周@#general> /poll close",
        "[#general] bot (only 老周 can see this): /poll close 只有社工 / 协调员可以使用。如果需要，您可以在这里请他们帮忙。",
        "老周@#general> /as li social_worker",
        "li@#general> /poll close",
        "[#general] bot: 快速投票 P-0001 已结束：活动室周末开放哪些时段？
          1. 上午：0 票（0%）
          2. 下午：1 票（50%）
          3. 晚上：1 票（50%）
          共有 2 人参与。谢谢大家分享自己的看法。",
        "li@#general> /poll close",
        "[#general] bot (only li can see this): 投票 P-0001 已经结束，不需要再关闭。结果已在结束时公布在发起投票的地方。",
      ]
    `);
  });
});

describe('bad input', () => {
  it('says one person took part when one did, in English and Chinese', async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/poll "Which evening?" "Tuesday" "Thursday" --closes 1d', '/as mei', '1');
    const closed = (await h.advance(2 * DAY)).join('\n');
    expect(closed).toContain('One person took part. Thank you for sharing your view.');
    expect(closed).not.toContain('1 people');
    await h.close();
    h = await createHarness({ community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale: 'zh-CN' } });
    await h.type('/as wang coordinator', '/poll "哪天晚上合适？" "周二" "周四" --closes 1d', '/as mei', '1');
    expect((await h.advance(2 * DAY)).join('\n')).toContain('共有 1 人参与。谢谢您分享自己的看法。');
  });

  it('an empty question in quotes is said to be missing, not taken from the first option', async () => {
    h = await createHarness();
    const out = (await h.type('/as wang coordinator', '/poll "" "Tuesday" "Thursday"')).join('\n');
    expect(out).toContain('To open a poll, please give a question and 2 to 10 options in quotes');
    expect(out).not.toContain('this one has 1');
    expect(out).not.toContain('Quick poll');
  });

  it('asks for 2 to 10 options and refuses residents opening polls', async () => {
    h = await createHarness();
    const eleven = Array.from({ length: 11 }, (_, i) => `"Option ${i + 1}"`).join(' ');
    expect(await h.type('/as wang coordinator', '/poll "Shall we?" "Yes"', `/poll "Which one?" ${eleven}`, '/poll "Which?" "A" "a"', '/poll "Which?" "A" "B" --closes soon', '/as maria', '/poll "Which?" "A" "B"')).toMatchInlineSnapshot(`
      [
        "guest@#general> /as wang coordinator",
        "wang@#general> /poll "Shall we?" "Yes"",
        "[#general] bot (only wang can see this): A poll needs between 2 and 10 options; this one has 1. Please put each option in its own quotes.",
        "wang@#general> /poll "Which one?" "Option 1" "Option 2" "Option 3" "Option 4" "Option 5" "Option 6" "Option 7" "Option 8" "Option 9" "Option 10" "Option 11"",
        "[#general] bot (only wang can see this): A poll can have at most 10 options; this one has 11. Please keep the 10 that matter most, or join similar ones together.",
        "wang@#general> /poll "Which?" "A" "a"",
        "[#general] bot (only wang can see this): Two of the options are the same. Please make each option different.",
        "wang@#general> /poll "Which?" "A" "B" --closes soon",
        "[#general] bot (only wang can see this): I didn't understand the closing time. Please write it like 30m, 12h or 2d (at most 60 days).",
        "wang@#general> /as maria",
        "maria@#general> /poll "Which?" "A" "B"",
        "[#general] bot (only maria can see this): Only a coordinator / a social worker can use /poll. If you'd like it done, you can ask one of them here.",
      ]
    `);
    expect(await h.app.outcomes.count({ types: ['poll.opened'] })).toBe(0);
  });

  it('asks for fewer options, not for quotes the coordinator already wrote, when there are 12 (zh-CN)', async () => {
    h = await createHarness({ community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale: 'zh-CN' } });
    const twelve = Array.from({ length: 12 }, (_, i) => `"选项${i + 1}"`).join(' ');
    const out = (await h.type('/as wang coordinator', `/poll "选哪个？" ${twelve}`)).join('\n');
    expect(out).toContain('一次投票最多 10 个选项，现在是 12 个。请留下最重要的 10 个，或把相近的选项合在一起。');
    expect(out).not.toContain('引号');
    expect(await h.app.outcomes.count({ types: ['poll.opened'] })).toBe(0);
  });
});

describe('a vote typed where there is no poll', () => {
  it('shows how to vote, not how to close a poll', async () => {
    h = await createHarness();
    const out = await h.type('/as maria', '/in general', '/poll vote 1');
    expect(out.at(-1)).toBe(
      "[#general] bot (only maria can see this): I can't find that poll. Please use the buttons under the poll, or give its reference and the number of your choice, for example /poll vote P-0001 2.",
    );
  });
});

describe('a vote with two numbers', () => {
  it('is asked about, not counted for the first number, in the voter language', async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/poll "Which evening suits you?" "Tuesday" "Thursday"');
    expect((await h.type('/as maria', '/poll vote 1 2')).at(-1)).toBe(
      '[#general] bot (only maria can see this): Please give the number of one option, from 1 to 2, for example /poll vote 2; nothing was changed. To vote in a poll other than the latest here, put its reference first: /poll vote P-0001 2.',
    );
    expect((await h.type('/as chen', '/language zh-CN', '/poll vote 2 1')).at(-1)).toBe(
      '[#general] bot (only chen can see this): 请只写一个选项的序号（1 到 2），例如 /poll vote 2；投票没有改变。如果要投的不是这里最新的投票，请先写它的编号：/poll vote P-0001 2。',
    );
    // With the poll's reference, the one number left is the option.
    expect((await h.type('/as maria', '/poll vote P-0001 2')).at(-1)).toContain('Thank you, your vote is saved: 2. Thursday.');
    const closed = await h.type('/as wang', '/poll close');
    expect(closed.join('\n')).toContain('1. Tuesday: 0 (0%)');
    expect(closed.join('\n')).toContain('2. Thursday: 1 (100%)');
  });
});
