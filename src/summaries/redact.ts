/**
 * Personal-data redaction, applied to resident text before it goes to a remote model.
 *
 * Replaced, in this order (a placeholder has no digits, so later patterns never match inside it):
 * emails; Chinese resident ID numbers; card-like numbers in groups of four; phone numbers (Chinese
 * mobiles, landlines with an area code, international numbers starting with +); other ID-like digit
 * runs of 9 digits or more; street addresses (English house number and street with an optional
 * flat, UK postcodes; Chinese road or street with a number down to building, unit and room, an
 * estate with a building number, or a building with a room); and the names passed in (people who
 * are not in the conversation), where they are mentioned (see latinNameFinder).
 *
 * Dates (2026-11-28, 2026年11月28日), times (14:30) and references such as FB-0042 are left
 * alone: digit patterns only match where no Latin letter, digit, hyphen, + or / stands right
 * before them, and 8-digit runs are too short to count as an ID.
 */
import { isEnglishStopWord } from './terms';

export type RedactionKind = 'email' | 'id' | 'phone' | 'address' | 'name';

export interface Redaction {
  text: string;
  /** The kinds of personal data that were found, each once, in the order of RedactionKind. */
  found: RedactionKind[];
}

export interface RedactOptions {
  /** Names of people to hide, such as neighbours mentioned who are not in the conversation. */
  names?: string[];
}

const KIND_ORDER: RedactionKind[] = ['email', 'id', 'phone', 'address', 'name'];

/** Nothing that could continue a number or a reference (FB-0042) stands before the match. */
const START = String.raw`(?<![\p{Script=Latin}\p{N}\-+/])`;
/** Nothing that could continue a number stands after the match. */
const END = String.raw`(?![\p{N}]|[\-/.]\p{N})`;

/** Latin local part and domain, so that Chinese text written right before an address stays. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gu;

const RESIDENT_ID = new RegExp(`${START}\\d{17}[\\dXx]${END}(?!\\p{Script=Latin})`, 'gu');

const PHONE_PATTERNS: RegExp[] = [
  // International: +44 20 7946 0958, +86 138-1234-5678, +1 (555) 010-9999.
  /(?<![\p{Script=Latin}\p{N}])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\p{N})/gu,
  // Chinese mobiles, optionally grouped: 13812345678, 138 1234 5678, 138-1234-5678.
  new RegExp(`${START}1[3-9]\\d(?:[\\s-]?\\d{4}){2}${END}`, 'gu'),
  // Landlines with an area code: 010-12345678, (021) 6543 2109, 0755 8888 6666, 020 7946 0958.
  new RegExp(`${START}(?:\\(0\\d{1,4}\\)\\s?|0\\d{1,4}[\\s-])\\d{3,4}[\\s-]?\\d{3,4}${END}`, 'gu'),
];

/** Card-like numbers in groups of four (6222 0212 3456 7890); taken before phones, which they resemble. */
const GROUPED_NUMBER = new RegExp(`${START}\\d{4}(?:[\\s-]\\d{4}){3}(?:[\\s-]\\d{1,4})?${END}`, 'gu');
const LONG_NUMBER = new RegExp(`${START}\\d{9,}${END}`, 'gu');

const STREET_SUFFIXES = [
  'Street', 'St', 'Road', 'Rd', 'Avenue', 'Ave', 'Lane', 'Ln', 'Drive', 'Dr', 'Close', 'Court', 'Ct', 'Way',
  'Place', 'Pl', 'Crescent', 'Terrace', 'Boulevard', 'Blvd', 'Gardens', 'Square', 'Sq', 'Row', 'Mews',
  'Grove', 'Parade', 'Hill',
];
const SUFFIX = STREET_SUFFIXES.map((suffix) => `[${suffix[0]}${(suffix[0] as string).toLowerCase()}]${suffix.slice(1)}`).join('|');
const FLAT = String.raw`(?:(?:Flat|Apartment|Apt\.?|Unit|Suite|Room)\s+\w+,?\s+)`;
const ENGLISH_ADDRESS = new RegExp(
  String.raw`\b${FLAT}?\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\p{L}'-]*\s+){1,3}(?:${SUFFIX})\b\.?`,
  'gu',
);
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b/gu;

/** Han characters that start or join a sentence rather than a place name: 住在, 我家, 到, ... */
const NOT_PLACE = '在住到于是从的和去往近家我你他她们了对向把被离靠与及或就也都说找送来还有';
const PLACE_CHAR = `(?:(?![${NOT_PLACE}])[\\p{Script=Han}A-Za-z])`;
const NUMBER = '[0-9０-９一二三四五六七八九十百零〇]+';
const UNIT = `(?:${NUMBER}(?:号楼|栋|幢|座|单元|楼|层|室|号|户))`;
const CHINESE_ADDRESS_PATTERNS: RegExp[] = [
  // 人民路123号, 幸福街5号3栋2单元501室, 长江大道88号.
  new RegExp(`${PLACE_CHAR}{1,6}(?:路|街|大道|大街|巷|弄|胡同)${NUMBER}(?:号|弄)(?:之${NUMBER})?${UNIT}*`, 'gu'),
  // 阳光小区3号楼, 翠苑小区5栋1单元302室.
  new RegExp(`${PLACE_CHAR}{1,6}(?:小区|花园|公寓|大厦|新村|家园|苑|村)${NUMBER}(?:号楼|栋|幢|座)${UNIT}*`, 'gu'),
  // A flat without a place name, down to the room: 3号楼2单元501室, 5栋1203室.
  new RegExp(`${NUMBER}(?:号楼|栋|幢|座)(?:${NUMBER}单元)?${NUMBER}(?:室|号房?)`, 'gu'),
];

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** A name written in Han characters only (a Chinese name). */
const HAN_NAME = /^\p{Script=Han}+$/u;

/**
 * Chinese names match wherever they stand: Chinese has no spaces between words and no capitals.
 * Every other name is found where it is mentioned as a name (latinNameFinder), in quotes and in what
 * a model is given alike.
 */
function hanNamePattern(names: string[]): RegExp | undefined {
  const cleaned = [...new Set(names.map((name) => name.trim()).filter((name) => HAN_NAME.test(name)))];
  if (cleaned.length === 0) return undefined;
  const alternatives = cleaned.sort((a, b) => b.length - a.length).map((name) => escapeForPattern(name).replace(/\s+/gu, '\\s+'));
  return new RegExp(alternatives.join('|'), 'giu');
}

/** A word: a run of Han characters, or of other letters and digits, so "谢谢Will" holds the word "Will". */
const WORD = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+/gu;
/** What may stand between the end of a sentence and the next sentence's first word. */
const OPENERS = new Set([' ', '\t', '"', "'", '“', '‘', '(', '[', '「', '『', '*', '_']);
const SENTENCE_ENDS = new Set(['.', '!', '?', '…', '。', '！', '？', '\n', '\r']);
/**
 * Words that, right after a capitalised word opening a sentence, show it is an ordinary word and
 * not a name: "Will I ask", "May we", "Mark the date", "Will it be fixed" (but "Will said").
 */
const ORDINARY_AFTER = new Set([
  'i', 'you', 'we', 'they', 'he', 'she', 'it', 'there', 'this', 'that', 'these', 'those', 'the', 'a', 'an',
  'my', 'your', 'our', 'their', 'his', 'her', 'its', 'someone', 'somebody', 'anyone', 'anybody', 'everyone',
  'everybody', 'all', 'some', 'any', 'no', 'be', 'not', 'have',
]);

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** True when the word at `index` opens the text or a sentence. */
function opensSentence(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && OPENERS.has(text[i] as string)) i -= 1;
  return i < 0 || SENTENCE_ENDS.has(text[i] as string);
}

interface LatinName {
  /** For each word of the name, the forms that count as the name: as written, and with a capital. */
  forms: Set<string>[];
}

/**
 * Finds where names written in Latin (or another script with capitals) are mentioned, as whole
 * words written as the name is written or with a capital: "Will" hides "Will" and "Will's" but not
 * "will"; "maria" hides "maria" and "Maria". A name written in small letters that is also a word of
 * grammar (a handle such as "will" or "may") is only hidden with a capital. After "@", any case is
 * a mention.
 * A one-letter name ("A") is never looked for, and a one-word name opening a sentence is taken as
 * an ordinary word when a pronoun or article follows it ("Will I ask", "May we", "Mark the date").
 * Built once for many texts, and linear in the text however many names there are.
 */
function latinNameFinder(names: string[]): ((text: string) => [number, number][]) | undefined {
  const byWord = new Map<string, LatinName[]>();
  for (const name of names) {
    const trimmed = name.trim();
    const words = trimmed.match(WORD) ?? [];
    if (words.join('').length < 2) continue;
    const lowerOnly = trimmed === trimmed.toLowerCase();
    const forms = words.map((word) => new Set(lowerOnly && isEnglishStopWord(word) ? [capitalised(word)] : [word, capitalised(word)]));
    const key = (words[0] as string).toLowerCase();
    const list = byWord.get(key) ?? [];
    list.push({ forms });
    byWord.set(key, list);
  }
  if (byWord.size === 0) return undefined;
  // The longest name first: "Tom Baker" before "Tom".
  for (const list of byWord.values()) list.sort((a, b) => b.forms.length - a.forms.length);
  return (text) => {
    const found = [...text.matchAll(WORD)];
    const cuts: [number, number][] = [];
    for (let w = 0; w < found.length; w += 1) {
      const first = found[w] as RegExpMatchArray;
      const candidates = byWord.get(first[0].toLowerCase());
      if (candidates === undefined) continue;
      const start = first.index ?? 0;
      const mention = text[start - 1] === '@';
      const match = candidates.find(({ forms }) =>
        forms.every((accepted, j) => {
          const word = found[w + j]?.[0];
          return word !== undefined && (accepted.has(word) || (mention && j === 0));
        }),
      );
      if (match === undefined) continue;
      const last = found[w + match.forms.length - 1] as RegExpMatchArray;
      const end = (last.index ?? 0) + last[0].length;
      if (!mention && match.forms.length === 1 && opensSentence(text, start)) {
        const next = found[w + 1];
        if (next !== undefined && /^\s+$/u.test(text.slice(end, next.index ?? end)) && ORDINARY_AFTER.has(next[0].toLowerCase())) continue;
      }
      cuts.push([start, end]);
      w += match.forms.length - 1;
    }
    return cuts;
  };
}

function cutOut(text: string, cuts: [number, number][], replacement: string): string {
  let out = text;
  for (const [start, end] of [...cuts].reverse()) out = `${out.slice(0, start)}${replacement}${out.slice(end)}`;
  return out;
}

/**
 * Takes the given names out of a text (each replaced by `replacement`, a space unless told): for
 * finding topics, so that a name a resident signed with or mentioned is never a topic's word, and
 * for quotes ('[name]'). Built once for many texts, and linear in the text however many names there
 * are (a file may have thousands of authors): a Chinese name of two characters or more wherever it
 * stands; any other name where it is mentioned as a name (see latinNameFinder).
 */
export function nameRemover(names: string[], replacement = ' '): (text: string) => string {
  const han = new Set<string>();
  const hanLengths = new Set<number>();
  const others: string[] = [];
  for (const name of names) {
    if (HAN_NAME.test(name.trim())) {
      if (name.trim().length < 2) continue;
      han.add(name.trim());
      hanLengths.add(name.trim().length);
    } else {
      others.push(name);
    }
  }
  const latin = latinNameFinder(others);
  if (latin === undefined && han.size === 0) return (text) => text;
  const lengths = [...hanLengths].sort((a, b) => b - a);
  return (text) => {
    let out = text;
    if (han.size > 0 && /\p{Script=Han}/u.test(out)) {
      let result = '';
      for (let i = 0; i < out.length; ) {
        const length = lengths.find((n) => han.has(out.slice(i, i + n)));
        if (length === undefined) {
          result += out[i] as string;
          i += 1;
        } else {
          result += replacement;
          i += length;
        }
      }
      out = result;
    }
    return latin === undefined ? out : cutOut(out, latin(out), replacement);
  };
}

/** Replaces personal data in the text with [email], [id], [phone], [address] and [name]. */
export function redactPersonalData(text: string, options: RedactOptions = {}): Redaction {
  const found = new Set<RedactionKind>();
  let result = text;
  const replace = (pattern: RegExp, kind: RedactionKind, accept: (match: string) => boolean = () => true): void => {
    result = result.replace(pattern, (match: string) => {
      if (!accept(match)) return match;
      found.add(kind);
      return `[${kind}]`;
    });
  };

  replace(EMAIL, 'email');
  replace(RESIDENT_ID, 'id');
  replace(GROUPED_NUMBER, 'id');
  for (const pattern of PHONE_PATTERNS) replace(pattern, 'phone', (match) => digitCount(match) >= 7);
  replace(LONG_NUMBER, 'id');
  replace(ENGLISH_ADDRESS, 'address');
  replace(UK_POSTCODE, 'address');
  for (const pattern of CHINESE_ADDRESS_PATTERNS) replace(pattern, 'address');
  const names = options.names ?? [];
  const hanNames = hanNamePattern(names);
  if (hanNames !== undefined) replace(hanNames, 'name');
  const cuts = latinNameFinder(names.filter((name) => !HAN_NAME.test(name.trim())))?.(result) ?? [];
  if (cuts.length > 0) {
    result = cutOut(result, cuts, '[name]');
    found.add('name');
  }

  return { text: result, found: KIND_ORDER.filter((kind) => found.has(kind)) };
}

function digitCount(text: string): number {
  return text.replace(/\D/gu, '').length;
}
