import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

/** How many times the bot's lines (not the echoed input) name an option. */
const count = (lines: string[], option: string) => lines.filter((l) => !/^\S+@\S+> /.test(l)).join('\n').split(option).length - 1;

describe('what a message says is said once', () => {
  it('a poll lists its options once: as its buttons', async () => {
    h = await createHarness();
    const posted = await h.type('/as wang coordinator', '/poll "Bins on Tuesday?" "Tuesday evening" "Thursday morning"');
    expect(count(posted, 'Tuesday evening')).toBe(1);
    expect(count(posted, 'Thursday morning')).toBe(1);
    expect(posted.join('\n')).toContain('[1] Tuesday evening  [2] Thursday morning');
    const voted = await h.type('/as maria', '2');
    expect(voted.at(-1)).toContain('your vote is saved: 2. Thursday morning.');
    const zh = await h.type('/as wang coordinator', '/language zh-CN', '/poll "垃圾桶周二收？" "周二晚上" "周四早上"');
    expect(count(zh, '周二晚上')).toBe(1);
  });

  it('a question with choices lists them once, and typing a number still answers it', async () => {
    h = await createHarness();
    const asked = await h.type('/as maria', '/feedback');
    expect(count(asked, 'Cleanliness')).toBe(1);
    const urgency = await h.type('2', 'Rubbish by the east stairs', '-');
    expect(count(urgency, 'Soon, please')).toBe(1);
    const next = await h.type('2');
    expect(next.join('\n')).toContain('Would you like to stay anonymous');
  });

  it('a private reply says once who can see it', async () => {
    h = await createHarness();
    await h.type('/as wang coordinator', '/poll "Bins on Tuesday?" "Yes" "No"');
    const voted = await h.type('/as maria', '1');
    expect(voted.at(-1)).toBe('[#general] bot (only maria can see this): Thank you, your vote is saved: 1. Yes. You can change it until 2026-11-05 09:00 UTC.');
    const zh = await h.type('/language zh-CN', '2');
    expect(zh.at(-1)).toMatch(/^\[#general\] bot \(only maria can see this\): [^（]/);
    expect(zh.at(-1)).not.toContain('仅您可见');
  });
});
