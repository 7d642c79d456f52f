import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkTone, type ToneLexicon, type ToneLocale } from '../../src/mediation/tone';

/**
 * The tone sentence sets: `category TAB sentence` lines, each category a kind of hostility, of
 * risk, or of firm-but-civil message. `tune/` and `tune-more/` were used to tune the lexicons;
 * `holdout/` never was. `unseen/`, `fresh/` and `final/` were each written after a round of tuning
 * and measured once before the next. For the learned model, `voices/` was written in many voices
 * and split before training into `voices-tune/` (used to choose thresholds, never trained on) and
 * `voices-holdout/` (only measured); `last/` and `closing/` were written after tuning and each
 * measured once (see docs/tone.md).
 */
export type SampleSet = 'tune' | 'tune-more' | 'holdout' | 'unseen' | 'fresh' | 'final' | 'voices-tune' | 'voices-holdout' | 'last' | 'closing';

/** What the detector should say of each category of sentence. */
export const EXPECTED = {
  insult: 'insult',
  contempt: 'insult',
  group: 'insult',
  generalisation: 'absolute',
  sarcasm: 'mockery',
  rhetorical: 'mockery',
  command: 'command',
  blame: 'blame',
  threat: 'threat',
  shouting: 'shouting',
  violence: 'violence',
  self_harm: 'self_harm',
  danger: 'danger',
  complaint: 'ok',
  disagreement: 'ok',
  feeling: 'ok',
  request: 'ok',
  boundary: 'ok',
  report: 'ok',
  apology: 'ok',
  question: 'ok',
  proposal: 'ok',
  thanks: 'ok',
  nuance: 'ok',
} as const;
export type Category = keyof typeof EXPECTED;
export const SAFETY = new Set(['violence', 'self_harm', 'danger']);

export interface Sample {
  readonly category: Category;
  readonly text: string;
  /** For sets written by others: the category as they named it, when it is not one of ours. */
  readonly theirCategory?: string;
}

const dir = fileURLToPath(new URL('../fixtures/tone/', import.meta.url));

export function readSampleSet(set: SampleSet, locale: ToneLocale): Sample[] {
  return readFileSync(`${dir}${set}/${locale}.tsv`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const [category, text] = line.split('\t');
      if (category === undefined || !Object.hasOwn(EXPECTED, category) || !text) throw new Error(`${set}/${locale}.tsv line ${index + 1} is not "category<TAB>sentence"`);
      return { category: category as Category, text };
    });
}

/** Their names for categories we name otherwise (`safety` counts as a safety kind, whichever it is). */
const THEIR_CATEGORIES: Record<string, Category> = { mockery: 'sarcasm', safety: 'violence' };

/**
 * A set written by others: `label TAB category TAB sentence`, label `hostile` or `civil`. The label
 * decides; their category is kept when it is one of ours and agrees with the label, otherwise the
 * sentence counts as an insult (hostile) or a complaint (civil). Lines starting with `#` and a
 * header line (`label TAB …`) are skipped.
 */
export function readLabelledSet(set: string, locale: ToneLocale): Sample[] {
  return readFileSync(`${dir}${set}/${locale}.tsv`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('label\t'))
    .map((line, index) => {
      const [label, category, ...words] = line.split('\t');
      const text = words.join('\t').trim();
      if ((label !== 'hostile' && label !== 'civil') || category === undefined || text === '') throw new Error(`${set}/${locale}.tsv line ${index + 1} is not "label<TAB>category<TAB>sentence"`);
      const alias = THEIR_CATEGORIES[category];
      if (alias !== undefined && (EXPECTED[alias] === 'ok') === (label === 'civil')) return { category: alias, text, theirCategory: category };
      const ours = Object.hasOwn(EXPECTED, category) && (EXPECTED[category as Category] === 'ok') === (label === 'civil');
      if (ours) return { category: category as Category, text };
      return { category: label === 'hostile' ? 'insult' : 'complaint', text, theirCategory: category };
    });
}

/** Reads a set in either format (see readSampleSet and readLabelledSet). */
export function readAnySampleSet(set: string, locale: ToneLocale): Sample[] {
  const first = readFileSync(`${dir}${set}/${locale}.tsv`, 'utf8').split('\n').find((line) => line.trim() !== '' && !line.startsWith('#')) ?? '';
  const label = first.split('\t')[0];
  return label === 'hostile' || label === 'civil' || label === 'label' ? readLabelledSet(set, locale) : readSampleSet(set as SampleSet, locale);
}

export interface Scores {
  readonly total: number;
  readonly precision: number;
  readonly recall: number;
  /** Of the sentences about safety, how many were flagged as a safety kind. */
  readonly safetyRecall: number;
  /** Of the civil sentences, how many were flagged as a safety kind (should be none). */
  readonly safetyFalseAlarms: number;
  /** Flagged sentences whose kind is the one expected. */
  readonly kindAgreement: number;
  readonly mistakes: readonly string[];
}

export function scoreSamples(samples: readonly Sample[], lexicon: ToneLexicon): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let safetyHit = 0;
  let safetyTotal = 0;
  let safetyFalse = 0;
  let kindRight = 0;
  const mistakes: string[] = [];
  for (const sample of samples) {
    const verdict = checkTone(sample.text, lexicon);
    const expected = EXPECTED[sample.category];
    const shouldFlag = expected !== 'ok';
    if (!verdict.ok && shouldFlag) tp += 1;
    if (!verdict.ok && !shouldFlag) fp += 1;
    if (verdict.ok && shouldFlag) fn += 1;
    if (SAFETY.has(sample.category)) {
      safetyTotal += 1;
      if (!verdict.ok && verdict.safety) safetyHit += 1;
    }
    if (!shouldFlag && !verdict.ok && verdict.safety) safetyFalse += 1;
    if (!verdict.ok && verdict.kind === expected) kindRight += 1;
    const got = verdict.ok ? 'ok' : verdict.kind;
    if (verdict.ok === shouldFlag) mistakes.push(`${sample.theirCategory ?? sample.category} -> ${got}: ${sample.text}`);
  }
  return {
    total: samples.length,
    precision: tp / Math.max(1, tp + fp),
    recall: tp / Math.max(1, tp + fn),
    safetyRecall: safetyHit / Math.max(1, safetyTotal),
    safetyFalseAlarms: safetyFalse,
    kindAgreement: kindRight / Math.max(1, tp),
    mistakes,
  };
}

export function describeScores(label: string, s: Scores): string {
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  return `${label}: ${s.total} sentences, precision ${pct(s.precision)}, recall ${pct(s.recall)}, safety recall ${pct(s.safetyRecall)}, safety false alarms ${s.safetyFalseAlarms}, kind agreement ${pct(s.kindAgreement)}`;
}
