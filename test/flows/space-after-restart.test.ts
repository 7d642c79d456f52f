import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliHere } from '../support/cli';
import { EN, OPEN } from '../mediation/mediation-support';
import { createHarness, type ChatHarness } from '../support/harness';
import { stopAfterTheNextSave } from '../support/stop-after-save';

let h: ChatHarness | undefined;
afterEach(async () => h?.close());

const THREAD_OPENED = '[#general] bot opened a private thread "Mediation M-1: Shared courtyard evenings" for li, maria, chen';
const FIRST_QUESTION = '[DM to chen] bot: In your own words, what happened? Take as long as you need. Only the mediator will see your answer.';

/** A mediation where both parties have said yes, and the turn that saves chen's yes is the last thing the process does. */
async function stoppedBeforeTheThread(harness: ChatHarness): Promise<string[]> {
  await harness.type('/as li social_worker', '/in general', OPEN(EN.title), '/as maria', '/dm', 'yes', '/as chen', '/dm');
  // The turn is saved, then the process stops before it opens the thread.
  stopAfterTheNextSave(harness);
  return harness.type('yes');
}

describe('a space a run asked for, when the process stopped before opening it', () => {
  it('is opened after the restart, once, and the mediation goes on from there', async () => {
    h = await createHarness();
    const cut = await stoppedBeforeTheThread(h);
    expect(cut.join('\n')).not.toContain('opened a private thread');
    await h.restart();

    const from = h.lines.length;
    expect(await h.app.bot.resumeSpaces()).toBe(1);
    await h.app.bot.idle();
    const resumed = h.lines.slice(from);
    expect(resumed).toContain(THREAD_OPENED);
    expect(resumed).toContain(FIRST_QUESTION);
    expect(resumed.some((line) => line.startsWith('[#general › Mediation M-1: Shared courtyard evenings (t1)] bot: Welcome'))).toBe(true);

    // Started again, or swept again: nothing more is opened.
    expect(await h.app.bot.resumeSpaces()).toBe(0);
    await h.restart();
    expect(await h.app.bot.resumeSpaces()).toBe(0);
    expect(h.lines.slice(from).filter((line) => line.includes('opened a private thread'))).toHaveLength(1);

    // The parties answer their questions as if nothing had happened.
    const answer = await h.type('/as chen', '/dm', EN.intake.chen[0] as string);
    expect(answer.join('\n')).toContain('[DM to chen] bot:');
    expect(answer.join('\n')).not.toMatch(/went wrong|not sure what/iu);
  });

  it('is opened again when the platform did not open it, on the next sweep', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', OPEN(EN.title), '/as maria', '/dm', 'yes', '/as chen', '/dm');
    // The platform does not answer when the thread is opened, once.
    let refused = 0;
    const outbox = h.chat.outbox;
    h.app.bot.attach('local', {
      ...outbox,
      perform: async (action) => {
        if (action.kind === 'open-space' && (refused += 1) === 1) throw new Error('the platform did not answer');
        return outbox.perform(action);
      },
    });
    const consent = await h.type('yes');
    expect(refused).toBe(1);
    expect(consent.join('\n')).not.toContain('opened a private thread');

    const from = h.lines.length;
    expect(await h.app.bot.resumeSpaces()).toBe(1);
    await h.app.bot.idle();
    expect(h.lines.slice(from)).toContain(THREAD_OPENED);
    expect(h.lines.slice(from)).toContain(FIRST_QUESTION);
    expect(await h.app.bot.resumeSpaces()).toBe(0);
  });

  it('is opened when the local chat starts again on the same data folder', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-space-'));
    h = await createHarness({ dataDir });
    await stoppedBeforeTheThread(h);
    await h.close();
    h = undefined;
    const again = await runCliHere(['chat'], { stdin: '/quit\n', env: { DATA_DIR: dataDir } });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(THREAD_OPENED);
    expect(again.stdout).toContain(FIRST_QUESTION);
    const third = await runCliHere(['chat'], { stdin: '/quit\n', env: { DATA_DIR: dataDir } });
    expect(third.stdout).not.toContain('opened a private thread');
  });
});
