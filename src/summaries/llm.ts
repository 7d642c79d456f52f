/**
 * Which language model summaries use, read from the environment (secrets only come from there).
 *
 * LLM_PROVIDER=openai|anthropic|ollama turns the model on; unset means offline. `openai` is any
 * OpenAI-compatible server: OpenAI itself, or a local vLLM or llama.cpp server via OPENAI_BASE_URL.
 * `ollama` runs models fully locally (OLLAMA_BASE_URL); ANTHROPIC_BASE_URL points the Anthropic client
 * at another address (a proxy, or a local test double). Calls have a timeout (LLM_TIMEOUT_MS, 20 s by default) and
 * are not retried: on any failure the offline summary is used at once.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';

export type LlmProvider = 'openai' | 'anthropic' | 'ollama';

export interface LlmConfig {
  provider: LlmProvider;
  model: string;
  timeoutMs: number;
  /** Roughly how many tokens of resident text one model call may carry; longer input is chunked. */
  tokenBudget: number;
  apiKey?: string;
  baseUrl?: string;
}

const DEFAULT_MODELS: Record<LlmProvider, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-3-5-haiku-latest',
  ollama: 'qwen2.5:7b',
};
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_TOKEN_BUDGET = 3_000;

/** A problem in the LLM settings, in words an operator can act on. */
export class LlmConfigError extends Error {}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new LlmConfigError(`${name} must be a positive number`);
  return Math.floor(n);
}

/** The model settings from the environment, or null when summaries stay offline. */
export function readLlmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const provider = env.LLM_PROVIDER?.trim().toLowerCase();
  if (!provider || provider === 'offline' || provider === 'none') return null;
  if (provider !== 'openai' && provider !== 'anthropic' && provider !== 'ollama') {
    throw new LlmConfigError('LLM_PROVIDER must be openai, anthropic or ollama (or unset for offline summaries)');
  }
  const config: LlmConfig = {
    provider,
    model: env.LLM_MODEL?.trim() || DEFAULT_MODELS[provider],
    timeoutMs: positive(env.LLM_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 'LLM_TIMEOUT_MS'),
    tokenBudget: positive(env.LLM_TOKEN_BUDGET, DEFAULT_TOKEN_BUDGET, 'LLM_TOKEN_BUDGET'),
  };
  const apiKey = provider === 'openai' ? env.OPENAI_API_KEY : provider === 'anthropic' ? env.ANTHROPIC_API_KEY : undefined;
  const baseUrl = provider === 'openai' ? env.OPENAI_BASE_URL : provider === 'ollama' ? env.OLLAMA_BASE_URL : env.ANTHROPIC_BASE_URL;
  if (apiKey) config.apiKey = apiKey;
  if (baseUrl) config.baseUrl = baseUrl;
  if (provider === 'anthropic' && !apiKey) throw new LlmConfigError('ANTHROPIC_API_KEY is needed when LLM_PROVIDER=anthropic');
  if (provider === 'openai' && !apiKey && !baseUrl) throw new LlmConfigError('OPENAI_API_KEY (or OPENAI_BASE_URL for a local server) is needed when LLM_PROVIDER=openai');
  return config;
}

/** A LangChain chat model for the settings. The model is never given tools. */
export async function createChatModel(config: LlmConfig): Promise<BaseChatModel> {
  switch (config.provider) {
    case 'openai': {
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({
        model: config.model,
        temperature: 0,
        timeout: config.timeoutMs,
        maxRetries: 0,
        // Local servers usually need no key, but the client insists on one.
        apiKey: config.apiKey ?? 'not-needed',
        ...(config.baseUrl ? { configuration: { baseURL: config.baseUrl } } : {}),
      });
    }
    case 'anthropic': {
      const { ChatAnthropic } = await import('@langchain/anthropic');
      return new ChatAnthropic({ model: config.model, temperature: 0, maxRetries: 0, ...(config.apiKey ? { apiKey: config.apiKey } : {}), ...(config.baseUrl ? { anthropicApiUrl: config.baseUrl } : {}), clientOptions: { timeout: config.timeoutMs } });
    }
    case 'ollama': {
      const { ChatOllama } = await import('@langchain/ollama');
      return new ChatOllama({ model: config.model, temperature: 0, maxRetries: 0, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) });
    }
  }
}
