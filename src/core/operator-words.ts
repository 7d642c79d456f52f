import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../config/schema';
import { PROMPTS_DIR } from '../paths';
import { parseYaml } from './yaml-text';

/**
 * The language of the person at the terminal, from the locale variables in the order the C library
 * reads them (LC_ALL, LC_MESSAGES, LANG): Chinese for any `zh…`, English otherwise.
 */
export function operatorLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const tag = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/iu.test(tag) ? 'zh-CN' : 'en';
}

/** The command line's own words (`prompts/messages/<locale>/cli.yaml`), read only when one is said. */
function cliWords(locale: Locale): Record<string, string> {
  try {
    const data = parseYaml(readFileSync(join(PROMPTS_DIR, 'messages', locale, 'cli.yaml'), 'utf8'));
    return typeof data === 'object' && data !== null ? (data as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** One sentence of the command line in the operator's language (English if that file cannot be read). */
export function operatorSays(key: string, vars: Record<string, string | number> = {}, locale: Locale = operatorLocale()): string {
  const text = cliWords(locale)[key] ?? (locale === 'en' ? undefined : cliWords('en')[key]) ?? key;
  return text.replace(/\{(\w+)\}/gu, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
