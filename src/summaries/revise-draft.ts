/**
 * The second model call of an AI-drafted common-ground statement: the draft revised once with what
 * participants said about it. Like every model call, resident text is redacted and delimited as
 * data, the model has no tools, and the answer must cite only ids it was given; any failure gives
 * null, and the caller keeps the first draft. The result is AI-written and must be labelled so.
 */
import type { Locale } from '../config/schema';
import { cleanModelText } from './clean-output';
import type { SummaryEngine } from './engine';
import type { AiDraft } from './llm-hooks';
import { invokeStructured } from './llm-pipeline';
import { prepareMessages } from './model-input';
import { ModelDraft } from './schema';
import { fillTemplate, loadSummaryPrompts } from './templates';

/** The instruction for the revision, per language (the system prompt is the summaries' own). */
const REVISE: Record<Locale, string> = {
  en: `A facilitator asked for one sentence drafted from statements most participants of a community
dialogue agreed with, and participants then commented on the draft. Revise the draft once, in
{language}: keep to what the agreed statements say, take in the comments where they fit those
statements, stay neutral, and keep it to one or two sentences. Cite the ids of the statements and
comments you drew on.
<resident_data>
Agreed statements:
{statements}
Draft:
{draft}
Comments on the draft:
{comments}
</resident_data>`,
  'zh-CN': `主持人请你根据社区协商中大多数参与者认同的陈述起草了一句话，之后参与者对这份草稿提了意见。
请用{language}把草稿修改一次：内容以大家认同的陈述为准，意见中与这些陈述相符的部分请吸收进来，
保持中立，控制在一两句话以内。请注明你所依据的陈述和意见的编号。
<resident_data>
认同的陈述：
{statements}
草稿：
{draft}
对草稿的意见：
{comments}
</resident_data>`,
};

export interface ReviseInput {
  /** The AI-written first draft. */
  draft: string;
  statements: { id: string; text: string }[];
  comments: { id: string; text: string }[];
  /** Names to hide (the participants, and anyone else known). */
  names: string[];
}

/** `[id] text` lines, redacted and neutralised like any resident text. */
function lines(items: { id: string; text: string }[], names: string[]): string[] {
  return prepareMessages(items.map((i) => ({ ...i, author: '', at: 0 })), { names }).map((m) => m.line.replace(/^(\[[^\]]*\]) participant \d+:/u, '$1'));
}

/** The draft revised with the comments; null offline, on any failure, or when it cites nothing it was given. */
export async function reviseCommonGround(input: ReviseInput, locale: Locale, engine: SummaryEngine): Promise<AiDraft | null> {
  let configured;
  try {
    configured = await engine.model();
  } catch {
    return null;
  }
  if (!configured || input.statements.length === 0) return null;
  const prompts = loadSummaryPrompts(locale);
  const user = fillTemplate(REVISE[locale], {
    language: prompts.language,
    statements: lines(input.statements, input.names).join('\n'),
    draft: lines([{ id: 'd1', text: input.draft }], input.names).join('\n'),
    comments: lines(input.comments, input.names).join('\n'),
  });
  const result = await invokeStructured(configured.model, ModelDraft, 'draft', fillTemplate(prompts.system, { language: prompts.language }), user, configured.options.timeoutMs);
  if (!result.ok) return null;
  const known = new Set([...input.statements, ...input.comments].map((i) => i.id).concat('d1'));
  const sources = result.value.sources.map((s) => s.trim().replace(/^\[|\]$/gu, ''));
  const text = cleanModelText(result.value.text);
  return sources.length > 0 && sources.every((s) => known.has(s)) && text ? { text, sources } : null;
}
