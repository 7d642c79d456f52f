/**
 * Index terms for offline summaries and themes, in English and Chinese, and their TF-IDF weights.
 *
 * English: words (apostrophes kept inside them), lower-cased, stop words removed, reduced to their
 * Porter stem by `stemmer` ("parking", "parked" -> "park").
 * Chinese: real words from the jieba segmenter (`@node-rs/jieba`, its own dictionary, no HMM guessing),
 * stop words and grammar characters removed; a word of one character counts when it can carry a
 * topic (灯, 狗, 吵). The segmenter is loaded the first time Chinese text is seen.
 * Numbers and punctuation are dropped; mixed text gives terms of both kinds.
 *
 * Word tables, as data (prompts/summaries/<locale>/words.json): small talk ("hi all", "agreed",
 * 大家好) is never a term, and synonyms or words naming the same trouble ("elevator" for "lift";
 * "loud", "music", "earplugs" for "noise"; 升降梯, 音乐, 耳塞) are read as their group's head term,
 * so one theme said many ways shares a term.
 *
 * Every term keeps the word it was read from, so labels show words as residents wrote them
 * ("parking", not "park").
 *
 * Also here: TF-IDF weighting of term lists into sparse unit vectors, and their dot products,
 * shared by the extractive summary and the topic finder.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error';
import { PROMPTS_DIR } from '../paths';

const ENGLISH_STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are aren\'t as at be because been before being ' +
    'below between both but by can can\'t cannot could couldn\'t did didn\'t do does doesn\'t doing don\'t down ' +
    'during each even ever every few for from further get gets got had hadn\'t has hasn\'t have haven\'t having he ' +
    'he\'d he\'ll he\'s her here here\'s hers herself him himself his how how\'s however i i\'d i\'ll i\'m i\'ve if ' +
    'in into is isn\'t it it\'s its itself just let\'s like make many may me might more most much must mustn\'t my ' +
    'myself no nor not now of off oh ok okay on once one only or other ought our ours ourselves out over own please ' +
    'quite rather really same shall shan\'t she she\'d she\'ll she\'s should shouldn\'t since so some still such than ' +
    'thank thanks that that\'s the their theirs them themselves then there there\'s these they they\'d they\'ll ' +
    'they\'re they\'ve thing things think this those though through to too under until up upon us very was wasn\'t ' +
    'we we\'d we\'ll we\'re we\'ve were weren\'t what what\'s when when\'s where where\'s whether which while who ' +
    'who\'s whom why why\'s will with won\'t would wouldn\'t yeah yes yet you you\'d you\'ll you\'re you\'ve your ' +
    'yours yourself yourselves'
  ).split(' '),
);

/** Chinese words and characters that carry grammar or small talk rather than a topic. */
const CHINESE_STOP_WORDS = new Set([
  ...'的了是在我你他她它们这那和与及也就都而着吗呢吧啊呀嘛哦哈么个一不很还又或但其之把被让给从到对于向为以所得地过该每些有没要会能说看去来上下里中多少大小好再才只更最已请号周次条件位'.split(''),
  '因为', '所以', '但是', '可以', '已经', '没有', '什么', '怎么', '大家', '觉得', '一下', '现在', '还是', '就是',
  '如果', '虽然', '然后', '而且', '自己', '我们', '他们', '你们', '这个', '那个', '这样', '那样', '非常', '比较',
  '可能', '应该', '需要', '希望', '知道', '时候', '今天', '明天', '昨天', '其实', '真的', '确实', '有点', '一点',
  '同意', '谢谢', '感谢', '大概', '另外', '比如', '还有', '以后', '之前', '之后', '目前', '问题', '情况', '东西',
  '一直', '总是', '特别', '根本', '能不能', '是不是', '有没有', '一些', '这些', '那些', '这里', '那里', '这么', '那么',
  '为什么', '怎么办', '不是', '一样', '起来', '出来', '下来', '上去', '过来', '所有', '每天', '老是',
  '有人', '几个', '一个', '一条', '这条', '却', '一下子', '好几', '差不多',
  // How often, how much, how soon: adverbs that go with any topic.
  '经常', '常常', '时常', '往往', '通常', '偶尔', '有时', '有时候', '天天', '不断', '始终', '仍然', '依然', '越来越',
  '几乎', '完全', '好像', '似乎', '突然', '马上', '立刻', '终于', '刚刚', '刚才', '一再', '再三', '总', '太', '挺',
]);

/** True for an English word that carries grammar rather than meaning ("will", "may", "a"). */
export function isEnglishStopWord(word: string): boolean {
  return ENGLISH_STOP_WORDS.has(word.toLowerCase());
}

/** One index term and the word it was read from. */
export interface TermToken {
  term: string;
  word: string;
}

const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const HAN = /\p{Script=Han}/u;
const ONLY_HAN = /^\p{Script=Han}+$/u;

interface Segmenter {
  cutForSearch(text: string, hmm?: boolean | null): string[];
}

let segmenter: Segmenter | undefined;

/** The jieba segmenter with its bundled dictionary, loaded once, on first use. */
function chineseSegmenter(): Segmenter {
  if (segmenter === undefined) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): Segmenter } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    segmenter = Jieba.withDict(dict);
  }
  return segmenter;
}

interface WordTable {
  /** Small-talk words (never a term) and phrases (taken out of the text first). */
  smallTalkWords: Set<string>;
  smallTalkPhrases: RegExp | null;
  /** English: a word's stem -> its group's head stem. Chinese: word -> head word. */
  sameTerm: Map<string, string>;
  /** A group's term -> its head word as written in the table. */
  heads: Map<string, string>;
}

export interface WordFile {
  smallTalk?: string[];
  sameTerm?: Record<string, string[]>;
}

let tables: { en: WordTable; zh: WordTable } | undefined;

/** A language's word table (`file`); none when the file is not there, and a mistake in it is said, not ignored. */
export function readWordFile(file: string): WordFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    return JSON.parse(text) as WordFile;
  } catch (error) {
    throw new ConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** The word tables of both languages, read once. */
function wordTables(): { en: WordTable; zh: WordTable } {
  if (tables !== undefined) return tables;
  const en = readWordFile(join(PROMPTS_DIR, 'summaries', 'en', 'words.json'));
  const zh = readWordFile(join(PROMPTS_DIR, 'summaries', 'zh-CN', 'words.json'));
  const enPhrases = (en.smallTalk ?? []).map((entry) => entry.toLowerCase().trim()).filter((entry) => entry.includes(' '));
  const zhPhrases = (zh.smallTalk ?? []).filter((entry) => [...entry].length > 1);
  const byLength = (a: string, b: string): number => b.length - a.length;
  tables = {
    en: {
      smallTalkWords: new Set((en.smallTalk ?? []).map((entry) => entry.toLowerCase().trim()).filter((entry) => !entry.includes(' '))),
      smallTalkPhrases: enPhrases.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${enPhrases.sort(byLength).map((phrase) => escapeRegExp(phrase).replace(/ /gu, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'giu'),
      sameTerm: new Map(Object.entries(en.sameTerm ?? {}).flatMap(([head, words]) => [head, ...words].map((word) => [stemmer(word.toLowerCase()), stemmer(head.toLowerCase())] as [string, string]))),
      heads: new Map(Object.keys(en.sameTerm ?? {}).map((head) => [stemmer(head.toLowerCase()), head.toLowerCase()])),
    },
    zh: {
      smallTalkWords: new Set((zh.smallTalk ?? []).filter((entry) => [...entry].length === 1)),
      smallTalkPhrases: zhPhrases.length === 0 ? null : new RegExp(zhPhrases.sort(byLength).map(escapeRegExp).join('|'), 'gu'),
      sameTerm: new Map(Object.entries(zh.sameTerm ?? {}).flatMap(([head, words]) => words.map((word) => [word, head] as [string, string]))),
      heads: new Map(Object.keys(zh.sameTerm ?? {}).map((head) => [head, head])),
    },
  };
  return tables;
}

/** The head word of the word-table group a term stands for ("rubbish" for the term of bins, trash…), if any. */
export function headWord(term: string): string | undefined {
  const { en, zh } = wordTables();
  return HAN.test(term) ? zh.heads.get(term) : en.heads.get(term);
}

/** Stems already worked out, by word; bounded so a long input cannot grow it without limit. */
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 50_000;

function pushEnglish(word: string, out: TermToken[]): void {
  const lower = word.toLowerCase().replace(/’/gu, "'");
  if (ENGLISH_STOP_WORDS.has(lower)) return;
  const bare = lower.replace(/'s$/u, '');
  const table = wordTables().en;
  if (bare.length < 2 || ENGLISH_STOP_WORDS.has(bare) || table.smallTalkWords.has(bare)) return;
  let term = stems.get(bare);
  if (term === undefined) {
    term = stemmer(bare);
    term = table.sameTerm.get(term) ?? term;
    if (stems.size < MAX_CACHED_STEMS) stems.set(bare, term);
  }
  out.push({ term, word: bare });
}

/** Negations inside a dictionary word ("灯不亮", "睡不着") split it: the parts carry the topic. */
const NEGATION_INSIDE = /(?<=.)[不没](?=.)/u;

/** `shown`: the whole word a search-mode part was cut from (自行 from 自行车), shown in labels. */
function pushChinese(word: string, out: TermToken[], shown = word): void {
  if (word.length >= 3 && NEGATION_INSIDE.test(word)) {
    for (const part of word.split(NEGATION_INSIDE)) pushChinese(part, out);
    return;
  }
  const table = wordTables().zh;
  if (CHINESE_STOP_WORDS.has(word) || table.smallTalkWords.has(word)) return;
  out.push({ term: table.sameTerm.get(word) ?? word, word: shown });
}

/** How far ahead search mode puts the whole word after its parts. */
const PARTS_BEFORE_WORD = 4;

function pushLatin(text: string, out: TermToken[]): void {
  for (const match of text.matchAll(WORD)) {
    if (!HAN.test(match[0])) pushEnglish(match[0], out);
  }
}

/** The index terms of a text with the words they come from, in reading order, repeated as they occur. */
export function termTokens(original: string): TermToken[] {
  const out: TermToken[] = [];
  const { en, zh } = wordTables();
  let text = en.smallTalkPhrases === null ? original : original.replace(en.smallTalkPhrases, ' ');
  if (!HAN.test(text)) {
    pushLatin(text, out);
    return out;
  }
  if (zh.smallTalkPhrases !== null) text = text.replace(zh.smallTalkPhrases, '，');
  const pieces = chineseSegmenter().cutForSearch(text, false);
  pieces.forEach((word, i) => {
    if (!ONLY_HAN.test(word)) {
      pushLatin(word, out);
      return;
    }
    let whole = word;
    for (const later of pieces.slice(i + 1, i + 1 + PARTS_BEFORE_WORD)) if (later.length > whole.length && later.includes(word)) whole = later;
    pushChinese(word, out, whole);
  });
  return out;
}

/** The index terms of a text, in reading order, repeated as often as they occur. */
export function terms(text: string): string[] {
  return termTokens(text).map((token) => token.term);
}

/** A sparse, L2-normalised TF-IDF vector: term indices in ascending order and their weights. */
export interface TermVector {
  indices: Int32Array;
  weights: Float64Array;
}

/** TF-IDF vectors of a set of documents over their shared vocabulary. */
export interface WeightedTerms {
  vocabulary: string[];
  vectors: TermVector[];
  /** Weighs documents that were not among the ones the vocabulary was learnt from. */
  vectorOf(terms: string[]): TermVector;
}

/**
 * Weighs each document's terms by (1 + ln tf) * idf, idf = ln((1 + N) / (1 + df)) + 1, and
 * normalises each vector to unit length. Terms found in fewer than `minDocumentFrequency`
 * documents are left out (they cannot link documents together).
 */
export function weighTerms(documents: string[][], options: { minDocumentFrequency?: number } = {}): WeightedTerms {
  const minDocumentFrequency = options.minDocumentFrequency ?? 1;
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const term of new Set(document)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const vocabulary: string[] = [];
  const termIndex = new Map<string, number>();
  const idf: number[] = [];
  for (const [term, df] of documentFrequency) {
    if (df < minDocumentFrequency) continue;
    termIndex.set(term, vocabulary.length);
    vocabulary.push(term);
    idf.push(Math.log((1 + documents.length) / (1 + df)) + 1);
  }
  const vectorOf = (document: string[]): TermVector => {
    const count = new Map<number, number>();
    for (const term of document) {
      const index = termIndex.get(term);
      if (index !== undefined) count.set(index, (count.get(index) ?? 0) + 1);
    }
    const entries: [number, number][] = [];
    let norm = 0;
    for (const [index, tf] of count) {
      const weight = (1 + Math.log(tf)) * (idf[index] as number);
      entries.push([index, weight]);
      norm += weight * weight;
    }
    entries.sort((a, b) => a[0] - b[0]);
    const length = Math.sqrt(norm);
    return {
      indices: Int32Array.from(entries, (entry) => entry[0]),
      weights: Float64Array.from(entries, (entry) => entry[1] / length),
    };
  };
  return { vocabulary, vectors: documents.map(vectorOf), vectorOf };
}

/** Dot product of two sparse vectors (their cosine, since both have unit length). */
export function cosine(a: TermVector, b: TermVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i] as number;
    const y = b.indices[j] as number;
    if (x === y) {
      sum += (a.weights[i] as number) * (b.weights[j] as number);
      i += 1;
      j += 1;
    } else if (x < y) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return sum;
}

/** Dot product of a sparse vector with a dense one indexed by term. */
export function dotDense(a: TermVector, dense: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.indices.length; i += 1) sum += (a.weights[i] as number) * (dense[a.indices[i] as number] as number);
  return sum;
}
