import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';
import { MARIA, playScenario } from './privacy-scenario';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/privacy in the chat', () => {
  it('shows what is kept, sends a copy by direct message, and erases after a confirmation', async () => {
    h = await createHarness();
    await playScenario(h);
    const summary = (await h.type('/as maria', '/in general', '/privacy')).join('\n');
    expect(summary).toContain('Here is what I keep about you:');
    expect(summary).toContain('2 feedback reports (as the person who reported)');
    expect(summary).toContain('1 mediation (as a participant)');
    expect(summary).not.toContain('1 mediations');

    const exported = (await h.type('/privacy export')).join('\n');
    expect(exported).toContain('[DM to maria] bot: Here is a copy of everything you wrote');
    expect(exported).toContain('my-data.json');
    expect(exported).toContain("I've sent you the file by direct message.");

    const asked = (await h.type('/privacy erase')).join('\n');
    expect(asked).toContain('If you are sure, please type /privacy erase confirm.');
    expect(await h.app.state.traces.find([MARIA.report])).toMatchObject({ runs: [expect.any(String)] });

    const erased = (await h.type('/privacy erase confirm')).join('\n');
    // The mediation ends the usual way: everyone hears it kindly, without blame.
    expect(erased).toContain('[#general › Mediation M-1: Shared courtyard evenings (t1)] bot: This mediation has ended because one of the participants has chosen to step back.');
    expect(erased).toContain('Done. What you wrote and your name have been erased from');
    const left = await h.app.state.traces.find([MARIA.report, MARIA.story, 'maria']);
    expect(left.runs).toEqual([]);

    const again = (await h.type('/privacy')).join('\n');
    expect(again).toContain("I don't keep anything about you at the moment.");
  }, 60_000);
});
