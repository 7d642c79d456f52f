import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h?.close());

const text = (lines: string[]) => lines.join('\n');

/** A dialogue moved on to its next steps, with two actions recorded. */
async function withTwoActions(): Promise<void> {
  h = await createHarness();
  await h.type('/as li social_worker', '/dialogue start "Bike shed"', '/in t1');
  await h.type('/as ann', '/in t1', '/dialogue join');
  await h.type('/as li social_worker', '/in t1', '/dialogue next', '/dialogue next', '/dialogue next', '/dialogue next');
  await h.type('/dialogue action "Fix the shed lock" owner=@ann due=2026-11-20', '/dialogue action "Paint the shed" owner=housing-office due=2026-11-25');
}

describe('an agreed action recorded by mistake', () => {
  it('is removed by the facilitator, with a confirmation in the thread; the other keeps its number', async () => {
    await withTwoActions();
    const removed = text(await h.type('/dialogue remove 1'));
    expect(removed).toContain('[#general › Dialogue: Bike shed (t1)] bot: Action 1, “Fix the shed lock”, has been removed by the facilitator. The other actions keep their numbers.');
    expect(text(await h.type('/dialogue remove 1'))).toContain('Please give the number of an action that is still listed (1 to 2)');
    expect(text(await h.type('/dialogue done 1'))).toContain('Please give the number of an action');
    const closing = text(await h.type('/dialogue close'));
    expect(closing).toContain('Agreed actions:\n    • 2. “Paint the shed”, owner: the housing office, due 2026-11-25');
    expect(closing).not.toContain('Fix the shed lock');
    // No reminder goes to the owner of the removed action.
    expect(text(await h.advance(30 * 24 * 3_600_000))).not.toContain('[DM to ann]');
    const log = await h.app.outcomes.query({ types: ['action.'] });
    expect(log.filter((o) => o.type === 'action.removed').map((o) => o.data.action)).toEqual(['D-0001-A1']);
  });

  it('can be removed only by the facilitator, who is answered in their own language', async () => {
    await withTwoActions();
    expect(text(await h.type('/as ann', '/in t1', '/dialogue remove 2'))).toContain('Only the facilitator can use');
    const zh = text(await h.type('/as li social_worker', '/in t1', '/language zh-CN', '/dialogue remove 9'));
    expect(zh).toContain('请写出一项仍在清单上的行动编号（1 到 2）');
  });
});

describe('/summary of a dialogue with an action removed', () => {
  it('lists only the actions still agreed, for the facilitator and a resident, before and after the close', async () => {
    await withTwoActions();
    await h.type('/dialogue action "Oil the shed door" owner=@ann due=2026-11-28', '/dialogue remove 2');
    const expectOnlyKept = (summary: string) => {
      expect(summary).toContain('Actions agreed:\n');
      expect(summary).toContain('Fix the shed lock');
      expect(summary).toContain('Oil the shed door');
      expect(summary).not.toContain('Paint the shed');
    };
    expectOnlyKept(text(await h.type('/summary')));
    expectOnlyKept(text(await h.type('/as ann', '/in t1', '/summary')));
    await h.type('/as li social_worker', '/in t1', '/dialogue close');
    expectOnlyKept(text(await h.type('/summary')));
    expectOnlyKept(text(await h.type('/as ann', '/in t1', '/summary')));
  });
});
