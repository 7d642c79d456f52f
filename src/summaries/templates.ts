/**
 * The prompt templates of the model-written summaries: data in `prompts/summaries/<locale>/summary.yaml`,
 * so wording can be reviewed and changed without touching code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../core/yaml-text';
import { z } from 'zod';
import type { Locale } from '../config/schema';
import { PROMPTS_DIR } from '../paths';

const SummaryPrompts = z.object({
  system: z.string(),
  map: z.string(),
  reduce: z.string(),
  common_ground: z.string(),
  reframe: z.string(),
  language: z.string(),
});
export type SummaryPrompts = z.infer<typeof SummaryPrompts>;

const cache = new Map<string, SummaryPrompts>();

export function loadSummaryPrompts(locale: Locale, promptsDir: string = PROMPTS_DIR): SummaryPrompts {
  const file = join(promptsDir, 'summaries', locale, 'summary.yaml');
  const cached = cache.get(file);
  if (cached) return cached;
  const prompts = SummaryPrompts.parse(parseYaml(readFileSync(file, 'utf8')));
  cache.set(file, prompts);
  return prompts;
}

/** Fills `{name}` placeholders in one pass, so braces inside the values are never read as placeholders. */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/gu, (whole, name: string) => vars[name] ?? whole);
}

const TopicPrompts = z.object({ system: z.string(), map: z.string(), reduce: z.string(), language: z.string() });
export type TopicPrompts = z.infer<typeof TopicPrompts>;

const topicCache = new Map<string, TopicPrompts>();

/** The prompts that name and describe topics: `prompts/summaries/<locale>/topics.yaml`. */
export function loadTopicPrompts(locale: Locale, promptsDir: string = PROMPTS_DIR): TopicPrompts {
  const file = join(promptsDir, 'summaries', locale, 'topics.yaml');
  const cached = topicCache.get(file);
  if (cached) return cached;
  const prompts = TopicPrompts.parse(parseYaml(readFileSync(file, 'utf8')));
  topicCache.set(file, prompts);
  return prompts;
}
