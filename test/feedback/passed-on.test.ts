import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

describe('a report passed on with "Not ours"', () => {
  it('can be acted on by a member of the new party, even one refused before it was theirs', async () => {
    h = await createHarness();
    await h.type('/as maria', '/feedback', '1', 'The stairwell light is broken', '-', '2', 'no', 'yes');
    const refused = await h.type('/as kim property', '/in housing-office', '1');
    expect(refused.at(-1)).toContain('(only kim can see this)');
    expect(refused.join('\n')).not.toContain('kim has acknowledged');
    await h.type('/as jo housing', '/in housing-office', '4', '1', 'The bins and lights of this block are looked after by property management');
    const accepted = await h.type('/as kim property', '/in property-management', '1');
    expect(accepted.join('\n')).toContain('[#property-management] bot: kim has acknowledged FB-0001.');
  });
});
