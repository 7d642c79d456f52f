import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('asks nobody to speak while the dialogue is paused, also across a restart, and reminds once after it resumes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-voice-'));
    try {
      h = await createHarness({ dataDir });
      await h.type('/as li social_worker', '/dialogue start "Bike shed" perspectives=20m', '/in t1');
      for (const who of ['ann', 'bo', 'cai']) await h.type(`/as ${who}`, '/in t1', '/dialogue join');
      await h.type('/as li social_worker', '/dialogue next');
      await h.type('/as ann', 'The bikes block the stairs');
      expect((await h.type('/as li social_worker', '/dialogue pause')).join('\n')).toContain('This conversation is paused for now.');
      await h.restart();
      expect(await h.advance(25 * MINUTE)).toEqual([]);
      await h.type('/as li social_worker', '/in t1', '/dialogue resume');
      const after = (await h.advance(11 * MINUTE)).join('\n');
      expect(after.match(/\[DM to bo\] bot: We'd like to hear from you too/g)).toHaveLength(1);
      expect(after.match(/\[DM to li\] bot: \(For the facilitator\) The planned time for Perspectives is up\./g)).toHaveLength(1);
      expect(await h.advance(60 * MINUTE)).toEqual([]);
    } finally {
      await h.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
