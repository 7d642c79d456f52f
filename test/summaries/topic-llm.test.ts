/**
 * The LLM path of topic summaries through the real LangChain clients (OpenAI, Anthropic, Ollama),
 * each pointed at a local double of its API: the model names and describes the topics found
 * offline, quotes are kept only when they are in the cited message word for word, and any failure
 * gives the offline summary with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFromConfig, type SummaryEngine } from '../../src/summaries/engine';
import { readLlmConfig } from '../../src/summaries/llm';
import { summariseTopics } from '../../src/summaries/topic-engine';
import { arraySource } from '../../src/summaries/topics';
import { anthropicPromptsSent, startAnthropicDouble, type MessagesRequest } from '../doubles/anthropic/server';
import { startOllamaDouble, ollamaPromptsSent, type OllamaChatRequest } from '../doubles/ollama/server';
import { promptsSent, startOpenAiDouble, type ChatRequest } from '../doubles/openai/server';
import { plant } from '../fixtures/summaries/planted/generate';
import { tuningEn } from '../fixtures/summaries/planted/tuning';

const messages = plant(tuningEn, { shares: { parking: 0.5, noise: 0.3, lift: 0.2 }, count: 240, seed: 11 });
messages[0] = { ...(messages[0] as (typeof messages)[number]), text: `${messages[0]?.text ?? ''} Call me on 13812345678.` };

/** What every double answers: a name, a description, one real quote and one the model made up. */
function answerFor(userPrompt: string): { content: string } {
  const line = /^\[([^\]]+)\] participant \d+: (.+)$/mu.exec(userPrompt);
  const id = line?.[1] ?? 'm1';
  const words = (line?.[2] ?? '').split(' ').slice(0, 5).join(' ');
  const reduce = userPrompt.includes('Combine them');
  return {
    content: JSON.stringify({
      name: reduce ? 'Combined topic' : `Topic of ${id}`,
      description: 'Residents describe the same concern in several ways.',
      quotes: [
        { id, text: words },
        { id, text: 'A sentence nobody wrote.' },
      ],
    }),
  };
}

interface Provider {
  name: string;
  start(): Promise<{ env: Record<string, string>; sent(): string; requests(): number; respond(reply: (prompt: string) => { content: string; status?: number }): void; close(): Promise<void> }>;
}

const userOfOpenAi = (r: ChatRequest) => r.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
const userOfAnthropic = (r: MessagesRequest) => r.messages.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('\n'))).join('\n');
const userOfOllama = (r: OllamaChatRequest) => r.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');

const providers: Provider[] = [
  {
    name: 'OpenAI',
    async start() {
      const double = await startOpenAiDouble();
      return {
        env: { LLM_PROVIDER: 'openai', OPENAI_BASE_URL: double.baseUrl },
        sent: () => promptsSent(double),
        requests: () => double.requests.length,
        respond: (reply) => double.respond((r) => reply(userOfOpenAi(r))),
        close: () => double.close(),
      };
    },
  },
  {
    name: 'Anthropic',
    async start() {
      const double = await startAnthropicDouble();
      return {
        env: { LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: double.baseUrl },
        sent: () => anthropicPromptsSent(double),
        requests: () => double.requests.length,
        respond: (reply) => double.respond((r) => reply(userOfAnthropic(r))),
        close: () => double.close(),
      };
    },
  },
  {
    name: 'Ollama',
    async start() {
      const double = await startOllamaDouble();
      return {
        env: { LLM_PROVIDER: 'ollama', OLLAMA_BASE_URL: double.baseUrl },
        sent: () => ollamaPromptsSent(double),
        requests: () => double.requests.length,
        respond: (reply) => double.respond((r) => reply(userOfOllama(r))),
        close: () => double.close(),
      };
    },
  },
];

describe.each(providers)('topics named by a model through the real $name client', (provider) => {
  let double: Awaited<ReturnType<Provider['start']>>;
  const engine = (extra: Record<string, string> = {}): SummaryEngine =>
    engineFromConfig(() => readLlmConfig({ ...double.env, LLM_MODEL: 'test-model', LLM_TIMEOUT_MS: '5000', ...extra }));

  beforeAll(async () => {
    double = await provider.start();
  }, 30_000);
  afterAll(async () => {
    await double.close();
  });

  it('names and describes every topic found, keeping only quotes found word for word in their message', async () => {
    double.respond(answerFor);
    const summary = await summariseTopics(arraySource(messages), engine(), { locale: 'en' });
    expect(summary.engine).toBe('llm');
    expect(summary.fallback).toBeUndefined();
    expect(summary.topics.length).toBeGreaterThanOrEqual(3);
    const byId = new Map(messages.map((m) => [m.id, m.text]));
    for (const topic of summary.topics) {
      expect(topic.label).toMatch(/^Topic of /u);
      expect(topic.description).toBe('Residents describe the same concern in several ways.');
      expect(topic.quotes.length).toBeGreaterThan(0);
      for (const quote of topic.quotes) {
        expect(quote.text).not.toBe('A sentence nobody wrote.');
        expect(byId.get(quote.id)).toContain(quote.text);
      }
    }
    expect(double.sent()).not.toContain('13812345678');
    expect(double.sent()).toContain('<resident_data>');
  }, 30_000);

  it('hides every author\'s name from the model, also a name mentioned in a message someone else wrote', async () => {
    double.respond(answerFor);
    const mentioned = [
      ...messages.map((m, i) => ({ ...m, author: `resident ${i % 5}`, text: i % 8 === 0 ? `@Zofia Wren ${m.text}` : m.text })),
      { id: 'z1', author: 'Zofia Wren', text: '+1', at: 0 },
    ];
    const authors = [...new Set(mentioned.map((m) => m.author))];
    const summary = await summariseTopics(arraySource(mentioned), engine(), { locale: 'en', names: authors });
    expect(summary.engine).toBe('llm');
    expect(double.sent()).not.toMatch(/Zofia|Wren/u);
  }, 30_000);

  it('reads a long topic in chunks and combines them (map-reduce)', async () => {
    double.respond(answerFor);
    const before = double.requests();
    const summary = await summariseTopics(arraySource(messages), engine({ LLM_TOKEN_BUDGET: '120' }), { locale: 'en' });
    expect(summary.engine).toBe('llm');
    expect(double.requests() - before).toBeGreaterThan(summary.topics.length * 2);
    expect(summary.topics.some((topic) => topic.label === 'Combined topic')).toBe(true);
  }, 30_000);

  it('falls back to the offline topics when the model fails or answers nonsense', async () => {
    double.respond(() => ({ content: 'overloaded', status: 500 }));
    const failed = await summariseTopics(arraySource(messages), engine(), { locale: 'en' });
    expect(failed).toMatchObject({ engine: 'offline', fallback: 'error' });
    expect(failed.topics.length).toBeGreaterThanOrEqual(3);
    expect(failed.topics.every((topic) => topic.description === undefined)).toBe(true);

    double.respond(() => ({ content: '{"name": 42}' }));
    const invalid = await summariseTopics(arraySource(messages), engine(), { locale: 'en' });
    expect(invalid).toMatchObject({ engine: 'offline', fallback: 'invalid' });
  }, 30_000);
});
