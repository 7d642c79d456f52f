/**
 * Two small model-written drafts offered to other features. Both need a configured model and return
 * null offline, on any failure, or when the model's answer cites nothing it was given. Input is
 * redacted and delimited like every other model call; the output is cleaned of links, mentions and
 * markup. Whoever shows the text must label it as written by AI (it is never a quote).
 *
 * - draftCommonGround: one sentence on what agreed statements have in common (dialogue).
 * - suggestReframe: a calmer first-person way to say a message's need (mediation).
 */
import type { Locale } from '../config/schema';
import { cleanModelText } from './clean-output';
import { engineFromConfig, type SummaryEngine } from './engine';
import { invokeStructured } from './llm-pipeline';
import { prepareMessages } from './model-input';
import { ModelDraft } from './schema';
import { fillTemplate, loadSummaryPrompts } from './templates';

export interface AiDraft {
  /** AI-written: show it with a label saying so. */
  text: string;
  sources: string[];
}

const defaultEngine = engineFromConfig();

async function draft(template: 'common_ground' | 'reframe', items: { id: string; text: string }[], locale: Locale, engine: SummaryEngine): Promise<AiDraft | null> {
  let configured;
  try {
    configured = await engine.model();
  } catch {
    return null;
  }
  if (!configured || items.length === 0) return null;
  const prompts = loadSummaryPrompts(locale);
  const lines = prepareMessages(items.map((i) => ({ ...i, author: '', at: 0 }))).map((m) => m.line);
  const result = await invokeStructured(
    configured.model,
    ModelDraft,
    'draft',
    fillTemplate(prompts.system, { language: prompts.language }),
    fillTemplate(prompts[template], { data: lines.join('\n'), language: prompts.language }),
    configured.options.timeoutMs,
  );
  if (!result.ok) return null;
  const known = new Set(items.map((i) => i.id));
  const sources = result.value.sources.filter((s) => known.has(s));
  const text = cleanModelText(result.value.text);
  return sources.length > 0 && sources.length === result.value.sources.length && text ? { text, sources } : null;
}

/** A draft sentence of common ground from statements most people agreed with; null offline. */
export function draftCommonGround(statements: { id: string; text: string }[], locale: Locale, engine: SummaryEngine = defaultEngine): Promise<AiDraft | null> {
  return draft('common_ground', statements, locale, engine);
}

/** A calmer, first-person way to say what a message needs; null offline. */
export function suggestReframe(text: string, locale: Locale, engine: SummaryEngine = defaultEngine): Promise<AiDraft | null> {
  return draft('reframe', [{ id: 'm1', text }], locale, engine);
}
