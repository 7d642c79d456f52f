/**
 * What dialogue and mediation use to ask a model for a draft: the hooks of llm-hooks.ts with the
 * names of the people involved redacted first (the hooks know no names), and whether a model is
 * configured at all, decided once when the bot starts. Everything it returns is AI-written: whoever
 * shows it labels it so, never shows it as a quote, and a person approves it before it is posted.
 */
import type { Locale } from '../config/schema';
import { engineFromConfig, offlineEngine, type SummaryEngine } from './engine';
import { readLlmConfig } from './llm';
import { draftCommonGround, suggestReframe, type AiDraft } from './llm-hooks';
import { redactPersonalData } from './redact';
import { reviseCommonGround, type ReviseInput } from './revise-draft';

export type { AiDraft } from './llm-hooks';

export interface AiWriter {
  /** Whether a model is configured; when false, the AI steps are skipped. */
  readonly available: boolean;
  draftCommonGround(statements: { id: string; text: string }[], locale: Locale, names: string[]): Promise<AiDraft | null>;
  reviseCommonGround(input: ReviseInput, locale: Locale): Promise<AiDraft | null>;
  suggestReframe(text: string, locale: Locale, names: string[]): Promise<AiDraft | null>;
}

const hide = (text: string, names: string[]) => redactPersonalData(text, { names }).text;

/** A writer on a given engine (tests pass one pointed at a local model double). */
export function aiWriterWithEngine(engine: SummaryEngine, available = true): AiWriter {
  return {
    available,
    draftCommonGround: (statements, locale, names) => draftCommonGround(statements.map((s) => ({ id: s.id, text: hide(s.text, names) })), locale, engine),
    reviseCommonGround: (input, locale) => reviseCommonGround(input, locale, engine),
    suggestReframe: (text, locale, names) => suggestReframe(hide(text, names), locale, engine),
  };
}

export const offlineWriter: AiWriter = aiWriterWithEngine(offlineEngine, false);

/** The writer the environment asks for (LLM_PROVIDER); offline when unset. */
export function aiWriterFromEnv(env: NodeJS.ProcessEnv = process.env): AiWriter {
  let configured: boolean;
  try {
    configured = readLlmConfig(env) !== null;
  } catch {
    // A provider is named but its settings are wrong: offer the steps, and each call falls back kindly.
    configured = true;
  }
  return configured ? aiWriterWithEngine(engineFromConfig(() => readLlmConfig(env))) : offlineWriter;
}
