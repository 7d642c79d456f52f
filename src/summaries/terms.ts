/**
 * Index terms for offline summaries and themes, for English and Chinese without a segmenter.
 *
 * English: lower-cased words, stop words removed, plurals and possessives reduced to the singular
 * ("lights" -> "light", "parties" -> "party", "resident's" -> "resident").
 * Chinese: each run of Han characters is cut at function characters (的, 了, 是, ...), and every
 * piece gives its character bigrams ("路灯不亮" -> 路灯, 亮); a piece of one character gives that
 * character. Bigrams made only of common words (我们, 因为, ...) are dropped.
 * Numbers are dropped in both languages; mixed text gives terms of both kinds.
 *
 * Also here: TF-IDF weighting of term lists into sparse unit vectors, and their dot products,
 * shared by the extractive summary and the theme finder.
 */

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

/** Han characters that carry grammar rather than topic; they cut a run of Han characters. */
const CHINESE_FUNCTION_CHARACTERS = new Set(
  '的了是在我你他她它们这那和与及也就都而着吗呢吧啊呀嘛哦哈么个一不很还又或但其之把被让给从到对于向为以所得地过该每些'.split(''),
);

/** Bigrams made of common words that say nothing about the topic. */
const CHINESE_STOP_BIGRAMS = new Set([
  '因为', '所以', '但是', '可以', '已经', '没有', '什么', '怎么', '大家', '觉得', '一下', '现在', '还是', '就是',
  '如果', '虽然', '然后', '而且', '自己', '我们', '他们', '你们', '这个', '那个', '这样', '那样', '非常', '比较',
  '可能', '应该', '需要', '希望', '知道', '时候', '今天', '明天', '昨天', '其实', '真的', '确实', '有点', '一点',
  '同意', '谢谢', '感谢', '大概', '另外', '比如', '还有', '以后', '之前', '之后', '目前', '问题', '情况', '东西',
]);

const TOKEN = /\p{Script=Han}+|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const HAN_RUN = /^\p{Script=Han}/u;

/** Reduces an English word to its singular, non-possessive form. */
export function stemEnglish(word: string): string {
  let stem = word.replace(/'s$/u, '').replace(/s'$/u, 's');
  if (stem.length <= 3) return stem;
  if (stem.endsWith('ies') && stem.length > 4) return `${stem.slice(0, -3)}y`;
  if (stem.endsWith('sses')) return stem.slice(0, -2);
  if (/(?:ches|shes|xes|zzes)$/u.test(stem)) return stem.slice(0, -2);
  if (/(?:ss|us|is|ous)$/u.test(stem)) return stem;
  if (stem.endsWith('s')) stem = stem.slice(0, -1);
  return stem;
}

function pushEnglish(word: string, out: string[]): void {
  const lower = word.toLowerCase().replace(/’/gu, "'");
  if (ENGLISH_STOP_WORDS.has(lower)) return;
  const stem = stemEnglish(lower);
  if (stem.length < 2 || ENGLISH_STOP_WORDS.has(stem)) return;
  out.push(stem);
}

function pushChinese(run: string, out: string[]): void {
  let piece: string[] = [];
  const flush = (): void => {
    if (piece.length === 1) {
      out.push(piece[0] as string);
    } else {
      for (let i = 0; i + 1 < piece.length; i += 1) {
        const bigram = `${piece[i] as string}${piece[i + 1] as string}`;
        if (!CHINESE_STOP_BIGRAMS.has(bigram)) out.push(bigram);
      }
    }
    piece = [];
  };
  for (const char of run) {
    if (CHINESE_FUNCTION_CHARACTERS.has(char)) flush();
    else piece.push(char);
  }
  flush();
}

/** The index terms of a text, in reading order, repeated as often as they occur. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    if (HAN_RUN.test(token)) pushChinese(token, out);
    else pushEnglish(token, out);
  }
  return out;
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
}

/**
 * Weighs each document's terms by (1 + ln tf) * idf, idf = ln((1 + N) / (1 + df)) + 1, and
 * normalises each vector to unit length. Terms found in fewer than `minDocumentFrequency`
 * documents are left out (they cannot link documents together).
 */
export function weighTerms(documents: string[][], options: { minDocumentFrequency?: number } = {}): WeightedTerms {
  const minDocumentFrequency = options.minDocumentFrequency ?? 1;
  const counts: Map<string, number>[] = documents.map((document) => {
    const count = new Map<string, number>();
    for (const term of document) count.set(term, (count.get(term) ?? 0) + 1);
    return count;
  });
  const documentFrequency = new Map<string, number>();
  for (const count of counts) {
    for (const term of count.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
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
  const vectors = counts.map((count): TermVector => {
    const entries: [number, number][] = [];
    let norm = 0;
    for (const [term, tf] of count) {
      const index = termIndex.get(term);
      if (index === undefined) continue;
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
  });
  return { vocabulary, vectors };
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
