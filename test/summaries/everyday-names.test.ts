/**
 * Residents called Will, May, Mark or A: `commonground summarize` and `/summary` hide where they are
 * mentioned, and quote the everyday words "will", "may", "mark" and "a" as they were written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { features } from '../../src/features';
import { offlineEngine } from '../../src/summaries/engine';
import { createSummaryFeature } from '../../src/summaries/feature';
import { runInProcess } from '../support/cli';
import { createHarness } from '../support/harness';
import { channel, person, seedRun } from './seed';

const AUTHORS = ['Will', 'May', 'Mark', 'A'];

/** One sentence each, with an everyday word and a mention; `shown` is how a quote must read. */
const TEMPLATES: { text: (b: number) => string; shown: (b: number) => string }[] = [
  { text: (b) => `Thanks Will, may I ask when the lift in block ${b} will be repaired?`, shown: (b) => `Thanks [name], may I ask when the lift in block ${b} will be repaired?` },
  { text: (b) => `The lift in block ${b} will not move and @May has waited a week for it.`, shown: (b) => `The lift in block ${b} will not move and @[name] has waited a week for it.` },
  { text: (b) => `Mark's mum in block ${b} cannot climb the stairs, so the broken lift is a real problem.`, shown: (b) => `[name]'s mum in block ${b} cannot climb the stairs, so the broken lift is a real problem.` },
  { text: (b) => `Will said the lift in block ${b} will be fixed soon, but it is still a broken lift.`, shown: (b) => `[name] said the lift in block ${b} will be fixed soon, but it is still a broken lift.` },
  { text: (b) => `Please keep dogs on a lead near the bins of block ${b}, Mark.`, shown: (b) => `Please keep dogs on a lead near the bins of block ${b}, [name].` },
  { text: (b) => `The bin area of block ${b} is a mess, thanks @Will for tidying the bins.`, shown: (b) => `The bin area of block ${b} is a mess, thanks @[name] for tidying the bins.` },
  { text: (b) => `May and I will ask the council for bigger bins and a dog bin in block ${b}.`, shown: (b) => `[name] and I will ask the council for bigger bins and a dog bin in block ${b}.` },
  { text: (b) => `Mark the bin day for block ${b} in your diary, May, the bins will go out on Tuesday.`, shown: (b) => `Mark the bin day for block ${b} in your diary, [name], the bins will go out on Tuesday.` },
];

const messages = Array.from({ length: 32 }, (_, i) => {
  const template = TEMPLATES[i % TEMPLATES.length] as (typeof TEMPLATES)[number];
  const block = 1 + Math.floor(i / TEMPLATES.length);
  return { id: `${i + 1}`, author: AUTHORS[i % AUTHORS.length] as string, text: template.text(block), shown: template.shown(block), at: 1_700_000_000_000 + i * 60_000 };
});
const shown = new Map(messages.map((m) => [m.id, m.shown]));

describe('commonground summarize with authors whose names are everyday words', () => {
  it('hides the mentions of Will, May and Mark and quotes every other word as written', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cg-everyday-names-')), 'names.jsonl');
    writeFileSync(path, `${messages.map(({ id, author, text, at }) => JSON.stringify({ id, author, text, at })).join('\n')}\n`);
    const { code, out } = await runInProcess(['summarize', '--file', path]);
    expect(code).toBe(0);
    const quotes = out.split('\n').flatMap((line) => {
      const [, text, id] = /^ {3}“(.+)” \((\d+)\)$/u.exec(line) ?? [];
      return text === undefined ? [] : [{ text, id: id as string }];
    });
    expect(quotes.length).toBeGreaterThanOrEqual(4);
    for (const quote of quotes) expect(quote.text).toBe(shown.get(quote.id));
  });
});

describe('/summary in a conversation of people whose names are everyday words', () => {
  it('hides the mentions of Will, May and Mark and quotes every other word as written', async () => {
    const others = features.filter((f) => !f.commands.some((c) => c.name === 'summary'));
    const h = await createHarness({ features: [...others, createSummaryFeature(offlineEngine)] });
    try {
      await seedRun(h, {
        id: 'dialog01', flowId: 'dialogue', space: channel('dialogue-1'),
        participants: [person('li', 'facilitator'), ...AUTHORS.map((author) => person(author, 'participant'))],
        vars: { dialogue: { ref: 'DL-0001', topic: 'Our block', phase: 'common_ground', statements: messages.map((m) => ({ by: m.author, text: m.text, at: m.at, hidden: false })) } },
      });
      const text = (await h.type('/as li social_worker', '/in dialogue-1', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
      expect(text).toContain('Topics found automatically');
      const quotes = text.split('\n').flatMap((line) => {
        const [, quote, id] = /“(.+)” \(message (\d+)\)/u.exec(line) ?? [];
        return quote === undefined ? [] : [{ text: quote, id: id as string }];
      });
      expect(quotes.length).toBeGreaterThanOrEqual(4);
      for (const quote of quotes) expect(quote.text).toBe(shown.get(quote.id));
    } finally {
      await h.close();
    }
  });
});
