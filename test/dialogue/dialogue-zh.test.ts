import { afterEach, describe, expect, it } from 'vitest';
import type { ChatHarness } from '../support/harness';
import { HOUR } from '../support/harness';
import { EVERYONE, openDialogue, typeAs, voteAll, type Script } from './transcript';

const script: Script = {
  start: '/dialogue start "庭院停车" project=courtyard-rules stage=consultation perspectives=20m',
  statements: ['晚上十点以后保持庭院安静', '孩子们需要一个安全的玩耍地方', '保留庭院里的停车位', '把停车位改成小花园', '汽车停到外面的街上', '多装一些自行车架'],
  perspectives: {},
};

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a structured dialogue in the local chat (zh-CN)', () => {
  it('runs every phase with six residents in two camps', async () => {
    const opened = await openDialogue(script, 'zh-CN');
    h = opened.h;
    const start = opened.out.join('\n');
    expect(start).toContain('[#general] bot opened a thread "协商：庭院停车" for li');
    expect(start).toContain('欢迎参加关于“庭院停车”的协商。我们的安排是：\n    1. 开场与议事规则\n    2. 各抒己见（约 20 分钟）');
    expect(start).toContain('• 给别人留出说话的空间，让每个人都被听到。');
    expect(start).toContain('bot: 欢迎 fang，谢谢您的参与。');

    await typeAs(h, 'li', '/dialogue next');
    await typeAs(h, 'ann', '我每天下班都很晚，只能停在这里。', '如果没有车位，我要在黑暗里走十分钟。', '外面的街上七点就停满了。', '我们在这里停了二十年了。');
    for (const who of ['bo', 'cai', 'dev', 'eva']) await typeAs(h, who, '庭院对我很重要。');
    const nudges = (await h.advance(HOUR / 6)).join('\n');
    expect(nudges).toContain('[DM to fang] bot: 在关于“庭院停车”的协商中，我们也很想听听您的想法。');
    expect(nudges).toContain('[DM to ann] bot: 谢谢您在关于“庭院停车”的协商中分享了这么多。为了让每个人都有机会发言，接下来能否给其他人多留一些空间？');

    expect((await typeAs(h, 'li', '/dialogue next')).join('\n')).toContain('现在是提出观点与投票环节。');
    const added: string[] = [];
    for (const [i, who] of EVERYONE.entries()) added.push(...(await typeAs(h, who, '/in t1', `＋ ${script.statements[i]}`)));
    expect(added.join('\n')).toContain('bot: 第 3 条观点，来自 cai：“保留庭院里的停车位”');
    expect(added.join('\n')).toContain('[DM to bo] bot: 关于“庭院停车”的协商，第 1 条观点（共 1 条）：\n    “晚上十点以后保持庭院安静”\n    您同意吗？\n    [1] 同意  [2] 不同意  [3] 跳过');
    await voteAll(h);

    const ground = (await typeAs(h, 'li', '/in t1', '/dialogue next')).join('\n');
    expect(ground).toContain('6 位参与者对 6 条观点投了 30 票。根据投票，大家形成了 2 个意见群体。');
    expect(ground).toContain('共识（各群体同等计算，总体倾向于同意），按共识程度排列：\n    • 1. “晚上十点以后保持庭院安静”\n    • 2. “孩子们需要一个安全的玩耍地方”');
    expect(ground).toContain('这里的“共识”是什么意思：系统根据大家的投票，把看法相近的人归为一个群体。');
    expect(ground).toContain('各群体看法不同的地方：');
    for (const n of [3, 4, 5]) expect(ground).toContain(`• ${n}. “${script.statements[n - 1]}”`);

    await typeAs(h, 'li', '/dialogue next');
    const action = (await typeAs(h, 'li', '/dialogue action "张贴安静时段提示" owner=residents-committee due=2026-11-20')).join('\n');
    expect(action).toContain('已记录第 1 项行动：“张贴安静时段提示”，负责人：居委会，完成日期：2026-11-20。');
    const closing = (await typeAs(h, 'li', '/dialogue next')).join('\n');
    expect(closing).toContain('关于“庭院停车”的协商总结。');
    expect(closing).toMatch(/共有 6 位参与者，发言 \d+ 次；.*（基尼系数 0\.\d\d）。/);
    expect(closing).toContain('共识：\n    • 1. “晚上十点以后保持庭院安静”\n    • 2. “孩子们需要一个安全的玩耍地方”');
    expect(closing).toContain('商定的行动：\n    • 1. “张贴安静时段提示”，负责人：居委会，完成日期：2026-11-20');

    const closed = (await h.app.outcomes.query({ types: ['dialogue.closed'] }))[0];
    expect(closed?.data).toMatchObject({ participants: 6, statements: 6, votes: 30, consensus: 2, divisive: 3, actions: 1 });
  });
});
