import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

describe('a command given without the words it needs', () => {
  it('says what it needs, never "?" or a double space', async () => {
    h = await createHarness();
    const out = await h.type('/as maria', '/feedback metoo', '/as wang coordinator', '/stage', '/stage launch');
    expect(out).toEqual([
      'guest@#general> /as maria',
      'maria@#general> /feedback metoo',
      // The router finds a report's run by its reference, and asks for one when none is given.
      '[#general] bot (only maria can see this): Which report do you mean? Please add its reference, for example /feedback metoo FB-0042. /feedback mine and /feedback list show the references.',
      'maria@#general> /as wang coordinator',
      'wang@#general> /stage',
      '[#general] bot (only wang can see this): /stage needs one more word: start or finish. Type /help stage to see what each does.',
      'wang@#general> /stage launch',
      "[#general] bot (only wang can see this): /stage launch isn't something I know. Type /help to see the commands and what they take.",
    ]);
    for (const line of out) expect(line).not.toMatch(/ \?| {2}/);
    // In Chinese, the alternatives are listed as Chinese lists them, and what to type is named in Chinese.
    const zh = await h.type('/language zh-CN', '/stage', '/stage start');
    expect(zh).toContain('[#general] bot (only wang can see this): /stage 后面还需要一个词：start或finish。输入 /help stage 可以看看每个的用途。');
    expect(zh.at(-1)).toContain('<阶段>');
  });
});
