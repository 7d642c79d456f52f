import { afterEach, describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { createHarness, HOUR, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h.close());

describe('a policy notice with a question and its answer', () => {
  it('runs in English, with every message checked', async () => {
    h = await createHarness();
    expect(
      await h.type('/as wang coordinator', '/in coordinators', '/notice "Bin collection moves to Mondays" "From next month the council collects bins on Mondays." "Please put your bins out on Sunday evening." "Here, or at the community office"'),
    ).toMatchInlineSnapshot(`
      [
        "guest@#general> /as wang coordinator",
        "wang@#general> /in coordinators",
        "wang@#coordinators> /notice "Bin collection moves to Mondays" "From next month the council collects bins on Mondays." "Please put your bins out on Sunday evening." "Here, or at the community office"",
        "[#general] bot: Notice N-0001: Bin collection moves to Mondays
          
          From next month the council collects bins on Mondays.
          
          What changes for you: Please put your bins out on Sunday evening.
          Where to ask: Here, or at the community office
          
          Could you let us know whether it is clear? You can also ask a question; it is shared without your name, and the answer comes back to you.",
        "    [1] I understand  [2] I have a question",
        "[#coordinators] bot (only wang can see this): Thank you. Notice N-0001 is published, and a thread for questions has been opened under it. You can answer a question there with /notice answer Q1 <your answer>.",
        "[#general] bot opened a thread "Questions about N-0001: Bin collection moves to Mondays" for wang",
        "    (type /in t1 to go there)",
        "[#general › Questions about N-0001: Bin collection moves to Mondays (t1)] bot: Questions about notice N-0001 are collected here, without names. Coordinators answer with /notice answer <question> <answer>, and each answer is also sent to the person who asked.",
      ]
    `);
    expect(await h.type('/as maria', '/in general', '1', '1', '2', 'Does this include the recycling bins?')).toMatchInlineSnapshot(`
      [
        "wang@#coordinators> /as maria",
        "maria@#coordinators> /in general",
        "maria@#general> 1",
        "[#general] bot (only maria can see this): Thank you for letting us know. If a question comes up later, you're welcome to ask it here.",
        "maria@#general> 1",
        "[#general] bot (only maria can see this): You've already told us this notice is clear. Thank you.",
        "maria@#general> 2",
        "[#general] bot (only maria can see this): What would you like to ask? Your question will be shared in the notice's thread without your name, and the answer will come to you by direct message.",
        "maria@#general> Does this include the recycling bins?",
        "[#general › Questions about N-0001: Bin collection moves to Mondays (t1)] bot: Question Q1 (from a resident): Does this include the recycling bins?",
        "[#general] bot (only maria can see this): Thank you. Your question is Q1 in the notice's thread, shared without your name. The answer will come to you by direct message.",
      ]
    `);
    expect(await h.type('/as ana', '/in t1', 'What about public holidays?')).toMatchInlineSnapshot(`
      [
        "maria@#general> /as ana",
        "ana@#general> /in t1",
        "ana@#general › Questions about N-0001: Bin collection moves to Mondays (t1)> What about public holidays?",
        "[#general › Questions about N-0001: Bin collection moves to Mondays (t1)] bot: Question Q2 (from a resident): What about public holidays?",
        "[#general › Questions about N-0001: Bin collection moves to Mondays (t1)] bot (only ana can see this): Thank you. Your question is Q2 in the notice's thread, shared without your name. The answer will come to you by direct message.",
      ]
    `);
    await h.advance(3 * HOUR);
    expect(await h.type('/as wang coordinator', '/in t1', '/notice answer Q1 Yes, recycling moves to Mondays too.', '/notice answer Q7 Thank you', '/notice answer Q2')).toMatchInlineSnapshot(`
      [
        "ana@#general › Questions about N-0001: Bin collection moves to Mondays (t1)> /as wang coordinator",
        "wang@#general › Questions about N-0001: Bin collection moves to Mondays (t1)> /in t1",
        "wang@#general › Questions about N-0001: Bin collection moves to Mondays (t1)> /notice answer Q1 Yes, recycling moves to Mondays too.",
        "[#general › Questions about N-0001: Bin collection moves to Mondays (t1)] bot: Answer to Q1: Yes, recycling moves to Mondays too.",
        "[DM to maria] bot: An answer to your question about notice N-0001 (Bin collection moves to Mondays).
          You asked: Does this include the recycling bins?
          The answer: Yes, recycling moves to Mondays too.
          Thank you for asking; you're welcome to ask again if anything is still unclear.",
        "wang@#general › Questions about N-0001: Bin collection moves to Mondays (t1)> /notice answer Q7 Thank you",
        "[#general › Questions about N-0001: Bin collection moves to Mondays (t1)] bot (only wang can see this): I can't find question Q7 here. The questions still waiting for an answer are: Q2.",
        "wang@#general › Questions about N-0001: Bin collection moves to Mondays (t1)> /notice answer Q2",
        "[#general › Questions about N-0001: Bin collection moves to Mondays (t1)] bot (only wang can see this): Please write the answer after the question, for example: /notice answer Q2 The new hours start on Monday.",
      ]
    `);
    expect(await h.type('/as maria', '/notice answer Q2 I think so')).toMatchInlineSnapshot(`
      [
        "wang@#general › Questions about N-0001: Bin collection moves to Mondays (t1)> /as maria",
        "maria@#general › Questions about N-0001: Bin collection moves to Mondays (t1)> /notice answer Q2 I think so",
        "[#general › Questions about N-0001: Bin collection moves to Mondays (t1)] bot (only maria can see this): Only a coordinator can use "answer" here. If you'd like it done, you can ask them.",
      ]
    `);
    const outcomes = await h.app.outcomes.query({ types: ['notice.'] });
    expect(outcomes.map((o) => [o.type, o.data, o.actors.length])).toEqual([
      ['notice.published', { notice: 'N-0001' }, 1],
      ['notice.understood', { notice: 'N-0001' }, 1],
      ['notice.question_asked', { notice: 'N-0001', question: 'Q1' }, 1],
      ['notice.question_asked', { notice: 'N-0001', question: 'Q2' }, 1],
      ['notice.question_answered', { notice: 'N-0001', question: 'Q1', hours: 3 }, 1],
    ]);
    expect(JSON.stringify(outcomes)).not.toMatch(/recycling|holidays|maria|wang/);
  });

  it('runs in Chinese, written step by step', async () => {
    h = await createHarness({ community: { ...loadCommunity(EXAMPLE_COMMUNITY), locale: 'zh-CN' } });
    expect(await h.type('/as 王主任 coordinator', '/in coordinators', '/notice', '垃圾清运改到周一', '下个月起，街道每周一清运垃圾。', '请在周日晚上把垃圾桶放到门口。', '社区服务中心或这里')).toMatchInlineSnapshot(`
      [
        "guest@#general> /as 王主任 coordinator",
        "王主任@#general> /in coordinators",
        "王主任@#coordinators> /notice",
        "[#coordinators] bot (only 王主任 can see this): 标题",
        "王主任@#coordinators> 垃圾清运改到周一",
        "[#coordinators] bot (only 王主任 can see this): 用通俗的话说明这是什么",
        "王主任@#coordinators> 下个月起，街道每周一清运垃圾。",
        "[#coordinators] bot (only 王主任 can see this): 对居民有什么变化",
        "王主任@#coordinators> 请在周日晚上把垃圾桶放到门口。",
        "[#coordinators] bot (only 王主任 can see this): 居民可以在哪里咨询",
        "王主任@#coordinators> 社区服务中心或这里",
        "[#general] bot: 告知 N-0001：垃圾清运改到周一
          
          下个月起，街道每周一清运垃圾。
          
          对您的变化：请在周日晚上把垃圾桶放到门口。
          咨询方式：社区服务中心或这里
          
          这些内容您看明白了吗？请告诉我们。您也可以提问，问题会以匿名方式公开，答复会发给您本人。",
        "    [1] 我看明白了  [2] 我有疑问",
        "[#coordinators] bot (only 王主任 can see this): 谢谢。告知 N-0001 已发布，下面开了一个提问的话题串。您可以在那里用 /notice answer Q1 <答复> 回答问题。",
        "[#general] bot opened a thread "关于 N-0001 的提问：垃圾清运改到周一" for 王主任",
        "    （输入 /in t1 前往）",
        "[#general › 关于 N-0001 的提问：垃圾清运改到周一 (t1)] bot: 关于告知 N-0001 的问题都会匿名汇总在这里。协调员可以用 /notice answer <问题编号> <答复> 回答，每条答复也会私信发给提问的居民。",
      ]
    `);
    expect(await h.type('/as 小梅', '/in general', '2', '可回收垃圾也是周一吗？')).toMatchInlineSnapshot(`
      [
        "王主任@#coordinators> /as 小梅",
        "小梅@#coordinators> /in general",
        "小梅@#general> 2",
        "[#general] bot (only 小梅 can see this): 您想问什么？问题会以匿名方式发到告知的话题串里，答复会通过私信发给您。",
        "小梅@#general> 可回收垃圾也是周一吗？",
        "[#general › 关于 N-0001 的提问：垃圾清运改到周一 (t1)] bot: 问题 Q1（来自一位居民）：可回收垃圾也是周一吗？",
        "[#general] bot (only 小梅 can see this): 谢谢。您的问题编号是 Q1，已匿名发到告知的话题串里。答复会通过私信发给您。",
      ]
    `);
    expect(await h.type('/as 王主任 coordinator', '/in t1', '/notice answer Q1 是的，可回收垃圾也改到周一。')).toMatchInlineSnapshot(`
      [
        "小梅@#general> /as 王主任 coordinator",
        "王主任@#general> /in t1",
        "王主任@#general › 关于 N-0001 的提问：垃圾清运改到周一 (t1)> /notice answer Q1 是的，可回收垃圾也改到周一。",
        "[#general › 关于 N-0001 的提问：垃圾清运改到周一 (t1)] bot: 对 Q1 的答复：是的，可回收垃圾也改到周一。",
        "[DM to 小梅] bot: 您关于告知 N-0001（垃圾清运改到周一）的提问有答复了。
          您的问题：可回收垃圾也是周一吗？
          答复：是的，可回收垃圾也改到周一。
          谢谢您的提问，如果还有不清楚的地方，欢迎再问。",
      ]
    `);
  });

  it('takes a question written after /notice question as it is, and refuses one over the limit, keeping nothing of it', async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/in general', '/notice "Bin times" "Bins go out on Tuesdays" "Put bins out on Monday evening" "The residents committee"');
    const asked = (await h.type('/as maria', '/in t1', '/notice question When does it start?')).join('\n');
    expect(asked).toContain('bot: Question Q1 (from a resident): When does it start?');
    expect(asked).toContain('(only maria can see this): Thank you. Your question is Q1');
    expect(asked).not.toContain('What would you like to ask?');
    const long = 'x'.repeat(1001);
    const refused = (await h.type(`/notice question ${long}`)).join('\n');
    expect(refused).toContain('(only maria can see this)');
    expect(refused).toContain('1000');
    expect(refused).not.toContain('Question Q2');
    const answered = (await h.type('/as wang coordinator', '/in t1', '/notice answer Q1 Next Monday.')).join('\n');
    expect(answered).toContain('[DM to maria] bot: An answer to your question about notice N-0001 (Bin times).\n    You asked: When does it start?');
  });

  it('explains the four parts when some are missing, and refuses residents', async () => {
    h = await createHarness();
    expect(await h.type('/as wang coordinator', '/notice "Only a title"', '/notice answer Q1 hello', '/as maria', '/notice "A" "B" "C" "D"')).toMatchInlineSnapshot(`
      [
        "guest@#general> /as wang coordinator",
        "wang@#general> /notice "Only a title"",
        "[#general] bot (only wang can see this): A notice has four parts, each in its own quotes: /notice "Title" "What it is, in plain words" "What changes for residents" "Where to ask". I found 1. You can also type /notice alone and fill them in one at a time.",
        "wang@#general> /notice answer Q1 hello",
        "[#general] bot (only wang can see this): Please answer in the notice's thread with /notice answer Q1 <your answer>, or give the notice too: /notice answer N-0001 Q1 <your answer>.",
        "wang@#general> /as maria",
        "maria@#general> /notice "A" "B" "C" "D"",
        "[#general] bot (only maria can see this): Only a coordinator can use /notice. If you'd like it done, you can ask one of them here.",
      ]
    `);
  });
});

describe('a coordinator who names a question that is not there', () => {
  const NOTICE = '/notice "New bin times" "Bins go out on Tuesdays" "Put bins out on Monday evening" "The residents\' committee"';
  it('hears that every question has been answered, not that there are none', async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/in general', NOTICE);
    await h.type('/as maria', '/in t1', '/notice question When does it start?');
    await h.type('/as wang coordinator', '/in t1', '/notice answer Q1 From Monday.');
    const out = await h.type('/notice answer Q9 Next week.');
    expect(out.at(-1)).toBe(
      "[#general › Questions about N-0001: New bin times (t1)] bot (only wang can see this): I can't find question Q9 here. Every question on this notice has been answered; a new one will be numbered in the thread.",
    );
  });
  it('still hears that there are no questions when nobody has asked one', async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/in general', NOTICE);
    const out = await h.type('/in t1', '/notice answer Q1 From Monday.');
    expect(out.at(-1)).toBe('[#general › Questions about N-0001: New bin times (t1)] bot (only wang can see this): There are no questions on this notice yet.');
  });
});

describe('a resident who types /notice understood or /notice question away from any notice', () => {
  it('is told where it works, in their language, and never about the coordinators\' /notice answer', async () => {
    h = await createHarness();
    const out = await h.type('/as maria', '/in general', '/notice understood', '/language zh-CN', '/notice question');
    expect(out).toContain(
      "[#general] bot (only maria can see this): Please use /notice understood in the notice's thread, or the buttons under the notice. Anywhere else, add the notice's reference, for example: /notice understood N-0001",
    );
    expect(out.at(-1)).toBe('[#general] bot (only maria can see this): 请在告知的话题串里使用 /notice question，或点告知下方的按钮。在其他地方，请加上告知编号，例如：/notice question N-0001');
    expect(out.join('\n')).not.toContain('/notice answer');
  });
});
