import type { CapitalsRule, FlagKind, KindMatcher, SafetyKind, ToneKind, ToneLexicon } from './tone-lexicon';

export { loadToneLexicon, ToneLexiconError } from './tone-lexicon';
export type { CapitalsRule, FlagKind, SafetyKind, ToneKind, ToneLexicon, ToneLocale } from './tone-lexicon';

export type ToneVerdict = { ok: true } | { ok: false; kind: ToneKind | SafetyKind; safety: boolean };

const OK: ToneVerdict = { ok: true };

/** Curly apostrophes and quotes are written the plain way so that "you’re" matches like "you're". */
function normalise(text: string): string {
  return text.normalize('NFC').replace(/[\u2018\u2019\u02bc\uff07]/g, "'");
}

function firstMatch(matchers: readonly KindMatcher[], text: string): FlagKind | undefined {
  return matchers.find((matcher) => matcher.patterns.some((pattern) => pattern.test(text)))?.kind;
}

function isCased(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase();
}

function isUpper(char: string): boolean {
  return isCased(char) && char === char.toUpperCase();
}

/** Mostly capital letters, or several capitalised words in a row (a single acronym is fine). */
function isShoutingInCapitals(text: string, rule: CapitalsRule): boolean {
  const letters = [...text].filter(isCased);
  if (letters.length >= rule.minLetters) {
    const upper = letters.filter(isUpper).length;
    if (upper / letters.length >= rule.ratio) return true;
  }
  let run = 0;
  for (const word of text.split(/[^\p{L}']+/u)) {
    const wordLetters = [...word].filter(isCased);
    if (wordLetters.length >= 2 && wordLetters.every(isUpper)) {
      run += 1;
      if (run >= rule.minWordsInRun) return true;
    } else if (wordLetters.length > 0) {
      run = 0;
    }
  }
  return false;
}

/**
 * Reads one message. Safety kinds are checked first and win over tone kinds;
 * within each group the first kind in the lexicon's order wins.
 */
export function checkTone(text: string, lexicon: ToneLexicon): ToneVerdict {
  const clean = normalise(text);
  if (clean.trim() === '') return OK;
  const safety = firstMatch(lexicon.safety, clean);
  if (safety !== undefined) return { ok: false, kind: safety, safety: true };
  const tone = firstMatch(lexicon.tone, clean);
  if (tone !== undefined) return { ok: false, kind: tone, safety: false };
  if (lexicon.capitals !== undefined && isShoutingInCapitals(clean, lexicon.capitals)) {
    return { ok: false, kind: 'shouting', safety: false };
  }
  return OK;
}

/** The calm invitation shown privately to the writer of a flagged message. */
export function suggestedReframe(kind: ToneKind | SafetyKind, lexicon: ToneLexicon): string {
  return lexicon.reframes[kind];
}

/** One verdict a line, as `ok` or `flag:<kind>`, for `commonground tone`. */
export function toneVerdictLines(lines: readonly string[], lexicon: ToneLexicon): string[] {
  return lines.map((line) => {
    const verdict = checkTone(line, lexicon);
    return verdict.ok ? 'ok' : `flag:${verdict.kind}`;
  });
}
