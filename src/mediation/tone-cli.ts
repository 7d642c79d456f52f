/**
 * `commonground tone`: one verdict a line of input, `ok` or `flag:<kind>`. Offline by default;
 * with `--engine llm` the lines the detector is unsure about get a model's second opinion.
 * Any input gets a verdict for each line: empty lines are `ok`, very long lines are read up to
 * their first MAX_READ characters, and bytes that are not UTF-8 are read as replacement characters.
 */
import type { SummaryEngine } from '../summaries/engine';
import { loadToneLexicon, toneVerdictLines, verdictLine, type ToneLocale } from './tone';

export interface ToneCommandOptions {
  locale: ToneLocale;
  engine: 'offline' | 'llm';
  /** The model engine for `llm` (tests pass one pointed at a local double); from the environment otherwise. */
  modelEngine?: SummaryEngine;
}

/** The lines of the input; a final line break does not start another line. */
export function inputLines(input: string): string[] {
  const lines = input.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export async function toneCommand(input: string, options: ToneCommandOptions): Promise<string> {
  const lexicon = loadToneLexicon(options.locale);
  const lines = inputLines(input);
  if (options.engine === 'offline') return toneVerdictLines(lines, lexicon).map((line) => `${line}\n`).join('');
  // the model libraries load only when a second opinion is asked for
  const { createToneJudge } = await import('./tone-second-opinion');
  const { engineFromConfig } = await import('../summaries/engine');
  const judge = createToneJudge(lexicon, options.modelEngine ?? engineFromConfig());
  const out: string[] = [];
  for (const line of lines) out.push(`${verdictLine((await judge.judge(line)).verdict)}\n`);
  return out.join('');
}
