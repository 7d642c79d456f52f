import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

const file = (who: string, category: string, what: string) => h.type(`/as ${who}`, '/in general', '/feedback', category, what, '-', '2', 'no', 'yes');
const toChen = () => h.lines.filter((l) => l.startsWith('[DM to chen]')).join('\n');

describe('"Duplicate"', () => {
  it('reads fb-1 as FB-0001, and refuses a report that does not exist', async () => {
    h = await createHarness();
    await file('maria', '2', 'Rubbish left by the east stairs');
    await file('chen', '1', 'No light on the east stairs');
    const bad = await h.type('/as jo housing', '/in housing-office', '5', 'fb-7');
    expect(bad.join('\n')).toContain("I can't find a filed report FB-0007");
    expect(toChen()).not.toContain('FB-7');
    expect(toChen()).not.toContain('FB-0007');
    const good = await h.type('fb-1');
    expect(good.join('\n')).toContain('as the same as FB-0001');
    expect(toChen()).toContain('You can follow FB-0001');
  });

  it('refuses a report whose intake was never finished, and the report itself; nothing changes', async () => {
    h = await createHarness();
    await file('maria', '2', 'Rubbish left by the east stairs');
    // ann begins a report (FB-0002) and never finishes it.
    await h.type('/as ann', '/in general', '/feedback', '1');
    await file('chen', '1', 'No light on the east stairs');
    const unfinished = await h.type('/as jo housing', '/in housing-office', '5', 'FB-0002');
    expect(unfinished.join('\n')).toContain("I can't find a filed report FB-0002");
    expect(unfinished.join('\n')).toContain('/feedback list');
    const itself = await h.type('fb-3');
    expect(itself.join('\n')).toContain('FB-0003 is this report itself');
    expect(toChen()).not.toContain('You can follow');
    const good = await h.type('fb-1');
    expect(good.join('\n')).toContain('as the same as FB-0001');
    expect(toChen()).toContain('You can follow FB-0001');
  });

  it('tells a zh-CN party member in Chinese that the report does not exist, and the resident hears nothing', async () => {
    h = await createHarness();
    await file('maria', '2', 'Rubbish left by the east stairs');
    await file('chen', '1', 'No light on the east stairs');
    const before = toChen();
    const bad = await h.type('/as jo housing', '/language zh-CN', '/in housing-office', '5', 'fb-7');
    expect(bad.join('\n')).toContain('没有找到已提交的反馈 FB-0007，所以没有任何改动');
    expect(bad.join('\n')).not.toContain("I can't find");
    expect(toChen()).toBe(before);
    const good = await h.type('fb-1');
    expect(good.join('\n')).toContain('FB-0001');
    expect(toChen()).toContain('You can follow FB-0001');
  });
});
