import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

describe('a report begun by a direct message', () => {
  it('keeps the first message as what happened, and does not ask for it again', async () => {
    h = await createHarness();
    const out = await h.type('/as maria', '/dm', 'The lid of the bin by building 2 is broken', '2');
    expect(out.at(-1)).toBe('[DM to maria] bot: Where is it? (for example the building or the street) (optional: type - to skip)');
    expect(out.join('\n')).not.toContain('What happened, or what could be better?');
    const filed = await h.type('-', '1', 'no', 'no');
    const post = filed.find((l) => l.startsWith('[#property-management] bot: New report FB-0001')) ?? '';
    expect(post).toContain('The lid of the bin by building 2 is broken');
  });
});

describe('a direct message longer than a report may be', () => {
  it('is refused with the limit, never cut short and filed', async () => {
    h = await createHarness();
    const out = await h.type('/as maria', '/dm', 'x'.repeat(20_000));
    expect(out.at(-1)).toBe("[DM to maria] bot: That's a little long (20000 characters), so nothing was saved: please keep it under 1000 characters, or split it into two messages.");
    expect(out.join('\n')).not.toContain('What is it about?');
    const mine = await h.type('/feedback mine');
    expect(mine.join('\n')).toContain("You haven't made any reports yet.");
  });
});
