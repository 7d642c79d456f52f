import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { EN, OPEN } from '../mediation/mediation-support';
import { createHarness, type ChatHarness } from '../support/harness';
import { observe } from './support/observe';

/**
 * Makes the app's writes fail from the `crashAt`-th on, as if the process had died just before it:
 * nothing from then on reaches the state store or the outcome log. Returns the number of writes.
 */
function crashAfter(app: App, crashAt: number | null): () => number {
  let writes = 0;
  const wrap = <T extends object>(target: T, names: (keyof T)[]) => {
    for (const name of names) {
      const original = (target[name] as (...args: unknown[]) => Promise<unknown>).bind(target);
      (target as Record<keyof T, unknown>)[name] = async (...args: unknown[]) => {
        writes += 1;
        if (crashAt !== null && writes >= crashAt) throw new Error('the process stopped here');
        return original(...args);
      };
    }
  };
  wrap(app.state, ['commitTurn', 'set', 'delete', 'markSeen', 'next']);
  wrap(app.state.timers, ['schedule', 'cancel', 'removeTimer']);
  wrap(app.state.outbox, ['delivered']);
  wrap(app.outcomes, ['append']);
  return () => writes;
}

interface Scenario {
  mechanism: string;
  /** Brings the data to just before the turn. */
  before(h: ChatHarness): Promise<unknown>;
  /** The lines of the one turn that is cut short. */
  turn: string[];
}

const scenarios: Scenario[] = [
  {
    mechanism: 'feedback (filing a report)',
    before: (h) => h.type('/as maria', '/feedback', '1', 'The stairwell light is broken', 'Building 4', '2', 'no'),
    turn: ['yes'],
  },
  {
    mechanism: 'dialogue (moving to the next phase)',
    before: (h) => h.type('/as li social_worker', '/dialogue start "Bike shed"', '/in t1', '/as ann', '/in t1', '/dialogue join', '/as li social_worker'),
    turn: ['/dialogue next'],
  },
  {
    mechanism: 'mediation (a party gives consent)',
    before: (h) => h.type('/as li social_worker', '/in general', OPEN(EN.title)),
    turn: ['/as maria', '/dm', 'yes'],
  },
];

const byOrder = (_run: unknown, order: number) => `run${order}`;

/** A fresh bot brought to just before the turn; the folder it keeps its data in. */
async function prepared(scenario: Scenario) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-crash-'));
  const h = await createHarness({ dataDir });
  await scenario.before(h);
  return { h, dataDir };
}

describe('a turn cut short at any of its writes leaves the data as before the turn or as after it', () => {
  for (const scenario of scenarios) {
    it(scenario.mechanism, async () => {
      // Unbroken: the data before and after the turn (each seen by a restarted process).
      const calm = await prepared(scenario);
      await calm.h.restart();
      const before = observe(calm.dataDir, byOrder);
      const count = crashAfter(calm.h.app, null);
      await calm.h.type(...scenario.turn);
      const writes = count();
      await calm.h.restart();
      const after = observe(calm.dataDir, byOrder);
      await calm.h.close();
      expect(writes).toBeGreaterThan(1);
      expect(after).not.toEqual(before);
      for (const snapshot of [before, after]) expect({ stale: snapshot.stale, missing: snapshot.missing, outbox: snapshot.outbox }).toEqual({ stale: [], missing: [], outbox: 0 });

      // Cut short before each write in turn, then started again on the same data.
      for (let crashAt = 1; crashAt <= writes; crashAt += 1) {
        const cut = await prepared(scenario);
        await cut.h.restart();
        crashAfter(cut.h.app, crashAt);
        await cut.h.type(...scenario.turn);
        await cut.h.restart();
        const seen = observe(cut.dataDir, byOrder);
        await cut.h.close();
        expect([before, after], `crash before write ${crashAt} of ${writes}`).toContainEqual(seen);
      }
    }, 600_000);
  }
});
