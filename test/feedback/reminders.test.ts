import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createHarness, HOUR, type ChatHarness } from '../support/harness';

let h: ChatHarness;
afterEach(async () => h.close());

it('reminds the party once, then tells the coordinators, with restarts in between', async () => {
  h = await createHarness({ dataDir: mkdtempSync(join(tmpdir(), 'cg-feedback-')) });
  await h.type('/as maria', '/feedback', '2', 'Rubbish has piled up by the east gate', '-', '3', 'yes', 'no');
  await h.restart();
  expect(await h.advance(23 * HOUR)).toEqual([]);
  expect(await h.advance(1 * HOUR)).toEqual([
    '[#property-management] bot: A gentle reminder: report FB-0001 (Cleanliness) is still waiting to be acknowledged. We agreed to reply within 1 day. Could someone take a look?',
    '    [1] Acknowledge',
  ]);
  await h.restart();
  expect(await h.advance(24 * HOUR)).toEqual([
    "[#coordinators] bot: Report FB-0001 (Cleanliness) went to property management 2 days ago and hasn't been acknowledged yet (the agreed time is 1 day). It may help to check in with them.",
  ]);
  expect(await h.advance(72 * HOUR)).toEqual([]);
  const outcomes = await h.app.outcomes.query({ types: ['feedback.reminded', 'feedback.escalated'] });
  expect(outcomes.map((o) => [o.type, o.data, o.party])).toEqual([
    ['feedback.reminded', { ref: 'FB-0001', category: 'cleanliness' }, 'property-management'],
    ['feedback.escalated', { ref: 'FB-0001', category: 'cleanliness' }, 'property-management'],
  ]);
});

it('sends no reminder once the party has acknowledged', async () => {
  h = await createHarness({ dataDir: mkdtempSync(join(tmpdir(), 'cg-feedback-')) });
  await h.type('/as maria', '/feedback', '2', 'Rubbish has piled up by the east gate', '-', '3', 'yes', 'no');
  await h.type('/as pat property', '/in property-management', '1');
  await h.restart();
  expect(await h.advance(72 * HOUR)).toEqual([]);
  expect(await h.app.outcomes.count({ types: ['feedback.reminded', 'feedback.escalated'] })).toBe(0);
});
