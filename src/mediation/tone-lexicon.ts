import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PROMPTS_DIR } from '../paths';

/** Adversarial language that a party is invited to say another way. */
export type ToneKind = 'insult' | 'blame' | 'absolute' | 'threat' | 'shouting';
/** Language suggesting someone may be at risk: a mediation pauses when it appears. */
export type SafetyKind = 'violence' | 'self_harm' | 'danger';
export type FlagKind = ToneKind | SafetyKind;
export type ToneLocale = 'en' | 'zh-CN';

/** Checked first to last; the first kind that matches is reported. */
export const SAFETY_KINDS: readonly SafetyKind[] = ['self_harm', 'violence', 'danger'];
export const TONE_KINDS: readonly ToneKind[] = ['threat', 'insult', 'absolute', 'blame', 'shouting'];

export interface KindMatcher {
  readonly kind: FlagKind;
  readonly patterns: readonly RegExp[];
}

/** Shouting in scripts with capital letters: most letters capitalised, or a run of capitalised words. */
export interface CapitalsRule {
  readonly minLetters: number;
  readonly ratio: number;
  readonly minWordsInRun: number;
}

export interface ToneLexicon {
  readonly locale: ToneLocale;
  /** Safety kinds in the order they are checked. */
  readonly safety: readonly KindMatcher[];
  /** Tone kinds in the order they are checked. */
  readonly tone: readonly KindMatcher[];
  readonly capitals: CapitalsRule | undefined;
  readonly reframes: Readonly<Record<FlagKind, string>>;
}

function isRegExpSource(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

const patternSchema = z.string().min(1).refine(isRegExpSource, { message: 'is not a valid regular expression' });

const kindSchema = z
  .object({
    phrases: z.array(z.string().min(1)).default([]),
    patterns: z.array(patternSchema).default([]),
  })
  .strict()
  .refine((entry) => entry.phrases.length + entry.patterns.length > 0, {
    message: 'needs at least one phrase or pattern',
  });

const shoutingSchema = z
  .object({
    phrases: z.array(z.string().min(1)).default([]),
    patterns: z.array(patternSchema).default([]),
    capitals: z
      .object({
        minLetters: z.number().int().positive(),
        ratio: z.number().gt(0).lte(1),
        minWordsInRun: z.number().int().min(2),
      })
      .strict()
      .optional(),
  })
  .strict();

const reframeSchema = z.string().trim().min(1);

const lexiconFileSchema = z
  .object({
    locale: z.enum(['en', 'zh-CN']),
    matching: z
      .object({
        caseInsensitive: z.boolean(),
        wordBoundaries: z.boolean(),
      })
      .strict(),
    tone: z
      .object({
        insult: kindSchema,
        blame: kindSchema,
        absolute: kindSchema,
        threat: kindSchema,
        shouting: shoutingSchema,
      })
      .strict(),
    safety: z
      .object({
        violence: kindSchema,
        self_harm: kindSchema,
        danger: kindSchema,
      })
      .strict(),
    reframes: z
      .object({
        insult: reframeSchema,
        blame: reframeSchema,
        absolute: reframeSchema,
        threat: reframeSchema,
        shouting: reframeSchema,
        violence: reframeSchema,
        self_harm: reframeSchema,
        danger: reframeSchema,
      })
      .strict(),
  })
  .strict();

type LexiconFile = z.infer<typeof lexiconFileSchema>;
type KindEntry = { phrases: string[]; patterns: string[] };

export class ToneLexiconError extends Error {
  override readonly name = 'ToneLexiconError';
}

const defaultDir = join(PROMPTS_DIR, 'tone');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function phraseSource(phrase: string, wordBoundaries: boolean): string {
  const body = escapeRegExp(phrase.trim()).replace(/\s+/g, '\\s+');
  return wordBoundaries ? `(?<![\\p{L}\\p{N}'-])${body}(?![\\p{L}\\p{N}-])` : body;
}

function compileKind(kind: FlagKind, entry: KindEntry, file: LexiconFile): KindMatcher {
  const flags = file.matching.caseInsensitive ? 'iu' : 'u';
  const sources = [
    ...entry.phrases.map((phrase) => phraseSource(phrase, file.matching.wordBoundaries)),
    ...entry.patterns,
  ];
  return { kind, patterns: sources.map((source) => new RegExp(source, flags)) };
}

function displayPath(file: string): string {
  const fromHere = relative(process.cwd(), file);
  return fromHere.startsWith('..') ? file : fromHere;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      return `field "${field}": ${issue.message}`;
    })
    .join('; ');
}

function readLexiconFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ToneLexiconError(`Tone lexicon ${displayPath(file)} could not be read.`, { cause });
  }
  try {
    return parse(text) as unknown;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ToneLexiconError(`Tone lexicon ${displayPath(file)} is not valid YAML: ${detail}`, { cause });
  }
}

/**
 * Reads and checks `<dir>/<locale>.yaml`. Nothing is cached: callers keep the lexicon they load.
 * A missing or malformed field gives a ToneLexiconError naming the file and the field.
 */
export function loadToneLexicon(locale: ToneLocale, dir?: string): ToneLexicon {
  const file = join(dir ?? defaultDir, `${locale}.yaml`);
  const parsed = lexiconFileSchema.safeParse(readLexiconFile(file));
  if (!parsed.success) {
    throw new ToneLexiconError(`Tone lexicon ${displayPath(file)} has a problem: ${describeIssues(parsed.error)}`);
  }
  const data = parsed.data;
  if (data.locale !== locale) {
    throw new ToneLexiconError(
      `Tone lexicon ${displayPath(file)} has a problem: field "locale": expected "${locale}", found "${data.locale}"`,
    );
  }
  return {
    locale,
    safety: SAFETY_KINDS.map((kind) => compileKind(kind, data.safety[kind], data)),
    tone: TONE_KINDS.map((kind) => compileKind(kind, data.tone[kind], data)),
    capitals: data.tone.shouting.capitals,
    reframes: data.reframes,
  };
}
