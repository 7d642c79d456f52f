/**
 * A second opinion on tone from a language model, when one is configured (LLM_PROVIDER). Only the
 * messages the offline detector is unsure about are sent; whatever the model says or fails to say,
 * safety kinds and sure verdicts stay offline, and the offline verdict stands when the call fails,
 * times out or answers outside the schema. The message is redacted and marked as data first.
 */
import { readFileSync } from 'node:fs';
import { parseYaml } from '../core/yaml-text';
import { z } from 'zod';
import { PROMPTS_DIR } from '../paths';
import type { SummaryEngine } from '../summaries/engine';
import { invokeStructured } from '../summaries/llm-pipeline';
import { prepareMessages } from '../summaries/model-input';
import { fillTemplate } from '../summaries/templates';
import { checkTone, type ToneKind, type ToneLexicon, type ToneLocale, type ToneVerdict } from './tone';

const VERDICTS = ['ok', 'insult', 'mockery', 'command', 'blame', 'absolute', 'threat', 'shouting'] as const;

/** What the model must answer. */
export const ToneOpinion = z.object({ verdict: z.enum(VERDICTS) }).strict();

const promptFile = z.object({ system: z.string().min(1), user: z.string().min(1) }).strict();

const LANGUAGES: Record<ToneLocale, string> = { en: 'English', 'zh-CN': 'Simplified Chinese' };

/** Who decided: the offline detector alone, or the model on a message the detector was unsure about. */
export type DecidedBy = 'offline' | 'model';

export interface JudgedTone {
  verdict: ToneVerdict;
  by: DecidedBy;
}

export interface ToneJudge {
  judge(text: string): Promise<JudgedTone>;
}

function isUnsure(verdict: ToneVerdict): boolean {
  return verdict.ok && verdict.unsure !== undefined;
}

function fromOpinion(verdict: (typeof VERDICTS)[number]): ToneVerdict {
  return verdict === 'ok' ? { ok: true } : { ok: false, kind: verdict as ToneKind, safety: false };
}

/** The offline verdict, with a model's second opinion on the unsure ones when `engine` has a model. */
export function createToneJudge(lexicon: ToneLexicon, engine: SummaryEngine): ToneJudge {
  const prompts = promptFile.parse(parseYaml(readFileSync(`${PROMPTS_DIR}tone/second-opinion.yaml`, 'utf8')));
  const system = prompts.system;
  return {
    async judge(text) {
      const offline = checkTone(text, lexicon);
      if (!isUnsure(offline)) return { verdict: offline, by: 'offline' };
      let configured;
      try {
        configured = await engine.model();
      } catch {
        return { verdict: offline, by: 'offline' };
      }
      if (!configured) return { verdict: offline, by: 'offline' };
      const [prepared] = prepareMessages([{ id: 'm1', author: '', text, at: 0 }]);
      const user = fillTemplate(prompts.user, { language: LANGUAGES[lexicon.locale], data: prepared?.line ?? '' });
      const answer = await invokeStructured(configured.model, ToneOpinion, 'tone_verdict', system, user, configured.options.timeoutMs);
      return answer.ok ? { verdict: fromOpinion(answer.value.verdict), by: 'model' } : { verdict: offline, by: 'offline' };
    },
  };
}
