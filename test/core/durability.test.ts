import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { features } from '../../src/features';
import { inboundWhereKey } from '../../src/flows/context';
import { keys } from '../../src/state/keys';
import { demoFeature, DEMO_PROMPTS } from '../support/demo-feature';
import { createHarness, HOUR, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());
/** The run waiting for maria's answer in #general. */
async function waitingRun() {
  const where = inboundWhereKey({ platform: 'local', space: 'local', channel: 'general', direct: false }, 'maria');
  const runId = await h.app.state.get(keys.awaiting(where, 'maria'), z.string());
  return runId ? h.app.state.getRun(runId) : undefined;
}
const open = async () =>
  (h = await createHarness({ features: [...features, demoFeature], extraPromptsDir: DEMO_PROMPTS, dataDir: mkdtempSync(join(tmpdir(), 'cg-durable-')) }));

describe('state survives a restart, duplicates are handled once, timers fire once', () => {
  it('a run resumes exactly where it was after the process is recreated', async () => {
    await open();
    await h.type('/as maria', '/demo', 'Maria', '2');
    await h.restart();
    // The new process knows nothing but what was saved: the next answer continues the same run.
    expect(await h.type('/as maria', '5')).toContain('[#general] bot (only maria can see this): Maria, shall we go on?');
  });

  it('a retried delivery of the same platform event is processed once', async () => {
    await open();
    await h.type('/as maria', '/demo', 'Maria');
    // Processed twice, "Maria" would be read as an answer to the colour question and refused.
    expect(await h.type('/again')).toEqual([
      'maria@#general> /again',
      '(local chat) Sent again, the way a platform retries a delivery: what maria sent in #general, "Maria". The bot handles each delivery only once.',
    ]);
    expect((await waitingRun())?.step).toBe('colour');
  });

  it('two different events with the same text are both processed', async () => {
    await open();
    expect((await h.type('/as maria', '/help', '/help')).filter((l) => l.includes('Here is what you can do here'))).toHaveLength(2);
  });

  it('a timer set before a restart fires once after it', async () => {
    await open();
    await h.type('/as maria', '/demo', 'Maria', '1', '3', 'yes', 'Park gate', '-');
    expect((await h.app.bot.deps.scheduler.pending()).map((t) => t.name)).toEqual(['nudge']);
    await h.restart();
    expect(await h.advance(2 * HOUR)).toEqual(['[#general] bot: A gentle reminder that we are still here.']);
    expect(await h.advance(2 * HOUR)).toEqual([]);
    await h.restart();
    expect(await h.advance(2 * HOUR)).toEqual([]);
    expect(await h.app.bot.deps.scheduler.pending()).toEqual([]);
  });

  it('a run of a script that changed incompatibly ends politely', async () => {
    await open();
    await h.type('/as maria', '/demo', 'Maria');
    const run = await waitingRun();
    expect(run?.step).toBe('colour');
    await h.app.state.saveRun({ ...run!, flowVersion: 0 }, run!.seq);
    expect(await h.type('1')).toContain(
      "[#general] bot: This conversation was set up with an earlier version of its script, which has since changed. To keep things clear, it has been closed. Please start it again whenever you're ready.",
    );
  });

  it('a stored record that does not match its schema is refused on read, with a kind answer', async () => {
    await open();
    await h.type('/as maria', '/demo');
    const run = await waitingRun();
    // Damaged in storage, then read by a fresh process (which trusts nothing it finds).
    await h.app.state.keyv.set(keys.run(run?.id ?? ''), { v: 1, data: { broken: true } });
    await h.restart();
    expect(await h.type('/as maria', 'Maria')).toContain('[#general] bot (only maria can see this): Something went wrong on our side. What you wrote has not been lost; please try again in a moment.');
  });
});
