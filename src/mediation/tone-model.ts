import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ToneKind, ToneStructure } from './tone-lexicon';

/**
 * The learned part of the tone guard: a logistic-regression model (one weight a feature and a
 * class) over the words of a message, pairs of words, the message's shape once the lexicon's word
 * classes replace the words (a target, a negative evaluation, a generaliser…: "T are NEG"), for
 * Chinese pairs of characters, and what the pattern reading found. It is trained offline from the
 * sentences under test/fixtures/tone/training/ (test/fixtures/tone/train-tone-model.ts) and
 * shipped as data (prompts/tone/model-<locale>.json); nothing is downloaded.
 */
export const MODEL_CLASSES = ['ok', 'insult', 'mockery', 'command', 'blame', 'absolute', 'threat', 'shouting'] as const;
export type ModelClass = (typeof MODEL_CLASSES)[number];

export interface ToneModel {
  readonly classes: readonly ModelClass[];
  readonly bias: readonly number[];
  /** Where each feature's row of weights starts in `flat` (one weight a class, in class order). */
  readonly rows: ReadonlyMap<string, number>;
  readonly flat: Float32Array;
  /** At or above this chance of hostility a message is flagged. */
  readonly flagAt: number;
  /** At or above this (and below flagAt) the detector is unsure: a second opinion may decide. */
  readonly unsureAt: number;
  /** flagAt for a message that names no one ("Grow up.", "I never said that"). */
  readonly flagUnaimedAt: number;
}

export interface ModelReading {
  /** The chance, as the model sees it, that the message is hostile (1 - P(ok)). */
  readonly hostile: number;
  /** The most likely hostile kind. */
  readonly kind: ToneKind;
}

/** Whether a feature's row holds one finite number a class. */
function isRow(row: unknown, width: number): boolean {
  if (!Array.isArray(row) || row.length !== width) return false;
  for (let c = 0; c < width; c += 1) {
    const v: unknown = row[c];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

const modelFileSchema = z
  .object({
    classes: z.array(z.enum(MODEL_CLASSES)).min(2),
    flagAt: z.number().gt(0).lt(1),
    unsureAt: z.number().gt(0).lt(1),
    flagUnaimedAt: z.number().gt(0).lt(1),
    /** What one unit of `bias` and `weights` is worth. */
    scale: z.number().positive().default(1),
    bias: z.array(z.number()),
    // checked below by hand: zod takes about ten times as long over tens of thousands of rows
    weights: z.custom<Record<string, number[]>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), { message: 'must be an object of feature: weights' }),
  })
  .passthrough()
  .superRefine((file, ctx) => {
    if (file.classes[0] !== 'ok') ctx.addIssue({ code: 'custom', path: ['classes'], message: 'must start with "ok"' });
    if (file.bias.length !== file.classes.length) ctx.addIssue({ code: 'custom', path: ['bias'], message: 'needs one number a class' });
    if (file.unsureAt > file.flagAt) ctx.addIssue({ code: 'custom', path: ['unsureAt'], message: 'must not be above flagAt' });
    const width = file.classes.length;
    for (const feature in file.weights) {
      if (!isRow(file.weights[feature], width)) {
        ctx.addIssue({ code: 'custom', path: ['weights', feature], message: 'needs one number a class' });
        return;
      }
    }
  });

export type ToneModelFile = z.infer<typeof modelFileSchema>;

/** Checks a model file's content; `describe` turns zod's issues into the caller's error. */
export function parseToneModel(data: unknown): { model: ToneModel } | { issues: z.ZodError } {
  const parsed = modelFileSchema.safeParse(data);
  if (!parsed.success) return { issues: parsed.error };
  const file = parsed.data;
  const width = file.classes.length;
  const { weights, scale } = file;
  const features = Object.keys(weights);
  const flat = new Float32Array(features.length * width);
  const rows = new Map<string, number>();
  // one plain loop: this runs over tens of thousands of rows each time the command starts
  for (let i = 0, at = 0; i < features.length; i += 1, at += width) {
    const feature = features[i] as string;
    rows.set(feature, at);
    // every row was checked above to hold `width` finite numbers
    const row = weights[feature] as number[];
    for (let c = 0; c < width; c += 1) flat[at + c] = (row[c] as number) * scale;
  }
  return {
    model: {
      classes: file.classes,
      bias: file.bias.map((v) => v * file.scale),
      rows,
      flat,
      flagAt: file.flagAt,
      unsureAt: file.unsureAt,
      flagUnaimedAt: file.flagUnaimedAt,
    },
  };
}

export function readToneModelFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** The word class of the entry starting at `i` and its length in words, or the word itself. */
function classAt(words: readonly string[], i: number, s: ToneStructure): [string, number] {
  // checked in this order; written out rather than looped over so that no list is built a word
  let n = s.targets.at(words, i);
  if (n > 0) return ['T', n];
  n = s.negative.at(words, i);
  if (n > 0) return ['NEG', n];
  n = s.mild.at(words, i);
  if (n > 0) return ['MILD', n];
  n = s.generalisers.at(words, i);
  if (n > 0) return ['GEN', n];
  n = s.intensifiers.at(words, i);
  if (n > 0) return ['INT', n];
  n = s.praise.at(words, i);
  if (n > 0) return ['PRAISE', n];
  n = s.sarcasmMarkers.at(words, i);
  if (n > 0) return ['SARC', n];
  n = s.rhetoricalMarkers.at(words, i);
  if (n > 0) return ['RHET', n];
  const word = words[i] ?? '';
  if (s.self.has(word)) return ['SELF', 1];
  if (s.negators.has(word)) return ['NOT', 1];
  return [word, 1];
}

const PUNCTUATION = /^[\p{P}\p{S}]+$/u;
const HAN = /\p{Script=Han}/u;

/**
 * The features of a message: `w:` words, `b:` pairs of words, `c:` runs of two and three word
 * classes, `h:` pairs of Chinese characters, `s:` signals of shape (a question aimed at someone,
 * capitals, `!!!`), and `r:` what the pattern reading found.
 */
export function modelFeatures(clean: string, words: readonly string[], s: ToneStructure, reading: string): Set<string> {
  const out = new Set<string>();
  const plain = words.map((w) => (PUNCTUATION.test(w) ? (/[?？]/u.test(w) ? '?' : /[!！]/u.test(w) ? '!' : '.') : w));
  const padded = ['<s>', ...plain, '</s>'];
  for (let i = 1; i < padded.length - 1; i += 1) out.add(`w:${padded[i] ?? ''}`);
  for (let i = 0; i < padded.length - 1; i += 1) out.add(`b:${padded[i] ?? ''}|${padded[i + 1] ?? ''}`);
  const shape: string[] = ['<s>'];
  for (let i = 0; i < plain.length; ) {
    const [name, n] = classAt(plain, i, s);
    shape.push(name);
    if (name === name.toUpperCase() && name !== '.' && name !== '?' && name !== '!') out.add(`k:${name}`);
    i += n;
  }
  shape.push('</s>');
  for (let i = 0; i < shape.length - 1; i += 1) {
    out.add(`c:${shape[i] ?? ''}|${shape[i + 1] ?? ''}`);
    if (i < shape.length - 2) out.add(`c:${shape[i] ?? ''}|${shape[i + 1] ?? ''}|${shape[i + 2] ?? ''}`);
  }
  if (HAN.test(clean)) {
    const chars = [...clean];
    const han = chars.map((char) => HAN.test(char));
    for (let i = 0; i < chars.length; i += 1) {
      if (!han[i]) continue;
      out.add(`h:${chars[i] ?? ''}`);
      if (han[i + 1] === true) out.add(`h:${chars[i] ?? ''}${chars[i + 1] ?? ''}`);
    }
  }
  if (out.has('k:T') && /[?？]/u.test(clean)) out.add('s:question-at-target');
  if (/[!！]{2,}|[?？]{2,}/u.test(clean)) out.add('s:marks');
  const letters = clean.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) out.add('s:capitals');
  out.add(`r:${reading}`);
  return out;
}

/** The class scores of a message before the softmax. */
export function classScores(model: ToneModel, features: Iterable<string>): Float64Array {
  const width = model.bias.length;
  const scores = Float64Array.from(model.bias);
  const { rows, flat } = model;
  for (const feature of features) {
    const at = rows.get(feature);
    if (at === undefined) continue;
    // a row always has `width` weights (parseToneModel), so no index here falls outside
    for (let c = 0; c < width; c += 1) scores[c] = (scores[c] as number) + (flat[at + c] as number);
  }
  return scores;
}

export function softmax(scores: ArrayLike<number>): number[] {
  let top = -Infinity;
  for (let c = 0; c < scores.length; c += 1) top = Math.max(top, scores[c] ?? 0);
  const exps: number[] = [];
  let sum = 0;
  for (let c = 0; c < scores.length; c += 1) {
    const e = Math.exp((scores[c] ?? 0) - top);
    exps.push(e);
    sum += e;
  }
  return exps.map((v) => v / sum);
}

export function readWithModel(model: ToneModel, features: Iterable<string>): ModelReading {
  const p = softmax(classScores(model, features));
  let kind: ToneKind = 'insult';
  let best = -1;
  for (let c = 1; c < p.length; c += 1) {
    if ((p[c] ?? 0) > best) {
      best = p[c] ?? 0;
      kind = model.classes[c] as ToneKind;
    }
  }
  return { hostile: 1 - (p[0] ?? 0), kind };
}
