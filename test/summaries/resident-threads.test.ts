/**
 * `commonground summarize` on generated resident threads (resident-threads.ts, the `looked` part):
 * what a coordinator reads must not show residents' names, and a topic's quotes must be different
 * messages, not one sentence repeated with a greeting or "!!" around it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli';
import { threads, type PlantedThread } from './resident-threads';

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
