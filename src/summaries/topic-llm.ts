/**
 * The LLM path of topic summaries: the topics are found offline (topics.ts); a model names and
 * describes each one from its most typical messages, map-reduce over chunks within the token
 * budget (one call a chunk, and one call to combine a topic's chunks when there are several).
 *
 * Resident text is redacted and delimited as data (model-input.ts); the model has no tools. Every
 * quote must appear word for word in the (redacted) message it cites, or it is dropped; a topic left
 * without quotes keeps its offline ones. Any failed call gives a failure reason, and the caller
 * uses the offline summary.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { z } from 'zod';
import type { Locale } from '../config/schema';
import { cleanModelText } from './clean-output';
import { invokeStructured, type ModelCallOptions, type ModelOutcome } from './llm-pipeline';
import { chunkMessages, prepareMessages, type PreparedMessage } from './model-input';
import { nameRemover } from './redact';
import { fillTemplate, loadTopicPrompts, type TopicPrompts } from './templates';
import type { FoundTopics, SummaryTopic, TopicQuote } from './topics';

export const ModelTopic = z.object({
  name: z.string().describe('Two to five words that name the topic, in the requested language'),
  description: z.string().describe('One or two sentences in your own words on what residents say, in the requested language'),
  quotes: z
    .array(
      z.object({
        id: z.string().describe('The id of the message the quote is copied from, exactly as given'),
        text: z.string().describe('A short passage copied exactly, character for character, from that message'),
      }),
    )
    .describe('Two or three quotes'),
});
export type ModelTopic = z.infer<typeof ModelTopic>;

const QUOTES = 3;
const NAME_CHARS = 60;
const DESCRIPTION_CHARS = 400;
const MIN_QUOTE_CHARS = 4;

/** The text of a prepared line, as the model saw it (after `[id] participant N: `). */
function seenText(message: PreparedMessage): string {
  return message.line.slice(message.line.indexOf(': ') + 2);
}

/** Quotes that appear word for word in the message they cite, at most three, no repeats. */
export function checkQuotes(quotes: ModelTopic['quotes'], seen: Map<string, string>): TopicQuote[] {
  const kept: TopicQuote[] = [];
  for (const quote of quotes) {
    const id = quote.id.trim().replace(/^\[|\]$/gu, '');
    const text = quote.text.trim().replace(/^["'“”‘’「『]+|["'“”‘’」』]+$/gu, '').trim();
    const message = seen.get(id);
    if (message === undefined || text.length < MIN_QUOTE_CHARS || !message.includes(text)) continue;
    if (kept.some((k) => k.text === text)) continue;
    kept.push({ id, text });
    if (kept.length === QUOTES) break;
  }
  return kept;
}

function call(model: BaseChatModel, prompts: TopicPrompts, template: string, data: string[], options: ModelCallOptions): Promise<ModelOutcome<ModelTopic>> {
  const system = fillTemplate(prompts.system, { language: prompts.language });
  const user = fillTemplate(template, { data: data.join('\n'), language: prompts.language });
  return invokeStructured(model, ModelTopic, 'topic', system, user, options.timeoutMs);
}

/** One topic named and described: map over its chunks, reduce when there are several. */
async function describeTopic(model: BaseChatModel, prompts: TopicPrompts, prepared: PreparedMessage[], options: ModelCallOptions): Promise<ModelOutcome<ModelTopic>> {
  const chunks = chunkMessages(prepared, options.tokenBudget);
  const partial: ModelTopic[] = [];
  for (const chunk of chunks) {
    const result = await call(model, prompts, prompts.map, chunk.map((m) => m.line), options);
    if (!result.ok) return result;
    partial.push(result.value);
  }
  if (partial.length === 1) return { ok: true, value: partial[0] as ModelTopic };
  const seen = new Map(prepared.map((m) => [m.id, seenText(m)]));
  const lines = partial.flatMap((p) => [
    `- ${cleanModelText(p.name).replace(/[<>[\]]/gu, '')}: ${cleanModelText(p.description).replace(/[<>[\]]/gu, '')}`,
    ...checkQuotes(p.quotes, seen).map((q) => `  [${q.id}] ${q.text}`),
  ]);
  return call(model, prompts, prompts.reduce, lines, options);
}

function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text;
}

/** The topics with names, descriptions and checked quotes written by the model. */
export async function describeTopicsWithModel(model: BaseChatModel, found: FoundTopics, locale: Locale, options: ModelCallOptions, names: string[] = []): Promise<ModelOutcome<SummaryTopic[]>> {
  const prompts = loadTopicPrompts(locale);
  // Every known name (all the file's authors, not only those of the messages sent) is hidden,
  // with a matcher built once: a file may have thousands of authors.
  const hideNames = nameRemover(names, '[name]');
  const described: SummaryTopic[] = [];
  for (const topic of found.topics) {
    const prepared = prepareMessages(topic.closest.map((item) => ({ id: item.id, author: item.author ?? '', text: hideNames(item.text), at: 0 })));
    const result = await describeTopic(model, prompts, prepared, options);
    if (!result.ok) return result;
    const seen = new Map(prepared.map((m) => [m.id, seenText(m)]));
    const name = shorten(cleanModelText(result.value.name), NAME_CHARS);
    const description = shorten(cleanModelText(result.value.description), DESCRIPTION_CHARS);
    const quotes = checkQuotes(result.value.quotes, seen);
    const { closest: _closest, ...offline } = topic;
    described.push({ ...offline, label: name || topic.label, ...(description ? { description } : {}), quotes: quotes.length > 0 ? quotes : topic.quotes });
  }
  return { ok: true, value: described };
}
