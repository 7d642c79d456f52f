import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/core/events';
import { seededRandom } from '../../src/core/seeded-random';
import type { Run } from '../../src/flows/run';
import type { ChildRequest } from './support/app-child';
import { observe } from './support/observe';
import { startChild, type AppChild } from './support/child-driver';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-02T09:00:00Z');
const LIFECYCLES = 30;
const SEED = 20261202;
/** Requests cut short by a kill, one for each lifecycle on average, spread by the seed. */
const KILLS = 30;

/** One scripted feedback lifecycle: filed, acknowledged, resolved with a note, confirmed and rated. */
function lifecycle(i: number, start: number): ChildRequest[] {
  const reporter = `r${i}`;
  let n = 0;
  const event = (user: string, roles: string[], channel: string, body: Record<string, unknown>): InboundEvent =>
    ({ eventId: `l${i}-${(n += 1)}`, ref: { platform: 'local', space: 'local', channel, direct: channel.startsWith('@') }, user: { id: user, name: user, platformRoles: roles }, canOpenForm: false, ...body }) as InboundEvent;
  const says = (text: string, now: number): ChildRequest => ({ op: 'handle', now, event: event(reporter, [], 'general', { kind: 'message', text }) });
  const party = (value: string, now: number): ChildRequest => ({ op: 'handle', now, choiceFor: { reporter, value }, event: event('jo', ['housing'], 'housing-office', { kind: 'choice', value: '' }) });
  return [
    { op: 'handle', now: start, event: event(reporter, [], 'general', { kind: 'command', name: 'feedback', args: [], options: {} }) },
    says('1', start + 1000),
    says(`The stairwell light in building ${i} is broken`, start + 2000),
    says(`Building ${i}, east stairs`, start + 3000),
    says('2', start + 4000),
    says('no', start + 5000),
    says('yes', start + 6000),
    { op: 'advance', now: start + 30 * HOUR },
    party('acknowledge', start + 30 * HOUR + 1000),
    { op: 'advance', now: start + 60 * HOUR },
    party('resolve', start + 60 * HOUR + 1000),
    { op: 'handle', now: start + 60 * HOUR + 2000, event: event('jo', ['housing'], 'housing-office', { kind: 'message', text: 'Replaced the bulb and the switch.' }) },
    { op: 'handle', now: start + 61 * HOUR, choiceFor: { reporter, value: 'confirm' }, event: event(reporter, [], `@${reporter}`, { kind: 'choice', value: '' }) },
    { op: 'handle', now: start + 61 * HOUR + 1000, event: event(reporter, [], `@${reporter}`, { kind: 'message', text: '5' }) },
  ];
}

const script = Array.from({ length: LIFECYCLES }, (_, i) => lifecycle(i, START + i * 100 * HOUR)).flat();

/**
 * Runs the script against a fresh data folder. With `kills`, some requests carry a write point at
 * which the child kills itself; the child is then started again and the same request sent again
 * (a platform's retry carries the same event id), until it is answered.
 */
async function play(kills: boolean): Promise<{ dir: string; killed: number }> {
  const dir = mkdtempSync(join(tmpdir(), kills ? 'cg-killed-' : 'cg-calm-'));
  const random = seededRandom(SEED);
  // Which requests are cut short, and at which write point (counted from the start of the request).
  const cuts = new Map<number, number>();
  while (kills && cuts.size < KILLS) cuts.set(Math.floor(random() * script.length), 1 + Math.floor(random() * 6));
  let child: AppChild = await startChild({ dataDir: dir });
  let killed = 0;
  for (const [index, request] of script.entries()) {
    const killAt = request.op === 'handle' || request.op === 'advance' ? (cuts.get(index) ?? 0) : 0;
    let answer = await child.send(killAt > 0 ? ({ ...request, killAt } as ChildRequest) : request);
    while (answer === null) {
      killed += 1;
      await child.exited;
      child = await startChild({ dataDir: dir });
      answer = await child.send(request);
    }
  }
  // A last start delivers what a crash left in the outbox.
  await child.send({ op: 'close' });
  child = await startChild({ dataDir: dir });
  await child.send({ op: 'close' });
  return { dir, killed };
}

const reporter = (run: Run) => run.participants.find((p) => p.role === 'reporter')?.userId ?? '?';

describe('killed at random points, restarted and resumed', () => {
  it(`ends ${LIFECYCLES} feedback lifecycles exactly as a process never killed`, async () => {
    const [calm, killed] = await Promise.all([play(false), play(true)]);
    const expected = observe(calm.dir, reporter);
    const actual = observe(killed.dir, reporter);
    // Some cuts name a write point past the last write of their request: those requests just finish.
    expect(killed.killed).toBeGreaterThanOrEqual(15);
    // The unbroken run went the whole way: every report closed and rated, nothing left over.
    expect(expected.runs.filter((r) => r.includes('"status":"closed"') && r.includes('"rating"'))).toHaveLength(LIFECYCLES);
    expect(expected.outcomes.filter((o) => o.endsWith(':feedback.confirmed'))).toHaveLength(LIFECYCLES);
    expect({ stale: expected.stale, missing: expected.missing, outbox: expected.outbox }).toEqual({ stale: [], missing: [], outbox: 0 });
    // Killed and restarted: the same runs, index keys, timers and outcomes (none lost, none twice).
    expect(actual).toEqual(expected);
  }, 600_000);
});
