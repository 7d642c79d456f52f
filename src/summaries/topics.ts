/**
 * Topic-first summaries: what people are talking about, as topics with their share of the
 * messages and two or three quotes each, copied word for word with their message ids.
 *
 * Topics are learnt from a sample of the messages (themes.ts), then every message is placed in
 * one, so the share of each topic counts every message while memory stays bounded. Every topic
 * with at least MIN_TOPIC_SHARE of the messages is shown; smaller ones are counted together. A
 * topic's quote is the sentence of one of its most typical messages that is closest to the topic.
 * The automatic extract (extract.ts) is added when topics say little: a short thread, or one topic.
 */
import { extractSummary } from './extract';
import { evenSample } from './kmeans';
import { nameRemover, redactPersonalData } from './redact';
import type { FallbackReason } from './schema';
import { splitSentences } from './sentences';
import { createThemeTally, learnThemes, LEARN_SAMPLE, sameWords, type ThemeItem, type ThemeModel } from './themes';

export interface TopicQuote {
  /** The message the quote comes from. */
  id: string;
  /** Word for word from that message (personal data hidden). */
  text: string;
}

export interface SummaryTopic {
  /** Words from the messages (offline) or a short name written by AI. */
  label: string;
  /** The topic's words, most important first, as residents wrote them. */
  words: string[];
  count: number;
  /** count / all messages, 0..1. */
  share: number;
  quotes: TopicQuote[];
  /** One or two sentences written by AI; only on the LLM path. */
  description?: string;
}

export interface TopicSummary {
  engine: 'offline' | 'llm';
  /** Messages summarised (valid ones). */
  total: number;
  topics: SummaryTopic[];
  /** Messages in smaller topics or in none. */
  other: number;
  /** Central sentences, when topics alone say little. */
  extract: TopicQuote[];
  fallback?: FallbackReason;
}

/** Messages to summarise: a sample to learn topics from, and a way to visit all of them. */
export interface MessageSource {
  sample: ThemeItem[];
  total: number;
  each(visit: (item: ThemeItem) => void): Promise<void> | void;
}

/** Topics found in the source, with the messages closest to each (for quotes or a model). */
export interface FoundTopics {
  topics: (SummaryTopic & { closest: ThemeItem[] })[];
  other: number;
  total: number;
  extract: TopicQuote[];
}

/** Topics with at least this share of the messages are shown. */
export const MIN_TOPIC_SHARE = 0.03;
/** Fewer messages than this give an extract only: topics of a handful of messages say little. */
export const MIN_MESSAGES_FOR_TOPICS = 12;
const QUOTES = 3;
const EXTRACT_SENTENCES = 5;
const QUOTE_CHARS = 240;

/** Messages already in memory, sampled evenly. */
export function arraySource(items: ThemeItem[]): MessageSource {
  return { sample: evenSample(items.length, LEARN_SAMPLE).map((i) => items[i] as ThemeItem), total: items.length, each: (visit) => items.forEach(visit) };
}

/** The sentence of a message closest to the topic, word for word, personal data hidden. */
function quoteOf(item: ThemeItem, model: ThemeModel, theme: number, hideNames: (text: string) => string): TopicQuote {
  const sentences = splitSentences(item.text);
  let best = sentences[0] ?? item.text;
  let bestSimilarity = -1;
  for (const sentence of sentences) {
    const similarity = model.similarity(sentence, theme);
    if (similarity > bestSimilarity) [best, bestSimilarity] = [sentence, similarity];
  }
  const text = hideNames(redactPersonalData(best.replace(/\s+/gu, ' ').trim()).text);
  return { id: item.id, text: text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : text };
}

/** Up to QUOTES quotes from the closest messages, no two the same sentence (give or take a word or two). */
function distinctQuotes(closest: ThemeItem[], quote: (item: ThemeItem) => TopicQuote, model: ThemeModel): TopicQuote[] {
  const quotes: (TopicQuote & { words: Set<string> })[] = [];
  for (const item of closest) {
    const next = quote(item);
    const words = new Set(model.terms(next.text));
    if (quotes.some((q) => sameWords(q.words, words, q.text, next.text))) continue;
    quotes.push({ ...next, words });
    if (quotes.length === QUOTES) break;
  }
  return quotes.map(({ words: _words, ...q }) => q);
}

export interface FindTopicsOptions {
  names?: string[];
  /** How many typical messages to keep per topic (for a model to read). */
  keep?: number;
}

export async function findTopics(source: MessageSource, options: FindTopicsOptions = {}): Promise<FoundTopics> {
  const names = options.names ?? [];
  // Built once: a file may have thousands of authors.
  const hideNames = nameRemover(names, '[name]');
  const extract = (): TopicQuote[] =>
    extractSummary(source.sample, { maxSentences: EXTRACT_SENTENCES }).map((pick) => ({ id: pick.sourceId, text: hideNames(redactPersonalData(pick.text).text) }));
  const model = source.total >= MIN_MESSAGES_FOR_TOPICS ? learnThemes(source.sample, { names }) : null;
  if (model === null) return { topics: [], other: source.total, total: source.total, extract: extract() };
  const tally = createThemeTally(model, { ids: false, ...(options.keep === undefined ? {} : { keep: options.keep }) });
  await source.each((item) => tally.add(item));
  const topics = tally
    .themes()
    .filter((theme) => theme.count >= MIN_TOPIC_SHARE * source.total)
    .map((theme) => ({
      label: theme.label,
      words: theme.terms,
      count: theme.count,
      share: theme.count / source.total,
      quotes: distinctQuotes(theme.closest, (item) => quoteOf(item, model, theme.index, hideNames), model),
      closest: theme.closest,
    }));
  const shown = topics.reduce((sum, topic) => sum + topic.count, 0);
  return { topics, other: source.total - shown, total: source.total, extract: topics.length < 2 ? extract() : [] };
}

/** The offline topic summary. */
export async function offlineTopicSummary(source: MessageSource, options: FindTopicsOptions = {}): Promise<TopicSummary> {
  const found = await findTopics(source, options);
  return { engine: 'offline', total: found.total, topics: found.topics.map(({ closest: _closest, ...topic }) => topic), other: found.other, extract: found.extract };
}
