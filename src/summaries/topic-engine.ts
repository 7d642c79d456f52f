/**
 * Chooses how a topic summary is written: offline (topics named with the messages' own words), or,
 * with a model configured, the same topics named and described by the model. Whenever the model's
 * answer cannot be used, the offline summary is returned with the reason, so the output says so.
 */
import type { Locale } from '../config/schema';
import type { SummaryEngine } from './engine';
import { findTopics, type MessageSource, type TopicSummary } from './topics';

/** Typical messages kept per topic for the model to read (it sees them in chunks). */
const MESSAGES_PER_TOPIC = 40;

export async function summariseTopics(source: MessageSource, engine: SummaryEngine, options: { locale: Locale; names?: string[] }): Promise<TopicSummary> {
  let configured: Awaited<ReturnType<SummaryEngine['model']>> | undefined;
  let failed = false;
  try {
    configured = await engine.model();
  } catch {
    failed = true;
  }
  const found = await findTopics(source, { ...(configured ? { keep: MESSAGES_PER_TOPIC } : {}), ...(options.names ? { names: options.names } : {}) });
  const offline: TopicSummary = { engine: 'offline', total: found.total, topics: found.topics.map(({ closest: _closest, ...topic }) => topic), other: found.other, extract: found.extract };
  if (failed) return { ...offline, fallback: 'error' };
  if (!configured || found.topics.length === 0) return offline;
  // Loaded only with a model: the offline path never loads the LangChain clients.
  const { describeTopicsWithModel } = await import('./topic-llm');
  const described = await describeTopicsWithModel(configured.model, found, options.locale, configured.options, options.names);
  if (!described.ok) return { ...offline, fallback: described.reason };
  return { ...offline, engine: 'llm', topics: described.value };
}
