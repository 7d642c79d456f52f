import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli';
import { summarizeFile } from '../../src/summaries/cli';
import { engineFromConfig } from '../../src/summaries/engine';
import { readLlmConfig } from '../../src/summaries/llm';
import { startOpenAiDouble, type OpenAiDouble } from '../doubles/openai/server';

const jsonl = [
  { id: 'm1', author: 'maria', text: 'The courtyard gets loud after midnight. My number is 13812345678.', at: '2026-11-02T09:00:00Z' },
  { id: 'm2', author: 'chen', text: 'Quiet hours from 10 pm on weeknights would help everyone sleep.', at: 1793610000000 },
  { id: 'm3', author: 'sam', text: 'A sign in the courtyard with the quiet hours would help new tenants.', at: 1793610060000 },
]
  .map((m) => JSON.stringify(m))
  .join('\n');

const run = runInProcess;

describe('commonground summarize', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-summarize-'));
  const file = join(dir, 'messages.jsonl');
  writeFileSync(file, `${jsonl}\n`);

  it('prints an automatic extract of a JSONL file, offline by default', async () => {
    const { code, out } = await run(['summarize', '--file', file]);
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'Summary of 3 messages',
        'Automatic extract: sentences picked word for word from the messages. It is not a written summary, so please read the conversation for the full picture.',
        '• “The courtyard gets loud after midnight.” (m1)',
        '• “My number is [phone].” (m1)',
        '• “Quiet hours from 10 pm on weeknights would help everyone sleep.” (m2)',
        '• “A sign in the courtyard with the quiet hours would help new tenants.” (m3)',
        '',
      ].join('\n'),
    );
  });

  it('speaks Chinese with --locale zh-CN', async () => {
    const { out } = await run(['summarize', '--file', file, '--locale', 'zh-CN']);
    expect(out.split('\n').slice(0, 2)).toEqual(['3 条消息的摘要', '自动摘录：以下句子是从消息中原文摘出的，并非重新撰写的摘要。完整情况请以讨论原文为准。']);
  });

  it('explains a wrong option', async () => {
    expect(await run(['summarize', '--file', file, '--engine', 'magic'])).toMatchObject({ code: 2, err: '--engine must be offline or llm\n' });
    expect(await run(['summarize', '--file', dir])).toMatchObject({ code: 2, err: `--file names a folder (${dir}); please give the file inside it.\n` });
  });

  it('refuses --engine llm without a model instead of giving the offline summary', async () => {
    const saved = process.env.LLM_PROVIDER;
    delete process.env.LLM_PROVIDER;
    try {
      const result = await run(['summarize', '--file', file, '--engine', 'llm']);
      expect(result.code).toBe(1);
      expect(result.out).toBe('');
      expect(result.err).toContain('--engine llm needs a language model: set LLM_PROVIDER');
    } finally {
      if (saved !== undefined) process.env.LLM_PROVIDER = saved;
    }
  });
});

describe('commonground summarize --engine llm', () => {
  let double: OpenAiDouble;
  beforeAll(async () => {
    double = await startOpenAiDouble(() => ({ content: JSON.stringify({ points: [{ kind: 'common_ground', text: 'Quiet hours at night are widely wanted.', sources: ['m1', 'm2'] }] }) }));
  });
  afterAll(async () => {
    await double.close();
  });

  it('keeps a thread too short for topics offline', async () => {
    const llm = engineFromConfig(() => readLlmConfig({ LLM_PROVIDER: 'openai', LLM_MODEL: 'test-model', OPENAI_BASE_URL: double.baseUrl }));
    const dir = mkdtempSync(join(tmpdir(), 'cg-summarize-llm-'));
    writeFileSync(join(dir, 'short.jsonl'), jsonl);
    const out = await summarizeFile(join(dir, 'short.jsonl'), { locale: 'en', engine: 'llm', llm });
    // Three messages are too few for topics: the extract is shown, and the model is not asked.
    expect(out.stdout.split('\n')[1]).toMatch(/^Automatic extract/u);
    expect(double.requests).toHaveLength(0);
  });
});
