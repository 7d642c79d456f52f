import type { Locale } from '../config/schema';

/**
 * What the bot says, before it knows who reads it. A message is a catalogue key with its values;
 * a value may itself be a message (a role, a category) or a wording, so every part of a sentence
 * is rendered in the reader's language. A wording is text composed per reader (a list of lines).
 */
export interface Message {
  key: string;
  vars?: MessageVars;
}
export type Translator = (key: string, vars?: MessageVars) => string;
export type Wording = (t: Translator, locale: Locale) => string;
export type MessageVar = string | number | Message | Wording;
export type MessageVars = Record<string, MessageVar>;

export type TranslateKey = (locale: Locale, key: string, vars?: Record<string, string | number>) => string;

export function message(key: string, vars?: MessageVars): Message {
  return vars ? { key, vars } : { key };
}

/** The sentence in one language: nested messages and wordings first, then the template. */
export function renderMessage(translate: TranslateKey, locale: Locale, said: Message | Wording): string {
  const t: Translator = (key, vars) => translate(locale, key, flatVars(translate, locale, vars));
  return typeof said === 'function' ? said(t, locale) : t(said.key, said.vars);
}

function flatVars(translate: TranslateKey, locale: Locale, vars: MessageVars | undefined): Record<string, string | number> {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(vars ?? {})) {
    flat[name] = typeof value === 'string' || typeof value === 'number' ? value : renderMessage(translate, locale, value);
  }
  return flat;
}

/** The key of a sentence about `count` things: `<key>_one` for exactly one (both languages have it), else `<key>`. */
export function countedKey(key: string, count: number): string {
  return count === 1 ? `${key}_one` : key;
}

/**
 * People or things named together as the reader's language does it: "bob and chen", "bob和chen"
 * (`conjunction`), or as alternatives: "a or b", "a或b" (`disjunction`).
 */
export function listOf(items: string[], locale: Locale, type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat(locale, { style: 'long', type }).format(items);
}

/**
 * Things to choose from, each by its name with its id ("Riverside renewal (riverside-renewal)"),
 * listed as the reader's language does: "A, B, or C" and "A、B或C" (`disjunction`, one of them),
 * "A, B, and C" and "A、B和C" (`conjunction`, all of them). `t` writes one as `core.choice`.
 */
export function choicesOf(
  items: { id: string; name: string }[],
  t: (key: string, vars?: Record<string, string | number>) => string,
  locale: Locale,
  type: 'conjunction' | 'disjunction',
): string {
  const named = items.map((item) => (item.name === item.id ? item.id : t('core.choice', { name: item.name, id: item.id })));
  return new Intl.ListFormat(locale, { style: 'long', type }).format(named);
}

/** The same, as a value of a message, written when the reader is known. */
export function namesOf(items: string[]): Wording {
  return (_t, locale) => listOf(items, locale);
}

/** A platform's locale tag (`zh-CN`, `zh-TW`, `en-GB`) as one of ours; undefined when we have none close. */
export function platformLocale(tag: string | undefined): Locale | undefined {
  const lower = tag?.toLowerCase() ?? '';
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}
