import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCommunity } from '../../src/config/load';
import type { Community } from '../../src/config/schema';
import { EXAMPLE_COMMUNITY } from '../../src/paths';
import { EN, THREAD, toStories } from '../mediation/mediation-support';
import { createHarness, type ChatHarness } from '../support/harness';

let h: ChatHarness;
let dataDir: string;
afterEach(async () => {
  await h.close();
});

/** The example community with small limits, so that oversized text stays short in the tests. */
function community(limits: Partial<Community['limits']>): Community {
  const base = loadCommunity(EXAMPLE_COMMUNITY);
  return { ...base, limits: { ...base.limits, ...limits } };
}

async function open(limits: Partial<Community['limits']>): Promise<void> {
  dataDir = mkdtempSync(join(tmpdir(), 'cg-limits-'));
  h = await createHarness({ community: community(limits), dataDir });
}

/** Whether any stored state holds this text (runs, records, the outbox). */
function stored(text: string): boolean {
  const db = new Database(join(dataDir, 'state.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT value FROM kv').all() as { value: string }[];
    return rows.some((row) => row.value.includes(text));
  } finally {
    db.close();
  }
}

const tooLong = (length: number, limit: number) => `That's a little long (${length} characters), so nothing was saved: please keep it under ${limit} characters, or split it into two messages.`;
const joined = (lines: string[]) => lines.join('\n');

describe('limits on what people type', () => {
  it('a mediation story message over the limit is refused, kept out of the record, and the story goes on', async () => {
    await open({ storyLength: 40 });
    await toStories(h, EN);
    const long = `It started in June ${'and went on '.repeat(4)}`.trim();
    const out = joined(await h.type('/as maria', `/in ${THREAD}`, long));
    expect(out).toContain(`bot (only maria can see this): ${tooLong([...long].length, 40)}`);
    expect(stored('It started in June')).toBe(false);
    const fine = joined(await h.type('The music was late every night'));
    expect(fine).not.toContain('a little long');
    expect(stored('The music was late every night')).toBe(true);
  });

  it('a dialogue message over the limit is refused and not counted', async () => {
    await open({ contributionLength: 30 });
    await h.type('/as li social_worker', '/dialogue start "Bike shed"', '/in t1', '/as ann', '/in t1', '/dialogue join');
    const long = 'A long thought about bikes and sheds and gates';
    expect(joined(await h.type(long))).toContain(`bot (only ann can see this): ${tooLong([...long].length, 30)}`);
    expect(joined(await h.type('/as li social_worker', '/dialogue shares'))).not.toMatch(/ann[^\n]*100/);
  });

  it('a feedback report over the limit is refused in the language of the person, and nothing is filed', async () => {
    await open({ textLength: 25 });
    const long = '电梯坏了三天了，老人上下楼非常不方便，请物业尽快派人修理。';
    const out = joined(await h.type('/as maria', '/language zh-CN', '/feedback', '1', long));
    expect(out).toContain(`内容有点长了（${[...long].length} 个字），所以没有保存：请控制在 25 个字以内，或者分成两条发送。`);
    expect(stored('电梯坏了三天了')).toBe(false);
  });

  it('a notice question over the limit is refused and not added', async () => {
    await open({ textLength: 50 });
    await h.type('/as wang coordinator', '/in coordinators', '/notice "Bins on Mondays" "The council collects bins on Mondays." "Put bins out on Sunday." "Here"');
    const long = 'Does this also apply to the garden waste bins by the gate?';
    const out = joined(await h.type('/as maria', '/in general', '/in t1', long));
    expect(out).toContain(tooLong([...long].length, 50));
    expect(stored('garden waste')).toBe(false);
  });

  it('a poll option over its limit is refused with the limit, and no poll opens', async () => {
    await open({});
    const out = joined(await h.type('/as wang coordinator', `/poll "Which evening?" "Tuesday" "${'Thursday '.repeat(10).trim()}"`));
    expect(out).toContain('please keep the question under 200 characters and each option under 80');
    expect(stored('Which evening?')).toBe(false);
  });

  it('an answer of only invisible characters (zero-width spaces, a direction mark) is taken as empty: no report with nothing in it reaches a party', async () => {
    await open({});
    const out = joined(await h.type('/as maria', '/feedback', '1', '\u200b\u200b', '\u200d\u202e'));
    expect(out.split('That message looks empty. Could you type your answer again?').length - 1).toBe(2);
    expect(out).not.toContain('Where is it?');
    const next = joined(await h.type('The gate squeaks at night'));
    expect(next).toContain('Where is it?');
  });

  it('a dialogue statement of only invisible characters is not added', async () => {
    await open({});
    await h.type('/as li social_worker', '/dialogue start "Bike shed"', '/in t1', '/dialogue next', '/dialogue next', '/as ann', '/in t1', '/dialogue join');
    const out = joined(await h.type('+ \u200b\u2060'));
    expect(out).toContain('That statement looks empty. Could you write it again after the +?');
    expect(out).not.toContain('Statement 1');
  });

  it('a report begun by a direct message over the limit is not cut short: the person is told, nothing is kept, and what happened is asked again', async () => {
    await open({ textLength: 40 });
    const long = 'The bins by block 7 have not been emptied for two weeks now and it smells';
    const out = joined(await h.type('/as maria', '/dm', long));
    expect(out).toContain(tooLong([...long].length, 40));
    expect(stored('have not been emptied')).toBe(false);
    expect(joined(await h.type('2'))).toContain('What happened, or what could be better?');
  });

  it('a direct message of only invisible characters is not kept as what happened', async () => {
    await open({});
    await h.type('/as maria', '/dm', '\u200b');
    expect(joined(await h.type('1'))).toContain('What happened, or what could be better?');
  });

  it('a private reply to the mediator, or a relayed message, over the limit is refused and not passed on', async () => {
    await open({ storyLength: 40 });
    await toStories(h, EN);
    const long = 'I would like to explain everything that happened over the summer';
    const reply = joined(await h.type('/as maria', '/dm', `/mediation reply ${long}`));
    expect(reply).toContain(tooLong([...long].length, 40));
    expect(reply).not.toContain('A private answer from maria');
    await h.type('/as li social_worker', `/in ${THREAD}`, '/mediation relay on');
    const relayed = joined(await h.type('/as maria', '/dm', `/mediation say ${long}`));
    expect(relayed).toContain(tooLong([...long].length, 40));
    expect(relayed).not.toContain('maria writes:');
    expect(stored('over the summer')).toBe(false);
  });
});
