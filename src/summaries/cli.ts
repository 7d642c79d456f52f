/**
 * `commonground summarize --file messages.jsonl` and `commonground themes --file reports.jsonl`:
 * topics in a JSONL file (one JSON object a line), without a chat, so summaries can be tried and
 * checked. Offline by default; `summarize --engine llm` has the configured model name and describe
 * the topics.
 *
 * The file is streamed twice (a sample to learn the topics from, then every line placed in one),
 * so memory stays bounded however long it is. Lines that cannot be read (not JSON, no id or text,
 * longer than 1 MB) are skipped and listed with their numbers; the rest is still summarised when at
 * least half the lines could be read, and the output says how many were skipped.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { LOCALES, type Locale } from '../config/schema';
import { readFileSync } from 'node:fs';
import { parseYaml } from '../core/yaml-text';
import { createCatalogue } from '../core/catalogue';
import { operatorWords, operatorLocale } from '../operator-language';
import { PROMPTS_DIR } from '../paths';
import type { SummaryEngine } from './engine';
import { eachJsonl, scanJsonl, type JsonlScan } from './jsonl-file';
import type { Translate } from './render';
import { createThemeTally, learnThemes, LEARN_SAMPLE, type Theme } from './themes';
import { summariseTopics } from './topic-engine';
import { counted, renderThemes, renderTopicSummary, themesJson, type ThemesOutput } from './topic-render';
import type { MessageSource } from './topics';

const Id = z.union([z.string().min(1), z.number()]).transform(String);

const MessageLine = z.object({
  id: Id,
  author: z.string().default(''),
  text: z.string(),
  at: z.union([z.number(), z.string()]).optional(),
});
type MessageLine = z.infer<typeof MessageLine>;

const ReportLine = z.object({ id: Id, text: z.string() });
type ReportLine = z.infer<typeof ReportLine>;

/** What a file command prints, and its exit code. */
export interface FileOutput {
  stdout: string;
  stderr: string;
  code: number;
}

/** The catalogue files these commands speak from; reading only them keeps start-up short. */
const CATALOGUE_FILES = ['summary.yaml', 'topics.yaml'];

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (typeof value === 'string') into.set(prefix, value);
  else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
}

function translator(locale: Locale): Translate {
  const messages = new Map<Locale, Map<string, string>>();
  for (const each of LOCALES) {
    const map = new Map<string, string>();
    for (const file of CATALOGUE_FILES) flatten(parseYaml(readFileSync(join(PROMPTS_DIR, 'messages', each, file), 'utf8')), '', map);
    messages.set(each, map);
  }
  const catalogue = createCatalogue(messages);
  return (key, vars) => catalogue.t(locale, key, vars);
}

/**
 * What is said about the file itself (lines skipped, nothing to read) goes to the operator, in their
 * language; where their environment names none, in the output's.
 */
function operatorTranslator(outputLocale: Locale, output: Translate): Translate {
  const locale = operatorLocale(process.env, outputLocale);
  return locale === outputLocale ? output : translator(locale);
}

/** The problems to print, or the reason nothing can be done with the file. */
function checkScan<T>(scan: JsonlScan<T>, t: Translate): { problems: string[]; refusal?: string } {
  const problems = scan.problems.map((problem) => t(`topics.cli.problem.${problem.reason}`, { line: problem.line }));
  if (scan.invalid > scan.problems.length) problems.push(t('topics.cli.more_problems', { count: scan.invalid - scan.problems.length }));
  if (scan.valid === 0 && scan.invalid === 0) return { problems, refusal: t('topics.cli.empty') };
  if (scan.valid * 2 < scan.valid + scan.invalid) return { problems, refusal: t('topics.cli.too_many_invalid', { valid: scan.valid, lines: scan.valid + scan.invalid }) };
  return { problems };
}

const lines = (list: string[]): string => list.map((line) => `${line}\n`).join('');

/** The most author names kept from one file (each hidden from topic words and quotes). */
const MAX_AUTHORS = 100_000;

const OFFLINE: SummaryEngine = { model: async () => null };

/** The model the environment sets, checked before the file is read (a bad setting is an error). */
async function configuredEngine(): Promise<SummaryEngine> {
  const { readLlmConfig } = await import('./llm');
  const { engineFromConfig } = await import('./engine');
  const config = readLlmConfig();
  // Asked for a model and none is set: say so, instead of quietly giving the offline summary.
  if (!config) throw new NoModelError(operatorWords()('cli.summaries.no_model'));
  return engineFromConfig(() => config);
}

/** `--engine llm` with no model configured. */
export class NoModelError extends Error {}

export interface SummarizeFileOptions {
  locale: Locale;
  engine: 'offline' | 'llm';
  /** For tests: the engine to use when `engine` is llm (defaults to the environment's). */
  llm?: SummaryEngine;
}

/** The printed topic summary of a JSONL file of messages. */
export async function summarizeFile(path: string, options: SummarizeFileOptions): Promise<FileOutput> {
  const t = translator(options.locale);
  const problemWords = operatorTranslator(options.locale, t);
  let engine: SummaryEngine = OFFLINE;
  try {
    if (options.engine === 'llm') engine = options.llm ?? (await configuredEngine());
  } catch (error) {
    if (error instanceof NoModelError) return { stdout: '', stderr: `${error.message}\n`, code: 1 };
    throw error;
  }
  // Authors' names are never a topic's word and are hidden in quotes (bounded: names, not messages).
  const authors = new Set<string>();
  const scan = await scanJsonl(path, MessageLine, LEARN_SAMPLE, (message) => {
    if (message.author.trim() && authors.size < MAX_AUTHORS) authors.add(message.author.trim());
  });
  const { problems, refusal } = checkScan(scan, problemWords);
  if (refusal !== undefined) return { stdout: '', stderr: lines([...problems, refusal]), code: 1 };
  const source: MessageSource = {
    sample: scan.sample,
    total: scan.valid,
    each: (visit) => eachJsonl(path, MessageLine, (message: MessageLine) => visit(message)),
  };
  const summary = await summariseTopics(source, engine, { locale: options.locale, names: [...authors] });
  const out = renderTopicSummary(summary, t, options.locale);
  if (scan.invalid > 0) out.push(counted(t, 'topics.cli.skipped', scan.invalid, options.locale));
  return { stdout: lines(out), stderr: lines(problems), code: 0 };
}

export interface ThemesFileOptions {
  locale: Locale;
  format: 'text' | 'json';
}

/** Themes in a JSONL file of feedback reports, as text or as JSON. */
export async function themesFile(path: string, options: ThemesFileOptions): Promise<FileOutput> {
  const t = translator(options.locale);
  const scan = await scanJsonl(path, ReportLine, LEARN_SAMPLE);
  const { problems, refusal } = checkScan(scan, operatorTranslator(options.locale, t));
  if (refusal !== undefined) return { stdout: '', stderr: lines([...problems, refusal]), code: 1 };
  const model = learnThemes(scan.sample);
  let themes: Theme[] = [];
  let unplaced = scan.valid;
  if (model !== null) {
    const tally = createThemeTally(model);
    await eachJsonl(path, ReportLine, (report: ReportLine) => tally.add(report));
    themes = tally.themes();
    unplaced = tally.unplaced;
  }
  const output: ThemesOutput = { themes: themesJson(themes), unplaced, total: scan.valid };
  if (options.format === 'json') {
    const json = { themes: output.themes, unplaced, skipped: scan.invalid };
    return { stdout: `${JSON.stringify(json)}\n`, stderr: lines(problems), code: 0 };
  }
  const out = renderThemes(output, t, options.locale);
  if (scan.invalid > 0) out.push(counted(t, 'topics.cli.skipped', scan.invalid, options.locale));
  return { stdout: lines(out), stderr: lines(problems), code: 0 };
}
