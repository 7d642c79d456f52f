import type { CapitalsRule, FlagKind, KindMatcher, Reassurance, SafetyKind, ToneKind, ToneLexicon } from './tone-lexicon';
import { modelFeatures, readWithModel } from './tone-model';
import { addressee, aimsAtSomeone, readStructure } from './tone-structure';

export { loadToneLexicon, ToneLexiconError } from './tone-lexicon';
export type { CapitalsRule, FlagKind, SafetyKind, ToneKind, ToneLexicon, ToneLocale } from './tone-lexicon';

/**
 * `ok` with `unsure` when the detector saw part of a pattern (a mild word aimed at someone, praise
 * with one give-away of mockery): a wrong nudge offends, so offline it lets the message through,
 * and a second opinion may decide.
 */
export type ToneVerdict = { ok: true; unsure?: ToneKind } | { ok: false; kind: ToneKind | SafetyKind; safety: boolean };

const OK: ToneVerdict = { ok: true };

/**
 * Only the start of a very long message is read: hostility that matters is said early, and the
 * guard must answer in a few milliseconds whatever it is sent.
 */
export const MAX_READ = 4000;

/** Curly apostrophes and quotes are written the plain way so that "you’re" matches like "you're"; control characters become spaces. */
function normalise(text: string): string {
  const head = text.length > MAX_READ ? text.slice(0, MAX_READ) : text;
  return head
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc\uff07]/g, "'")
    .replace(/[\p{Cc}\ufffd]/gu, (char) => (char === '\n' || char === '\t' ? char : ' '));
}

const SENTENCE = /[^.!?。！？\n]+[.!?。！？]*|[.!?。！？]+/gu;

function sentencesOf(text: string): string[] {
  return text.match(SENTENCE) ?? [];
}

/** `text` is the lower-cased message (see compileKind). */
function firstMatch(matchers: readonly KindMatcher[], text: string, words: readonly string[]): FlagKind | undefined {
  return matchers.find((m) => matches(m, text, words))?.kind;
}

function matcher(lexicon: ToneLexicon, kind: ToneKind): KindMatcher | undefined {
  return lexicon.tone.find((m) => m.kind === kind);
}

function matches(m: KindMatcher | undefined, text: string, words: readonly string[]): boolean {
  if (m === undefined) return false;
  return m.phrases?.within(words) === true || m.patterns.some((pattern) => pattern.test(text));
}

/**
 * An insulting word said of oneself ("I feel like an idiot"), or of someone only in reported or
 * negated speech ("I never said you were selfish"), is not aimed at anyone.
 */
function aimedAtSomeoneElse(words: readonly string[], lexicon: ToneLexicon): boolean {
  const s = lexicon.structure;
  if (aimsAtSomeone(words, s)) return true;
  return !s.targets.within(words) && !s.self.within(words);
}

function isCased(char: string): boolean {
  return char.toLowerCase() !== char.toUpperCase();
}

function isUpper(char: string): boolean {
  return isCased(char) && char === char.toUpperCase();
}

/** Mostly capital letters, or several capitalised words in a row (a single acronym is fine). */
function isShoutingInCapitals(text: string, rule: CapitalsRule): boolean {
  if (!/\p{Lu}\p{Lu}/u.test(text)) return false;
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

const flag = (kind: ToneKind): ToneVerdict => ({ ok: false, kind, safety: false });

interface Prepared {
  readonly clean: string;
  readonly lower: string;
  readonly words: readonly string[];
}

function prepare(text: string, lexicon: ToneLexicon): Prepared | undefined {
  const clean = normalise(text);
  if (clean.trim() === '') return undefined;
  const words = lexicon.segmenter.words(clean);
  const lower = lexicon.caseInsensitive ? clean.toLowerCase() : clean;
  return { clean, lower, words };
}

/**
 * The reading by patterns and structure alone. Safety kinds are checked first and win over tone
 * kinds (and are stricter: one matching pattern is enough, whoever the words are about). Then
 * threats, dismissive commands and mocking phrases; then insults, and the structure of the message
 * (a negative evaluation or a generalisation aimed at the other person, a mocking question or
 * praise); then blaming and generalising phrases, and shouting.
 */
function readByPatterns({ clean, lower, words }: Prepared, lexicon: ToneLexicon): ToneVerdict {
  const safety = firstMatch(lexicon.safety, lower, words);
  if (safety !== undefined) return { ok: false, kind: safety, safety: true };
  for (const kind of ['threat', 'command', 'mockery'] as const) {
    if (matches(matcher(lexicon, kind), lower, words)) return flag(kind);
  }
  const insult = matcher(lexicon, 'insult');
  const insulting = (sentence: string): boolean => {
    const sentenceWords = lexicon.segmenter.words(sentence);
    return matches(insult, sentence, sentenceWords) && aimedAtSomeoneElse(sentenceWords, lexicon);
  };
  if (matches(insult, lower, words) && sentencesOf(lower).some(insulting)) return flag('insult');
  const found = readStructure(words, lexicon.structure);
  if (found?.sure === true) return flag(found.kind);
  for (const kind of ['blame', 'absolute', 'shouting'] as const) {
    if (matches(matcher(lexicon, kind), lower, words)) return flag(kind);
  }
  if (lexicon.capitals !== undefined && isShoutingInCapitals(clean, lexicon.capitals)) return flag('shouting');
  if (found !== undefined) return { ok: true, unsure: found.kind };
  return OK;
}

/** What the pattern reading found, as the model sees it: `ok`, `unsure-<kind>` or `<kind>`. */
function readingName(verdict: ToneVerdict): string {
  if (verdict.ok) return verdict.unsure === undefined ? 'ok' : `unsure-${verdict.unsure}`;
  return verdict.kind;
}

/**
 * The features the learned model reads for a message (see tone-model.ts), or undefined for an
 * empty one; the training script uses this so that training and reading see the same thing.
 */
export function toneFeatures(text: string, lexicon: ToneLexicon): string[] | undefined {
  const prepared = prepare(text, lexicon);
  if (prepared === undefined) return undefined;
  return [...modelFeatures(prepared.clean, prepared.words, lexicon.structure, readingName(readByPatterns(prepared, lexicon)))];
}

/**
 * Reads one message. The patterns and the structure are read first (safety kinds first of all,
 * and only ever from patterns); what they flag stays flagged. When they find nothing in a message
 * aimed at someone, the learned model (when the lexicon has one) weighs the whole message: at or
 * above its `flagAt` the message is flagged with the kind the model finds most likely, from
 * `unsureAt` it is unsure. When no one is named, or the patterns and structure found only a mild
 * reading, both thresholds are raised to what `flagUnaimedAt` asks.
 */
export function checkTone(text: string, lexicon: ToneLexicon): ToneVerdict {
  const prepared = prepare(text, lexicon);
  if (prepared === undefined) return OK;
  const byPatterns = readByPatterns(prepared, lexicon);
  const model = lexicon.model;
  if (model === undefined || !byPatterns.ok) return byPatterns;
  // someone spoken of only in reported speech ("I never said you were selfish") is not the model's to judge;
  // without anyone named ("I never said that", "Grow up."), the model must be surer
  const aimedAt = addressee(prepared.words, lexicon.structure);
  if (aimedAt === 'reported') return byPatterns;
  const features = modelFeatures(prepared.clean, prepared.words, lexicon.structure, readingName(byPatterns));
  const reading = readWithModel(model, features);
  // a mild word ("difficult", 固执) is for a second opinion: the model must be as sure as when no one is named
  let raise = aimedAt === 'someone' && byPatterns.unsure === undefined ? 0 : model.flagUnaimedAt - model.flagAt;
  // words that take the blame away ("it's not your fault", 不怪你), and plain thanks, are read kindly unless the model is very sure
  const kind = kindWordsIn(prepared, lexicon);
  if (kind !== undefined) raise = Math.max(raise, kind.flagAt - model.flagAt);
  if (reading.hostile >= model.flagAt + raise) return flag(reading.kind);
  if (reading.hostile >= model.unsureAt + raise) return { ok: true, unsure: byPatterns.unsure ?? reading.kind };
  return byPatterns;
}

/**
 * Words that read kindly in the message: a reassurance ("it's not your fault"), or thanks followed
 * by no give-away of sarcasm, no praise, no negative word and no generalisation ("Thank you for
 * listening", not "Thanks for waking the whole building again" or "Thanks for blocking my car, genius").
 */
function kindWordsIn({ lower }: Prepared, lexicon: ToneLexicon): Reassurance | undefined {
  const saying = (kind: Reassurance | undefined) => kind?.patterns.find((pattern) => pattern.test(lower));
  if (saying(lexicon.reassurance)) return lexicon.reassurance;
  const thanks = saying(lexicon.gratitude);
  if (!thanks) return undefined;
  // What follows the thanks: praise there ("…, very mature", 真聪明) gives mockery away, as do the others.
  const rest = lexicon.segmenter.words(lower.replace(thanks, ' '));
  const s = lexicon.structure;
  const giveAway = [s.sarcasmMarkers, s.praise, s.negative, s.mild, s.generalisers].some((list) => list.within(rest));
  return giveAway ? undefined : lexicon.gratitude;
}

/** The calm invitation shown privately to the writer of a flagged message. */
export function suggestedReframe(kind: ToneKind | SafetyKind, lexicon: ToneLexicon): string {
  return lexicon.reframes[kind];
}

/** The verdict as the tone command prints it: `ok` or `flag:<kind>`. */
export function verdictLine(verdict: ToneVerdict): string {
  return verdict.ok ? 'ok' : `flag:${verdict.kind}`;
}

/** One verdict a line, as `ok` or `flag:<kind>`, for `commonground tone`. */
export function toneVerdictLines(lines: readonly string[], lexicon: ToneLexicon): string[] {
  return lines.map((line) => verdictLine(checkTone(line, lexicon)));
}
