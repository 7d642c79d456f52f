import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseYaml, yamlMistake } from './yaml-text';
import { LOCALES } from '../config/locales';
import type { Locale } from '../config/schema';
import { ConfigError } from '../config/config-error';
import type { OperatorWords } from '../operator-error';
import { operatorLocale } from '../operator-locale';

/** Every sentence the bot says, per locale: `prompts/messages/<locale>/*.yaml`, nested keys flattened. */
export interface Catalogue {
  has(locale: Locale, key: string): boolean;
  keys(locale: Locale): string[];
  /** The sentence with `{name}` placeholders filled; a missing key is a programming error. */
  t(locale: Locale, key: string, vars?: Record<string, string | number>): string;
}

function flatten(value: unknown, prefix: string, into: Map<string, string>, file: string): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(file, [`${prefix || '(top level)'}: every message must be text (or a group of messages)`]);
  }
  for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into, file);
}

/**
 * Loads the catalogues of one or more folders (later folders add to earlier ones); `files` reads
 * only the files of those names (the command line's own sentences, without the bot's).
 */
export function loadCatalogue(dirs: string | string[], options: { files?: string[] } = {}): Catalogue {
  const messages = new Map<Locale, Map<string, string>>();
  // Which file each message came from, per locale, to say where a missing one belongs.
  const fileOf = new Map<Locale, Map<string, string>>();
  for (const locale of LOCALES) {
    const map = new Map<string, string>();
    const files = (Array.isArray(dirs) ? dirs : [dirs]).flatMap((dir) =>
      readdirSync(join(dir, locale))
        .filter((f) => f.endsWith('.yaml') && (options.files === undefined || options.files.includes(f)))
        .sort()
        .map((f) => join(dir, locale, f)),
    );
    for (const file of files) {
      let data: unknown;
      const text = readFileSync(file, 'utf8');
      try {
        data = parseYaml(text);
      } catch (error) {
        // The command line's own sentences may be the ones being read, so this one is in English.
        const { detail, line, column, text: written } = yamlMistake(error, text);
        throw new ConfigError(file, [`not valid YAML${line === undefined ? '' : ` at line ${line}, column ${column ?? 1}${written ? ` (${written})` : ''}`}: ${detail}`]);
      }
      const before = new Set(map.keys());
      flatten(data ?? {}, '', map, file);
      const from = fileOf.get(locale) ?? new Map<string, string>();
      for (const key of map.keys()) if (!before.has(key)) from.set(key, file);
      fileOf.set(locale, from);
    }
    messages.set(locale, map);
  }
  const catalogue = createCatalogue(messages);
  // Worded with the command line's sentences (cli.yaml) when they are among those loaded.
  const words: OperatorWords = (key, vars = {}) =>
    catalogue.has(operatorLocale(), key) ? catalogue.t(operatorLocale(), key, vars) : [key, ...Object.entries(vars).map(([name, value]) => `${name}=${value}`)].join(' ');
  const problems = [...missingMessages(messages, fileOf), ...placeholderProblems(messages, fileOf, words)];
  if (problems.length > 0) throw new ConfigError((Array.isArray(dirs) ? dirs : [dirs]).join(', '), problems);
  return catalogue;
}

/** The `{name}` placeholders of a message, each once, in the order written. */
function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((m) => m[1] as string))];
}

/**
 * A message must have the same placeholders in every language: one misspelt in a translation
 * (`{closse}`) is never filled in, and people would read it as it is. At most 20 are listed.
 */
function placeholderProblems(messages: Map<Locale, Map<string, string>>, fileOf: Map<Locale, Map<string, string>>, words: OperatorWords): string[] {
  const [first, ...others] = LOCALES;
  const where = (locale: Locale, key: string) => {
    const file = fileOf.get(locale)?.get(key) ?? '';
    return `${basename(dirname(file))}/${basename(file)}`;
  };
  const listed = (names: string[]) => (names.length > 0 ? names.map((name) => `{${name}}`).join(', ') : words('cli.catalogue.no_placeholder'));
  const problems: string[] = [];
  for (const [key, text] of messages.get(first) ?? []) {
    const theirs = placeholdersOf(text);
    for (const locale of others) {
      const other = messages.get(locale)?.get(key);
      if (other === undefined) continue;
      const mine = placeholdersOf(other);
      const onlyMine = mine.filter((name) => !theirs.includes(name));
      const onlyTheirs = theirs.filter((name) => !mine.includes(name));
      if (onlyMine.length === 0 && onlyTheirs.length === 0) continue;
      problems.push(words('cli.catalogue.placeholders', { key, file: where(locale, key), mine: listed(onlyMine), other: where(first, key), theirs: listed(onlyTheirs) }));
    }
  }
  return problems.length > 20 ? [...problems.slice(0, 20), words('cli.catalogue.more_placeholders', { count: problems.length - 20 })] : problems;
}

/**
 * Every message must be written in every language: a sentence missing in one would otherwise be
 * shown in English to a person who reads Chinese, without anyone noticing. At most 20 are listed.
 */
function missingMessages(messages: Map<Locale, Map<string, string>>, fileOf: Map<Locale, Map<string, string>>): string[] {
  const problems: string[] = [];
  for (const locale of LOCALES) {
    for (const other of LOCALES) {
      if (other === locale) continue;
      const have = messages.get(locale) ?? new Map<string, string>();
      for (const key of messages.get(other)?.keys() ?? []) {
        if (have.has(key)) continue;
        const file = fileOf.get(other)?.get(key) ?? '';
        problems.push(`${key}: missing in ${locale} (${other} has it in ${basename(file)}); please add it to ${join(basename(dirname(dirname(file))), locale, basename(file))}`);
      }
    }
  }
  return problems.length > 20 ? [...problems.slice(0, 20), `and ${problems.length - 20} more messages missing in one language`] : problems;
}

export function createCatalogue(messages: Map<Locale, Map<string, string>>): Catalogue {
  return {
    has: (locale, key) => messages.get(locale)?.has(key) ?? false,
    keys: (locale) => [...(messages.get(locale)?.keys() ?? [])],
    t(locale, key, vars = {}) {
      const template = messages.get(locale)?.get(key) ?? messages.get('en')?.get(key);
      if (template === undefined) throw new Error(`message "${key}" is missing from the ${locale} catalogue`);
      if (!template.includes('{')) return template;
      return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
    },
  };
}
