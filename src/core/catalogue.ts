import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from './yaml-text';
import { LOCALES, type Locale } from '../config/schema';
import { ConfigError } from '../config/load';

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

/** Loads the catalogues of one or more folders (later folders add to earlier ones). */
export function loadCatalogue(dirs: string | string[]): Catalogue {
  const messages = new Map<Locale, Map<string, string>>();
  for (const locale of LOCALES) {
    const map = new Map<string, string>();
    const files = (Array.isArray(dirs) ? dirs : [dirs]).flatMap((dir) =>
      readdirSync(join(dir, locale))
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => join(dir, locale, f)),
    );
    for (const file of files) {
      let data: unknown;
      try {
        data = parseYaml(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new ConfigError(file, [`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
      }
      flatten(data ?? {}, '', map, file);
    }
    messages.set(locale, map);
  }
  return createCatalogue(messages);
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
