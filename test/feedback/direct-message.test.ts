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
  it('is said to be too long, with the limit, and never cut short and filed', async () => {
    h = await createHarness();
    const out = await h.type('/as maria', '/dm', 'x'.repeat(20_000));
    expect(out).toContain("[DM to maria] bot: That's a little long (20000 characters), so nothing was saved: please keep it under 1000 characters, or split it into two messages.");
    expect(out.filter((line) => line.includes(' bot')).join('\n')).not.toContain('x'.repeat(100));
    const mine = await h.type('/feedback mine');
    expect(mine.join('\n')).toContain("You haven't made any reports yet.");
  });
});

describe('a report begun by direct message while a mediation asks something there too', () => {
  it('takes each typed answer to the question still waiting for it, and files the report', async () => {
    h = await createHarness();
    await h.type('/as maria', '/dm', 'The light on the east stairs is broken');
    await h.type('/as li social_worker', '/in general', '/mediation open @maria @chen "Courtyard evenings"');
    const consent = await h.type('/as maria', '/dm', 'yes');
    expect(consent.join('\n')).toContain('Thank you for agreeing to take part.');
    const out = await h.type('Repairs');
    expect(out.at(-1)).toBe('[DM to maria] bot: Where is it? (for example the building or the street) (optional: type - to skip)');
    const filed = await h.type('-', 'Soon, please', 'no', 'yes');
    expect(filed.join('\n')).toContain('New report FB-0001 (Repairs, soon).\n    The light on the east stairs is broken');
  });
});

describe('a report begun by direct message, finished after a mediation has asked its own questions there', () => {
  it('goes on with the report, instead of beginning another', async () => {
    h = await createHarness();
    await h.type('/as maria', '/dm', 'The light on the east stairs is broken');
    await h.type('/as li social_worker', '/in general', '/mediation open @maria @chen "Courtyard evenings"');
    await h.type('/as maria', '/dm', 'yes', '/as chen', '/dm', 'yes');
    await h.type('/as maria', '/dm', 'The music was loud', 'Sleep before work', 'Quiet after 10pm');
    // chen's answers move the mediation on to its shared space: it no longer waits in maria's messages.
    await h.type('/as chen', '/dm', 'A few parties', 'The children can play', 'A fair plan');
    const out = await h.type('/as maria', '/dm', 'Repairs');
    expect(out.join('\n')).not.toContain('What is it about?');
    expect(out.at(-1)).toBe('[DM to maria] bot: Where is it? (for example the building or the street) (optional: type - to skip)');
  });
});
