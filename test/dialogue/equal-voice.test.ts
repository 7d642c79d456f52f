import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => {
  await h.close();
});

const MINUTE = 60_000;

describe('equal voice in a dialogue', () => {
  it('invites someone who has not spoken once: not again when the phase ends right after the halfway reminder', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/dialogue start "Bike shed" perspectives=20m', '/in t1');
    for (const who of ['ann', 'bo', 'cai']) await h.type(`/as ${who}`, '/in t1', '/dialogue join');
    await h.type('/as li social_worker', '/dialogue next');
    await h.type('/as ann', 'The bikes block the stairs', '/as bo', 'I keep mine in the flat');
    const halfway = (await h.advance(11 * MINUTE)).join('\n');
    expect(halfway).toContain("[DM to cai] bot: We'd like to hear from you too in the dialogue on “Bike shed”.");
    const next = (await h.type('/as li social_worker', '/dialogue next')).join('\n');
    expect(next).toContain('Now: statements and voting.');
    expect(next).not.toContain('[DM to cai]');
  });

  it('still invites, when the phase ends, someone who has not spoken and was not reminded yet', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/dialogue start "Bike shed" perspectives=20m', '/in t1');
    for (const who of ['ann', 'bo', 'cai']) await h.type(`/as ${who}`, '/in t1', '/dialogue join');
    await h.type('/as li social_worker', '/dialogue next');
    await h.type('/as ann', 'The bikes block the stairs', '/as bo', 'I keep mine in the flat');
    const next = (await h.type('/as li social_worker', '/dialogue next')).join('\n');
    expect(next).toContain("[DM to cai] bot: We'd like to hear from you too in the dialogue on “Bike shed”.");
  });
});
