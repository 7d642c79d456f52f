/**
 * Sentence splitting for English and Chinese text, without a language model.
 *
 * Chinese sentences end at 。！？；… whatever follows, and at ASCII . ! ? between Han characters. English sentences
 * end at . ! ? when whitespace or the end of the text follows, unless the word before the full stop
 * is a known abbreviation ("Mr.", "e.g.") or a single initial ("J."). A full stop between digits
 * ("3.5") never ends a sentence, since no space follows it. Line breaks always end a sentence:
 * chat messages use them for lists.
 */

/** Terminators that end a sentence wherever they stand (Chinese punctuation). */
const CJK_TERMINATORS = new Set(['。', '！', '？', '；', '…', '｡']);

/** Terminators that end a sentence only before whitespace or the end of the text. */
const LATIN_TERMINATORS = new Set(['.', '!', '?']);

/** Characters that close a sentence after its terminator and stay with it: quotes and brackets. */
const CLOSERS = new Set(['"', "'", '”', '’', '」', '』', ')', '）', '】', '》']);

/** Lower-cased abbreviations (without their final full stop) that do not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'no', 'nos', 'vs', 'etc', 'e.g', 'i.e',
  'eg', 'ie', 'approx', 'dept', 'inc', 'ltd', 'co', 'corp', 'fig', 'a.m', 'p.m', 'cf', 'al', 'ave',
  'rd', 'tel', 'ext', 'min', 'max', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept',
  'oct', 'nov', 'dec', 'u.k', 'u.s', 'govt', 'cllr', 'rev', 'gen', 'capt', 'sgt', 'est', 'vol',
]);

function isHan(char: string): boolean {
  return /\p{Script=Han}/u.test(char);
}

/** True when the full stop at `dot` closes an abbreviation or an initial rather than a sentence. */
function isAbbreviation(text: string, dot: number): boolean {
  let start = dot;
  while (start > 0 && /[\p{L}.]/u.test(text[start - 1] as string)) start -= 1;
  const word = text.slice(start, dot).toLowerCase();
  if (word.length === 0) return false;
  if (ABBREVIATIONS.has(word)) return true;
  // A single capital letter is an initial ("J. Smith").
  return word.length === 1 && /\p{Lu}/u.test(text[start] as string);
}

/** Splits text into trimmed, non-empty sentences, keeping each sentence's own punctuation. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  let index = 0;
  const push = (end: number): void => {
    const sentence = text.slice(start, end).trim();
    if (sentence.length > 0) sentences.push(sentence);
    start = end;
  };

  while (index < text.length) {
    const char = text[index] as string;
    if (char === '\n' || char === '\r') {
      push(index);
      index += 1;
      continue;
    }
    const cjk = CJK_TERMINATORS.has(char);
    const latin = LATIN_TERMINATORS.has(char);
    if (!cjk && !latin) {
      index += 1;
      continue;
    }
    // Take the whole run of terminators ("?!", "……", "...") and any closing quotes after it.
    let end = index + 1;
    while (end < text.length && (CJK_TERMINATORS.has(text[end] as string) || LATIN_TERMINATORS.has(text[end] as string))) {
      end += 1;
    }
    while (end < text.length && CLOSERS.has(text[end] as string)) end += 1;

    const next = text[end];
    const atBoundary = next === undefined || /\s/u.test(next);
    const afterHan = index > 0 && isHan(text[index - 1] as string);
    const endsHere = cjk || atBoundary || (afterHan && next !== undefined && isHan(next));
    const abbreviation = char === '.' && end === index + 1 && isAbbreviation(text, index);
    if (endsHere && !abbreviation) push(end);
    index = end;
  }
  push(text.length);
  return sentences;
}
