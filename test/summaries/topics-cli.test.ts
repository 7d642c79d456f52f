/**
 * `commonground summarize` and `commonground themes` on files: topics with shares and quotes, the
 * JSON form of themes, singular and plural, and lines that cannot be read.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli';
import { plant } from '../fixtures/summaries/planted/generate';
import { labelNames } from '../fixtures/summaries/planted/measure';
import { tuningEn, tuningZh } from '../fixtures/summaries/planted/tuning';

const run = runInProcess;

const dir = mkdtempSync(join(tmpdir(), 'cg-topics-'));
function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
const asLines = (items: { id: string; author: string; text: string }[]) => items.map(({ id, author, text }) => JSON.stringify({ id, author, text }));

const thread = plant(tuningEn, { shares: { parking: 0.5, noise: 0.3, lift: 0.2 }, count: 300, seed: 5 });
const threadZh = plant(tuningZh, { shares: { parking: 0.5, noise: 0.3, lift: 0.2 }, count: 300, seed: 5 });

describe('commonground summarize', () => {
  it('lists the topics with their share and quotes that are in their messages, word for word', async () => {
    const { code, out } = await run(['summarize', '--file', file('thread.jsonl', asLines(thread))]);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('Summary of 300 messages');
    expect(lines[1]).toMatch(/^Topics found automatically\./u);
    const topics = lines.filter((line) => /^\d+\. /u.test(line));
    expect(topics.length).toBeGreaterThanOrEqual(3);
    for (const topic of topics) expect(topic).toMatch(/^\d+\. [^:]+: \d+(\.\d)?% \(\d+ messages?\)$/u);
    const byId = new Map(thread.map((m) => [m.id, m.text]));
    const quotes = lines.filter((line) => line.startsWith('   “'));
    expect(quotes.length).toBeGreaterThanOrEqual(topics.length * 2);
    for (const quote of quotes) {
      const [, text, id] = /^ {3}“(.+)” \((m\d+)\)$/u.exec(quote) ?? [];
      expect(byId.get(id ?? '')).toContain(text);
    }
    for (const planted of tuningEn.topics.filter((t) => ['parking', 'noise', 'lift'].includes(t.id))) {
      expect(topics.some((topic) => labelNames(topic.split(':')[0] ?? '', planted.names)), planted.id).toBe(true);
    }
  });

  it('speaks Chinese with --locale zh-CN and names Chinese topics with Chinese words', async () => {
    const { out } = await run(['summarize', '--file', file('thread-zh.jsonl', asLines(threadZh)), '--locale', 'zh-CN']);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('300 条消息的摘要');
    const topics = lines.filter((line) => /^\d+\. /u.test(line));
    for (const topic of topics) expect(topic).toMatch(/^\d+\. [\p{Script=Han} /]+：\d+(\.\d)?%（\d+ 条消息）$/u);
    for (const planted of tuningZh.topics.filter((t) => ['parking', 'noise', 'lift'].includes(t.id))) {
      expect(topics.some((topic) => labelNames(topic.split('：')[0] ?? '', planted.names)), planted.id).toBe(true);
    }
  });

  it('says "1 message", not "1 messages"', async () => {
    const { out } = await run(['summarize', '--file', file('one.jsonl', [JSON.stringify({ id: 'm1', text: 'The lift in building 4 is broken again.' })])]);
    expect(out.split('\n')[0]).toBe('Summary of 1 message');
  });

  it('skips lines it cannot read, says which and how many, and summarises the rest', async () => {
    const lines = asLines(thread.slice(0, 40));
    lines.splice(3, 0, 'not json');
    lines.splice(7, 0, JSON.stringify({ id: 'x', author: 'ann' }));
    lines.splice(11, 0, JSON.stringify({ id: 'long', text: 'a'.repeat(10 * 1024 * 1024) }));
    const { code, out, err } = await run(['summarize', '--file', file('broken.jsonl', lines)]);
    expect(code).toBe(0);
    expect(err.split('\n')).toEqual([
      'Line 4 is not valid JSON, so it was skipped.',
      'Line 8 needs an "id" and a "text", so it was skipped.',
      'Line 12 is longer than 1 MB, so it was skipped.',
      '',
    ]);
    expect(out.split('\n')[0]).toBe('Summary of 40 messages');
    expect(out.trimEnd().split('\n').at(-1)).toBe('3 lines were skipped because they could not be read.');
  });

  it('summarises nothing when fewer than half the lines can be read', async () => {
    const lines = [...asLines(thread.slice(0, 2)), 'oops', '{"id": 3}', '[]'];
    const { code, out, err } = await run(['summarize', '--file', file('mostly-broken.jsonl', lines)]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trimEnd().split('\n').at(-1)).toBe('Only 2 of 5 lines could be read, so nothing was summarised. Please check that each line is one JSON object with an "id" and a "text".');
  });
});

describe('commonground themes', () => {
  const reports = plant(tuningEn, { shares: { lift: 0.3, rubbish: 0.3, light: 0.2, gate: 0.2 }, count: 200, seed: 9, idPrefix: 'FB-' });
  const path = file('reports.jsonl', reports.map(({ id, text }) => JSON.stringify({ id, text })));

  it('prints every report of each theme in --format json, with quotes from its members', async () => {
    const { code, out } = await run(['themes', '--file', path, '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { themes: { label: string; count: number; ids: string[]; quotes: { id: string; text: string }[] }[]; unplaced: number; skipped: number };
    const placed = json.themes.flatMap((theme) => theme.ids);
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed.length + json.unplaced).toBe(reports.length);
    const byId = new Map(reports.map((r) => [r.id, r.text]));
    for (const theme of json.themes) {
      expect(theme.count).toBe(theme.ids.length);
      for (const quote of theme.quotes) {
        expect(theme.ids).toContain(quote.id);
        expect(byId.get(quote.id)).toBe(quote.text);
      }
    }
    expect(json.skipped).toBe(0);
  });

  it('prints the themes as text in the chosen language', async () => {
    const zh = plant(tuningZh, { shares: { lift: 0.5, rubbish: 0.5 }, count: 60, seed: 3, idPrefix: 'FB-' });
    const { out } = await run(['themes', '--file', file('reports-zh.jsonl', zh.map(({ id, text }) => JSON.stringify({ id, text }))), '--locale', 'zh-CN']);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('60 条反馈的议题');
    expect(lines.filter((line) => /^\d+\. /u.test(line)).every((line) => /^\d+\. [\p{Script=Han} /]+：\d+ 条反馈$/u.test(line))).toBe(true);
  });
});

describe('commonground summarize --engine llm', () => {
  it('shows the names and descriptions as written by AI, and only quotes found in their messages', async () => {
    const { startOpenAiDouble } = await import('../doubles/openai/server');
    const { engineFromConfig } = await import('../../src/summaries/engine');
    const { readLlmConfig } = await import('../../src/summaries/llm');
    const { summarizeFile } = await import('../../src/summaries/cli');
    const double = await startOpenAiDouble((request) => {
      const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
      const [, id = '', text = ''] = /^\[([^\]]+)\] participant \d+: (.+)$/mu.exec(user) ?? [];
      return { content: JSON.stringify({ name: `About ${id}`, description: 'Residents raise this often.', quotes: [{ id, text }, { id, text: 'Made up.' }] }) };
    });
    try {
      const llm = engineFromConfig(() => readLlmConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'test-model', OPENAI_BASE_URL: double.baseUrl }));
      const { stdout, code } = await summarizeFile(file('thread-llm.jsonl', asLines(thread)), { locale: 'en', engine: 'llm', llm });
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      expect(lines[1]).toBe('Topics found automatically. Their names and descriptions were written by AI and can be wrong; the quotes are copied word for word and were checked against the messages.');
      expect(lines.filter((line) => /^\d+\. /u.test(line)).every((line) => /^\d+\. About m\d+: /u.test(line))).toBe(true);
      expect(lines.filter((line) => line === '   Residents raise this often.').length).toBeGreaterThanOrEqual(3);
      expect(stdout).not.toContain('Made up.');
    } finally {
      await double.close();
    }
  }, 30_000);
});
