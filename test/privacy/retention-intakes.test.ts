import { afterEach, describe, expect, it } from 'vitest';
import { sweepRetention } from '../../src/privacy/retention-sweep';
import { createHarness, DAY, type ChatHarness } from '../support/harness';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MARIA = 'The gate to the playground does not close';
const CHEN = 'Half of what I meant to say about the bins';

describe('retention of reports that were never filed', () => {
  it('removes the words of an abandoned intake and of one that became a "me too", and keeps the open report', async () => {
    h = await createHarness();
    await h.type('/as maria', '/in general', '/feedback', '1', MARIA, 'Playground gate', '2', 'no', 'yes');
    // chen begins a report and walks away; ann adds her voice to maria's.
    await h.type('/as chen', '/in general', '/feedback', '2', CHEN, '/as ann', '/in general', '/feedback', '1', '1');
    await h.advance(2 * DAY);
    await h.app.bot.idle();
    expect((await h.app.state.traces.find([CHEN])).runs).toHaveLength(1);
    expect((await h.app.state.traces.find([MARIA])).runs.length).toBeGreaterThan(1);

    await sweepRetention(h.app.state, h.clock.now() + 31 * DAY, { mediation: 30, feedback: 30 });
    expect((await h.app.state.traces.find([CHEN])).runs).toEqual([]);
    // maria's report is still open: it keeps its words, and only it holds them.
    const left = (await h.app.state.traces.find([MARIA])).runs;
    expect(left).toHaveLength(1);
    expect((await h.app.state.getRun(left[0] ?? ''))?.vars).toMatchObject({ ref: 'FB-0001', status: 'new' });
  });
});
