import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { features, type Feature } from '../../src/features';
import { demoFeature, DEMO_PROMPTS } from '../support/demo-feature';
import { createHarness, type ChatHarness } from '../support/harness';

const INTERRUPTED = '[#general] bot (only maria can see this): The bot was restarted before your /slowpoke was ready, so it was not finished. Please ask for it again.';

/** `/slowpoke`: a slow command whose work finishes when the test says so. */
function slowFeature(gate: Promise<void>): Feature {
  return {
    commands: [
      {
        name: 'slowpoke',
        roles: ['resident'],
        description: 'demo.title',
        async run(ctx) {
          await ctx.slow(async () => {
            await gate;
            return { text: 'Here it is.' };
          });
        },
      },
    ],
    functions: {},
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

let open: ChatHarness[] = [];
afterEach(async () => {
  for (const h of open) await h.close();
  open = [];
});

describe('slow work run in the process that took the command (no job queue)', () => {
  it('is said to have been cut off, once, when the bot is back after a stop that came before its result', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-slow-'));
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = await createHarness({ dataDir, features: [...features, demoFeature, slowFeature(gate)], extraPromptsDir: DEMO_PROMPTS });
    await first.type('/as maria');
    const typed = first.chat.input('/slowpoke');
    await until(() => first.lines.some((line) => line.includes('Working on it')));
    // The bot started again on the same data while the work was under way (the first process died).
    const again = await createHarness({ dataDir, features: [...features, demoFeature, slowFeature(Promise.resolve())], extraPromptsDir: DEMO_PROMPTS });
    open.push(again);
    await again.app.bot.sendKeptAnswers();
    await again.app.bot.sendKeptAnswers();
    expect(again.lines.filter((line) => line === INTERRUPTED)).toHaveLength(1);
    release();
    await typed;
    await first.close();
  });

  it('keeps its note before it promises anything, so a stop just after "Working on it" is covered too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-slow-'));
    const h = await createHarness({ dataDir, features: [...features, demoFeature, slowFeature(Promise.resolve())], extraPromptsDir: DEMO_PROMPTS });
    open.push(h);
    await h.type('/as maria');
    const promisedWhenKept: boolean[] = [];
    const keep = h.app.state.answers.keep.bind(h.app.state.answers);
    vi.spyOn(h.app.state.answers, 'keep').mockImplementation(async (answer, ttl) => {
      if (answer.id.includes('slow-work')) promisedWhenKept.push(h.lines.some((line) => line.includes('Working on it')));
      return keep(answer, ttl);
    });
    await h.type('/slowpoke');
    expect(promisedWhenKept).toEqual([false]);
  });

  it('leaves nothing to say once its result is given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cg-slow-'));
    const first = await createHarness({ dataDir, features: [...features, demoFeature, slowFeature(Promise.resolve())], extraPromptsDir: DEMO_PROMPTS });
    const out = await first.type('/as maria', '/slowpoke');
    expect(out.join('\n')).toContain('Here it is.');
    await first.close();
    const again = await createHarness({ dataDir, features: [...features, demoFeature, slowFeature(Promise.resolve())], extraPromptsDir: DEMO_PROMPTS });
    open.push(again);
    await again.app.bot.sendKeptAnswers();
    expect(again.lines).not.toContain(INTERRUPTED);
  });
});
