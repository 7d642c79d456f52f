/**
 * Chooses the engine for a summary: offline (the default, an extract picked word for word, no
 * network) or a language model when one is configured. Whenever the model's answer cannot be used,
 * the offline summary is returned with the reason, so the reply can say so.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Locale } from '../config/schema';
import { extractSummary } from './extract';
import { createChatModel, readLlmConfig, type LlmConfig } from './llm';
import { summariseWithModel, type ModelCallOptions } from './llm-pipeline';
import { redactPersonalData } from './redact';
import type { Summary, SummaryMessage } from './schema';

export interface ConfiguredModel {
  model: BaseChatModel;
  options: ModelCallOptions;
}

/** Where summaries get their model from; `model()` is null when summaries stay offline. */
export interface SummaryEngine {
  model(): Promise<ConfiguredModel | null>;
}

export const offlineEngine: SummaryEngine = { model: async () => null };

/** A fixed model (tests, or a caller that built its own). */
export function engineWithModel(model: BaseChatModel, options: ModelCallOptions): SummaryEngine {
  return { model: async () => ({ model, options }) };
}

/** The engine the environment asks for, built on first use. A bad setting surfaces as an error there. */
export function engineFromConfig(read: () => LlmConfig | null = () => readLlmConfig()): SummaryEngine {
  let built: Promise<ConfiguredModel | null> | undefined;
  return {
    model() {
      built ??= (async () => {
        const config = read();
        if (!config) return null;
        return { model: await createChatModel(config), options: { timeoutMs: config.timeoutMs, tokenBudget: config.tokenBudget } };
      })();
      return built;
    },
  };
}

export interface SummariseOptions {
  locale: Locale;
  facts?: string[];
  /** Names to hide (people mentioned who are not in the conversation). */
  names?: string[];
  maxPoints?: number;
}

/** The offline extract: central sentences word for word, with personal data redacted. */
export function offlineSummary(messages: SummaryMessage[], options: Pick<SummariseOptions, 'names' | 'maxPoints'> = {}): Summary {
  const names = [...(options.names ?? [])];
  const picks = extractSummary(messages, { maxSentences: options.maxPoints ?? 5 });
  return {
    engine: 'offline',
    points: picks.map((p) => ({ kind: 'point', text: redactPersonalData(p.text, { names }).text, sources: [p.sourceId] })),
  };
}

export async function summarise(messages: SummaryMessage[], engine: SummaryEngine, options: SummariseOptions): Promise<Summary> {
  let configured: ConfiguredModel | null;
  try {
    configured = await engine.model();
  } catch {
    return { ...offlineSummary(messages, options), fallback: 'error' };
  }
  if (!configured || messages.length === 0) return offlineSummary(messages, options);
  const result = await summariseWithModel(configured.model, { messages, locale: options.locale, ...(options.facts ? { facts: options.facts } : {}), ...(options.names ? { names: options.names } : {}) }, configured.options);
  if (!result.ok) return { ...offlineSummary(messages, options), fallback: result.reason };
  return { engine: 'llm', points: result.value };
}
