import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'cg-notice-'));
afterEach(async () => {
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a notice question answered a second time', () => {
  it('tells the thread and the asker, in their own language, that the answer has changed, also after a restart', async () => {
    h = await createHarness({ dataDir });
    await h.type('/as mei', '/language zh-CN', '/as wang coordinator', '/in general', '/notice "Bin times" "Bins go out on Tuesdays" "Put bins out on Monday evening" "The residents committee"');
    await h.type('/as mei', '/in t1', '/notice question 回收桶也是周二吗？');
    const first = (await h.type('/as wang coordinator', '/in t1', '/notice answer Q1 Yes, recycling too.')).join('\n');
    expect(first).toContain('bot: Answer to Q1: Yes, recycling too.');
    expect(first).toContain('[DM to mei] bot: 您关于告知 N-0001（Bin times）的提问有答复了。');
    await h.restart();
    const second = (await h.type('/as wang coordinator', '/in t1', '/notice answer Q1 Sorry, recycling stays on Thursdays.')).join('\n');
    expect(second).toContain('bot: Answer to Q1, changed: Sorry, recycling stays on Thursdays.');
    expect(second).toContain('[DM to mei] bot: 您关于告知 N-0001（Bin times）的提问，答复有了更改。\n    您的问题：回收桶也是周二吗？\n    现在的答复：Sorry, recycling stays on Thursdays.');
    const outcomes = await h.app.outcomes.query({ types: ['notice.question_answered'] });
    expect(outcomes).toHaveLength(1);
  });
});
