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

describe('a statement one camp agrees with and the other mostly rejects', () => {
  it('is listed where views differ, not also as common ground', async () => {
    h = await createHarness();
    await h.type('/as li social_worker', '/in general', '/dialogue start "Courtyard"', '/in t1');
    const camp = (name: string, n: number) => Array.from({ length: n }, (_v, i) => `${name}${i}`);
    const a = camp('a', 12);
    const b = camp('b', 16);
    for (const who of [...a, ...b, 'wu']) await typeAs(h, who, '/in t1', '/dialogue join');
    await typeAs(h, 'li', '/dialogue next', '/dialogue next');
    const asked = ['Close the gate at night', 'Keep the paths lit at night', 'Keep parking in the courtyard', 'Plant a garden instead', 'Charge for parking', 'Widen the footpath', 'More benches', 'A play area', 'Fewer car spaces', 'A bike shed'];
    await typeAs(h, 'wu', ...asked.map((text) => `+ ${text}`));
    // Camp a agrees with 1 and 2, and with 3 to 6 (which b rejects); b with 2 and 7 to 10 (which a
    // rejects), and five of b also with 1. On 3 to 10 everyone departs from their camp now and then.
    const departs = (person: number, n: number) => n > 2 && (person * 2 + n * 3) % 5 === 0;
    const vote = (who: string, person: number, agrees: (n: number) => boolean) =>
      typeAs(h!, who, ...asked.map((_t, i) => `/dialogue vote ${i + 1} ${agrees(i + 1) !== departs(person, i + 1) ? 'agree' : 'disagree'}`));
    for (const [i, who] of a.entries()) await vote(who, i, (n) => n <= 6);
    for (const [i, who] of b.entries()) await vote(who, 12 + i, (n) => n === 2 || n >= 7 || (n === 1 && i < 5));
    const shown = (await typeAs(h, 'li', '/dialogue next')).join('\n');
    expect(shown).toContain('2 groups');
    const common = shown.slice(shown.indexOf('Common ground, strongest first'), shown.indexOf('What "common ground" means'));
    expect(common).toContain('2. “Keep the paths lit at night”');
    expect(common).not.toContain('1. “');
    expect(shown.slice(shown.indexOf('Where views differ'))).toContain('1. “Close the gate at night”');
    const summary = (await typeAs(h, 'li', '/dialogue close')).join('\n');
    expect(summary.slice(summary.indexOf('Common ground:'), summary.indexOf('Where views differ'))).not.toContain('1. “');
  });
});
