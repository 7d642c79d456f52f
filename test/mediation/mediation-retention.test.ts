import { afterEach, describe, expect, it } from 'vitest';
import { purgeExpiredMediations } from '../../src/mediation/feature';
import { createHarness, DAY, type ChatHarness } from '../support/harness';
import { EN, THREAD, toProposal, toStories } from './mediation-support';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const text = (lines: string[]) => lines.join('\n');

describe('retention of mediation content', () => {
  it('removes what people wrote after the retention period, keeping codes and each party\'s agreement copy', async () => {
    h = await createHarness();
    await toStories(h, EN);
    await toProposal(h, EN);
    await h.type('/as maria', '/dm', 'yes', '/as chen', '/dm', 'yes', '/as li social_worker', `/in ${THREAD}`, '/mediation end agreement');
    const [id] = (await h.app.outcomes.query({ types: ['mediation.ended'] })).map((o) => o.run);
    const before = await h.app.state.getRun(id ?? '');
    expect(JSON.stringify(before?.vars)).toContain(EN.intake.maria[0]);

    expect(await purgeExpiredMediations(h.app.state, h.clock.now() + 89 * DAY, 90)).toBe(0);
    expect(await purgeExpiredMediations(h.app.state, h.clock.now() + 91 * DAY, 90)).toBe(1);
    const after = await h.app.state.getRun(id ?? '');
    const kept = JSON.stringify(after?.vars);
    for (const written of [...EN.intake.maria, ...EN.intake.chen, EN.flagged, EN.chenStory, EN.needs[0], EN.title]) expect(kept).not.toContain(written);
    expect(after?.vars.endHow).toBe('agreement');
    expect(after?.vars.toneFlags).toBe(1);
    expect(kept).toContain(EN.options[0]);
    expect(await purgeExpiredMediations(h.app.state, h.clock.now() + 200 * DAY, 90)).toBe(0);

    // Each party can still get their copy of the agreement.
    const copy = await h.type('/as chen', '/dm', '/mediation copy');
    expect(text(copy)).toContain('[DM to chen] bot: Here is a copy of your mediation agreement. Only you can see this message.\n    1. chen: Music off by 10pm on weekdays (by 2026-11-20)');
  });

  it('keeps a mediation in progress whatever its age', async () => {
    h = await createHarness();
    await toStories(h, EN);
    expect(await purgeExpiredMediations(h.app.state, h.clock.now() + 400 * DAY, 90)).toBe(0);
  });
});
