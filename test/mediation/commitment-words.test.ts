import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';
import { EN, THREAD, toStories } from './mediation-support';

let h: ChatHarness;
afterEach(async () => h?.close());

/** From the stories to the mediator editing the draft agreement. */
async function toDraft(): Promise<void> {
  const w = EN;
  await toStories(h, w);
  await h.type('/as maria', `/in ${THREAD}`, w.flagged, '/as li social_worker', `/in ${THREAD}`, '/mediation next');
  await h.type('/as chen', `/in ${THREAD}`, w.chenStory, '/as li social_worker', `/in ${THREAD}`, '/mediation next', '/mediation next');
  await h.type('/as maria', `/in ${THREAD}`, w.needs[0], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
  await h.type('/as maria', `/in ${THREAD}`, w.options[0], '/as chen', `/in ${THREAD}`, w.options[1], w.options[2], '/as li social_worker', `/in ${THREAD}`, '/mediation next');
  await h.type('/as maria', '/dm', w.weighMaria, '/as chen', '/dm', w.weighChen);
}

describe('a commitment in the draft agreement', () => {
  it('keeps "by" and "who" in its wording, and takes who= and by= only as settings', async () => {
    h = await createHarness();
    await toDraft();
    const out = await h.type('/as li social_worker', '/dm', '/mediation commitment 1 Music off by 10pm, agreed by who is hosting who=chen by=2026-11-20');
    const answer = out.at(-1) ?? '';
    expect(answer).not.toContain('by= takes a date');
    expect(answer).toContain('Music off by 10pm, agreed by who is hosting');
    expect(answer).toContain('2026-11-20');
  });

  it('refuses an impossible date kindly and keeps the draft as it was', async () => {
    h = await createHarness();
    await toDraft();
    const out = await h.type('/as li social_worker', '/dm', '/mediation commitment 1 who=chen by=2027-02-30');
    expect(out.at(-1)).toContain('by= takes a date from today onwards, written like 2026-12-01.');
    const after = await h.type('/mediation commitment 1 by=2027-02-28');
    expect(after.at(-1)).toContain('2027-02-28');
  });
});
