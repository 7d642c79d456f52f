/**
 * The model-written summary: LangChain structured output, map-reduce over chunks within a token
 * budget, and checks on everything the model returns.
 *
 * Before a call: personal data is redacted and resident text is delimited as data (model-input.ts);
 * the model is given no tools (structured output is all it can produce). After: the answer must
 * match the schema, every point must cite only references present in the input (a point citing
 * anything else is dropped), and links, mentions and markup are removed from its words. Any error,
 * timeout or unusable answer gives a failure reason, and the caller uses the offline summary.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { z } from 'zod';
import type { Locale } from '../config/schema';
import { cleanModelText } from './clean-output';
import { chunkMessages, prepareMessages, type PreparedMessage } from './model-input';
import { ModelSummary, type FallbackReason, type SummaryMessage, type SummaryPoint } from './schema';
import { fillTemplate, loadSummaryPrompts, type SummaryPrompts } from './templates';
import { redactPersonalData } from './redact';

export interface ModelCallOptions {
  timeoutMs: number;
  tokenBudget: number;
}

export interface ModelSummaryInput {
  messages: SummaryMessage[];
  locale: Locale;
  /** Plain facts from the flow's records (phase names, counts); redacted like resident text. */
  facts?: string[];
  /** Other names to hide from the model. */
  names?: string[];
}

export type ModelOutcome<T> = { ok: true; value: T } | { ok: false; reason: FallbackReason };

const MAX_POINTS = 8;

/** Why a call failed, in the three kinds the reply tells apart. */
export function failureReason(error: unknown): FallbackReason {
  const e = error as { name?: string; message?: string; lc_error_code?: string };
  const text = `${e.name ?? ''} ${e.message ?? ''}`.toLowerCase();
  if (/timeout|timed out|abort/u.test(text)) return 'timeout';
  if (e.lc_error_code === 'OUTPUT_PARSING_FAILURE' || /pars|json|zod|invalid|schema|expected/u.test(text)) return 'invalid';
  return 'error';
}

/** One structured call with no tools, cut off after the timeout. */
export async function invokeStructured<T>(model: BaseChatModel, schema: z.ZodType<T>, name: string, system: string, user: string, timeoutMs: number): Promise<ModelOutcome<T>> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const { HumanMessage, SystemMessage } = await import('@langchain/core/messages');
    const runnable = model.withStructuredOutput(schema as z.ZodType<T & Record<string, unknown>>, { name });
    const call = runnable.invoke([new SystemMessage(system), new HumanMessage(user)], { signal });
    const timedOut = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true }));
    const raw = await Promise.race([call, timedOut]);
    const parsed = schema.safeParse(raw);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'invalid' };
  } catch (error) {
    return { ok: false, reason: signal.aborted ? 'timeout' : failureReason(error) };
  }
}

/** Keeps points whose every source is in the input, with their words cleaned; drops the rest. */
export function checkPoints(points: ModelSummary['points'], known: Set<string>): SummaryPoint[] {
  const kept: SummaryPoint[] = [];
  for (const point of points) {
    const sources = [...new Set(point.sources.map((s) => s.trim().replace(/^\[|\]$/gu, '')))];
    if (sources.length === 0 || sources.some((s) => !known.has(s))) continue;
    const text = cleanModelText(point.text).replace(/^["'“”‘’「『]+|["'“”‘’」』]+$/gu, '').trim();
    if (text.length === 0) continue;
    kept.push({ kind: point.kind, text, sources });
    if (kept.length === MAX_POINTS) break;
  }
  return kept;
}

function dataBlock(lines: string[]): string {
  return lines.join('\n');
}

function factsLine(facts: string[] | undefined, names: string[]): string {
  if (!facts || facts.length === 0) return '';
  return facts.map((f) => `- ${redactPersonalData(f, { names }).text.replace(/[<>]/gu, '')}`).join('\n');
}

async function summariseChunk(model: BaseChatModel, prompts: SummaryPrompts, template: string, lines: string[], facts: string, options: ModelCallOptions): Promise<ModelOutcome<ModelSummary>> {
  const system = fillTemplate(prompts.system, { language: prompts.language });
  const user = fillTemplate(template, { facts, data: dataBlock(lines), language: prompts.language });
  return invokeStructured(model, ModelSummary, 'summary', system, user, options.timeoutMs);
}

/**
 * A summary written by the model: one call when the input fits the token budget, otherwise one
 * call a chunk (map) and one call to combine the partial summaries (reduce).
 */
export async function summariseWithModel(model: BaseChatModel, input: ModelSummaryInput, options: ModelCallOptions): Promise<ModelOutcome<SummaryPoint[]>> {
  const prompts = loadSummaryPrompts(input.locale);
  const prepared: PreparedMessage[] = prepareMessages(input.messages, { names: input.names ?? [] });
  if (prepared.length === 0) return { ok: false, reason: 'invalid' };
  const known = new Set(prepared.map((m) => m.id));
  const names = [...new Set([...input.messages.map((m) => m.author), ...(input.names ?? [])])];
  const facts = factsLine(input.facts, names);
  const chunks = chunkMessages(prepared, options.tokenBudget);

  let points: SummaryPoint[];
  if (chunks.length === 1) {
    const result = await summariseChunk(model, prompts, prompts.map, (chunks[0] ?? []).map((m) => m.line), facts, options);
    if (!result.ok) return result;
    points = checkPoints(result.value.points, known);
  } else {
    const partial: SummaryPoint[] = [];
    for (const chunk of chunks) {
      const result = await summariseChunk(model, prompts, prompts.map, chunk.map((m) => m.line), facts, options);
      if (!result.ok) return result;
      partial.push(...checkPoints(result.value.points, known));
    }
    const lines = partial.map((p) => `[${p.sources.join(', ')}] (${p.kind}) ${p.text.replace(/[<>[\]]/gu, '')}`);
    const reduced = await summariseChunk(model, prompts, prompts.reduce, lines, facts, options);
    if (!reduced.ok) return reduced;
    points = checkPoints(
      reduced.value.points.map((p) => ({ ...p, sources: p.sources.flatMap((s) => s.split(/,\s*/u)) })),
      known,
    );
  }
  return points.length > 0 ? { ok: true, value: points } : { ok: false, reason: 'invalid' };
}
