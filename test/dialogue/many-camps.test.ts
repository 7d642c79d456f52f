import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type ChatHarness } from '../support/harness';
import { typeAs } from './transcript';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Camps of 7, 7 and 6 people; each of the first seven writes one statement and votes on the others. */
const CAMPS: Record<string, string[]> = {
  a: ['agree', 'agree', 'agree', 'disagree', 'disagree', 'agree', 'agree'],
  b: ['agree', 'agree', 'disagree', 'agree', 'disagree', 'agree', 'disagree'],
  c: ['agree', 'agree', 'disagree', 'disagree', 'agree', 'disagree', 'pass'],
};
const STATEMENTS = ['Keep the paths lit at night', 'Ask everyone before changing the courtyard', 'Keep parking in the courtyard', 'Plant a garden instead', 'Put up a bike shed', 'Close the gate at night', 'Move the bins'];

describe('a dialogue of twenty people in three camps', () => {
  it('calls common ground what every camp agrees with, also when those who wrote the statements could not vote on their own', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', '/dialogue start "Courtyard"', '/in t1');
    const people = Object.entries(CAMPS).flatMap(([camp, votes]) => Array.from({ length: camp === 'c' ? 6 : 7 }, (_v, i) => ({ name: `${camp}${i}`, votes })));
    for (const p of people) await typeAs(h, p.name, '/in t1', '/dialogue join');
    await typeAs(h, 'li', '/dialogue next', '/dialogue next');
    for (const [i, text] of STATEMENTS.entries()) await typeAs(h, people[i]?.name ?? '', `+ ${text}`);
    for (const p of people) await typeAs(h, p.name, ...p.votes.map((v, i) => `/dialogue vote ${i + 1} ${v}`));
    const shown = (await typeAs(h, 'li', '/dialogue next')).join('\n');
    expect(shown).toContain('Voters: 20.');
    expect(shown).toContain('3 groups');
    const common = shown.slice(shown.indexOf('Common ground, strongest first'), shown.indexOf('What "common ground" means'));
    expect(common).toContain('1. “Keep the paths lit at night”');
    expect(common).toContain('2. “Ask everyone before changing the courtyard”');
    for (const n of [3, 4, 5, 6, 7]) expect(common).not.toContain(`${n}. “`);
    const divided = shown.slice(shown.indexOf('Where views differ'));
    expect(divided).toContain('3. “Keep parking in the courtyard”');
    expect(divided).not.toContain('1. “');
  });
});
