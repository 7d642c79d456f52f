import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

const file = (who: string, category: string, what: string) => h.type(`/as ${who}`, '/in general', '/feedback', category, what, '-', '2', 'no', 'yes');

describe('"Duplicate"', () => {
  it('reads fb-1 as FB-0001, and refuses a report that was not filed before this one', async () => {
    h = await createHarness();
    await file('maria', '2', 'Rubbish left by the east stairs');
    await file('chen', '1', 'No light on the east stairs');
    const bad = await h.type('/as jo housing', '/in housing-office', '5', 'fb-7');
    expect(bad.join('\n')).toContain("That doesn't look like the reference of a report filed before");
    expect(h.lines.filter((l) => l.startsWith('[DM to chen]')).join('\n')).not.toContain('FB-7');
    const good = await h.type('fb-1');
    expect(good.join('\n')).toContain('as the same as FB-0001');
    expect(h.lines.filter((l) => l.startsWith('[DM to chen]')).join('\n')).toContain('You can follow FB-0001');
  });
});
