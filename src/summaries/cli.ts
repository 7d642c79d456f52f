/**
 * `commonground summarize --file messages.jsonl`: summarises a JSONL file of messages (one
 * `{"id", "author", "text", "at"}` a line) without a chat, so summaries can be tried and checked.
 * Offline by default; `--engine llm` uses the model configured in the environment.
 */
import { z } from 'zod';
import { loadCatalogue } from '../core/catalogue';
import type { Locale } from '../config/schema';
import { PROMPTS_DIR } from '../paths';
import { join } from 'node:path';
import { engineFromConfig, offlineEngine, summarise, type SummaryEngine } from './engine';
import { readLlmConfig } from './llm';
import { renderSummary } from './render';
import type { SummaryMessage } from './schema';

const Line = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  author: z.string().default(''),
  text: z.string(),
  at: z.union([z.number(), z.string()]).optional(),
});

/** A problem in the input file, with its line number. */
export class MessagesFileError extends Error {}

export function parseMessagesJsonl(content: string): SummaryMessage[] {
  const messages: SummaryMessage[] = [];
  content.split(/\r?\n/u).forEach((raw, index) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new MessagesFileError(`line ${index + 1} is not valid JSON`);
    }
    const parsed = Line.safeParse(json);
    if (!parsed.success) throw new MessagesFileError(`line ${index + 1} needs an id and a text`);
    const at = typeof parsed.data.at === 'string' ? Date.parse(parsed.data.at) : parsed.data.at;
    messages.push({ id: parsed.data.id, author: parsed.data.author, text: parsed.data.text, at: Number.isFinite(at) ? (at as number) : 0 });
  });
  return messages;
}

export interface SummarizeFileOptions {
  locale: Locale;
  engine: 'offline' | 'llm';
  /** For tests: the engine to use when `engine` is llm (defaults to the environment's). */
  llm?: SummaryEngine;
}

/** The printed summary of a JSONL file's content. */
export async function summarizeMessagesFile(content: string, options: SummarizeFileOptions): Promise<string> {
  const messages = parseMessagesJsonl(content);
  const catalogue = loadCatalogue(join(PROMPTS_DIR, 'messages'));
  const t = (key: string, vars?: Record<string, string | number>) => catalogue.t(options.locale, key, vars);
  if (options.engine === 'llm' && !options.llm && !readLlmConfig()) {
    throw new Error('--engine llm needs a language model: set LLM_PROVIDER (openai, anthropic or ollama) and its key, or leave out --engine for the offline summary.');
  }
  const engine = options.engine === 'llm' ? (options.llm ?? engineFromConfig()) : offlineEngine;
  const summary = await summarise(messages, engine, { locale: options.locale });
  const label = (sources: string[]) => sources.join(', ');
  const [first, ...rest] = renderSummary(summary, t, label);
  return [t('summary.cli.title', { count: messages.length }), (first ?? '').replace(/^\((?:Only you can see this)\)\s*|^（仅您可见）/u, ''), ...rest].join('\n');
}
