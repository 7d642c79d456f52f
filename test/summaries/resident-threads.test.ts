/**
 * `commonground summarize` and `/summary` on generated resident threads (resident-threads.ts, the
 * `looked` part): what a coordinator reads must not show residents' names, a topic's quotes must be
 * different messages, not one sentence repeated with a greeting or "!!" around it, and `/summary`
 * in a long conversation gives the same topics as `summarize`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { features } from '../../src/features';
import { offlineEngine } from '../../src/summaries/engine';
import { createSummaryFeature } from '../../src/summaries/feature';
import { terms } from '../../src/summaries/terms';
import { findThemes } from '../../src/summaries/themes';
import { runInProcess } from '../support/cli';
import { createHarness } from '../support/harness';
import { threads, type PlantedThread } from './resident-threads';
import { channel, person, seedRun } from './seed';

const dir = mkdtempSync(join(tmpdir(), 'cg-resident-threads-'));
const looked = threads('looked');

async function summarize(thread: PlantedThread): Promise<string[]> {
  const path = join(dir, `${thread.name}.jsonl`);
  writeFileSync(path, thread.messages.map(({ id, author, text, at }) => JSON.stringify({ id, author, text, at })).join('\n'));
  const { code, out } = await runInProcess(['summarize', '--file', path, '--locale', thread.lang === 'zh' ? 'zh-CN' : 'en']);
  expect(code).toBe(0);
  return out.trimEnd().split('\n');
}

const topicLines = (lines: string[]) => lines.filter((line) => /^\d+\. /u.test(line));
const labelOf = (line: string) => (line.replace(/^\d+\. /u, '').split(/[:：]/u)[0] ?? '').split(' / ');

/** Every word of a name (Latin) or the name and its surname (Chinese). */
function nameWords(name: string): string[] {
  return /\p{Script=Han}/u.test(name) ? [name, name.slice(0, 1)] : name.toLowerCase().split(/\s+/u);
}

describe('summaries of resident threads keep names out', () => {
  it.each(['en-short', 'zh-short', 'en-estate', 'mixed'])('%s: no topic is named after a resident, and no name or contact detail is quoted', async (name) => {
    const thread = looked.find((t) => t.name === name) as PlantedThread;
    const lines = await summarize(thread);
    const authors = [...new Set(thread.messages.map((m) => m.author))];
    const forbidden = new Set(authors.flatMap(nameWords));
    for (const line of topicLines(lines)) for (const word of labelOf(line)) expect(forbidden.has(word.toLowerCase()), `${word} in ${line}`).toBe(false);
    const text = lines.join('\n');
    for (const personal of thread.personal) expect(text, personal).not.toContain(personal);
  });
});

describe('a name that is also an everyday word', () => {
  it('keeps the word as a topic word where residents use it as a word, and leaves out the name where it is written as one', () => {
    const messages = [
      ...Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, author: i % 2 ? 'Jo Park' : 'Bill Green', text: `The car park gate is stuck again, cars cannot get out of the car park ${i % 3 ? 'this morning' : 'tonight'}. — ${i % 2 ? 'Jo Park' : 'Bill Green'}` })),
      ...Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, author: i % 2 ? 'Jo Park' : 'Bill Green', text: `@${i % 2 ? 'Bill' : 'Jo'} the rubbish bins are overflowing, the bins were not emptied ${i % 3 ? 'this week' : 'on Monday'}.` })),
    ];
    const themes = findThemes(messages, { names: ['Jo Park', 'Bill Green'] });
    const words = themes.flatMap((theme) => theme.terms.map((term) => term.toLowerCase()));
    expect(words).toContain('park');
    for (const name of ['jo', 'bill', 'green']) expect(words).not.toContain(name);
  });
});

describe('what a topic counts', () => {
  it.each(looked.map((t) => t.name))('%s: only messages that use one of its words, so its name and its share agree', (name) => {
    const thread = looked.find((t) => t.name === name) as PlantedThread;
    const byId = new Map(thread.messages.map((m) => [m.id, m.text]));
    const themes = findThemes(thread.messages, { names: [...new Set(thread.messages.map((m) => m.author))] });
    expect(themes.length).toBeGreaterThan(1);
    for (const theme of themes) {
      const words = new Set(theme.terms.flatMap((word) => terms(word)));
      const outside = theme.memberIds.filter((id) => !terms(byId.get(id) ?? '').some((term) => words.has(term)));
      expect(outside.map((id) => byId.get(id)), theme.label).toEqual([]);
    }
  });
});

describe('the quotes of a topic', () => {
  /** A sentence without the greeting, "again" or "!!" a resident put around it, and without case or punctuation. */
  const core = (quote: string) =>
    quote
      .replace(/^ {3}“|”.*$/gu, '')
      .replace(/^(?:@\[name\] )?(?:Honestly, |Again: |Hi all, |Not again\. |说实话，|唉，|大家好，|又来了。)/iu, '')
      .replace(/(?:Anyone else\?|Please sort it out\.|Thanks\.|有没有人管管？|希望尽快解决。|谢谢。|！！|!!)$/u, '')
      .toLowerCase()
      .replace(/[\p{P}\s]+/gu, '');

  it.each(looked.filter((t) => !t.name.endsWith('reports')).map((t) => t.name))('%s: are different sentences, not one repeated', async (name) => {
    const lines = await summarize(looked.find((t) => t.name === name) as PlantedThread);
    let topic: string[] = [];
    const topics: string[][] = [];
    for (const line of lines) {
      if (/^\d+\. /u.test(line)) topics.push((topic = []));
      else if (line.startsWith('   “')) topic.push(core(line));
    }
    expect(topics.length).toBeGreaterThan(1);
    for (const quotes of topics) expect(new Set(quotes).size, quotes.join(' | ')).toBe(quotes.length);
  });
});

describe('/summary in a long conversation', () => {
  it.each([
    ['en-estate', 'en'],
    ['zh-estate', 'zh-CN'],
  ])('%s: lists the same topics with the same shares as commonground summarize', async (name, locale) => {
    const thread = looked.find((t) => t.name === name) as PlantedThread;
    const messages = thread.messages.slice(0, 300).map((m, i) => ({ ...m, id: `${i + 1}` }));
    const cli = await summarize({ ...thread, messages });
    const fromCli = topicLines(cli).map((line) => line.replace(/^\d+\. /u, ''));
    expect(fromCli.length).toBeGreaterThanOrEqual(3);

    const others = features.filter((f) => !f.commands.some((c) => c.name === 'summary'));
    const h = await createHarness({ features: [...others, createSummaryFeature(offlineEngine)] });
    try {
      const authors = [...new Set(messages.map((m) => m.author))];
      await seedRun(h, {
        id: 'dialog01', flowId: 'dialogue', space: channel('dialogue-1'),
        participants: [person('li', 'facilitator'), ...authors.map((author) => person(author, 'participant'))],
        vars: { dialogue: { ref: 'DL-0001', topic: 'Our estate', phase: 'common_ground', statements: messages.map((m) => ({ by: m.author, text: m.text, at: m.at, hidden: false })) } },
      });
      const text = (await h.type('/as li social_worker', ...(locale === 'zh-CN' ? ['/language zh-CN'] : []), '/in dialogue-1', '/summary')).join('\n').replace(/\n {4}/gu, '\n');
      const fromChat = text.split('\n').filter((line) => line.startsWith('• ') && !/^• (Smaller|较小)/u.test(line)).map((line) => line.slice(2));
      expect(fromChat).toEqual(fromCli);
      expect(text).toContain(locale === 'en' ? 'Topics found automatically' : '以下议题是自动归纳的');
    } finally {
      await h.close();
    }
  });
});
